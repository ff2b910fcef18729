import { sql } from 'kysely'
import type { SealedAuditEntry, Seal, StoredAuditEntry } from '../../domain/auditChain.js'
import type { Executor } from '../database.js'
import type { AuditLogRow } from '../schema.js'

// Any fixed number will do; it only has to be the same for every sealer of the audit chain.
const AUDIT_CHAIN_LOCK = 7_262_001

/**
 * Whether this transaction may seal: one sealer at a time across every instance, so two never
 * extend the chain from the same head. Never waits; a busy sealer means the work is in hand.
 */
export async function tryLockChain(trx: Executor): Promise<boolean> {
  const result = await sql<{
    locked: boolean
  }>`select pg_try_advisory_xact_lock(${AUDIT_CHAIN_LOCK}) as locked`.execute(trx)
  return result.rows[0]?.locked === true
}

/** The chain's last sealed entry: where the next seal continues from. */
export async function chainHead(trx: Executor): Promise<{ chainPosition: number; hash: string } | undefined> {
  const row = await trx
    .selectFrom('audit_log')
    .select(['chain_position', 'hash'])
    .where('chain_position', 'is not', null)
    .orderBy('chain_position', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row && row.hash !== null ? { chainPosition: Number(row.chain_position), hash: row.hash } : undefined
}

/** Committed entries not yet sealed, oldest first (partial index audit_log_unsealed_idx). */
export async function unsealed(trx: Executor, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await trx
    .selectFrom('audit_log')
    .selectAll()
    .where('hash', 'is', null)
    .orderBy('seq')
    .limit(limit)
    .execute()
  return rows.map(toStored)
}

/** Stores seals; the append-only trigger allows exactly this change, once per entry. */
export async function seal(trx: Executor, seals: readonly Seal[]): Promise<void> {
  if (seals.length === 0) return
  const values = sql.join(
    seals.map((s) => sql`(${s.seq}::bigint, ${s.chainPosition}::bigint, ${s.prevHash}::text, ${s.hash}::text)`),
  )
  await sql`
    update audit_log set chain_position = v.chain_position, prev_hash = v.prev_hash, hash = v.hash
    from (values ${values}) as v (seq, chain_position, prev_hash, hash)
    where audit_log.seq = v.seq and audit_log.hash is null
  `.execute(trx)
}

export async function unsealedSummary(db: Executor): Promise<{ count: number; oldest: Date | null }> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.countAll<string>().as('n'), eb.fn.min('occurred_at').as('oldest')])
    .where('hash', 'is', null)
    .executeTakeFirstOrThrow()
  return { count: Number(row.n), oldest: row.oldest ? new Date(row.oldest as string | Date) : null }
}

export interface AuditInsert {
  id: string
  occurredAt: Date
  actorUserId: string | null
  action: string
  entityType: string
  entityId: string | null
  caseId: string | null
  requestId: string | null
  detail: Record<string, unknown>
}

/** One statement: inside the caller's transaction for a change, on its own for a read. */
export async function insert(db: Executor, entry: AuditInsert): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: entry.id,
      occurred_at: entry.occurredAt,
      actor_user_id: entry.actorUserId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      case_id: entry.caseId,
      request_id: entry.requestId,
      detail: JSON.stringify(entry.detail),
    })
    .execute()
}

export function toStored(row: AuditLogRow): StoredAuditEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    actorUserId: row.actor_user_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    caseId: row.case_id,
    requestId: row.request_id,
    detail: typeof row.detail === 'string' ? (JSON.parse(row.detail) as Record<string, unknown>) : row.detail,
    chainPosition: row.chain_position === null ? null : Number(row.chain_position),
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** One page of the sealed chain in chain order, after the given position (keyset pagination). */
export async function pageAfter(db: Executor, afterPosition: number, limit: number): Promise<SealedAuditEntry[]> {
  const rows = await db
    .selectFrom('audit_log')
    .selectAll()
    .where('chain_position', '>', afterPosition)
    .orderBy('chain_position')
    .limit(limit)
    .execute()
  return rows.map(toStored) as SealedAuditEntry[]
}

export interface AuditListFilter {
  caseId?: string
  actorUserId?: string
  entityType?: string
  entityId?: string
  beforeSeq?: number
  limit: number
}

/** Newest first, keyset-paginated by sequence number, for the audit pages and case history. */
export async function list(db: Executor, filter: AuditListFilter): Promise<StoredAuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll()
  if (filter.caseId) q = q.where('case_id', '=', filter.caseId)
  if (filter.actorUserId) q = q.where('actor_user_id', '=', filter.actorUserId)
  if (filter.entityType) q = q.where('entity_type', '=', filter.entityType)
  if (filter.entityId) q = q.where('entity_id', '=', filter.entityId)
  if (filter.beforeSeq !== undefined) q = q.where('seq', '<', filter.beforeSeq)
  const rows = await q.orderBy('seq', 'desc').limit(filter.limit).execute()
  return rows.map(toStored)
}

export async function count(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}
