/**
 * Redaction and publication in the JSON API: `redactions` of the approved report (list, add,
 * remove), the case's `publication` (release to interested persons with the time it goes public,
 * reschedule or publish now, withdraw), and the public site's read endpoints (`publications`,
 * no token needed, published rows only). The same service, rules, audit and authorisation as
 * the pages; a release refused because of a publication hold is a 409 naming each hold.
 */
import { z } from 'zod'
import { REDACTION_REASONS } from '../../domain/redaction.js'
import { PUBLICATION_THEMES, RedactionInput, type PublicationRow } from '../../services/publications.js'
import { NotFound } from '../../services/errors.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const iso = (d: Date | string) => new Date(d).toISOString()
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d))

const RedactionJson = z
  .object({
    id: z.uuid(),
    reportVersionNumber: z.number().int(),
    section: z.string().meta({ description: 'A section id of the report, "title", or "*" for anywhere in the report' }),
    text: z.string().meta({ description: 'The exact text removed' }),
    occurrence: z
      .number()
      .int()
      .meta({ description: '0-based occurrence within the section, or -1 for every occurrence' }),
    reason: z.enum(REDACTION_REASONS),
    note: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Redaction', description: 'A passage or field removed from the published report, with the reason' })

const PublicationJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    reportVersionNumber: z.number().int(),
    title: z.string(),
    summary: z.string(),
    themes: z.array(z.string()),
    status: z.enum(['released_to_interested_persons', 'published', 'withdrawn']),
    releasedToInterestedPersonsAt: z.iso.datetime(),
    publicFrom: z.iso
      .datetime()
      .nullable()
      .meta({ description: 'When it goes (or went) on the public site; null until decided' }),
    publishedAt: z.iso.datetime().nullable(),
    pdfSha256: z.string().meta({ description: 'SHA-256 of the redacted PDF' }),
    publicUrl: z.string().nullable().meta({ description: 'The public page, once published' }),
    version: z.number().int(),
  })
  .meta({ id: 'Publication', description: 'The redacted report as released to interested persons and the public' })

const PublicPublicationJson = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    summary: z.string(),
    forceName: z.string(),
    themes: z.array(z.string()),
    publishedAt: z.iso.datetime(),
    pageUrl: z.string(),
    pdfUrl: z.string(),
  })
  .meta({ id: 'PublicPublication', description: 'A published investigation report on the public site' })

function publicationJson(p: PublicationRow): z.output<typeof PublicationJson> {
  return {
    id: p.id,
    investigationId: p.investigation_id,
    reportVersionNumber: p.report_version_number,
    title: p.title,
    summary: p.summary,
    themes: p.themes,
    status: p.status,
    releasedToInterestedPersonsAt: iso(p.released_to_interested_persons_at),
    publicFrom: isoOrNull(p.public_from),
    publishedAt: isoOrNull(p.published_at),
    pdfSha256: p.redacted_pdf_sha256,
    publicUrl: p.status === 'published' ? `/publications/${p.id}` : null,
    version: p.version,
  }
}

const IdParams = z.object({ id: z.uuid() })
const TAGS = ['Publication']

export const ReleaseBody = z.object({
  summary: z.string().trim().min(1).max(5000).meta({ description: 'The summary shown on the public site' }),
  themes: z.array(z.enum(PUBLICATION_THEMES)).max(PUBLICATION_THEMES.length).default([]),
  publicFrom: z.iso.datetime({ offset: true }).nullable().default(null).meta({
    description:
      'When it goes on the public site: now or earlier publishes at once; a future instant schedules it; null decides later',
  }),
})

export const publicationOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/redactions',
    operationId: 'listRedactions',
    summary: 'The redactions marked on the approved report',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The redactions in force, in the order marked',
        schema: z.object({ items: z.array(RedactionJson) }),
      },
      409: { description: 'The report is not approved yet', problem: true },
    },
    async handler({ params, ctx }) {
      const rows = await services.publications.redactions(params.id, ctx)
      return {
        items: rows.map((r) => ({
          id: r.id,
          reportVersionNumber: r.report_version_number,
          section: r.section,
          text: r.redacted_text,
          occurrence: r.occurrence,
          reason: r.reason,
          note: r.note,
          createdBy: r.created_by,
          createdAt: iso(r.created_at),
        })),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/redactions',
    operationId: 'addRedaction',
    summary:
      'Mark a passage (one occurrence in a section) or a field (every occurrence) of the approved report to redact, with the reason',
    tags: TAGS,
    access: 'publication:redact',
    params: IdParams,
    body: RedactionInput,
    responses: {
      201: { description: 'The redaction', schema: RedactionJson },
      409: { description: 'The report is not approved, or has been released', problem: true },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const r = await services.publications.addRedaction(params.id, body, ctx)
      reply.code(201)
      return {
        id: r.id,
        reportVersionNumber: r.report_version_number,
        section: r.section,
        text: r.redacted_text,
        occurrence: r.occurrence,
        reason: r.reason,
        note: r.note,
        createdBy: r.created_by,
        createdAt: iso(r.created_at),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/investigations/:id/redactions/:redactionId',
    operationId: 'removeRedaction',
    summary: 'Remove a redaction (kept in the record as removed)',
    tags: TAGS,
    access: 'publication:redact',
    params: z.object({ id: z.uuid(), redactionId: z.uuid() }),
    responses: { 204: { description: 'Removed' }, 409: { description: 'The report has been released', problem: true } },
    async handler({ params, ctx }, _request, reply) {
      await services.publications.removeRedaction(params.id, params.redactionId, ctx)
      return reply.code(204).send()
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/publication',
    operationId: 'getPublication',
    summary: 'The case’s current publication (not withdrawn)',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: { description: 'The publication', schema: PublicationJson, headers: etagHeader },
      404: { description: 'The report has not been released', problem: true },
    },
    async handler({ params, ctx }, request, reply) {
      const o = await services.publications.overview(params.id, ctx)
      if (!o.current) throw new NotFound('The publication')
      if (notModified(request, reply, o.current.version)) return reply
      return publicationJson(o.current)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/publication',
    operationId: 'releasePublication',
    summary:
      'Release the redacted approved report to interested persons (portal and e-mail) and choose when it goes public (the decision maker; refused while a publication hold is in force)',
    tags: TAGS,
    access: 'publication:publish',
    params: IdParams,
    body: ReleaseBody,
    responses: {
      201: { description: 'The publication', schema: PublicationJson, headers: etagHeader },
      409: {
        description:
          'A publication hold is in force (each is named with what lifts it), the report is not approved, or it is already released',
        problem: true,
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const row = await services.publications.release(params.id, body, ctx)
      setETag(reply, row.version)
      reply.code(201)
      return publicationJson(row)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/publication/schedule',
    operationId: 'schedulePublication',
    summary: 'Set when the released report goes on the public site; an instant now or past publishes it at once',
    tags: TAGS,
    access: 'publication:publish',
    params: IdParams,
    body: z.object({ publicFrom: z.iso.datetime({ offset: true }) }),
    concurrency: 'if-match',
    responses: {
      200: { description: 'The publication', schema: PublicationJson, headers: etagHeader },
      409: { description: 'Already public, or a hold is in force', problem: true },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const row = await services.publications.schedule(params.id, body, expectedVersion, ctx)
      setETag(reply, row.version)
      return publicationJson(row)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/publication/withdrawal',
    operationId: 'withdrawPublication',
    summary: 'Withdraw the publication from the public site and the portal (the record is kept)',
    tags: TAGS,
    access: 'publication:publish',
    params: IdParams,
    body: z.object({ reason: z.string().trim().min(1).max(2000) }),
    concurrency: 'if-match',
    responses: { 200: { description: 'The withdrawn publication', schema: PublicationJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const row = await services.publications.withdraw(params.id, body, expectedVersion, ctx)
      setETag(reply, row.version)
      return publicationJson(row)
    },
  })

  const publicJson = (p: {
    id: string
    reference: string
    title: string
    summary: string
    force_name: string
    themes: string[]
    published_at: Date
  }) => ({
    id: p.id,
    reference: p.reference,
    title: p.title,
    summary: p.summary,
    forceName: p.force_name,
    themes: p.themes,
    publishedAt: p.published_at.toISOString(),
    pageUrl: `/publications/${p.id}`,
    pdfUrl: `/publications/${p.id}/report.pdf`,
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/publications',
    operationId: 'listPublicPublications',
    summary: 'Published investigation reports (no token needed): full-text search, filters, keyset pages, newest first',
    tags: TAGS,
    access: 'public',
    query: z.object({
      q: z.string().max(200).optional(),
      force: z.uuid().optional(),
      year: z
        .string()
        .regex(/^\d{4}$/)
        .optional(),
      theme: z.enum(PUBLICATION_THEMES).optional(),
      after: z.string().max(100).optional(),
    }),
    responses: {
      200: {
        description: 'A page of publications; `next` is the `after` value for the next page',
        schema: z.object({ items: z.array(PublicPublicationJson), next: z.string().nullable() }),
      },
    },
    async handler({ query }, _request, reply) {
      const list = await services.publications.public.list(query)
      reply.header('cache-control', 'public, max-age=300')
      return { items: list.items.map(publicJson), next: list.next }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/publications/:id',
    operationId: 'getPublicPublication',
    summary: 'One published report with the learning recommendations and the forces’ responses (no token needed)',
    tags: TAGS,
    access: 'public',
    params: IdParams,
    responses: {
      200: {
        description: 'The publication',
        schema: PublicPublicationJson.extend({
          recommendations: z.array(
            z.object({
              recipientName: z.string(),
              text: z.string(),
              madeOn: z.iso.date(),
              response: z.string().nullable(),
              respondedOn: z.iso.date().nullable(),
              responseText: z.string().nullable(),
            }),
          ),
        }).meta({ id: 'PublicPublicationDetail' }),
      },
      404: { description: 'No published report has this id', problem: true },
    },
    async handler({ params }, _request, reply) {
      const p = await services.publications.public.find(params.id)
      if (!p) throw new NotFound('The publication')
      reply.header('cache-control', 'public, max-age=300')
      return {
        ...publicJson(p),
        recommendations: p.recommendations.map((r) => ({
          recipientName: r.recipient_name,
          text: r.text,
          madeOn: r.made_on,
          response: r.response,
          respondedOn: r.responded_on,
          responseText: r.response_text,
        })),
      }
    },
  })
}
