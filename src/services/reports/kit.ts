/**
 * What the report sub-journeys share: case access, resolving the case's names into the report,
 * checking references, loading the report, a version or a subject, and the review moves.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import type { CaseAction } from '../../domain/policy.js'
import { REPORT_STATUS_LABELS, subjectDisplayName, type ResolvedCase } from '../../domain/report.js'
import type { Executor } from '../../data/database.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as repo from '../../data/repositories/reports.js'
import * as subjectsRepo from '../../data/repositories/subjects.js'
import type { Database, ReportSections } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { caseAccess, isUuid, requireActor, type CaseInContext } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../errors.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { investigationService } from '../investigations.js'
import { reportStatus, type ReportRow } from './schemas.js'

export function reportKit(db: Kysely<Database>, documentStore: DocumentStore) {
  const access = caseAccess(db)
  const lifecycle = investigationService(db)

  async function auditRead(ctx: RequestContext, event: Parameters<typeof auditTrail.record>[2]) {
    await auditTrail.record(db, ctx, event)
  }

  async function subjectNames(executor: Executor, investigationId: string) {
    const rows = await subjectsRepo.subjectsOfInvestigation(executor, investigationId)
    return rows.map((r) => ({
      ...r,
      name: subjectDisplayName({
        givenName: r.given_name,
        familyName: r.family_name,
        rank: r.rank_at_time || r.officer_rank,
        warrantNumber: r.warrant_number,
      }),
    }))
  }

  /** Checks that every id the sections refer to belongs to this case. */
  async function checkReferences(executor: Executor, investigationId: string, sections: ReportSections) {
    const problems: { path: string; message: string }[] = []
    const events = new Set(
      (await repo.chronologyEventsOfCase(executor, investigationId, sections.chronologyEventIds)).map((e) => e.id),
    )
    if (sections.chronologyEventIds.some((id) => !events.has(id)))
      problems.push({ path: 'chronologyEventIds', message: 'Choose events from this investigation’s chronology' })
    const docs = new Set((await repo.documentChoices(executor, investigationId, 100_000)).map((d) => d.id))
    if (sections.documentIds.some((id) => !docs.has(id)))
      problems.push({ path: 'documentIds', message: 'Choose documents from this investigation’s evidence register' })
    const subjects = new Set((await subjectsRepo.subjectsOfInvestigation(executor, investigationId)).map((s) => s.id))
    const allegations = new Map(
      (await repo.allegationsOfCase(executor, investigationId)).map((a) => [a.id, a.subject_id]),
    )
    sections.findings.forEach((f, i) => {
      if (!subjects.has(f.subjectId))
        problems.push({ path: `findings.${i}.subjectId`, message: 'Choose a subject of this investigation' })
      else if (f.allegationId !== null && allegations.get(f.allegationId) !== f.subjectId)
        problems.push({ path: `findings.${i}.allegationId`, message: 'Choose an allegation of that subject' })
    })
    if (problems.length) throw new ValidationFailed(problems)
  }

  async function resolve(executor: Executor, loaded: CaseInContext, sections: ReportSections): Promise<ResolvedCase> {
    const id = loaded.investigation.id
    const [events, docs, subjects, allegations, determinations, force] = await Promise.all([
      repo.chronologyEventsOfCase(executor, id, sections.chronologyEventIds),
      repo.documentChoices(executor, id, 100_000),
      subjectNames(executor, id),
      repo.allegationsOfCase(executor, id),
      repo.determinationsOfInvestigation(executor, id),
      organisations.findById(executor, loaded.investigation.force_id),
    ])
    return {
      reference: loaded.investigation.reference,
      title: loaded.investigation.title,
      forceName: force?.name ?? '',
      chronology: new Map(
        events.map((e) => [
          e.id,
          {
            occurredOn: e.occurred_on,
            occurredTime: e.occurred_time,
            title: e.title,
            description: e.description,
            missedOpportunity: e.missed_opportunity,
          },
        ]),
      ),
      documents: new Map(
        docs.map((d) => [
          d.id,
          { exhibitReference: d.exhibit_reference, title: d.title, withdrawn: d.withdrawn_at !== null },
        ]),
      ),
      subjects: new Map(subjects.map((s) => [s.id, { name: s.name }])),
      allegations: new Map(allegations.map((a) => [a.id, { description: a.description }])),
      determinations: new Map(
        determinations.map((d) => [d.subject_id, { determination: d.determination, cpsReferral: d.cps_referral }]),
      ),
    }
  }

  async function requireReport(executor: Executor, investigationId: string, options: { forUpdate?: boolean } = {}) {
    const report = options.forUpdate
      ? await repo.findByInvestigationForUpdate(executor, investigationId)
      : await repo.findByInvestigation(executor, investigationId)
    if (!report) throw new NotFound('The report')
    return report
  }

  async function requireVersion(executor: Executor, report: ReportRow, versionNumber: number) {
    const row = Number.isInteger(versionNumber) ? await repo.version(executor, report.id, versionNumber) : undefined
    if (!row) throw new NotFound(`Version ${versionNumber} of the report`)
    return row
  }

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
      ? await subjectsRepo.findSubjectForUpdate(executor, subjectId)
      : await subjectsRepo.findSubject(executor, subjectId)
    if (!subject) throw new NotFound('The subject')
    const loaded = await access.require(executor, ctx, subject.investigation_id, action, options)
    return { subject, loaded }
  }

  /** Moves the report's workflow on, with a review record and an audit entry. */
  async function review(
    ctx: RequestContext,
    investigationId: string,
    action: CaseAction,
    expectedVersion: number,
    kind: 'submitted' | 'returned' | 'approved',
    comments: string | null,
  ) {
    const actor = requireActor(ctx)
    return access.transaction(ctx, async (trx) => {
      await access.require(trx, ctx, investigationId, action, { forUpdate: true })
      const report = await requireReport(trx, investigationId, { forUpdate: true })
      if (report.version !== expectedVersion) throw new Conflict()
      const status = reportStatus(report.status)
      if (kind === 'submitted') {
        if (report.current_version_number === 0)
          throw new InvalidTransition('Save a version of the report before submitting it.')
        if (status === 'submitted') throw new InvalidTransition('The report is already with the decision maker.')
        if (status === 'approved')
          throw new InvalidTransition('The report has been approved; it cannot be submitted again.')
      } else if (status !== 'submitted') {
        throw new InvalidTransition(
          `Only a report submitted to the decision maker can be ${kind === 'returned' ? 'returned' : 'approved'}; this one is “${REPORT_STATUS_LABELS[status].toLowerCase()}”.`,
        )
      }
      if (kind === 'approved') {
        const [subjects, determinations] = await Promise.all([
          subjectNames(trx, investigationId),
          repo.determinationsOfInvestigation(trx, investigationId),
        ])
        const decided = new Set(determinations.map((d) => d.subject_id))
        const missing = subjects.filter((s) => !decided.has(s.id))
        if (missing.length)
          throw new InvalidTransition(missing.map((s) => `No determination yet for ${s.name}`).join('. ') + '.')
      }
      const updated = await repo.update(
        trx,
        report.id,
        { status: kind, ...(kind === 'approved' ? { approved_version_number: report.current_version_number } : {}) },
        expectedVersion,
      )
      if (!updated) throw new Conflict()
      const reviewRow = await repo.insertReview(trx, {
        id: uuidv7(),
        report_id: report.id,
        investigation_id: investigationId,
        kind,
        version_number: report.current_version_number,
        comments,
        reviewed_by: actor.userId,
      })
      await auditTrail.record(trx, ctx, {
        action: `report.${kind === 'submitted' ? 'submitted' : kind === 'returned' ? 'returned' : 'approved'}`,
        entityType: 'report',
        entityId: report.id,
        caseId: investigationId,
        detail: {
          before: { status },
          after: { status: kind },
          versionNumber: report.current_version_number,
          ...(comments ? { comments } : {}),
        },
      })
      // The report's workflow drives the case's status; a refusal here rolls the report step back too.
      const investigation = await lifecycle.followReport(trx, ctx, investigationId, kind)
      return { report: updated, review: reviewRow, investigation }
    })
  }

  return {
    db,
    documentStore,
    access,
    lifecycle,
    auditRead,
    subjectNames,
    checkReferences,
    resolve,
    requireReport,
    requireVersion,
    requireSubject,
    review,
  }
}

export type ReportKit = ReturnType<typeof reportKit>
