import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Imports through the API and the administrators' page (issue 12, ADR 0030). An uploaded import is
 * a job: its row waits as `queued` with the files' bytes in `import_upload_chunks` (in the
 * database, so whichever instance claims it can read them, and nothing lives on one instance's
 * disk), is claimed by one instance's job runner (FOR UPDATE SKIP LOCKED), reports its progress
 * into its own row while it runs, and its uploaded bytes are deleted when it ends.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table imports drop constraint imports_status_check`,
    `alter table imports add constraint imports_status_check
      check (status in ('queued', 'running', 'completed', 'failed', 'validated', 'undone'))`,
    // The request as submitted (the CLI's imports run at once and leave these empty).
    `alter table imports add column mapping jsonb`,
    `alter table imports add column max_file_bytes bigint`,
    // Progress while it runs: rows read, bytes read of the total, the phase; and when it last said so.
    `alter table imports add column progress jsonb`,
    `alter table imports add column progress_at timestamptz`,
    `alter table imports add column claimed_at timestamptz`,
    `create index imports_pending_idx on imports (started_at, id) where status in ('queued', 'running')`,

    `create table import_uploads (
      import_id uuid not null references imports (id) on delete cascade,
      file_no smallint not null,
      name text not null,
      size bigint not null,
      primary key (import_id, file_no)
    )`,
    `create table import_upload_chunks (
      import_id uuid not null,
      file_no smallint not null,
      seq integer not null,
      bytes bytea not null,
      primary key (import_id, file_no, seq),
      foreign key (import_id, file_no) references import_uploads (import_id, file_no) on delete cascade
    )`,
  ])
}
