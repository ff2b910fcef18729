import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Indexes for what the case overview asks on every view (docs/performance.md): the
 * re-investigation that opened a case, and the counts of families' unreviewed messages and of
 * undelivered e-mails. Partial indexes: only the rows those questions are about.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index reinvestigations_new_idx on reinvestigations (new_investigation_id) where new_investigation_id is not null`,
    `create index portal_submissions_unreviewed_idx on portal_submissions (investigation_id) where reviewed_at is null`,
    `create index outbound_emails_failed_idx on outbound_emails (investigation_id) where status = 'failed'`,
  ])
}
