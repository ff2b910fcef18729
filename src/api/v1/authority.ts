/**
 * The appropriate authority's side of the API (tag `Appropriate authority`, ADR 0014): a force's
 * professional standards department, with a token of one of its users, finds the reports sent to
 * its force and reads each as the force receives it, with the subjects of its force it must
 * respond about and the determinations, recommendations and directions addressed to it. It then
 * answers through the Outcomes operations (recordAuthorityResponse, recordProceeding,
 * updateProceeding, updateRecommendation …) with the ids given here.
 */
import { z } from 'zod'
import { OPINIONS, RANKS } from '../../domain/vocabulary.js'
import { INVESTIGATION_STATUSES } from '../../domain/investigationLifecycle.js'
import { SUBJECT_STATUSES } from '../../domain/subjectLifecycle.js'
import { defineOperation } from '../operations.js'
import { PageQuery, pageOf, toPage } from '../pagination.js'
import { decodeCursor } from '../../http/cursor.js'
import type { ApiModule } from '../operations.js'
import {
  AuthorityResponseJson,
  LearningRecommendationJson,
  ProceedingJson,
  RecommendationJson,
  learningJson,
  proceedingJson,
  recommendationJson,
  responseJson,
} from './outcomes.js'

const TAGS = ['Appropriate authority']

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })

const AuthorityReportSummary = z
  .object({
    id: z.uuid().meta({ description: 'The investigation’s id: use it with getAuthorityReport' }),
    reference: z.string(),
    title: z.string(),
    status: z.enum(INVESTIGATION_STATUSES),
    sentOn: plainDate,
    responseDueOn: plainDate.meta({ description: 'When the force’s response is due (15 working days after sending)' }),
    subjects: z.number().int().meta({ description: 'Subjects serving with your force' }),
    responses: z.number().int().meta({ description: 'Of those, how many have your response recorded' }),
    href: z.string(),
  })
  .meta({ id: 'AuthorityReportSummary', description: 'A report sent to your force' })

const ReportBlockJson = z.union([
  z.object({
    kind: z.literal('paragraphs'),
    paragraphs: z.array(z.object({ number: z.number().int(), text: z.string() })),
  }),
  z.object({ kind: z.literal('subheading'), text: z.string() }),
])

const AuthoritySubject = z
  .object({
    id: z.uuid().meta({ description: 'The subject’s id: record responses and proceedings with it' }),
    name: z.string(),
    givenName: z.string(),
    familyName: z.string(),
    rank: z.enum(RANKS),
    warrantNumber: z.string(),
    status: z.enum(SUBJECT_STATUSES),
    determination: z.enum(OPINIONS).nullable(),
    response: AuthorityResponseJson.nullable(),
    recommendations: z.array(RecommendationJson).meta({ description: 'Recommendations and directions about them' }),
    proceeding: ProceedingJson.nullable(),
  })
  .meta({ id: 'AuthoritySubject', description: 'A subject serving with your force' })

const AuthorityReport = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    status: z.enum(INVESTIGATION_STATUSES),
    force: z.object({ id: z.uuid(), name: z.string() }),
    sentOn: plainDate,
    responseDueOn: plainDate,
    canRespond: z.boolean(),
    report: z
      .object({
        versionNumber: z.number().int(),
        pdfUrl: z.string(),
        sections: z.array(z.object({ id: z.string(), heading: z.string(), blocks: z.array(ReportBlockJson) })),
      })
      .nullable()
      .meta({
        description:
          'The approved report as sent to your force: the summary, terms of reference, findings about your officers and learning, with the redactions that apply to you',
      }),
    subjects: z.array(AuthoritySubject),
    learningRecommendations: z.array(LearningRecommendationJson),
  })
  .meta({ id: 'AuthorityReport', description: 'A report sent to your force, as your force receives it' })

const IdParams = z.object({ id: z.uuid() })

export const authorityOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/authority/reports',
    operationId: 'listAuthorityReports',
    summary: 'The reports sent to your force, newest first',
    tags: TAGS,
    access: 'authority:read-report',
    query: PageQuery,
    responses: { 200: { description: 'A page of reports', schema: pageOf(AuthorityReportSummary) } },
    async handler({ query, ctx }) {
      const after = decodeCursor(query.cursor, z.object({ sentOn: plainDate, investigationId: z.uuid() }))
      const rows = await services.authorityReports.list(ctx, { ...(after ? { after } : {}), limit: query.limit + 1 })
      const items = rows.map((r) => ({
        id: r.investigation_id,
        reference: r.reference,
        title: r.title,
        status: r.status as (typeof INVESTIGATION_STATUSES)[number],
        sentOn: r.sent_on,
        responseDueOn: r.response_due_on,
        subjects: r.subjects,
        responses: r.responses,
        href: `/api/v1/authority/reports/${r.investigation_id}`,
      }))
      return toPage(items, query.limit, (last) => ({ sentOn: last.sentOn, investigationId: last.id }))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/authority/reports/:id',
    operationId: 'getAuthorityReport',
    summary: 'A report sent to your force, with your force’s subjects and what is addressed to you',
    description:
      'Only the subjects serving with your force, never another force’s officers or the families’ details. Audited as a read of personal data.',
    tags: TAGS,
    access: 'authority:read-report',
    params: IdParams,
    responses: { 200: { description: 'The report as your force receives it', schema: AuthorityReport } },
    async handler({ params, ctx }, _request, reply) {
      const view = await services.authorityReports.get(params.id, ctx)
      reply.header('cache-control', 'private, no-store')
      const sending = view.sending!
      return {
        id: view.investigation.id,
        reference: view.investigation.reference,
        title: view.investigation.title,
        status: view.investigation.status as (typeof INVESTIGATION_STATUSES)[number],
        force: view.force!,
        sentOn: sending.sent_on,
        responseDueOn: sending.response_due_on,
        canRespond: view.canRespond,
        report: view.document
          ? {
              versionNumber: view.document.versionNumber,
              pdfUrl: `/api/v1/authority/reports/${params.id}/pdf`,
              sections: view.document.sections.map((s) => ({
                id: s.id,
                heading: s.heading,
                blocks: s.blocks.flatMap((b): z.output<typeof ReportBlockJson>[] =>
                  b.kind === 'paragraphs'
                    ? [{ kind: 'paragraphs' as const, paragraphs: b.paragraphs }]
                    : b.kind === 'subheading'
                      ? [{ kind: 'subheading' as const, text: b.text }]
                      : [],
                ),
              })),
            }
          : null,
        subjects: view.subjects.map((s) => {
          const response = view.responses.find((r) => r.subject_id === s.id)
          const proceeding = view.proceedings.find((p) => p.subject_id === s.id)
          return {
            id: s.id,
            name: `${s.given_name} ${s.family_name}`,
            givenName: s.given_name,
            familyName: s.family_name,
            rank: s.rank as (typeof RANKS)[number],
            warrantNumber: s.warrant_number,
            status: s.status as (typeof SUBJECT_STATUSES)[number],
            determination: (s.determination as (typeof OPINIONS)[number] | null) ?? null,
            response: response ? responseJson(response) : null,
            recommendations: view.recommendations.filter((r) => r.subject_id === s.id).map(recommendationJson),
            proceeding: proceeding ? proceedingJson(proceeding) : null,
          }
        }),
        learningRecommendations: view.learning.map(learningJson),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/authority/reports/:id/pdf',
    operationId: 'getAuthorityReportPdf',
    summary: 'The report as sent to your force, as a PDF',
    tags: TAGS,
    access: 'authority:read-report',
    params: IdParams,
    responses: { 200: { description: 'The PDF bytes (Content-Type application/pdf)' } },
    async handler({ params, ctx }, _request, reply) {
      const pdf = await services.authorityReports.pdf(params.id, ctx)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes)
    },
  })
}
