/**
 * Webhooks (ADR 0015): an organisation's system subscribes a URL to events and is told of them
 * instead of polling. A subscription belongs to the organisation (a force's professional
 * standards department manages its force's; 'webhooks:manage'), and its signing secret is shown
 * once, at creation. enqueueWebhookEvent() is called in the transaction of the change the event is
 * about, so no event leaves without its change; deliverDue() (the jobs pass) sends them, signed as
 * Standard Webhooks describes, retrying with back-off, and records each attempt's result, which the
 * subscriber reads through the API. In production a URL must be https and reach only public
 * addresses — checked at creation and again on the addresses it resolves to at each delivery.
 */
import dns from 'node:dns'
import http from 'node:http'
import https from 'node:https'
import type net from 'node:net'
import { randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { addCalendarDays, londonDateOf, type PlainDate } from '../domain/calendar.js'
import { authorise } from '../domain/policy.js'
import {
  WEBHOOK_EVENTS,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_SECRET_PREFIX,
  isPublicAddress,
  signWebhook,
  webhookRetryDelayMs,
  webhookUrlProblems,
  type WebhookEvent,
} from '../domain/webhooks.js'
import type { Executor } from '../data/database.js'
import * as repo from '../data/repositories/webhooks.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Forbidden, NotFound, ValidationFailed } from './errors.js'

/** An organisation may hold this many live subscriptions. */
export const MAX_SUBSCRIPTIONS = 10
/** How many days before its due date a response still owed is announced (response.due-soon). */
export const RESPONSE_DUE_SOON_DAYS = 5

export const NewWebhookSubscription = z.object({
  url: z.string().trim().min(1, 'Enter the URL to deliver to').max(2000, 'The URL must be 2,000 characters or fewer'),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { message: 'Choose events from the list' }))
    .min(1, 'Choose at least one event')
    .max(WEBHOOK_EVENTS.length),
  description: z.string().trim().max(200, 'The description must be 200 characters or fewer').optional(),
})
export type NewWebhookSubscriptionType = z.input<typeof NewWebhookSubscription>

export interface WebhookDeliverySettings {
  /** Production rules for URLs (https, public addresses only); by default config.isProduction. */
  production: boolean
  maxAttempts: number
  baseDelayMs: number
  maxDelayMs: number
  timeoutMs: number
  leaseMs: number
  batchSize: number
}

export const DEFAULT_WEBHOOK_DELIVERY: Omit<WebhookDeliverySettings, 'production'> = {
  maxAttempts: WEBHOOK_MAX_ATTEMPTS,
  baseDelayMs: 30_000,
  maxDelayMs: 6 * 3_600_000,
  timeoutMs: 10_000,
  leaseMs: 2 * 60_000,
  batchSize: 25,
}

/**
 * Queues the event for every live subscription of the organisation to it, in the caller's
 * transaction. The body is fixed now (the same bytes are signed on every attempt). With a
 * dedupeKey, an event already queued for a subscription under that key is not queued again.
 */
export async function enqueueWebhookEvent(
  trx: Executor,
  event: { organisationId: string; type: WebhookEvent; data: Record<string, unknown>; dedupeKey?: string },
  now: Date = new Date(),
): Promise<number> {
  const subscribers = await repo.subscribersTo(trx, event.organisationId, event.type)
  let queued = 0
  for (const s of subscribers) {
    const id = `msg_${uuidv7()}`
    const body = JSON.stringify({ type: event.type, timestamp: now.toISOString(), data: event.data })
    const inserted = await repo.insertDelivery(trx, {
      id,
      subscription_id: s.id,
      event: event.type,
      body,
      dedupe_key: event.dedupeKey ?? null,
      status: 'pending',
      next_attempt_at: now,
    })
    if (inserted) queued++
  }
  return queued
}

function newSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`
}

export interface AttemptResult {
  ok: boolean
  statusCode: number | null
  error: string | null
}

/**
 * One HTTP POST. Names are resolved here and, under the production rules, refused when any
 * address they resolve to is not public (so a name cannot be pointed at an internal address
 * after the subscription was checked); an IP literal is checked before connecting. Redirects are
 * not followed.
 */
export function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: { production: boolean; timeoutMs: number },
): Promise<AttemptResult> {
  return new Promise((resolve) => {
    const problems = webhookUrlProblems(url, { production: options.production })
    if (problems.length) return resolve({ ok: false, statusCode: null, error: problems.join('; ') })
    const target = new URL(url)
    const lookup: net.LookupFunction = (hostname, lookupOptions, callback) => {
      dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0)
        // eslint-disable-next-line no-restricted-syntax -- with `all: true` dns.lookup passes an address list, but the overload chosen for this callback types it as a string
        const list = addresses as unknown as dns.LookupAddress[]
        if (options.production && list.some((a) => !isPublicAddress(a.address)))
          return callback(
            Object.assign(new Error(`${hostname} resolves to a loopback, private or link-local address`), {
              code: 'EADDRNOTPUBLIC',
            }),
            '',
            0,
          )
        if ((lookupOptions as { all?: boolean }).all)
          // eslint-disable-next-line no-restricted-syntax -- net.LookupFunction's callback is typed for one address; Node calls it with a list when `all` was asked for
          return (callback as unknown as (e: null, a: unknown) => void)(null, list)
        callback(null, list[0]!.address, list[0]!.family)
      })
    }
    const client = target.protocol === 'https:' ? https : http
    const request = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        lookup,
        timeout: options.timeoutMs,
      },
      (response) => {
        response.resume()
        const statusCode = response.statusCode ?? 0
        const ok = statusCode >= 200 && statusCode < 300
        response.on('end', () => resolve({ ok, statusCode, error: ok ? null : `HTTP ${statusCode}` }))
        response.on('error', () => resolve({ ok, statusCode, error: ok ? null : `HTTP ${statusCode}` }))
      },
    )
    request.on('timeout', () => request.destroy(new Error(`No answer within ${options.timeoutMs} ms`)))
    request.on('error', (error) => resolve({ ok: false, statusCode: null, error: error.message }))
    request.end(body)
  })
}

export function webhookService(db: Kysely<Database>, settings: WebhookDeliverySettings) {
  function requireManager(ctx: RequestContext) {
    const actor = requireActor(ctx)
    const decision = authorise(actor, 'webhooks:manage')
    if (!decision.allowed) throw new Forbidden(decision.reason)
    return actor
  }

  /** A subscription of the actor's organisation (another's is "not found", revealing nothing). */
  async function ownSubscription(executor: Executor, id: string, ctx: RequestContext) {
    const actor = requireManager(ctx)
    if (!isUuid(id)) throw new NotFound('The webhook subscription')
    const row = await repo.findSubscription(executor, id)
    if (!row || row.organisation_id !== actor.organisationId) throw new NotFound('The webhook subscription')
    return row
  }

  return {
    /** Creates a subscription for the actor's organisation; the secret is returned this once. */
    async create(input: NewWebhookSubscriptionType, ctx: RequestContext) {
      const actor = requireManager(ctx)
      const parsed = NewWebhookSubscription.safeParse(input)
      if (!parsed.success)
        throw new ValidationFailed(
          parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        )
      const data = parsed.data
      const urlProblems = webhookUrlProblems(data.url, { production: settings.production })
      if (urlProblems.length) throw new ValidationFailed(urlProblems.map((message) => ({ path: 'url', message })))
      const secret = newSecret()
      return db.transaction().execute(async (trx) => {
        if ((await repo.countSubscriptions(trx, actor.organisationId)) >= MAX_SUBSCRIPTIONS)
          throw new ValidationFailed([
            {
              path: 'url',
              message: `Your organisation already has ${MAX_SUBSCRIPTIONS} subscriptions; delete one first`,
            },
          ])
        const row = await repo.insertSubscription(trx, {
          id: uuidv7(),
          organisation_id: actor.organisationId,
          url: data.url,
          events: [...new Set(data.events)],
          description: data.description || null,
          secret,
          created_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'webhook-subscription.created',
          entityType: 'webhook-subscription',
          entityId: row.id,
          detail: { after: { url: row.url, events: row.events, organisationId: row.organisation_id } },
        })
        return { subscription: row, secret }
      })
    },

    async list(ctx: RequestContext, options: { before?: { createdAt: string; id: string }; limit: number }) {
      const actor = requireManager(ctx)
      return repo.subscriptionsOf(db, actor.organisationId, options)
    },

    get: (id: string, ctx: RequestContext) => ownSubscription(db, id, ctx),

    /** Deletes the subscription (the record and its deliveries kept); what was still to be delivered is cancelled. */
    async remove(id: string, ctx: RequestContext): Promise<void> {
      const actor = requireManager(ctx)
      await db.transaction().execute(async (trx) => {
        const row = await ownSubscription(trx, id, ctx)
        await repo.deleteSubscription(trx, row.id, actor.userId, new Date())
        await auditTrail.record(trx, ctx, {
          action: 'webhook-subscription.deleted',
          entityType: 'webhook-subscription',
          entityId: row.id,
          detail: { before: { url: row.url, events: row.events } },
        })
      })
    },

    async deliveries(
      id: string,
      ctx: RequestContext,
      options: { before?: { createdAt: string; id: string }; limit: number },
    ) {
      const row = await ownSubscription(db, id, ctx)
      return repo.deliveriesOf(db, row.id, options)
    },

    /**
     * Sends what is due: claims a batch (short transaction), posts each outside it, records the
     * result. A failure is retried after 30 s, 1, 2, 4 … minutes (at most 6 hours); after
     * maxAttempts it is marked failed. A deleted subscription's claimed delivery is cancelled.
     */
    async deliverDue(options: { now?: Date } = {}): Promise<{ delivered: number; retrying: number; failed: number }> {
      const result = { delivered: 0, retrying: 0, failed: 0 }
      const now = options.now ?? new Date()
      const claimed = await db
        .transaction()
        .execute((trx) => repo.claimDue(trx, now, settings.batchSize, settings.leaseMs))
      for (const { delivery, subscription } of claimed) {
        if (!subscription || subscription.deleted_at !== null) {
          await repo.markAttemptFailed(
            db,
            delivery.id,
            { statusCode: null, error: 'Subscription deleted' },
            { failed: true },
          )
          continue
        }
        const timestamp = Math.floor(Date.now() / 1000)
        const attempt = await postWebhook(
          subscription.url,
          {
            'webhook-id': delivery.id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(subscription.secret, delivery.id, timestamp, delivery.body),
            'user-agent': 'Candour-Webhooks/1',
          },
          delivery.body,
          { production: settings.production, timeoutMs: settings.timeoutMs },
        )
        if (attempt.ok) {
          await repo.markDelivered(db, delivery.id, attempt.statusCode!, new Date())
          result.delivered++
        } else if (delivery.attempts >= settings.maxAttempts) {
          await repo.markAttemptFailed(
            db,
            delivery.id,
            { statusCode: attempt.statusCode, error: attempt.error ?? 'failed' },
            { failed: true },
          )
          result.failed++
        } else {
          const retryAt = new Date(
            now.getTime() + webhookRetryDelayMs(delivery.attempts, settings.baseDelayMs, settings.maxDelayMs),
          )
          await repo.markAttemptFailed(
            db,
            delivery.id,
            { statusCode: attempt.statusCode, error: attempt.error ?? 'failed' },
            { retryAt },
          )
          result.retrying++
        }
      }
      return result
    },

    /**
     * The daily sweep: for each report whose response is due within RESPONSE_DUE_SOON_DAYS (or
     * today) while some of the force's subjects have none recorded, queue response.due-soon once
     * per subscription (the dedupe key is the report and its due date).
     */
    async sweepResponsesDueSoon(today: PlainDate = londonDateOf(new Date())): Promise<{ queued: number }> {
      const due = await repo.responsesDueSoon(db, today, addCalendarDays(today, RESPONSE_DUE_SOON_DAYS))
      let queued = 0
      for (const r of due) {
        queued += await db.transaction().execute((trx) =>
          enqueueWebhookEvent(trx, {
            organisationId: r.force_id,
            type: 'response.due-soon',
            dedupeKey: `response.due-soon:${r.investigation_id}:${r.response_due_on}`,
            data: {
              investigationId: r.investigation_id,
              reference: r.reference,
              responseDueOn: r.response_due_on,
              href: `/api/v1/authority/reports/${r.investigation_id}`,
            },
          }),
        )
      }
      return { queued }
    },
  }
}

export type WebhookService = ReturnType<typeof webhookService>
