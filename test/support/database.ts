/**
 * Test databases: every integration test runs against both PGlite (in memory) and a real
 * PostgreSQL (a fresh database per test file on the server scripts/run-tests.mjs started).
 */
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/data/database.js'
import { migrateToLatest } from '../../src/data/migrator.js'

/**
 * The databases integration tests run against. CANDOUR_TEST_DATABASES (comma-separated kinds)
 * narrows it: mutation testing (npm run test:mutation) sets it to `pglite` so each mutant's
 * run needs no PostgreSQL server and takes half the time. The suite itself always runs both.
 */
export const DATABASE_KINDS: DatabaseKind[] = (process.env.CANDOUR_TEST_DATABASES ?? 'pglite,postgres')
  .split(',')
  .map((kind) => kind.trim())
  .filter((kind): kind is DatabaseKind => kind === 'pglite' || kind === 'postgres')

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL
  if (!url)
    throw new Error(
      'TEST_DATABASE_URL is not set: run the tests with `npm test` (it starts PostgreSQL) or set it yourself.',
    )
  return url
}

/** A migrated, empty database of the given kind. close() also drops a PostgreSQL test database. */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  let handle: DatabaseHandle
  if (kind === 'pglite') {
    handle = await openDatabase({ pgliteDir: 'memory' })
  } else {
    const name = `candour_test_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: adminUrl() })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(adminUrl())
    url.pathname = `/${name}`
    const inner = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 })
    handle = {
      ...inner,
      async close() {
        await inner.close()
        const drop = new pg.Client({ connectionString: adminUrl() })
        await drop.connect()
        await drop.query(`drop database if exists ${name} with (force)`)
        await drop.end()
      },
    }
  }
  if (options.migrate ?? true) await migrateToLatest(handle.db)
  return handle
}
