/**
 * The e-mail outbox service: delivering what is due (for the scheduled jobs and
 * `candour jobs run-once`), and showing what was sent and what failed (administrators see the
 * whole outbox; a case's team sees the failed deliveries about their case).
 *
 * Delivery claims a batch in a short transaction (FOR UPDATE SKIP LOCKED, attempt counted, lease
 * set), sends outside it, then records the outcome. A failed attempt is retried after an
 * exponentially growing delay (1, 2, 4, 8 … minutes, at most 6 hours); after maxAttempts the
 * message is marked failed, logged, and shown on /admin/outbox and on its case.
 */
import type { Kysely } from 'kysely'
import { authorise } from '../../domain/policy.js'
import * as outboundEmails from '../../data/repositories/outboundEmails.js'
import type { OutboundEmailRow } from '../../data/repositories/outboundEmails.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import type { CaseAccess } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Forbidden, NotFound } from '../errors.js'
import type { MailTransport } from './transport.js'

export interface DeliverySettings {
  /** Attempts before a message is marked failed. */
  maxAttempts: number
  /** The delay after the first failed attempt; each next one doubles. */
  baseDelayMs: number
  maxDelayMs: number
  /** How long a claimed message is held before another instance may try it. */
  leaseMs: number
  batchSize: number
}

export const DEFAULT_DELIVERY: DeliverySettings = {
  maxAttempts: 6,
  baseDelayMs: 60_000,
  maxDelayMs: 6 * 3_600_000,
  leaseMs: 5 * 60_000,
  batchSize: 25,
}

export interface DeliveryResult {
  sent: number
  retrying: number
  failed: number
}

export interface EmailSummary {
  id: string
  investigationId: string | null
  to: string
  subject: string
  status: OutboundEmailRow['status']
  attempts: number
  nextAttemptAt: Date
  lastError: string | null
  createdAt: Date
  sentAt: Date | null
}

function summarise(row: OutboundEmailRow): EmailSummary {
  return {
    id: row.id,
    investigationId: row.investigation_id,
    to: row.to_address,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: new Date(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  }
}

/** The delay before attempt n+1, after n failed attempts (n ≥ 1). */
export function retryDelayMs(
  failedAttempts: number,
  settings: Pick<DeliverySettings, 'baseDelayMs' | 'maxDelayMs'> = DEFAULT_DELIVERY,
): number {
  return Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1))
}

export interface MailLogger {
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export function mailService(
  db: Kysely<Database>,
  transport: MailTransport,
  access: CaseAccess,
  settings: Partial<DeliverySettings> = {},
) {
  const s: DeliverySettings = { ...DEFAULT_DELIVERY, ...settings }

  function assertAdmin(ctx: RequestContext) {
    if (ctx.actor === null) return
    const decision = authorise(ctx.actor, 'mail:outbox:view')
    if (!decision.allowed) throw new Forbidden(decision.reason)
  }

  return {
    transportKind: transport.kind,

    /** Sends every message due now, a batch at a time, until none is left. */
    async deliverDue(
      options: { now?: () => Date; logger?: MailLogger; maxBatches?: number } = {},
    ): Promise<DeliveryResult> {
      const now = options.now ?? (() => new Date())
      const result: DeliveryResult = { sent: 0, retrying: 0, failed: 0 }
      for (let batch = 0; batch < (options.maxBatches ?? 100); batch++) {
        const claimed = await db
          .transaction()
          .execute((trx) => outboundEmails.claimDue(trx, now(), s.batchSize, s.leaseMs))
        if (claimed.length === 0) break
        for (const row of claimed) {
          try {
            const { messageId } = await transport.send({
              id: row.id,
              to: row.to_address,
              subject: row.subject,
              text: row.body_text,
            })
            await outboundEmails.markSent(db, row.id, messageId, now())
            result.sent += 1
          } catch (error) {
            const reason = error instanceof Error ? error.message : String(error)
            if (row.attempts >= s.maxAttempts) {
              await outboundEmails.markAttemptFailed(db, row.id, reason, { failed: true })
              result.failed += 1
              // The id only: the address and subject are personal data.
              options.logger?.error(
                { emailId: row.id, attempts: row.attempts, investigationId: row.investigation_id },
                'e-mail delivery failed for good',
              )
            } else {
              await outboundEmails.markAttemptFailed(db, row.id, reason, {
                retryAt: new Date(now().getTime() + retryDelayMs(row.attempts, s)),
              })
              result.retrying += 1
              options.logger?.warn({ emailId: row.id, attempts: row.attempts }, 'e-mail delivery failed; will retry')
            }
          }
        }
        if (claimed.length < s.batchSize) break
      }
      return result
    },

    /** The outbox for administrators, newest first. */
    async list(
      ctx: RequestContext,
      options: { status?: OutboundEmailRow['status']; before?: { createdAt: Date; id: string }; limit?: number } = {},
    ) {
      assertAdmin(ctx)
      const limit = options.limit ?? 50
      const rows = await outboundEmails.list(db, { ...options, limit: limit + 1 })
      const items = rows.slice(0, limit).map(summarise)
      const last = items[items.length - 1]
      return {
        items,
        next: rows.length > limit && last ? { createdAt: last.createdAt, id: last.id } : null,
        counts: await outboundEmails.countByStatus(db),
      }
    },

    async get(id: string, ctx: RequestContext): Promise<EmailSummary & { body: string }> {
      assertAdmin(ctx)
      const row = await outboundEmails.findById(db, id)
      if (!row) throw new NotFound('The message')
      return { ...summarise(row), body: row.body_text }
    },

    /** Tries a failed message again from the start (audited). */
    async retry(id: string, ctx: RequestContext): Promise<EmailSummary> {
      assertAdmin(ctx)
      return db.transaction().execute(async (trx) => {
        const row = await outboundEmails.requeue(trx, id, new Date())
        if (!row) throw new NotFound('A failed message with this id')
        await auditTrail.record(trx, ctx, {
          action: 'email.requeued',
          entityType: 'outbound_email',
          entityId: id,
          caseId: row.investigation_id,
        })
        return summarise(row)
      })
    },

    /** Failed deliveries about one case, for its team (who may read the families' side of it). */
    async failedForCase(investigationId: string, ctx: RequestContext): Promise<EmailSummary[]> {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await outboundEmails.list(db, { investigationId, status: 'failed', limit: 50 })
      return rows.map(summarise)
    },
  }
}

export type MailService = ReturnType<typeof mailService>
