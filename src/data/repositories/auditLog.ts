import { sql } from 'kysely'
import type { StoredAuditEntry } from '../../domain/auditChain.js'
import type { Executor } from '../database.js'
import type { AuditLogRow } from '../schema.js'

// Any fixed number will do; it only has to be the same for every writer of the audit chain.
const AUDIT_CHAIN_LOCK = 7_262_001

/**
 * Serialises writers of the chain until the surrounding transaction ends, so two transactions
 * never chain from the same previous entry. Held only for the length of one write transaction.
 */
export async function lockChain(trx: Executor): Promise<void> {
  await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx)
}

export async function lastHash(trx: Executor): Promise<string | undefined> {
  const row = await trx.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst()
  return row?.hash
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
  prevHash: string
  hash: string
}

export async function insert(trx: Executor, entry: AuditInsert): Promise<void> {
  await trx
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
      prev_hash: entry.prevHash,
      hash: entry.hash,
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
    prevHash: row.prev_hash,
    hash: row.hash,
  }
}

/** One page of the chain in sequence order, after the given sequence number (keyset pagination). */
export async function pageAfter(db: Executor, afterSeq: number, limit: number): Promise<StoredAuditEntry[]> {
  const rows = await db.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute()
  return rows.map(toStored)
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
  const row = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}
