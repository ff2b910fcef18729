/**
 * Smaller findings of issue 10, each with its test: a locked or disabled account's API tokens
 * answer 401 until it is unlocked; the CSRF token is taken only from the form body or the header;
 * every response carries a Permissions-Policy.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemContext } from '../../src/services/context.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'

for (const kind of DATABASE_KINDS) {
  describe(`hardening (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind)
    })
    after(() => t.close())

    it('a locked-out or disabled account’s tokens answer 401 until it is unlocked', async () => {
      const user = await addUser(t.services, { email: `locked-${kind}@example.test`, roles: ['investigator'] })
      const { secret } = await createToken(t.services, user.id)
      const me = () => t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(secret) })
      assert.equal((await me()).statusCode, 200)
      await t.database.db
        .updateTable('users')
        .set({ locked_until: new Date(Date.now() + 15 * 60_000) })
        .where('id', '=', user.id)
        .execute()
      const locked = await me()
      assert.equal(locked.statusCode, 401)
      assert.match(String(locked.headers['content-type']), /^application\/problem\+json/)
      await t.services.users.enable(user.id, systemContext())
      assert.equal((await me()).statusCode, 200, 'unlocked: the token works again')
      await t.services.users.disable(user.id, systemContext())
      assert.equal((await me()).statusCode, 401)
    })

    it('the CSRF token is accepted from the form body or the header, never the query string', async () => {
      await addUser(t.services, { email: `csrf-${kind}@example.test`, roles: ['investigator'] })
      const client = new Client(t.app)
      await client.signIn(`csrf-${kind}@example.test`)
      const token = await client.csrfToken('/account/api-tokens/new')
      const body = new URLSearchParams({ name: 'x', scope: 'read' }).toString()
      const inQuery = await client.request({
        method: 'POST',
        url: `/account/api-tokens/new?_csrf=${encodeURIComponent(token)}`,
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      })
      assert.equal(inQuery.statusCode, 403)
      const inHeader = await client.request({
        method: 'POST',
        url: '/account/api-tokens/new',
        payload: body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-csrf-token': token },
      })
      assert.notEqual(inHeader.statusCode, 403)
      const inBody = await client.postFormWithToken('/account/api-tokens/new', { name: 'y', scope: 'read' }, token)
      assert.notEqual(inBody.statusCode, 403)
    })

    it('every kind of response carries a Permissions-Policy that turns powerful features off', async () => {
      for (const url of [
        '/sign-in',
        '/api/v1/openapi.json',
        '/no-such-page',
        '/api/v1/no-such',
        '/publications/%E0%A4%A',
      ]) {
        const r = await t.app.inject({ method: 'GET', url })
        assert.match(String(r.headers['permissions-policy']), /camera=\(\).*geolocation=\(\).*microphone=\(\)/, url)
      }
    })
  })
}
