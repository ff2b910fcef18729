import type { Executor } from '../database.js'
import type { ApiTokenTable } from '../schema.js'
import type { Insertable, Selectable } from 'kysely'

export type ApiTokenRow = Selectable<ApiTokenTable>
export type NewApiTokenRow = Insertable<ApiTokenTable>

export async function insert(db: Executor, token: NewApiTokenRow): Promise<ApiTokenRow> {
  return db.insertInto('api_tokens').values(token).returningAll().executeTakeFirstOrThrow()
}

export async function findByHash(db: Executor, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

export async function findById(db: Executor, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** A user's tokens, newest first (on api_tokens_user_idx); a person holds a handful, so no paging. */
export async function listForUser(db: Executor, userId: string, limit = 200): Promise<ApiTokenRow[]> {
  return db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function countActiveForUser(db: Executor, userId: string, now: Date): Promise<number> {
  const row = await db
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function revoke(db: Executor, id: string, now: Date): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Records use, at most once per interval: the condition makes concurrent requests write once. */
export async function touchLastUsed(db: Executor, id: string, now: Date, intervalMs: number): Promise<void> {
  const before = new Date(now.getTime() - intervalMs)
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', before)]))
    .execute()
}

/** Revokes every live token of a user (when the account is disabled, for instance). */
export async function revokeAllForUser(db: Executor, userId: string, now: Date): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}
