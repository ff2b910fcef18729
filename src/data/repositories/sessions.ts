import type { Executor } from '../database.js'
import type { Insertable } from 'kysely'
import type { SessionRow, SessionTable } from '../schema.js'

export async function insert(db: Executor, session: Insertable<SessionTable>): Promise<void> {
  await db.insertInto('sessions').values(session).execute()
}

export async function findByIdHash(db: Executor, idHash: string): Promise<SessionRow | undefined> {
  return db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst()
}

/**
 * A session and its user in one query: this runs on every signed-in request, so it is one round
 * trip, by the session's primary key and the user's (sessions.user_id references users).
 */
export async function findWithUser(db: Executor, idHash: string) {
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('s')
    .select(['u.email', 'u.display_name', 'u.roles', 'u.organisation_id', 'u.status', 'u.totp_enabled_at'])
    .where('s.id_hash', '=', idHash)
    .executeTakeFirst()
  if (!row) return undefined
  const { email, display_name, roles, organisation_id, status, totp_enabled_at, ...session } = row
  return {
    session: session satisfies SessionRow,
    user: { id: session.user_id, email, display_name, roles, organisation_id, status, totp_enabled_at },
  }
}

export async function touch(db: Executor, idHash: string, lastSeenAt: Date): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt }).where('id_hash', '=', idHash).execute()
}

export async function setStage(db: Executor, idHash: string, stage: SessionTable['stage']): Promise<void> {
  await db.updateTable('sessions').set({ stage }).where('id_hash', '=', idHash).execute()
}

export async function remove(db: Executor, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

/** Ends every session of a user ("sign out everywhere", disabling, password reset). */
export async function removeAllForUser(db: Executor, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function removeExpired(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Keeps the confirmation to show on the session's next page (replacing any not yet shown). */
export async function setConfirmation(db: Executor, idHash: string, message: string): Promise<void> {
  await db.updateTable('sessions').set({ confirmation: message }).where('id_hash', '=', idHash).execute()
}

/**
 * Clears a confirmation once shown, but only if it is still the one shown: a change saved in
 * another tab meanwhile keeps its own confirmation for its own next page.
 */
export async function clearConfirmation(db: Executor, idHash: string, shown: string): Promise<void> {
  await db
    .updateTable('sessions')
    .set({ confirmation: null })
    .where('id_hash', '=', idHash)
    .where('confirmation', '=', shown)
    .execute()
}
