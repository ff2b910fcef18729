import type { Kysely } from 'kysely'
import { ping } from '../data/ping.js'
import { pendingMigrations } from '../data/migrator.js'
import type { Database } from '../data/schema.js'

export interface HealthReport {
  status: 'UP' | 'DOWN'
  checks: { database: 'UP' | 'DOWN'; migrations: 'UP' | 'DOWN'; pendingMigrations?: string[] }
}

/** What a load balancer asks: can this instance reach its database, and is the schema current? */
export function healthService(db: Kysely<Database>) {
  return {
    async check(): Promise<HealthReport> {
      try {
        await ping(db)
      } catch {
        return { status: 'DOWN', checks: { database: 'DOWN', migrations: 'DOWN' } }
      }
      const pending = await pendingMigrations(db).catch(() => ['unknown'])
      const migrations = pending.length === 0 ? 'UP' : 'DOWN'
      return {
        status: migrations === 'UP' ? 'UP' : 'DOWN',
        checks: { database: 'UP', migrations, ...(pending.length ? { pendingMigrations: pending } : {}) },
      }
    },
  }
}
