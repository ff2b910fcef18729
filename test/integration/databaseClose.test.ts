/**
 * Closing a database releases it whether or not a query ever reached it. Kysely only closes a
 * driver it has used, so a PGlite opened and closed unused stayed open and its process never
 * exited (a test file that only built the app hung the suite). Every way PGlite is opened.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { openDatabase } from '../../src/data/database.js'
import { openTestDatabase } from '../support/database.js'

describe('closing a PGlite database', () => {
  const ways = {
    'empty, in memory': () => openDatabase({ pgliteDir: 'memory' }),
    'from the migrated test image': () => openTestDatabase('pglite'),
    'unmigrated test database': () => openTestDatabase('pglite', { migrate: false }),
  }
  for (const [way, open] of Object.entries(ways)) {
    it(`closes PGlite itself, unused or used (${way})`, async () => {
      for (const used of [false, true]) {
        const handle = await open()
        if (used) await handle.db.selectNoFrom((eb) => eb.val(1).as('one')).execute()
        await handle.close()
        assert.equal(handle.driver?.kind, 'pglite')
        if (handle.driver?.kind === 'pglite') assert.equal(handle.driver.pglite.closed, true, `${way}, used: ${used}`)
      }
    })
  }
})
