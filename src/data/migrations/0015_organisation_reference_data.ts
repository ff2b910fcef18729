import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Organisations become reference data an operator maintains (ADR 0006): a name that can change
 * while the code and id stay, the names it had before, the name the shipped reference list last
 * gave it (so loading the list again can tell an operator's rename from an old shipped name), and
 * retirement (no longer chosen for new cases or accounts; every existing reference stays).
 * The list itself is not loaded here: `candour organisations load-defaults` does it, audited, and
 * can be run again when a release ships a changed list.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table organisations add column reference_name text check (length(reference_name) <= 200)`,
    `alter table organisations add column retired_at timestamptz`,
    `alter table organisations add column updated_at timestamptz not null default now()`,
    `alter table organisations add column version integer not null default 1`,
    `
      create table organisation_previous_names (
      organisation_id uuid not null references organisations (id),
      name text not null,
      replaced_at timestamptz not null,
      primary key (organisation_id, replaced_at)
      )
    `,
  ])
}
