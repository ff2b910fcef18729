/**
 * Appends to, reads and verifies the tamper-evident audit trail. record() must be called inside
 * the transaction that makes the change it records: both commit, or neither does.
 */
import { uuidv7 } from 'uuidv7'
import { GENESIS_HASH, hashAuditEntry, verifyChainSegment, type ChainBreak } from '../domain/auditChain.js'
import type { Executor } from '../data/database.js'
import * as auditLog from '../data/repositories/auditLog.js'
import type { RequestContext } from './context.js'

export interface AuditEvent {
  action: string
  entityType: string
  entityId?: string | null
  caseId?: string | null
  /** For changes: { before, after }; for reads of personal data: { fields: [...] }. */
  detail?: Record<string, unknown>
  /** Overrides the context's actor, e.g. for a failed sign-in naming the account attempted. */
  actorUserId?: string | null
}

export async function record(trx: Executor, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await auditLog.lockChain(trx)
  const prevHash = (await auditLog.lastHash(trx)) ?? GENESIS_HASH
  const content = {
    id: uuidv7(),
    occurredAt: new Date(),
    actorUserId: event.actorUserId !== undefined ? event.actorUserId : (ctx.actor?.userId ?? null),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    caseId: event.caseId ?? null,
    requestId: ctx.requestId,
    detail: event.detail ?? {},
  }
  await auditLog.insert(trx, { ...content, prevHash, hash: hashAuditEntry(prevHash, content) })
}

export type VerifyResult = { ok: true; entries: number } | { ok: false; entries: number; break: ChainBreak }

/** Recomputes the whole chain, a page at a time so memory stays flat at millions of entries. */
export async function verify(db: Executor, pageSize = 5000): Promise<VerifyResult> {
  let prev = GENESIS_HASH
  let afterSeq = 0
  let checked = 0
  for (;;) {
    const page = await auditLog.pageAfter(db, afterSeq, pageSize)
    if (page.length === 0) return { ok: true, entries: checked }
    const result = verifyChainSegment(prev, page)
    if (!result.ok) {
      checked += page.findIndex((e) => e.seq === result.break.seq)
      return { ok: false, entries: checked, break: result.break }
    }
    prev = result.lastHash
    checked += page.length
    afterSeq = page[page.length - 1]!.seq
  }
}
