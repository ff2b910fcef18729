import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import pg from 'pg'
import { runCli } from '../../src/cli/candour.js'
import { loadConfig } from '../../src/config.js'
import { startRuntime } from '../../src/runtime.js'
import { sha256Hex } from '../../src/services/security/tokens.js'
import { NotFound, Forbidden } from '../../src/services/errors.js'
import { systemContext } from '../../src/services/context.js'
import { API_TOKEN_PREFIX } from '../../src/services/apiTokens.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, TEST_PASSWORD, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'

const tokenOnPage = (body: string) => /data-testid="api-token">([^<]+)</.exec(body)?.[1]

for (const kind of DATABASE_KINDS) {
  describe(`personal API tokens (${kind})`, () => {
    let t: TestApp
    let ivyId: string
    let otherId: string
    before(async () => {
      t = await startTestApp(kind)
      ivyId = (await addUser(t.services, { email: 'ivy@example.test', roles: ['investigator'] })).id
      otherId = (await addUser(t.services, { email: 'oscar@example.test', roles: ['lead_investigator'] })).id
      await addUser(t.services, {
        email: 'aa@example.test',
        roles: ['appropriate_authority'],
        organisationCode: 'NORTHSHIRE',
      })
    })
    after(() => t.close())

    it('creates a token on the account pages, shows it once, and stores only its SHA-256', async () => {
      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      const account = await client.get('/account')
      assert.match(account.body, /href="\/account\/api-tokens"/)
      const empty = await client.get('/account/api-tokens')
      assert.equal(empty.statusCode, 200)
      assert.match(empty.body, /You have no API tokens/)

      const invalid = await client.postForm('/account/api-tokens/new', { name: '  ', access: 'read', expiry: '90' })
      assert.equal(invalid.statusCode, 400)
      assert.match(invalid.body, /govuk-error-summary/)
      assert.match(invalid.body, /href="#name">Enter a name for the token/)

      const created = await client.postForm('/account/api-tokens/new', {
        name: 'Deadlines report',
        access: 'read',
        expiry: '30',
      })
      assert.equal(created.statusCode, 200)
      const secret = tokenOnPage(created.body)
      assert.ok(secret?.startsWith(API_TOKEN_PREFIX), 'the page shows the token')

      const rows = await t.database.db.selectFrom('api_tokens').selectAll().where('user_id', '=', ivyId).execute()
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.token_hash, sha256Hex(secret!))
      assert.deepEqual(rows[0]!.scopes, ['read'])
      const expires = new Date(rows[0]!.expires_at!).getTime()
      assert.ok(Math.abs(expires - (Date.now() + 30 * 86_400_000)) < 60_000, 'expires in 30 days')
      const stored = JSON.stringify(await t.database.db.selectFrom('audit_log').selectAll().execute())
      assert.ok(!stored.includes(secret!), 'the secret is in no audit entry')
      assert.match(stored, /api-token\.created/)

      const list = await client.get('/account/api-tokens')
      assert.match(list.body, /Deadlines report/)
      assert.match(list.body, /Read only/)
      assert.match(list.body, /Active/)
      assert.ok(!list.body.includes(secret!), 'the list never shows the secret')
    })

    it('authenticates API requests with the token, records its use, and refuses it once revoked', async () => {
      const { token, secret } = await createToken(t.services, ivyId, { name: 'to revoke' })
      const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(secret) })
      assert.equal(me.statusCode, 200)
      assert.equal(me.json().email, 'ivy@example.test')
      await assertMatchesContract(t.app, 'getCurrentUser', me)
      const used = await t.database.db
        .selectFrom('api_tokens')
        .select('last_used_at')
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow()
      assert.ok(used.last_used_at, 'last_used_at is recorded')

      const client = new Client(t.app)
      await client.signIn('ivy@example.test')
      const revoke = await client.postForm(`/account/api-tokens/${token.id}/revoke`, {}, '/account/api-tokens')
      assert.equal(revoke.statusCode, 303)
      assert.equal(revoke.headers.location, '/account/api-tokens')
      const list = await client.get('/account/api-tokens')
      assert.match(list.body, /The token is revoked/)
      assert.match(list.body, /Revoked/)

      const refused = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(secret) })
      assert.equal(refused.statusCode, 401)
      assert.match(String(refused.headers['content-type']), /application\/problem\+json/)
      assert.match(String(refused.headers['www-authenticate']), /invalid_token/)
      await assertMatchesContract(t.app, 'getCurrentUser', refused)
    })

    it('lists only the person’s own tokens, and nobody revokes another’s', async () => {
      const mine = await createToken(t.services, ivyId, { name: 'ivy only' })
      const theirs = await createToken(t.services, otherId, { name: 'oscar only' })
      const ivy = {
        actor: { userId: ivyId, roles: ['investigator' as const], organisationId: mine.token.id },
        requestId: null,
      }
      const listed = await t.services.apiTokens.list(ivyId, ivy)
      assert.ok(listed.some((x) => x.name === 'ivy only'))
      assert.ok(!listed.some((x) => x.name === 'oscar only'))
      await assert.rejects(t.services.apiTokens.list(otherId, ivy), Forbidden)
      await assert.rejects(t.services.apiTokens.revoke(theirs.token.id, ivy), NotFound)
      const api = await t.app.inject({
        method: 'GET',
        url: `/api/v1/api-tokens/${theirs.token.id}`,
        headers: bearer(mine.secret),
      })
      assert.equal(api.statusCode, 404)
      const apiList = await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer(mine.secret) })
      assert.equal(apiList.statusCode, 200)
      await assertMatchesContract(t.app, 'listApiTokens', apiList)
      assert.ok(apiList.json().items.every((x: { name: string }) => x.name !== 'oscar only'))
    })

    it('refuses the pages, and tokens, to people whose role may not hold them', async () => {
      for (const [email, roles] of [
        ['family@example.test', ['interested_person']],
        ['subject@example.test', ['subject']],
      ] as const) {
        await addUser(t.services, { email, roles: [...roles] })
        const client = new Client(t.app)
        await client.signIn(email)
        const page = await client.get('/account/api-tokens')
        assert.equal(page.statusCode, 403, email)
        const account = await client.get('/account')
        assert.doesNotMatch(account.body, /href="\/account\/api-tokens"/)
        const id = await t.services.users.findIdByEmail(email, systemContext())
        await assert.rejects(createToken(t.services, id), Forbidden)
      }
    })

    it('gives a force’s professional standards department tokens on its account page, acting with its access only', async () => {
      const client = new Client(t.app)
      await client.signIn('aa@example.test')
      const account = await client.get('/account')
      assert.match(account.body, /href="\/account\/api-tokens"/)
      const created = await client.postForm('/account/api-tokens/new', {
        name: 'PSD case system',
        access: 'write',
        expiry: '90',
      })
      assert.equal(created.statusCode, 200, created.body)
      const secret = tokenOnPage(created.body)
      assert.ok(secret?.startsWith(API_TOKEN_PREFIX))
      const reports = await t.app.inject({ method: 'GET', url: '/api/v1/authority/reports', headers: bearer(secret!) })
      assert.equal(reports.statusCode, 200)
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/investigations', headers: bearer(secret!) })
      assert.equal(list.statusCode, 403, 'no more than the force’s access')
    })

    it('refuses a token for a disabled account, and one past its expiry', async () => {
      const user = await addUser(t.services, { email: 'temp@example.test', roles: ['case_worker'] })
      const { secret } = await createToken(t.services, user.id)
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(secret) })).statusCode, 200)
      await t.services.users.disable(user.id, systemContext())
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(secret) })).statusCode, 401)

      const expiring = await createToken(t.services, ivyId, { expiresAt: new Date(Date.now() + 60_000) })
      await t.database.db
        .updateTable('api_tokens')
        .set({ expires_at: new Date(Date.now() - 1000) })
        .where('id', '=', expiring.token.id)
        .execute()
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: bearer(expiring.secret) })).statusCode,
        401,
      )
      const listed = await t.services.apiTokens.list(ivyId, systemContext())
      assert.equal(listed.find((x) => x.id === expiring.token.id)?.status, 'expired')
    })
  })
}

/** The CLI opens its own database from the environment, as an operator's would. */
for (const kind of DATABASE_KINDS) {
  describe(`candour tokens (${kind})`, () => {
    const saved = {
      DATABASE_URL: process.env.DATABASE_URL,
      CANDOUR_DATA_DIR: process.env.CANDOUR_DATA_DIR,
      LOG_LEVEL: process.env.LOG_LEVEL,
    }
    let cleanup: () => Promise<void> = async () => {}
    before(async () => {
      process.env.LOG_LEVEL = 'silent'
      if (kind === 'pglite') {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-cli-'))
        delete process.env.DATABASE_URL
        process.env.CANDOUR_DATA_DIR = dir
        cleanup = async () => fs.rmSync(dir, { recursive: true, force: true })
      } else {
        const admin = process.env.TEST_DATABASE_URL!
        const name = `candour_cli_${randomBytes(6).toString('hex')}`
        const client = new pg.Client({ connectionString: admin })
        await client.connect()
        await client.query(`create database ${name}`)
        await client.end()
        const url = new URL(admin)
        url.pathname = `/${name}`
        process.env.DATABASE_URL = url.toString()
        cleanup = async () => {
          const drop = new pg.Client({ connectionString: admin })
          await drop.connect()
          await drop.query(`drop database if exists ${name} with (force)`)
          await drop.end()
        }
      }
    })
    after(async () => {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
      await cleanup()
    })

    it('creates, lists and revokes a token', async () => {
      const lines: string[] = []
      const run = async (...argv: string[]) => {
        lines.length = 0
        return runCli(argv, (line) => lines.push(line))
      }
      // The operator's database needs an organisation and a person first.
      const runtime = await startRuntime(loadConfig())
      await runtime.services.organisations.ensure(
        { code: 'OVERSIGHT', name: 'Oversight body', kind: 'oversight_body' },
        systemContext(),
      )
      await runtime.services.organisations.ensure(
        { code: 'NORTHSHIRE', name: 'Northshire Police', kind: 'police_force' },
        systemContext(),
      )
      await runtime.services.users.add(
        {
          email: 'psd@example.test',
          displayName: 'Psd User',
          roles: ['appropriate_authority'],
          organisationCode: 'NORTHSHIRE',
          password: TEST_PASSWORD,
        },
        systemContext(),
      )
      await runtime.services.users.add(
        {
          email: 'cli@example.test',
          displayName: 'Cli User',
          roles: ['investigator'],
          organisationCode: 'OVERSIGHT',
          password: TEST_PASSWORD,
        },
        systemContext(),
      )
      await runtime.close()
      assert.equal(
        await run(
          'tokens',
          'create',
          '--email',
          'cli@example.test',
          '--name',
          'nightly export',
          '--write',
          '--expires-days',
          '7',
        ),
        0,
        lines.join('\n'),
      )
      const id = /Created token ([0-9a-f-]{36})/.exec(lines.join('\n'))?.[1]
      assert.ok(id, lines.join('\n'))
      assert.match(lines.join('\n'), new RegExp(`Token \\(shown once\\): ${API_TOKEN_PREFIX}`))
      assert.equal(await run('tokens', 'list', '--email', 'cli@example.test'), 0)
      assert.match(lines.join('\n'), new RegExp(`${id}\\tnightly export\\tread\\+write\\tactive`))
      assert.equal(await run('tokens', 'revoke', '--id', id), 0)
      assert.equal(await run('tokens', 'list', '--email', 'cli@example.test'), 0)
      assert.match(lines.join('\n'), /\trevoked\t/)
      assert.equal(await run('tokens', 'create', '--email', 'cli@example.test'), 2, 'a missing --name is a usage error')
      assert.equal(
        await run('tokens', 'create', '--email', 'psd@example.test', '--name', 'PSD system', '--write'),
        0,
        lines.join('\n'),
      )
      assert.match(lines.join('\n'), new RegExp(`Token \\(shown once\\): ${API_TOKEN_PREFIX}`))
    })
  })
}
