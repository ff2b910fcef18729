/**
 * The audit trail is a hash chain: each entry's hash covers its own content and the previous
 * entry's hash, so editing, removing or reordering any entry breaks every hash after it.
 * Entries are sealed into the chain shortly after they commit (ADR 0005), in chain-position
 * order. Pure functions, shared by the sealer (services/auditTrail) and the verifier.
 */
import { createHash } from 'node:crypto'

/** The hash the first entry chains from. */
export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntryContent {
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

/**
 * JSON with object keys sorted at every depth. PostgreSQL's jsonb reorders keys, so the hash
 * must not depend on the order in which they were written.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null)
  if (value instanceof Date) return JSON.stringify(value.toISOString())
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
}

export function hashAuditEntry(prevHash: string, entry: AuditEntryContent): string {
  const body = canonicalJson({
    id: entry.id,
    occurredAt: entry.occurredAt.toISOString(),
    actorUserId: entry.actorUserId,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    caseId: entry.caseId,
    requestId: entry.requestId,
    detail: entry.detail,
  })
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex')
}

export type ChainBreak = {
  seq: number
  id: string
  problem: 'previous hash does not match' | 'hash does not match content'
}

export interface StoredAuditEntry extends AuditEntryContent {
  seq: number
  /** Null until the entry is sealed into the chain. */
  chainPosition: number | null
  prevHash: string | null
  hash: string | null
}

export interface SealedAuditEntry extends StoredAuditEntry {
  chainPosition: number
  prevHash: string
  hash: string
}

export interface Seal {
  seq: number
  chainPosition: number
  prevHash: string
  hash: string
}

/**
 * Seals a run of unsealed entries onto the chain whose last entry is `head` (or the genesis hash
 * and position 0 for an empty chain), in the order given. Returns the seals to store.
 */
export function sealEntries(
  head: { chainPosition: number; hash: string } | null,
  entries: readonly (AuditEntryContent & { seq: number })[],
): Seal[] {
  let prevHash = head?.hash ?? GENESIS_HASH
  let position = head?.chainPosition ?? 0
  return entries.map((entry) => {
    const hash = hashAuditEntry(prevHash, entry)
    const seal = { seq: entry.seq, chainPosition: ++position, prevHash, hash }
    prevHash = hash
    return seal
  })
}

/**
 * Checks a run of sealed entries in chain order, starting from the hash expected before the
 * first one. Returns the first break, or the hash the next run should start from.
 */
export function verifyChainSegment(
  expectedPrevHash: string,
  entries: readonly SealedAuditEntry[],
): { ok: true; lastHash: string } | { ok: false; break: ChainBreak } {
  let prev = expectedPrevHash
  for (const entry of entries) {
    if (entry.prevHash !== prev) {
      return { ok: false, break: { seq: entry.seq, id: entry.id, problem: 'previous hash does not match' } }
    }
    if (hashAuditEntry(prev, entry) !== entry.hash) {
      return { ok: false, break: { seq: entry.seq, id: entry.id, problem: 'hash does not match content' } }
    }
    prev = entry.hash
  }
  return { ok: true, lastHash: prev }
}
