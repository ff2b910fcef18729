import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'

for (const kind of DATABASE_KINDS) {
  describe(`signing in (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind)
      await addUser(t.services, { email: 'ivy@example.test', roles: ['investigator'] })
    })
    after(() => t.close())

    it('signs in with the right password and reaches the home page', async () => {
      const client = new Client(t.app)
      const response = await client.signIn('ivy@example.test')
      assert.equal(response.statusCode, 303)
      assert.equal(response.headers.location, '/')
      const home = await client.get('/')
      assert.equal(home.statusCode, 200)
      assert.match(home.body, /Welcome, ivy/)
    })

    it('refuses a wrong password with the same message as an unknown e-mail', async () => {
      const wrong = await new Client(t.app).signIn('ivy@example.test', 'not-the-password')
      const unknown = await new Client(t.app).signIn('nobody@example.test', 'not-the-password')
      assert.equal(wrong.statusCode, 401)
      assert.equal(unknown.statusCode, 401)
      const message = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(body)?.[1]
      assert.ok(message(wrong.body))
      assert.equal(message(wrong.body), message(unknown.body))
    })

    it('rejects a form posted without its CSRF token and changes nothing', async () => {
      const client = new Client(t.app)
      await client.get('/sign-in')
      const response = await client.postFormWithToken(
        '/sign-in',
        { email: 'ivy@example.test', password: 'correct-horse-battery-staple' },
        null,
      )
      assert.equal(response.statusCode, 403)
      assert.equal(client.hasCookie('candour-session'), false)
    })
  })
}
