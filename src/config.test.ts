import assert from 'node:assert/strict'
import path from 'node:path'
import { describe, it } from 'node:test'
import { ConfigError, loadConfig } from './config.js'

const SECRET = 'a-production-session-secret-of-at-least-32-characters'
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: SECRET,
  DATABASE_URL: 'postgres://candour@db.internal:5432/candour',
}

describe('loadConfig', () => {
  it('gives working defaults for development with nothing set', () => {
    const config = loadConfig({})
    assert.equal(config.env, 'development')
    assert.equal(config.isProduction, false)
    assert.equal(config.port, 3000)
    assert.equal(config.host, '0.0.0.0')
    assert.equal(config.databaseUrl, undefined)
    assert.equal(config.dataDir, path.resolve('./data'))
    assert.ok(config.sessionSecret.length >= 32)
    assert.deepEqual(config.session, { idleMinutes: 30, absoluteHours: 12, secureCookies: false })
    assert.deepEqual(config.signIn, { maxFailures: 5, lockMinutes: 15, addressMaxFailures: 20, addressLockMinutes: 60 })
    assert.equal(config.trustProxy, false)
    assert.equal(config.logLevel, 'info')
    assert.equal(config.seedDemoData, true)
    assert.equal(config.publicUrl, 'http://localhost:3000')
    assert.equal(config.smtp.port, 587)
    assert.equal(config.smtp.secure, false)
  })

  it('reads numbers and booleans from their string form', () => {
    const config = loadConfig({
      PORT: '8080',
      SESSION_IDLE_MINUTES: '5',
      SIGN_IN_MAX_FAILURES: '3',
      SMTP_SECURE: 'yes',
      CANDOUR_SECURE_COOKIES: '1',
    })
    assert.equal(config.port, 8080)
    assert.equal(config.session.idleMinutes, 5)
    assert.equal(config.signIn.maxFailures, 3)
    assert.equal(config.smtp.secure, true)
    assert.equal(config.session.secureCookies, true)
    assert.equal(config.publicUrl, 'http://localhost:8080')
  })

  it('reads which proxies to trust for the client address', () => {
    assert.equal(loadConfig({ CANDOUR_TRUST_PROXY: 'true' }).trustProxy, true)
    assert.equal(loadConfig({ CANDOUR_TRUST_PROXY: '2' }).trustProxy, 2)
    assert.equal(loadConfig({ CANDOUR_TRUST_PROXY: '10.0.0.0/8,127.0.0.1' }).trustProxy, '10.0.0.0/8,127.0.0.1')
    assert.equal(loadConfig({ CANDOUR_TRUST_PROXY: 'false' }).trustProxy, false)
  })

  it('does not seed demo data in tests unless asked', () => {
    assert.equal(loadConfig({ NODE_ENV: 'test' }).seedDemoData, false)
    assert.equal(loadConfig({ NODE_ENV: 'test', CANDOUR_SEED_DEMO: 'true' }).seedDemoData, true)
    assert.equal(loadConfig({ NODE_ENV: 'development', CANDOUR_SEED_DEMO: 'false' }).seedDemoData, false)
  })

  it('starts in production when the required settings are given, with secure cookies', () => {
    const config = loadConfig(PRODUCTION)
    assert.equal(config.isProduction, true)
    assert.equal(config.sessionSecret, SECRET)
    assert.equal(config.session.secureCookies, true)
  })

  it('refuses to start in production without SESSION_SECRET', () => {
    const { SESSION_SECRET: _omit, ...env } = PRODUCTION
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && /SESSION_SECRET/.test(e.message) && !/DATABASE_URL/.test(e.message),
    )
  })

  it('refuses to start in production without DATABASE_URL', () => {
    const { DATABASE_URL: _omit, ...env } = PRODUCTION
    assert.throws(
      () => loadConfig(env),
      (e: unknown) => e instanceof ConfigError && /DATABASE_URL/.test(e.message) && !/SESSION_SECRET/.test(e.message),
    )
  })

  it('names both when both are missing in production', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (e: unknown) => e instanceof ConfigError && /SESSION_SECRET/.test(e.message) && /DATABASE_URL/.test(e.message),
    )
  })

  it('refuses a short SESSION_SECRET with a clear message', () => {
    assert.throws(
      () => loadConfig({ ...PRODUCTION, SESSION_SECRET: 'short' }),
      (e: unknown) => e instanceof ConfigError && /SESSION_SECRET must be at least 32 characters/.test(e.message),
    )
  })

  for (const bad of ['not-a-number', '70000', '-1', '80.5']) {
    it(`refuses PORT=${bad} with an error naming PORT`, () => {
      assert.throws(
        () => loadConfig({ PORT: bad }),
        (e: unknown) => e instanceof ConfigError && /Invalid configuration: .*PORT/.test(e.message),
      )
    })
  }

  it('refuses an unknown NODE_ENV and an unreadable boolean', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'staging' }),
      (e: unknown) => e instanceof ConfigError && /NODE_ENV/.test(e.message),
    )
    assert.throws(
      () => loadConfig({ CANDOUR_SEED_DEMO: 'maybe' }),
      (e: unknown) => e instanceof ConfigError && /CANDOUR_SEED_DEMO/.test(e.message),
    )
  })

  it('never seeds demo data in production, even when asked', () => {
    assert.equal(loadConfig(PRODUCTION).seedDemoData, false)
    assert.equal(loadConfig({ ...PRODUCTION, CANDOUR_SEED_DEMO: 'true' }).seedDemoData, false)
  })
})
