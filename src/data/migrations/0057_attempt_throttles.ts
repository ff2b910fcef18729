import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Anti-automation shared by every instance (ADR 0026). attempt_throttles holds one counter of
 * failures per client address, per account and per known device, keyed by a SHA-256 of what it
 * counts (an address is personal data; the table never holds one in the clear). known_devices
 * holds the devices a person has signed in on: attempts from one are counted for that device only,
 * so a stranger's failures can never keep the owner out (ADR 0026).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `
      create table attempt_throttles (
      key_hash text primary key,
      kind text not null check (kind in ('address', 'account', 'device')),
      failures integer not null check (failures >= 0),
      last_failure_at timestamptz,
      refusal_audited_at timestamptz
      )
    `,
    // The sweep removes counters nobody has failed on for a while.
    `create index attempt_throttles_last_failure_idx on attempt_throttles (last_failure_at)`,
    `
      create table known_devices (
      token_hash text primary key,
      user_id uuid not null references users (id) on delete cascade,
      created_at timestamptz not null,
      last_signed_in_at timestamptz not null
      )
    `,
    `create index known_devices_user_idx on known_devices (user_id)`,
    `create index known_devices_last_signed_in_idx on known_devices (last_signed_in_at)`,
  ])
}
