/**
 * Disclosure schedules over the API: a case's schedules in keyset pages, creating one, reading
 * it (ETag) with its items and issued versions, adding, rewriting or removing an item on the
 * working list and issuing a version (all If-Match on the schedule, which moves on with each),
 * and exporting as PDF or CSV.
 */
import { z } from 'zod'
import { DISCLOSURE_CATEGORIES } from '../../domain/disclosure.js'
import { ItemInput, ScheduleInput, type ScheduleSummary } from '../../services/disclosure.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'
import type { ApiModule } from '../operations.js'

export const DisclosureScheduleJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'DS1, DS2… within the investigation' }),
    title: z.string(),
    purpose: z.string().nullable(),
    itemCount: z.number().int(),
    issuedVersion: z.number().int().meta({ description: 'The latest issued version; 0 before the first' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'DisclosureSchedule' })

const ItemJson = z.object({
  id: z.uuid(),
  number: z.number().int(),
  category: z.enum(DISCLOSURE_CATEGORIES),
  sensitive: z.boolean(),
  description: z.string(),
  sensitivityReason: z.string().nullable(),
  documentId: z.uuid().nullable(),
  exhibitReference: z.string().nullable(),
  documentSha256: z.string().nullable(),
  location: z.string().nullable(),
  addedBy: z.string(),
  addedAt: z.iso.datetime(),
})

const DetailJson = DisclosureScheduleJson.extend({
  items: z.array(ItemJson).meta({ description: 'The working list (what the next version will hold)' }),
  sinceIssued: z
    .object({
      added: z.array(z.number().int()),
      changed: z.array(z.number().int()),
      removed: z.array(z.number().int()),
    })
    .nullable()
    .meta({
      description: 'Item numbers added, changed and removed since the last version issued (null before the first)',
    }),
  versions: z.array(
    z.object({
      version: z.number().int(),
      issuedAt: z.iso.datetime(),
      issuedBy: z.string(),
      itemCount: z.number().int(),
    }),
  ),
}).meta({ id: 'DisclosureScheduleDetail' })

const json = (s: ScheduleSummary): z.output<typeof DisclosureScheduleJson> => ({
  ...s,
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

const Id = z.object({ id: z.uuid() })
const NumberPosition = z.object({ n: z.number().int().min(0).max(2147483647) })

export const disclosureOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Disclosure schedules']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/disclosure-schedules',
    operationId: 'listDisclosureSchedules',
    summary: 'The investigation’s disclosure schedules by number, in keyset pages',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    query: PageQuery,
    responses: { 200: { description: 'A page of schedules', schema: pageOf(DisclosureScheduleJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, NumberPosition)
      const page = await services.disclosure.list(params.id, ctx, { afterNumber: after?.n ?? 0, limit: query.limit })
      return { items: page.items.map(json), nextCursor: page.next !== null ? encodeCursor({ n: page.next }) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/disclosure-schedules',
    operationId: 'createDisclosureSchedule',
    summary: 'Start a disclosure schedule (for a referral to prosecutors or a set of proceedings)',
    tags,
    access: 'disclosure:prepare',
    params: Id,
    body: ScheduleInput,
    responses: {
      201: {
        description: 'The schedule',
        schema: DisclosureScheduleJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const schedule = await services.disclosure.create(params.id, body, ctx)
      setETag(reply, schedule.version)
      return reply.code(201).header('location', `/api/v1/disclosure-schedules/${schedule.id}`).send(json(schedule))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/disclosure-schedules/:id',
    operationId: 'getDisclosureSchedule',
    summary: 'A schedule with its working list of items and its issued versions',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    responses: {
      200: { description: 'The schedule', schema: DetailJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { schedule, items, versions, sinceIssued } = await services.disclosure.get(params.id, ctx)
      if (notModified(request, reply, schedule.version)) return reply
      return {
        ...json(schedule),
        items: items.map((i) => ({ ...i, addedAt: i.addedAt.toISOString() })),
        sinceIssued,
        versions: versions.map((v) => ({ ...v, issuedAt: v.issuedAt.toISOString() })),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/disclosure-schedules/:id/items',
    operationId: 'addDisclosureItem',
    summary: 'List material on the schedule: used, or unused (sensitive with a reason, or not)',
    tags,
    access: 'disclosure:prepare',
    params: Id,
    body: ItemInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The schedule, moved on', schema: DisclosureScheduleJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const schedule = await services.disclosure.addItem(params.id, body, expectedVersion, ctx)
      setETag(reply, schedule.version)
      return json(schedule)
    },
  })

  const ItemId = z.object({ id: z.uuid(), itemId: z.uuid() })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/disclosure-schedules/:id/items/:itemId',
    operationId: 'replaceDisclosureItem',
    summary: 'Rewrite an item on the working list; issued versions keep what they said, the next version carries it',
    tags,
    access: 'disclosure:prepare',
    params: ItemId,
    body: ItemInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The schedule, moved on', schema: DisclosureScheduleJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const schedule = await services.disclosure.changeItem(params.id, params.itemId, body, expectedVersion, ctx)
      setETag(reply, schedule.version)
      return json(schedule)
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/disclosure-schedules/:id/items/:itemId',
    operationId: 'removeDisclosureItem',
    summary: 'Take an item off the working list (its number is not used again; issued versions still list it)',
    tags,
    access: 'disclosure:prepare',
    params: ItemId,
    concurrency: 'if-match',
    responses: { 200: { description: 'The schedule, moved on', schema: DisclosureScheduleJson, headers: etagHeader } },
    async handler({ params, expectedVersion, ctx }, _request, reply) {
      const schedule = await services.disclosure.removeItem(params.id, params.itemId, expectedVersion, ctx)
      setETag(reply, schedule.version)
      return json(schedule)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/disclosure-schedules/:id/versions',
    operationId: 'issueDisclosureSchedule',
    summary: 'Issue the schedule as it stands as a new version (the lead, as disclosure officer); it never changes',
    tags,
    access: 'disclosure:issue',
    params: Id,
    body: z.object({}).strict(),
    concurrency: 'if-match',
    responses: { 200: { description: 'The schedule, moved on', schema: DisclosureScheduleJson, headers: etagHeader } },
    async handler({ params, expectedVersion, ctx }, _request, reply) {
      const schedule = await services.disclosure.issue(params.id, expectedVersion, ctx)
      setETag(reply, schedule.version)
      return json(schedule)
    },
  })

  for (const format of ['pdf', 'csv'] as const) {
    defineOperation(app, registry, {
      method: 'get',
      path: `/api/v1/disclosure-schedules/:id/schedule.${format}`,
      operationId: format === 'pdf' ? 'exportDisclosureSchedulePdf' : 'exportDisclosureScheduleCsv',
      summary: `The schedule as ${format.toUpperCase()}: an issued version (?version=n) or the working draft, marked as such (audited)`,
      tags,
      access: 'investigation:read-case-file',
      params: Id,
      query: z.object({ version: z.coerce.number().int().min(1).max(2147483647).optional() }),
      responses: { 200: { description: `The ${format.toUpperCase()}, as an attachment` } },
      async handler({ params, query, ctx }, _request, reply) {
        const { filename, body } = await services.disclosure.export(params.id, format, ctx, query.version)
        return reply
          .header('content-type', format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .send(body)
      },
    })
  }
}
