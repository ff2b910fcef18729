import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Disclosure schedules (CPIA 1996 and its code of practice; domain/disclosure.ts). A schedule
 * (numbered DS1… per case, one per referral or set of proceedings) holds the material gathered,
 * each item used or unused, and an unused item sensitive or not, described without revealing what
 * is sensitive (the reason it is sensitive is kept apart, for the prosecutor only). Items are added
 * as material comes in; the lead (the disclosure officer) issues a version, which is a snapshot of
 * the items at that moment. An issued version never changes: the database refuses UPDATE and DELETE.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table case_counters drop constraint case_counters_kind_check`,
    `alter table case_counters add constraint case_counters_kind_check
      check (kind in ('line_of_enquiry', 'action', 'decision', 'witness', 'statement', 'disclosure_schedule'))`,

    `create table disclosure_schedules (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      title text not null check (length(title) between 1 and 300),
      purpose text check (length(purpose) <= 2000),
      item_count integer not null default 0 check (item_count >= 0),
      issued_version integer not null default 0 check (issued_version >= 0),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number)
    )`,

    `create table disclosure_items (
      id uuid primary key,
      schedule_id uuid not null references disclosure_schedules (id),
      number integer not null check (number > 0),
      category text not null check (category in ('used', 'unused')),
      sensitive boolean not null default false,
      description text not null check (length(description) between 1 and 5000),
      sensitivity_reason text check (length(sensitivity_reason) <= 5000),
      document_id uuid references documents (id),
      location text check (length(location) <= 500),
      added_by uuid not null references users (id),
      added_at timestamptz not null default now(),
      unique (schedule_id, number),
      -- Used material is served; only unused material is sensitive or not, and a sensitive item says why.
      check (category = 'unused' or not sensitive),
      check (sensitive = (sensitivity_reason is not null))
    )`,

    `create table disclosure_schedule_versions (
      id uuid primary key,
      schedule_id uuid not null references disclosure_schedules (id),
      version integer not null check (version > 0),
      items jsonb not null,
      issued_by uuid not null references users (id),
      issued_at timestamptz not null default now(),
      unique (schedule_id, version)
    )`,
    `create function disclosure_versions_are_final() returns trigger language plpgsql as $$
      begin
        raise exception 'an issued disclosure schedule version cannot be changed or deleted'
          using errcode = 'integrity_constraint_violation';
      end
    $$`,
    `create trigger disclosure_versions_are_final before update or delete on disclosure_schedule_versions
      for each row execute function disclosure_versions_are_final()`,
  ])
}
