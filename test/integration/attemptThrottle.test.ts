/**
 * Anti-automation across instances (issue 10, ADR 0026): TWO app instances on ONE database share
 * the counters — failures on one make the other answer 429 with a right Retry-After — per account
 * and per client address; the authenticator-code step and API tokens count on the same counters; a
 * success after the wait works; a success never uses anything up; and a person on a device they
 * have signed in on before is never kept waiting by anyone else's failures. The production numbers
 * throughout (no SIGN_IN_* overrides): 5 failures free per account, 20 per address.
 */
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../src/app.js'
import { accountKey, addressKey } from '../../src/services/attemptThrottle.js'
import { services as buildServices } from '../../src/services/index.js'
import { currentTotp, newTotpSecret } from '../../src/services/security/totp.js'
import { fileSystemDocumentStore } from '../../src/services/storage/fileSystemDocumentStore.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { problemContract } from '../support/problemContract.js'

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000 + 50))
const errorSummary = (body: string) => /govuk-error-summary__list[\s\S]*?<a[^>]*>([^<]+)<\/a>/.exec(body)?.[1]?.trim()
const retryAfter = (response: LightMyRequestResponse) => Number(response.headers['retry-after'])

/** Keeps failing (waiting out each refusal) until `count` failures have been counted. */
async function failUntilCounted(attempt: () => Promise<LightMyRequestResponse>, count: number, failed: number) {
  let counted = 0
  while (counted < count) {
    const response = await attempt()
    if (response.statusCode === 429) await sleep(retryAfter(response))
    else {
      assert.equal(response.statusCode, failed)
      counted++
    }
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`the attempt throttle across instances (${kind})`, () => {
    let t: TestApp
    let second: FastifyInstance
    let secondDocuments: string

    before(async () => {
      t = await startTestApp(kind)
      // A second instance of the service on the same database, as behind a load balancer.
      secondDocuments = await mkdtemp(path.join(os.tmpdir(), 'candour-test-documents-'))
      const services = buildServices(t.database.db, t.config, {
        documentStore: fileSystemDocumentStore(secondDocuments),
      })
      second = await buildApp(t.config, services, { onSend: problemContract })
      await second.ready()
    })
    after(async () => {
      await second.close()
      await t.close()
      await rm(secondDocuments, { recursive: true, force: true })
    })

    const audit = (action: string) =>
      t.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('seq').execute()

    it('per account: failures on one instance make the other wait (429, Retry-After), the code step too; the owner’s own device does not wait', async () => {
      const email = `owner-${kind}@example.test`
      const user = await addUser(t.services, { email, roles: ['investigator'] })
      const secret = newTotpSecret()
      await t.database.db
        .updateTable('users')
        .set({ totp_secret: secret, totp_enabled_at: new Date() })
        .where('id', '=', user.id)
        .execute()

      // The owner signs in on their laptop, which the service then knows (the device cookie).
      const laptop = new Client(t.app, '192.0.2.10')
      assert.equal((await laptop.signIn(email)).headers.location, '/sign-in/two-factor')
      const signedIn = await laptop.postForm('/sign-in/two-factor', { code: await currentTotp(secret) })
      assert.equal(signedIn.statusCode, 303)
      assert.ok(laptop.hasCookie('candour-device'))
      // Someone with the password, on a phone the service does not know, is half-way through.
      const phone = new Client(second, '192.0.2.11')
      assert.equal((await phone.signIn(email)).headers.location, '/sign-in/two-factor')

      // An attacker guesses from many addresses on instance 1: 5 free, then waits of 1 s, 2 s, 4 s.
      let n = 0
      await failUntilCounted(() => new Client(t.app, `198.51.100.${++n}`).signIn(email, `guess-${n}`), 7, 401)

      // Instance 2 knows at once: the right password from a new address must wait, and says how long.
      const refused = await new Client(second, '203.0.113.7').signIn(email)
      assert.equal(refused.statusCode, 429)
      const wait = retryAfter(refused)
      assert.ok(wait >= 1 && wait <= 4, `Retry-After ${wait}`)
      assert.equal(
        errorSummary(refused.body),
        `Too many attempts. Try again in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`,
      )
      assert.equal(
        refused.cookies.find((c) => c.name === 'candour-session'),
        undefined,
      )
      // The code step counts on the same account: refused too, before the code is looked at.
      const code = await phone.postForm('/sign-in/two-factor', { code: '000000' })
      assert.equal(code.statusCode, 429)
      assert.ok(retryAfter(code) >= 1 && retryAfter(code) <= 4)
      assert.match(errorSummary(code.body) ?? '', /^Too many attempts\. Try again in \d+ seconds?\.$/)

      // The owner's laptop is known: nobody else's failures keep them out, on either instance.
      const owner = laptop.on(second, ['candour-session']) // signed out, the device remembered
      assert.equal((await owner.signIn(email)).headers.location, '/sign-in/two-factor')
      const next = await currentTotp(secret, Math.floor(Date.now() / 1000) + 30)
      assert.equal((await owner.postForm('/sign-in/two-factor', { code: next })).statusCode, 303)

      const refusals = (await audit('attempts.refused')).filter((e) => e.entity_id === user.id)
      assert.ok(refusals.length >= 1, 'the refusal is audited')
      assert.deepEqual(
        (refusals[0]!.detail as { flow: string; limitedBy: string }).limitedBy,
        'account',
        'the account was what had to wait',
      )
      const row = await t.database.db
        .selectFrom('users')
        .select(['locked_until'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.locked_until, null, 'no lock: waits, which nobody can stretch past the cap')

      // After the wait, the right password works from anywhere.
      await sleep(wait)
      const later = await new Client(second, '203.0.113.7').signIn(email)
      assert.equal(later.statusCode, 303)
      assert.equal(later.headers.location, '/sign-in/two-factor')
    })

    it('per address: failures there (any account, any API token) make both instances refuse that address, and only it', async () => {
      const address = '198.18.0.1'
      const email = `neighbour-${kind}@example.test`
      await addUser(t.services, { email, roles: ['investigator'] })
      const owner = new Client(t.app, address)
      assert.equal((await owner.signIn(email)).statusCode, 303) // a known device from this address
      const { secret } = await t.services.apiTokens.create(
        (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id,
        { name: 'integration', scopes: ['read'] },
        { actor: null, requestId: null },
      )
      // 20 failures are free per address: bad API tokens are the cheapest to send.
      const badToken = () =>
        t.app.inject({
          method: 'GET',
          url: '/api/v1/me',
          remoteAddress: address,
          headers: { authorization: 'Bearer cnd_not-a-real-token' },
        })
      for (let i = 0; i < 20; i++) assert.equal((await badToken()).statusCode, 401)
      await failUntilCounted(badToken, 2, 401) // then 1 s and 2 s: the next must wait 4 s

      // Instance 2: a sign-in from that address is refused before the password is looked at …
      const signIn = await new Client(second, address).signIn(email)
      assert.equal(signIn.statusCode, 429)
      assert.ok(retryAfter(signIn) >= 1 && retryAfter(signIn) <= 4, `Retry-After ${retryAfter(signIn)}`)
      // … and so is another bad token, as problem+json.
      const api = await second.inject({
        method: 'GET',
        url: '/api/v1/me',
        remoteAddress: address,
        headers: { authorization: 'Bearer cnd_still-not-a-token' },
      })
      assert.equal(api.statusCode, 429)
      assert.match(String(api.headers['content-type']), /^application\/problem\+json/)
      assert.ok(retryAfter(api) >= 1 && retryAfter(api) <= 4)
      const problem = api.json() as { type: string; status: number; detail: string }
      assert.equal(problem.status, 429)
      assert.match(problem.type, /too-many-attempts$/)
      assert.match(problem.detail, /^Too many attempts\. Try again in \d+ seconds?\.$/)
      // A real token is too long to guess, so it is never held up; nor is the person on a known device.
      const good = await second.inject({
        method: 'GET',
        url: '/api/v1/me',
        remoteAddress: address,
        headers: { authorization: `Bearer ${secret}` },
      })
      assert.equal(good.statusCode, 200)
      assert.equal((await owner.on(second, ['candour-session']).signIn(email)).statusCode, 303)
      // Another address is not affected.
      assert.equal((await new Client(second, '198.18.0.2').signIn(email)).statusCode, 303)
      const refusals = (await audit('attempts.refused')).filter(
        (e) => (e.detail as { limitedBy: string }).limitedBy === 'address',
      )
      assert.ok(refusals.some((e) => (e.detail as { flow: string }).flow === 'api-token'))
    })

    it('counts failures only: successes use nothing up, and the counters hold no address or e-mail in the clear', async () => {
      const email = `often-${kind}@example.test`
      await addUser(t.services, { email, roles: ['investigator'] })
      const address = '198.18.0.50'
      for (let i = 0; i < 3; i++) assert.equal((await new Client(t.app, address).signIn(email)).statusCode, 303)
      assert.equal((await new Client(second, address).signIn(email, 'wrong')).statusCode, 401)
      const rows = await t.database.db
        .selectFrom('attempt_throttles')
        .selectAll()
        .where('key_hash', 'in', [addressKey(address).keyHash, accountKey(email).keyHash])
        .execute()
      assert.deepEqual(rows.map((r) => [r.kind, r.failures]).sort(), [
        ['account', 1],
        ['address', 1],
      ])
      const all = JSON.stringify(await t.database.db.selectFrom('attempt_throttles').selectAll().execute())
      assert.ok(!all.includes(address) && !all.includes(email))
      // The sweep forgets counters long quiet.
      const purged = await t.services.housekeeping.purgeExpired(new Date(Date.now() + 25 * 3_600_000))
      assert.ok(purged.attemptCounters >= 2)
      assert.equal(await t.database.db.selectFrom('attempt_throttles').select('key_hash').executeTakeFirst(), undefined)
    })

    it('invitation links: a link that names no invitation counts against the address', async () => {
      const address = '198.18.0.99'
      const client = new Client(second, address)
      // Unknown links cost a failure each (410, as any unusable link); past the free ones the address must wait.
      const token = await client.csrfToken('/sign-in')
      let i = 0
      await failUntilCounted(
        () => client.postFormWithToken(`/portal/invitations/not-a-token-${++i}`, { password: 'x' }, token),
        22,
        410,
      )
      const refused = await client.postFormWithToken('/portal/invitations/not-a-token-last', { password: 'x' }, token)
      assert.equal(refused.statusCode, 429)
      assert.ok(retryAfter(refused) >= 1 && retryAfter(refused) <= 4)
      assert.match(refused.body, /Too many attempts\. Try again in \d+ seconds?\./)
    })
  })
}
