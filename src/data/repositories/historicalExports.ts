/**
 * Export in the import format (docs/import.md "Exporting"): pages of cases, officers and
 * allegations, keyset by id so that a page costs the same at row 10 and row 10,000,000. Either
 * one historical source's records, verbatim (source ids and source vocabularies as they came), or
 * the live investigations written as records of that format.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'

export type ExportScope = { kind: 'source'; source: string } | { kind: 'live' }
export type ExportRow = Record<string, string | number | null> & { cursor: string }

const after = (cursor: string | null, column: string) =>
  cursor === null ? sql`true` : sql`${sql.raw(column)} > ${cursor}`

export async function casePage(db: Executor, scope: ExportScope, cursor: string | null, limit: number) {
  if (scope.kind === 'live') {
    const result = await sql<ExportRow>`
      select i.reference as cursor, i.reference as source_id, f.code as force_code, 'investigation' as kind,
             coalesce(i.came_to_attention_on, i.opened_on)::text as received_on, null as incident_on,
             null as incident_time, null as location, null as postcode, null as latitude, null as longitude,
             null as category, i.title as summary, i.closed_on::text as closed_on
        from investigations i join organisations f on f.id = i.force_id
       where ${after(cursor, 'i.reference')}
       order by i.reference limit ${limit}`.execute(db)
    return result.rows
  }
  const result = await sql<ExportRow>`
    select c.source_id as cursor, c.source_id, f.code as force_code, c.kind, c.received_on::text as received_on,
           c.incident_on::text as incident_on, c.incident_time::text as incident_time, c.location, c.postcode,
           c.latitude::text as latitude, c.longitude::text as longitude, c.category, c.summary,
           c.closed_on::text as closed_on
      from historical_cases c join organisations f on f.id = c.force_id
     where c.source = ${scope.source} and ${after(cursor, 'c.source_id')}
     order by c.source_id limit ${limit}`.execute(db)
  return result.rows
}

export async function officerPage(db: Executor, scope: ExportScope, cursor: string | null, limit: number) {
  if (scope.kind === 'live') {
    const result = await sql<ExportRow>`
      select o.id::text as cursor, o.id::text as source_id, f.code as force_code, o.warrant_number,
             o.family_name as surname, o.given_name as forenames, o.rank, null as sex, null as ethnicity,
             null as appointed_on, null as birth_year
        from officers o join organisations f on f.id = o.force_id
       where exists (select 1 from subjects s where s.officer_id = o.id) and ${after(cursor, 'o.id::text')}
       order by o.id::text limit ${limit}`.execute(db)
    return result.rows
  }
  const result = await sql<ExportRow>`
    select a.source_id as cursor, a.source_id, f.code as force_code, h.warrant_number, h.surname, h.forenames,
           h.rank, h.sex, h.ethnicity, h.appointed_on::text as appointed_on, h.birth_year
      from historical_officer_aliases a
      join historical_officers h on h.id = a.historical_officer_id
      join organisations f on f.id = h.force_id
     where a.source = ${scope.source} and ${after(cursor, 'a.source_id')}
     order by a.source_id limit ${limit}`.execute(db)
  return result.rows
}

/**
 * Allegations in (case, officer, ordinal) order, so that re-importing them gives each the same
 * ordinal: an allegation is the n-th against its officer on its case, in file order.
 */
export async function allegationPage(db: Executor, scope: ExportScope, cursor: string | null, limit: number) {
  if (scope.kind === 'live') {
    const result = await sql<ExportRow>`
      select a.id::text as cursor, i.reference as case_source_id, s.officer_id::text as officer_source_id,
             null as force_code, null as warrant_number, a.standards[1] as category,
             array_to_string(a.standards, ' ') as standard, d.determination as finding, p.outcome
        from allegations a
        join subjects s on s.id = a.subject_id
        join investigations i on i.id = a.investigation_id
        left join determinations d on d.subject_id = s.id
        left join proceedings p on p.subject_id = s.id
       where ${after(cursor, 'a.id::text')}
       order by a.id::text limit ${limit}`.execute(db)
    return result.rows
  }
  // Ordered by content (case, the officer as the source names them, order), so the same records
  // export to the same file whichever database holds them. chr(31) cannot be in a source id.
  const result = await sql<ExportRow>`
    select * from (
      select concat_ws(chr(31), c.source_id, coalesce(o.alias, f.code || ' ' || h.warrant_number),
                       lpad(ha.ordinal::text, 10, '0')) as cursor,
             c.source_id as case_source_id, o.alias as officer_source_id,
             f.code as force_code, h.warrant_number, ha.category, ha.standard, ha.finding, ha.outcome
        from historical_allegations ha
        join historical_cases c on c.id = ha.historical_case_id
        join historical_officers h on h.id = ha.historical_officer_id
        join organisations f on f.id = h.force_id
        cross join lateral (select min(al.source_id) as alias from historical_officer_aliases al
                             where al.historical_officer_id = h.id and al.source = ${scope.source}) o
       where c.source = ${scope.source}
    ) x
    where ${after(cursor, 'x.cursor')}
    order by x.cursor limit ${limit}`.execute(db)
  return result.rows
}

/** The source's values and what they were mapped to: the mapping file that re-imports them the same. */
export async function mappingOf(db: Executor, source: string) {
  const result = await sql<{ field: string; value: string; mapped: string }>`
    select distinct 'category' as field, c.category as value, c.category_mapped as mapped
      from historical_cases c where c.source = ${source} and c.category_mapped is not null
    union
    select distinct 'category', ha.category, ha.category_mapped
      from historical_allegations ha join historical_cases c on c.id = ha.historical_case_id
     where c.source = ${source} and ha.category_mapped is not null
    union
    select distinct 'finding', ha.finding, ha.finding_mapped
      from historical_allegations ha join historical_cases c on c.id = ha.historical_case_id
     where c.source = ${source} and ha.finding_mapped is not null
    union
    select distinct 'outcome', ha.outcome, ha.outcome_mapped
      from historical_allegations ha join historical_cases c on c.id = ha.historical_case_id
     where c.source = ${source} and ha.outcome_mapped is not null
    union
    select distinct 'rank', h.rank, h.rank_mapped
      from historical_officers h join historical_officer_aliases a on a.historical_officer_id = h.id
     where a.source = ${source} and h.rank_mapped is not null
    order by 1, 2`.execute(db)
  return result.rows
}
