/**
 * Families kept informed (the staff side): interested persons and their representatives,
 * keep-informed updates (to whom, what was said, what was withheld under the harm test and on
 * which ground), update letters as PDFs in the document store, and meetings with their actions.
 *
 * Reading needs 'family:read' (the team and the case workers; never the appropriate authority);
 * recording needs 'family:contribute'. Every read of names or contact details is audited with the
 * fields read; every change is audited with before and after in its own transaction. Persons,
 * representatives, meetings and actions are versioned: a stale version is a Conflict. Each change
 * that can move a keep-informed due date refreshes the investigation's next deadline.
 */
import type { Kysely, Transaction } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../domain/calendar.js'
import {
  CONTACT_CHANNELS,
  HARM_TEST_GROUNDS,
  INTERESTED_PERSON_KINDS,
  STAFF_UPDATE_CHANNELS,
} from '../domain/familyVocabulary.js'
import { keepInformedClockRule, personClock, type PersonClock } from '../domain/keepInformed.js'
import type { CaseAction } from '../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import * as repo from '../data/repositories/interestedPersons.js'
import * as users from '../data/repositories/users.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor, type InvestigationRow } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ValidationFailed } from './errors.js'
import { safeFilename, safeMediaType, type UploadedFile } from './evidence.js'
import { renderUpdateLetterPdf } from './familyLetters.js'
import { parseOrThrow } from './investigations.js'
import type { DocumentStore } from './storage/documentStore.js'

const today = () => londonDateOf(new Date())
const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
const pastDate = (message: string, future: string) =>
  plainDate(message).refine((d) => d <= today(), { message: future })
const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (v === '' ? null : v), z.string().trim().max(max, message).nullable().optional())
const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' ? null : v), plainDate(message).nullable().optional())

const personFields = {
  fullName: z.string().trim().min(1, 'Enter the person’s full name').max(200, 'Name must be 200 characters or fewer'),
  kind: z.enum(INTERESTED_PERSON_KINDS, { message: 'Choose what kind of interested person they are' }),
  relationship: optionalText(200, 'Relationship must be 200 characters or fewer').meta({
    description: 'Relationship to the person who died or was injured, e.g. mother',
  }),
  consentToBeKeptInformed: z.boolean({ message: 'Say whether they have consented to be kept informed' }),
  consentRecordedOn: optionalDate('Enter a real date consent was recorded'),
  becameInterestedOn: pastDate(
    'Enter a real date they became an interested person',
    'The date they became an interested person must be today or in the past',
  ),
  preferredChannel: z.enum(CONTACT_CHANNELS, { message: 'Choose how they prefer to be contacted' }),
  email: z.preprocess(
    (v) => (v === '' ? null : v),
    z
      .email({ message: 'Enter an e-mail address in the correct format, like name@example.com' })
      .max(320)
      .nullable()
      .optional(),
  ),
  phone: optionalText(40, 'Phone number must be 40 characters or fewer'),
  postalAddress: optionalText(1000, 'Address must be 1,000 characters or fewer'),
  language: optionalText(100, 'Language must be 100 characters or fewer'),
  accessibilityNeeds: optionalText(2000, 'Accessibility needs must be 2,000 characters or fewer'),
}

type ContactFacts = {
  preferredChannel?: string
  email?: string | null
  phone?: string | null
  postalAddress?: string | null
}
function contactProblems(v: ContactFacts): { path: string; message: string }[] {
  if (v.preferredChannel === 'email' && !v.email)
    return [{ path: 'email', message: 'Enter an e-mail address, as they prefer e-mail' }]
  if (v.preferredChannel === 'phone' && !v.phone)
    return [{ path: 'phone', message: 'Enter a phone number, as they prefer phone calls' }]
  if (v.preferredChannel === 'letter' && !v.postalAddress)
    return [{ path: 'postalAddress', message: 'Enter a postal address, as they prefer letters' }]
  return []
}

export const InterestedPersonInput = z.object(personFields).superRefine((v, ctx) => {
  for (const p of contactProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message })
})
export type InterestedPersonInputType = z.input<typeof InterestedPersonInput>

export const InterestedPersonChange = z.object(personFields).partial()
export type InterestedPersonChangeType = z.input<typeof InterestedPersonChange>

const representativeFields = {
  firm: optionalText(200, 'Firm must be 200 characters or fewer').meta({ description: 'The solicitor’s firm' }),
  fullName: z
    .string()
    .trim()
    .min(1, 'Enter the representative’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z.preprocess(
    (v) => (v === '' ? null : v),
    z
      .email({ message: 'Enter an e-mail address in the correct format, like name@example.com' })
      .max(320)
      .nullable()
      .optional(),
  ),
  phone: optionalText(40, 'Phone number must be 40 characters or fewer'),
  receivesUpdates: z.boolean().default(true).meta({ description: 'Receives updates on the person’s behalf' }),
}
export const RepresentativeInput = z.object(representativeFields)
export type RepresentativeInputType = z.input<typeof RepresentativeInput>
export const RepresentativeChange = z
  .object({ ...representativeFields, receivesUpdates: z.boolean().optional() })
  .partial()
export type RepresentativeChangeType = z.input<typeof RepresentativeChange>

export const KeepInformedUpdateInput = z
  .object({
    channel: z.enum(STAFF_UPDATE_CHANNELS, { message: 'Choose how the update was given' }),
    givenOn: pastDate(
      'Enter a real date the update was given',
      'The date the update was given must be today or in the past',
    ),
    interestedPersonIds: z
      .array(z.uuid({ message: 'Choose interested persons of this investigation' }))
      .min(1, 'Choose who the update was given to')
      .max(100),
    /** Representatives who received it on a recipient's behalf. */
    representativeIds: z.array(z.uuid()).max(100).default([]),
    summary: z
      .string()
      .trim()
      .min(1, 'Enter what was said')
      .max(20000, 'What was said must be 20,000 characters or fewer'),
    coversProgress: z.boolean().default(true),
    coversProvisionalFindings: z.boolean().default(false),
    coversReportSubmitted: z.boolean().default(false),
    withheldUnderHarmTest: z.boolean().default(false),
    harmGround: z.preprocess(
      (v) => (v === '' ? null : v),
      z.enum(HARM_TEST_GROUNDS, { message: 'Choose the harm-test ground' }).nullable().optional(),
    ),
    withheldSummary: optionalText(5000, 'Summary of what was withheld must be 5,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    if (v.withheldUnderHarmTest && !v.harmGround)
      ctx.addIssue({
        code: 'custom',
        path: ['harmGround'],
        message: 'Choose the ground on which information was withheld',
      })
  })
export type KeepInformedUpdateInputType = z.input<typeof KeepInformedUpdateInput>

const meetingFields = {
  heldOn: plainDate('Enter a real date of the meeting'),
  attendees: z.string().trim().min(1, 'Enter who attended').max(5000, 'Attendees must be 5,000 characters or fewer'),
  agenda: optionalText(20000, 'Agenda must be 20,000 characters or fewer'),
  notes: optionalText(50000, 'Notes must be 50,000 characters or fewer'),
  interestedPersonIds: z
    .array(z.uuid({ message: 'Choose interested persons of this investigation' }))
    .max(100)
    .default([]),
}
export const MeetingInput = z.object(meetingFields)
export type MeetingInputType = z.input<typeof MeetingInput>
export const MeetingChange = z
  .object({ ...meetingFields, interestedPersonIds: z.array(z.uuid()).max(100).optional() })
  .partial()
export type MeetingChangeType = z.input<typeof MeetingChange>

export const MeetingActionInput = z.object({
  description: z.string().trim().min(1, 'Describe the action').max(2000, 'Action must be 2,000 characters or fewer'),
  owner: z.string().trim().min(1, 'Enter who owns the action').max(200, 'Owner must be 200 characters or fewer'),
  dueOn: optionalDate('Enter a real due date'),
})
export type MeetingActionInputType = z.input<typeof MeetingActionInput>
export const MeetingActionChange = MeetingActionInput.partial().extend({
  doneOn: optionalDate('Enter a real date the action was done').meta({
    description: 'When the action was done; null to reopen it',
  }),
})
export type MeetingActionChangeType = z.input<typeof MeetingActionChange>

/** The personal data a person record holds, named in read audits. */
export const PERSON_FIELDS = [
  'interested_persons.full_name',
  'interested_persons.relationship',
  'interested_persons.email',
  'interested_persons.phone',
  'interested_persons.postal_address',
  'interested_persons.language',
  'interested_persons.accessibility_needs',
]
export const REPRESENTATIVE_FIELDS = [
  'representatives.full_name',
  'representatives.firm',
  'representatives.email',
  'representatives.phone',
]

export type InterestedPersonRow = Awaited<ReturnType<typeof repo.findPerson>> & {}
export type PersonWithClock = InterestedPersonRow & { last_update_on: string | null; clock: PersonClock }

function personView(p: InterestedPersonRow) {
  return {
    fullName: p.full_name,
    kind: p.kind,
    relationship: p.relationship,
    consentToBeKeptInformed: p.consent_to_be_kept_informed,
    consentRecordedOn: p.consent_recorded_on,
    becameInterestedOn: p.became_interested_on,
    preferredChannel: p.preferred_channel,
    email: p.email,
    phone: p.phone,
    postalAddress: p.postal_address,
    language: p.language,
    accessibilityNeeds: p.accessibility_needs,
  }
}

export interface FamilyServiceHooks {
  /** Called inside the transaction that records a keep-informed update, after its recipients (the family e-mails: services/portal/notifications.ts). */
  onUpdateRecorded?: (trx: Transaction<Database>, updateId: string) => Promise<unknown>
}

export function familyService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
  hooks: FamilyServiceHooks = {},
) {
  const access = caseAccess(db)
  const clockRule = keepInformedClockRule(rules)

  async function auditRead(ctx: RequestContext, event: auditTrail.AuditEvent) {
    await auditTrail.record(db, ctx, event)
  }

  function clockOf(
    person: InterestedPersonRow,
    investigation: InvestigationRow,
    lastUpdateOn: string | null,
    on: string,
  ): PersonClock {
    return personClock(
      {
        investigationStartedOn: investigation.opened_on,
        becameInterestedOn: person.became_interested_on,
        consentToBeKeptInformed: person.consent_to_be_kept_informed,
        lastUpdateOn,
        investigationStatus: investigation.status,
        updateDueOn: person.update_due_on,
      },
      on,
      rules,
    )
  }

  async function requirePerson(
    executor: Executor,
    ctx: RequestContext,
    personId: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(personId)) throw new NotFound('The interested person')
    const person = options.forUpdate
      ? await repo.findPersonForUpdate(executor, personId)
      : await repo.findPerson(executor, personId)
    if (!person) throw new NotFound('The interested person')
    const loaded = await access.require(executor, ctx, person.investigation_id, action, options)
    return { person, loaded }
  }

  async function requireRepresentative(
    executor: Executor,
    ctx: RequestContext,
    id: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(id)) throw new NotFound('The representative')
    const representative = options.forUpdate
      ? await repo.findRepresentativeForUpdate(executor, id)
      : await repo.findRepresentative(executor, id)
    if (!representative) throw new NotFound('The representative')
    const loaded = await access.require(executor, ctx, representative.investigation_id, action, options)
    return { representative, loaded }
  }

  async function requireMeeting(
    executor: Executor,
    ctx: RequestContext,
    id: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(id)) throw new NotFound('The meeting')
    const meeting = options.forUpdate
      ? await repo.findMeetingForUpdate(executor, id)
      : await repo.findMeeting(executor, id)
    if (!meeting) throw new NotFound('The meeting')
    const loaded = await access.require(executor, ctx, meeting.investigation_id, action, options)
    return { meeting, loaded }
  }

  /** Every id must name an interested person of this investigation. */
  async function requirePersonsOfCase(
    executor: Executor,
    investigationId: string,
    ids: readonly string[],
    path: string,
  ) {
    const unique = [...new Set(ids)]
    if (unique.length === 0) return []
    const rows = await repo.personsByIds(executor, unique)
    if (rows.length !== unique.length || rows.some((r) => r.investigation_id !== investigationId)) {
      throw new ValidationFailed([{ path, message: 'Choose interested persons of this investigation' }])
    }
    return rows
  }

  async function refreshDeadline(trx: Executor, investigationId: string) {
    await investigations.refreshNextDeadline(trx, investigationId, clockRule)
    await investigations.touch(trx, investigationId)
  }

  async function meetingDetail(executor: Executor, meeting: NonNullable<Awaited<ReturnType<typeof repo.findMeeting>>>) {
    const [persons, actions] = await Promise.all([
      repo.meetingPersons(executor, [meeting.id]),
      repo.actionsOfMeetings(executor, [meeting.id]),
    ])
    return {
      ...meeting,
      interestedPersons: persons.map((p) => ({ id: p.interested_person_id, fullName: p.full_name })),
      actions,
    }
  }

  return {
    rules,

    /** What the actor may do with the case's family records. */
    async permissions(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'family:read')
      return {
        canContribute: access.may(ctx, 'family:contribute', loaded),
        canDecideTimeliness: access.may(ctx, 'timeliness:decide', loaded),
      }
    },

    // Interested persons -----------------------------------------------------------------------

    /** The case's interested persons, each with their keep-informed clock (as of `on`, default today). */
    async listPersons(
      investigationId: string,
      ctx: RequestContext,
      options: { on?: string } = {},
    ): Promise<PersonWithClock[]> {
      const { investigation } = await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.personsOfInvestigation(db, investigationId)
      await auditRead(ctx, {
        action: 'interested-persons.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { fields: rows.length ? PERSON_FIELDS : [], count: rows.length },
      })
      const on = options.on ?? today()
      return rows.map((r) => ({ ...r, clock: clockOf(r, investigation, r.last_update_on, on) }))
    },

    async person(personId: string, ctx: RequestContext, options: { on?: string } = {}) {
      const { person, loaded } = await requirePerson(db, ctx, personId, 'family:read')
      const [representatives, updates, lastUpdateOn] = await Promise.all([
        repo.representativesOfPerson(db, person.id),
        repo.updatesOfPerson(db, person.id),
        repo.lastUpdateOf(db, person.id),
      ])
      await auditRead(ctx, {
        action: 'interested-person.read',
        entityType: 'interested_person',
        entityId: person.id,
        caseId: person.investigation_id,
        detail: { fields: [...PERSON_FIELDS, ...(representatives.length ? REPRESENTATIVE_FIELDS : [])] },
      })
      return {
        person: {
          ...person,
          last_update_on: lastUpdateOn,
          clock: clockOf(person, loaded.investigation, lastUpdateOn, options.on ?? today()),
        },
        representatives,
        updates,
        canContribute: access.may(ctx, 'family:contribute', loaded),
      }
    },

    async addPerson(investigationId: string, input: InterestedPersonInputType, ctx: RequestContext) {
      const data = parseOrThrow(InterestedPersonInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const person = await repo.insertPerson(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          full_name: data.fullName,
          kind: data.kind,
          relationship: data.relationship ?? null,
          consent_to_be_kept_informed: data.consentToBeKeptInformed,
          consent_recorded_on: data.consentRecordedOn ?? (data.consentToBeKeptInformed ? today() : null),
          became_interested_on: data.becameInterestedOn,
          preferred_channel: data.preferredChannel,
          email: data.email ?? null,
          phone: data.phone ?? null,
          postal_address: data.postalAddress ?? null,
          language: data.language ?? null,
          accessibility_needs: data.accessibilityNeeds ?? null,
        })
        await refreshDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'interested-person.added',
          entityType: 'interested_person',
          entityId: person.id,
          caseId: investigationId,
          detail: { after: personView(person) },
        })
        return person
      })
    },

    async updatePerson(
      personId: string,
      input: InterestedPersonChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(InterestedPersonChange, input)
      return access.transaction(ctx, async (trx) => {
        const { person } = await requirePerson(trx, ctx, personId, 'family:contribute', { forUpdate: true })
        if (person.version !== expectedVersion) throw new Conflict()
        const changes: repo.PersonChanges = {}
        if (data.fullName !== undefined) changes.full_name = data.fullName
        if (data.kind !== undefined) changes.kind = data.kind
        if (data.relationship !== undefined) changes.relationship = data.relationship
        if (data.consentToBeKeptInformed !== undefined) {
          changes.consent_to_be_kept_informed = data.consentToBeKeptInformed
          if (
            data.consentToBeKeptInformed &&
            !person.consent_to_be_kept_informed &&
            data.consentRecordedOn === undefined
          )
            changes.consent_recorded_on = today()
        }
        if (data.consentRecordedOn !== undefined) changes.consent_recorded_on = data.consentRecordedOn
        if (data.becameInterestedOn !== undefined) changes.became_interested_on = data.becameInterestedOn
        if (data.preferredChannel !== undefined) changes.preferred_channel = data.preferredChannel
        if (data.email !== undefined) changes.email = data.email
        if (data.phone !== undefined) changes.phone = data.phone
        if (data.postalAddress !== undefined) changes.postal_address = data.postalAddress
        if (data.language !== undefined) changes.language = data.language
        if (data.accessibilityNeeds !== undefined) changes.accessibility_needs = data.accessibilityNeeds
        const problems = contactProblems({
          preferredChannel: changes.preferred_channel ?? person.preferred_channel,
          email: changes.email !== undefined ? changes.email : person.email,
          phone: changes.phone !== undefined ? changes.phone : person.phone,
          postalAddress: changes.postal_address !== undefined ? changes.postal_address : person.postal_address,
        })
        if (problems.length) throw new ValidationFailed(problems)
        const updated = await repo.updatePerson(trx, personId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await refreshDeadline(trx, person.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'interested-person.changed',
          entityType: 'interested_person',
          entityId: personId,
          caseId: person.investigation_id,
          detail: { before: personView(person), after: personView(updated) },
        })
        return updated
      })
    },

    // Representatives --------------------------------------------------------------------------

    async listRepresentatives(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.representativesOfInvestigation(db, investigationId)
      await auditRead(ctx, {
        action: 'representatives.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { fields: rows.length ? REPRESENTATIVE_FIELDS : [], count: rows.length },
      })
      return rows
    },

    async representative(id: string, ctx: RequestContext) {
      const { representative } = await requireRepresentative(db, ctx, id, 'family:read')
      await auditRead(ctx, {
        action: 'representative.read',
        entityType: 'representative',
        entityId: id,
        caseId: representative.investigation_id,
        detail: { fields: REPRESENTATIVE_FIELDS },
      })
      return representative
    },

    /** Adds a representative; with options.investigationId the person must belong to that case. */
    async addRepresentative(
      personId: string,
      input: RepresentativeInputType,
      ctx: RequestContext,
      options: { investigationId?: string } = {},
    ) {
      const data = parseOrThrow(RepresentativeInput, input)
      return access.transaction(ctx, async (trx) => {
        const { person } = await requirePerson(trx, ctx, personId, 'family:contribute', { forUpdate: true })
        if (options.investigationId !== undefined && person.investigation_id !== options.investigationId) {
          throw new ValidationFailed([
            { path: 'interestedPersonId', message: 'Choose an interested person of this investigation' },
          ])
        }
        const representative = await repo.insertRepresentative(trx, {
          id: uuidv7(),
          investigation_id: person.investigation_id,
          interested_person_id: person.id,
          firm: data.firm ?? null,
          full_name: data.fullName,
          email: data.email ?? null,
          phone: data.phone ?? null,
          receives_updates: data.receivesUpdates,
        })
        await investigations.touch(trx, person.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'representative.added',
          entityType: 'representative',
          entityId: representative.id,
          caseId: person.investigation_id,
          detail: {
            interestedPersonId: person.id,
            after: {
              firm: representative.firm,
              fullName: representative.full_name,
              email: representative.email,
              phone: representative.phone,
              receivesUpdates: representative.receives_updates,
            },
          },
        })
        return representative
      })
    },

    async updateRepresentative(
      id: string,
      input: RepresentativeChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RepresentativeChange, input)
      return access.transaction(ctx, async (trx) => {
        const { representative } = await requireRepresentative(trx, ctx, id, 'family:contribute', { forUpdate: true })
        if (representative.version !== expectedVersion) throw new Conflict()
        const changes: repo.RepresentativeChanges = {}
        if (data.firm !== undefined) changes.firm = data.firm
        if (data.fullName !== undefined) changes.full_name = data.fullName
        if (data.email !== undefined) changes.email = data.email
        if (data.phone !== undefined) changes.phone = data.phone
        if (data.receivesUpdates !== undefined) changes.receives_updates = data.receivesUpdates
        const updated = await repo.updateRepresentative(trx, id, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, representative.investigation_id)
        const view = (r: typeof representative) => ({
          firm: r.firm,
          fullName: r.full_name,
          email: r.email,
          phone: r.phone,
          receivesUpdates: r.receives_updates,
        })
        await auditTrail.record(trx, ctx, {
          action: 'representative.changed',
          entityType: 'representative',
          entityId: id,
          caseId: representative.investigation_id,
          detail: { before: view(representative), after: view(updated) },
        })
        return updated
      })
    },

    // Keep-informed updates --------------------------------------------------------------------

    /**
     * Records an update given to one or more interested persons of the case (or to their
     * representatives on their behalf). Anything withheld under the harm test needs its ground.
     */
    async recordUpdate(investigationId: string, input: KeepInformedUpdateInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(KeepInformedUpdateInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const persons = await requirePersonsOfCase(
          trx,
          investigationId,
          data.interestedPersonIds,
          'interestedPersonIds',
        )
        const reps = await repo.representativesByIds(trx, [...new Set(data.representativeIds)])
        if (
          reps.length !== new Set(data.representativeIds).size ||
          reps.some((r) => !persons.some((p) => p.id === r.interested_person_id))
        ) {
          throw new ValidationFailed([
            { path: 'representativeIds', message: 'Choose representatives of the people the update was given to' },
          ])
        }
        const update = await repo.insertUpdate(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          channel: data.channel,
          given_on: data.givenOn,
          given_by: actor.userId,
          summary: data.summary,
          covers_progress: data.coversProgress,
          covers_provisional_findings: data.coversProvisionalFindings,
          covers_report_submitted: data.coversReportSubmitted,
          withheld_under_harm_test: data.withheldUnderHarmTest,
          harm_ground: data.withheldUnderHarmTest ? (data.harmGround ?? null) : null,
          withheld_summary: data.withheldUnderHarmTest ? (data.withheldSummary ?? null) : null,
          letter_sha256: null,
        })
        await repo.insertRecipients(
          trx,
          persons.map((p) => ({
            update_id: update.id,
            interested_person_id: p.id,
            representative_id: reps.find((r) => r.interested_person_id === p.id)?.id ?? null,
          })),
        )
        await refreshDeadline(trx, investigationId)
        await hooks.onUpdateRecorded?.(trx, update.id)
        await auditTrail.record(trx, ctx, {
          action: 'keep-informed-update.recorded',
          entityType: 'keep_informed_update',
          entityId: update.id,
          caseId: investigationId,
          detail: {
            after: {
              channel: update.channel,
              givenOn: update.given_on,
              recipients: persons.map((p) => p.id),
              representatives: reps.map((r) => r.id),
              withheldUnderHarmTest: update.withheld_under_harm_test,
              harmGround: update.harm_ground,
            },
          },
        })
        return update
      })
    },

    async listUpdates(
      investigationId: string,
      ctx: RequestContext,
      page: { limit?: number; after?: { givenOn: string; id: string } } = {},
    ) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.updatesOfInvestigation(db, investigationId, {
        limit: page.limit ?? 50,
        ...(page.after ? { after: page.after } : {}),
      })
      const recipients = await repo.recipientsOfUpdates(
        db,
        rows.map((r) => r.id),
      )
      await auditRead(ctx, {
        action: 'keep-informed-updates.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: {
          fields: rows.length ? ['keep_informed_updates.summary', 'interested_persons.full_name'] : [],
          count: rows.length,
        },
      })
      const attachments = await repo.attachmentsOfUpdates(
        db,
        rows.map((r) => r.id),
      )
      return rows.map((u) => ({
        ...u,
        recipients: recipients.filter((r) => r.update_id === u.id),
        attachments: attachments.filter((a) => a.update_id === u.id),
      }))
    },

    /** Attaches a file (a letter enclosure, a document shown at a meeting) to an update; stored by its hash. */
    async attachToUpdate(updateId: string, file: UploadedFile | null, ctx: RequestContext) {
      if (!isUuid(updateId)) throw new NotFound('The update')
      if (!file || file.bytes.byteLength === 0)
        throw new ValidationFailed([{ path: 'file', message: 'Select a file to attach' }])
      const existing = await repo.findUpdate(db, updateId)
      if (!existing) throw new NotFound('The update')
      const stored = await documentStore.put(file.bytes)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, existing.investigation_id, 'family:contribute')
        const row = await repo.insertAttachment(trx, {
          id: uuidv7(),
          update_id: updateId,
          sha256: stored.sha256,
          filename: safeFilename(file.filename),
          media_type: safeMediaType(file.mediaType),
          size_bytes: stored.size,
        })
        await auditTrail.record(trx, ctx, {
          action: 'keep-informed-update.attachment-added',
          entityType: 'keep_informed_update',
          entityId: updateId,
          caseId: existing.investigation_id,
          detail: {
            after: { attachmentId: row.id, filename: row.filename, sha256: row.sha256, sizeBytes: row.size_bytes },
          },
        })
        return row
      })
    },

    /** An attachment's bytes, checked against their hash; an audited read. */
    async attachment(attachmentId: string, ctx: RequestContext) {
      if (!isUuid(attachmentId)) throw new NotFound('The attachment')
      const row = await repo.findAttachment(db, attachmentId)
      if (!row) throw new NotFound('The attachment')
      await access.require(db, ctx, row.investigation_id, 'family:read')
      const bytes = await documentStore.get(row.sha256)
      if (!bytes) throw new NotFound('The attachment’s file')
      await auditRead(ctx, {
        action: 'keep-informed-update.attachment-read',
        entityType: 'keep_informed_update',
        entityId: row.update_id,
        caseId: row.investigation_id,
        detail: { fields: ['update_attachments.content'], attachmentId },
      })
      return { attachment: row, bytes }
    },

    async update(updateId: string, ctx: RequestContext) {
      requireActor(ctx)
      if (!isUuid(updateId)) throw new NotFound('The update')
      const update = await repo.findUpdate(db, updateId)
      if (!update) throw new NotFound('The update')
      const loaded = await access.require(db, ctx, update.investigation_id, 'family:read')
      const [recipients, letters] = await Promise.all([
        repo.recipientsOfUpdates(db, [update.id]),
        repo.lettersOfUpdate(db, update.investigation_id, update.letter_sha256),
      ])
      const givenBy = update.given_by ? await users.findById(db, update.given_by) : undefined
      await auditRead(ctx, {
        action: 'keep-informed-update.read',
        entityType: 'keep_informed_update',
        entityId: update.id,
        caseId: update.investigation_id,
        detail: {
          fields: [
            'keep_informed_updates.summary',
            'keep_informed_updates.withheld_summary',
            'interested_persons.full_name',
          ],
        },
      })
      return {
        update,
        recipients,
        letters,
        givenByName: givenBy?.display_name ?? null,
        canContribute: access.may(ctx, 'family:contribute', loaded),
      }
    },

    /**
     * Generates the update as a letter (PDF) to one of its recipients (or their representative),
     * stores it by hash in the document store, and records it in `letters`.
     */
    async generateUpdateLetter(
      updateId: string,
      input: { interestedPersonId?: string | undefined },
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(updateId)) throw new NotFound('The update')
        const update = await repo.findUpdate(trx, updateId)
        if (!update) throw new NotFound('The update')
        const { investigation } = await access.require(trx, ctx, update.investigation_id, 'family:contribute', {
          forUpdate: true,
        })
        const recipients = await repo.recipientsOfUpdates(trx, [update.id])
        const recipient = input.interestedPersonId
          ? recipients.find((r) => r.interested_person_id === input.interestedPersonId)
          : recipients[0]
        if (!recipient)
          throw new ValidationFailed([
            { path: 'interestedPersonId', message: 'Choose someone the update was given to' },
          ])
        const person = (await repo.findPerson(trx, recipient.interested_person_id))!
        const representative = recipient.representative_id
          ? await repo.findRepresentative(trx, recipient.representative_id)
          : undefined
        const signer = await users.findById(trx, actor.userId)
        const issuedOn = today()
        const pdf = await renderUpdateLetterPdf({
          reference: investigation.reference,
          title: investigation.title,
          addressee: representative
            ? `${representative.full_name}${representative.firm ? `, ${representative.firm}` : ''}`
            : person.full_name,
          onBehalfOf: representative ? person.full_name : null,
          postalAddress: representative ? null : person.postal_address,
          givenOn: update.given_on,
          summary: update.summary,
          coversProgress: update.covers_progress,
          coversProvisionalFindings: update.covers_provisional_findings,
          coversReportSubmitted: update.covers_report_submitted,
          withheld: update.withheld_under_harm_test,
          harmGround: update.harm_ground,
          signedBy: signer?.display_name ?? 'The investigation team',
          issuedOn,
        })
        const stored = await documentStore.put(pdf)
        const letter = await repo.insertLetter(trx, {
          id: uuidv7(),
          investigation_id: update.investigation_id,
          interested_person_id: person.id,
          kind: 'update_letter',
          sha256: stored.sha256,
          filename: `update-${investigation.reference.replace('/', '-')}-${issuedOn}-${uuidv7().slice(-6)}.pdf`,
          created_by: actor.userId,
        })
        await repo.setUpdateLetter(trx, update.id, stored.sha256)
        await auditTrail.record(trx, ctx, {
          action: 'letter.generated',
          entityType: 'letter',
          entityId: letter.id,
          caseId: update.investigation_id,
          detail: {
            updateId: update.id,
            interestedPersonId: person.id,
            after: { kind: 'update_letter', sha256: stored.sha256, sizeBytes: stored.size },
          },
        })
        return letter
      })
    },

    async listLetters(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      return repo.lettersOfInvestigation(db, investigationId)
    },

    /** A letter's PDF (audited: it holds a family's personal data). */
    async letterPdf(letterId: string, ctx: RequestContext) {
      requireActor(ctx)
      if (!isUuid(letterId)) throw new NotFound('The letter')
      const letter = await repo.findLetter(db, letterId)
      if (!letter) throw new NotFound('The letter')
      await access.require(
        db,
        ctx,
        letter.investigation_id,
        letter.kind === 'timeliness_notice' ? 'investigation:read-case-file' : 'family:read',
      )
      const bytes = await documentStore.get(letter.sha256)
      if (!bytes) throw new NotFound('The letter document')
      await auditRead(ctx, {
        action: 'letter.downloaded',
        entityType: 'letter',
        entityId: letter.id,
        caseId: letter.investigation_id,
        detail: { sha256: letter.sha256, fields: ['letter_pdf'] },
      })
      return { bytes, filename: letter.filename, letter }
    },

    // Meetings ---------------------------------------------------------------------------------

    async listMeetings(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.meetingsOfInvestigation(db, investigationId)
      const ids = rows.map((m) => m.id)
      const [persons, actions] = await Promise.all([repo.meetingPersons(db, ids), repo.actionsOfMeetings(db, ids)])
      await auditRead(ctx, {
        action: 'meetings.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: {
          fields: rows.length ? ['meetings.attendees', 'meetings.notes', 'interested_persons.full_name'] : [],
          count: rows.length,
        },
      })
      return rows.map((m) => ({
        ...m,
        interestedPersons: persons
          .filter((p) => p.meeting_id === m.id)
          .map((p) => ({ id: p.interested_person_id, fullName: p.full_name })),
        actions: actions.filter((a) => a.meeting_id === m.id),
      }))
    },

    async meeting(meetingId: string, ctx: RequestContext) {
      const { meeting, loaded } = await requireMeeting(db, ctx, meetingId, 'family:read')
      await auditRead(ctx, {
        action: 'meeting.read',
        entityType: 'meeting',
        entityId: meeting.id,
        caseId: meeting.investigation_id,
        detail: { fields: ['meetings.attendees', 'meetings.agenda', 'meetings.notes', 'interested_persons.full_name'] },
      })
      return { ...(await meetingDetail(db, meeting)), canContribute: access.may(ctx, 'family:contribute', loaded) }
    },

    async recordMeeting(investigationId: string, input: MeetingInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(MeetingInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const persons = await requirePersonsOfCase(
          trx,
          investigationId,
          data.interestedPersonIds,
          'interestedPersonIds',
        )
        const meeting = await repo.insertMeeting(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          held_on: data.heldOn,
          attendees: data.attendees,
          agenda: data.agenda ?? null,
          notes: data.notes ?? null,
          recorded_by: actor.userId,
        })
        await repo.setMeetingPersons(
          trx,
          meeting.id,
          persons.map((p) => p.id),
        )
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'meeting.recorded',
          entityType: 'meeting',
          entityId: meeting.id,
          caseId: investigationId,
          detail: { after: { heldOn: meeting.held_on, interestedPersons: persons.map((p) => p.id) } },
        })
        return meetingDetail(trx, meeting)
      })
    },

    async updateMeeting(meetingId: string, input: MeetingChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(MeetingChange, input)
      return access.transaction(ctx, async (trx) => {
        const { meeting } = await requireMeeting(trx, ctx, meetingId, 'family:contribute', { forUpdate: true })
        if (meeting.version !== expectedVersion) throw new Conflict()
        const changes: repo.MeetingChanges = {}
        if (data.heldOn !== undefined) changes.held_on = data.heldOn
        if (data.attendees !== undefined) changes.attendees = data.attendees
        if (data.agenda !== undefined) changes.agenda = data.agenda
        if (data.notes !== undefined) changes.notes = data.notes
        const updated = await repo.updateMeeting(trx, meetingId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        if (data.interestedPersonIds !== undefined) {
          const persons = await requirePersonsOfCase(
            trx,
            meeting.investigation_id,
            data.interestedPersonIds,
            'interestedPersonIds',
          )
          await repo.setMeetingPersons(
            trx,
            meetingId,
            persons.map((p) => p.id),
          )
        }
        await investigations.touch(trx, meeting.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'meeting.changed',
          entityType: 'meeting',
          entityId: meetingId,
          caseId: meeting.investigation_id,
          detail: {
            before: { heldOn: meeting.held_on },
            after: { heldOn: updated.held_on, fieldsChanged: Object.keys(data) },
          },
        })
        return meetingDetail(trx, updated)
      })
    },

    async addAction(meetingId: string, input: MeetingActionInputType, ctx: RequestContext) {
      const data = parseOrThrow(MeetingActionInput, input)
      return access.transaction(ctx, async (trx) => {
        const { meeting } = await requireMeeting(trx, ctx, meetingId, 'family:contribute', { forUpdate: true })
        const action = await repo.insertAction(trx, {
          id: uuidv7(),
          meeting_id: meeting.id,
          description: data.description,
          owner: data.owner,
          due_on: data.dueOn ?? null,
          done_on: null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'meeting-action.added',
          entityType: 'meeting_action',
          entityId: action.id,
          caseId: meeting.investigation_id,
          detail: { meetingId, after: { description: action.description, owner: action.owner, dueOn: action.due_on } },
        })
        return action
      })
    },

    /** Changes an action; doneOn marks it done (null reopens it). */
    async updateAction(actionId: string, input: MeetingActionChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(MeetingActionChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(actionId)) throw new NotFound('The action')
        const action = await repo.findAction(trx, actionId)
        if (!action) throw new NotFound('The action')
        const { meeting } = await requireMeeting(trx, ctx, action.meeting_id, 'family:contribute', { forUpdate: true })
        if (action.version !== expectedVersion) throw new Conflict()
        const changes: Parameters<typeof repo.updateAction>[2] = {}
        if (data.description !== undefined) changes.description = data.description
        if (data.owner !== undefined) changes.owner = data.owner
        if (data.dueOn !== undefined) changes.due_on = data.dueOn
        if (data.doneOn !== undefined) changes.done_on = data.doneOn
        const updated = await repo.updateAction(trx, actionId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        const view = (a: typeof action) => ({
          description: a.description,
          owner: a.owner,
          dueOn: a.due_on,
          doneOn: a.done_on,
        })
        await auditTrail.record(trx, ctx, {
          action: 'meeting-action.changed',
          entityType: 'meeting_action',
          entityId: actionId,
          caseId: meeting.investigation_id,
          detail: { meetingId: meeting.id, before: view(action), after: view(updated) },
        })
        return updated
      })
    },
  }
}

export type FamilyService = ReturnType<typeof familyService>
