import type { Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { IdempotencyKeyTable } from '../schema.js'

export type IdempotencyKeyRow = Selectable<IdempotencyKeyTable>

export interface Claim {
  userId: string
  key: string
  method: string
  path: string
  requestSha256: string
}

/**
 * Claims a key for a request about to run. Returns true when this request holds the claim; false
 * when the key was already there (a repeat, or a request still running). The primary key makes
 * two concurrent claims of one key resolve to exactly one winner.
 */
export async function claim(db: Executor, c: Claim, now: Date): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      user_id: c.userId,
      key: c.key,
      method: c.method,
      path: c.path,
      request_sha256: c.requestSha256,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst()
  return inserted !== undefined
}

/**
 * Takes over a claim whose request never finished (the instance died): only when it has no
 * response and was made before `staleBefore`. Returns true when this request now holds it.
 */
export async function reclaimAbandoned(db: Executor, c: Claim, staleBefore: Date, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('idempotency_keys')
    .set({ method: c.method, path: c.path, request_sha256: c.requestSha256, created_at: now })
    .where('user_id', '=', c.userId)
    .where('key', '=', c.key)
    .where('response_status', 'is', null)
    .where('created_at', '<', staleBefore)
    .returning('key')
    .executeTakeFirst()
  return updated !== undefined
}

export async function find(db: Executor, userId: string, key: string): Promise<IdempotencyKeyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst()
}

export async function complete(
  db: Executor,
  userId: string,
  key: string,
  response: { status: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      response_status: response.status,
      response_headers: JSON.stringify(response.headers),
      response_body: response.body,
    })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute()
}

/** Gives a key back (the request failed on the server's side), so the client may retry with it. */
export async function release(db: Executor, userId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('response_status', 'is', null)
    .execute()
}

export async function purgeOlderThan(db: Executor, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).executeTakeFirst()
  return Number(result.numDeletedRows)
}
