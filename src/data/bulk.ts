/**
 * Bulk loading: one database session (one connection on PostgreSQL, the PGlite instance) with
 * COPY for rows in and plain SQL for the set-based work after. COPY FROM STDIN on PostgreSQL
 * (pg-copy-streams), COPY from a Blob on PGlite: both take the same text format and are an order
 * of magnitude faster than INSERTs, which is what lets a million-row import stream through in
 * minutes. Only data/ uses this; services see the repository functions built on it.
 */
import { Readable, type Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { DatabaseHandle, DatabaseKind } from './database.js'

export interface BulkSession {
  kind: DatabaseKind
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>
  /** Appends rows in COPY text format (see copyLine) to a table. */
  copy(table: string, columns: readonly string[], text: string): Promise<void>
  /** Runs fn in one transaction on this session: all of it commits or none of it does. */
  transaction<T>(fn: (session: BulkSession) => Promise<T>): Promise<T>
}

type CopyValue = string | number | boolean | null | undefined

/** One row in COPY text format: tab-separated, \N for null, backslash escapes. */
export function copyLine(values: readonly CopyValue[]): string {
  let out = ''
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (i) out += '\t'
    if (value === null || value === undefined) out += '\\N'
    else if (typeof value === 'number') out += String(value)
    else if (typeof value === 'boolean') out += value ? 't' : 'f'
    else
      out += /[\\\t\n\r]/.test(value)
        ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
        : value
  }
  return out + '\n'
}

function postgresSession(client: pg.Client, inTransaction = false): BulkSession {
  const session: BulkSession = {
    kind: 'postgres',
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await client.query(text, params as unknown[])).rows as T[]
    },
    async copy(table, columns, text) {
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`))
      // eslint-disable-next-line no-restricted-syntax -- pg-copy-streams' CopyStreamQuery is a Writable at run time but its types extend pg's Submittable only
      await pipeline(Readable.from([text]), stream as unknown as Writable)
    },
    async transaction(fn) {
      if (inTransaction) return fn(session)
      await client.query('begin')
      try {
        const value = await fn(postgresSession(client, true))
        await client.query('commit')
        return value
      } catch (error) {
        await client.query('rollback').catch(() => undefined)
        throw error
      }
    },
  }
  return session
}

function pgliteSession(db: PGlite | PGliteTransaction, pglite: PGlite): BulkSession {
  const session: BulkSession = {
    kind: 'pglite',
    async query<T>(text: string, params: readonly unknown[] = []) {
      return (await db.query<T>(text, params as unknown[])).rows
    },
    async copy(table, columns, text) {
      await db.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], { blob: new Blob([text]) })
    },
    async transaction(fn) {
      if (db !== pglite) return fn(session)
      return pglite.transaction((tx) => fn(pgliteSession(tx, pglite)))
    },
  }
  return session
}

/**
 * Runs fn on a session of its own. Temporary tables it creates are private to it and dropped
 * with it (the PostgreSQL connection is discarded rather than returned to the pool with them).
 */
export async function withBulkSession<T>(handle: DatabaseHandle, fn: (session: BulkSession) => Promise<T>): Promise<T> {
  const driver = handle.driver
  if (!driver) throw new Error('Bulk loading needs a database opened by openDatabase()')
  if (driver.kind === 'postgres') {
    // A connection of its own, not one from the pool: pooled clients send queries as named
    // prepared statements (preparedStatements.ts), which COPY cannot go through, and the
    // session's temporary tables end with the connection.
    const client = new pg.Client(driver.pool.options)
    client.on('error', () => undefined)
    await client.connect()
    try {
      await client.query(`set synchronous_commit = off`)
      return await fn(postgresSession(client))
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  return fn(pgliteSession(driver.pglite, driver.pglite))
}
