import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Subjects: a notice of investigation records the severity it told the subject of (the lifecycle
 * guard needs it to decide whether a revised notice is due), and the size of the generated PDF.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table notices add column severity text check (severity in ('misconduct', 'gross_misconduct', 'neither'))`,
    `alter table notices add column content_size_bytes bigint`,
    `alter table notices add constraint notices_content_sha256_check check (content_sha256 ~ '^[0-9a-f]{64}$')`,
    `alter table notices add constraint notices_response_summary_check check (length(response_summary) <= 20000)`,
  ])
}
