import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * History brought in from earlier systems (docs/import.md, ADR 0008): imports and their error
 * reports, and the historical records they write: cases, officers (with every source id they were
 * known by) and allegations. Historical records live in tables of their own, apart from live
 * investigations, so no statutory clock, notification or ordinary journey can ever reach them.
 * Source vocabularies are kept verbatim beside Candour's mapped value (null when unmapped).
 * Every record carries the import that created it and the import that last changed it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table imports (
      id uuid primary key,
      source text not null check (length(source) between 1 and 100),
      status text not null check (status in ('running', 'completed', 'failed', 'validated', 'undone')),
      dry_run boolean not null default false,
      skip_invalid boolean not null default false,
      files jsonb not null default '[]',
      counts jsonb not null default '{}',
      unmapped jsonb not null default '[]',
      error_count integer not null default 0,
      failure text,
      started_by uuid references users (id),
      started_at timestamptz not null default now(),
      finished_at timestamptz,
      undone_at timestamptz,
      undone_by uuid references users (id)
    )`,
    `create index imports_started_idx on imports (started_at desc, id desc)`,

    // The error report: row, column, value and message, downloadable as CSV.
    `create table import_errors (
      import_id uuid not null references imports (id) on delete cascade,
      seq integer not null,
      file text not null,
      row_number bigint,
      column_name text,
      value text,
      message text not null,
      primary key (import_id, seq)
    )`,

    `create table historical_officers (
      id uuid primary key,
      import_id uuid not null references imports (id),
      last_import_id uuid not null references imports (id),
      force_id uuid not null references organisations (id),
      warrant_number text,
      surname text,
      forenames text,
      rank text,
      rank_mapped text,
      sex text,
      ethnicity text,
      appointed_on date,
      birth_year integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`,
    // Force and warrant number identify an officer across sources and against the live register.
    `create unique index historical_officers_warrant_key on historical_officers (force_id, lower(warrant_number)) where warrant_number is not null`,
    `create index historical_officers_import_idx on historical_officers (import_id)`,
    `create index historical_officers_last_import_idx on historical_officers (last_import_id)`,

    // Each source's own id for an officer: the same officer from two sources is still one officer.
    `create table historical_officer_aliases (
      source text not null,
      source_id text not null,
      historical_officer_id uuid not null references historical_officers (id),
      import_id uuid not null references imports (id),
      primary key (source, source_id)
    )`,
    `create index historical_officer_aliases_officer_idx on historical_officer_aliases (historical_officer_id)`,
    `create index historical_officer_aliases_import_idx on historical_officer_aliases (import_id)`,

    `create table historical_cases (
      id uuid primary key,
      import_id uuid not null references imports (id),
      last_import_id uuid not null references imports (id),
      source text not null,
      source_id text not null,
      force_id uuid not null references organisations (id),
      kind text,
      received_on date not null,
      incident_on date,
      incident_time time,
      location text,
      postcode text,
      latitude numeric(9, 6),
      longitude numeric(9, 6),
      category text,
      category_mapped text,
      summary text,
      closed_on date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (source, source_id)
    )`,
    `create index historical_cases_import_idx on historical_cases (import_id)`,
    `create index historical_cases_last_import_idx on historical_cases (last_import_id)`,
    `create index historical_cases_force_received_idx on historical_cases (force_id, received_on)`,

    // Allegations have no id of their own in the format: one is the n-th allegation against an
    // officer on a case, in file order (docs/import.md).
    `create table historical_allegations (
      id uuid primary key,
      import_id uuid not null references imports (id),
      last_import_id uuid not null references imports (id),
      historical_case_id uuid not null references historical_cases (id),
      historical_officer_id uuid not null references historical_officers (id),
      ordinal integer not null,
      category text,
      category_mapped text,
      standard text,
      finding text,
      finding_mapped text,
      outcome text,
      outcome_mapped text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      unique (historical_case_id, historical_officer_id, ordinal)
    )`,
    `create index historical_allegations_officer_idx on historical_allegations (historical_officer_id)`,
    `create index historical_allegations_import_idx on historical_allegations (import_id)`,
    `create index historical_allegations_last_import_idx on historical_allegations (last_import_id)`,
  ])
}
