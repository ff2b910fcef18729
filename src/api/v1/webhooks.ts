/**
 * Webhook subscriptions (tag `Webhooks`, ADR 0015): a force's system subscribes a URL to events
 * about the reports sent to its force, and reads each delivery and its result.
 */
import { z } from 'zod'
import { WEBHOOK_EVENTS } from '../../domain/webhooks.js'
import type { WebhookDeliveryRow, WebhookSubscriptionRow } from '../../data/repositories/webhooks.js'
import { NewWebhookSubscription } from '../../services/webhooks.js'
import { defineOperation } from '../operations.js'
import { PageQuery, pageOf, toPage } from '../pagination.js'
import { decodeCursor } from '../../http/cursor.js'
import type { ApiModule } from '../operations.js'

const TAGS = ['Webhooks']

const WebhookEventEnum = z.enum(WEBHOOK_EVENTS).meta({
  description:
    '`report.sent`: a final report was sent to your force; `recommendation.made`: the oversight body recommends proceedings; `direction.given`: it directs them; `response.due-soon`: your response to a report is due within 5 days and not all of it is recorded',
})

const WebhookSubscription = z
  .object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(WebhookEventEnum),
    description: z.string().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'WebhookSubscription', description: 'A URL your organisation’s system receives events at' })

const CreatedWebhookSubscription = WebhookSubscription.extend({
  secret: z.string().meta({
    description:
      'The signing secret (whsec_ + base64), shown only now: verify each delivery’s webhook-signature with it (Standard Webhooks)',
  }),
}).meta({ id: 'CreatedWebhookSubscription' })

const WebhookDelivery = z
  .object({
    id: z.string().meta({ description: 'The message id, sent as the webhook-id header on every attempt' }),
    event: WebhookEventEnum,
    status: z.enum(['pending', 'delivered', 'failed', 'cancelled']),
    attempts: z.number().int(),
    lastAttemptAt: z.iso.datetime().nullable(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.iso.datetime().nullable().meta({ description: 'When it is tried again (pending only)' }),
    createdAt: z.iso.datetime(),
    deliveredAt: z.iso.datetime().nullable(),
    body: z.string().meta({ description: 'The exact JSON body sent (and signed)' }),
  })
  .meta({ id: 'WebhookDelivery', description: 'One event sent (or to be sent) to a subscription, and its result' })

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

function subscriptionJson(s: WebhookSubscriptionRow): z.output<typeof WebhookSubscription> {
  return {
    id: s.id,
    url: s.url,
    events: s.events as z.output<typeof WebhookEventEnum>[],
    description: s.description,
    createdAt: iso(s.created_at)!,
  }
}

function deliveryJson(d: WebhookDeliveryRow): z.output<typeof WebhookDelivery> {
  return {
    id: d.id,
    event: d.event as z.output<typeof WebhookEventEnum>,
    status: d.status,
    attempts: d.attempts,
    lastAttemptAt: iso(d.last_attempt_at),
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
    createdAt: iso(d.created_at)!,
    deliveredAt: iso(d.delivered_at),
    body: d.body,
  }
}

const IdParams = z.object({ id: z.uuid() })
const Position = z.object({ createdAt: z.iso.datetime(), id: z.string().min(1).max(100) })

export const webhookOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/webhook-subscriptions',
    operationId: 'createWebhookSubscription',
    summary: 'Subscribe a URL to events (the signing secret is in this response only)',
    description:
      'In production the URL must be https and must not point to a loopback, private or link-local address (also checked on the addresses it resolves to at each delivery). At most 10 per organisation.',
    tags: TAGS,
    access: 'webhooks:manage',
    body: NewWebhookSubscription,
    idempotency: false,
    responses: { 201: { description: 'The subscription, with its secret', schema: CreatedWebhookSubscription } },
    async handler({ body, ctx }, _request, reply) {
      const { subscription, secret } = await services.webhooks.create(body, ctx)
      return reply
        .code(201)
        .header('location', `/api/v1/webhook-subscriptions/${subscription.id}`)
        .header('cache-control', 'no-store')
        .send({ ...subscriptionJson(subscription), secret })
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/webhook-subscriptions',
    operationId: 'listWebhookSubscriptions',
    summary: 'Your organisation’s webhook subscriptions, newest first',
    tags: TAGS,
    access: 'webhooks:manage',
    query: PageQuery,
    responses: { 200: { description: 'A page of subscriptions', schema: pageOf(WebhookSubscription) } },
    async handler({ query, ctx }) {
      const before = decodeCursor(query.cursor, Position)
      const rows = await services.webhooks.list(ctx, { ...(before ? { before } : {}), limit: query.limit + 1 })
      return toPage(rows.map(subscriptionJson), query.limit, (last) => ({ createdAt: last.createdAt, id: last.id }))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/webhook-subscriptions/:id',
    operationId: 'getWebhookSubscription',
    summary: 'One webhook subscription (never its secret)',
    tags: TAGS,
    access: 'webhooks:manage',
    params: IdParams,
    responses: { 200: { description: 'The subscription', schema: WebhookSubscription } },
    async handler({ params, ctx }) {
      return subscriptionJson(await services.webhooks.get(params.id, ctx))
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/webhook-subscriptions/:id',
    operationId: 'deleteWebhookSubscription',
    summary: 'Delete a subscription: nothing more is sent to it, and what was waiting is cancelled',
    tags: TAGS,
    access: 'webhooks:manage',
    params: IdParams,
    responses: { 204: { description: 'Deleted' } },
    async handler({ params, ctx }, _request, reply) {
      await services.webhooks.remove(params.id, ctx)
      return reply.code(204).send()
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/webhook-subscriptions/:id/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: 'The events sent to a subscription and each one’s result, newest first',
    tags: TAGS,
    access: 'webhooks:manage',
    params: IdParams,
    query: PageQuery,
    responses: { 200: { description: 'A page of deliveries', schema: pageOf(WebhookDelivery) } },
    async handler({ params, query, ctx }) {
      const before = decodeCursor(query.cursor, Position)
      const rows = await services.webhooks.deliveries(params.id, ctx, {
        ...(before ? { before } : {}),
        limit: query.limit + 1,
      })
      return toPage(rows.map(deliveryJson), query.limit, (last) => ({ createdAt: last.createdAt, id: last.id }))
    },
  })
}
