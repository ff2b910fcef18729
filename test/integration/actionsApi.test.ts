import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`actions API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: string
    let investigator: string
    let caseWorker: string
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = (await createToken(t.services, team.lead.userId, { write: true })).secret
      investigator = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      caseWorker = (await createToken(t.services, team.caseWorker.userId, { write: true })).secret
    })
    after(() => t.close())

    it('raises, lists in keyset pages, steps with If-Match, and shows My work', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const lines = `/api/v1/investigations/${investigation.id}/lines-of-enquiry`
      const line = await t.app.inject({
        method: 'POST',
        url: lines,
        headers: bearer(lead),
        payload: { title: 'Why were the deaths not linked?' },
      })
      assert.equal(line.statusCode, 201)
      await assertMatchesContract(t.app, 'addLineOfEnquiry', line)
      const base = `/api/v1/investigations/${investigation.id}/actions`
      const invalid = await t.app.inject({
        method: 'POST',
        url: base,
        headers: bearer(investigator),
        payload: { title: 'x\u0000y', priority: 'urgent' },
      })
      assert.equal(invalid.statusCode, 422)
      await assertMatchesContract(t.app, 'raiseAction', invalid)
      const ids: string[] = []
      for (const title of ['One', 'Two', 'Three']) {
        const r = await t.app.inject({
          method: 'POST',
          url: base,
          headers: bearer(investigator),
          payload: { title, priority: 'medium', lineOfEnquiryId: line.json().id },
        })
        assert.equal(r.statusCode, 201)
        await assertMatchesContract(t.app, 'raiseAction', r)
        ids.push(r.json().id)
      }
      const page1 = await t.app.inject({ method: 'GET', url: `${base}?limit=2`, headers: bearer(lead) })
      await assertMatchesContract(t.app, 'listActions', page1)
      assert.deepEqual(
        page1.json().items.map((a: { reference: string }) => a.reference),
        ['A1', 'A2'],
      )
      const page2 = await t.app.inject({
        method: 'GET',
        url: `${base}?limit=2&cursor=${page1.json().nextCursor}`,
        headers: bearer(lead),
      })
      assert.deepEqual(
        page2.json().items.map((a: { reference: string }) => a.reference),
        ['A3'],
      )
      assert.equal(page2.json().nextCursor, null)
      const url = `/api/v1/actions/${ids[0]}`
      const got = await t.app.inject({ method: 'GET', url, headers: bearer(lead) })
      await assertMatchesContract(t.app, 'getAction', got)
      const etag = got.headers.etag as string
      const noIfMatch = await t.app.inject({
        method: 'POST',
        url: `${url}/allocations`,
        headers: bearer(lead),
        payload: { allocatedTo: team.investigator.userId },
      })
      assert.equal(noIfMatch.statusCode, 428)
      const byInvestigator = await t.app.inject({
        method: 'POST',
        url: `${url}/allocations`,
        headers: { ...bearer(investigator), 'if-match': etag },
        payload: { allocatedTo: team.investigator.userId },
      })
      assert.equal(byInvestigator.statusCode, 403)
      const allocated = await t.app.inject({
        method: 'POST',
        url: `${url}/allocations`,
        headers: { ...bearer(lead), 'if-match': etag },
        payload: { allocatedTo: team.investigator.userId, dueOn: '2999-01-01' },
      })
      assert.equal(allocated.statusCode, 200)
      await assertMatchesContract(t.app, 'allocateAction', allocated)
      const stale = await t.app.inject({
        method: 'POST',
        url: `${url}/results`,
        headers: { ...bearer(investigator), 'if-match': etag },
        payload: { result: 'Found' },
      })
      assert.equal(stale.statusCode, 412)
      const refer = await t.app.inject({
        method: 'POST',
        url: `${url}/referrals-back`,
        headers: { ...bearer(lead), 'if-match': allocated.headers.etag as string },
        payload: { note: 'Too early' },
      })
      assert.equal(refer.statusCode, 409)
      assert.match(refer.json().type, /invalid-transition/)
      const mine = await t.app.inject({ method: 'GET', url: '/api/v1/me/actions', headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'listMyWork', mine)
      assert.deepEqual(
        mine.json().items.map((a: { title: string }) => a.title),
        ['One'],
      )
      const resulted = await t.app.inject({
        method: 'POST',
        url: `${url}/results`,
        headers: { ...bearer(investigator), 'if-match': allocated.headers.etag as string },
        payload: { result: 'Found' },
      })
      assert.equal(resulted.statusCode, 200)
      assert.equal(resulted.json().status, 'resulted')
      // The case worker sees none of it.
      assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer(caseWorker) })).statusCode, 403)
      assert.equal((await t.app.inject({ method: 'GET', url: base, headers: bearer(caseWorker) })).statusCode, 403)
    })

    it('records, signs with If-Match and exports the decision log', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const base = `/api/v1/investigations/${investigation.id}/decisions`
      const created = await t.app.inject({
        method: 'POST',
        url: base,
        headers: bearer(lead),
        payload: { kind: 'scope', decision: 'D', optionsConsidered: 'O', rationale: 'R' },
      })
      assert.equal(created.statusCode, 201)
      await assertMatchesContract(t.app, 'recordDecision', created)
      const url = created.headers.location as string
      const signed = await t.app.inject({
        method: 'POST',
        url: `${url}/signature`,
        headers: { ...bearer(lead), 'if-match': created.headers.etag as string },
        payload: {},
      })
      assert.equal(signed.statusCode, 200)
      await assertMatchesContract(t.app, 'signDecision', signed)
      assert.equal(signed.json().state, 'signed')
      const list = await t.app.inject({ method: 'GET', url: base, headers: bearer(lead) })
      await assertMatchesContract(t.app, 'listDecisions', list)
      const pdf = await t.app.inject({ method: 'GET', url: `${base}.pdf`, headers: bearer(lead) })
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
      assert.equal((await t.app.inject({ method: 'GET', url: base, headers: bearer(caseWorker) })).statusCode, 403)
    })
  })
}
