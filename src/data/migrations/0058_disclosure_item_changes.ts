import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Disclosure items can be changed and removed on the working list (ADR 0027); an issued version
 * stays as it was (its snapshot row never changes) and the next version carries the change. A
 * removed item's row goes (the audit trail keeps what it said) but its number is never handed out
 * again, so "item 4" means one thing across every version: `item_count` stays the count of
 * numbers handed out, and `removed_item_count` says how many of them are gone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table disclosure_schedules
      add column removed_item_count integer not null default 0
        check (removed_item_count >= 0 and removed_item_count <= item_count)`,
  ])
}
