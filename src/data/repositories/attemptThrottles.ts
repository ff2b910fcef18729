/**
 * The counters of failed attempts and the known devices (ADR 0026). Counters are read and written
 * under a row lock, so two instances counting the same address at the same moment both count.
 */
import type { Executor } from '../database.js'
import type { AttemptThrottleTable } from '../schema.js'

export interface ThrottleRow {
  key_hash: string
  kind: AttemptThrottleTable['kind']
  failures: number
  last_failure_at: Date | null
  refusal_audited_at: Date | null
}

/** Locks the counters (creating empty ones), in key order so that two requests never deadlock. */
export async function lockAll(
  db: Executor,
  keys: readonly { keyHash: string; kind: AttemptThrottleTable['kind'] }[],
): Promise<Map<string, ThrottleRow>> {
  const sorted = [...keys].sort((a, b) => (a.keyHash < b.keyHash ? -1 : a.keyHash > b.keyHash ? 1 : 0))
  if (sorted.length === 0) return new Map()
  await db
    .insertInto('attempt_throttles')
    .values(sorted.map((k) => ({ key_hash: k.keyHash, kind: k.kind, failures: 0, last_failure_at: null })))
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute()
  const rows = await db
    .selectFrom('attempt_throttles')
    .selectAll()
    .where(
      'key_hash',
      'in',
      sorted.map((k) => k.keyHash),
    )
    .orderBy('key_hash')
    .forUpdate()
    .execute()
  return new Map(
    rows.map((r) => [
      r.key_hash,
      {
        ...r,
        last_failure_at: r.last_failure_at === null ? null : new Date(r.last_failure_at),
        refusal_audited_at: r.refusal_audited_at === null ? null : new Date(r.refusal_audited_at),
      },
    ]),
  )
}

export async function save(
  db: Executor,
  keyHash: string,
  state: { failures: number; lastFailureAt: Date | null },
): Promise<void> {
  await db
    .updateTable('attempt_throttles')
    .set({ failures: state.failures, last_failure_at: state.lastFailureAt })
    .where('key_hash', '=', keyHash)
    .execute()
}

export async function markRefusalAudited(db: Executor, keyHash: string, at: Date): Promise<void> {
  await db.updateTable('attempt_throttles').set({ refusal_audited_at: at }).where('key_hash', '=', keyHash).execute()
}

/** The counters' state without locking (for tests and operators). */
export async function find(db: Executor, keyHash: string): Promise<ThrottleRow | undefined> {
  return db.selectFrom('attempt_throttles').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()
}

/** Removes counters with no failure since `before` (and empty ones): they no longer slow anyone. */
export async function removeQuietSince(db: Executor, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('attempt_throttles')
    .where((eb) => eb.or([eb('last_failure_at', '<', before), eb('last_failure_at', 'is', null)]))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function findKnownDevice(db: Executor, tokenHash: string) {
  return db.selectFrom('known_devices').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

export async function rememberDevice(db: Executor, tokenHash: string, userId: string, now: Date): Promise<void> {
  await db
    .insertInto('known_devices')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, last_signed_in_at: now })
    .onConflict((oc) => oc.column('token_hash').doUpdateSet({ last_signed_in_at: now }))
    .execute()
}

export async function removeDevicesUnusedSince(db: Executor, before: Date): Promise<number> {
  const result = await db.deleteFrom('known_devices').where('last_signed_in_at', '<', before).executeTakeFirst()
  return Number(result.numDeletedRows)
}
