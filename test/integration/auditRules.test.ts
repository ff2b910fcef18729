/**
 * Audit trail rules issue 17 found untested: the actor recorded for sign-in and portal events,
 * and the sealers' advisory lock, with the interleaving it guards against forced on PostgreSQL
 * (docs/quality.md lists the break each test catches).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DatabaseHandle } from '../../src/data/database.js'
import * as auditTrail from '../../src/services/auditTrail.js'
import type { RequestContext } from '../../src/services/context.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'
import { startTestApp, TEST_PASSWORD, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const anonymous: RequestContext = { actor: null, requestId: 'audit-rules' }

for (const kind of DATABASE_KINDS) {
  describe(`audit rules: who did it (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    const entries = (action: string, entityId: string) =>
      t.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'entity_id', 'request_id'])
        .where('action', '=', action)
        .where('entity_id', '=', entityId)
        .execute()
    const emailOf = async (userId: string) =>
      (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email

    it('sign-in, a failed sign-in and sign-out name the account as the actor, though no one is signed in yet', async () => {
      const userId = team.investigator.userId
      const email = await emailOf(userId)
      const wrong = await t.services.authentication.signIn({ email, password: 'not the password' }, anonymous)
      assert.equal(wrong.ok, false)
      assert.deepEqual(await entries('sign-in.failed', userId), [
        { actor_user_id: userId, entity_id: userId, request_id: 'audit-rules' },
      ])
      const signedIn = await t.services.authentication.signIn({ email, password: TEST_PASSWORD }, anonymous)
      assert.ok(signedIn.ok)
      assert.deepEqual(await entries('sign-in.succeeded', userId), [
        { actor_user_id: userId, entity_id: userId, request_id: 'audit-rules' },
      ])
      await t.services.authentication.signOut(signedIn.token, anonymous)
      assert.deepEqual(await entries('sign-out', userId), [
        { actor_user_id: userId, entity_id: userId, request_id: 'audit-rules' },
      ])
      // A disabled account, even with its right password: refused, and the attempt is that account's.
      const outsider = team.outsider.userId
      await t.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', outsider).execute()
      const disabled = await t.services.authentication.signIn(
        { email: await emailOf(outsider), password: TEST_PASSWORD },
        anonymous,
      )
      assert.equal(disabled.ok, false)
      const refusedEntries = await t.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'detail'])
        .where('action', '=', 'sign-in.failed')
        .where('entity_id', '=', outsider)
        .execute()
      assert.deepEqual(refusedEntries, [{ actor_user_id: outsider, detail: { reason: 'account disabled' } }])
      // An address with no account: nobody to name.
      await t.services.authentication.signIn({ email: `nobody-${kind}@example.test`, password: 'x' }, anonymous)
      const unknown = await t.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'entity_id'])
        .where('action', '=', 'sign-in.failed')
        .where('entity_id', 'is', null)
        .execute()
      assert.deepEqual(unknown, [{ actor_user_id: null, entity_id: null }])
    })

    it('accepting an invitation names the new portal account; what it then does names it too', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const email = `actor-${kind}@family.test`
      const personId = await addInterestedPerson(t.database.db, investigation.id, { email })
      const invitation = await t.services.invitations.invite(
        investigation.id,
        { interestedPersonId: personId, email },
        team.caseWorker,
      )
      assert.deepEqual(await entries('portal.invitation-created', invitation.id), [
        { actor_user_id: team.caseWorker.userId, entity_id: invitation.id, request_id: 'test' },
      ])
      const body = (
        await t.database.db
          .selectFrom('outbound_emails')
          .select('body_text')
          .where('to_address', '=', email)
          .executeTakeFirstOrThrow()
      ).body_text
      const token = /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(body)![1]!
      const { userId } = await t.services.invitations.accept(token, { password: 'a long family password' }, anonymous)
      assert.deepEqual(await entries('portal.invitation-accepted', invitation.id), [
        { actor_user_id: userId, entity_id: invitation.id, request_id: 'audit-rules' },
      ])
      const signedIn = await t.services.authentication.signIn({ email, password: 'a long family password' }, anonymous)
      assert.ok(signedIn.ok)
      const session = await t.services.authentication.resolveSession(signedIn.token)
      const { ids } = await t.services.portal.submit(
        investigation.id,
        { message: 'From the family' },
        { actor: session!.actor, requestId: 'portal-request' },
      )
      assert.deepEqual(await entries('portal.submission-received', ids[0]!), [
        { actor_user_id: userId, entity_id: ids[0]!, request_id: 'portal-request' },
      ])
      await t.services.invitations.revoke(invitation.id, team.caseWorker)
      assert.deepEqual(await entries('portal.invitation-revoked', invitation.id), [
        { actor_user_id: team.caseWorker.userId, entity_id: invitation.id, request_id: 'test' },
      ])
    })

    it('an event may name its own actor, or explicitly none, over the context’s; the case it names is kept', async () => {
      const db = t.database.db
      const { investigation } = await openInvestigation(t.services, team)
      await db.transaction().execute(async (trx) => {
        await auditTrail.record(trx, team.lead, { action: 'test.from-context', entityType: 'test', entityId: 'a1' })
        await auditTrail.record(trx, team.lead, {
          action: 'test.named',
          entityType: 'test',
          entityId: 'a2',
          caseId: investigation.id,
          actorUserId: team.caseWorker.userId,
        })
        await auditTrail.record(trx, team.lead, {
          action: 'test.none',
          entityType: 'test',
          entityId: 'a3',
          actorUserId: null,
        })
        await auditTrail.record(trx, anonymous, { action: 'test.anonymous', entityType: 'test' })
      })
      const rows = await db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'entity_id', 'case_id', 'detail', 'request_id'])
        .where('action', 'like', 'test.%')
        .orderBy('seq')
        .execute()
      assert.deepEqual(rows, [
        {
          action: 'test.from-context',
          actor_user_id: team.lead.userId,
          entity_id: 'a1',
          case_id: null,
          detail: {},
          request_id: 'test',
        },
        {
          action: 'test.named',
          actor_user_id: team.caseWorker.userId,
          entity_id: 'a2',
          case_id: investigation.id,
          detail: {},
          request_id: 'test',
        },
        { action: 'test.none', actor_user_id: null, entity_id: 'a3', case_id: null, detail: {}, request_id: 'test' },
        {
          action: 'test.anonymous',
          actor_user_id: null,
          entity_id: null,
          case_id: null,
          detail: {},
          request_id: 'audit-rules',
        },
      ])
    })
  })
}

if (DATABASE_KINDS.includes('postgres'))
  describe('audit rules: one sealer at a time (postgres)', () => {
    let database: DatabaseHandle
    before(async () => {
      database = await openTestDatabase('postgres')
    })
    after(() => database.close())

    const record = (action: string) =>
      database.db.transaction().execute((trx) => auditTrail.record(trx, anonymous, { action, entityType: 'test' }))
    const waitingLocks = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from pg_locks where not granted`.execute(database.db)).rows[0]!
          .n,
      )
    async function until(condition: () => Promise<boolean>, what: string) {
      for (let i = 0; i < 500; i++) {
        if (await condition()) return
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
      throw new Error(`timed out waiting for ${what}`)
    }

    it('a second sealer that starts while the first is writing seals nothing, so the chain stays whole', async () => {
      // The interleaving the lock exists for: sealer A has read the pending entries and the chain
      // head and is writing; an entry with an EARLIER seq then commits (its transaction began
      // first); sealer B reads a different pending set from the same head. Without the lock, A and
      // B give the same chain position to two entries (or B fails on the unique index).
      await record('before')
      await auditTrail.seal(database.db)
      let releaseSlow!: () => void
      const slowHeld = new Promise<void>((resolve) => (releaseSlow = resolve))
      let slowRecorded!: () => void
      const slowIn = new Promise<void>((resolve) => (slowRecorded = resolve))
      const slow = database.db.transaction().execute(async (trx) => {
        await auditTrail.record(trx, anonymous, { action: 'slow.writer', entityType: 'test' })
        slowRecorded()
        await slowHeld
      })
      await slowIn
      await record('quick.writer')
      const quick = await database.db
        .selectFrom('audit_log')
        .select('seq')
        .where('action', '=', 'quick.writer')
        .executeTakeFirstOrThrow()
      // A row lock on the quick entry makes sealer A wait, mid-seal, after it has read.
      let releaseBlocker!: () => void
      const blockerHeld = new Promise<void>((resolve) => (releaseBlocker = resolve))
      let blocking!: () => void
      const blockerIn = new Promise<void>((resolve) => (blocking = resolve))
      const blocker = database.db.transaction().execute(async (trx) => {
        await sql`select seq from audit_log where seq = ${quick.seq} for update`.execute(trx)
        blocking()
        await blockerHeld
      })
      await blockerIn
      const sealerA = auditTrail.seal(database.db)
      await until(async () => (await waitingLocks()) >= 1, 'sealer A to wait on the row lock')
      releaseSlow()
      await slow
      const sealerB = auditTrail.seal(database.db)
      // B either returns at once (the lock is held by A) or, without the lock, reaches the same row lock.
      let bDone = false
      void sealerB.then(
        () => (bDone = true),
        () => (bDone = true),
      )
      await until(async () => bDone || (await waitingLocks()) >= 2, 'sealer B to finish or wait')
      releaseBlocker()
      await blocker
      const results = await Promise.allSettled([sealerA, sealerB])
      assert.deepEqual(
        results.map((r) => r.status),
        ['fulfilled', 'fulfilled'],
        `a sealer failed: ${results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok')).join('; ')}`,
      )
      assert.equal((results[1] as PromiseFulfilledResult<number>).value, 0, 'the second sealer sealed nothing')
      await auditTrail.seal(database.db)
      const rows = await database.db
        .selectFrom('audit_log')
        .select(['chain_position', 'prev_hash'])
        .orderBy('chain_position')
        .execute()
      assert.deepEqual(
        rows.map((r) => Number(r.chain_position)),
        rows.map((_, i) => i + 1),
      )
      assert.equal(new Set(rows.map((r) => r.prev_hash)).size, rows.length)
      const verified = await auditTrail.verify(database.db)
      assert.equal(verified.ok, true)
      assert.equal(verified.entries, 3)
    })
  })
