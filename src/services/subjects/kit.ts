/**
 * What the subject sub-journeys share: case access, loading a subject or notice with the case access
 * its action needs, subject summaries, and moving a subject through its lifecycle.
 */
import type { Kysely } from 'kysely'
import { londonDateOf } from '../../domain/calendar.js'
import {
  currentSeverity,
  transitionSubject,
  type SubjectFacts,
  type SubjectStatus,
} from '../../domain/subjectLifecycle.js'
import { type CaseAction } from '../../domain/policy.js'
import type { Executor } from '../../data/database.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/subjects.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { caseAccess, isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { InvalidTransition, NotFound } from '../errors.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { severityHistoryOf, subjectStatus, type SubjectRow, type SubjectSummary } from './schemas.js'

export function subjectKit(db: Kysely<Database>, documentStore: DocumentStore) {
  const access = caseAccess(db)

  /** The subject and its case, if the actor may do `action` on that case. */
  async function requireSubject(
    executor: Executor,
    ctx: RequestContext,
    subjectId: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(subjectId)) throw new NotFound('The subject')
    const subject = options.forUpdate
      ? await repo.findSubjectForUpdate(executor, subjectId)
      : await repo.findSubject(executor, subjectId)
    if (!subject) throw new NotFound('The subject')
    const loaded = await access.require(executor, ctx, subject.investigation_id, action, options)
    return { subject, loaded }
  }

  async function requireNotice(
    executor: Executor,
    ctx: RequestContext,
    noticeId: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(noticeId)) throw new NotFound('The notice')
    const notice = options.forUpdate
      ? await repo.findNoticeForUpdate(executor, noticeId)
      : await repo.findNotice(executor, noticeId)
    if (!notice) throw new NotFound('The notice')
    const loaded = await access.require(executor, ctx, notice.investigation_id, action, options)
    return { notice, loaded }
  }

  async function auditRead(
    ctx: RequestContext,
    event: {
      action: string
      entityType: string
      entityId: string | null
      caseId: string | null
      detail: Record<string, unknown>
    },
  ) {
    await auditTrail.record(db, ctx, event)
  }

  async function summaries(executor: Executor, investigationId: string, rows: SubjectRow[]): Promise<SubjectSummary[]> {
    if (rows.length === 0) return []
    const [severityRows, noticeRows] = await Promise.all([
      repo.severityAssessmentsOfInvestigation(executor, investigationId),
      repo.noticesOfInvestigation(executor, investigationId),
    ])
    return rows.map((row) => {
      const latestNotice = noticeRows.find((n) => n.subject_id === row.id)
      return {
        ...row,
        currentSeverity: currentSeverity(severityHistoryOf(severityRows.filter((s) => s.subject_id === row.id))),
        noticeResponseDueOn:
          latestNotice && latestNotice.response_received_on === null ? latestNotice.response_due_on : null,
      }
    })
  }

  async function summaryOf(executor: Executor, subjectId: string): Promise<SubjectSummary> {
    const row = await repo.subjectWithOfficer(executor, subjectId)
    if (!row) throw new NotFound('The subject')
    return (await summaries(executor, row.investigation_id, [row]))[0]!
  }

  /** The facts the subject lifecycle guards need (reports, opinions and outcomes come later). */
  async function subjectFacts(
    executor: Executor,
    subject: { id: string; status: string },
    notice: SubjectFacts['notice'],
    responseReceivedOn: string | null,
  ): Promise<SubjectFacts> {
    const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(executor, subject.id))
    return {
      status: subjectStatus(subject.status),
      severityHistory: history,
      notice,
      responseReceivedOn,
      today: londonDateOf(new Date()),
      opinion: null,
      proceedingsDecision: null,
      hasLiveFinalWrittenWarning: false,
      outcome: null,
    }
  }

  async function moveSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; status: string; investigation_id: string },
    facts: SubjectFacts,
    to: SubjectStatus,
  ) {
    const result = transitionSubject(facts, to)
    if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
    await repo.updateSubject(trx, subject.id, { status: to })
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

  return {
    db,
    documentStore,
    access,
    requireSubject,
    requireNotice,
    auditRead,
    summaries,
    summaryOf,
    subjectFacts,
    moveSubject,
  }
}

export type SubjectKit = ReturnType<typeof subjectKit>
