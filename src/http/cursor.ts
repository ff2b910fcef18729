/**
 * Keyset cursors: the sort key of the last item shown, encoded as an opaque base64url string, and
 * read back against its schema. The API's pages (api/pagination.ts) and the pages that page the same
 * way (the chronology, the evidence register) share these, so they live below both web/ and api/.
 */
import type { z } from 'zod'
import { ValidationFailed } from '../services/errors.js'

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url')
}

/** The position a cursor names, checked against its schema; a tampered or stale cursor is a 422 on query.cursor. */
export function decodeCursor<S extends z.ZodType>(cursor: string | undefined, schema: S): z.output<S> | undefined {
  if (cursor === undefined) return undefined
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const parsed = schema.safeParse(decoded)
  if (!parsed.success)
    throw new ValidationFailed(
      [{ path: 'query.cursor', message: 'The cursor is not valid: use nextCursor from the previous page' }],
      'The request is not valid',
    )
  return parsed.data
}
