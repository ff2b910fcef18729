import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * Historical records in the case search (issue 12, ADR 0030): the words a person searches by — the
 * source and its id for the case, location, postcode, summary — matched by trigram as the live
 * case search is (a GIN index makes LIKE '%…%' an index scan over 100,000s of records), and the
 * newest first by keyset on (received_on, id) (the index read backwards).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `create index historical_cases_search_trgm on historical_cases using gin ((${HISTORICAL_CASE_SEARCH_TEXT}) gin_trgm_ops)`,
    `create index historical_cases_received_id_idx on historical_cases (received_on, id)`,
  ])
}

/** The text a historical case is found by; the query must use this very expression to use the index. */
export const HISTORICAL_CASE_SEARCH_TEXT = `lower(source || ' ' || source_id || ' ' || coalesce(location, '') || ' ' || coalesce(postcode, '') || ' ' || coalesce(summary, ''))`
