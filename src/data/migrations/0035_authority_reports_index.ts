import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The appropriate authority's list of the reports sent to its force (GET /api/v1/authority/reports):
 * newest sending first, keyset-paged on (sent_on, investigation_id) within one force.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index report_sendings_force_idx on report_sendings (force_id, sent_on desc, investigation_id desc)`,
  ])
}
