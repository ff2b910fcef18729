/**
 * The API's one way to page through a list: keyset pagination. A list operation takes
 * `?limit=` (1–100, default 25) and `?cursor=` (opaque: whatever nextCursor said) and answers
 * `{ items, nextCursor }`, nextCursor being null on the last page. The cursor is the sort key of
 * the last item shown, so a page costs the same at item 10 and item 1,000,000 (an index seek),
 * and rows added meanwhile neither repeat nor go missing.
 *
 *   query: PageQuery,
 *   responses: { 200: { description: 'A page of investigations', schema: pageOf(InvestigationSummary) } },
 *   async handler({ query, ctx }) {
 *     const after = decodeCursor(query.cursor, z.object({ openedAt: z.string(), id: z.uuid() }))
 *     const rows = await services.investigations.list(ctx, { after, limit: query.limit + 1 })
 *     return toPage(rows.map(toJson), query.limit, (last) => ({ openedAt: last.openedAt, id: last.id }))
 *   }
 */
import { z } from 'zod'
import { encodeCursor } from '../http/cursor.js'

// The cursor itself (encoding a position, and decoding it against its schema) is in http/cursor.ts,
// shared with the pages that page the same way.

export const DEFAULT_PAGE_SIZE = 25
export const MAX_PAGE_SIZE = 100

export const PageQuery = z.object({
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .meta({ description: 'nextCursor from the previous page; omit for the first page' }),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .meta({ description: `Items per page, 1 to ${MAX_PAGE_SIZE}` }),
})
export type PageQuery = z.output<typeof PageQuery>

/** The page envelope for a list of `item`: `{ items, nextCursor }`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: 'Pass as ?cursor= for the next page; null on the last page' }),
  })
}

/**
 * Makes the envelope from rows fetched with limit + 1: the extra row only says another page
 * exists. positionOf gives the sort key of the last item shown.
 */
export function toPage<T>(
  rows: readonly T[],
  limit: number,
  positionOf: (last: T) => unknown,
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit)
  const more = rows.length > limit && items.length > 0
  return { items, nextCursor: more ? encodeCursor(positionOf(items[items.length - 1]!)) : null }
}
