import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The confirmation a person sees once after a change ("The update has been recorded"), kept in
 * their session row rather than in the memory of the instance that handled the change: the next
 * page may be served by another instance of the same database (ADR 0022).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [`alter table sessions add column confirmation text check (length(confirmation) <= 500)`])
}
