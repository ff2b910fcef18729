import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * From report to outcome: the sending of the approved report to the appropriate authority (which
 * starts its response clock), the authority's response per subject, the oversight body's
 * recommendations and directions (per subject) and the force's compliance, misconduct
 * proceedings per subject (or the decision that none follow) with their outcome, appeal and
 * barred/advisory list entries, and learning recommendations to the force or national bodies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table report_sendings (
      id uuid primary key,
      investigation_id uuid not null unique references investigations (id),
      force_id uuid not null references organisations (id),
      sent_on date not null,
      response_due_on date not null,
      sent_by uuid references users (id),
      sent_at timestamptz not null default now(),
      version integer not null default 1
    )`,

    `create table authority_responses (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null unique references subjects (id),
      agrees boolean not null,
      determination text not null,
      proposed_proceedings text not null check (proposed_proceedings in ('meeting', 'hearing', 'none')),
      reasons text not null check (length(reasons) between 1 and 20000),
      responded_on date not null,
      recorded_by uuid references users (id),
      recorded_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index authority_responses_investigation_idx on authority_responses (investigation_id)`,

    `create table recommendations (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null references subjects (id),
      kind text not null check (kind in ('recommendation', 'direction')),
      proceedings_kind text not null check (proceedings_kind in ('meeting', 'hearing')),
      made_on date not null,
      reasons text not null check (length(reasons) between 1 and 20000),
      made_by uuid references users (id),
      accepted boolean,
      responded_on date,
      complied boolean,
      complied_on date,
      notes text check (length(notes) <= 20000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (subject_id, kind)
    )`,
    `create index recommendations_investigation_idx on recommendations (investigation_id, made_on)`,

    `create table proceedings (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null unique references subjects (id),
      kind text not null check (kind in ('meeting', 'hearing', 'none')),
      accelerated boolean not null default false,
      scheduled_on date,
      held_on date,
      chair_name text check (length(chair_name) <= 200),
      chair_legally_qualified boolean not null default false,
      panel text[] not null default '{}',
      adjournments jsonb not null default '[]',
      left_force text check (left_force in ('resigned', 'retired')),
      left_force_on date,
      outcome text check (outcome in ('no_action', 'management_advice', 'reflective_practice', 'written_warning', 'final_written_warning', 'reduction_in_rank', 'dismissal_without_notice')),
      outcome_on date,
      would_have_been_dismissed boolean not null default false,
      appeal_lodged_on date,
      appeal_result text check (appeal_result in ('upheld', 'dismissed', 'withdrawn', 'pending')),
      barred_list_entry_on date,
      advisory_list_entry_on date,
      recorded_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check (kind = 'hearing' or not accelerated),
      check ((outcome is null) = (outcome_on is null))
    )`,
    `create index proceedings_investigation_idx on proceedings (investigation_id)`,

    `create table learning_recommendations (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      recipient_kind text not null check (recipient_kind in ('force', 'national_body')),
      recipient_name text not null check (length(recipient_name) between 1 and 300),
      text text not null check (length(text) between 1 and 20000),
      made_on date not null,
      response_due_on date not null,
      response text check (response in ('accepted', 'partly_accepted', 'not_accepted')),
      responded_on date,
      response_text text check (length(response_text) <= 20000),
      follow_up_actions jsonb not null default '[]',
      made_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index learning_recommendations_investigation_idx on learning_recommendations (investigation_id, made_on)`,
  ])
}
