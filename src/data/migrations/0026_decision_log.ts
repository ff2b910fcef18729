import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The decision log (the investigator's policy file; domain/decisionLog.ts). An entry is written
 * as a draft and signed by its author; from then on the database itself refuses to change or
 * delete it (a trigger), so a signed entry is what was signed, whatever the application does.
 * It is only ever superseded by a later entry that names it and says why; the lead's review
 * is a row of its own, so it never touches the signed entry. Numbered D1, D2… per case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table case_counters drop constraint case_counters_kind_check`,
    `alter table case_counters add constraint case_counters_kind_check
      check (kind in ('line_of_enquiry', 'action', 'decision'))`,

    `create table decisions (
      id uuid primary key,
      investigation_id uuid not null references investigations (id),
      number integer not null check (number > 0),
      kind text not null check (kind in
        ('scope', 'line_of_enquiry', 'not_to_interview', 'not_to_seize', 'disclosure', 'severity', 'other')),
      decision text not null check (length(decision) between 1 and 5000),
      options_considered text not null check (length(options_considered) between 1 and 20000),
      rationale text not null check (length(rationale) between 1 and 20000),
      information_relied_on text check (length(information_relied_on) <= 20000),
      document_ids uuid[] not null default '{}',
      chronology_event_ids uuid[] not null default '{}',
      line_of_enquiry_ids uuid[] not null default '{}',
      decided_at timestamptz not null,
      author_id uuid not null references users (id),
      supersedes_id uuid unique references decisions (id),
      supersession_reason text check (length(supersession_reason) <= 5000),
      needs_review boolean not null default false,
      signed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      unique (investigation_id, number),
      check ((supersedes_id is null) = (supersession_reason is null))
    )`,
    `create index decisions_log_idx on decisions (investigation_id, decided_at, id)`,

    `create table decision_reviews (
      id uuid primary key,
      decision_id uuid not null references decisions (id),
      reviewer_id uuid not null references users (id),
      outcome text not null check (outcome in ('agreed', 'concerns')),
      comment text check (length(comment) <= 5000),
      reviewed_at timestamptz not null default now()
    )`,
    `create index decision_reviews_decision_idx on decision_reviews (decision_id, reviewed_at)`,

    // A signed entry never changes and is never deleted; a draft may be edited or signed.
    `create function decisions_signed_are_final() returns trigger language plpgsql as $$
      begin
        if old.signed_at is not null then
          raise exception 'decision log entry % is signed and cannot be changed or deleted', old.id
            using errcode = 'integrity_constraint_violation';
        end if;
        if tg_op = 'DELETE' then return old; end if;
        return new;
      end
    $$`,
    `create trigger decisions_signed_are_final before update or delete on decisions
      for each row execute function decisions_signed_are_final()`,
    `create function decision_reviews_are_final() returns trigger language plpgsql as $$
      begin
        raise exception 'decision reviews cannot be changed or deleted' using errcode = 'integrity_constraint_violation';
      end
    $$`,
    `create trigger decision_reviews_are_final before update or delete on decision_reviews
      for each row execute function decision_reviews_are_final()`,
  ])
}
