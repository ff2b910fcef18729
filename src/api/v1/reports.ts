/**
 * The final report in the JSON API, named after the glossary: `reports` (one per investigation,
 * at /investigations/:id/report), `report-versions` (every saved version, and a comparison of
 * two), the decision maker's submissions, returns and approvals, and `determinations` (one per
 * subject). The same service, rules, audit and authorisation as the pages.
 *
 * The report and a determination are created by the first PUT: with `If-None-Match: *` when
 * there is none yet (a GET answers ETag "0"), and thereafter with `If-Match` naming the ETag.
 */
import { int32 } from '../../domain/inputBounds.js'
import type { FastifyRequest } from 'fastify'
import { z } from 'zod'
import { CPS_DECISIONS, REPORT_STATUSES } from '../../domain/report.js'
import { INVESTIGATION_STATUSES, type InvestigationStatus } from '../../domain/investigationLifecycle.js'
import { OPINIONS } from '../../domain/vocabulary.js'
import type { ReportSections } from '../../data/schema.js'
import {
  CpsDecisionInput,
  DeterminationInput,
  ReportSectionsInput,
  ReturnInput,
  type DeterminationRow,
  type ReportRow,
} from '../../services/reports.js'
import { notModified, preconditionFailed, setETag, withIfMatch } from '../concurrency.js'
import { Conflict } from '../../services/errors.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const iso = (d: Date | string) => new Date(d).toISOString()

const SectionsJson = z
  .object({
    summary: z.string(),
    termsOfReference: z.string(),
    chronologyEventIds: z
      .array(z.uuid())
      .meta({ description: 'The chronology events the chronology extract includes' }),
    evidenceAnalysis: z.string(),
    documentIds: z.array(z.uuid()).meta({ description: 'The evidence documents the analysis refers to' }),
    findings: z
      .array(z.object({ subjectId: z.uuid(), allegationId: z.uuid().nullable(), text: z.string() }))
      .meta({ description: 'Findings per subject and allegation' }),
    learning: z.string(),
  })
  .meta({
    id: 'ReportSections',
    description: 'The report’s structured sections; paragraphs are separated by a blank line',
  })

const ReviewJson = z
  .object({
    kind: z.enum(['submitted', 'returned', 'approved']),
    versionNumber: z.number().int(),
    comments: z.string().nullable(),
    reviewedBy: z.uuid().nullable(),
    reviewedAt: z.iso.datetime(),
  })
  .meta({ id: 'ReportReview' })

const ReportJson = z
  .object({
    investigationId: z.uuid(),
    status: z.enum(['not_started', ...REPORT_STATUSES]),
    currentVersionNumber: z.number().int().meta({ description: '0 before the first save' }),
    approvedVersionNumber: z.number().int().nullable(),
    sections: SectionsJson.nullable().meta({ description: 'The current version’s sections' }),
    reviews: z.array(ReviewJson).meta({ description: 'Newest first' }),
    pdfUrl: z.string().nullable(),
    version: z.number().int().meta({ description: 'The report’s version for If-Match (0 before the first save)' }),
    investigationStatus: z.enum(INVESTIGATION_STATUSES).meta({
      description:
        'The case’s status, which the report’s workflow drives: submitted → report_with_decision_maker, returned → report_drafting, approved → report_approved, sent → report_sent_to_appropriate_authority (docs/lifecycle.md)',
    }),
    investigationVersion: z.number().int().meta({
      description:
        'The investigation’s version (each report step that moves the case changes it): If-Match for sending the report',
    }),
  })
  .meta({ id: 'Report', description: 'The final report of an investigation' })

const ReportVersionJson = z
  .object({
    versionNumber: z.number().int(),
    sections: SectionsJson,
    savedBy: z.uuid().nullable(),
    savedAt: z.iso.datetime(),
    pdfSha256: z
      .string()
      .nullable()
      .meta({ description: 'SHA-256 of the PDF rendered from this version, once rendered' }),
  })
  .meta({ id: 'ReportVersion', description: 'One saved version of the report; every version is kept' })

const DiffPieceJson = z
  .object({ kind: z.enum(['equal', 'insert', 'delete']), text: z.string() })
  .meta({ id: 'DiffPiece' })
const ComparisonJson = z
  .object({
    from: z.number().int(),
    to: z.number().int(),
    sections: z.array(
      z.object({
        id: z.string(),
        heading: z.string(),
        changed: z.boolean(),
        wordsInserted: z.number().int(),
        wordsDeleted: z.number().int(),
        pieces: z.array(DiffPieceJson),
      }),
    ),
  })
  .meta({
    id: 'ReportComparison',
    description:
      'A word-level diff of two versions, section by section: keeping equal and insert pieces gives the newer text',
  })

const DeterminationJson = z
  .object({
    subjectId: z.uuid(),
    investigationId: z.uuid(),
    determination: z.enum(OPINIONS),
    rationale: z.string(),
    cpsReferral: z.boolean(),
    cpsDecision: z.enum(CPS_DECISIONS).nullable(),
    cpsDecisionOn: z.iso.date().nullable(),
    cpsDecisionNote: z.string().nullable(),
    decidedBy: z.uuid().nullable(),
    decidedOn: z.iso.date(),
    version: z.number().int(),
  })
  .meta({
    id: 'Determination',
    description:
      'The decision maker’s determination for one subject, with any referral to the Crown Prosecution Service',
  })

function determinationJson(d: DeterminationRow): z.output<typeof DeterminationJson> {
  return {
    subjectId: d.subject_id,
    investigationId: d.investigation_id,
    determination: d.determination as z.output<typeof DeterminationJson>['determination'],
    rationale: d.rationale,
    cpsReferral: d.cps_referral,
    cpsDecision: d.cps_decision,
    cpsDecisionOn: d.cps_decision_on,
    cpsDecisionNote: d.cps_decision_note,
    decidedBy: d.decided_by,
    decidedOn: d.decided_on,
    version: d.version,
  }
}

/** If-None-Match: * creates (expected version 0); otherwise If-Match names the version. */
async function createOrMatch<T>(request: FastifyRequest, change: (expectedVersion: number) => Promise<T>): Promise<T> {
  if (request.headers['if-match'] === undefined && request.headers['if-none-match']?.trim() === '*') {
    try {
      return await change(0)
    } catch (error) {
      if (error instanceof Conflict)
        throw preconditionFailed(
          'It already exists, so nothing was saved: GET it and send If-Match with the ETag value from that response.',
        )
      throw error
    }
  }
  return withIfMatch(request, change)
}

const createHeaders = [
  { name: 'If-Match', description: 'The ETag from the latest GET, e.g. "3"; required once the resource exists' },
  { name: 'If-None-Match', description: '`*` to create the resource when it does not exist yet' },
]
const createProblems = {
  412: {
    description: 'If-Match does not name the current version (or the resource already exists): nothing was changed',
    problem: true,
  },
  428: { description: 'If-Match (or If-None-Match: *) is required', problem: true },
}

const IdParams = z.object({ id: z.uuid() })
const VersionParams = z.object({ id: z.uuid(), number: int32().min(1).max(1_000_000) })
const TAGS = ['Reports']

export const reportOperations: ApiModule = ({ app, registry, services }) => {
  async function reportJson(
    investigationId: string,
    ctx: Parameters<typeof services.reports.overview>[1],
  ): Promise<{ body: z.output<typeof ReportJson>; version: number }> {
    const o = await services.reports.overview(investigationId, ctx)
    const report: ReportRow | null = o.report
    return {
      version: report?.version ?? 0,
      body: {
        investigationId,
        status: o.status ?? 'not_started',
        currentVersionNumber: report?.current_version_number ?? 0,
        approvedVersionNumber: report?.approved_version_number ?? null,
        sections: o.currentVersion ? (o.currentVersion.sections satisfies ReportSections) : null,
        reviews: o.reviews.map((r) => ({
          kind: r.kind,
          versionNumber: r.version_number,
          comments: r.comments,
          reviewedBy: r.reviewed_by,
          reviewedAt: iso(r.reviewed_at),
        })),
        pdfUrl:
          report && report.current_version_number > 0 ? `/api/v1/investigations/${investigationId}/report/pdf` : null,
        version: report?.version ?? 0,
        investigationStatus: o.investigation.status as InvestigationStatus,
        investigationVersion: o.investigation.version,
      },
    }
  }

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report',
    operationId: 'getReport',
    summary: 'The investigation’s final report: status, current sections and reviews',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The report (status not_started and ETag "0" before the first save)',
        schema: ReportJson,
        headers: etagHeader,
      },
    },
    async handler({ params, ctx }, request, reply) {
      const { body, version } = await reportJson(params.id, ctx)
      if (notModified(request, reply, version)) return reply
      return body
    },
  })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/investigations/:id/report',
    operationId: 'saveReport',
    summary:
      'Save the report’s sections as a new version (investigators only; not while with the decision maker or once approved)',
    tags: TAGS,
    access: 'report:draft',
    params: IdParams,
    body: ReportSectionsInput,
    headers: createHeaders,
    responses: {
      200: { description: 'The report with its new current version', schema: ReportJson, headers: etagHeader },
      409: { description: 'The report cannot be revised now', problem: true },
      ...createProblems,
    },
    async handler({ params, body, ctx }, request, reply) {
      await createOrMatch(request, (expected) => services.reports.save(params.id, body, expected, ctx))
      const { body: json, version } = await reportJson(params.id, ctx)
      setETag(reply, version)
      return json
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report/pdf',
    operationId: 'getReportPdf',
    summary: 'The report as a PDF (the approved version, else the current one); its SHA-256 is recorded on the version',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    query: z.object({ version: int32().min(1).optional() }),
    responses: {
      200: {
        description: 'The PDF bytes (Content-Type application/pdf); header X-Content-SHA256 gives the recorded hash',
      },
    },
    async handler({ params, query, ctx }, _request, reply) {
      const pdf = await services.reports.pdf(params.id, ctx, query.version)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('x-content-sha256', pdf.sha256)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes)
    },
  })

  for (const [kind, path, operationId, summary, access] of [
    ['submit', 'submissions', 'submitReport', 'Submit the current version to the decision maker', 'report:draft'],
    [
      'approve',
      'approvals',
      'approveReport',
      'Approve the current version (the decision maker; refused, naming them, while any subject lacks a determination)',
      'report:decide',
    ],
  ] as const) {
    defineOperation(app, registry, {
      method: 'post',
      path: `/api/v1/investigations/:id/report/${path}`,
      operationId,
      summary,
      tags: TAGS,
      access,
      params: IdParams,
      concurrency: 'if-match',
      responses: {
        200: { description: 'The report in its new status', schema: ReportJson, headers: etagHeader },
        409: { description: 'Not possible in the report’s status; the detail names what is missing', problem: true },
      },
      async handler({ params, expectedVersion, ctx }, _request, reply) {
        await (kind === 'submit'
          ? services.reports.submit(params.id, expectedVersion, ctx)
          : services.reports.approve(params.id, expectedVersion, ctx))
        const { body, version } = await reportJson(params.id, ctx)
        setETag(reply, version)
        return body
      },
    })
  }

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/report/returns',
    operationId: 'returnReport',
    summary: 'Return the submitted report to the investigators with comments (the decision maker)',
    tags: TAGS,
    access: 'report:decide',
    params: IdParams,
    body: ReturnInput,
    concurrency: 'if-match',
    responses: {
      200: { description: 'The report, returned', schema: ReportJson, headers: etagHeader },
      409: { description: 'The report is not with the decision maker', problem: true },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      await services.reports.returnWithComments(params.id, body, expectedVersion, ctx)
      const { body: json, version } = await reportJson(params.id, ctx)
      setETag(reply, version)
      return json
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report-versions',
    operationId: 'listReportVersions',
    summary: 'Every saved version of the report, newest first',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The versions (one page)',
        schema: z.object({ items: z.array(ReportVersionJson), nextCursor: z.null() }),
      },
    },
    async handler({ params, ctx }) {
      const rows = await services.reports.versions(params.id, ctx)
      return {
        items: rows.map((v) => ({
          versionNumber: v.version_number,
          sections: v.sections,
          savedBy: v.saved_by,
          savedAt: iso(v.saved_at),
          pdfSha256: v.pdf_sha256,
        })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report-versions/compare',
    operationId: 'compareReportVersions',
    summary: 'Compare two versions of the report: a word-level diff per section',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    query: z.object({ from: int32().min(1), to: int32().min(1) }),
    responses: { 200: { description: 'The comparison', schema: ComparisonJson } },
    async handler({ params, query, ctx }) {
      const c = await services.reports.compare(params.id, query.from, query.to, ctx)
      return { from: c.from.versionNumber, to: c.to.versionNumber, sections: c.sections }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report-versions/:number',
    operationId: 'getReportVersion',
    summary: 'One saved version of the report',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: VersionParams,
    responses: { 200: { description: 'The version', schema: ReportVersionJson } },
    async handler({ params, ctx }) {
      const v = await services.reports.version(params.id, params.number, ctx)
      return {
        versionNumber: v.version_number,
        sections: v.sections,
        savedBy: v.saved_by,
        savedAt: iso(v.saved_at),
        pdfSha256: v.pdf_sha256,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/subjects/:id/determination',
    operationId: 'getDetermination',
    summary: 'The decision maker’s determination for a subject',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The determination', schema: DeterminationJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const d = await services.reports.determination(params.id, ctx)
      if (notModified(request, reply, d.version)) return reply
      return determinationJson(d)
    },
  })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/subjects/:id/determination',
    operationId: 'recordDetermination',
    summary:
      'Record or revise the determination for a subject (the decision maker; moves the subject to “opinion given”)',
    tags: TAGS,
    access: 'report:decide',
    params: IdParams,
    body: DeterminationInput,
    headers: createHeaders,
    responses: {
      200: { description: 'The determination', schema: DeterminationJson, headers: etagHeader },
      409: {
        description: 'The subject’s lifecycle or the approved report does not allow it; the detail says why',
        problem: true,
      },
      ...createProblems,
    },
    async handler({ params, body, ctx }, request, reply) {
      const d = await createOrMatch(request, (expected) => services.reports.determine(params.id, body, expected, ctx))
      setETag(reply, d.version)
      return determinationJson(d)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/determination/cps-decisions',
    operationId: 'recordCpsDecision',
    summary: 'Record the Crown Prosecution Service’s decision on a subject referred to it',
    tags: TAGS,
    access: 'report:send',
    params: IdParams,
    body: CpsDecisionInput,
    concurrency: 'if-match',
    responses: {
      200: { description: 'The determination with the CPS decision', schema: DeterminationJson, headers: etagHeader },
      409: { description: 'The subject was not referred to the CPS', problem: true },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const d = await services.reports.recordCpsDecision(params.id, body, expectedVersion, ctx)
      setETag(reply, d.version)
      return determinationJson(d)
    },
  })
}
