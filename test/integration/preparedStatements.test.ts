/**
 * Named prepared statements on PostgreSQL (src/data/preparedStatements.ts): used for
 * parameterised queries, and recovered from when another instance changes a table under them.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DatabaseHandle } from '../../src/data/database.js'
import { openTestDatabase } from '../support/database.js'

describe('prepared statements (postgres)', () => {
  let database: DatabaseHandle
  before(async () => {
    database = await openTestDatabase('postgres')
    await sql`create table prepared_probe (id int primary key, label text)`.execute(database.db)
    await sql`insert into prepared_probe values (1, 'one'), (2, 'two')`.execute(database.db)
  })
  after(() => database.close())

  const probe = (id: number) =>
    sql<Record<string, unknown>>`select * from prepared_probe where id = ${id}`.execute(database.db)

  it('sends a parameterised query as a named statement, prepared once on the connection', async () => {
    const names = await database.db.transaction().execute(async (trx) => {
      await sql`select label from prepared_probe where id = ${1}`.execute(trx)
      await sql`select label from prepared_probe where id = ${2}`.execute(trx)
      const rows = await sql<{
        name: string
        statement: string
      }>`select name, statement from pg_prepared_statements`.execute(trx)
      return rows.rows.filter((r) => r.statement === 'select label from prepared_probe where id = $1')
    })
    assert.equal(names.length, 1)
    assert.match(names[0]!.name, /^candour_\d+$/)
  })

  it('answers correctly through the prepared statement', async () => {
    assert.deepEqual((await probe(1)).rows, [{ id: 1, label: 'one' }])
    assert.deepEqual((await probe(2)).rows, [{ id: 2, label: 'two' }])
  })

  it('recovers when a column is added under a prepared "select *" (another instance migrated)', async () => {
    // Prepare the statement on every pooled connection the test database uses.
    await Promise.all(Array.from({ length: 10 }, (_, i) => probe((i % 2) + 1)))
    await sql`alter table prepared_probe add column added int not null default 7`.execute(database.db)
    for (let i = 0; i < 12; i++) assert.deepEqual((await probe(1)).rows, [{ id: 1, label: 'one', added: 7 }])
  })

  it('inside a transaction the stale statement fails that transaction only; the connection is then replaced', async () => {
    await Promise.all(Array.from({ length: 10 }, () => probe(2)))
    await sql`alter table prepared_probe add column later int`.execute(database.db)
    let failures = 0
    for (let i = 0; i < 12; i++) {
      try {
        const rows = await database.db
          .transaction()
          .execute((trx) => sql`select * from prepared_probe where id = ${2}`.execute(trx))
        assert.deepEqual(rows.rows, [{ id: 2, label: 'two', added: 7, later: null }])
      } catch (error) {
        assert.match(String(error), /cached plan must not change result type/)
        failures++
      }
    }
    // At most once per pooled connection, never again after it has been replaced.
    assert.ok(failures >= 1 && failures <= 5, `${failures} failures`)
    for (let i = 0; i < 6; i++)
      await database.db.transaction().execute((trx) => sql`select * from prepared_probe where id = ${2}`.execute(trx))
  })
})
