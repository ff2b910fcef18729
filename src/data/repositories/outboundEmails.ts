/**
 * The e-mail outbox. Services insert here inside their own transaction (so no e-mail leaves
 * without the change that caused it, and no change commits without its e-mail); the deliverer
 * claims due rows with FOR UPDATE SKIP LOCKED, so several app instances never claim one twice.
 */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { OutboundEmailTable } from '../schema.js'

export type OutboundEmailRow = Selectable<OutboundEmailTable>
export type NewOutboundEmailRow = Insertable<OutboundEmailTable>

export async function insert(db: Executor, row: NewOutboundEmailRow): Promise<OutboundEmailRow> {
  return db.insertInto('outbound_emails').values(row).returningAll().executeTakeFirstOrThrow()
}

/**
 * Claims up to `limit` pending messages whose next attempt is due: counts the attempt and pushes
 * next_attempt_at out by `leaseMs`, so an instance that dies mid-send leaves the message to be
 * tried again after the lease rather than lost. Rows another instance is claiming are skipped.
 */
export async function claimDue(db: Executor, now: Date, limit: number, leaseMs: number): Promise<OutboundEmailRow[]> {
  const due = db
    .selectFrom('outbound_emails')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
  return db
    .updateTable('outbound_emails')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + leaseMs) })
    .where('id', 'in', due)
    .returningAll()
    .execute()
}

export async function markSent(db: Executor, id: string, messageId: string, now: Date): Promise<void> {
  await db
    .updateTable('outbound_emails')
    .set({ status: 'sent', sent_at: now, message_id: messageId, last_error: null })
    .where('id', '=', id)
    .execute()
}

export async function markAttemptFailed(
  db: Executor,
  id: string,
  error: string,
  next: { retryAt: Date } | { failed: true },
): Promise<void> {
  await db
    .updateTable('outbound_emails')
    .set({
      last_error: error.slice(0, 1000),
      ...('failed' in next ? { status: 'failed' as const } : { next_attempt_at: next.retryAt }),
    })
    .where('id', '=', id)
    .execute()
}

/** Puts a failed message back in the queue, due now, with its attempts reset. */
export async function requeue(db: Executor, id: string, now: Date): Promise<OutboundEmailRow | undefined> {
  return db
    .updateTable('outbound_emails')
    .set({ status: 'pending', attempts: 0, next_attempt_at: now })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returningAll()
    .executeTakeFirst()
}

export async function findById(db: Executor, id: string): Promise<OutboundEmailRow | undefined> {
  return db.selectFrom('outbound_emails').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Newest first, keyset-paged on (created_at, id). */
export async function list(
  db: Executor,
  options: {
    status?: OutboundEmailRow['status']
    investigationId?: string
    before?: { createdAt: Date; id: string }
    limit: number
  },
): Promise<OutboundEmailRow[]> {
  let q = db.selectFrom('outbound_emails').selectAll()
  if (options.status) q = q.where('status', '=', options.status)
  if (options.investigationId) q = q.where('investigation_id', '=', options.investigationId)
  if (options.before) {
    const b = options.before
    q = q.where((eb) =>
      eb.or([eb('created_at', '<', b.createdAt), eb.and([eb('created_at', '=', b.createdAt), eb('id', '<', b.id)])]),
    )
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
}

export async function countByStatus(db: Executor): Promise<Record<OutboundEmailRow['status'], number>> {
  const rows = await db
    .selectFrom('outbound_emails')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute()
  const counts = { pending: 0, sent: 0, failed: 0 }
  for (const r of rows) counts[r.status] = Number(r.n)
  return counts
}
