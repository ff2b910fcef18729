/**
 * The final report (DOMAIN.md "Final report", "Decision maker"): drafted in structured sections
 * with the chronology and evidence referenced from the case, every saved version kept and any two
 * compared; submitted to the decision maker, who returns it with comments or approves it once
 * every subject has a determination; each subject's determination (with the CPS referral and,
 * later, the CPS decision) moves the subject to "opinion given" through the subject lifecycle.
 * The report renders to a PDF (its SHA-256 recorded on the version it renders) and to an
 * accessible HTML page from one document model.
 *
 * Writes follow the house pattern: caseAccess.require inside access.transaction, a stale version
 * is a Conflict, and every change is audited in the same transaction.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../domain/calendar.js'
import type { CaseAction } from '../domain/policy.js'
import {
  CPS_DECISIONS,
  REPORT_STATUS_LABELS,
  comparableSections,
  reportDocument,
  subjectDisplayName,
  type ReportStatus,
  type ResolvedCase,
} from '../domain/report.js'
import {
  isSubjectStatus,
  orderedSeverityHistory,
  transitionSubject,
  type SubjectFacts,
} from '../domain/subjectLifecycle.js'
import { diffStatistics, diffText, isUnchanged } from '../domain/textDiff.js'
import { OPINIONS, isNoticeServiceMethod, isOpinion, isSeverity, type Opinion } from '../domain/vocabulary.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import * as organisations from '../data/repositories/organisations.js'
import * as repo from '../data/repositories/reports.js'
import * as subjectsRepo from '../data/repositories/subjects.js'
import type { Database, ReportSections } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor, type CaseInContext } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './investigations.js'
import { renderReportPdf } from './reportPdf.js'
import type { DocumentStore } from './storage/documentStore.js'

const text = (what: string, max = 100_000) =>
  z
    .string()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('')

export const ReportSectionsInput = z.object({
  summary: text('The summary'),
  termsOfReference: text('The terms of reference'),
  chronologyEventIds: z
    .array(z.uuid({ message: 'Choose events from the chronology' }))
    .max(2000)
    .default([]),
  evidenceAnalysis: text('The evidence analysis'),
  documentIds: z
    .array(z.uuid({ message: 'Choose documents from the evidence register' }))
    .max(2000)
    .default([]),
  findings: z
    .array(
      z.object({
        subjectId: z.uuid({ message: 'Choose a subject of the investigation' }),
        allegationId: z.uuid({ message: 'Choose an allegation of the subject' }).nullable().default(null),
        text: z.string().max(100_000, 'Findings must be 100,000 characters or fewer'),
      }),
    )
    .max(2000)
    .default([]),
  learning: text('The learning'),
})
export type ReportSectionsInputType = z.input<typeof ReportSectionsInput>

export const ReturnInput = z.object({
  comments: z
    .string()
    .trim()
    .min(1, 'Enter your comments for the investigators')
    .max(20000, 'Comments must be 20,000 characters or fewer'),
})

export const DeterminationInput = z.object({
  determination: z.enum(OPINIONS, { message: 'Choose the determination' }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the determination')
    .max(20000, 'Rationale must be 20,000 characters or fewer'),
  cpsReferral: z
    .boolean({ message: 'Say whether the matter is referred to the Crown Prosecution Service' })
    .default(false),
  decidedOn: z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the determination' }).optional(),
})
export type DeterminationInputType = z.input<typeof DeterminationInput>

export const CpsDecisionInput = z.object({
  decision: z.enum(CPS_DECISIONS, { message: 'Choose the CPS decision' }),
  decidedOn: z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the decision' }).optional(),
  note: z.string().trim().max(5000, 'The note must be 5,000 characters or fewer').optional(),
})
export type CpsDecisionInputType = z.input<typeof CpsDecisionInput>

export type ReportRow = NonNullable<Awaited<ReturnType<typeof repo.findByInvestigation>>>
export type ReportVersionRow = Awaited<ReturnType<typeof repo.versions>>[number]
export type DeterminationRow = NonNullable<Awaited<ReturnType<typeof repo.determinationOfSubject>>>

export const EMPTY_SECTIONS: ReportSections = {
  summary: '',
  termsOfReference: '',
  chronologyEventIds: [],
  evidenceAnalysis: '',
  documentIds: [],
  findings: [],
  learning: '',
}

function sectionsOf(row: { sections: unknown }): ReportSections {
  const raw = typeof row.sections === 'string' ? (JSON.parse(row.sections) as unknown) : row.sections
  return { ...EMPTY_SECTIONS, ...(raw as Partial<ReportSections>) }
}

function reportStatus(status: string): ReportStatus {
  return status === 'submitted' || status === 'returned' || status === 'approved' ? status : 'draft'
}

/** Whether the report exists with a saved version and whether its current version is approved: for the investigation lifecycle. */
export async function reportFacts(
  db: Executor,
  investigationId: string,
): Promise<{ hasDraftReport: boolean; reportApproved: boolean }> {
  const report = await repo.findByInvestigation(db, investigationId)
  return {
    hasDraftReport: report !== undefined && report.current_version_number > 0,
    reportApproved:
      report !== undefined &&
      report.status === 'approved' &&
      report.approved_version_number === report.current_version_number,
  }
}

export function reportService(db: Kysely<Database>, documentStore: DocumentStore) {
  const access = caseAccess(db)

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
      await investigations.touch(trx, investigationId)
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
      return { report: updated, review: reviewRow }
    })
  }

  return {
    /** The report's state: status, current version's sections, history, reviews, determinations, and what the actor may do. */
    async overview(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await repo.findByInvestigation(db, investigationId)
      const [versionRows, reviews, subjects, determinations] = await Promise.all([
        report ? repo.versions(db, report.id) : Promise.resolve([]),
        report ? repo.reviews(db, report.id) : Promise.resolve([]),
        subjectNames(db, investigationId),
        repo.determinationsOfInvestigation(db, investigationId),
      ])
      const current = versionRows[0]
      await auditRead(ctx, {
        action: 'report.read',
        entityType: 'report',
        entityId: report?.id ?? null,
        caseId: investigationId,
        detail: {
          versionNumber: current?.version_number ?? null,
          fields: subjects.length
            ? ['officers.given_name', 'officers.family_name', 'officers.warrant_number', 'determinations.rationale']
            : [],
        },
      })
      const byId = new Map(determinations.map((d) => [d.subject_id, d]))
      const status = report ? reportStatus(report.status) : null
      return {
        investigation: loaded.investigation,
        report: report ?? null,
        status,
        statusLabel: status ? REPORT_STATUS_LABELS[status] : 'Not started',
        currentVersion: current ? { ...current, sections: sectionsOf(current) } : null,
        versions: versionRows.map((v) => ({
          versionNumber: v.version_number,
          savedBy: v.saved_by,
          savedAt: v.saved_at,
          pdfSha256: v.pdf_sha256,
        })),
        reviews,
        subjects: subjects.map((s) => ({
          id: s.id,
          name: s.name,
          status: s.status,
          determination: byId.get(s.id) ?? null,
        })),
        canDraft:
          access.may(ctx, 'report:draft', loaded) && (status === null || status === 'draft' || status === 'returned'),
        canSubmit:
          access.may(ctx, 'report:draft', loaded) &&
          report !== undefined &&
          report.current_version_number > 0 &&
          (status === 'draft' || status === 'returned'),
        canDecide: access.may(ctx, 'report:decide', loaded),
        canRecordCps: access.may(ctx, 'report:send', loaded),
      }
    },

    /** The chronology events and documents that can be referenced, and the subjects with their allegations. */
    async choices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [events, documents, subjects, allegations] = await Promise.all([
        repo.chronologyChoices(db, investigationId),
        repo.documentChoices(db, investigationId),
        subjectNames(db, investigationId),
        repo.allegationsOfCase(db, investigationId),
      ])
      return {
        events,
        documents,
        subjects: subjects.map((s) => ({
          id: s.id,
          name: s.name,
          allegations: allegations.filter((a) => a.subject_id === s.id),
        })),
      }
    },

    /**
     * Saves the sections as a new version (the first save creates the report). expectedVersion is
     * the report's version as read (0 when there is no report yet). Only a draft or returned
     * report can be revised; saving a returned one makes it a draft again.
     */
    async save(investigationId: string, input: ReportSectionsInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const sections: ReportSections = parseOrThrow(ReportSectionsInput, input)
      sections.chronologyEventIds = [...new Set(sections.chronologyEventIds)]
      sections.documentIds = [...new Set(sections.documentIds)]
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'report:draft', { forUpdate: true })
        let report = await repo.findByInvestigationForUpdate(trx, investigationId)
        if ((report?.version ?? 0) !== expectedVersion) throw new Conflict()
        const before = report ? reportStatus(report.status) : null
        if (before === 'submitted')
          throw new InvalidTransition('The report is with the decision maker; it can be revised once they return it.')
        if (before === 'approved') throw new InvalidTransition('The report has been approved; it cannot be revised.')
        await checkReferences(trx, investigationId, sections)
        if (!report)
          report = await repo.insert(trx, {
            id: uuidv7(),
            investigation_id: investigationId,
            status: 'draft',
            current_version_number: 0,
            approved_version_number: null,
          })
        const versionNumber = report.current_version_number + 1
        const saved = await repo.insertVersion(trx, {
          id: uuidv7(),
          report_id: report.id,
          investigation_id: investigationId,
          version_number: versionNumber,
          sections,
          saved_by: actor.userId,
        })
        const updated = await repo.update(
          trx,
          report.id,
          { status: 'draft', current_version_number: versionNumber },
          report.version,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: versionNumber === 1 ? 'report.drafted' : 'report.revised',
          entityType: 'report',
          entityId: report.id,
          caseId: investigationId,
          detail: {
            before: before ? { status: before, versionNumber: versionNumber - 1 } : null,
            after: {
              status: 'draft',
              versionNumber,
              chronologyEvents: sections.chronologyEventIds.length,
              documents: sections.documentIds.length,
              findings: sections.findings.length,
            },
          },
        })
        return { report: updated, version: { ...saved, sections } }
      })
    },

    async versions(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      return (await repo.versions(db, report.id)).map((v) => ({ ...v, sections: sectionsOf(v) }))
    },

    async version(investigationId: string, versionNumber: number, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const row = await requireVersion(db, report, versionNumber)
      return { ...row, sections: sectionsOf(row) }
    },

    /** A readable comparison of two versions, section by section, with word counts of the changes. */
    async compare(investigationId: string, from: number, to: number, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const [a, b] = [await requireVersion(db, report, from), await requireVersion(db, report, to)]
      const [sa, sb] = [sectionsOf(a), sectionsOf(b)]
      const resolved = await resolve(db, loaded, {
        ...sb,
        chronologyEventIds: [...new Set([...sa.chronologyEventIds, ...sb.chronologyEventIds])],
      })
      const left = comparableSections(sa, resolved)
      const right = comparableSections(sb, resolved)
      const sections = right.map((section, i) => {
        const pieces = diffText(left[i]!.text, section.text)
        return {
          id: section.id,
          heading: section.heading,
          changed: !isUnchanged(pieces),
          ...diffStatistics(pieces),
          pieces,
        }
      })
      return {
        from: { versionNumber: a.version_number, savedAt: a.saved_at },
        to: { versionNumber: b.version_number, savedAt: b.saved_at },
        sections,
      }
    },

    submit: (investigationId: string, expectedVersion: number, ctx: RequestContext) =>
      review(ctx, investigationId, 'report:draft', expectedVersion, 'submitted', null),

    async returnWithComments(
      investigationId: string,
      input: { comments: string },
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const { comments } = parseOrThrow(ReturnInput, input)
      return review(ctx, investigationId, 'report:decide', expectedVersion, 'returned', comments)
    },

    /** Approves the current version; refused, naming each subject, while any subject lacks a determination. */
    approve: (investigationId: string, expectedVersion: number, ctx: RequestContext) =>
      review(ctx, investigationId, 'report:decide', expectedVersion, 'approved', null),

    async determination(subjectId: string, ctx: RequestContext) {
      const { subject } = await requireSubject(db, ctx, subjectId, 'investigation:read-case-file')
      const row = await repo.determinationOfSubject(db, subject.id)
      if (!row) throw new NotFound('The determination')
      await auditRead(ctx, {
        action: 'determination.read',
        entityType: 'subject',
        entityId: subject.id,
        caseId: subject.investigation_id,
        detail: { fields: ['determinations.determination', 'determinations.rationale'] },
      })
      return row
    },

    /**
     * Records (or revises, before the report is approved) the decision maker's determination for a
     * subject. expectedVersion is the determination's version, 0 for the first. The first moves
     * the subject to "opinion given" through the subject lifecycle's guard.
     */
    async determine(subjectId: string, input: DeterminationInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DeterminationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'report:decide', { forUpdate: true })
        const report = await repo.findByInvestigation(trx, subject.investigation_id)
        if (report?.status === 'approved')
          throw new InvalidTransition('The report has been approved; its determinations can no longer be changed.')
        const existing = await repo.determinationOfSubject(trx, subject.id)
        if ((existing?.version ?? 0) !== expectedVersion) throw new Conflict()
        const decidedOn = data.decidedOn ?? londonDateOf(new Date())
        const values = {
          determination: data.determination,
          rationale: data.rationale,
          cps_referral: data.cpsReferral,
          decided_by: actor.userId,
          decided_on: decidedOn,
          ...(data.cpsReferral ? {} : { cps_decision: null, cps_decision_on: null, cps_decision_note: null }),
        }
        if (subject.status !== 'opinion_given') {
          const facts = await subjectFacts(trx, subject, data.determination)
          const result = transitionSubject(facts, 'opinion_given')
          if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
          await subjectsRepo.updateSubject(trx, subject.id, { status: 'opinion_given' })
          await auditTrail.record(trx, ctx, {
            action: 'subject.status-changed',
            entityType: 'subject',
            entityId: subject.id,
            caseId: subject.investigation_id,
            detail: { before: { status: subject.status }, after: { status: 'opinion_given' } },
          })
        }
        const saved = existing
          ? await repo.updateDetermination(trx, existing.id, values, expectedVersion)
          : await repo.insertDetermination(trx, {
              id: uuidv7(),
              investigation_id: subject.investigation_id,
              subject_id: subject.id,
              ...values,
              cps_decision: data.cpsReferral ? 'pending' : null,
              cps_decision_on: null,
              cps_decision_note: null,
            })
        if (!saved) throw new Conflict()
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: existing ? 'determination.revised' : 'determination.recorded',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: existing ? { determination: existing.determination, cpsReferral: existing.cps_referral } : null,
            after: { determination: data.determination, cpsReferral: data.cpsReferral, decidedOn },
          },
        })
        return saved
      })
    },

    /** Records the Crown Prosecution Service's decision on a subject referred to it. */
    async recordCpsDecision(
      subjectId: string,
      input: CpsDecisionInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(CpsDecisionInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'report:send', { forUpdate: true })
        const existing = await repo.determinationOfSubject(trx, subject.id)
        if (!existing) throw new NotFound('The determination')
        if (existing.version !== expectedVersion) throw new Conflict()
        if (!existing.cps_referral)
          throw new InvalidTransition('The matter was not referred to the Crown Prosecution Service.')
        const decidedOn = data.decision === 'pending' ? null : (data.decidedOn ?? londonDateOf(new Date()))
        const saved = await repo.updateDetermination(
          trx,
          existing.id,
          { cps_decision: data.decision, cps_decision_on: decidedOn, cps_decision_note: data.note || null },
          expectedVersion,
        )
        if (!saved) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'determination.cps-decision-recorded',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: { cpsDecision: existing.cps_decision, on: existing.cps_decision_on },
            after: { cpsDecision: data.decision, on: decidedOn },
          },
        })
        return saved
      })
    },

    /** The report as a document model (the approved version, else the current one, unless a version is named). */
    async document(investigationId: string, ctx: RequestContext, versionNumber?: number) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const chosen = versionNumber ?? report.approved_version_number ?? report.current_version_number
      const row = await requireVersion(db, report, chosen)
      const sections = sectionsOf(row)
      const doc = reportDocument(sections, await resolve(db, loaded, sections), {
        versionNumber: row.version_number,
        status:
          row.version_number === report.approved_version_number
            ? 'approved'
            : reportStatus(report.status) === 'approved'
              ? 'draft'
              : reportStatus(report.status),
      })
      await auditRead(ctx, {
        action: 'report.viewed',
        entityType: 'report',
        entityId: report.id,
        caseId: investigationId,
        detail: { versionNumber: row.version_number },
      })
      return { document: doc, version: row, report }
    },

    /**
     * The PDF of a version (by default the approved one, else the current): rendered once, stored
     * in the document store, its SHA-256 recorded on the version; later requests return the
     * stored bytes, so the recorded hash always names the document people received.
     */
    async pdf(investigationId: string, ctx: RequestContext, versionNumber?: number) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const chosen = versionNumber ?? report.approved_version_number ?? report.current_version_number
      let row = await requireVersion(db, report, chosen)
      let bytes = row.pdf_sha256 ? await documentStore.get(row.pdf_sha256) : null
      if (!bytes) {
        const sections = sectionsOf(row)
        const approved = row.version_number === report.approved_version_number
        const doc = reportDocument(sections, await resolve(db, loaded, sections), {
          versionNumber: row.version_number,
          status: approved ? 'approved' : 'draft',
        })
        const pdf = await renderReportPdf(doc, { generatedOn: londonDateOf(new Date()) })
        const stored = await documentStore.put(pdf)
        bytes = pdf
        row = await db.transaction().execute(async (trx) => {
          const updated = await repo.recordPdf(trx, row.id, stored.sha256, stored.size)
          await auditTrail.record(trx, ctx, {
            action: 'report.rendered',
            entityType: 'report',
            entityId: report.id,
            caseId: investigationId,
            detail: { versionNumber: row.version_number, contentSha256: stored.sha256, sizeBytes: stored.size },
          })
          return updated
        })
      }
      await auditRead(ctx, {
        action: 'report.downloaded',
        entityType: 'report',
        entityId: report.id,
        caseId: investigationId,
        detail: { versionNumber: row.version_number, contentSha256: row.pdf_sha256 },
      })
      return {
        bytes,
        sha256: row.pdf_sha256!,
        versionNumber: row.version_number,
        filename: `report-${loaded.investigation.reference.replace('/', '-')}-v${row.version_number}.pdf`,
      }
    },
  }
}

/** The subject lifecycle's facts, with the determination as the opinion. */
async function subjectFacts(
  executor: Executor,
  subject: { id: string; status: string },
  opinion: Opinion,
): Promise<SubjectFacts> {
  const [severityRows, notices] = await Promise.all([
    subjectsRepo.severityAssessmentsOfSubject(executor, subject.id),
    subjectsRepo.noticesOfSubject(executor, subject.id),
  ])
  const history = orderedSeverityHistory(
    severityRows
      .filter((r) => isSeverity(r.severity))
      .map((r) => ({ severity: r.severity, assessedOn: r.assessed_on })),
  )
  const latest = notices[0]
  const notice =
    latest &&
    latest.served_on &&
    latest.service_method &&
    isNoticeServiceMethod(latest.service_method) &&
    latest.severity &&
    isSeverity(latest.severity)
      ? { servedOn: latest.served_on, method: latest.service_method, severity: latest.severity }
      : null
  return {
    status: isSubjectStatus(subject.status) ? subject.status : 'identified',
    severityHistory: history,
    notice,
    responseReceivedOn: latest?.response_received_on ?? null,
    today: londonDateOf(new Date()),
    opinion: isOpinion(opinion) ? opinion : null,
    proceedingsDecision: null,
    hasLiveFinalWrittenWarning: false,
    outcome: null,
  }
}

export type ReportService = ReturnType<typeof reportService>
