import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DatabaseHandle } from '../../src/data/database.js'
import { GENESIS_HASH } from '../../src/domain/auditChain.js'
import { auditQueryService } from '../../src/services/auditQueries.js'
import * as auditTrail from '../../src/services/auditTrail.js'
import { systemContext, type RequestContext } from '../../src/services/context.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'

const ctx: RequestContext = { actor: null, requestId: 'audit-test' }

function recordOne(database: DatabaseHandle, action: string, detail: Record<string, unknown> = {}) {
  return database.db.transaction().execute((trx) => auditTrail.record(trx, ctx, { action, entityType: 'test', entityId: action, detail }))
}

const rowsOf = (database: DatabaseHandle) => database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()

/** Changes a stored entry as only someone with the database superuser's power could. */
async function tamper(database: DatabaseHandle, statement: ReturnType<typeof sql>) {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(database.db)
  try {
    await statement.execute(database.db)
  } finally {
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(database.db)
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`audit trail (${kind})`, () => {
    let database: DatabaseHandle
    before(async () => {
      database = await openTestDatabase(kind)
    })
    after(() => database.close())

    it('chains each entry to the one before, from the genesis hash', async () => {
      for (const n of [1, 2, 3, 4, 5]) await recordOne(database, `chain.${n}`, { n })
      const rows = await rowsOf(database)
      assert.equal(rows.length, 5)
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH)
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash)
      assert.equal(new Set(rows.map((r) => r.hash)).size, rows.length)
      assert.deepEqual(rows.map((r) => r.action), ['chain.1', 'chain.2', 'chain.3', 'chain.4', 'chain.5'])
      assert.equal(rows[0]!.request_id, 'audit-test')
    })

    it('verifies a populated trail, across pages too', async () => {
      const count = (await rowsOf(database)).length
      assert.deepEqual(await auditTrail.verify(database.db), { ok: true, entries: count })
      assert.deepEqual(await auditTrail.verify(database.db, 2), { ok: true, entries: count })
    })

    it('an entry whose detail jsonb reorders and reformats still verifies', async () => {
      await recordOne(database, 'awkward', {
        zebra: 1,
        apple: { nested: [3, 2, 1], 'é': 'ünïcødé ✓', '': 'empty key' },
        when: new Date('2026-02-03T04:05:06.789Z'),
        float: 0.1 + 0.2,
        big: 1e21,
        tiny: 5e-324,
        gone: undefined,
        list: [undefined, null, true, 'x'],
      })
      assert.equal((await auditTrail.verify(database.db)).ok, true)
    })

    it('the database refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
      const [first] = await rowsOf(database)
      assert.ok(first)
      await assert.rejects(sql`update audit_log set detail = '{"edited": true}' where seq = ${first.seq}`.execute(database.db), /append-only: UPDATE/)
      await assert.rejects(sql`delete from audit_log where seq = ${first.seq}`.execute(database.db), /append-only: DELETE/)
      await assert.rejects(sql`truncate audit_log`.execute(database.db), /append-only: TRUNCATE/)
      await assert.rejects(database.db.deleteFrom('audit_log').execute(), /append-only/)
      const again = await rowsOf(database)
      assert.deepEqual(again[0], first)
    })

    it('20 audited writes at once still make one intact chain', async () => {
      const before = (await rowsOf(database)).length
      await Promise.all(Array.from({ length: 20 }, (_, i) => recordOne(database, `parallel.${i}`, { i })))
      const rows = await rowsOf(database)
      assert.equal(rows.length, before + 20)
      // No two entries chained from the same predecessor.
      assert.equal(new Set(rows.map((r) => r.prev_hash)).size, rows.length)
      assert.deepEqual(await auditTrail.verify(database.db), { ok: true, entries: rows.length })
    })

    it('a change that writes data and its audit entry commits both or neither', async () => {
      const before = (await rowsOf(database)).length
      await assert.rejects(
        database.db.transaction().execute(async (trx) => {
          await auditTrail.record(trx, ctx, { action: 'rolled.back', entityType: 'test' })
          throw new Error('the change failed')
        }),
        /the change failed/,
      )
      assert.equal((await rowsOf(database)).length, before)
      await recordOne(database, 'after.rollback')
      assert.equal((await auditTrail.verify(database.db)).ok, true)
    })
  })

  describe(`audit trail tampering (${kind})`, () => {
    let database: DatabaseHandle
    before(async () => {
      database = await openTestDatabase(kind)
    })
    after(() => database.close())

    it('names the entry whose detail was edited behind the trigger’s back', async () => {
      for (const n of [1, 2, 3, 4, 5, 6]) await recordOne(database, `entry.${n}`, { n })
      const rows = await rowsOf(database)
      const victim = rows[3]!
      await tamper(database, sql`update audit_log set detail = '{"n": 400}' where seq = ${victim.seq}`)
      const result = await auditTrail.verify(database.db)
      assert.deepEqual(result, { ok: false, entries: 3, break: { seq: Number(victim.seq), id: victim.id, problem: 'hash does not match content' } })
      // The administrators' service says the same.
      const viaService = await auditQueryService(database.db).verify(systemContext())
      assert.equal(!viaService.ok && viaService.break.seq, Number(victim.seq))
      // The trigger is back in force afterwards.
      await assert.rejects(sql`update audit_log set detail = '{}' where seq = ${victim.seq}`.execute(database.db), /append-only/)
    })

    it('names the entry after one that was removed, even when paging', async () => {
      const fresh = await openTestDatabase(kind)
      try {
        for (const n of [1, 2, 3, 4, 5]) await recordOne(fresh, `entry.${n}`, { n })
        const rows = await rowsOf(fresh)
        await tamper(fresh, sql`delete from audit_log where seq = ${rows[2]!.seq}`)
        const result = await auditTrail.verify(fresh.db, 2)
        assert.equal(result.ok, false)
        assert.deepEqual(!result.ok && result.break, { seq: Number(rows[3]!.seq), id: rows[3]!.id, problem: 'previous hash does not match' })
      } finally {
        await fresh.close()
      }
    })

    it('notices an edited timestamp or actor, not only the detail', async () => {
      const fresh = await openTestDatabase(kind)
      try {
        for (const n of [1, 2, 3]) await recordOne(fresh, `entry.${n}`, { n })
        const rows = await rowsOf(fresh)
        await tamper(fresh, sql`update audit_log set occurred_at = occurred_at - interval '1 day' where seq = ${rows[1]!.seq}`)
        const result = await auditTrail.verify(fresh.db)
        assert.equal(!result.ok && result.break.seq, Number(rows[1]!.seq))
      } finally {
        await fresh.close()
      }
    })
  })
}
