/**
 * What the outcome sub-journeys share: case access, the subject lifecycle moves, and which subjects
 * the actor may read (the team all of them, the appropriate authority its own force's).
 */
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { londonDateOf } from '../../domain/calendar.js'
import { type CaseAction } from '../../domain/policy.js'
import { proceedingProblems, type ProceedingRecord } from '../../domain/proceedings.js'
import { transitionSubject, type SubjectFacts, type SubjectStatus } from '../../domain/subjectLifecycle.js'
import { isOutcome } from '../../domain/vocabulary.js'
import type { Executor } from '../../data/database.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/outcomes.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { caseAccess, isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { InvalidTransition, NotFound, ValidationFailed } from '../errors.js'
import { investigationService } from '../investigations.js'
import type { ProceedingChange } from './schemas.js'
import { statusOf, opinionOf } from './schemas.js'

export function outcomeKit(db: Kysely<Database>) {
  const access = caseAccess(db)
  const lifecycle = investigationService(db)

  /** The authority's own view of one subject: refused (as not found) for another force's officer. */
  async function requireForceSubject(trx: Executor, ctx: RequestContext, subjectId: string, action: CaseAction) {
    const actor = requireActor(ctx)
    if (!isUuid(subjectId)) throw new NotFound('The subject')
    const subject = await repo.subjectForUpdate(trx, subjectId)
    if (!subject) throw new NotFound('The subject')
    const loaded = await access.require(trx, ctx, subject.investigation_id, action, { forUpdate: true })
    if (action.startsWith('authority:') && subject.force_id !== actor.organisationId) throw new NotFound('The subject')
    return { subject, loaded }
  }

  /** Team members change things with 'report:send'; the appropriate authority with 'authority:respond'. */
  function actionFor(ctx: RequestContext, teamAction: CaseAction): CaseAction {
    return requireActor(ctx).roles.includes('appropriate_authority') ? 'authority:respond' : teamAction
  }

  function subjectFacts(
    subject: { status: string; determination: string | null },
    proceedingsDecision: SubjectFacts['proceedingsDecision'],
    outcome: SubjectFacts['outcome'],
  ): SubjectFacts {
    return {
      status: statusOf(subject.status),
      severityHistory: [],
      notice: null,
      responseReceivedOn: null,
      today: londonDateOf(new Date()),
      opinion: opinionOf(subject.determination),
      proceedingsDecision,
      hasLiveFinalWrittenWarning: false,
      outcome,
    }
  }

  async function moveSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; investigation_id: string; status: string },
    facts: SubjectFacts,
    to: SubjectStatus,
  ) {
    const result = transitionSubject(facts, to)
    if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
    await repo.setSubjectStatus(trx, subject.id, to)
    // A subject's path moving on can end a deadline (their notice response): the case's next deadline follows.
    await investigations.refreshNextDeadline(trx, subject.investigation_id)
    await auditTrail.record(trx, ctx, {
      action: 'subject.status-changed',
      entityType: 'subject',
      entityId: subject.id,
      caseId: subject.investigation_id,
      detail: { before: { status: subject.status }, after: { status: to } },
    })
  }

  /** Moves the subject along as far as the proceeding's record allows (proceedings, then outcome). */
  async function advanceSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; investigation_id: string; status: string; determination: string | null },
    p: { kind: string; outcome: string | null },
  ) {
    const decision = p.kind === 'meeting' || p.kind === 'hearing' || p.kind === 'none' ? p.kind : null
    const outcome = p.outcome !== null && isOutcome(p.outcome) ? p.outcome : null
    let status = statusOf(subject.status)
    if (status === 'opinion_given' && decision !== 'none') {
      await moveSubject(trx, ctx, subject, subjectFacts(subject, decision, outcome), 'proceedings')
      status = 'proceedings'
    }
    if ((status === 'proceedings' || status === 'opinion_given') && outcome !== null) {
      await moveSubject(
        trx,
        ctx,
        { ...subject, status },
        subjectFacts({ ...subject, status }, decision, outcome),
        'outcome',
      )
      return
    }
    if (status !== 'proceedings' && status !== 'outcome' && status !== 'opinion_given') {
      throw new InvalidTransition(
        'The subject must have a determination in the approved report before proceedings are recorded.',
      )
    }
  }

  async function auditRead(ctx: RequestContext, investigationId: string, action: string, fields: string[]) {
    await auditTrail.record(db, ctx, {
      action,
      entityType: 'investigation',
      entityId: investigationId,
      caseId: investigationId,
      detail: { fields },
    })
  }

  function recordOf(p: z.output<typeof ProceedingChange> & { kind: ProceedingRecord['kind'] }): ProceedingRecord {
    return {
      kind: p.kind,
      accelerated: p.accelerated ?? false,
      scheduledOn: p.scheduledOn ?? null,
      heldOn: p.heldOn ?? null,
      chairName: p.chairName ?? null,
      chairLegallyQualified: p.chairLegallyQualified ?? false,
      leftForce: p.leftForce ?? null,
      leftForceOn: p.leftForceOn ?? null,
      outcome: p.outcome ?? null,
      outcomeOn: p.outcomeOn ?? null,
      wouldHaveBeenDismissed: p.wouldHaveBeenDismissed ?? false,
      appealLodgedOn: p.appealLodgedOn ?? null,
      appealResult: p.appealResult ?? null,
      barredListEntryOn: p.barredListEntryOn ?? null,
      advisoryListEntryOn: p.advisoryListEntryOn ?? null,
    }
  }

  function rowOf(r: ProceedingRecord) {
    return {
      kind: r.kind,
      accelerated: r.accelerated,
      scheduled_on: r.scheduledOn,
      held_on: r.heldOn,
      chair_name: r.chairName,
      chair_legally_qualified: r.chairLegallyQualified,
      left_force: r.leftForce,
      left_force_on: r.leftForceOn,
      outcome: r.outcome,
      outcome_on: r.outcomeOn,
      would_have_been_dismissed: r.wouldHaveBeenDismissed,
      appeal_lodged_on: r.appealLodgedOn,
      appeal_result: r.appealResult as ProceedingRecord['appealResult'] &
        ('upheld' | 'dismissed' | 'withdrawn' | 'pending' | null),
      barred_list_entry_on: r.barredListEntryOn,
      advisory_list_entry_on: r.advisoryListEntryOn,
    }
  }

  function checkProceeding(r: ProceedingRecord) {
    const problems = proceedingProblems(r)
    if (problems.length) throw new ValidationFailed(problems)
  }

  /**
   * The subjects whose records the actor may read on this case: null for the team (all of them),
   * the ids of its own force's subjects for the appropriate authority.
   */
  async function readableSubjects(ctx: RequestContext, investigationId: string): Promise<Set<string> | null> {
    const actor = requireActor(ctx)
    if (actor.roles.includes('appropriate_authority')) {
      await access.require(db, ctx, investigationId, 'authority:read-report')
      return new Set((await repo.subjectsOf(db, investigationId, actor.organisationId)).map((s) => s.id))
    }
    await access.require(db, ctx, investigationId, 'investigation:read-case-file')
    return null
  }

  async function requireReadable(ctx: RequestContext, investigationId: string, subjectId: string) {
    const own = await readableSubjects(ctx, investigationId)
    if (own !== null && !own.has(subjectId)) throw new NotFound('The record')
  }

  return {
    db,
    access,
    lifecycle,
    requireForceSubject,
    actionFor,
    subjectFacts,
    moveSubject,
    advanceSubject,
    auditRead,
    recordOf,
    rowOf,
    checkProceeding,
    readableSubjects,
    requireReadable,
  }
}

export type OutcomeKit = ReturnType<typeof outcomeKit>
