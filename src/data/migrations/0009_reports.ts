import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The final report: one per investigation with its workflow status (draft → submitted →
 * returned | approved), every saved version of its structured sections (kept, never changed,
 * except that a rendered PDF's hash is recorded on the version it renders), the decision
 * maker's reviews (submitted, returned with comments, approved), and the decision maker's
 * determination for each subject with the CPS referral and decision.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table reports (
      id uuid primary key,
      investigation_id uuid not null unique references investigations (id),
      status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'approved')),
      current_version_number integer not null default 0,
      approved_version_number integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,

    `create table report_versions (
      id uuid primary key,
      report_id uuid not null references reports (id),
      investigation_id uuid not null references investigations (id),
      version_number integer not null check (version_number >= 1),
      sections jsonb not null,
      saved_by uuid references users (id),
      saved_at timestamptz not null default now(),
      pdf_sha256 text check (pdf_sha256 ~ '^[0-9a-f]{64}$'),
      pdf_size_bytes bigint,
      pdf_generated_at timestamptz,
      unique (report_id, version_number)
    )`,

    `create table report_reviews (
      id uuid primary key,
      report_id uuid not null references reports (id),
      investigation_id uuid not null references investigations (id),
      kind text not null check (kind in ('submitted', 'returned', 'approved')),
      version_number integer not null,
      comments text check (length(comments) <= 20000),
      reviewed_by uuid references users (id),
      reviewed_at timestamptz not null default now(),
      check (kind <> 'returned' or comments is not null)
    )`,
    `create index report_reviews_report_idx on report_reviews (report_id, reviewed_at)`,

    `create table determinations (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      subject_id uuid not null unique references subjects (id),
      determination text not null check (determination in ('case_to_answer_gross_misconduct', 'case_to_answer_misconduct', 'no_case_to_answer', 'unsatisfactory_performance', 'reflective_practice')),
      rationale text not null check (length(rationale) between 1 and 20000),
      cps_referral boolean not null default false,
      cps_decision text check (cps_decision in ('charge', 'no_further_action', 'pending')),
      cps_decision_on date,
      cps_decision_note text check (length(cps_decision_note) <= 5000),
      decided_by uuid references users (id),
      decided_on date not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`,
    `create index determinations_investigation_idx on determinations (investigation_id)`,
  ])
}
