/**
 * Webhook subscriptions and their deliveries (ADR 0015). Deliveries are queued inside the
 * transaction of the change they are about; the deliverer claims due rows with FOR UPDATE SKIP
 * LOCKED (an attempt counted and a lease set), so several instances never send one twice at once.
 */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { WebhookDeliveryTable, WebhookSubscriptionTable } from '../schema.js'

export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>

export async function insertSubscription(db: Executor, row: Insertable<WebhookSubscriptionTable>) {
  return db.insertInto('webhook_subscriptions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findSubscription(db: Executor, id: string): Promise<WebhookSubscriptionRow | undefined> {
  return db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
}

/** An organisation's live subscriptions, newest first, keyset-paged on (created_at, id). */
export async function subscriptionsOf(
  db: Executor,
  organisationId: string,
  options: { before?: { createdAt: string; id: string }; limit: number },
): Promise<WebhookSubscriptionRow[]> {
  let q = db
    .selectFrom('webhook_subscriptions')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('deleted_at', 'is', null)
  if (options.before) {
    const b = options.before
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(b.createdAt)),
        eb.and([eb('created_at', '=', new Date(b.createdAt)), eb('id', '<', b.id)]),
      ]),
    )
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
}

export async function countSubscriptions(db: Executor, organisationId: string): Promise<number> {
  const row = await db
    .selectFrom('webhook_subscriptions')
    .select(sql<number>`count(*)::integer`.as('n'))
    .where('organisation_id', '=', organisationId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

/** Deletes (keeping the record) and cancels what was still waiting to be delivered. */
export async function deleteSubscription(db: Executor, id: string, by: string | null, now: Date) {
  const row = await db
    .updateTable('webhook_subscriptions')
    .set({ deleted_at: now, deleted_by: by })
    .where('id', '=', id)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
  if (row)
    await db
      .updateTable('webhook_deliveries')
      .set({ status: 'cancelled' })
      .where('subscription_id', '=', id)
      .where('status', '=', 'pending')
      .execute()
  return row
}

/** The live subscriptions of an organisation to one event. */
export async function subscribersTo(db: Executor, organisationId: string, event: string) {
  return db
    .selectFrom('webhook_subscriptions')
    .select(['id'])
    .where('organisation_id', '=', organisationId)
    .where('deleted_at', 'is', null)
    .where(sql<boolean>`${event} = any(events)`)
    .execute()
}

/** Queues one delivery; with a dedupe key, a second for the same subscription and key is ignored. */
export async function insertDelivery(db: Executor, row: Insertable<WebhookDeliveryTable>): Promise<boolean> {
  const q = db.insertInto('webhook_deliveries').values(row)
  const inserted =
    row.dedupe_key == null
      ? await q.returning('id').executeTakeFirst()
      : await q
          .onConflict((oc) =>
            oc.columns(['subscription_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing(),
          )
          .returning('id')
          .executeTakeFirst()
  return inserted !== undefined
}

/** Claims due deliveries (attempt counted, lease set), with their subscription's URL and secret. */
export async function claimDue(db: Executor, now: Date, limit: number, leaseMs: number) {
  const due = db
    .selectFrom('webhook_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
  const claimed = await db
    .updateTable('webhook_deliveries')
    .set({ attempts: sql`attempts + 1`, next_attempt_at: new Date(now.getTime() + leaseMs), last_attempt_at: now })
    .where('id', 'in', due)
    .returningAll()
    .execute()
  if (!claimed.length) return []
  const subscriptions = await db
    .selectFrom('webhook_subscriptions')
    .select(['id', 'url', 'secret', 'deleted_at'])
    .where(
      'id',
      'in',
      claimed.map((c) => c.subscription_id),
    )
    .execute()
  const byId = new Map(subscriptions.map((s) => [s.id, s]))
  return claimed.map((delivery) => ({ delivery, subscription: byId.get(delivery.subscription_id)! }))
}

export async function markDelivered(db: Executor, id: string, statusCode: number, now: Date) {
  await db
    .updateTable('webhook_deliveries')
    .set({ status: 'delivered', delivered_at: now, last_status_code: statusCode, last_error: null })
    .where('id', '=', id)
    .execute()
}

export async function markAttemptFailed(
  db: Executor,
  id: string,
  result: { statusCode: number | null; error: string },
  next: { retryAt: Date } | { failed: true },
) {
  await db
    .updateTable('webhook_deliveries')
    .set({
      last_status_code: result.statusCode,
      last_error: result.error.slice(0, 1000),
      ...('failed' in next ? { status: 'failed' as const } : { next_attempt_at: next.retryAt }),
    })
    .where('id', '=', id)
    .execute()
}

/** One subscription's deliveries, newest first, keyset-paged on (created_at, id). */
export async function deliveriesOf(
  db: Executor,
  subscriptionId: string,
  options: { before?: { createdAt: string; id: string }; limit: number },
): Promise<WebhookDeliveryRow[]> {
  let q = db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId)
  if (options.before) {
    const b = options.before
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', new Date(b.createdAt)),
        eb.and([eb('created_at', '=', new Date(b.createdAt)), eb('id', '<', b.id)]),
      ]),
    )
  }
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
}

/**
 * Reports sent whose response is due by `dueBy` (and not before `from`) while some subject of the
 * investigated force still has no response recorded: the "response due soon" sweep.
 */
export async function responsesDueSoon(db: Executor, from: string, dueBy: string) {
  return db
    .selectFrom('report_sendings as s')
    .innerJoin('investigations as i', 'i.id', 's.investigation_id')
    .select(['s.investigation_id', 's.force_id', 's.response_due_on', 'i.reference'])
    .where('s.response_due_on', '>=', from)
    .where('s.response_due_on', '<=', dueBy)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('subjects as su')
          .innerJoin('officers as o', 'o.id', 'su.officer_id')
          .leftJoin('authority_responses as r', 'r.subject_id', 'su.id')
          .select(sql`1`.as('one'))
          .whereRef('su.investigation_id', '=', 's.investigation_id')
          .whereRef('o.force_id', '=', 's.force_id')
          .where('r.id', 'is', null),
      ),
    )
    .execute()
}
