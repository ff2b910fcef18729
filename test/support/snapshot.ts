/**
 * A fingerprint of everything stored, to show that a refused request wrote nothing: every table's
 * rows hashed, bar those that change on any request (the audit trail of reads and denials,
 * sessions, token use, idempotency keys, the migrator's and the job queue's own tables).
 */
import { sql } from 'kysely'
import type { TestApp } from './app.js'

export async function storedSnapshot(t: TestApp): Promise<string> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('audit_log', 'sessions', 'api_tokens', 'idempotency_keys', 'kysely_migration',
                             'kysely_migration_lock', 'scheduled_jobs', 'audit_chain_heads', 'request_throttles')
    order by table_name`.execute(t.database.db)
  const parts: string[] = []
  for (const { name } of tables.rows) {
    const r = await sql<{ h: string | null; n: string }>`
      select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::text as n
      from ${sql.table(name)} x`.execute(t.database.db)
    parts.push(`${name}:${r.rows[0]!.n}:${r.rows[0]!.h}`)
  }
  return parts.join('\n')
}
