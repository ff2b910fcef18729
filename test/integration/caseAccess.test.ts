/**
 * The case access service's own edges (src/services/caseAccess.ts), found unguarded by mutation
 * testing: an id that is no id, one request reading two cases, and the offer of an action to
 * nobody signed in. The routes and roles are covered by the policy matrix and route tests.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { caseAccess } from '../../src/services/caseAccess.js'
import { NotFound } from '../../src/services/errors.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`case access (${kind})`, () => {
    let t: TestApp
    let team: Team
    let caseA: string
    let caseB: string
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      caseA = (await openInvestigation(t.services, team, { title: 'Case A' })).investigation.id
      caseB = (await openInvestigation(t.services, team, { title: 'Case B' })).investigation.id
    })
    after(() => t.close())

    it('finds no investigation for an id that is not one, without asking the database', async () => {
      const access = caseAccess(t.database.db)
      for (const id of ['not-a-uuid', '', `${caseA}x`, caseA.slice(1), `${caseA}' or '1'='1`])
        await assert.rejects(
          access.require(t.database.db, team.lead, id, 'investigation:read'),
          (error: unknown) => error instanceof NotFound && error.message === 'The investigation was not found',
          id,
        )
    })

    it('gives each case its own record when one page reads two (the page’s read cache is per case)', async () => {
      const access = caseAccess(t.database.db)
      const page = { ...team.lead, readCache: new Map<string, Promise<unknown>>() }
      const a = await access.require(t.database.db, page, caseA, 'investigation:read')
      const b = await access.require(t.database.db, page, caseB, 'investigation:read')
      assert.equal(a.investigation.id, caseA)
      assert.equal(b.investigation.id, caseB)
      assert.equal(b.investigation.title, 'Case B')
      const again = await access.require(t.database.db, page, caseA, 'investigation:read')
      assert.equal(again.investigation.id, caseA)
    })

    it('offers nothing to someone not signed in', async () => {
      const access = caseAccess(t.database.db)
      const loaded = await access.require(t.database.db, team.lead, caseA, 'investigation:read')
      assert.equal(access.may(team.lead, 'investigation:read', loaded), true)
      assert.equal(access.may({ actor: null, requestId: null }, 'investigation:read', loaded), false)
    })
  })
}
