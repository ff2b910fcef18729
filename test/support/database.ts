/**
 * Test databases: every integration test runs against both PGlite (in memory) and a real
 * PostgreSQL (a fresh database per test file on the server scripts/run-tests.mjs started).
 */
import { createHash, randomBytes } from 'node:crypto'
import { readFile, readdir, rename, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
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
    if (options.migrate ?? true) return openDatabase({ pgliteDir: 'memory', pgliteImage: await migratedPgliteImage() })
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

/**
 * A migrated, empty PGlite database saved as an image (PGlite's dumpDataDir), made once per set of
 * migrations and PGlite version and kept in the system's temporary folder. Starting PGlite from it
 * took 1.8 s where initdb and the migrations took 6.5 s (measured 30 November 2026), and the suite
 * opens some hundreds of PGlite databases. The image is only ever the migrations' own result, so a
 * test sees what a freshly migrated database holds; the migrations themselves still run for every
 * PostgreSQL test database, for the image, and step by step in test/integration/auditTrail.test.ts.
 */
let migratedImage: Promise<Blob> | undefined
function migratedPgliteImage(): Promise<Blob> {
  migratedImage ??= (async () => {
    const file = path.join(os.tmpdir(), `candour-test-pglite-${await migrationsKey()}.tar`)
    const saved = await readFile(file).catch(() => null)
    if (saved) return new Blob([saved])
    const handle = await openDatabase({ pgliteDir: 'memory' })
    await migrateToLatest(handle.db)
    if (handle.driver?.kind !== 'pglite') throw new Error('expected PGlite')
    const image = await handle.driver.pglite.dumpDataDir('none')
    await handle.close()
    // Written under a name of its own, then renamed: test files start in parallel, and a reader
    // must never see half an image.
    const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`
    await writeFile(partial, Buffer.from(await image.arrayBuffer()))
    await rename(partial, file)
    return image
  })()
  return migratedImage
}

/** What the image depends on: every migration file's name and text, and PGlite's version. */
async function migrationsKey(): Promise<string> {
  const hash = createHash('sha256')
  const dir = fileURLToPath(new URL('../../src/data/migrations/', import.meta.url))
  for (const name of (await readdir(dir)).sort()) {
    hash.update(name)
    hash.update(await readFile(path.join(dir, name)))
  }
  let pgliteDir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')))
  while (!(await readFile(path.join(pgliteDir, 'package.json')).catch(() => null))) pgliteDir = path.dirname(pgliteDir)
  hash.update(JSON.parse(await readFile(path.join(pgliteDir, 'package.json'), 'utf8')).version)
  return hash.digest('hex').slice(0, 16)
}
