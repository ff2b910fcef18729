/** Types for scripts/postgres.mjs (a throw-away PostgreSQL server for tests and the benchmark). */
export interface ThrowAwayPostgres {
  url: string
  /** The same server over its Unix socket, for a client on the same machine. */
  socketUrl: string
  port: number
  dir: string
  stop(): Promise<void>
}
export const TEST_SETTINGS: Record<string, string>
export function freePort(): Promise<number>
export function postgresBinDir(): string | null
export function startPostgres(options?: {
  settings?: Record<string, string>
  missingHint?: string
}): Promise<ThrowAwayPostgres>
