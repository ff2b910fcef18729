/**
 * The decision log over the API: list in date order (keyset pages), record a draft (or a
 * superseding entry), read (ETag), sign (If-Match; its author only), the lead's review, and
 * the signed log as a PDF.
 */
import { z } from 'zod'
import { DECISION_KINDS } from '../../domain/decisionLog.js'
import { DecisionChange, DecisionInput, ReviewInput, type DecisionEntry } from '../../services/decisions.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'
import type { ApiModule } from '../operations.js'

const Person = z.object({ id: z.uuid(), name: z.string() })
const Ref = z.object({ id: z.uuid(), reference: z.string() })

export const DecisionJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'D1, D2… within the investigation' }),
    kind: z.enum(DECISION_KINDS),
    decision: z.string(),
    optionsConsidered: z.string(),
    rationale: z.string(),
    informationReliedOn: z.string().nullable(),
    documentIds: z.array(z.uuid()),
    chronologyEventIds: z.array(z.uuid()),
    lineOfEnquiryIds: z.array(z.uuid()),
    decidedAt: z.iso.datetime(),
    author: Person,
    supersedes: Ref.extend({ reason: z.string() }).nullable(),
    supersededBy: Ref.nullable(),
    needsReview: z.boolean(),
    reviews: z.array(
      z.object({
        reviewer: Person,
        outcome: z.enum(['agreed', 'concerns']),
        comment: z.string().nullable(),
        reviewedAt: z.iso.datetime(),
      }),
    ),
    signedAt: z.iso.datetime().nullable(),
    state: z.enum(['draft', 'signed', 'superseded']),
    version: z.number().int(),
  })
  .meta({ id: 'DecisionLogEntry' })

const json = (e: DecisionEntry): z.output<typeof DecisionJson> => ({
  ...e,
  decidedAt: e.decidedAt.toISOString(),
  signedAt: e.signedAt ? e.signedAt.toISOString() : null,
  reviews: e.reviews.map((r) => ({ ...r, reviewedAt: r.reviewedAt.toISOString() })),
})

const Id = z.object({ id: z.uuid() })
const Position = z.object({ decidedAt: z.iso.datetime(), id: z.uuid() })

export const decisionOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Decision log']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/decisions',
    operationId: 'listDecisions',
    summary: 'The decision log in the order decisions were made, in keyset pages',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    query: PageQuery,
    responses: { 200: { description: 'A page of entries', schema: pageOf(DecisionJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, Position)
      const page = await services.decisions.list(params.id, ctx, { limit: query.limit, ...(after ? { after } : {}) })
      return { items: page.items.map(json), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/decisions',
    operationId: 'recordDecision',
    summary: 'Record a draft entry; with supersedesId and supersessionReason, one that supersedes a signed entry',
    tags,
    access: 'decisions:record',
    params: Id,
    body: DecisionInput,
    responses: {
      201: {
        description: 'The draft entry',
        schema: DecisionJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const entry = await services.decisions.record(params.id, body, ctx)
      setETag(reply, entry.version)
      return reply.code(201).header('location', `/api/v1/decisions/${entry.id}`).send(json(entry))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/decisions/:id',
    operationId: 'getDecision',
    summary: 'One decision log entry',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    responses: {
      200: { description: 'The entry', schema: DecisionJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { entry } = await services.decisions.get(params.id, ctx)
      if (notModified(request, reply, entry.version)) return reply
      return json(entry)
    },
  })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/decisions/:id',
    operationId: 'replaceDecisionDraft',
    summary: 'Rewrite a draft entry (its author only); a signed entry never changes (409)',
    tags,
    access: 'decisions:record',
    params: Id,
    body: DecisionChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The draft as rewritten', schema: DecisionJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const entry = await services.decisions.edit(params.id, body, expectedVersion, ctx)
      setETag(reply, entry.version)
      return json(entry)
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/decisions/:id',
    operationId: 'deleteDecisionDraft',
    summary: 'Delete a draft entry (its author only; audited); a signed entry is never deleted (409)',
    tags,
    access: 'decisions:record',
    params: Id,
    concurrency: 'if-match',
    responses: { 204: { description: 'Deleted' } },
    async handler({ params, expectedVersion, ctx }, _request, reply) {
      await services.decisions.deleteDraft(params.id, expectedVersion, ctx)
      return reply.code(204).send()
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/decisions/:id/signature',
    operationId: 'signDecision',
    summary: 'Sign a draft entry (its author only); from then on it never changes',
    tags,
    access: 'decisions:record',
    params: Id,
    body: z.object({}).strict(),
    concurrency: 'if-match',
    responses: { 200: { description: 'The signed entry', schema: DecisionJson, headers: etagHeader } },
    async handler({ params, expectedVersion, ctx }, _request, reply) {
      const entry = await services.decisions.sign(params.id, expectedVersion, ctx)
      setETag(reply, entry.version)
      return json(entry)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/decisions/:id/reviews',
    operationId: 'reviewDecision',
    summary: 'The lead investigator’s review of a signed entry that needs one',
    tags,
    access: 'decisions:review',
    params: Id,
    body: ReviewInput,
    responses: { 200: { description: 'The entry with its reviews', schema: DecisionJson } },
    async handler({ params, body, ctx }) {
      return json(await services.decisions.review(params.id, body, ctx))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/decisions.pdf',
    operationId: 'exportDecisionLog',
    summary: 'The signed decision log as a PDF, in date order (audited)',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    responses: { 200: { description: 'The PDF (application/pdf), as an attachment' } },
    async handler({ params, ctx }, _request, reply) {
      const { reference, pdf } = await services.decisions.exportPdf(params.id, ctx)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="decision-log-${reference.replace('/', '-')}.pdf"`)
        .send(pdf)
    },
  })
}
