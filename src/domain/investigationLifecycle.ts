/**
 * The investigation's lifecycle (DOMAIN.md "Lifecycle"): which status may follow which, and
 * the guard on each move. Pure: the service gathers InvestigationFacts from the database, asks
 * transition(), and records the move only when it is allowed; the guard's messages name what is
 * missing in words a case worker can act on.
 *
 *   referred → assessed → investigating ⇄ report_drafting ⇄ report_with_decision_maker → report_approved
 *            → report_sent_to_appropriate_authority → awaiting_proceedings → closed → reopened → assessed
 *   investigating, report_drafting, report_with_decision_maker, report_approved ⇄ suspended (back to where it was)
 *
 * The report's own workflow owns the moves between the report stages (REPORT_DRIVEN_MOVES):
 * submitting the report puts the case with the decision maker, returning it puts it back to
 * drafting, approving it makes it ready to send, sending it puts it with the appropriate
 * authority. Those moves have no manual step (manualTransition refuses them, naming the report
 * step that makes them), so the case's status and the report's can never disagree.
 */
import { SUBJECT_STATUS_LABELS, type SubjectStatus } from './subjectLifecycle.js'
import type { Severity } from './vocabulary.js'
import {
  OVERSIGHT_INVESTIGATION_FORMS,
  type InvestigationForm,
  type ReopeningGround,
  isOversightInvestigationForm,
} from './vocabulary.js'

export const INVESTIGATION_STATUSES = [
  'referred',
  'assessed',
  'investigating',
  'report_drafting',
  'report_with_decision_maker',
  'report_approved',
  'report_sent_to_appropriate_authority',
  'awaiting_proceedings',
  'closed',
  'suspended',
  'reopened',
] as const
export type InvestigationStatus = (typeof INVESTIGATION_STATUSES)[number]

export const INVESTIGATION_STATUS_LABELS: Record<InvestigationStatus, string> = {
  referred: 'Referred',
  assessed: 'Assessed',
  investigating: 'Investigating',
  report_drafting: 'Report being drafted',
  report_with_decision_maker: 'Report with decision maker',
  report_approved: 'Report approved, ready to send',
  report_sent_to_appropriate_authority: 'Report sent to appropriate authority',
  awaiting_proceedings: 'Awaiting proceedings',
  closed: 'Closed',
  suspended: 'Suspended',
  reopened: 'Re-opened',
}

export function isInvestigationStatus(value: unknown): value is InvestigationStatus {
  return typeof value === 'string' && (INVESTIGATION_STATUSES as readonly string[]).includes(value)
}

/** What the guards need to know; the service derives it from the case's records. */
export interface InvestigationFacts {
  status: InvestigationStatus
  /** The form of the latest assessment (each re-determination replaces it), or null before any. */
  form: InvestigationForm | null
  hasLeadInvestigator: boolean
  hasTermsOfReference: boolean
  hasDecisionMaker: boolean
  hasDraftReport: boolean
  /** The decision maker has approved the current version of the report. */
  reportApproved: boolean
  /** The status of each subject of the investigation (there may be none, e.g. a DSI matter). */
  subjectStatuses: readonly SubjectStatus[]
  /**
   * Optionally, each subject's current severity in the same order as subjectStatuses (null before
   * any assessment). A subject assessed as neither misconduct nor gross misconduct is served no
   * notice (none may be), so the notice guard does not wait for one.
   */
  subjectSeverities?: readonly (Severity | null)[]
  /** Optionally, each subject's name in the same order as subjectStatuses, so a guard can name who remains. */
  subjectNames?: readonly string[]
  appropriateAuthorityResponded: boolean
  /** Where a suspended investigation returns to: the status it was suspended from. */
  statusBeforeSuspension: InvestigationStatus | null
  /** A reason for suspending (e.g. pending criminal proceedings) has been recorded. */
  hasSuspensionReason: boolean
  /** A recorded decision to discontinue the investigation before its report. */
  discontinued: boolean
  /** The recorded ground for re-opening a closed investigation. */
  reopeningGround: ReopeningGround | null
  /** The form of the re-investigation has been determined since the investigation was re-opened. */
  assessedSinceReopened: boolean
}

export type TransitionResult = { ok: true } | { ok: false; missing: string[] }

/** The statuses a suspension may interrupt, and so the ones it may return to. */
export const SUSPENDABLE_STATUSES: readonly InvestigationStatus[] = [
  'investigating',
  'report_drafting',
  'report_with_decision_maker',
  'report_approved',
]

// The statuses a subject passes on the way through: these sets keep the guards readable.
const NOTICE_GIVEN: readonly SubjectStatus[] = ['notice_served', 'responded', 'opinion_given', 'proceedings', 'outcome']
const OPINION_GIVEN: readonly SubjectStatus[] = ['opinion_given', 'proceedings', 'outcome']

type Check = (facts: InvestigationFacts) => string | null
const check =
  (holds: (facts: InvestigationFacts) => boolean, message: string): Check =>
  (facts) =>
    holds(facts) ? null : message

const formNames = OVERSIGHT_INVESTIGATION_FORMS.join(', ').replace(/, ([^,]*)$/, ' or $1')

const assessmentRecorded = check(
  (f) => f.form !== null,
  'An assessment must determine whether and how the matter is investigated',
)
const formInvestigates = check(
  (f) => f.form === null || isOversightInvestigationForm(f.form),
  `The assessment must determine an investigation (${formNames}) before the investigation can start`,
)
const leadInvestigator = check(
  (f) => f.hasLeadInvestigator,
  'A lead investigator must be assigned before the investigation can start',
)
const termsOfReference = check(
  (f) => f.hasTermsOfReference,
  'Terms of reference must be recorded before the investigation can start',
)
const noticesServed = check(
  (f) => f.subjectStatuses.every((s, i) => NOTICE_GIVEN.includes(s) || f.subjectSeverities?.[i] === 'neither'),
  'Every subject must be served a notice of investigation before the report is drafted',
)
const decisionMaker = check(
  (f) => f.hasDecisionMaker,
  'A decision maker must be assigned before the report goes to them',
)
const draftReport = check(
  (f) => f.hasDraftReport,
  'A draft report must be written before it goes to the decision maker',
)
const opinions = check(
  (f) => f.subjectStatuses.every((s) => OPINION_GIVEN.includes(s)),
  'Every subject must have an opinion in the report',
)
const reportApproved = check(
  (f) => f.reportApproved,
  'The decision maker must approve the report before it is sent to the appropriate authority',
)
const authorityResponded = check(
  (f) => f.appropriateAuthorityResponded,
  'The appropriate authority must respond to the report first',
)
const someoneFacesProceedings = check(
  (f) => f.subjectStatuses.includes('proceedings'),
  'At least one subject must face misconduct proceedings for the investigation to await them',
)
const everyPathEnded: Check = (f) => {
  const open: { name: string | undefined; status: SubjectStatus }[] = f.subjectStatuses.flatMap((s, i) =>
    s === 'outcome' ? [] : [{ name: f.subjectNames?.[i], status: s }],
  )
  if (open.length === 0) return null
  const named = open.filter((o): o is { name: string; status: SubjectStatus } => Boolean(o.name))
  const who =
    named.length === open.length
      ? `; still without one: ${named.map((o) => `${o.name} (${SUBJECT_STATUS_LABELS[o.status].toLowerCase()})`).join(', ')}`
      : ''
  return `Every subject’s outcome must be recorded before the investigation can close${who}`
}
const suspensionReason = check(
  (f) => f.hasSuspensionReason,
  'A reason for suspending the investigation must be recorded',
)
const discontinuance = check(
  (f) => f.discontinued,
  'A decision to discontinue must be recorded before the investigation can close at this stage',
)
const reopeningGround = check(
  (f) => f.reopeningGround !== null,
  'The ground for re-opening (materially flawed, significant new information, or the public interest) must be recorded in an approved re-investigation',
)
const reassessed = check(
  (f) => f.assessedSinceReopened,
  'The form of the re-investigation must be determined after re-opening',
)
/** Closing at assessment is the normal end when no investigation was determined here. */
const closableAtAssessment: Check = (f) =>
  f.form === null
    ? 'An assessment must determine whether and how the matter is investigated'
    : isOversightInvestigationForm(f.form) && !f.discontinued
      ? 'The assessment determined an investigation; record a decision to discontinue before closing it'
      : null
const resumesTo =
  (to: InvestigationStatus): Check =>
  (f) =>
    f.statusBeforeSuspension === to
      ? null
      : f.statusBeforeSuspension === null
        ? 'The status the investigation was suspended from is not recorded'
        : `A suspended investigation resumes where it was suspended (“${INVESTIGATION_STATUS_LABELS[f.statusBeforeSuspension].toLowerCase()}”)`

/** Every move the lifecycle knows, with its guards; any move not listed is never allowed. */
const GUARDS: Record<InvestigationStatus, Partial<Record<InvestigationStatus, readonly Check[]>>> = {
  referred: { assessed: [assessmentRecorded] },
  assessed: {
    investigating: [assessmentRecorded, formInvestigates, leadInvestigator, termsOfReference],
    closed: [closableAtAssessment],
  },
  investigating: {
    report_drafting: [noticesServed],
    suspended: [suspensionReason],
    closed: [discontinuance],
  },
  report_drafting: {
    investigating: [],
    // No opinion guard here: the decision maker's determinations come after the report reaches them.
    report_with_decision_maker: [decisionMaker, draftReport],
    suspended: [suspensionReason],
    closed: [discontinuance],
  },
  report_with_decision_maker: {
    report_drafting: [],
    report_approved: [reportApproved, opinions],
    suspended: [suspensionReason],
  },
  report_approved: {
    report_sent_to_appropriate_authority: [reportApproved, opinions],
    suspended: [suspensionReason],
  },
  report_sent_to_appropriate_authority: {
    awaiting_proceedings: [authorityResponded, someoneFacesProceedings],
    closed: [authorityResponded, everyPathEnded],
  },
  awaiting_proceedings: { closed: [everyPathEnded] },
  closed: { reopened: [reopeningGround] },
  suspended: {
    investigating: [resumesTo('investigating')],
    report_drafting: [resumesTo('report_drafting')],
    report_with_decision_maker: [resumesTo('report_with_decision_maker')],
    report_approved: [resumesTo('report_approved')],
    closed: [discontinuance],
  },
  reopened: { assessed: [reassessed] },
}

/** The moves the lifecycle knows from each status, before any guard: for diagrams and docs. */
export const INVESTIGATION_TRANSITIONS: Readonly<Record<InvestigationStatus, readonly InvestigationStatus[]>> = (() => {
  const targets = {} as Record<InvestigationStatus, readonly InvestigationStatus[]>
  for (const from of INVESTIGATION_STATUSES)
    targets[from] = INVESTIGATION_STATUSES.filter((to) => GUARDS[from][to] !== undefined)
  return Object.freeze(targets)
})()

/** May the investigation move to `to`? If not, every missing precondition, in plain English. */
export function transition(current: InvestigationFacts, to: InvestigationStatus): TransitionResult {
  const from = current.status
  const checks = GUARDS[from][to]
  if (!checks) {
    const what =
      from === to
        ? `The investigation is already “${INVESTIGATION_STATUS_LABELS[to].toLowerCase()}”`
        : `An investigation cannot go from “${INVESTIGATION_STATUS_LABELS[from].toLowerCase()}” to “${INVESTIGATION_STATUS_LABELS[to].toLowerCase()}”`
    return { ok: false, missing: [what] }
  }
  const missing = [...new Set(checks.map((c) => c(current)).filter((m): m is string => m !== null))]
  return missing.length === 0 ? { ok: true } : { ok: false, missing }
}

/** The statuses the investigation may move to now, in lifecycle order. */
export function allowedTransitions(current: InvestigationFacts): InvestigationStatus[] {
  return INVESTIGATION_STATUSES.filter((to) => transition(current, to).ok)
}

/** The steps of the report's workflow that move the case (domain/report.ts has the report's own statuses). */
export const REPORT_STEPS = ['submitted', 'returned', 'approved', 'sent'] as const
export type ReportStep = (typeof REPORT_STEPS)[number]

/**
 * The case moves the report's workflow owns: for each step, the status it takes the case from and
 * to, and how a person takes that step (for the refusal of the manual move). Submitting from
 * "investigating" passes through "report being drafted" (its guard applies), so that nobody has to
 * remember a status step before submitting.
 */
export const REPORT_DRIVEN_MOVES: Readonly<
  Record<ReportStep, { from: readonly InvestigationStatus[]; to: InvestigationStatus; how: string }>
> = {
  submitted: {
    from: ['investigating', 'report_drafting'],
    to: 'report_with_decision_maker',
    how: 'when the report is submitted to the decision maker (Report tab)',
  },
  returned: {
    from: ['report_with_decision_maker'],
    to: 'report_drafting',
    how: 'when the decision maker returns the report with comments (Report tab)',
  },
  approved: {
    from: ['report_with_decision_maker'],
    to: 'report_approved',
    how: 'when the decision maker approves the report (Report tab)',
  },
  sent: {
    from: ['report_approved'],
    to: 'report_sent_to_appropriate_authority',
    how: 'when the approved report is sent to the appropriate authority (Outcome tab), which records the date and starts its response clock',
  },
}

/** The report step that owns the move from → to, if one does. */
export function reportStepOwning(from: InvestigationStatus, to: InvestigationStatus): ReportStep | null {
  for (const step of REPORT_STEPS) {
    const move = REPORT_DRIVEN_MOVES[step]
    if (move.to === to && move.from.includes(from) && GUARDS[from][to] !== undefined) return step
  }
  return null
}

/**
 * A move a person asks for on the lifecycle itself (not through the report): the moves the report's
 * workflow owns are refused, naming the report step that makes them; every other move is transition().
 */
export function manualTransition(current: InvestigationFacts, to: InvestigationStatus): TransitionResult {
  const step = reportStepOwning(current.status, to)
  if (step)
    return {
      ok: false,
      missing: [
        `The investigation moves to “${INVESTIGATION_STATUS_LABELS[to].toLowerCase()}” ${REPORT_DRIVEN_MOVES[step].how}; it has no separate status step`,
      ],
    }
  return transition(current, to)
}

/**
 * Where a step of the report's workflow takes the case, with the lifecycle's guards applied.
 * `after` are the case's facts with the report step already taken (so "approved" sees the approval).
 * Refused while the case is elsewhere (suspended, say), naming where it is.
 */
export function statusAfterReportStep(
  after: InvestigationFacts,
  step: ReportStep,
): { ok: true; to: InvestigationStatus; path: InvestigationStatus[] } | { ok: false; missing: string[] } {
  const move = REPORT_DRIVEN_MOVES[step]
  if (!move.from.includes(after.status)) {
    const where = INVESTIGATION_STATUS_LABELS[after.status].toLowerCase()
    const expected = move.from.map((s) => `“${INVESTIGATION_STATUS_LABELS[s].toLowerCase()}”`).join(' or ')
    return {
      ok: false,
      missing: [`The investigation is “${where}”; the report can be ${step} only while it is ${expected}`],
    }
  }
  const path: InvestigationStatus[] =
    after.status === 'investigating' && move.to === 'report_with_decision_maker'
      ? ['report_drafting', move.to]
      : [move.to]
  let facts = after
  const missing: string[] = []
  for (const to of path) {
    const result = transition(facts, to)
    if (!result.ok) missing.push(...result.missing)
    facts = { ...facts, status: to }
  }
  return missing.length ? { ok: false, missing: [...new Set(missing)] } : { ok: true, to: move.to, path }
}
