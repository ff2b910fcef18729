import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Investigations: referrals and the people involved, assessments (kept as history), the
 * investigation with its gap-free reference, team and versioned terms of reference, the register
 * of officers and police staff shared across cases, subjects, allegations, severity assessments,
 * notices, interviews, the chronology, the evidence register with chain of custody, personal API
 * tokens and idempotency keys. Indexes are chosen for 100,000+ investigations and millions of
 * chronology events: every list is keyset-paginated on an index, and search uses full-text and
 * trigram indexes rather than scans.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create extension if not exists pg_trgm`,

    `create table officers (
      id uuid primary key,
      force_id uuid not null references organisations (id),
      warrant_number text not null check (length(warrant_number) between 1 and 40),
      kind text not null check (kind in ('police_officer', 'police_staff')),
      given_name text not null check (length(given_name) between 1 and 100),
      family_name text not null check (length(family_name) between 1 and 100),
      rank text not null check (length(rank) <= 100),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    // The same officer in two investigations is one record: matched on force and warrant number.
    `create unique index officers_force_warrant_key on officers (force_id, lower(warrant_number))`,
    `create index officers_name_trgm on officers using gin ((given_name || ' ' || family_name) gin_trgm_ops)`,
    `create index officers_warrant_trgm on officers using gin (warrant_number gin_trgm_ops)`,

    `create table investigation_reference_counters (
      year integer primary key,
      last_number integer not null
    )`,

    `create table investigations (
      id uuid primary key,
      reference text not null unique,
      title text not null check (length(title) between 1 and 300),
      status text not null,
      status_before_suspension text,
      form text,
      force_id uuid not null references organisations (id),
      lead_investigator_id uuid references users (id),
      decision_maker_id uuid references users (id),
      came_to_attention_on date,
      opened_on date not null,
      closed_on date,
      next_deadline_on date,
      -- reference, title and every subject's name and warrant number: what the case search matches.
      search_text text not null default '',
      search_vector tsvector generated always as (to_tsvector('english', title)) stored,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index investigations_updated_idx on investigations (updated_at desc, id desc)`,
    `create index investigations_status_idx on investigations (status, updated_at desc, id desc)`,
    `create index investigations_force_idx on investigations (force_id, updated_at desc, id desc)`,
    `create index investigations_lead_idx on investigations (lead_investigator_id, updated_at desc, id desc)`,
    `create index investigations_deadline_idx on investigations (next_deadline_on) where next_deadline_on is not null`,
    `create index investigations_search_trgm on investigations using gin (search_text gin_trgm_ops)`,
    `create index investigations_search_fts on investigations using gin (search_vector)`,

    `create table investigation_members (
      investigation_id uuid not null references investigations (id),
      user_id uuid not null references users (id),
      role_in_case text not null check (role_in_case in ('lead_investigator', 'investigator', 'decision_maker', 'case_worker')),
      added_at timestamptz not null default now(),
      primary key (investigation_id, user_id, role_in_case)
    )`,
    `create index investigation_members_user_idx on investigation_members (user_id, investigation_id)`,

    `create table terms_of_reference (
      investigation_id uuid not null references investigations (id),
      version_number integer not null,
      text text not null check (length(text) between 1 and 20000),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now(),
      primary key (investigation_id, version_number)
    )`,

    `create table referrals (
      id uuid primary key,
      matter_type text not null check (matter_type in ('complaint', 'conduct_matter', 'dsi_matter')),
      referring_force_id uuid not null references organisations (id),
      received_on date not null,
      came_to_attention_on date,
      category text not null,
      summary text not null check (length(summary) between 1 and 20000),
      investigation_id uuid references investigations (id),
      recorded_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index referrals_investigation_idx on referrals (investigation_id) where investigation_id is not null`,
    `create index referrals_unassigned_idx on referrals (received_on desc, id desc) where investigation_id is null`,

    `create table involved_people (
      id uuid primary key,
      referral_id uuid not null references referrals (id),
      role text not null check (role in ('deceased', 'seriously_injured', 'complainant', 'witness', 'other')),
      full_name text not null check (length(full_name) between 1 and 200),
      date_of_birth date,
      date_of_death date,
      place_of_death text check (length(place_of_death) <= 300),
      created_at timestamptz not null default now()
    )`,
    `create index involved_people_referral_idx on involved_people (referral_id)`,

    // Each determination of the form of investigation is kept; the latest is the current one.
    `create table assessments (
      id uuid primary key,
      referral_id uuid not null references referrals (id),
      form text not null check (form in ('independent', 'directed', 'local', 'supervised', 'managed', 'returned_to_force', 'not_investigated')),
      rationale text not null check (length(rationale) between 1 and 20000),
      decided_by uuid not null references users (id),
      decided_on date not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index assessments_referral_idx on assessments (referral_id, recorded_at desc)`,

    `create table subjects (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      officer_id uuid not null references officers (id),
      role_at_time text not null check (length(role_at_time) <= 300),
      rank_at_time text not null check (length(rank_at_time) <= 100),
      status text not null default 'identified',
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, officer_id)
    )`,
    `create index subjects_officer_idx on subjects (officer_id)`,

    `create table allegations (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null references subjects (id),
      description text not null check (length(description) between 1 and 10000),
      standards text[] not null check (cardinality(standards) >= 1),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index allegations_subject_idx on allegations (subject_id, created_at)`,
    `create index allegations_investigation_idx on allegations (investigation_id)`,

    `create table severity_assessments (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null references subjects (id),
      severity text not null check (severity in ('misconduct', 'gross_misconduct', 'neither')),
      rationale text not null check (length(rationale) between 1 and 10000),
      assessed_by uuid not null references users (id),
      assessed_on date not null,
      recorded_at timestamptz not null default now()
    )`,
    `create index severity_assessments_subject_idx on severity_assessments (subject_id, recorded_at desc)`,

    `create table documents (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      exhibit_reference text not null check (length(exhibit_reference) between 1 and 60),
      title text not null check (length(title) between 1 and 300),
      description text check (length(description) <= 5000),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint not null,
      media_type text not null,
      original_filename text not null,
      sealed boolean not null default false,
      uploaded_by uuid references users (id),
      uploaded_at timestamptz not null default now(),
      withdrawn_at timestamptz,
      withdrawn_by uuid references users (id),
      withdrawn_reason text,
      version integer not null default 1,
      unique (investigation_id, exhibit_reference)
    )`,
    `create index documents_investigation_idx on documents (investigation_id, uploaded_at desc, id desc)`,

    `create table custody_entries (
      id uuid primary key,
      document_id uuid not null references documents (id),
      occurred_at timestamptz not null,
      action text not null check (length(action) between 1 and 100),
      from_party text,
      to_party text,
      note text check (length(note) <= 5000),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now()
    )`,
    `create index custody_entries_document_idx on custody_entries (document_id, occurred_at)`,

    `create table notices (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null references subjects (id),
      kind text not null default 'regulation_17',
      document_id uuid references documents (id),
      content_sha256 text,
      generated_at timestamptz not null default now(),
      generated_by uuid references users (id),
      served_on date,
      service_method text,
      response_due_on date,
      response_received_on date,
      response_summary text,
      version integer not null default 1
    )`,
    `create index notices_subject_idx on notices (subject_id, generated_at desc)`,
    `create index notices_due_idx on notices (response_due_on) where response_received_on is null and response_due_on is not null`,

    `create table interviews (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null references subjects (id),
      kind text not null,
      held_on date not null,
      summary text check (length(summary) <= 20000),
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now()
    )`,
    `create index interviews_subject_idx on interviews (subject_id, held_on)`,

    `create table chronology_events (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      occurred_on date not null,
      occurred_time time,
      kind text not null check (kind in ('underlying_fact', 'investigation')),
      title text not null check (length(title) between 1 and 300),
      description text check (length(description) <= 20000),
      missed_opportunity boolean not null default false,
      missed_opportunity_reason text check (length(missed_opportunity_reason) <= 5000),
      subject_ids uuid[] not null default '{}',
      document_ids uuid[] not null default '{}',
      recorded_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (not missed_opportunity or missed_opportunity_reason is not null)
    )`,
    `create index chronology_events_timeline_idx on chronology_events (investigation_id, occurred_on, occurred_time, id)`,
    `create index chronology_events_missed_idx on chronology_events (investigation_id, occurred_on) where missed_opportunity`,

    `create table api_tokens (
      id uuid primary key,
      user_id uuid not null references users (id),
      name text not null check (length(name) between 1 and 100),
      token_hash text not null unique,
      scopes text[] not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz,
      last_used_at timestamptz,
      revoked_at timestamptz
    )`,
    `create index api_tokens_user_idx on api_tokens (user_id, created_at desc)`,

    `create table idempotency_keys (
      user_id uuid not null references users (id),
      key text not null check (length(key) between 1 and 200),
      method text not null,
      path text not null,
      request_sha256 text not null,
      response_status integer,
      response_headers jsonb,
      response_body text,
      created_at timestamptz not null default now(),
      primary key (user_id, key)
    )`,
    `create index idempotency_keys_created_idx on idempotency_keys (created_at)`,
  ])
}
