/**
 * Historical records (imported cases) over the API (ADR 0030, ADR 0031): the search that the case
 * list's `?q=` also answers from, and one record read-only. They are records, not investigations:
 * each says `origin: historical` and links to its own read endpoint, never to an investigation's.
 * Who sees them is the page's rule (services/insight/historicalCases.ts): the oversight body's
 * staff every force's, a force's department its own force's, families and subjects never.
 */
import { z } from 'zod'
import type { HistoricalCaseRow } from '../../data/repositories/historicalCases.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { defineOperation, type ApiModule } from '../operations.js'
import { PageQuery, pageOf } from '../pagination.js'

export const historicalCasePath = (id: string) => `/api/v1/historical-cases/${id}`

export const HistoricalCaseSummaryJson = z
  .object({
    id: z.uuid(),
    origin: z
      .literal('historical')
      .meta({ description: 'Always historical: an imported record, not an investigation' }),
    self: z.string().meta({ description: 'Where the record is read: /api/v1/historical-cases/{id}' }),
    reference: z.string().meta({ description: 'The source and the source’s own id' }),
    source: z.string(),
    sourceId: z.string(),
    force: z.object({ id: z.uuid(), name: z.string() }),
    kind: z.string().nullable(),
    receivedOn: z.iso.date(),
    closedOn: z.iso.date().nullable(),
    category: z.string().nullable().meta({ description: 'Candour’s category when mapped, else the source’s own' }),
    summary: z.string().nullable(),
  })
  .meta({ id: 'HistoricalCaseSummary' })

const HistoricalCaseJson = HistoricalCaseSummaryJson.extend({
  incidentOn: z.iso.date().nullable(),
  incidentTime: z.string().nullable(),
  location: z.string().nullable(),
  postcode: z.string().nullable(),
  categorySource: z.string().nullable().meta({ description: 'The source’s own category, as imported' }),
  importedAt: z.iso.datetime(),
  allegations: z.array(
    z.object({
      officer: z
        .object({
          id: z
            .uuid()
            .meta({ description: 'The historical officer’s id (GET /api/v1/officers/{id} reads their record)' }),
          surname: z.string().nullable(),
          forenames: z.string().nullable(),
          warrantNumber: z.string().nullable(),
          rank: z.string().nullable(),
        })
        .nullable()
        .meta({ description: 'Null when the reader may not see that officer (an officer of another force)' }),
      category: z.string().nullable(),
      categorySource: z.string().nullable(),
      standard: z.string().nullable(),
      finding: z.string().nullable(),
      findingSource: z.string().nullable(),
      outcome: z.string().nullable(),
      outcomeSource: z.string().nullable(),
    }),
  ),
}).meta({ id: 'HistoricalCase' })

export const historicalCaseSummaryJson = (r: HistoricalCaseRow & { reference: string }) => ({
  id: r.id,
  origin: 'historical' as const,
  self: historicalCasePath(r.id),
  reference: r.reference,
  source: r.source,
  sourceId: r.source_id,
  force: { id: r.force_id, name: r.force_name },
  kind: r.kind,
  receivedOn: r.received_on,
  closedOn: r.closed_on,
  category: r.category_mapped ?? r.category,
  summary: r.summary,
})

export const HistoricalPosition = z.object({ receivedOn: z.iso.date(), id: z.uuid() })

export const historicalCaseOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Historical cases']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/historical-cases',
    operationId: 'searchHistoricalCases',
    summary: 'Historical records matching a search (their words, or an officer named in them), newest received first',
    tags,
    access: 'officers:read-record',
    query: PageQuery.extend({
      q: z.string().trim().min(1).max(200).meta({
        description:
          'Source id, location, postcode or summary words; or the surname, name or warrant number of an officer named',
      }),
    }),
    responses: { 200: { description: 'A page of historical records', schema: pageOf(HistoricalCaseSummaryJson) } },
    async handler({ query, ctx }) {
      const after = decodeCursor(query.cursor, HistoricalPosition)
      const page = await services.historicalCases.search(ctx, {
        q: query.q,
        limit: query.limit,
        ...(after ? { after } : {}),
      })
      return {
        items: page.items.map(historicalCaseSummaryJson),
        nextCursor: page.next ? encodeCursor(page.next) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/historical-cases/:id',
    operationId: 'getHistoricalCase',
    summary: 'One historical record, read-only, with its allegations (the read is audited)',
    tags,
    access: 'officers:read-record',
    params: z.object({ id: z.uuid() }),
    responses: { 200: { description: 'The historical record', schema: HistoricalCaseJson } },
    async handler({ params, ctx }) {
      const r = await services.historicalCases.get(params.id, ctx)
      return {
        ...historicalCaseSummaryJson(r),
        incidentOn: r.incident_on,
        incidentTime: r.incident_time,
        location: r.location,
        postcode: r.postcode,
        categorySource: r.category,
        importedAt: new Date(r.imported_at).toISOString(),
        allegations: r.allegations.map((a) => ({
          officer: a.visible
            ? {
                id: a.officer_id,
                surname: a.surname,
                forenames: a.forenames,
                warrantNumber: a.warrant_number,
                rank: a.rank,
              }
            : null,
          category: a.category_mapped ?? a.category,
          categorySource: a.category,
          standard: a.standard,
          finding: a.finding_mapped ?? a.finding,
          findingSource: a.finding,
          outcome: a.outcome_mapped ?? a.outcome,
          outcomeSource: a.outcome,
        })),
      }
    },
  })
}
