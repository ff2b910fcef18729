import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify, { type RouteOptions } from 'fastify'
import cookie from '@fastify/cookie'
import { buildApp } from '../../src/app.js'
import type { DatabaseHandle } from '../../src/data/database.js'
import { services as buildServices } from '../../src/services/index.js'
import type { RouteAccess } from '../../src/web/access.js'
import authorisation, { accessOf } from '../../src/web/plugins/authorisation.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'
import { testConfig } from '../support/app.js'

interface SeenRoute {
  method: string
  url: string
  access: RouteAccess | undefined
}

/** The only routes anyone may reach without signing in. A new public route must be added here on purpose. */
const PUBLIC_ROUTES = new Set([
  'GET /sign-in',
  'HEAD /sign-in',
  'POST /sign-in',
  'POST /sign-out',
  'GET /health',
  'HEAD /health',
  'GET /api/v1/openapi.json',
  'HEAD /api/v1/openapi.json',
  // The family portal invitation (its token is the credential) and calendar feeds (likewise).
  'GET /portal/invitations/:token',
  'HEAD /portal/invitations/:token',
  'POST /portal/invitations/:token',
  'GET /calendar/:file',
  'HEAD /calendar/:file',
  // The public site: published reports only.
  'GET /publications',
  'HEAD /publications',
  'GET /publications/feed.atom',
  'HEAD /publications/feed.atom',
  'GET /publications/:id',
  'HEAD /publications/:id',
  'GET /publications/:id/report.pdf',
  'HEAD /publications/:id/report.pdf',
  'GET /api/v1/publications',
  'HEAD /api/v1/publications',
  'GET /api/v1/publications/:id',
  'HEAD /api/v1/publications/:id',
])
const STATIC_PREFIXES = ['/assets/', '/moj/', '/public/']

for (const kind of DATABASE_KINDS) {
  describe(`every registered route declares its access (${kind})`, () => {
    let database: DatabaseHandle
    const seen: SeenRoute[] = []

    before(async () => {
      database = await openTestDatabase(kind)
      const config = testConfig()
      const app = await buildApp(config, buildServices(database.db, config), {
        onRoute: (route: RouteOptions) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method]
          for (const method of methods) {
            seen.push({
              method: String(method),
              url: route.url,
              access: accessOf(route.config as { access?: RouteAccess }, route.url),
            })
          }
        },
      })
      await app.ready()
      await app.close()
    })
    after(() => database.close())

    it('saw the application’s routes (the walk is not empty)', () => {
      const keys = new Set(seen.map((r) => `${r.method} ${r.url}`))
      for (const expected of [
        'GET /',
        'GET /sign-in',
        'GET /admin/users',
        'POST /admin/audit/verify',
        'GET /api/v1/me',
        'GET /health',
      ]) {
        assert.ok(keys.has(expected), `${expected} was not registered`)
      }
    })

    it('no route lacks config.access', () => {
      const missing = seen.filter((r) => r.access === undefined).map((r) => `${r.method} ${r.url}`)
      assert.deepEqual(missing, [])
    })

    it('only the expected routes are public', () => {
      const unexpected = seen
        .filter((r) => r.access?.kind === 'public' && !STATIC_PREFIXES.some((p) => r.url.startsWith(p)))
        .map((r) => `${r.method} ${r.url}`)
        .filter((key) => !PUBLIC_ROUTES.has(key))
      assert.deepEqual(unexpected, [])
    })

    it('every administration route requires an administrator’s action', () => {
      const admin = seen.filter((r) => r.url.startsWith('/admin'))
      assert.ok(admin.length > 0)
      for (const route of admin) {
        assert.equal(route.access?.kind, 'action', `${route.method} ${route.url}`)
        if (route.access?.kind === 'action')
          assert.match(route.access.action, /^(users:manage|audit:view|audit:verify|mail:outbox:view|history:import)$/)
      }
    })
  })
}

describe('the authorisation plugin', () => {
  it('refuses to register a route that declares no access', async () => {
    const app = Fastify({ logger: false })
    await app.register(cookie)
    // The plugin only reaches for services when a request is denied; none is made here.
    await app.register(authorisation, { services: {} as never })
    assert.throws(() => app.get('/undeclared', async () => 'hello'), /GET \/undeclared declares no access/)
    assert.doesNotThrow(() => app.get('/declared', { config: { access: { kind: 'public' } } }, async () => 'hello'))
    await app.close()
  })

  it('refuses an undeclared route inside a plugin, so the app does not start', async () => {
    const app = Fastify({ logger: false })
    await app.register(authorisation, { services: {} as never })
    await assert.rejects(async () => {
      await app.register(async (child) => {
        child.post('/nested/undeclared', async () => 'hello')
      })
      await app.ready()
    }, /POST \/nested\/undeclared declares no access/)
  })

  it('accessOf treats only the static asset prefixes as implicitly public', () => {
    assert.deepEqual(accessOf(undefined, '/assets/govuk.css'), { kind: 'public' })
    assert.deepEqual(accessOf({}, '/public/init.js'), { kind: 'public' })
    assert.equal(accessOf(undefined, '/admin/users'), undefined)
    assert.equal(accessOf({}, '/assetsX/secret'), undefined)
    assert.deepEqual(accessOf({ access: { kind: 'action', action: 'users:manage' } }, '/assets/x'), {
      kind: 'action',
      action: 'users:manage',
    })
  })
})
