/**
 * The chronology over the API: list (keyset pages, filters), add, read (ETag), change (If-Match),
 * and a CSV export of every matching event, streamed.
 */
import { Readable } from 'node:stream'
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import {
  CHRONOLOGY_KINDS,
  ChronologyEventChange,
  ChronologyEventInput,
  TimelinePosition,
  type ChronologyEvent,
  type TimelineQuery,
} from '../../services/chronology.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'

export const ChronologyEventJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    occurredOn: z.iso.date(),
    occurredTime: z
      .string()
      .regex(/^\d\d:\d\d$/)
      .nullable()
      .meta({ description: '24-hour clock, HH:MM (UK time); null when only the date is known' }),
    kind: z.enum(CHRONOLOGY_KINDS),
    title: z.string(),
    description: z.string().nullable(),
    missedOpportunity: z.boolean(),
    missedOpportunityReason: z.string().nullable(),
    subjects: z.array(z.object({ id: z.uuid(), name: z.string() })),
    documents: z.array(
      z.object({ id: z.uuid(), exhibitReference: z.string(), title: z.string(), withdrawn: z.boolean() }),
    ),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'ChronologyEvent', description: 'An event on the investigation’s chronology' })

export function chronologyEventJson(e: ChronologyEvent): z.output<typeof ChronologyEventJson> {
  return { ...e, createdAt: e.createdAt.toISOString(), updatedAt: e.updatedAt.toISOString() }
}

const InvestigationParams = z.object({ id: z.uuid() })
const EventParams = z.object({ id: z.uuid() })
const date = z.string().refine(isPlainDate, { message: 'Use a real date, YYYY-MM-DD' })

const TimelineFilterQuery = z.object({
  kind: z.enum(CHRONOLOGY_KINDS).optional(),
  missedOnly: z.enum(['true', 'false']).optional().meta({ description: 'true: only missed opportunities' }),
  from: date.optional().meta({ description: 'Events on or after this date (YYYY-MM-DD)' }),
  to: date.optional().meta({ description: 'Events on or before this date (YYYY-MM-DD)' }),
  subjectId: z.uuid().optional().meta({ description: 'Only events linked to this subject' }),
})

function filterOf(q: z.output<typeof TimelineFilterQuery>): TimelineQuery {
  return {
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.missedOnly === 'true' ? { missedOnly: true } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.subjectId ? { subjectId: q.subjectId } : {}),
  }
}

export const chronologyOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/chronology-events',
    operationId: 'listChronologyEvents',
    summary: 'The investigation’s chronology, oldest first, filtered, in keyset pages',
    tags: ['Chronology'],
    access: 'investigation:read-case-file',
    params: InvestigationParams,
    query: PageQuery.extend(TimelineFilterQuery.shape),
    responses: { 200: { description: 'A page of events', schema: pageOf(ChronologyEventJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, TimelinePosition)
      const page = await services.chronology.timeline(params.id, ctx, {
        ...filterOf(query),
        limit: query.limit,
        ...(after ? { after } : {}),
      })
      return { items: page.items.map(chronologyEventJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/chronology-events.csv',
    operationId: 'exportChronologyEvents',
    summary: 'Every matching event of the chronology as CSV (text/csv, streamed)',
    description:
      'Columns: Date, Time, Kind, What happened, Description, Missed opportunity, Why it was missed, Subjects, Documents, Event id, Version. ' +
      'Cells that a spreadsheet would read as a formula (starting with = + - @) are prefixed with a single quote.',
    tags: ['Chronology'],
    access: 'investigation:read-case-file',
    params: InvestigationParams,
    query: TimelineFilterQuery,
    responses: { 200: { description: 'The CSV file (text/csv; charset=utf-8), as an attachment' } },
    async handler({ params, query, ctx }, _request, reply) {
      const { reference, lines } = await services.chronology.exportCsv(params.id, ctx, filterOf(query))
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="chronology-${reference.replace('/', '-')}.csv"`)
        .send(Readable.from(lines))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/chronology-events',
    operationId: 'addChronologyEvent',
    summary: 'Add an event to the chronology',
    tags: ['Chronology'],
    access: 'investigation:contribute',
    params: InvestigationParams,
    body: ChronologyEventInput,
    responses: {
      201: {
        description: 'The event as recorded',
        schema: ChronologyEventJson,
        headers: { ...etagHeader, Location: { description: 'The event’s address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const event = await services.chronology.add(params.id, body, ctx)
      setETag(reply, event.version)
      return reply
        .code(201)
        .header('location', `/api/v1/chronology-events/${event.id}`)
        .send(chronologyEventJson(event))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/chronology-events/:id',
    operationId: 'getChronologyEvent',
    summary: 'One chronology event',
    tags: ['Chronology'],
    access: 'investigation:read-case-file',
    params: EventParams,
    responses: {
      200: { description: 'The event', schema: ChronologyEventJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const event = await services.chronology.get(params.id, ctx)
      if (notModified(request, reply, event.version)) return reply
      return chronologyEventJson(event)
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/chronology-events/:id',
    operationId: 'updateChronologyEvent',
    summary:
      'Change a chronology event (send only the fields that change; null or "" clears an optional text or the time)',
    tags: ['Chronology'],
    access: 'investigation:contribute',
    params: EventParams,
    body: ChronologyEventChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The event as changed', schema: ChronologyEventJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const event = await services.chronology.update(params.id, body, expectedVersion, ctx)
      setETag(reply, event.version)
      return chronologyEventJson(event)
    },
  })
}
