/**
 * The access policy: given who is asking, for what, and about which resource, allow or deny.
 * It follows DOMAIN.md "Who may see what" and is the only place that decides; routes declare
 * the action they need and services pass the resource (the case, and the actor's place on its
 * team). Pure: no I/O, so it is tested exhaustively.
 *
 * Two kinds of action:
 * - service actions need no resource (the home page, managing users);
 * - case actions concern one investigation. Asked without a case (as a route does before it has
 *   loaded one) they answer whether the role could ever be allowed, so a person is turned away
 *   early; the service then asks again with the case, which is the decision that counts.
 */
import type { Role } from './roles.js'

export interface Actor {
  userId: string
  roles: readonly Role[]
  organisationId: string
}

/** A person's place on one investigation's team. */
export const CASE_ROLES = ['lead_investigator', 'investigator', 'decision_maker', 'case_worker'] as const
export type CaseRole = (typeof CASE_ROLES)[number]

export interface CaseResource {
  investigationId: string
  /** The actor's roles on this investigation's team; empty when not a member. */
  membership: readonly CaseRole[]
  /** The force whose conduct is investigated (the appropriate authority's scope). */
  forceId: string
  /**
   * The final report has been sent to the appropriate authority (and so the force's professional
   * standards department may see it and respond). Absent is treated as not sent.
   */
  reportSentToAuthority?: boolean
}

export const SERVICE_ACTIONS = [
  'service:home',
  'account:manage-own',
  'api-tokens:manage-own',
  'users:manage',
  'audit:view',
  'audit:verify',
  'investigations:list',
  'referrals:record',
  'officers:search',
  /** The keep-informed dashboard across the cases the person is on. */
  'keep-informed:dashboard',
  /** An interested person or representative using the family portal for their own case. */
  'portal:use',
  /** The e-mail outbox (development) and delivery failures. */
  'mail:outbox:view',
  /** One's own iCalendar feed of deadlines. */
  'calendar:subscribe-own',
  /** Import history from earlier systems, undo an import, export records (docs/import.md). */
  'history:import',
  /**
   * An officer's whole record across live and imported cases, and the early-intervention flags.
   * Asked without an officer it says whether the role could ever see one; authoriseOfficerRecord
   * decides for a given officer (a force's professional standards department sees only its own).
   */
  'officers:read-record',
  /**
   * Figures across every case, live and historical (allegation concentration, counts by finding):
   * aggregates with no one named, for the oversight body's staff.
   */
  'statistics:read',
  /** The webhook subscriptions of one's own organisation (a force's professional standards department). */
  'webhooks:manage',
] as const

export const CASE_ACTIONS = [
  /** See the investigation's overview: reference, status, team, key dates. */
  'investigation:read',
  /** See subjects' personal data, allegations, severity, notices, chronology and evidence. */
  'investigation:read-case-file',
  /** Record the assessment (form of investigation) and re-determine it. */
  'investigation:assess',
  /** Change title, terms of reference, team and lifecycle status. */
  'investigation:manage',
  /** Add and edit subjects, allegations, severity, notices, interviews, chronology and evidence. */
  'investigation:contribute',
  /** Open sealed evidence. */
  'evidence:read-sealed',
  /** See interested persons, representatives, keep-informed updates and meetings (and their contact details). */
  'family:read',
  /** Record interested persons, updates, meetings, letters; invite to the portal. */
  'family:contribute',
  /** Approve, send or withhold a timeliness notice. */
  'timeliness:decide',
  /** Write and revise the final report, and submit it to the decision maker. */
  'report:draft',
  /** Return the report with comments or approve it; record each subject's determination. */
  'report:decide',
  /** Send the approved report to the appropriate authority; record recommendations and directions. */
  'report:send',
  /** The appropriate authority of the investigated force: read the report sent to it and its force's subjects. */
  'authority:read-report',
  /** The appropriate authority: record its response (agreement, proposed proceedings) and proceedings. */
  'authority:respond',
  /** Record linked proceedings (inquests, trials, reviews, claims), their events and documents. */
  'linked-proceedings:manage',
  /** Place a publication hold by hand, or lift one by a recorded decision. */
  'publication:hold',
  /** Mark passages of the report to redact before publication. */
  'publication:redact',
  /** Release the redacted report to interested persons and publish it. */
  'publication:publish',
  /** Propose re-opening or re-investigating a closed investigation. */
  'reinvestigation:propose',
  /** Decide whether a closed investigation is re-opened or re-investigated. */
  'reinvestigation:decide',
  /** Open, answer, close and reopen lines of enquiry (a key decision on the investigation's scope). */
  'lines-of-enquiry:manage',
  /** Raise an action (anyone on the investigating team). */
  'actions:raise',
  /** Record the result of an action allocated to oneself (the service checks whose it is). */
  'actions:result',
  /** Allocate actions, refer a result back for more work, or file an action as not to be done. */
  'actions:supervise',
  /** Record and sign an entry in the decision log, or supersede one's own. */
  'decisions:record',
  /** Review decision log entries the rule set asks the lead to review. */
  'decisions:review',
  /** See witnesses (their contact details and special measures) and statements: audited personal data. */
  'witnesses:read',
  /** Record and change witnesses, and record statements taken from witnesses or officers. */
  'witnesses:manage',
  /** List material on a disclosure schedule as used or unused (sensitive or not). */
  'disclosure:prepare',
  /** Issue a version of a disclosure schedule (from then on that version never changes). */
  'disclosure:issue',
] as const

export const ACTIONS = [...SERVICE_ACTIONS, ...CASE_ACTIONS] as const

export type ServiceAction = (typeof SERVICE_ACTIONS)[number]
export type CaseAction = (typeof CASE_ACTIONS)[number]
export type Action = ServiceAction | CaseAction

export type Decision = { allowed: true } | { allowed: false; reason: string }

const ALLOW: Decision = { allowed: true }
const deny = (reason: string): Decision => ({ allowed: false, reason })

function hasAny(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r))
}

type ServiceRule = (actor: Actor) => Decision

const everySignedInUser: ServiceRule = (actor) =>
  actor.roles.length > 0 ? ALLOW : deny('You have no role in Candour yet; ask an administrator.')

const onlyRoles =
  (roles: readonly Role[], reason: string): ServiceRule =>
  (actor) =>
    hasAny(actor, roles) ? ALLOW : deny(reason)

const CASEWORK_STAFF: readonly Role[] = ['investigator', 'lead_investigator', 'decision_maker', 'case_worker']
const INVESTIGATING_STAFF: readonly Role[] = ['investigator', 'lead_investigator', 'decision_maker']

const SERVICE_RULES: Record<ServiceAction, ServiceRule> = {
  'history:import': onlyRoles(['administrator'], 'Only administrators may import or export history.'),
  'officers:read-record': onlyRoles(
    [...CASEWORK_STAFF, 'administrator', 'appropriate_authority'],
    'Officers’ records are for the oversight body’s staff and the officer’s own force.',
  ),
  'statistics:read': onlyRoles(
    [...CASEWORK_STAFF, 'administrator'],
    'Figures across every case are for the oversight body’s staff.',
  ),
  'service:home': everySignedInUser,
  'account:manage-own': everySignedInUser,
  // A force's professional standards department connects its own case system: its tokens act with
  // exactly its access (the reports sent to its force), never more. Families and subjects have none.
  'api-tokens:manage-own': onlyRoles(
    [...CASEWORK_STAFF, 'administrator', 'appropriate_authority'],
    'API tokens are for the oversight body’s staff and the forces’ professional standards departments.',
  ),
  'users:manage': onlyRoles(['administrator'], 'Only administrators may do this.'),
  'audit:view': onlyRoles(['administrator'], 'Only administrators may do this.'),
  'audit:verify': onlyRoles(['administrator'], 'Only administrators may do this.'),
  'investigations:list': onlyRoles(
    CASEWORK_STAFF,
    'Only the oversight body’s case staff can see the list of investigations.',
  ),
  'referrals:record': onlyRoles(
    INVESTIGATING_STAFF,
    'Only investigators, lead investigators and decision makers record referrals.',
  ),
  'officers:search': onlyRoles(INVESTIGATING_STAFF, 'Only investigating staff can search the register of officers.'),
  'keep-informed:dashboard': onlyRoles(
    CASEWORK_STAFF,
    'Only the oversight body’s case staff can see who is due an update.',
  ),
  'portal:use': onlyRoles(
    ['interested_person'],
    'The family portal is for interested persons and their representatives.',
  ),
  'mail:outbox:view': onlyRoles(['administrator'], 'Only administrators may do this.'),
  'calendar:subscribe-own': onlyRoles(CASEWORK_STAFF, 'Deadline calendars are for the oversight body’s case staff.'),
  // The events (a report sent, a recommendation or direction, a response due) are addressed to forces.
  'webhooks:manage': onlyRoles(
    ['appropriate_authority'],
    'Webhooks are for a force’s professional standards department, about the reports sent to it.',
  ),
}

interface CaseRule {
  /** Global roles that may hold this permission on some case. */
  roles: readonly Role[]
  /** Places on the team that carry it. */
  membership: readonly CaseRole[]
  reason: string
}

// Case workers see the families' side of their cases, never the case file or sealed evidence
// (DOMAIN.md); administrators see case content only through an audited break-glass, not here.
const CASE_RULES: Record<CaseAction, CaseRule> = {
  'investigation:read': {
    roles: CASEWORK_STAFF,
    membership: CASE_ROLES,
    reason: 'You can only see investigations whose team you are on.',
  },
  'investigation:read-case-file': {
    roles: INVESTIGATING_STAFF,
    membership: ['lead_investigator', 'investigator', 'decision_maker'],
    reason: 'Only the investigation team and its decision maker can see the case file.',
  },
  'investigation:assess': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker of this investigation can determine its form.',
  },
  'investigation:manage': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker of this investigation can change it.',
  },
  'investigation:contribute': {
    roles: ['investigator', 'lead_investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only investigators on this investigation’s team can add to it.',
  },
  'evidence:read-sealed': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Sealed evidence is open only to the lead investigator and the decision maker.',
  },
  // Families' details are for the team and the case worker; never the force (DOMAIN.md).
  'family:read': {
    roles: CASEWORK_STAFF,
    membership: CASE_ROLES,
    reason: 'Only the investigation’s team and its case workers can see the families’ details.',
  },
  'family:contribute': {
    roles: ['case_worker', 'lead_investigator', 'investigator'],
    membership: ['case_worker', 'lead_investigator', 'investigator'],
    reason: 'Only the investigation’s case workers and investigators can record contact with families.',
  },
  'timeliness:decide': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker can approve or withhold a timeliness notice.',
  },
  'report:draft': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigation’s investigators can write its report.',
  },
  'report:decide': {
    roles: ['decision_maker'],
    membership: ['decision_maker'],
    reason: 'Only the investigation’s decision maker can approve its report and make determinations.',
  },
  'report:send': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason:
      'Only the lead investigator or the decision maker can send the report and record recommendations or directions.',
  },
  'authority:read-report': {
    roles: ['appropriate_authority'],
    membership: [],
    reason:
      'Only the investigated force’s professional standards department may see the report, once it has been sent to them.',
  },
  'authority:respond': {
    roles: ['appropriate_authority'],
    membership: [],
    reason: 'Only the investigated force’s professional standards department may respond to the report.',
  },
  'linked-proceedings:manage': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigation’s investigators can record linked proceedings.',
  },
  'publication:hold': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker can place or lift a publication hold.',
  },
  'publication:redact': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigation’s investigators can mark redactions.',
  },
  'publication:publish': {
    roles: ['decision_maker'],
    membership: ['decision_maker'],
    reason: 'Only the investigation’s decision maker can release or publish its report.',
  },
  'reinvestigation:propose': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker can propose a re-investigation.',
  },
  'reinvestigation:decide': {
    roles: ['decision_maker'],
    membership: ['decision_maker'],
    reason: 'Only the investigation’s decision maker can decide on a re-investigation.',
  },
  // The day-to-day work (issue 13) is the case file's: never the case worker, never the force.
  'lines-of-enquiry:manage': {
    roles: ['lead_investigator', 'decision_maker'],
    membership: ['lead_investigator', 'decision_maker'],
    reason: 'Only the lead investigator or the decision maker can open, answer or close lines of enquiry.',
  },
  'actions:raise': {
    roles: INVESTIGATING_STAFF,
    membership: ['lead_investigator', 'investigator', 'decision_maker'],
    reason: 'Only the investigation team can raise actions.',
  },
  'actions:result': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigators an action is allocated to can result it.',
  },
  'actions:supervise': {
    roles: ['lead_investigator'],
    membership: ['lead_investigator'],
    reason: 'Only the lead investigator allocates actions, refers results back and files actions.',
  },
  'decisions:record': {
    roles: INVESTIGATING_STAFF,
    membership: ['lead_investigator', 'investigator', 'decision_maker'],
    reason: 'Only the investigation team can record decisions in its decision log.',
  },
  'decisions:review': {
    roles: ['lead_investigator'],
    membership: ['lead_investigator'],
    reason: 'Only the lead investigator reviews decision log entries.',
  },
  // Witnesses are personal data of the case file: the investigation team and its decision maker
  // only — never the case worker, the force or the families (issue 13).
  'witnesses:read': {
    roles: INVESTIGATING_STAFF,
    membership: ['lead_investigator', 'investigator', 'decision_maker'],
    reason: 'Only the investigation team can see its witnesses and statements.',
  },
  'witnesses:manage': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigation’s investigators can record witnesses and statements.',
  },
  'disclosure:prepare': {
    roles: ['lead_investigator', 'investigator'],
    membership: ['lead_investigator', 'investigator'],
    reason: 'Only the investigation’s investigators can prepare its disclosure schedules.',
  },
  // The lead acts as the disclosure officer who certifies the schedules (CPIA 1996 code, para 3).
  'disclosure:issue': {
    roles: ['lead_investigator'],
    membership: ['lead_investigator'],
    reason: 'Only the lead investigator (the disclosure officer) can issue a disclosure schedule.',
  },
}

/**
 * The appropriate authority is never on the oversight body's team: its access comes from being
 * the investigated force, and only once the report has been sent to it.
 */
const AUTHORITY_ACTIONS: readonly CaseAction[] = ['authority:read-report', 'authority:respond']

export function isCaseAction(action: Action): action is CaseAction {
  return (CASE_ACTIONS as readonly string[]).includes(action)
}

export function authorise(actor: Actor, action: Action, resource?: CaseResource): Decision {
  if (!isCaseAction(action)) return SERVICE_RULES[action](actor)
  const rule = CASE_RULES[action]
  if (!hasAny(actor, rule.roles)) return deny(rule.reason)
  if (resource === undefined) return ALLOW
  if (AUTHORITY_ACTIONS.includes(action)) {
    return resource.forceId === actor.organisationId && resource.reportSentToAuthority === true
      ? ALLOW
      : deny(rule.reason)
  }
  return resource.membership.some((m) => rule.membership.includes(m)) ? ALLOW : deny(rule.reason)
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value)
}

/**
 * An officer's whole record: the oversight body's staff see every officer; a force's
 * professional standards department (appropriate authority) only officers of its own force;
 * families, subjects and their representatives never.
 */
export function authoriseOfficerRecord(actor: Actor, officer: { forceId: string }): Decision {
  const general = authorise(actor, 'officers:read-record')
  if (!general.allowed) return general
  if (hasAny(actor, [...CASEWORK_STAFF, 'administrator'])) return ALLOW
  return officer.forceId === actor.organisationId
    ? ALLOW
    : deny('A force’s professional standards department sees only its own officers’ records.')
}
