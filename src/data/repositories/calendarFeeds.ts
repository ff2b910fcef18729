/** Calendar feed tokens (only their SHA-256) and the deadlines a feed shows. */
import type { Insertable, Selectable } from 'kysely'
import type { CaseRole } from '../../domain/policy.js'
import type { Executor } from '../database.js'
import type { CalendarFeedTable, PlainDate } from '../schema.js'

export type CalendarFeedRow = Selectable<CalendarFeedTable>

export async function insert(db: Executor, row: Insertable<CalendarFeedTable>): Promise<CalendarFeedRow> {
  return db.insertInto('calendar_feeds').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findLiveByHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('calendar_feeds as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .select(['f.id', 'f.user_id', 'u.status', 'u.roles'])
    .where('f.token_hash', '=', tokenHash)
    .where('f.revoked_at', 'is', null)
    .executeTakeFirst()
}

export async function listForUser(db: Executor, userId: string): Promise<CalendarFeedRow[]> {
  return db
    .selectFrom('calendar_feeds')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()
}

export async function revoke(
  db: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<CalendarFeedRow | undefined> {
  return db
    .updateTable('calendar_feeds')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The user's open cases and their places on each team. */
export async function casesOf(
  db: Executor,
  userId: string,
): Promise<{ investigationId: string; reference: string; roles: CaseRole[] }[]> {
  const rows = await db
    .selectFrom('investigation_members as m')
    .innerJoin('investigations as i', 'i.id', 'm.investigation_id')
    .select(['i.id', 'i.reference', 'm.role_in_case'])
    .where('m.user_id', '=', userId)
    .where('i.status', '!=', 'closed')
    .execute()
  const byCase = new Map<string, { investigationId: string; reference: string; roles: CaseRole[] }>()
  for (const r of rows) {
    const c = byCase.get(r.id) ?? { investigationId: r.id, reference: r.reference, roles: [] }
    c.roles.push(r.role_in_case)
    byCase.set(r.id, c)
  }
  return [...byCase.values()]
}

export async function openNoticeResponses(
  db: Executor,
  investigationIds: readonly string[],
): Promise<{ id: string; investigationId: string; dueOn: PlainDate }[]> {
  if (investigationIds.length === 0) return []
  const rows = await db
    .selectFrom('notices')
    .select(['id', 'investigation_id as investigationId', 'response_due_on as dueOn'])
    .where('investigation_id', 'in', investigationIds)
    .where('served_on', 'is not', null)
    .where('response_received_on', 'is', null)
    .where('response_due_on', 'is not', null)
    .execute()
  return rows.map((r) => ({ ...r, dueOn: r.dueOn! }))
}
