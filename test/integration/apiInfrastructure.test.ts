/**
 * The API's shared machinery: bearer scopes and CSRF on the real app, and — on a small app built
 * from the same plugins with throw-away operations — defineOperation's validation and OpenAPI
 * entries, ETag/If-Match, Idempotency-Key and the contract helper.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import Fastify from 'fastify'
import { z } from 'zod'
import { notModified, setETag } from '../../src/api/concurrency.js'
import { ApiRegistry, defineOperation, etagHeader } from '../../src/api/operations.js'
import { PageQuery, pageOf, toPage } from '../../src/api/pagination.js'
import { decodeCursor } from '../../src/http/cursor.js'
import bearerAuth from '../../src/api/plugins/bearerAuth.js'
import idempotency from '../../src/api/plugins/idempotency.js'
import { problemTypes } from '../../src/http/problem.js'
import { Conflict, NotFound } from '../../src/services/errors.js'
import { sha256Hex } from '../../src/services/security/tokens.js'
import authorisation from '../../src/web/plugins/authorisation.js'
import errors from '../../src/web/plugins/errors.js'
import { publicAccess } from '../../src/web/access.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract, findOperation, openApiDocument } from '../support/openapi.js'

const Widget = z
  .object({ id: z.uuid(), name: z.string(), version: z.number().int(), created: z.number().int() })
  .meta({ id: 'Widget' })
// `note` lets the idempotency test send the same body with its keys in another order (bodies are strict).
const NewWidget = z.object({ name: z.string().trim().min(1, 'Enter a name').max(50), note: z.number().optional() })

/** A throw-away API on the real plugins: an in-memory, versioned "widget" resource. */
async function widgetApp(t: TestApp) {
  const widgets = new Map<string, { id: string; name: string; version: number; created: number }>()
  const calls = { create: 0, failNext: false }
  const app = Fastify({ logger: false })
  await app.register(authorisation, { services: t.services })
  await app.register(bearerAuth, { apiTokens: t.services.apiTokens, throttle: t.services.attemptThrottle })
  await app.register(idempotency, { idempotency: t.services.idempotency })
  await app.register(errors)
  const registry = new ApiRegistry()
  const Params = z.object({ id: z.uuid() })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/widgets',
    operationId: 'createWidget',
    summary: 'Make a widget',
    tags: ['Widgets'],
    access: 'service:home',
    body: NewWidget,
    responses: { 201: { description: 'Made', schema: Widget, headers: { Location: { description: 'Its address' } } } },
    async handler({ body }, _request, reply) {
      calls.create++
      if (calls.failNext) {
        calls.failNext = false
        throw new Error('the server fell over')
      }
      const widget = { id: crypto.randomUUID(), name: body.name, version: 1, created: calls.create }
      widgets.set(widget.id, widget)
      setETag(reply, widget.version)
      return reply.code(201).header('location', `/api/v1/widgets/${widget.id}`).send(widget)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/widget-secrets',
    operationId: 'createWidgetSecret',
    summary: 'Answers with a secret, so it is not stored for replay',
    tags: ['Widgets'],
    access: 'service:home',
    idempotency: false,
    responses: { 200: { description: 'A secret', schema: z.object({ secret: z.string() }) } },
    async handler() {
      return { secret: 's3cret' }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/widgets',
    operationId: 'listWidgets',
    summary: 'Widgets, a page at a time',
    tags: ['Widgets'],
    access: 'service:home',
    query: PageQuery,
    responses: { 200: { description: 'A page', schema: pageOf(Widget) } },
    async handler({ query }) {
      const after = decodeCursor(query.cursor, z.object({ created: z.number().int() }))
      const rows = [...widgets.values()]
        .sort((a, b) => a.created - b.created)
        .filter((w) => !after || w.created > after.created)
      return toPage(rows.slice(0, query.limit + 1), query.limit, (last) => ({ created: last.created }))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/widgets/:id',
    operationId: 'getWidget',
    summary: 'One widget',
    tags: ['Widgets'],
    access: 'service:home',
    params: Params,
    responses: { 200: { description: 'The widget', schema: Widget, headers: etagHeader } },
    async handler({ params }, request, reply) {
      const widget = widgets.get(params.id)
      if (!widget) throw new NotFound('The widget')
      if (notModified(request, reply, widget.version)) return reply
      return widget
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/widgets/:id',
    operationId: 'renameWidget',
    summary: 'Rename a widget',
    tags: ['Widgets'],
    access: 'service:home',
    params: Params,
    body: NewWidget,
    concurrency: 'if-match',
    responses: { 200: { description: 'Renamed', schema: Widget, headers: etagHeader } },
    async handler({ params, body, expectedVersion }, _request, reply) {
      // What a service does: compare versions inside its transaction, and throw Conflict.
      const widget = widgets.get(params.id)
      if (!widget) throw new NotFound('The widget')
      if (widget.version !== expectedVersion) throw new Conflict()
      widget.name = body.name
      widget.version++
      setETag(reply, widget.version)
      return widget
    },
  })

  app.get('/api/v1/openapi.json', { config: publicAccess }, async () => registry.document())
  await app.ready()
  return { app, calls, widgets }
}

for (const kind of DATABASE_KINDS) {
  describe(`API infrastructure on the real app (${kind})`, () => {
    let t: TestApp
    let userId: string
    before(async () => {
      t = await startTestApp(kind)
      userId = (await addUser(t.services, { email: 'ivy@example.test', roles: ['investigator'] })).id
    })
    after(() => t.close())

    it('serves an OpenAPI 3.1 document with every operation and its problems', async () => {
      const doc = await openApiDocument(t.app)
      assert.equal(doc.openapi, '3.1.0')
      for (const id of ['getCurrentUser', 'listApiTokens', 'getApiToken', 'revokeApiToken']) findOperation(doc, id)
      const revoke = findOperation(doc, 'revokeApiToken').operation as {
        responses: Record<string, unknown>
        parameters: { name: string; in: string }[]
      }
      assert.ok(
        revoke.responses['204'] && revoke.responses['401'] && revoke.responses['403'] && revoke.responses['404'],
      )
      assert.deepEqual(
        revoke.parameters.map((p) => `${p.in}:${p.name}`),
        ['path:id'],
      )
      const schemas = (doc.components as { schemas: Record<string, unknown> }).schemas
      assert.ok(schemas.ApiToken && schemas.CurrentUser && schemas.Problem)
    })

    it('refuses a read-only token on a change, and lets a write token make it', async () => {
      const reader = await createToken(t.services, userId)
      const writer = await createToken(t.services, userId, { write: true })
      const target = await createToken(t.services, userId, { name: 'to be revoked' })
      const refused = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/api-tokens/${target.token.id}`,
        headers: bearer(reader.secret),
      })
      assert.equal(refused.statusCode, 403)
      assert.equal(refused.json().type, problemTypes.insufficientScope)
      assert.match(String(refused.headers['www-authenticate']), /insufficient_scope/)
      const post = await t.app.inject({
        method: 'POST',
        url: '/api/v1/api-tokens',
        headers: bearer(reader.secret),
        payload: {},
      })
      assert.equal(post.statusCode, 403, 'a POST too, before routing')
      const allowed = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/api-tokens/${target.token.id}`,
        headers: bearer(writer.secret),
      })
      assert.equal(allowed.statusCode, 204)
      await assertMatchesContract(t.app, 'revokeApiToken', allowed)
    })

    it('answers 401 problem+json to a wrong or malformed token, and to no authentication', async () => {
      for (const headers of [
        bearer('candour_pat_not-a-real-token'),
        bearer('nonsense'),
        { authorization: 'Basic aXZ5OnBhc3M=' },
        {},
      ]) {
        const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers })
        assert.equal(response.statusCode, 401, JSON.stringify(headers))
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
        assert.equal(response.json().type, problemTypes.unauthenticated)
        assert.ok(response.headers['www-authenticate'])
      }
    })

    it('accepts the session cookie on the API, with X-CSRF-Token for changes', async () => {
      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      assert.equal((await client.get('/api/v1/me')).statusCode, 200)
      const target = await createToken(t.services, userId, { name: 'cookie revoke' })
      const withoutCsrf = await client.request({ method: 'DELETE', url: `/api/v1/api-tokens/${target.token.id}` })
      assert.equal(withoutCsrf.statusCode, 403)
      assert.match(String(withoutCsrf.headers['content-type']), /problem\+json/)
      const token = await client.csrfToken('/account')
      const withCsrf = await client.request({
        method: 'DELETE',
        url: `/api/v1/api-tokens/${target.token.id}`,
        headers: { 'x-csrf-token': token },
      })
      assert.equal(withCsrf.statusCode, 204)
    })

    it('answers 422 naming the field when a path parameter is not valid', async () => {
      const { secret } = await createToken(t.services, userId)
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/api-tokens/not-a-uuid',
        headers: bearer(secret),
      })
      assert.equal(response.statusCode, 422)
      assert.equal(response.json().errors[0].path, 'params.id')
      await assertMatchesContract(t.app, 'getApiToken', response)
    })
  })

  describe(`API helpers on a throw-away API (${kind})`, () => {
    let t: TestApp
    let w: Awaited<ReturnType<typeof widgetApp>>
    let headers: { authorization: string }
    let userId: string
    before(async () => {
      t = await startTestApp(kind)
      userId = (await addUser(t.services, { email: 'ivy@example.test', roles: ['investigator'] })).id
      headers = bearer((await createToken(t.services, userId, { write: true })).secret)
      w = await widgetApp(t)
    })
    after(async () => {
      await w.app.close()
      await t.close()
    })

    const post = (payload: unknown, key?: string, url = '/api/v1/widgets') =>
      w.app.inject({
        method: 'POST',
        url,
        payload: payload as object,
        headers: { ...headers, ...(key ? { 'idempotency-key': key } : {}) },
      })

    it('validates body and query with the operation’s schemas: 422 with field paths', async () => {
      const body = await post({ name: '' })
      assert.equal(body.statusCode, 422)
      assert.deepEqual(body.json().errors, [{ path: 'body.name', message: 'Enter a name' }])
      await assertMatchesContract(w.app, 'createWidget', body)
      const query = await w.app.inject({ method: 'GET', url: '/api/v1/widgets?limit=0', headers })
      assert.equal(query.statusCode, 422)
      assert.equal(query.json().errors[0].path, 'query.limit')
      const cursor = await w.app.inject({ method: 'GET', url: '/api/v1/widgets?cursor=garbage', headers })
      assert.equal(cursor.statusCode, 422)
      assert.equal(cursor.json().errors[0].path, 'query.cursor')
    })

    it('replays a repeated POST with the same Idempotency-Key, running it once', async () => {
      const before = w.calls.create
      const first = await post({ name: 'alpha' }, 'key-1')
      assert.equal(first.statusCode, 201)
      await assertMatchesContract(w.app, 'createWidget', first)
      const again = await post({ name: 'alpha' }, 'key-1')
      assert.equal(again.statusCode, 201)
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.equal(again.body, first.body)
      assert.equal(again.headers.location, first.headers.location)
      assert.equal(again.headers.etag, first.headers.etag)
      assert.match(String(again.headers['content-type']), /application\/json/)
      assert.equal(w.calls.create, before + 1, 'the handler ran once')
      // The same body with its keys in another order is the same request.
      assert.equal((await post({ name: 'alpha', note: 1 }, 'key-1b')).headers['idempotent-replayed'], undefined)
      assert.equal((await post({ note: 1, name: 'alpha' }, 'key-1b')).headers['idempotent-replayed'], 'true')
      // Without a key each POST is a new request.
      await post({ name: 'beta' })
      await post({ name: 'beta' })
      assert.equal(w.calls.create, before + 4)
    })

    it('refuses the same key for a different request (422) and while the first is running (409)', async () => {
      await post({ name: 'gamma' }, 'key-2')
      const mismatch = await post({ name: 'delta' }, 'key-2')
      assert.equal(mismatch.statusCode, 422)
      assert.equal(mismatch.json().type, problemTypes.idempotencyKeyReused)
      const otherPath = await post({}, 'key-2', '/api/v1/widget-secrets')
      assert.equal(otherPath.statusCode, 422, 'a route that stores nothing refuses a key outright')

      // A request holding key-3 has claimed it but not finished.
      const claimed = await t.services.idempotency.claim({
        userId,
        key: 'key-3',
        method: 'POST',
        path: '/api/v1/widgets',
        requestSha256: 'x',
      })
      assert.equal(claimed.kind, 'claimed')
      const inProgress = await post({ name: 'epsilon' }, 'key-3')
      assert.equal(inProgress.statusCode, 422, 'a different body is a mismatch even while running')
      const rows = await t.database.db.selectFrom('idempotency_keys').selectAll().where('key', '=', 'key-3').execute()
      assert.equal(rows.length, 1)
      await t.database.db.deleteFrom('idempotency_keys').where('key', '=', 'key-3').execute()
      const held = await t.services.idempotency.claim({
        userId,
        key: 'key-3',
        method: 'POST',
        path: '/api/v1/widgets',
        requestSha256: sha256Hex('{"name":"epsilon"}'),
      })
      assert.equal(held.kind, 'claimed')
      const running = await post({ name: 'epsilon' }, 'key-3')
      assert.equal(running.statusCode, 409)
      assert.equal(running.json().type, problemTypes.idempotencyKeyInProgress)
      assert.equal(running.headers['retry-after'], '1')
    })

    it('gives the key back when the handler fails on the server, so a retry runs', async () => {
      w.calls.failNext = true
      const failed = await post({ name: 'zeta' }, 'key-4')
      assert.equal(failed.statusCode, 500)
      const retried = await post({ name: 'zeta' }, 'key-4')
      assert.equal(retried.statusCode, 201)
      assert.equal(retried.headers['idempotent-replayed'], undefined)
    })

    it('refuses a malformed key, and purges keys older than 24 hours', async () => {
      const long = await post({ name: 'eta' }, 'k'.repeat(201))
      assert.equal(long.statusCode, 422)
      assert.equal(long.json().errors[0].path, 'headers.idempotency-key')
      const old = new Date(Date.now() - 25 * 3_600_000)
      await t.services.idempotency.claim(
        { userId, key: 'ancient', method: 'POST', path: '/x', requestSha256: 'y' },
        old,
      )
      assert.ok((await t.services.idempotency.purgeExpired()) >= 1)
      const left = await t.database.db
        .selectFrom('idempotency_keys')
        .select('key')
        .where('key', '=', 'ancient')
        .execute()
      assert.equal(left.length, 0)
    })

    it('sends an ETag on GET and answers If-None-Match with 304', async () => {
      const created = (await post({ name: 'theta' })).json()
      const got = await w.app.inject({ method: 'GET', url: `/api/v1/widgets/${created.id}`, headers })
      assert.equal(got.statusCode, 200)
      assert.equal(got.headers.etag, '"1"')
      await assertMatchesContract(w.app, 'getWidget', got)
      const cached = await w.app.inject({
        method: 'GET',
        url: `/api/v1/widgets/${created.id}`,
        headers: { ...headers, 'if-none-match': '"1"' },
      })
      assert.equal(cached.statusCode, 304)
    })

    it('requires If-Match on a change (428), refuses a stale one (412), and accepts the current one', async () => {
      const created = (await post({ name: 'iota' })).json()
      const url = `/api/v1/widgets/${created.id}`
      const missing = await w.app.inject({ method: 'PATCH', url, headers, payload: { name: 'kappa' } })
      assert.equal(missing.statusCode, 428)
      assert.equal(missing.json().type, problemTypes.preconditionRequired)
      await assertMatchesContract(w.app, 'renameWidget', missing)
      const ok = await w.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers, 'if-match': '"1"' },
        payload: { name: 'kappa' },
      })
      assert.equal(ok.statusCode, 200)
      assert.equal(ok.headers.etag, '"2"')
      const stale = await w.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers, 'if-match': '"1"' },
        payload: { name: 'lambda' },
      })
      assert.equal(stale.statusCode, 412)
      assert.equal(stale.json().type, problemTypes.preconditionFailed)
      assert.match(stale.json().detail, /has changed since/)
      assert.equal(w.widgets.get(created.id)?.name, 'kappa', 'nothing was written')
      const malformed = await w.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers, 'if-match': 'W/"2"' },
        payload: { name: 'mu' },
      })
      assert.equal(malformed.statusCode, 412)
      const star = await w.app.inject({
        method: 'PATCH',
        url,
        headers: { ...headers, 'if-match': '*' },
        payload: { name: 'mu' },
      })
      assert.equal(star.statusCode, 428)
    })

    it('pages with { items, nextCursor } until nextCursor is null', async () => {
      const seen: string[] = []
      let cursor: string | null = null
      for (let pages = 0; pages < 50; pages++) {
        const url: string = `/api/v1/widgets?limit=2${cursor ? `&cursor=${cursor}` : ''}`
        const page = await w.app.inject({ method: 'GET', url, headers })
        assert.equal(page.statusCode, 200)
        await assertMatchesContract(w.app, 'listWidgets', page)
        const body = page.json() as { items: { id: string }[]; nextCursor: string | null }
        assert.ok(body.items.length <= 2)
        seen.push(...body.items.map((i) => i.id))
        cursor = body.nextCursor
        if (!cursor) break
      }
      assert.equal(seen.length, w.widgets.size)
      assert.equal(new Set(seen).size, seen.length)
    })

    it('documents If-Match, Idempotency-Key and the problems each operation can answer', async () => {
      const doc = await openApiDocument(w.app)
      type Op = { parameters: { name: string; in: string; required: boolean }[]; responses: Record<string, unknown> }
      const rename = findOperation(doc, 'renameWidget').operation as Op
      assert.ok(rename.parameters.some((p) => p.name === 'If-Match' && p.in === 'header' && p.required))
      for (const s of ['200', '401', '403', '404', '412', '422', '428'])
        assert.ok(rename.responses[s], `renameWidget ${s}`)
      const create = findOperation(doc, 'createWidget').operation as Op
      assert.ok(create.parameters.some((p) => p.name === 'Idempotency-Key' && !p.required))
      assert.ok(create.responses['409'])
      const secret = findOperation(doc, 'createWidgetSecret').operation as Op
      assert.ok(!secret.parameters.some((p) => p.name === 'Idempotency-Key'))
      const list = findOperation(doc, 'listWidgets').operation as Op
      assert.deepEqual(
        list.parameters.map((p) => `${p.name}:${p.required}`),
        ['cursor:false', 'limit:false'],
      )
      // The nested Widget inside the page envelope is a shared component, not a dangling $defs reference.
      assert.doesNotMatch(JSON.stringify(doc), /#\/\$defs\//)
      assert.ok((doc.components as { schemas: Record<string, unknown> }).schemas.Widget)
    })
  })
}
