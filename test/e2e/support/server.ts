/**
 * The real Candour app on a real socket for the browser to reach: the same pieces as
 * startTestApp (test database, services, the two organisations, buildApp), listening on a
 * free port on the loopback address. PGlite by default; E2E_DATABASE=postgres uses the
 * PostgreSQL server scripts/run-tests.mjs started (TEST_DATABASE_URL).
 */
import type { AddressInfo } from 'node:net'
import type { DatabaseKind } from '../../../src/data/database.js'
import { startTestApp, type TestApp } from '../../support/app.js'

export interface E2eServer extends TestApp {
  /** http://127.0.0.1:PORT, with no trailing slash. */
  baseUrl: string
}

export function e2eDatabaseKind(): DatabaseKind {
  const wanted = process.env.E2E_DATABASE ?? 'pglite'
  if (wanted !== 'pglite' && wanted !== 'postgres')
    throw new Error(`E2E_DATABASE must be pglite or postgres, not ${wanted}`)
  return wanted
}

export async function startE2eServer(env: NodeJS.ProcessEnv = {}): Promise<E2eServer> {
  const testApp = await startTestApp(e2eDatabaseKind(), env)
  try {
    await testApp.app.listen({ port: 0, host: '127.0.0.1' })
  } catch (error) {
    await testApp.close()
    throw error
  }
  const { port } = testApp.app.server.address() as AddressInfo
  return { ...testApp, baseUrl: `http://127.0.0.1:${port}` }
}
