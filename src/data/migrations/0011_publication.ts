import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Linked proceedings (inquests — one can cover several deaths — criminal trials, judicial
 * reviews, civil claims) with their events, parties, documents and prevention of future deaths
 * reports; publication holds and what lifted them; redactions; publications (to interested
 * persons first, then the public site); and re-investigations linking a new investigation to
 * the one it re-opens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table linked_proceedings (
      id uuid primary key,
      kind text not null check (kind in ('inquest', 'criminal_trial', 'judicial_review', 'civil_claim')),
      title text not null check (length(title) between 1 and 300),
      court text check (length(court) <= 300),
      court_reference text check (length(court_reference) <= 100),
      status text not null,
      opened_on date,
      quashed_on date,
      fresh_inquest_ordered_on date,
      concluded_on date,
      conclusion text check (length(conclusion) <= 20000),
      jury_findings text check (length(jury_findings) <= 20000),
      charge text check (length(charge) <= 2000),
      verdict text check (length(verdict) <= 2000),
      sentence text check (length(sentence) <= 2000),
      holds_publication boolean not null default true,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,

    `create table investigation_proceedings (
      investigation_id uuid not null references investigations (id),
      proceeding_id uuid not null references linked_proceedings (id),
      linked_at timestamptz not null default now(),
      primary key (investigation_id, proceeding_id)
    )`,
    `create index investigation_proceedings_proceeding_idx on investigation_proceedings (proceeding_id)`,

    // The deaths an inquest covers: people named in the investigations' referrals.
    `create table proceeding_involved_people (
      proceeding_id uuid not null references linked_proceedings (id),
      involved_person_id uuid not null references involved_people (id),
      primary key (proceeding_id, involved_person_id)
    )`,

    `create table proceeding_events (
      id uuid primary key,
      proceeding_id uuid not null references linked_proceedings (id),
      occurred_on date not null,
      kind text not null check (length(kind) between 1 and 60),
      description text not null check (length(description) between 1 and 5000),
      status_after text,
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now()
    )`,
    `create index proceeding_events_proceeding_idx on proceeding_events (proceeding_id, occurred_on, recorded_at)`,

    `create table proceeding_parties (
      id uuid primary key,
      proceeding_id uuid not null references linked_proceedings (id),
      role text not null check (length(role) between 1 and 100),
      name text not null check (length(name) between 1 and 200),
      organisation text check (length(organisation) <= 200)
    )`,
    `create index proceeding_parties_proceeding_idx on proceeding_parties (proceeding_id)`,

    `create table proceeding_documents (
      id uuid primary key,
      proceeding_id uuid not null references linked_proceedings (id),
      title text not null check (length(title) between 1 and 300),
      sha256 text not null,
      filename text not null,
      media_type text not null,
      size_bytes bigint not null,
      uploaded_by uuid references users (id),
      uploaded_at timestamptz not null default now()
    )`,
    `create index proceeding_documents_proceeding_idx on proceeding_documents (proceeding_id)`,

    `create table prevention_of_future_deaths_reports (
      id uuid primary key,
      proceeding_id uuid not null references linked_proceedings (id),
      issued_on date not null,
      addressed_to text not null check (length(addressed_to) between 1 and 300),
      concerns text not null check (length(concerns) between 1 and 20000),
      response_due_on date not null,
      response_received_on date,
      response_summary text check (length(response_summary) <= 20000),
      version integer not null default 1
    )`,
    `create index pfd_reports_proceeding_idx on prevention_of_future_deaths_reports (proceeding_id)`,
    `create index pfd_reports_due_idx on prevention_of_future_deaths_reports (response_due_on) where response_received_on is null`,

    `create table publication_holds (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      proceeding_id uuid references linked_proceedings (id),
      reason text not null check (length(reason) between 1 and 2000),
      placed_on date not null,
      placed_by uuid references users (id),
      lifted_on date,
      lifted_by uuid references users (id),
      lift_reason text,
      lifted_because text check (lifted_because in ('proceeding_concluded', 'decision')),
      version integer not null default 1,
      check ((lifted_on is null) = (lifted_because is null))
    )`,
    `create index publication_holds_investigation_idx on publication_holds (investigation_id) where lifted_on is null`,
    `create unique index publication_holds_one_per_proceeding on publication_holds (investigation_id, proceeding_id) where proceeding_id is not null and lifted_on is null`,

    `create table redactions (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      report_version_number integer not null,
      section text not null check (length(section) between 1 and 100),
      redacted_text text not null check (length(redacted_text) between 1 and 5000),
      occurrence integer not null default 0,
      reason text not null check (length(reason) between 1 and 1000),
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      removed_at timestamptz,
      removed_by uuid references users (id)
    )`,
    `create index redactions_investigation_idx on redactions (investigation_id, report_version_number)`,

    `create table publications (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      report_version_number integer not null,
      title text not null,
      summary text not null check (length(summary) between 1 and 5000),
      force_id uuid not null references organisations (id),
      themes text[] not null default '{}',
      redacted_html text not null,
      redacted_pdf_sha256 text not null,
      status text not null check (status in ('released_to_interested_persons', 'published', 'withdrawn')),
      released_to_interested_persons_at timestamptz not null,
      public_from timestamptz,
      published_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      version integer not null default 1,
      search_vector tsvector generated always as (to_tsvector('english', title || ' ' || summary)) stored
    )`,
    `create index publications_public_idx on publications (published_at desc, id desc) where status = 'published'`,
    `create index publications_force_idx on publications (force_id, published_at desc) where status = 'published'`,
    `create index publications_search_idx on publications using gin (search_vector)`,
    `create index publications_investigation_idx on publications (investigation_id)`,

    `create table reinvestigations (
      id uuid primary key,
      original_investigation_id uuid not null references investigations (id),
      new_investigation_id uuid references investigations (id),
      ground text not null check (ground in ('materially_flawed', 'significant_new_information', 'public_interest')),
      grounds_detail text not null check (length(grounds_detail) between 1 and 20000),
      public_interest text check (length(public_interest) <= 5000),
      proposed_by uuid references users (id),
      proposed_at timestamptz not null default now(),
      decision text check (decision in ('approved', 'refused')),
      decided_by uuid references users (id),
      decided_on date,
      decision_reason text,
      version integer not null default 1
    )`,
    `create index reinvestigations_original_idx on reinvestigations (original_investigation_id)`,
    `alter table investigations add column predecessor_investigation_id uuid references investigations (id)`,
  ])
}
