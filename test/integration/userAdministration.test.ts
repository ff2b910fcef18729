import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { Actor } from '../../src/domain/policy.js'
import { ROLES } from '../../src/domain/roles.js'
import type { RequestContext } from '../../src/services/context.js'
import { Conflict, Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, startTestApp, TEST_PASSWORD, type TestApp } from '../support/app.js'

for (const kind of DATABASE_KINDS) {
  describe(`user administration (${kind})`, () => {
    let t: TestApp
    let admin: RequestContext
    let investigator: RequestContext

    before(async () => {
      t = await startTestApp(kind)
      const a = await addUser(t.services, { email: 'admin@example.test', roles: ['administrator'] })
      const i = await addUser(t.services, { email: 'investigator@example.test', roles: ['investigator'] })
      const actor = (u: typeof a): Actor => ({
        userId: u.id,
        roles: u.roles as Actor['roles'],
        organisationId: u.organisationId,
      })
      admin = { actor: actor(a), requestId: 'test-admin' }
      investigator = { actor: actor(i), requestId: 'test-investigator' }
    })
    after(() => t.close())

    const auditOf = (userId: string, action?: string) => {
      let q = t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', userId)
      if (action) q = q.where('action', '=', action)
      return q.orderBy('seq').execute()
    }
    const userRow = (id: string) =>
      t.database.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    const sessionCount = async (userId: string) =>
      (await t.database.db.selectFrom('sessions').select('id_hash').where('user_id', '=', userId).execute()).length
    const signIn = (email: string, password = TEST_PASSWORD) =>
      t.services.authentication.signIn({ email, password }, { actor: null, requestId: null })

    /** No audit entry for this user may carry a password hash or a TOTP secret, under any key or as any value. */
    async function assertNoSecretsAudited(userId: string) {
      const row = await userRow(userId)
      const text = JSON.stringify((await auditOf(userId)).map((e) => e.detail))
      assert.doesNotMatch(text, /password_hash|totp_secret|\$argon2/)
      if (row.password_hash) assert.ok(!text.includes(row.password_hash))
      if (row.totp_secret) assert.ok(!text.includes(row.totp_secret))
    }

    it('adds a user, generating a one-time password when none is given, and audits it', async () => {
      const { user, initialPassword } = await t.services.users.add(
        {
          email: ' New.Person@Example.TEST ',
          displayName: 'New Person',
          roles: ['case_worker', 'case_worker'],
          organisationCode: 'OVERSIGHT',
        },
        admin,
      )
      assert.equal(user.email, 'new.person@example.test')
      assert.deepEqual(user.roles, ['case_worker'])
      assert.equal(user.status, 'active')
      assert.equal(user.version, 1)
      assert.match(initialPassword, /^[a-z0-9]{5}(-[a-z0-9]{5}){3}$/)
      assert.equal((await signIn('new.person@example.test', initialPassword)).ok, true)

      const [created] = await auditOf(user.id, 'user.created')
      assert.equal(created?.actor_user_id, admin.actor!.userId)
      assert.equal(created?.request_id, 'test-admin')
      assert.deepEqual(created?.detail, {
        after: { roles: ['case_worker'], organisation: 'OVERSIGHT', status: 'active' },
      })
      await assertNoSecretsAudited(user.id)
    })

    it('lists users in e-mail order, a page at a time', async () => {
      const all = await t.services.users.list(admin)
      const emails = all.map((u) => u.email)
      assert.deepEqual(emails, [...emails].sort())
      assert.ok(emails.includes('admin@example.test') && emails.includes('investigator@example.test'))
      const firstTwo = await t.services.users.list(admin, { limit: 2 })
      const next = await t.services.users.list(admin, { limit: 2, afterEmail: firstTwo[1]!.email })
      assert.deepEqual(
        [...firstTwo, ...next].map((u) => u.email),
        emails.slice(0, 4),
      )
    })

    it('refuses a duplicate e-mail address, whatever its case, as a validation failure', async () => {
      await addUser(t.services, { email: 'dupe@example.test', roles: ['investigator'] })
      await assert.rejects(
        t.services.users.add(
          { email: 'DUPE@example.test', displayName: 'Dupe', roles: ['investigator'], organisationCode: 'OVERSIGHT' },
          admin,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems.some((p) => p.path === 'email'),
      )
    })

    it('refuses a duplicate added at the same moment as a validation failure, not a database error', async () => {
      const attempt = () =>
        t.services.users.add(
          {
            email: 'race@example.test',
            displayName: 'Race',
            roles: ['investigator'],
            organisationCode: 'OVERSIGHT',
            password: TEST_PASSWORD,
          },
          admin,
        )
      let results: PromiseSettledResult<unknown>[]
      if (kind === 'postgres') {
        // Hold back inserts until both attempts have checked for the address and are waiting to
        // insert, so they truly race (PGlite has one connection, so there it cannot happen).
        results = await t.database.db
          .transaction()
          .execute(async (trx) => {
            await sql`lock table users in share row exclusive mode`.execute(trx)
            const settled = Promise.allSettled([attempt(), attempt()])
            for (;;) {
              // Activity statistics are a snapshot per transaction unless cleared.
              await sql`select pg_stat_clear_snapshot()`.execute(trx)
              const waiting = await sql<{ n: number }>`
              select count(*)::int as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "users"%'`.execute(
                trx,
              )
              if (waiting.rows[0]!.n >= 2) break
              await new Promise((r) => setTimeout(r, 10))
            }
            return { settled }
          })
          .then((r) => r.settled)
      } else {
        results = await Promise.allSettled([attempt(), attempt()])
      }
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      for (const r of results) {
        if (r.status === 'rejected')
          assert.ok(r.reason instanceof ValidationFailed, `expected ValidationFailed, got ${String(r.reason)}`)
      }
    })

    it('refuses bad input with field problems', async () => {
      await assert.rejects(
        t.services.users.add({ email: 'not-an-email', displayName: '', roles: [], organisationCode: 'NOWHERE' }, admin),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          ['email', 'displayName', 'roles'].every((f) => e.problems.some((p) => p.path === f)),
      )
      await assert.rejects(
        t.services.users.add(
          { email: 'orphan@example.test', displayName: 'Orphan', roles: ['investigator'], organisationCode: 'NOWHERE' },
          admin,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]?.path === 'organisationCode',
      )
    })

    it('disabling ends the user’s sessions and is audited with before and after; enabling restores sign-in', async () => {
      const user = await addUser(t.services, { email: 'disable-me@example.test', roles: ['investigator'] })
      assert.equal((await signIn('disable-me@example.test')).ok, true)
      assert.equal((await signIn('disable-me@example.test')).ok, true)
      assert.equal(await sessionCount(user.id), 2)

      // The version the administrator's page was opened at: the user signing in since is no edit.
      const disabled = await t.services.users.disable(user.id, admin, user.version)
      assert.equal(disabled.status, 'disabled')
      assert.equal(disabled.version, user.version + 1)
      assert.equal(await sessionCount(user.id), 0)
      assert.equal((await signIn('disable-me@example.test')).ok, false)
      const [entry] = await auditOf(user.id, 'user.disabled')
      assert.deepEqual(entry?.detail, {
        before: { status: 'active' },
        after: { status: 'disabled' },
        sessionsEnded: true,
      })
      assert.equal(entry?.actor_user_id, admin.actor!.userId)

      const enabled = await t.services.users.enable(user.id, admin, disabled.version)
      assert.equal(enabled.status, 'active')
      assert.equal((await signIn('disable-me@example.test')).ok, true)
      const [enabledEntry] = await auditOf(user.id, 'user.enabled')
      assert.deepEqual((enabledEntry?.detail as { before: unknown }).before, {
        status: 'disabled',
        failed_sign_in_count: 0,
        locked_until: null,
      })
      assert.deepEqual((enabledEntry?.detail as { after: { status: string } }).after.status, 'active')
      await assertNoSecretsAudited(user.id)
    })

    it('failed sign-ins do not make an administrator’s open form stale', async () => {
      const user = await addUser(t.services, { email: 'under-attack@example.test', roles: ['investigator'] })
      for (let i = 0; i < 3; i++) assert.equal((await signIn('under-attack@example.test', 'a-wrong-guess')).ok, false)
      assert.equal((await userRow(user.id)).failed_sign_in_count, 3)
      const disabled = await t.services.users.disable(user.id, admin, user.version)
      assert.equal(disabled.status, 'disabled')
    })

    it('an administrator cannot disable their own account', async () => {
      await assert.rejects(t.services.users.disable(admin.actor!.userId, admin), Forbidden)
      assert.equal((await userRow(admin.actor!.userId)).status, 'active')
    })

    it('a stale version is a Conflict and changes nothing', async () => {
      const user = await addUser(t.services, { email: 'stale@example.test', roles: ['investigator'] })
      await t.services.users.setRoles(user.id, ['lead_investigator'], admin, user.version)
      const auditedBefore = (await auditOf(user.id)).length
      await assert.rejects(t.services.users.disable(user.id, admin, user.version), Conflict)
      await assert.rejects(t.services.users.setRoles(user.id, ['decision_maker'], admin, user.version), Conflict)
      const row = await userRow(user.id)
      assert.equal(row.status, 'active')
      assert.deepEqual(row.roles, ['lead_investigator'])
      assert.equal(row.version, user.version + 1)
      assert.equal((await auditOf(user.id)).length, auditedBefore)
    })

    it('resetting a password sets a new one, unlocks, ends sessions, and never audits the hash', async () => {
      const user = await addUser(t.services, { email: 'reset@example.test', roles: ['investigator'] })
      await signIn('reset@example.test')
      await t.database.db
        .updateTable('users')
        .set({ failed_sign_in_count: 2, locked_until: new Date(Date.now() + 600_000) })
        .where('id', '=', user.id)
        .execute()
      const { user: after, password } = await t.services.users.resetPassword(user.id, admin)
      assert.equal(after.lockedUntil, null)
      assert.equal(await sessionCount(user.id), 0)
      assert.equal((await signIn('reset@example.test', TEST_PASSWORD)).ok, false)
      assert.equal((await signIn('reset@example.test', password)).ok, true)

      const [entry] = await auditOf(user.id, 'user.password-reset')
      const detail = entry?.detail as {
        before: Record<string, unknown>
        after: Record<string, unknown>
        sessionsEnded: boolean
      }
      assert.deepEqual(Object.keys(detail.before).sort(), ['failed_sign_in_count', 'locked_until'])
      assert.deepEqual(detail.after, { failed_sign_in_count: 0, locked_until: null })
      assert.equal(detail.sessionsEnded, true)
      await assertNoSecretsAudited(user.id)

      await assert.rejects(t.services.users.resetPassword(user.id, admin, 'short'), ValidationFailed)
    })

    it('setting roles replaces them, ends sessions, and audits before and after', async () => {
      const user = await addUser(t.services, { email: 'roles@example.test', roles: ['investigator'] })
      await signIn('roles@example.test')
      const after = await t.services.users.setRoles(user.id, ['case_worker', 'decision_maker'], admin)
      assert.deepEqual(after.roles, ['case_worker', 'decision_maker'])
      assert.equal(await sessionCount(user.id), 0)
      const [entry] = await auditOf(user.id, 'user.roles-changed')
      assert.deepEqual(entry?.detail, {
        before: { roles: ['investigator'] },
        after: { roles: ['case_worker', 'decision_maker'] },
        sessionsEnded: true,
      })
      await assert.rejects(t.services.users.setRoles(user.id, [], admin), ValidationFailed)
    })

    it('resetting the second factor removes it, ends sessions, and never audits the secret', async () => {
      const user = await addUser(t.services, { email: 'lost-phone@example.test', roles: ['investigator'] })
      const { secret } = await t.services.authentication.beginSecondFactorSetup(user.id)
      await t.database.db
        .updateTable('users')
        .set({ totp_enabled_at: new Date(), totp_last_time_step: 1 })
        .where('id', '=', user.id)
        .execute()
      assert.equal((await signIn('lost-phone@example.test')).ok, true)
      assert.equal((await t.services.users.get(user.id, admin)).secondFactorEnabled, true)

      const after = await t.services.users.resetSecondFactor(user.id, admin)
      assert.equal(after.secondFactorEnabled, false)
      const row = await userRow(user.id)
      assert.equal(row.totp_secret, null)
      assert.equal(await sessionCount(user.id), 0)
      const [entry] = await auditOf(user.id, 'user.second-factor-reset')
      const detail = entry?.detail as { before: Record<string, unknown>; after: Record<string, unknown> }
      assert.deepEqual(Object.keys(detail.before).sort(), ['totp_enabled_at', 'totp_last_time_step'])
      assert.deepEqual(detail.after, { totp_enabled_at: null, totp_last_time_step: null })
      assert.ok(!JSON.stringify(entry?.detail).includes(secret))
      await assertNoSecretsAudited(user.id)
      // Signing in now goes straight through: no second factor any more.
      const result = await signIn('lost-phone@example.test')
      assert.equal(result.ok && result.stage, 'authenticated')
    })

    it('a non-administrator may do none of it, and nothing is changed or audited', async () => {
      const target = await addUser(t.services, { email: 'target@example.test', roles: ['investigator'] })
      const auditedBefore = (await auditOf(target.id)).length
      const attempts: [string, () => Promise<unknown>][] = [
        [
          'add',
          () =>
            t.services.users.add(
              {
                email: 'sneaky@example.test',
                displayName: 'S',
                roles: ['administrator'],
                organisationCode: 'OVERSIGHT',
              },
              investigator,
            ),
        ],
        ['list', () => t.services.users.list(investigator)],
        ['get', () => t.services.users.get(target.id, investigator)],
        ['disable', () => t.services.users.disable(target.id, investigator)],
        ['enable', () => t.services.users.enable(target.id, investigator)],
        ['setRoles', () => t.services.users.setRoles(target.id, ['administrator'], investigator)],
        ['grantRole', () => t.services.users.grantRole(target.id, 'administrator', investigator)],
        ['resetPassword', () => t.services.users.resetPassword(target.id, investigator)],
        ['resetSecondFactor', () => t.services.users.resetSecondFactor(target.id, investigator)],
      ]
      for (const [name, attempt] of attempts) {
        await assert.rejects(attempt(), Forbidden, name)
      }
      const row = await userRow(target.id)
      assert.deepEqual(row.roles, ['investigator'])
      assert.equal(row.status, 'active')
      assert.equal(row.version, target.version)
      assert.equal((await auditOf(target.id)).length, auditedBefore)
      assert.equal(await t.services.users.anyExist(), true)
      assert.ok(!(await t.services.users.list(admin, { limit: 500 })).some((u) => u.email === 'sneaky@example.test'))
    })

    it('every role can be granted (roles are the ones in ROLES)', async () => {
      const user = await addUser(t.services, { email: 'all-roles@example.test', roles: ['investigator'] })
      const after = await t.services.users.setRoles(user.id, ROLES, admin)
      assert.deepEqual([...after.roles].sort(), [...ROLES].sort())
    })
  })
}
