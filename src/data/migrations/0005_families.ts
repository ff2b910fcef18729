import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Families kept informed: interested persons and their representatives, keep-informed updates
 * (to whom, what was said, what was withheld under the harm test), meetings and their actions,
 * timeliness notices and their copies, letters, the family portal (invitations, access, messages
 * and uploads), the e-mail outbox with retries, reminders sent (so a sweep never sends twice),
 * scheduled-job claims, and calendar feed tokens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table interested_persons (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      full_name text not null check (length(full_name) between 1 and 200),
      kind text not null check (kind in ('bereaved_family', 'complainant', 'injured_person', 'other')),
      relationship text check (length(relationship) <= 200),
      consent_to_be_kept_informed boolean not null,
      consent_recorded_on date,
      became_interested_on date not null,
      preferred_channel text not null check (preferred_channel in ('email', 'letter', 'phone')),
      email text check (length(email) <= 320),
      phone text check (length(phone) <= 40),
      postal_address text check (length(postal_address) <= 1000),
      language text check (length(language) <= 100),
      accessibility_needs text check (length(accessibility_needs) <= 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index interested_persons_investigation_idx on interested_persons (investigation_id, full_name)`,

    `create table representatives (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      interested_person_id uuid not null references interested_persons (id),
      firm text check (length(firm) <= 200),
      full_name text not null check (length(full_name) between 1 and 200),
      email text check (length(email) <= 320),
      phone text check (length(phone) <= 40),
      receives_updates boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index representatives_person_idx on representatives (interested_person_id)`,

    `create table keep_informed_updates (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      channel text not null check (channel in ('letter', 'email', 'meeting', 'call', 'portal')),
      given_on date not null,
      given_by uuid references users (id),
      summary text not null check (length(summary) between 1 and 20000),
      covers_progress boolean not null default true,
      covers_provisional_findings boolean not null default false,
      covers_report_submitted boolean not null default false,
      withheld_under_harm_test boolean not null default false,
      harm_ground text,
      withheld_summary text,
      letter_sha256 text,
      created_at timestamptz not null default now(),
      check (not withheld_under_harm_test or harm_ground is not null)
    )`,
    `create index keep_informed_updates_investigation_idx on keep_informed_updates (investigation_id, given_on desc, id desc)`,

    `create table update_recipients (
      update_id uuid not null references keep_informed_updates (id),
      interested_person_id uuid not null references interested_persons (id),
      representative_id uuid references representatives (id),
      primary key (update_id, interested_person_id)
    )`,
    `create index update_recipients_person_idx on update_recipients (interested_person_id, update_id)`,

    `create table update_attachments (
      id uuid primary key,
      update_id uuid not null references keep_informed_updates (id),
      sha256 text not null,
      filename text not null,
      media_type text not null,
      size_bytes bigint not null
    )`,
    `create index update_attachments_update_idx on update_attachments (update_id)`,

    `create table meetings (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      held_on date not null,
      attendees text not null check (length(attendees) <= 5000),
      agenda text check (length(agenda) <= 20000),
      notes text check (length(notes) <= 50000),
      recorded_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index meetings_investigation_idx on meetings (investigation_id, held_on desc)`,

    `create table meeting_interested_persons (
      meeting_id uuid not null references meetings (id),
      interested_person_id uuid not null references interested_persons (id),
      primary key (meeting_id, interested_person_id)
    )`,
    `create index meeting_interested_persons_person_idx on meeting_interested_persons (interested_person_id)`,

    `create table meeting_actions (
      id uuid primary key,
      meeting_id uuid not null references meetings (id),
      description text not null check (length(description) between 1 and 2000),
      owner text not null check (length(owner) between 1 and 200),
      due_on date,
      done_on date,
      version integer not null default 1
    )`,
    `create index meeting_actions_meeting_idx on meeting_actions (meeting_id)`,

    `create table timeliness_notices (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      period_number integer not null,
      period_ends_on date not null,
      due_on date not null,
      status text not null check (status in ('draft', 'approved', 'sent', 'withheld')),
      contents jsonb not null,
      withheld_reason text,
      drafted_at timestamptz not null default now(),
      approved_by uuid references users (id),
      approved_at timestamptz,
      sent_on date,
      letter_sha256 text,
      version integer not null default 1,
      unique (investigation_id, period_number)
    )`,
    `create index timeliness_notices_due_idx on timeliness_notices (due_on) where status in ('draft', 'approved')`,

    `create table timeliness_notice_copies (
      notice_id uuid not null references timeliness_notices (id),
      recipient_kind text not null check (recipient_kind in ('interested_person', 'subject')),
      recipient_id uuid not null,
      status text not null check (status in ('sent', 'withheld')),
      harm_ground text,
      recorded_at timestamptz not null default now(),
      primary key (notice_id, recipient_kind, recipient_id)
    )`,

    `create table letters (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      interested_person_id uuid references interested_persons (id),
      kind text not null check (kind in ('update_letter', 'timeliness_notice')),
      sha256 text not null,
      filename text not null,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    )`,
    `create index letters_investigation_idx on letters (investigation_id, created_at desc)`,
    `create index letters_person_idx on letters (interested_person_id, created_at desc)`,

    `create table portal_access (
      user_id uuid not null references users (id),
      investigation_id uuid not null references investigations (id),
      interested_person_id uuid not null references interested_persons (id),
      representative_id uuid references representatives (id),
      granted_at timestamptz not null default now(),
      revoked_at timestamptz,
      primary key (user_id, interested_person_id)
    )`,
    `create index portal_access_investigation_idx on portal_access (investigation_id)`,

    `create table invitations (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      interested_person_id uuid not null references interested_persons (id),
      representative_id uuid references representatives (id),
      email text not null,
      token_hash text not null unique,
      expires_at timestamptz not null,
      accepted_at timestamptz,
      accepted_user_id uuid references users (id),
      revoked_at timestamptz,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    )`,
    `create index invitations_person_idx on invitations (interested_person_id, created_at desc)`,

    `create table portal_submissions (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      interested_person_id uuid not null references interested_persons (id),
      submitted_by uuid not null references users (id),
      kind text not null check (kind in ('message', 'document')),
      body text check (length(body) <= 20000),
      sha256 text,
      filename text,
      media_type text,
      size_bytes bigint,
      submitted_at timestamptz not null default now(),
      reviewed_at timestamptz,
      reviewed_by uuid references users (id)
    )`,
    `create index portal_submissions_investigation_idx on portal_submissions (investigation_id, submitted_at desc)`,

    `create table outbound_emails (
      id uuid primary key,
      investigation_id uuid references investigations (id),
      to_address text not null,
      subject text not null,
      body_text text not null,
      status text not null check (status in ('pending', 'sent', 'failed')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      last_error text,
      message_id text,
      created_at timestamptz not null default now(),
      sent_at timestamptz
    )`,
    `create index outbound_emails_due_idx on outbound_emails (next_attempt_at) where status = 'pending'`,
    `create index outbound_emails_investigation_idx on outbound_emails (investigation_id, created_at desc)`,

    // A reminder is sent once per (kind, thing, due date): the sweep inserts here first, so a
    // second instance, or a catch-up after downtime, finds the row and sends nothing.
    `create table reminders_sent (
      kind text not null,
      subject_key text not null,
      due_on date not null,
      sent_at timestamptz not null default now(),
      primary key (kind, subject_key, due_on)
    )`,

    `create table scheduled_jobs (
      name text primary key,
      last_started_at timestamptz,
      last_finished_at timestamptz,
      last_result jsonb
    )`,

    `create table calendar_feeds (
      id uuid primary key,
      user_id uuid not null references users (id),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    )`,
    `create index calendar_feeds_user_idx on calendar_feeds (user_id)`,
  ])
}
