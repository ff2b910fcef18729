/**
 * Opens the database for a configuration, applies migrations, and wires the services: the
 * start-up shared by the server, the CLI and the tests.
 */
import path from 'node:path'
import type { Config } from './config.js'
import { openDatabase, type DatabaseHandle } from './data/database.js'
import { migrateToLatest } from './data/migrator.js'
import { services, type Services } from './services/index.js'

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
  })
  const appliedMigrations = (options.migrate ?? true) ? await migrateToLatest(database.db) : []
  return { database, services: services(database.db, config), appliedMigrations, close: () => database.close() }
}
