/**
 * What the family liaison sub-journeys share: case access, the keep-informed clock, and loading a
 * person, representative or meeting with the case access its action needs.
 */
import type { Kysely } from 'kysely'
import { keepInformedClockRule, personClock, type PersonClock } from '../../domain/keepInformed.js'
import type { CaseAction } from '../../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../../domain/ruleSet.js'
import type { Executor } from '../../data/database.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/interestedPersons.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { caseAccess, isUuid, requireActor, type InvestigationRow } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { InterestedPersonRow, FamilyServiceHooks } from './schemas.js'

export function familyKit(
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
    db,
    documentStore,
    rules,
    hooks,
    access,
    clockRule,
    auditRead,
    clockOf,
    requirePerson,
    requireRepresentative,
    requireMeeting,
    requirePersonsOfCase,
    refreshDeadline,
    meetingDetail,
  }
}

export type FamilyKit = ReturnType<typeof familyKit>
