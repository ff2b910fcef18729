import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse } from 'fastify'
import { SIGN_IN_FAILED_MESSAGE } from '../../src/services/authentication.js'
import { currentTotp } from '../../src/services/security/totp.js'
import { sha256Hex } from '../../src/services/security/tokens.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, TEST_PASSWORD, type TestApp } from '../support/app.js'

// The production default (SIGN_IN_MAX_FAILURES): failures free per account before waits begin.
const MAX_FAILURES = 5
const SESSION_COOKIE = 'candour-session'

const errorSummary = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(body)?.[1]?.trim()
const unescapeHtml = (s: string | undefined) =>
  s
    ?.replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

function sessionCookie(response: LightMyRequestResponse): string | undefined {
  return response.cookies.find((c) => c.name === SESSION_COOKIE && c.value !== '')?.value
}

/** A code for the next 30-second step: accepted (one step of drift is allowed) and later than any code used so far. */
const nextTotp = (secret: string) => currentTotp(secret, Math.floor(Date.now() / 1000) + 30)

for (const kind of DATABASE_KINDS) {
  describe(`authentication (${kind})`, () => {
    let t: TestApp

    before(async () => {
      t = await startTestApp(kind)
    })
    after(() => t.close())

    const auditFor = (userId: string) =>
      t.database.db.selectFrom('audit_log').selectAll().where('entity_id', '=', userId).orderBy('seq').execute()
    const sessionRows = (userId: string) =>
      t.database.db.selectFrom('sessions').selectAll().where('user_id', '=', userId).execute()

    /** Enables a second factor for an already signed-in client, through the account pages. */
    async function enableSecondFactor(client: Client, userId: string): Promise<string> {
      const page = await client.get('/account/two-factor')
      assert.equal(page.statusCode, 200)
      const secret = /data-testid="totp-secret">([^<]+)</.exec(page.body)?.[1]
      assert.ok(secret, 'the set-up page shows the secret')
      const { secret: stored } = await t.services.authentication.beginSecondFactorSetup(userId)
      assert.equal(stored, secret)
      const response = await client.postForm('/account/two-factor', { code: await currentTotp(secret) }, '/account')
      assert.equal(response.statusCode, 303)
      assert.equal(response.headers.location, '/account')
      return secret
    }

    describe('lock-out', () => {
      // Issue 10 / ADR 0026: wrong passwords no longer lock the account (anyone could keep its
      // owner out for good); past the free ones they make the next attempt wait, at most 15 minutes.
      // test/integration/attemptThrottle.test.ts shows the waits, across instances.
      it(`after ${MAX_FAILURES} wrong passwords the account is made to wait, not locked; the right password works after the wait`, async () => {
        const user = await addUser(t.services, { email: 'lock@example.test', roles: ['investigator'] })
        for (let i = 0; i < MAX_FAILURES; i++) {
          const response = await new Client(t.app, `192.0.2.${i + 1}`).signIn(
            'lock@example.test',
            `wrong-password-${i}`,
          )
          assert.equal(response.statusCode, 401)
          assert.equal(unescapeHtml(errorSummary(response.body)), SIGN_IN_FAILED_MESSAGE)
        }
        let right = await new Client(t.app, '192.0.2.100').signIn('lock@example.test', TEST_PASSWORD)
        if (right.statusCode === 429) {
          // Still within the first wait (1 s): the right password is refused like any other attempt.
          assert.equal(sessionCookie(right), undefined)
          assert.match(unescapeHtml(errorSummary(right.body)) ?? '', /^Too many attempts\. Try again in 1 second\.$/)
          await new Promise((resolve) => setTimeout(resolve, Number(right.headers['retry-after']) * 1000 + 50))
          right = await new Client(t.app, '192.0.2.100').signIn('lock@example.test', TEST_PASSWORD)
        }
        assert.equal(right.statusCode, 303)
        assert.ok(sessionCookie(right))

        const row = await t.database.db
          .selectFrom('users')
          .select(['locked_until', 'failed_sign_in_count'])
          .where('id', '=', user.id)
          .executeTakeFirstOrThrow()
        assert.equal(row.locked_until, null, 'never locked')
        assert.equal(row.failed_sign_in_count, 0, 'the right password ends the run of failures')

        const entries = await auditFor(user.id)
        const failures = entries.filter((e) => e.action === 'sign-in.failed')
        assert.deepEqual(
          failures.map((e) => (e.detail as { reason: string }).reason),
          Array<string>(MAX_FAILURES).fill('wrong password'),
        )
        assert.deepEqual(
          failures.map((e) => (e.detail as { consecutiveFailures: number }).consecutiveFailures),
          Array.from({ length: MAX_FAILURES }, (_, i) => i + 1),
        )
        assert.equal(entries.filter((e) => e.action === 'account.locked').length, 0)
      })

      it('a right password before the limit resets the count', async () => {
        await addUser(t.services, { email: 'reset-count@example.test', roles: ['investigator'] })
        for (let i = 0; i < MAX_FAILURES - 1; i++)
          await new Client(t.app).signIn('reset-count@example.test', 'wrong-password')
        assert.equal((await new Client(t.app).signIn('reset-count@example.test')).statusCode, 303)
        for (let i = 0; i < MAX_FAILURES - 1; i++)
          await new Client(t.app).signIn('reset-count@example.test', 'wrong-password')
        assert.equal((await new Client(t.app).signIn('reset-count@example.test')).statusCode, 303)
      })
    })

    describe('second factor', () => {
      it('a user who enabled a second factor must give a code, and a replayed code is refused', async () => {
        const user = await addUser(t.services, { email: 'totp@example.test', roles: ['investigator'] })
        const first = new Client(t.app)
        await first.signIn('totp@example.test')
        const secret = await enableSecondFactor(first, user.id)

        const client = new Client(t.app)
        const password = await client.signIn('totp@example.test')
        assert.equal(password.statusCode, 303)
        assert.equal(password.headers.location, '/sign-in/two-factor')
        // Half signed in: the service itself is out of reach until the code is given.
        const home = await client.get('/')
        assert.equal(home.statusCode, 303)
        assert.equal(home.headers.location, '/sign-in/two-factor')
        assert.equal((await client.get('/api/v1/me')).statusCode, 401)

        const wrong = await client.postForm('/sign-in/two-factor', {
          code: (await nextTotp(secret)) === '000000' ? '111111' : '000000',
        })
        assert.equal(wrong.statusCode, 401)

        const code = await nextTotp(secret)
        const accepted = await client.postForm('/sign-in/two-factor', { code })
        assert.equal(accepted.statusCode, 303)
        assert.equal(accepted.headers.location, '/')
        assert.equal((await client.get('/')).statusCode, 200)

        const replay = new Client(t.app)
        assert.equal((await replay.signIn('totp@example.test')).headers.location, '/sign-in/two-factor')
        const replayed = await replay.postForm('/sign-in/two-factor', { code })
        assert.equal(replayed.statusCode, 401)
        assert.equal((await replay.get('/')).headers.location, '/sign-in/two-factor')

        const actions = (await auditFor(user.id)).map((e) => e.action)
        assert.ok(actions.includes('second-factor.enabled'))
        assert.ok(actions.includes('sign-in.password-accepted'))
        assert.equal(actions.filter((a) => a === 'sign-in.failed').length, 2, 'the wrong and the replayed code')
      })

      it('sends an administrator to set up a second factor before anything else', async () => {
        const admin = await addUser(t.services, { email: 'new-admin@example.test', roles: ['administrator'] })
        const client = new Client(t.app)
        const response = await client.signIn('new-admin@example.test')
        assert.equal(response.statusCode, 303)
        assert.equal(response.headers.location, '/sign-in/set-up-two-factor')
        const [session] = await sessionRows(admin.id)
        assert.equal(session?.stage, 'second_factor_setup_required')

        for (const url of ['/', '/admin/users', '/account']) {
          const page = await client.get(url)
          assert.equal(page.statusCode, 303, url)
          assert.equal(page.headers.location, '/sign-in/set-up-two-factor', url)
        }
        assert.equal((await client.get('/api/v1/me')).statusCode, 401)

        const setUp = await client.get('/sign-in/set-up-two-factor')
        assert.equal(setUp.statusCode, 200)
        const secret = /data-testid="totp-secret">([^<]+)</.exec(setUp.body)?.[1]
        assert.ok(secret)
        const done = await client.postForm('/sign-in/set-up-two-factor', { code: await currentTotp(secret) })
        assert.equal(done.statusCode, 303)
        assert.equal(done.headers.location, '/')
        assert.equal((await client.get('/admin/users')).statusCode, 200)
      })
    })

    describe('sessions', () => {
      it('issues a new session id at sign-in and forgets the one the browser had', async () => {
        const user = await addUser(t.services, { email: 'rotate@example.test', roles: ['investigator'] })
        const client = new Client(t.app)
        const firstToken = sessionCookie(await client.signIn('rotate@example.test'))
        assert.ok(firstToken)
        // Signing in again from the same browser (the form is on every signed-in page's layout too).
        const again = await client.postForm(
          '/sign-in',
          { email: 'rotate@example.test', password: TEST_PASSWORD },
          '/account',
        )
        assert.equal(again.statusCode, 303)
        const secondToken = sessionCookie(again)
        assert.ok(secondToken)
        assert.notEqual(secondToken, firstToken)
        const rows = await sessionRows(user.id)
        assert.deepEqual(
          rows.map((r) => r.id_hash),
          [sha256Hex(secondToken)],
        )
        const withOld = await t.app.inject({ method: 'GET', url: '/', cookies: { [SESSION_COOKIE]: firstToken } })
        assert.equal(withOld.statusCode, 303)
        assert.match(String(withOld.headers.location), /^\/sign-in/)
      })

      it('a planted session cookie (session fixation) is not the one that becomes signed in', async () => {
        await addUser(t.services, { email: 'fixation@example.test', roles: ['investigator'] })
        const planted = 'attacker-chosen-token'
        const form = await t.app.inject({ method: 'GET', url: '/sign-in', cookies: { [SESSION_COOKIE]: planted } })
        const csrfCookie = form.cookies.find((c) => c.name === 'candour-csrf')?.value
        const csrfField = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1]
        assert.ok(csrfCookie && csrfField)
        const response = await t.app.inject({
          method: 'POST',
          url: '/sign-in',
          payload: new URLSearchParams({
            email: 'fixation@example.test',
            password: TEST_PASSWORD,
            _csrf: csrfField,
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          cookies: { [SESSION_COOKIE]: planted, 'candour-csrf': csrfCookie },
        })
        assert.equal(response.statusCode, 303)
        const issued = sessionCookie(response)
        assert.ok(issued)
        assert.notEqual(issued, planted)
        const withPlanted = await t.app.inject({ method: 'GET', url: '/', cookies: { [SESSION_COOKIE]: planted } })
        assert.equal(withPlanted.statusCode, 303)
        const withIssued = await t.app.inject({ method: 'GET', url: '/', cookies: { [SESSION_COOKIE]: issued } })
        assert.equal(withIssued.statusCode, 200)
      })

      it('the second factor rotates the session id again', async () => {
        const user = await addUser(t.services, { email: 'rotate-2fa@example.test', roles: ['investigator'] })
        const setup = new Client(t.app)
        await setup.signIn('rotate-2fa@example.test')
        const secret = await enableSecondFactor(setup, user.id)
        const client = new Client(t.app)
        const halfToken = sessionCookie(await client.signIn('rotate-2fa@example.test'))
        assert.ok(halfToken)
        const full = await client.postForm('/sign-in/two-factor', { code: await nextTotp(secret) })
        assert.equal(full.statusCode, 303)
        const fullToken = sessionCookie(full)
        assert.ok(fullToken)
        assert.notEqual(fullToken, halfToken)
        const halfRow = await t.database.db
          .selectFrom('sessions')
          .select('id_hash')
          .where('id_hash', '=', sha256Hex(halfToken))
          .executeTakeFirst()
        assert.equal(halfRow, undefined)
      })

      it('signing out ends the session', async () => {
        const user = await addUser(t.services, { email: 'out@example.test', roles: ['investigator'] })
        const client = new Client(t.app)
        const token = sessionCookie(await client.signIn('out@example.test'))
        assert.ok(token)
        assert.equal((await client.get('/')).statusCode, 200)
        const out = await client.postForm('/sign-out', {}, '/')
        assert.equal(out.statusCode, 303)
        assert.equal(out.headers.location, '/sign-in?signedOut=1')
        assert.equal(client.hasCookie(SESSION_COOKIE), false)
        assert.deepEqual(await sessionRows(user.id), [])
        // The old cookie, replayed, no longer signs anyone in.
        const replayed = await t.app.inject({ method: 'GET', url: '/', cookies: { [SESSION_COOKIE]: token } })
        assert.equal(replayed.statusCode, 303)
        assert.equal(replayed.headers.location, '/sign-in?returnTo=%2F')
        assert.ok((await auditFor(user.id)).some((e) => e.action === 'sign-out'))
      })

      it('signing out everywhere ends every session of that user, and only theirs', async () => {
        const user = await addUser(t.services, { email: 'everywhere@example.test', roles: ['investigator'] })
        await addUser(t.services, { email: 'bystander@example.test', roles: ['investigator'] })
        const laptop = new Client(t.app)
        const phone = new Client(t.app)
        const bystander = new Client(t.app)
        await laptop.signIn('everywhere@example.test')
        await phone.signIn('everywhere@example.test')
        await bystander.signIn('bystander@example.test')
        assert.equal((await sessionRows(user.id)).length, 2)

        const response = await laptop.postForm('/account/sign-out-everywhere', {}, '/account')
        assert.equal(response.statusCode, 303)
        assert.equal(response.headers.location, '/sign-in?signedOut=everywhere')
        assert.deepEqual(await sessionRows(user.id), [])
        assert.equal((await phone.get('/')).statusCode, 303)
        assert.equal((await laptop.get('/')).statusCode, 303)
        assert.equal((await bystander.get('/')).statusCode, 200)
        const entry = (await auditFor(user.id)).find((e) => e.action === 'sign-out.everywhere')
        assert.deepEqual(entry?.detail, { sessionsEnded: 2 })
      })

      it('ends a session left idle for longer than the idle limit', async () => {
        const user = await addUser(t.services, { email: 'idle@example.test', roles: ['investigator'] })
        const client = new Client(t.app)
        const token = sessionCookie(await client.signIn('idle@example.test'))
        assert.ok(token)
        const idleMs = t.config.session.idleMinutes * 60_000

        // Just inside the limit: still signed in, and the visit counts as activity.
        const almost = new Date(Date.now() - idleMs + 5 * 60_000)
        await t.database.db
          .updateTable('sessions')
          .set({ last_seen_at: almost })
          .where('id_hash', '=', sha256Hex(token))
          .execute()
        assert.equal((await client.get('/')).statusCode, 200)
        const touched = (await sessionRows(user.id))[0]
        assert.ok(touched && new Date(touched.last_seen_at) > almost, 'the visit moved last_seen_at on')

        // Past the limit: signed out, and the session is gone.
        await t.database.db
          .updateTable('sessions')
          .set({ last_seen_at: new Date(Date.now() - idleMs - 60_000) })
          .where('id_hash', '=', sha256Hex(token))
          .execute()
        const page = await client.get('/')
        assert.equal(page.statusCode, 303)
        assert.equal(page.headers.location, '/sign-in?returnTo=%2F')
        assert.deepEqual(await sessionRows(user.id), [])
      })

      it('ends a session past its absolute expiry, however active', async () => {
        const user = await addUser(t.services, { email: 'absolute@example.test', roles: ['investigator'] })
        const client = new Client(t.app)
        const token = sessionCookie(await client.signIn('absolute@example.test'))
        assert.ok(token)
        const [row] = await sessionRows(user.id)
        assert.ok(row)
        const lifetime = new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()
        assert.equal(lifetime, t.config.session.absoluteHours * 3_600_000)

        await t.database.db
          .updateTable('sessions')
          .set({
            created_at: new Date(Date.now() - lifetime - 60_000),
            expires_at: new Date(Date.now() - 60_000),
            last_seen_at: new Date(),
          })
          .where('id_hash', '=', sha256Hex(token))
          .execute()
        const page = await client.get('/')
        assert.equal(page.statusCode, 303)
        assert.match(String(page.headers.location), /^\/sign-in/)
        assert.deepEqual(await sessionRows(user.id), [])
      })

      it('a disabled account’s session stops working at once', async () => {
        const user = await addUser(t.services, { email: 'disabled-session@example.test', roles: ['investigator'] })
        const client = new Client(t.app)
        await client.signIn('disabled-session@example.test')
        assert.equal((await client.get('/')).statusCode, 200)
        await t.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', user.id).execute()
        assert.equal((await client.get('/')).statusCode, 303)
      })
    })
  })
}
