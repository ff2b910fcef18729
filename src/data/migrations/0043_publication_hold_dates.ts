import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Publication holds carry the proceeding's dates: placed_on and lifted_on are now the dates of the
 * proceeding's events (its opening, quashing, the order for a fresh inquest, its conclusion), and
 * when the hold was recorded is kept apart, in placed_recorded_at and lifted_recorded_at.
 *
 * Until now placed_on was the day the hold was recorded, so existing rows take that day as their
 * recording time. A hold of a proceeding is then re-dated to the proceeding's own date for the
 * event that holds publication (its quashing, else the order for a fresh inquest, else its opening,
 * the first of these that is not after the lifting); any hold still lifted
 * before it was placed (which the old dating allowed) is taken as placed on the day it was lifted,
 * the latest day it can have been placed. Then a lifted hold is never lifted before it was placed,
 * by a check the database keeps.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table publication_holds add column placed_recorded_at timestamptz`,
    `alter table publication_holds add column lifted_recorded_at timestamptz`,
    `update publication_holds set placed_recorded_at = placed_on::timestamp at time zone 'Europe/London',
       lifted_recorded_at = lifted_on::timestamp at time zone 'Europe/London'`,
    `alter table publication_holds alter column placed_recorded_at set default now()`,
    `alter table publication_holds alter column placed_recorded_at set not null`,
    // The proceeding's own date for the event that held publication, the first that is not after the lifting.
    `update publication_holds h set placed_on = case
         when p.quashed_on is not null and (h.lifted_on is null or p.quashed_on <= h.lifted_on) then p.quashed_on
         when p.fresh_inquest_ordered_on is not null and (h.lifted_on is null or p.fresh_inquest_ordered_on <= h.lifted_on)
           then p.fresh_inquest_ordered_on
         when p.opened_on is not null and (h.lifted_on is null or p.opened_on <= h.lifted_on) then p.opened_on
         else h.placed_on end
       from linked_proceedings p
       where p.id = h.proceeding_id`,
    `update publication_holds set placed_on = lifted_on where lifted_on < placed_on`,
    `alter table publication_holds add constraint publication_holds_lifted_after_placed
       check (lifted_on is null or lifted_on >= placed_on)`,
    `alter table publication_holds add constraint publication_holds_lift_recorded
       check ((lifted_on is null) = (lifted_recorded_at is null))`,
  ])
}
