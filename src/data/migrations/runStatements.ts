import { sql, type Kysely } from 'kysely'

/**
 * Runs a migration's statements one at a time. PGlite (like any extended-protocol client)
 * accepts one statement per query, so a migration is a list rather than one script.
 */
export async function runStatements(db: Kysely<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db)
}
