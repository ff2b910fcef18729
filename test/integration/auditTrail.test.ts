import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { Migrator } from 'kysely/migration'
import { uuidv7 } from 'uuidv7'
import type { DatabaseHandle } from '../../src/data/database.js'
import { migrations } from '../../src/data/migrations/index.js'
import { migrateToLatest } from '../../src/data/migrator.js'
import { GENESIS_HASH, hashAuditEntry } from '../../src/domain/auditChain.js'
import { auditQueryService } from '../../src/services/auditQueries.js'
import * as auditTrail from '../../src/services/auditTrail.js'
import { systemContext, type RequestContext } from '../../src/services/context.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'

const ctx: RequestContext = { actor: null, requestId: 'audit-test' }

function recordOne(database: DatabaseHandle, action: string, detail: Record<string, unknown> = {}) {
  return database.db
    .transaction()
    .execute((trx) => auditTrail.record(trx, ctx, { action, entityType: 'test', entityId: action, detail }))
}

const rowsOf = (database: DatabaseHandle) => database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute()
const chainOf = (database: DatabaseHandle) =>
  database.db
    .selectFrom('audit_log')
    .selectAll()
    .where('chain_position', 'is not', null)
    .orderBy('chain_position')
    .execute()
const NOTHING_PENDING = { count: 0, oldest: null }

/** Records entries and seals them, as the server's sealer does within a second. */
async function recordSealed(database: DatabaseHandle, actions: string[]) {
  for (const [i, action] of actions.entries()) await recordOne(database, action, { n: i + 1 })
  await auditTrail.seal(database.db)
}

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

    it('records without a hash, then seals each entry onto the one before, from the genesis hash', async () => {
      for (const n of [1, 2, 3, 4, 5]) await recordOne(database, `chain.${n}`, { n })
      const unsealed = await rowsOf(database)
      assert.ok(unsealed.every((r) => r.hash === null && r.prev_hash === null && r.chain_position === null))
      assert.equal((await auditTrail.verify(database.db)).pending.count, 5)
      assert.equal(await auditTrail.seal(database.db), 5)
      assert.equal(await auditTrail.seal(database.db), 0)
      const rows = await rowsOf(database)
      assert.equal(rows.length, 5)
      assert.deepEqual(
        rows.map((r) => Number(r.chain_position)),
        [1, 2, 3, 4, 5],
      )
      assert.equal(rows[0]!.prev_hash, GENESIS_HASH)
      for (let i = 1; i < rows.length; i++) assert.equal(rows[i]!.prev_hash, rows[i - 1]!.hash)
      assert.equal(new Set(rows.map((r) => r.hash)).size, rows.length)
      assert.deepEqual(
        rows.map((r) => r.action),
        ['chain.1', 'chain.2', 'chain.3', 'chain.4', 'chain.5'],
      )
      assert.equal(rows[0]!.request_id, 'audit-test')
    })

    it('verifies a populated trail, across pages too', async () => {
      const count = (await rowsOf(database)).length
      assert.deepEqual(await auditTrail.verify(database.db), { ok: true, entries: count, pending: NOTHING_PENDING })
      assert.deepEqual(await auditTrail.verify(database.db, 2), { ok: true, entries: count, pending: NOTHING_PENDING })
    })

    it('seals in batches, continuing the chain from its head', async () => {
      const before = (await rowsOf(database)).length
      for (const n of [1, 2, 3, 4, 5, 6, 7]) await recordOne(database, `batch.${n}`, { n })
      assert.equal(await auditTrail.seal(database.db, 3), 7)
      const chain = await chainOf(database)
      assert.deepEqual(
        chain.map((r) => Number(r.chain_position)),
        Array.from({ length: before + 7 }, (_, i) => i + 1),
      )
      assert.deepEqual(await auditTrail.verify(database.db, 4), {
        ok: true,
        entries: before + 7,
        pending: NOTHING_PENDING,
      })
    })

    it('reports entries not yet sealed, with the oldest one’s time, and does not count them as checked', async () => {
      const sealed = (await rowsOf(database)).length
      const startedAt = Date.now()
      await recordOne(database, 'pending.1')
      await recordOne(database, 'pending.2')
      const result = await auditTrail.verify(database.db)
      assert.equal(result.ok, true)
      assert.equal(result.entries, sealed)
      assert.equal(result.pending.count, 2)
      assert.ok(result.pending.oldest && result.pending.oldest.getTime() >= startedAt - 1000)
      // The administrators' check seals them first, so it covers everything recorded so far.
      const checked = await auditQueryService(database.db).verify(systemContext())
      assert.deepEqual(checked, { ok: true, entries: sealed + 2, pending: NOTHING_PENDING })
    })

    it('an entry whose detail jsonb reorders and reformats still verifies', async () => {
      await recordOne(database, 'awkward', {
        zebra: 1,
        apple: { nested: [3, 2, 1], é: 'ünïcødé ✓', '': 'empty key' },
        when: new Date('2026-02-03T04:05:06.789Z'),
        float: 0.1 + 0.2,
        big: 1e21,
        tiny: 5e-324,
        gone: undefined,
        list: [undefined, null, true, 'x'],
      })
      await auditTrail.seal(database.db)
      assert.equal((await auditTrail.verify(database.db)).ok, true)
    })

    it('the database refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
      const [first] = await rowsOf(database)
      assert.ok(first)
      await assert.rejects(
        sql`update audit_log set detail = '{"edited": true}' where seq = ${first.seq}`.execute(database.db),
        /append-only: UPDATE/,
      )
      await assert.rejects(
        sql`delete from audit_log where seq = ${first.seq}`.execute(database.db),
        /append-only: DELETE/,
      )
      await assert.rejects(sql`truncate audit_log`.execute(database.db), /append-only: TRUNCATE/)
      await assert.rejects(database.db.deleteFrom('audit_log').execute(), /append-only/)
      // A sealed entry cannot be sealed again, nor unsealed.
      await assert.rejects(
        sql`update audit_log set hash = ${'a'.repeat(64)} where seq = ${first.seq}`.execute(database.db),
        /append-only: UPDATE/,
      )
      await assert.rejects(
        sql`update audit_log set hash = null, prev_hash = null, chain_position = null where seq = ${first.seq}`.execute(
          database.db,
        ),
        /append-only: UPDATE/,
      )
      const again = await rowsOf(database)
      assert.deepEqual(again[0], first)
    })

    it('an unsealed entry may be sealed, but nothing else of it changed, not even while sealing', async () => {
      await recordOne(database, 'to.seal', { original: true })
      const entry = (await rowsOf(database)).at(-1)!
      assert.equal(entry.hash, null)
      const position = 1_000_000
      await assert.rejects(
        sql`update audit_log set detail = '{"original": false}', hash = ${'b'.repeat(64)}, prev_hash = ${GENESIS_HASH}, chain_position = ${position} where seq = ${entry.seq}`.execute(
          database.db,
        ),
        /append-only: UPDATE/,
      )
      await assert.rejects(
        sql`update audit_log set action = 'other' where seq = ${entry.seq}`.execute(database.db),
        /append-only: UPDATE/,
      )
      // Half a seal is refused: by the append-only trigger (which allows only a whole seal) and,
      // behind it, the table's own rule (audit_log_sealed_whole).
      await assert.rejects(
        sql`update audit_log set hash = ${'b'.repeat(64)} where seq = ${entry.seq}`.execute(database.db),
        /append-only: UPDATE|audit_log_sealed_whole/,
      )
      await auditTrail.seal(database.db)
      assert.equal((await auditTrail.verify(database.db)).ok, true)
    })

    it('20 audited writes and three sealers at once still make one intact chain', async () => {
      const before = (await rowsOf(database)).length
      await Promise.all([
        ...Array.from({ length: 20 }, (_, i) => recordOne(database, `parallel.${i}`, { i })),
        auditTrail.seal(database.db, 4),
        auditTrail.seal(database.db, 4),
      ])
      await Promise.all([
        auditTrail.seal(database.db, 4),
        auditTrail.seal(database.db, 4),
        auditTrail.seal(database.db, 4),
      ])
      await auditTrail.seal(database.db)
      const rows = await rowsOf(database)
      assert.equal(rows.length, before + 20)
      // No two entries chained from the same predecessor, and no position used twice.
      assert.equal(new Set(rows.map((r) => r.prev_hash)).size, rows.length)
      assert.deepEqual(
        rows.map((r) => Number(r.chain_position)).sort((a, b) => a - b),
        Array.from({ length: rows.length }, (_, i) => i + 1),
      )
      assert.deepEqual(await auditTrail.verify(database.db), {
        ok: true,
        entries: rows.length,
        pending: NOTHING_PENDING,
      })
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
      await auditTrail.seal(database.db)
      assert.equal((await auditTrail.verify(database.db)).ok, true)
    })

    if (kind === 'postgres') {
      it('an entry that commits after later ones were sealed is sealed after them, and the chain verifies', async () => {
        let release!: () => void
        const held = new Promise<void>((resolve) => (release = resolve))
        let recorded!: () => void
        const inTransaction = new Promise<void>((resolve) => (recorded = resolve))
        const slow = database.db.transaction().execute(async (trx) => {
          await auditTrail.record(trx, ctx, { action: 'slow.writer', entityType: 'test' })
          recorded()
          await held
        })
        await inTransaction
        await recordOne(database, 'quick.writer')
        await auditTrail.seal(database.db)
        release()
        await slow
        await auditTrail.seal(database.db)
        const chain = await chainOf(database)
        const [quick, late] = chain.slice(-2)
        assert.deepEqual([quick!.action, late!.action], ['quick.writer', 'slow.writer'])
        assert.ok(Number(late!.seq) < Number(quick!.seq), 'the slow writer took the earlier sequence number')
        assert.equal((await auditTrail.verify(database.db)).ok, true)
      })
    }
  })

  describe(`audit trail written before sealing (${kind})`, () => {
    it('entries chained as they were written before migration 0013 verify unchanged, and new ones seal after them', async () => {
      const database = await openTestDatabase(kind, { migrate: false })
      try {
        const before0013 = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0013'))
        const result = await new Migrator({
          db: database.db,
          provider: { getMigrations: async () => before0013 },
        }).migrateToLatest()
        assert.equal(result.error, undefined)
        // Chained the old way: in sequence order, inside the writing transaction.
        let prev = GENESIS_HASH
        for (const n of [1, 2, 3]) {
          const content = {
            id: uuidv7(),
            occurredAt: new Date(Date.UTC(2026, 0, n)),
            actorUserId: null,
            action: `legacy.${n}`,
            entityType: 'test',
            entityId: null,
            caseId: null,
            requestId: null,
            detail: { n },
          }
          const hash = hashAuditEntry(prev, content)
          await sql`insert into audit_log (id, occurred_at, action, entity_type, detail, prev_hash, hash)
                    values (${content.id}, ${content.occurredAt}, ${content.action}, 'test', ${JSON.stringify(content.detail)}, ${prev}, ${hash})`.execute(
            database.db,
          )
          prev = hash
        }
        assert.equal((await migrateToLatest(database.db))[0], '0013_audit_sealing')
        await recordSealed(database, ['after.1', 'after.2'])
        const chain = await chainOf(database)
        assert.deepEqual(
          chain.map((r) => r.action),
          ['legacy.1', 'legacy.2', 'legacy.3', 'after.1', 'after.2'],
        )
        assert.equal(chain[3]!.prev_hash, prev)
        assert.deepEqual(await auditTrail.verify(database.db), { ok: true, entries: 5, pending: NOTHING_PENDING })
      } finally {
        await database.close()
      }
    })
  })

  describe(`audit trail tampering (${kind})`, () => {
    let database: DatabaseHandle
    before(async () => {
      database = await openTestDatabase(kind)
    })
    after(() => database.close())

    it('names the entry whose detail was edited behind the trigger’s back', async () => {
      await recordSealed(database, ['entry.1', 'entry.2', 'entry.3', 'entry.4', 'entry.5', 'entry.6'])
      const rows = await rowsOf(database)
      const victim = rows[3]!
      await tamper(database, sql`update audit_log set detail = '{"n": 400}' where seq = ${victim.seq}`)
      const result = await auditTrail.verify(database.db)
      assert.deepEqual(result, {
        ok: false,
        entries: 3,
        break: { seq: Number(victim.seq), id: victim.id, problem: 'hash does not match content' },
        pending: NOTHING_PENDING,
      })
      // The administrators' service says the same.
      const viaService = await auditQueryService(database.db).verify(systemContext())
      assert.equal(!viaService.ok && viaService.break.seq, Number(victim.seq))
      // The trigger is back in force afterwards.
      await assert.rejects(
        sql`update audit_log set detail = '{}' where seq = ${victim.seq}`.execute(database.db),
        /append-only/,
      )
    })

    it('names the entry after one that was removed, even when paging', async () => {
      const fresh = await openTestDatabase(kind)
      try {
        await recordSealed(fresh, ['entry.1', 'entry.2', 'entry.3', 'entry.4', 'entry.5'])
        const rows = await rowsOf(fresh)
        await tamper(fresh, sql`delete from audit_log where seq = ${rows[2]!.seq}`)
        const result = await auditTrail.verify(fresh.db, 2)
        assert.equal(result.ok, false)
        assert.deepEqual(!result.ok && result.break, {
          seq: Number(rows[3]!.seq),
          id: rows[3]!.id,
          problem: 'previous hash does not match',
        })
      } finally {
        await fresh.close()
      }
    })

    it('notices an edited timestamp or actor, not only the detail', async () => {
      const fresh = await openTestDatabase(kind)
      try {
        await recordSealed(fresh, ['entry.1', 'entry.2', 'entry.3'])
        const rows = await rowsOf(fresh)
        await tamper(
          fresh,
          sql`update audit_log set occurred_at = occurred_at - interval '1 day' where seq = ${rows[1]!.seq}`,
        )
        const result = await auditTrail.verify(fresh.db)
        assert.equal(!result.ok && result.break.seq, Number(rows[1]!.seq))
      } finally {
        await fresh.close()
      }
    })

    it('notices a sealed entry stripped of its seal to be sealed again with new content', async () => {
      const fresh = await openTestDatabase(kind)
      try {
        await recordSealed(fresh, ['entry.1', 'entry.2', 'entry.3'])
        const rows = await rowsOf(fresh)
        await tamper(
          fresh,
          sql`update audit_log set detail = '{"n": 999}', hash = null, prev_hash = null, chain_position = null where seq = ${rows[1]!.seq}`,
        )
        await auditTrail.seal(fresh.db)
        const result = await auditTrail.verify(fresh.db)
        assert.equal(result.ok, false)
        assert.deepEqual(!result.ok && result.break, {
          seq: Number(rows[2]!.seq),
          id: rows[2]!.id,
          problem: 'previous hash does not match',
        })
      } finally {
        await fresh.close()
      }
    })
  })
}
