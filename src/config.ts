/**
 * Every setting Candour reads from the environment, parsed once with zod.
 * In production a missing secret or database URL stops the process at start-up
 * rather than surfacing later as a confusing failure.
 */
import path from 'node:path'
import { z } from 'zod'

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  // Off only behind a connection pooler in transaction mode, which cannot keep them (src/data/preparedStatements.ts).
  DATABASE_PREPARED_STATEMENTS: booleanFromEnv.default(true),
  CANDOUR_DATA_DIR: z.string().default('./data'),
  // The embedded database's PostgreSQL settings over Candour's small-memory ones (src/data/database.ts).
  CANDOUR_PGLITE_SETTINGS: z.string().max(1000).optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters').optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().positive().default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().positive().default(12),
  // Anti-automation (ADR 0026): failures free before waits start, and the longest wait, per account
  // (and per known device) and per client address.
  SIGN_IN_MAX_FAILURES: z.coerce.number().int().positive().default(5),
  SIGN_IN_LOCK_MINUTES: z.coerce.number().int().positive().default(15),
  SIGN_IN_ADDRESS_MAX_FAILURES: z.coerce.number().int().positive().default(20),
  SIGN_IN_ADDRESS_LOCK_MINUTES: z.coerce.number().int().positive().default(60),
  // Behind a reverse proxy or load balancer: which hops to believe in X-Forwarded-For ("true", a hop
  // count, or comma-separated addresses/CIDRs). Without it the client address is the proxy's.
  CANDOUR_TRUST_PROXY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CANDOUR_SEED_DEMO: booleanFromEnv.optional(),
  CANDOUR_SECURE_COOKIES: booleanFromEnv.optional(),
  CANDOUR_PUBLIC_URL: z.string().url().optional(),
  CANDOUR_FEEDBACK_EMAIL: z.string().email().optional(),
  SMTP_HOST: z.string().optional(),
  SMTP_PORT: z.coerce.number().int().positive().default(587),
  SMTP_SECURE: booleanFromEnv.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  MAIL_FROM: z.string().default('Candour <no-reply@candour.invalid>'),
  // The most one file uploaded for an import may be (docs/import.md); the CLI streams any size.
  IMPORT_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(4 * 1024 ** 3)
    .default(256 * 1024 ** 2),
})

export type Environment = z.infer<typeof EnvSchema>

export interface Config {
  env: Environment['NODE_ENV']
  isProduction: boolean
  port: number
  host: string
  databaseUrl: string | undefined
  databasePreparedStatements: boolean
  dataDir: string
  /** PGlite's PostgreSQL settings over PGLITE_SETTINGS ("name=value …"), when set. */
  pgliteSettings: string | undefined
  sessionSecret: string
  session: { idleMinutes: number; absoluteHours: number; secureCookies: boolean }
  /** Anti-automation (ADR 0026): per account and per known device, and per client address. */
  signIn: { maxFailures: number; lockMinutes: number; addressMaxFailures: number; addressLockMinutes: number }
  /** Fastify's trustProxy: false unless CANDOUR_TRUST_PROXY says which proxies to believe. */
  trustProxy: boolean | number | string
  logLevel: Environment['LOG_LEVEL']
  seedDemoData: boolean
  publicUrl: string
  /** Where the beta banner's feedback link sends e-mail (README, Configuration). */
  feedbackEmail: string
  /** The most one uploaded import file may be, in bytes (IMPORT_UPLOAD_MAX_BYTES). */
  importUploadMaxBytes: number
  smtp: { host?: string; port: number; secure: boolean; user?: string; password?: string; from: string }
}

export class ConfigError extends Error {}

// Used only outside production, so development and tests need no secret set by hand.
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-not-for-production-use'

function trustProxyOf(value: string | undefined): boolean | number | string {
  if (value === undefined || value === '' || value === 'false') return false
  if (value === 'true') return true
  if (/^\d+$/.test(value)) return Number(value)
  return value
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
    throw new ConfigError(`Invalid configuration: ${problems}`)
  }
  const e = parsed.data
  const isProduction = e.NODE_ENV === 'production'
  if (isProduction) {
    const missing = [!e.SESSION_SECRET && 'SESSION_SECRET', !e.DATABASE_URL && 'DATABASE_URL'].filter(Boolean)
    if (missing.length > 0) {
      throw new ConfigError(`In production these settings are required: ${missing.join(', ')}`)
    }
  }
  const port = e.PORT
  return {
    env: e.NODE_ENV,
    isProduction,
    port,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    databasePreparedStatements: e.DATABASE_PREPARED_STATEMENTS,
    dataDir: path.resolve(e.CANDOUR_DATA_DIR),
    pgliteSettings: e.CANDOUR_PGLITE_SETTINGS,
    sessionSecret: e.SESSION_SECRET ?? DEVELOPMENT_SESSION_SECRET,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      absoluteHours: e.SESSION_ABSOLUTE_HOURS,
      secureCookies: e.CANDOUR_SECURE_COOKIES ?? (e.NODE_ENV !== 'development' && e.NODE_ENV !== 'test'),
    },
    signIn: {
      maxFailures: e.SIGN_IN_MAX_FAILURES,
      lockMinutes: e.SIGN_IN_LOCK_MINUTES,
      addressMaxFailures: e.SIGN_IN_ADDRESS_MAX_FAILURES,
      addressLockMinutes: e.SIGN_IN_ADDRESS_LOCK_MINUTES,
    },
    trustProxy: trustProxyOf(e.CANDOUR_TRUST_PROXY),
    logLevel: e.LOG_LEVEL,
    // Demo data is for trying Candour out; production never seeds.
    seedDemoData: !isProduction && (e.CANDOUR_SEED_DEMO ?? e.NODE_ENV === 'development'),
    publicUrl: e.CANDOUR_PUBLIC_URL ?? `http://localhost:${port}`,
    // Unless set, feedback goes to feedback@ the service's own host name.
    importUploadMaxBytes: e.IMPORT_UPLOAD_MAX_BYTES,
    feedbackEmail:
      e.CANDOUR_FEEDBACK_EMAIL ?? `feedback@${new URL(e.CANDOUR_PUBLIC_URL ?? 'http://localhost').hostname}`,
    smtp: {
      host: e.SMTP_HOST,
      port: e.SMTP_PORT,
      secure: e.SMTP_SECURE,
      user: e.SMTP_USER,
      password: e.SMTP_PASSWORD,
      from: e.MAIL_FROM,
    },
  }
}
