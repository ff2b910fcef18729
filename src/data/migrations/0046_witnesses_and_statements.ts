import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Witnesses and statements (issue 13; domain/witnesses.ts). A witness is a person who can give
 * evidence — civilian, police or expert — with contact details and special measures or needs:
 * personal data the investigation team alone sees. A statement is the account taken from a
 * witness or from an officer under investigation (a subject): by whom, when, where, whether
 * signed, and the document in the evidence register that holds it (its hash and chain of custody
 * are the register's). Both are numbered per case (W1…, S1…) from case_counters, like actions.
 * Actions link statements through actions.statement_ids (their results); the GIN index answers
 * "which actions cite this statement" without a scan.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table case_counters drop constraint case_counters_kind_check`,
    `alter table case_counters add constraint case_counters_kind_check
      check (kind in ('line_of_enquiry', 'action', 'decision', 'witness', 'statement'))`,

    `create table witnesses (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      kind text not null check (kind in ('civilian', 'police', 'expert')),
      full_name text not null check (length(full_name) between 1 and 200),
      role_in_events text check (length(role_in_events) <= 2000),
      organisation text check (length(organisation) <= 300),
      collar_number text check (length(collar_number) <= 30),
      address text check (length(address) <= 1000),
      phone text check (length(phone) <= 40),
      email text check (length(email) <= 320),
      preferred_contact text check (length(preferred_contact) <= 1000),
      special_measures text[] not null default '{}',
      needs text check (length(needs) <= 5000),
      created_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number)
    )`,

    `create table statements (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      witness_id uuid references witnesses (id),
      subject_id uuid references subjects (id),
      taken_by uuid not null references users (id),
      taken_at timestamptz not null,
      place text not null check (length(place) between 1 and 500),
      summary text check (length(summary) <= 20000),
      signed boolean not null default false,
      signed_on date,
      document_id uuid references documents (id),
      allegation_ids uuid[] not null default '{}',
      chronology_event_ids uuid[] not null default '{}',
      recorded_by uuid not null references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number),
      -- From exactly one person: a witness, or an officer under investigation.
      check ((witness_id is null) <> (subject_id is null)),
      check (signed or signed_on is null)
    )`,
    `create index statements_witness_idx on statements (witness_id) where witness_id is not null`,
    `create index statements_subject_idx on statements (subject_id) where subject_id is not null`,
    `create index statements_document_idx on statements (document_id) where document_id is not null`,
    `create index actions_statements_idx on actions using gin (statement_ids)`,
  ])
}
