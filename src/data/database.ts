/**
 * Opens the database: PGlite (embedded PostgreSQL, data on local disk) by default, a real
 * PostgreSQL server when a connection string is given. Both speak the same SQL, so every
 * repository runs unchanged on either.
 */
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PGliteDialect, PostgresDialect, type Transaction } from 'kysely'
import pg from 'pg'
import { preparedStatementPool } from './preparedStatements.js'
import type { Database } from './schema.js'

export type DatabaseKind = 'pglite' | 'postgres'

export interface DatabaseHandle {
  db: Kysely<Database>
  kind: DatabaseKind
  close(): Promise<void>
  /**
   * The driver underneath, for bulk loading only (src/data/bulk.ts: COPY on PostgreSQL, COPY
   * from a Blob on PGlite), which the query builder cannot express.
   */
  driver?: { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; pglite: PGlite }
}

/** Something a repository can run a query on: the database itself or an open transaction. */
export type Executor = Kysely<Database> | Transaction<Database>

export interface OpenDatabaseOptions {
  /** PostgreSQL connection string; when absent PGlite is used. */
  databaseUrl?: string | undefined
  /** Folder for PGlite's files, or 'memory' for a throw-away database (tests). */
  pgliteDir?: string
  poolSize?: number
  /** PostgreSQL settings for PGlite over PGLITE_SETTINGS, `name=value` separated by spaces. */
  pgliteSettings?: string | undefined
  /** Send parameterised queries as named prepared statements (PostgreSQL only; default true). */
  preparedStatements?: boolean
  /**
   * A PGlite data folder saved with dumpDataDir, to start from instead of an empty cluster (the
   * tests start from a migrated image: initdb and the migrations would otherwise run per database).
   */
  pgliteImage?: Blob
}

// Type ids from pg_type. Plain dates stay strings (statutory dates are calendar dates in
// Europe/London, never instants); int8 counts become numbers (they never exceed 2^53 here).
const PG_DATE = 1082
const PG_INT8 = 20
const PG_NUMERIC = 1700

/**
 * PGlite's PostgreSQL runs inside a WebAssembly memory that grows as PostgreSQL asks for more and
 * never shrinks, so PostgreSQL's own memory settings are the embedded database's footprint. Its
 * compiled default shared_buffers (128 MB) alone is most of an opened database's resident memory;
 * these settings bring an opened database from about 410 to 250 MB and bound what a bulk import's
 * merge can grow it by (docs/performance.md "PGlite's memory", ADR 0031). Reads that miss the
 * smaller buffer pool are served from the operating system's file cache (PGlite's files are
 * ordinary files), so one embedded session loses little by them.
 */
export const PGLITE_SETTINGS: Readonly<Record<string, string>> = {
  shared_buffers: '16MB',
  temp_buffers: '8MB',
  work_mem: '4MB',
  maintenance_work_mem: '16MB',
}

/**
 * PGLITE_SETTINGS with an operator's own over them: `name=value` pairs separated by spaces
 * (CANDOUR_PGLITE_SETTINGS, e.g. "shared_buffers=128MB" to trade memory for fewer reads).
 */
export function pgliteSettings(extra = ''): string[] {
  const settings: Record<string, string> = { ...PGLITE_SETTINGS }
  for (const pair of extra.split(/\s+/).filter(Boolean)) {
    const match = /^([a-z_]+)=([A-Za-z0-9_.]+)$/.exec(pair)
    if (!match) throw new Error(`CANDOUR_PGLITE_SETTINGS: "${pair}" is not name=value (e.g. shared_buffers=128MB)`)
    settings[match[1]!] = match[2]!
  }
  return Object.entries(settings).map(([k, v]) => `${k}=${v}`)
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === PG_DATE) return (v: string) => v
          if (oid === PG_INT8) return (v: string) => Number(v)
          return pg.types.getTypeParser(oid, format)
        }) as typeof pg.types.getTypeParser,
      },
    })
    // An idle pooled connection can be ended by the server (a restart, a failover, a dropped
    // test database). pg reports that as an 'error' event on the pool, which would crash the
    // process if nobody listened; the pool replaces the connection on next use, so warn instead.
    pool.on('error', (error) => process.emitWarning(`PostgreSQL connection lost while idle: ${error.message}`))
    const dialectPool = (options.preparedStatements ?? true) ? preparedStatementPool(pool) : pool
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: dialectPool }) })
    return { db, kind: 'postgres', close: () => db.destroy(), driver: { kind: 'postgres', pool } }
  }

  const dir = options.pgliteDir ?? './data/pglite'
  if (dir !== 'memory') fs.mkdirSync(path.resolve(dir), { recursive: true })
  const pglite = await PGlite.create(dir === 'memory' ? undefined : path.resolve(dir), {
    extensions: { pg_trgm },
    ...(options.pgliteImage ? { loadDataDir: options.pgliteImage } : {}),
    startParams: [...PGlite.defaultStartParams, ...pgliteSettings(options.pgliteSettings).flatMap((x) => ['-c', x])],
    parsers: {
      [PG_DATE]: (v: string) => v,
      [PG_INT8]: (v: string) => Number(v),
      [PG_NUMERIC]: (v: string) => v,
    },
  })
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) })
  // Kysely closes PGlite only if a query ever reached it; a database opened and closed unused (a
  // test that only builds the app) would otherwise stay open, and its process never exit.
  const close = async () => {
    await db.destroy()
    if (!pglite.closed) await pglite.close()
  }
  return { db, kind: 'pglite', close, driver: { kind: 'pglite', pglite } }
}
