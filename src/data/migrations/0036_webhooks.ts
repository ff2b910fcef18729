import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Webhooks (ADR 0015): an organisation's subscriptions (its URL, the events it wants and the
 * signing secret), and the deliveries queued for them in the transaction of the change they are
 * about, delivered by the jobs pass with retries. A delivery's id is the Standard Webhooks
 * message id (webhook-id), the same on every attempt. dedupe_key makes an event that a sweep
 * finds again (a response due soon) queue once per subscription.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table webhook_subscriptions (
      id uuid primary key,
      organisation_id uuid not null references organisations (id),
      url text not null check (length(url) between 1 and 2000),
      events text[] not null check (cardinality(events) between 1 and 20),
      description text check (length(description) <= 200),
      secret text not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      deleted_at timestamptz,
      deleted_by uuid references users (id)
    )`,
    `create index webhook_subscriptions_org_idx on webhook_subscriptions (organisation_id, created_at desc, id desc)`,

    `create table webhook_deliveries (
      id text primary key check (length(id) <= 100),
      subscription_id uuid not null references webhook_subscriptions (id),
      event text not null,
      body text not null,
      dedupe_key text,
      status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'cancelled')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text check (length(last_error) <= 1000),
      created_at timestamptz not null default now(),
      delivered_at timestamptz
    )`,
    `create unique index webhook_deliveries_dedupe_idx on webhook_deliveries (subscription_id, dedupe_key) where dedupe_key is not null`,
    `create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending'`,
    `create index webhook_deliveries_subscription_idx on webhook_deliveries (subscription_id, created_at desc, id desc)`,
    // The daily "response due soon" sweep reads the sendings due in the next few days.
    `create index report_sendings_due_idx on report_sendings (response_due_on)`,
  ])
}
