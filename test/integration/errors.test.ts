import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { currentTotp } from '../../src/services/security/totp.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'

const PROBLEM_JSON = /^application\/problem\+json/
const errorSummaryLinks = (body: string) =>
  [...body.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)].flatMap((m) =>
    [...m[0].matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map((a) => ({ href: a[1], text: a[2]!.trim() })),
  )

for (const kind of DATABASE_KINDS) {
  describe(`errors and edges (${kind})`, () => {
    let t: TestApp
    let investigatorId: string

    before(async () => {
      t = await startTestApp(kind)
      investigatorId = (await addUser(t.services, { email: 'ivy@example.test', roles: ['investigator'] })).id
    })
    after(() => t.close())

    /** An administrator with a second factor already set up, signed in through both steps. */
    async function signedInAdministrator(email: string): Promise<Client> {
      const admin = await addUser(t.services, { email, roles: ['administrator'] })
      const { secret } = await t.services.authentication.beginSecondFactorSetup(admin.id)
      await t.database.db.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', '=', admin.id).execute()
      const client = new Client(t.app)
      assert.equal((await client.signIn(email)).headers.location, '/sign-in/two-factor')
      const done = await client.postForm('/sign-in/two-factor', { code: await currentTotp(secret) })
      assert.equal(done.headers.location, '/')
      return client
    }

    it('an unknown API address is a 404 problem+json', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing' })
      assert.equal(response.statusCode, 404)
      assert.match(String(response.headers['content-type']), PROBLEM_JSON)
      const body = response.json<Record<string, unknown>>()
      assert.equal(body.status, 404)
      assert.equal(body.type, 'https://candour.invalid/problems/not-found')
      assert.equal(body.title, 'Not found')
      assert.equal(body.instance, '/api/v1/no-such-thing')
      assert.equal(typeof body.requestId, 'string')
    })

    it('GET /api/v1/me without signing in is a 401 problem, not a redirect', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/me' })
      assert.equal(response.statusCode, 401)
      assert.match(String(response.headers['content-type']), PROBLEM_JSON)
      assert.equal(response.json<{ type: string }>().type, 'https://candour.invalid/problems/unauthenticated')
      assert.equal(response.headers.location, undefined)
    })

    it('GET /api/v1/me answers the signed-in user', async () => {
      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      const response = await client.get('/api/v1/me')
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json<{ id: string; email: string; roles: string[] }>().email, 'ivy@example.test')
      assert.equal(response.json<{ id: string }>().id, investigatorId)
    })

    it('a POST in a content type Candour does not read is 415, not 500', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: '<email>x</email>',
        headers: { 'content-type': 'application/xml' },
      })
      assert.equal(response.statusCode, 415)
      assert.match(String(response.headers['content-type']), /^text\/html/)
      assert.match(response.body, /Unsupported media type/)
    })

    it('a malformed JSON body is 400, not 500', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: '{"email": ',
        headers: { 'content-type': 'application/json' },
      })
      assert.equal(response.statusCode, 400)
      assert.match(response.body, /Malformed request/)
    })

    it('a body over the size limit is 413, not 500', async () => {
      const response = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: `email=${'a'.repeat(300 * 1024)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(response.statusCode, 413)
    })

    it('an over-long form field is a 400 page with the GOV.UK error summary, keeping what was typed', async () => {
      const client = new Client(t.app)
      const email = `${'a'.repeat(320)}@example.test`
      const response = await client.postForm('/sign-in', { email, password: 'anything' })
      assert.equal(response.statusCode, 400)
      assert.match(response.body, /class="govuk-error-summary"/)
      assert.deepEqual(errorSummaryLinks(response.body), [
        { href: '#email', text: 'Email address must be 320 characters or fewer' },
      ])
      assert.ok(response.body.includes(`value="${email}"`), 'the e-mail typed is kept in the field')
    })

    it('an over-long name on the new-user form keeps every value typed', async () => {
      const admin = await signedInAdministrator('form-admin@example.test')
      const displayName = 'N'.repeat(201)
      const response = await admin.postForm('/admin/users/new', {
        displayName,
        email: 'long-name@example.test',
        organisationCode: 'OVERSIGHT',
        roles: ['case_worker'],
      })
      assert.equal(response.statusCode, 400)
      assert.deepEqual(errorSummaryLinks(response.body), [
        { href: '#displayName', text: 'Name must be 200 characters or fewer' },
      ])
      assert.ok(response.body.includes(`value="${displayName}"`))
      assert.ok(response.body.includes('value="long-name@example.test"'))
      assert.match(response.body, /value="case_worker" checked/)
    })

    it('an investigator asking for /admin/users gets 403, and the attempt is audited', async () => {
      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      const response = await client.get('/admin/users')
      assert.equal(response.statusCode, 403)
      assert.match(response.body, /You do not have access to this page/)
      const entries = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('actor_user_id', '=', investigatorId)
        .execute()
      assert.equal(entries.length, 1)
      assert.equal(entries[0]!.entity_type, 'route')
      assert.equal(entries[0]!.entity_id, 'GET /admin/users')
      assert.equal((entries[0]!.detail as { action: string }).action, 'users:manage')
    })

    it('an investigator posting an administrators’ action (with a valid CSRF token) gets 403', async () => {
      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      const response = await client.request({
        method: 'POST',
        url: '/admin/audit/verify',
        headers: { 'x-csrf-token': await client.csrfToken('/') },
      })
      assert.equal(response.statusCode, 403)
    })

    it('an unknown page renders the not-found page', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/no-such-page' })
      assert.equal(response.statusCode, 404)
      assert.match(String(response.headers['content-type']), /^text\/html/)
      assert.match(response.body, /<h1[^>]*>Page not found<\/h1>/)
    })

    it('/health is 200 UP with a current schema', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/health' })
      assert.equal(response.statusCode, 200)
      assert.deepEqual(response.json(), { status: 'UP', checks: { database: 'UP', migrations: 'UP' } })
      assert.equal(response.headers['cache-control'], 'no-store')
    })

    it('/api/v1/openapi.json is an OpenAPI 3.1 document describing the API', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
      assert.equal(response.statusCode, 200)
      assert.match(String(response.headers['content-type']), /^application\/json/)
      const doc = response.json<{
        openapi: string
        info: { title: string; version: string }
        paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>
        components: { schemas: Record<string, { type?: string; properties?: Record<string, unknown> }> }
      }>()
      assert.match(doc.openapi, /^3\.1\.\d+$/)
      assert.ok(doc.info.title && doc.info.version)
      assert.ok(Object.keys(doc.paths).every((p) => p.startsWith('/api/v1/')))
      assert.equal(doc.paths['/api/v1/me']?.get?.operationId, 'getCurrentUser')
      assert.ok(doc.paths['/api/v1/me']?.get?.responses['200'])
      const user = doc.components.schemas.CurrentUser
      assert.equal(user?.type, 'object')
      assert.ok(user?.properties && 'email' in user.properties && 'roles' in user.properties)
      // Every operation id is unique, as code generators require.
      const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((o) => o.operationId))
      assert.equal(new Set(ids).size, ids.length)
    })
  })
}
