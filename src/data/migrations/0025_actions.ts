import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Lines of enquiry and actions (issue 13; domain/actions.ts). Both are numbered per case (L1…,
 * A1…) from case_counters: the number is taken by an upsert that increments the case's counter
 * row, which holds that row's lock to the end of the transaction, so two people raising actions
 * at once are served one after the other, and a raise that rolls back gives its number back —
 * the numbers have no gaps. Every step of an action is kept in action_steps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create table case_counters (
      investigation_id uuid not null references investigations (id),
      kind text not null check (kind in ('line_of_enquiry', 'action')),
      last_number integer not null check (last_number > 0),
      primary key (investigation_id, kind)
    )`,

    `create table lines_of_enquiry (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      title text not null check (length(title) between 1 and 300),
      description text check (length(description) <= 20000),
      terms_of_reference_point text check (length(terms_of_reference_point) <= 2000),
      subject_ids uuid[] not null default '{}',
      allegation_ids uuid[] not null default '{}',
      status text not null default 'open' check (status in ('open', 'answered', 'closed')),
      outcome text check (length(outcome) <= 20000),
      raised_by uuid references users (id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number),
      check (status = 'open' or outcome is not null)
    )`,

    `create table actions (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      title text not null check (length(title) between 1 and 300),
      description text check (length(description) <= 20000),
      priority text not null check (priority in ('high', 'medium', 'low')),
      line_of_enquiry_id uuid references lines_of_enquiry (id),
      due_on date,
      status text not null default 'raised'
        check (status in ('raised', 'allocated', 'resulted', 'referred_back', 'filed')),
      allocated_to uuid references users (id),
      result text check (length(result) <= 20000),
      filed_reason text check (length(filed_reason) <= 5000),
      subject_ids uuid[] not null default '{}',
      allegation_ids uuid[] not null default '{}',
      document_ids uuid[] not null default '{}',
      chronology_event_ids uuid[] not null default '{}',
      statement_ids uuid[] not null default '{}',
      raised_by uuid not null references users (id),
      raised_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number),
      check (status = 'raised' or status = 'filed' or allocated_to is not null),
      check (status <> 'resulted' or result is not null),
      check (status <> 'filed' or filed_reason is not null)
    )`,
    // "My work": a person's open actions, by due date.
    `create index actions_my_work_idx on actions (allocated_to, due_on, id)
      where status in ('allocated', 'referred_back')`,
    // The case's actions by line of enquiry, and open ones for the lead's view and the sweep.
    `create index actions_line_idx on actions (line_of_enquiry_id) where line_of_enquiry_id is not null`,
    `create index actions_open_idx on actions (investigation_id, raised_at)
      where status in ('raised', 'allocated', 'referred_back')`,
    `create index actions_due_idx on actions (due_on) where status in ('allocated', 'referred_back') and due_on is not null`,

    `create table action_steps (
      id uuid primary key,
      action_id uuid not null references actions (id),
      step text not null check (step in ('raise', 'allocate', 'result', 'refer_back', 'file')),
      from_status text,
      to_status text not null,
      actor_id uuid references users (id),
      allocated_to uuid references users (id),
      note text check (length(note) <= 20000),
      occurred_at timestamptz not null default now()
    )`,
    `create index action_steps_action_idx on action_steps (action_id, occurred_at, id)`,
  ])
}
