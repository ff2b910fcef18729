/**
 * Historical records for the case search and their read-only page (ADR 0030). Only data/ writes
 * SQL; the history tables are not in the query builder's schema (historicalImports.ts), so this is
 * SQL through the query builder's `sql` tag.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'
import { HISTORICAL_CASE_SEARCH_TEXT } from '../migrations/0062_historical_case_search.js'
import { HISTORICAL_OFFICER_SEARCH_TEXT } from '../migrations/0063_historical_officer_search.js'

export interface HistoricalCaseRow {
  id: string
  source: string
  source_id: string
  force_id: string
  force_name: string
  kind: string | null
  received_on: string
  incident_on: string | null
  incident_time: string | null
  location: string | null
  postcode: string | null
  category: string | null
  category_mapped: string | null
  summary: string | null
  closed_on: string | null
  imported_at: Date
}

const CASE_COLUMNS = sql`c.id, c.source, c.source_id, c.force_id, f.name as force_name, c.kind,
  to_char(c.received_on, 'YYYY-MM-DD') as received_on, to_char(c.incident_on, 'YYYY-MM-DD') as incident_on,
  c.incident_time::text as incident_time, c.location, c.postcode, c.category, c.category_mapped, c.summary,
  to_char(c.closed_on, 'YYYY-MM-DD') as closed_on, c.created_at as imported_at`

/**
 * Historical cases whose search text contains the needle, or with an allegation against an officer
 * whose name or warrant number contains it, newest received first, a page at a time (keyset on
 * received_on, id). `forceId` limits them to one force (a force's own department), and then only
 * that force's officers are searched by name: a case of its force is not found by the name of
 * another force's officer, whom its record does not name to it either.
 */
export interface HistoricalSearchFilter {
  needle: string
  forceId?: string
  limit: number
  after?: { receivedOn: string; id: string }
}

function searchQuery(filter: HistoricalSearchFilter) {
  const like = '%' + filter.needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
  // The very expressions of the indexes (migrations 0062 and 0063), so the trigram indexes serve
  // the LIKEs; a union of the two matches, each on its own index, rather than one OR over a join.
  const caseText = sql.raw(
    HISTORICAL_CASE_SEARCH_TEXT.replace(/\b(source|source_id|location|postcode|summary)\b/g, 'm.$1'),
  )
  const officerText = sql.raw(HISTORICAL_OFFICER_SEARCH_TEXT.replace(/\b(forenames|surname|warrant_number)\b/g, 'o.$1'))
  const force = (column: string) => (filter.forceId ? sql`and ${sql.ref(column)} = ${filter.forceId}` : sql``)
  return sql<HistoricalCaseRow>`
    select ${CASE_COLUMNS}
    from historical_cases c join organisations f on f.id = c.force_id
    where c.id in (
        select m.id from historical_cases m where ${caseText} like ${like} ${force('m.force_id')}
        union
        select a.historical_case_id from historical_officers o
          join historical_allegations a on a.historical_officer_id = o.id
        where ${officerText} like ${like} ${force('o.force_id')})
      ${force('c.force_id')}
      ${filter.after ? sql`and (c.received_on, c.id) < (${filter.after.receivedOn}::date, ${filter.after.id}::uuid)` : sql``}
    order by c.received_on desc, c.id desc
    limit ${filter.limit}`
}

/**
 * Historical cases whose search text contains the needle, newest received first, a page at a time
 * (keyset on received_on, id). `forceId` limits them to one force (a force's own department).
 */
export async function search(db: Executor, filter: HistoricalSearchFilter): Promise<HistoricalCaseRow[]> {
  return (await searchQuery(filter).execute(db)).rows
}

/** The search's query plan (EXPLAIN), for the test that keeps it on its indexes. */
export async function searchPlan(db: Executor, filter: HistoricalSearchFilter): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${searchQuery(filter)}`.execute(db)
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

export async function find(db: Executor, id: string): Promise<HistoricalCaseRow | undefined> {
  const { rows } = await sql<HistoricalCaseRow>`
    select ${CASE_COLUMNS} from historical_cases c join organisations f on f.id = c.force_id where c.id = ${id}`.execute(
    db,
  )
  return rows[0]
}

export interface HistoricalCaseAllegationRow {
  officer_id: string
  force_id: string
  surname: string | null
  forenames: string | null
  warrant_number: string | null
  rank: string | null
  category: string | null
  category_mapped: string | null
  standard: string | null
  finding: string | null
  finding_mapped: string | null
  outcome: string | null
  outcome_mapped: string | null
}

/** The case's allegations in the order imported (officer, then the n-th against them). */
export async function allegations(db: Executor, caseId: string): Promise<HistoricalCaseAllegationRow[]> {
  const { rows } = await sql<HistoricalCaseAllegationRow>`
    select o.id as officer_id, o.force_id, o.surname, o.forenames, o.warrant_number, coalesce(o.rank_mapped, o.rank) as rank,
      a.category, a.category_mapped, a.standard, a.finding, a.finding_mapped, a.outcome, a.outcome_mapped
    from historical_allegations a join historical_officers o on o.id = a.historical_officer_id
    where a.historical_case_id = ${caseId}
    order by o.surname nulls last, o.id, a.ordinal`.execute(db)
  return rows
}
