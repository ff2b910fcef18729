import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Historical records found by the officers named in them (issue 12, ADR 0031): searching an
 * officer's surname, full name or warrant number finds every historical case with an allegation
 * against them. The officer's words are matched by trigram as the case's own are (migration 0062),
 * so LIKE '%…%' is an index scan over 100,000s of officers; their cases are then read through
 * historical_allegations_officer_case_idx (migration 0052), officer first.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index historical_officers_search_trgm on historical_officers using gin ((${HISTORICAL_OFFICER_SEARCH_TEXT}) gin_trgm_ops)`,
  ])
}

/** The text a historical officer is found by (forenames before surname, as a name is typed). */
export const HISTORICAL_OFFICER_SEARCH_TEXT = `lower(coalesce(forenames, '') || ' ' || coalesce(surname, '') || ' ' || coalesce(warrant_number, ''))`
