import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * An interested person can be owed an update by a set date whatever the cadence says: when a
 * re-investigation opens, each consenting interested person of the old case is made one of the
 * new case with an update due at once. Once an update is given on or after that date, only the
 * cadence counts again (domain/keepInformed.ts nextUpdateDue).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [`alter table interested_persons add column update_due_on date`])
}
