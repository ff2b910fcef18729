import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The officer's whole record (issue 12; docs/officer-record.md). Live subjects and historical
 * officers meet by force + warrant number, computed when read (ADR 0008), so these are views, not
 * copies: an officer added to the register later at once finds their history.
 *
 * - officer_identities: one row per officer Candour knows. The record's id is the register's id
 *   when the officer is on the register, else the historical officer's id.
 * - officer_allegations: every allegation, live and historical, against the record's id, dated by
 *   its case (a historical case's received_on; a live investigation's came_to_attention_on, else
 *   opened_on), with its category (the mapped value, else the source's own; a live allegation's
 *   first standard), finding (a live subject's determination) and outcome (a live subject's
 *   proceedings outcome). Figures, flags and the record all read this one definition.
 * - officer_cases: every case an officer is named on (co-subjects share one).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create view officer_identities as
      select o.id as officer_id, o.force_id, o.warrant_number, o.family_name as surname, o.given_name as forenames,
             o.rank, 'register'::text as known_from
        from officers o
      union all
      select h.id, h.force_id, h.warrant_number, h.surname, h.forenames, coalesce(h.rank_mapped, h.rank), 'history'::text
        from historical_officers h
       where h.warrant_number is null
          or not exists (select 1 from officers o where o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number))`,

    `create view officer_allegations as
      select 'live'::text as origin, a.id as allegation_id, s.officer_id, o.force_id as officer_force_id,
             i.id as case_id, i.force_id as case_force_id, i.reference as case_reference,
             coalesce(i.came_to_attention_on, i.opened_on) as case_on,
             a.standards[1] as category, d.determination as finding, p.outcome as outcome
        from allegations a
        join subjects s on s.id = a.subject_id
        join officers o on o.id = s.officer_id
        join investigations i on i.id = a.investigation_id
        left join determinations d on d.subject_id = s.id
        left join proceedings p on p.subject_id = s.id
      union all
      select 'historical'::text, ha.id, coalesce(o.id, h.id), h.force_id,
             c.id, c.force_id, c.source || ' ' || c.source_id,
             c.received_on,
             coalesce(ha.category_mapped, ha.category), coalesce(ha.finding_mapped, ha.finding),
             coalesce(ha.outcome_mapped, ha.outcome)
        from historical_allegations ha
        join historical_officers h on h.id = ha.historical_officer_id
        join historical_cases c on c.id = ha.historical_case_id
        left join officers o on o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number)`,

    // Every case an officer is named on: a subject of a live investigation (allegations or not yet),
    // or named in a historical case's allegations. Co-subjects are officers sharing a case here.
    `create view officer_cases as
      select 'live'::text as origin, s.officer_id, i.id as case_id, i.force_id as case_force_id,
             i.reference as case_reference, coalesce(i.came_to_attention_on, i.opened_on) as case_on
        from subjects s
        join investigations i on i.id = s.investigation_id
      union all
      select distinct 'historical'::text, coalesce(o.id, h.id), c.id, c.force_id, c.source || ' ' || c.source_id, c.received_on
        from historical_allegations ha
        join historical_officers h on h.id = ha.historical_officer_id
        join historical_cases c on c.id = ha.historical_case_id
        left join officers o on o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number)`,

    // The record reads an officer's historical allegations case by case, and the flags and figures
    // scan every allegation by officer: covering the columns they read lets both use the index alone.
    `create index historical_allegations_officer_case_idx on historical_allegations
       (historical_officer_id, historical_case_id) include (category_mapped, category, finding_mapped, finding)`,
    // Figures by year across every force.
    `create index historical_cases_received_idx on historical_cases (received_on)`,
  ])
}
