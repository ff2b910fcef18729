/**
 * Named prepared statements for PostgreSQL. Kysely sends each query as an unnamed statement, so
 * PostgreSQL parses and plans it every time; for the short index lookups that make up a page
 * that was most of the database's work (docs/performance.md: the case overview served a third
 * more requests a second with statements prepared). This wraps the pg pool Kysely uses so that
 * every parameterised query is sent as a named statement: parsed and planned once per
 * connection, then only bound and executed.
 *
 * Three things make that safe:
 * - Names come from the SQL text (one name per distinct text, the same on every connection), and
 *   at most MAX_NAMED texts are named; beyond that queries go unnamed, so a stream of distinct
 *   texts (an `in (…)` list of every length) cannot grow memory without bound.
 * - A statement whose result columns changed under it (another instance migrated the schema:
 *   "cached plan must not change result type") is retried unnamed when it ran outside a
 *   transaction, and its connection is closed rather than returned to the pool, so no stale
 *   statement survives. Inside a transaction the error reaches the caller, as any error would.
 * - It can be turned off (DATABASE_PREPARED_STATEMENTS=false) for a connection pooler in
 *   transaction mode that cannot keep prepared statements.
 */
import type pg from 'pg'

const MAX_NAMED = 5_000

interface QueryResultLike {
  rows: unknown[]
}

type Query = (config: { name?: string; text: string; values?: unknown[] }) => Promise<QueryResultLike>

interface WrappedClient {
  query: (text: unknown, values?: unknown[]) => Promise<QueryResultLike>
  release: (destroy?: boolean | Error) => void
  /** Set when a statement on this connection went stale: close it on release. */
  candourStale?: boolean
  candourPrepared?: boolean
  /** pg's own transaction status for the connection: 'I' idle, 'T' in a transaction, 'E' failed one. */
  _txStatus?: string
}

/** PostgreSQL's error when a prepared statement's result columns no longer match the table. */
function isStalePlan(error: unknown): boolean {
  const e = error as { code?: string; routine?: string; message?: string }
  return (
    e?.code === '0A000' &&
    (e.routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test(e.message ?? ''))
  )
}

export function preparedStatementPool(pool: pg.Pool): {
  connect(): Promise<pg.PoolClient>
  end(): Promise<void>
  options: object
} {
  const names = new Map<string, string>()
  const nameFor = (text: string): string | undefined => {
    const known = names.get(text)
    if (known || names.size >= MAX_NAMED) return known
    const name = `candour_${names.size + 1}`
    names.set(text, name)
    return name
  }

  function prepare(client: WrappedClient) {
    // eslint-disable-next-line no-restricted-syntax -- pg's query is a set of overloads; we call it only in the one shape Query names
    const run = client.query.bind(client) as unknown as Query
    client.query = async (text: unknown, values?: unknown[]) => {
      const name = typeof text === 'string' && Array.isArray(values) && values.length > 0 ? nameFor(text) : undefined
      // Whatever pg was given (a string, a config or a Submittable such as a cursor) goes through untouched.
      // eslint-disable-next-line no-restricted-syntax -- passing pg's own argument back to pg unchanged
      if (!name) return values === undefined ? run(text as never) : run({ text: text as string, values })
      try {
        return await run({ name, text: text as string, values })
      } catch (error) {
        if (!isStalePlan(error)) throw error
        client.candourStale = true
        if (client._txStatus !== 'I') throw error
        return run({ text: text as string, values })
      }
    }
    client.candourPrepared = true
  }

  /** pg-pool gives the client a new release() at every checkout, so this wraps each one. */
  function closeIfStale(client: WrappedClient) {
    const release = client.release.bind(client)
    client.release = (destroy?: boolean | Error) => {
      if (!client.candourStale) return release(destroy)
      client.candourStale = false
      return release(true)
    }
  }

  return {
    async connect() {
      const client = await pool.connect()
      // eslint-disable-next-line no-restricted-syntax -- pg's PoolClient type does not declare the fields this wrapper adds
      const wrapped = client as unknown as WrappedClient
      if (!wrapped.candourPrepared) prepare(wrapped)
      closeIfStale(wrapped)
      return client
    },
    end: () => pool.end(),
    options: pool.options,
  }
}
