import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Performance (docs/performance.md, figures from `npm run bench` at 100,000 investigations):
 *
 * - the case list filtered by force and status — the filter people use most — reads its keys
 *   from one index, in page order, without touching the table: a page of one person's
 *   investigating cases at one force went from 822 buffer reads to 236;
 * - a subject list or a newly added subject reads the severity assessments and notices of its
 *   investigation; without an index on investigation_id each was a sequential scan of the whole
 *   table (178,000 assessments), run while the subject's write transaction held the audit chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index investigations_force_status_idx on investigations (force_id, status, updated_at desc, id desc)`,
    `create index severity_assessments_investigation_idx on severity_assessments (investigation_id, recorded_at, id)`,
    `create index notices_investigation_idx on notices (investigation_id, generated_at desc, id desc)`,
  ])
}
