import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import * as holdsRepo from '../../src/data/repositories/publicationHolds.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

for (const kind of DATABASE_KINDS) {
  describe(`publications API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let investigator: { authorization: string }
    let dm: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
      dm = bearer((await createToken(t.services, team.decisionMaker.userId, { write: true })).secret)
    })
    after(() => t.close())

    it('redactions, release refused by a hold then allowed, schedule, public reads and withdrawal, each matching the contract', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Jo', familyName: 'Apiofficer', determination: 'no_case_to_answer' },
      ])
      const base = `/api/v1/investigations/${investigation.id}`
      const added = await t.app.inject({
        method: 'POST',
        url: `${base}/redactions`,
        headers: investigator,
        payload: { section: '*', text: 'Jo Apiofficer', reason: 'junior_officer_name' },
      })
      assert.equal(added.statusCode, 201, added.body)
      await assertMatchesContract(t.app, 'addRedaction', added)
      const listed = await t.app.inject({ method: 'GET', url: `${base}/redactions`, headers: dm })
      assert.equal(listed.statusCode, 200)
      await assertMatchesContract(t.app, 'listRedactions', listed)
      const extra = await t.app.inject({
        method: 'POST',
        url: `${base}/redactions`,
        headers: investigator,
        payload: { section: 'summary', text: 'deaths', occurrence: 0, reason: 'other' },
      })
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `${base}/redactions/${extra.json().id}`,
        headers: investigator,
      })
      assert.equal(removed.statusCode, 204)
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: `${base}/redactions`,
            headers: dm,
            payload: { section: '*', text: 'Terms', reason: 'other' },
          })
        ).statusCode,
        403,
      )

      const hold = await holdsRepo.insertHold(t.database.db, {
        id: uuidv7(),
        investigation_id: investigation.id,
        proceeding_id: null,
        reason: 'Criminal trial of the suspect',
        placed_on: '2026-09-01',
        placed_by: team.lead.userId,
        lifted_on: null,
        lifted_by: null,
        lift_reason: null,
        lifted_because: null,
      })
      const held = await t.app.inject({
        method: 'POST',
        url: `${base}/publication`,
        headers: dm,
        payload: { summary: 'API summary', publicFrom: null },
      })
      assert.equal(held.statusCode, 409, held.body)
      assert.match(held.json().detail, /Criminal trial of the suspect/)
      await holdsRepo.liftHold(t.database.db, hold.id, {
        lifted_on: '2026-10-01',
        lifted_by: team.decisionMaker.userId,
        lift_reason: 'Trial concluded',
        lifted_because: 'decision',
      })
      const released = await t.app.inject({
        method: 'POST',
        url: `${base}/publication`,
        headers: dm,
        payload: { summary: 'API summary', themes: ['custody'], publicFrom: null },
      })
      assert.equal(released.statusCode, 201, released.body)
      await assertMatchesContract(t.app, 'releasePublication', released)
      const id = released.json().id as string
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/publications/${id}` })).statusCode, 404)
      const got = await t.app.inject({ method: 'GET', url: `${base}/publication`, headers: dm })
      await assertMatchesContract(t.app, 'getPublication', got)
      const scheduled = await t.app.inject({
        method: 'POST',
        url: `${base}/publication/schedule`,
        headers: { ...dm, 'if-match': got.headers.etag as string },
        payload: { publicFrom: new Date(Date.now() - 1000).toISOString() },
      })
      assert.equal(scheduled.statusCode, 200, scheduled.body)
      await assertMatchesContract(t.app, 'schedulePublication', scheduled)
      assert.equal(scheduled.json().status, 'published')

      const one = await t.app.inject({ method: 'GET', url: `/api/v1/publications/${id}` })
      assert.equal(one.statusCode, 200, one.body)
      await assertMatchesContract(t.app, 'getPublicPublication', one)
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/publications?q=API%20summary' })
      assert.equal(list.statusCode, 200)
      await assertMatchesContract(t.app, 'listPublicPublications', list)
      assert.ok(list.json().items.some((p: { id: string }) => p.id === id))

      const withdrawn = await t.app.inject({
        method: 'POST',
        url: `${base}/publication/withdrawal`,
        headers: { ...dm, 'if-match': scheduled.headers.etag as string },
        payload: { reason: 'Withdrawn for a test' },
      })
      assert.equal(withdrawn.statusCode, 200, withdrawn.body)
      await assertMatchesContract(t.app, 'withdrawPublication', withdrawn)
      assert.equal((await t.app.inject({ method: 'GET', url: `/api/v1/publications/${id}` })).statusCode, 404)
    })
  })
}
