/**
 * Appends to, seals, reads and verifies the tamper-evident audit trail (ADRs 0003 and 0005).
 *
 * record() must be called inside the transaction that makes the change it records, so both
 * commit or neither does; a read of personal data is recorded with one statement of its own.
 * Recording takes no lock. seal() then chains committed entries, in the order it finds them, one
 * sealer at a time across every instance; the server runs it every second (jobs/auditSealer).
 */
import { uuidv7 } from 'uuidv7'
import { GENESIS_HASH, sealEntries, verifyChainSegment, type ChainBreak } from '../domain/auditChain.js'
import type { Executor } from '../data/database.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
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

export async function record(executor: Executor, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await auditLog.insert(executor, {
    id: uuidv7(),
    occurredAt: new Date(),
    actorUserId: event.actorUserId !== undefined ? event.actorUserId : (ctx.actor?.userId ?? null),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId ?? null,
    caseId: event.caseId ?? null,
    requestId: ctx.requestId,
    detail: event.detail ?? {},
  })
}

/**
 * Seals committed entries into the chain, a batch per transaction, until none are left. Returns
 * how many it sealed; 0 also when another sealer holds the chain (that one will seal them).
 */
export async function seal(db: Kysely<Database>, batchSize = 1000): Promise<number> {
  let sealed = 0
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      if (!(await auditLog.tryLockChain(trx))) return -1
      const pending = await auditLog.unsealed(trx, batchSize)
      if (pending.length === 0) return 0
      const head = await auditLog.chainHead(trx)
      await auditLog.seal(trx, sealEntries(head ?? null, pending))
      return pending.length
    })
    if (batch <= 0) return sealed
    sealed += batch
    if (batch < batchSize) return sealed
  }
}

export interface PendingEntries {
  /** Entries recorded but not yet sealed into the chain. */
  count: number
  oldest: Date | null
}

export type VerifyResult =
  | { ok: true; entries: number; pending: PendingEntries }
  | { ok: false; entries: number; break: ChainBreak; pending: PendingEntries }

/**
 * Recomputes the whole sealed chain, a page at a time so memory stays flat at millions of
 * entries, and reports the entries still waiting to be sealed. Reads only.
 */
export async function verify(db: Executor, pageSize = 5000): Promise<VerifyResult> {
  const pending = await auditLog.unsealedSummary(db)
  let prev = GENESIS_HASH
  let afterPosition = 0
  let checked = 0
  for (;;) {
    const page = await auditLog.pageAfter(db, afterPosition, pageSize)
    if (page.length === 0) return { ok: true, entries: checked, pending }
    const result = verifyChainSegment(prev, page)
    if (!result.ok) {
      checked += page.findIndex((e) => e.seq === result.break.seq)
      return { ok: false, entries: checked, break: result.break, pending }
    }
    prev = result.lastHash
    checked += page.length
    afterPosition = page[page.length - 1]!.chainPosition
  }
}
