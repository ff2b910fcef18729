/**
 * Opens the database for a configuration, applies migrations, and wires the services: the
 * start-up shared by the server, the CLI and the tests.
 */
import path from 'node:path'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandle } from './data/database.js'
import { migrateToLatest } from './data/migrator.js'
import { refreshEveryNextDeadline } from './data/repositories/investigations.js'
import { services, type Services } from './services/index.js'

/** The migration of the release that changed how the stored next deadline is computed. */
export const NEXT_DEADLINE_RULE_CHANGED_IN = '0043_publication_hold_dates'

export interface Runtime {
  database: DatabaseHandle
  services: Services
  /** Migrations this start applied (empty when the schema was already current). */
  appliedMigrations: string[]
  close(): Promise<void>
}

export async function startRuntime(config: Config, options: { migrate?: boolean } = {}): Promise<Runtime> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    preparedStatements: config.databasePreparedStatements,
    pgliteDir: path.join(config.dataDir, 'pglite'),
    pgliteSettings: config.pgliteSettings,
  })
  const appliedMigrations = (options.migrate ?? true) ? await migrateToLatest(database.db) : []
  // The release that made deadlines stop when they stop applying (issue 11) changed what the stored
  // next deadline means. The one start that applies its migration (migrations run under a lock, so
  // one instance of several) recomputes every case's stored date; `candour deadlines recompute`
  // does it again on demand.
  if (appliedMigrations.includes(NEXT_DEADLINE_RULE_CHANGED_IN)) await refreshEveryNextDeadline(database.db)
  return {
    database,
    services: services(database.db, config, { database }),
    appliedMigrations,
    close: () => database.close(),
  }
}
