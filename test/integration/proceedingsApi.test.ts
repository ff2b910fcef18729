import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`linked proceedings, publication holds and re-investigations API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: { authorization: string }
    let dm: { authorization: string }
    let investigator: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      dm = bearer((await createToken(t.services, team.decisionMaker.userId, { write: true })).secret)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
    })
    after(() => t.close())

    it('records an inquest (placing a hold), moves it with If-Match, and lifts the hold on conclusion', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/linked-proceedings`,
        headers: investigator,
        payload: {
          kind: 'inquest',
          title: 'Inquest into the death of Alex Example',
          court: 'Northshire Coroner’s Court',
          openedOn: '2026-03-10',
        },
      })
      assert.equal(created.statusCode, 201, created.body)
      await assertMatchesContract(t.app, 'createLinkedProceeding', created)
      const { proceeding, hold } = created.json()
      assert.ok(hold.active)

      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/linked-proceedings`,
        headers: investigator,
      })
      await assertMatchesContract(t.app, 'listLinkedProceedings', list)

      const party = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/parties`,
        headers: investigator,
        payload: { role: 'coroner', name: 'HM Senior Coroner' },
      })
      assert.equal(party.statusCode, 201)
      await assertMatchesContract(t.app, 'addLinkedProceedingParty', party)
      const event = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/events`,
        headers: investigator,
        payload: { occurredOn: '2026-04-01', kind: 'Pre-inquest review', description: 'Scope agreed' },
      })
      await assertMatchesContract(t.app, 'addLinkedProceedingEvent', event)
      const pfd = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/pfd-reports`,
        headers: investigator,
        payload: { issuedOn: '2026-03-05', addressedTo: 'Chief Constable', concerns: 'Cell checks' },
      })
      assert.equal(pfd.statusCode, 201, pfd.body)
      await assertMatchesContract(t.app, 'addPfdReport', pfd)
      assert.equal(pfd.json().responseDueOn, '2026-04-30')
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/pfd-reports/${pfd.json().id}/response`,
        headers: { ...lead, 'if-match': pfd.headers.etag as string },
        payload: { receivedOn: '2026-04-20', summary: 'Policy changed' },
      })
      assert.equal(response.statusCode, 200, response.body)
      await assertMatchesContract(t.app, 'recordPfdResponse', response)

      const boundary = 'x-candour-boundary'
      const multipartBody = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="title"',
        '',
        'Record of inquest',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="record.txt"',
        'Content-Type: text/plain',
        '',
        'The record of the inquest',
        `--${boundary}--`,
        '',
      ].join('\r\n')
      const uploaded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/documents`,
        headers: { ...investigator, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: multipartBody,
      })
      assert.equal(uploaded.statusCode, 201, uploaded.body)
      await assertMatchesContract(t.app, 'uploadLinkedProceedingDocument', uploaded)
      const content = await t.app.inject({ method: 'GET', url: uploaded.json().contentUrl, headers: investigator })
      assert.equal(content.statusCode, 200)
      assert.equal(content.body, 'The record of the inquest')

      const noIfMatch = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/status`,
        headers: lead,
        payload: { status: 'adjourned', on: '2026-04-02' },
      })
      assert.equal(noIfMatch.statusCode, 428)
      const got = await t.app.inject({
        method: 'GET',
        url: `/api/v1/linked-proceedings/${proceeding.id}`,
        headers: investigator,
      })
      assert.equal(got.statusCode, 200)
      await assertMatchesContract(t.app, 'getLinkedProceeding', got)
      const stale = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/status`,
        headers: { ...lead, 'if-match': '"99"' },
        payload: { status: 'adjourned', on: '2026-04-02' },
      })
      assert.equal(stale.statusCode, 412)
      const invalid = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/status`,
        headers: { ...lead, 'if-match': got.headers.etag as string },
        payload: { status: 'concluded', on: '2026-04-02' },
      })
      assert.equal(invalid.statusCode, 422)
      const concluded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/linked-proceedings/${proceeding.id}/status`,
        headers: { ...lead, 'if-match': got.headers.etag as string },
        payload: { status: 'concluded', on: '2026-04-02', conclusion: 'Narrative conclusion' },
      })
      assert.equal(concluded.statusCode, 200, concluded.body)
      await assertMatchesContract(t.app, 'changeLinkedProceedingStatus', concluded)

      const holds = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/publication-holds`,
        headers: investigator,
      })
      await assertMatchesContract(t.app, 'listPublicationHolds', holds)
      assert.deepEqual(
        holds.json().items.map((h: { liftedBecause: string }) => h.liftedBecause),
        ['proceeding_concluded'],
      )
    })

    it('places and lifts a hold by hand with a reason and If-Match; only the DM decides a re-investigation', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/publication-holds`,
        headers: investigator,
        payload: { reason: 'x' },
      })
      assert.equal(refused.statusCode, 403)
      const placed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/publication-holds`,
        headers: lead,
        payload: { reason: 'Awaiting a CPS decision' },
      })
      assert.equal(placed.statusCode, 201, placed.body)
      await assertMatchesContract(t.app, 'placePublicationHold', placed)
      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/v1/publication-holds/${placed.json().id}/lift`,
        headers: { ...dm, 'if-match': placed.headers.etag as string },
        payload: { reason: '' },
      })
      assert.equal(noReason.statusCode, 422)
      const lifted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/publication-holds/${placed.json().id}/lift`,
        headers: { ...dm, 'if-match': placed.headers.etag as string },
        payload: { reason: 'CPS decided not to charge' },
      })
      assert.equal(lifted.statusCode, 200, lifted.body)
      await assertMatchesContract(t.app, 'liftPublicationHold', lifted)
      assert.equal(lifted.json().liftedBecause, 'decision')

      await t.database.db
        .updateTable('investigations')
        .set({ status: 'closed', closed_on: '2026-05-01' })
        .where('id', '=', investigation.id)
        .execute()
      const proposed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/reinvestigations`,
        headers: lead,
        payload: { ground: 'significant_new_information', detail: 'New evidence at the inquest' },
      })
      assert.equal(proposed.statusCode, 201, proposed.body)
      await assertMatchesContract(t.app, 'proposeReinvestigation', proposed)
      const byLead = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reinvestigations/${proposed.json().id}/decision`,
        headers: { ...lead, 'if-match': proposed.headers.etag as string },
        payload: { decision: 'approved', reason: 'Yes' },
      })
      assert.equal(byLead.statusCode, 403)
      const decided = await t.app.inject({
        method: 'POST',
        url: `/api/v1/reinvestigations/${proposed.json().id}/decision`,
        headers: { ...dm, 'if-match': proposed.headers.etag as string },
        payload: { decision: 'approved', reason: 'Could have changed the decisions' },
      })
      assert.equal(decided.statusCode, 200, decided.body)
      await assertMatchesContract(t.app, 'decideReinvestigation', decided)
      const links = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${decided.json().newInvestigation.id}/reinvestigations`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listReinvestigations', links)
      assert.equal(links.json().predecessor.id, investigation.id)
    })
  })
}
