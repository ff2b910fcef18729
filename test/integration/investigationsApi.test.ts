import { randomUUID } from 'node:crypto'
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { forceId, makeTeam, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`investigations API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let leadAuth: { authorization: string }
    let outsiderAuth: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      leadAuth = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      outsiderAuth = bearer((await createToken(t.services, team.outsider.userId, { write: true })).secret)
    })
    after(() => t.close())

    async function openThroughApi(title: string) {
      const referral = await t.app.inject({
        method: 'POST',
        url: '/api/v1/referrals',
        headers: leadAuth,
        payload: {
          matterType: 'dsi_matter',
          referringForceId: await forceId(t.services),
          receivedOn: '2026-05-01',
          category: 'death_or_serious_injury',
          summary: 'A death in custody',
          people: [{ role: 'deceased', fullName: 'Pat Example', dateOfDeath: '2026-04-30' }],
        },
      })
      assert.equal(referral.statusCode, 201, referral.body)
      await assertMatchesContract(t.app, 'recordReferral', referral)
      const referralId = referral.json().id as string
      const assessed = await t.app.inject({
        method: 'POST',
        url: `/api/v1/referrals/${referralId}/assessments`,
        headers: leadAuth,
        payload: { form: 'independent', rationale: 'Death in custody', decidedOn: '2026-05-02' },
      })
      assert.equal(assessed.statusCode, 201, assessed.body)
      await assertMatchesContract(t.app, 'assessReferral', assessed)
      const request = {
        method: 'POST' as const,
        url: '/api/v1/investigations',
        headers: { ...leadAuth, 'idempotency-key': randomUUID() },
        payload: {
          referralIds: [referralId],
          title,
          termsOfReference: 'ToR',
          leadInvestigatorId: team.lead.userId,
          decisionMakerId: team.decisionMaker.userId,
          openedOn: '2026-05-03',
        },
      }
      const opened = await t.app.inject(request)
      assert.equal(opened.statusCode, 201, opened.body)
      await assertMatchesContract(t.app, 'openInvestigation', opened)
      // A retry (the client never saw the answer) replays it: no second investigation.
      const retry = await t.app.inject(request)
      assert.equal(retry.statusCode, 201)
      assert.equal(retry.headers['idempotent-replayed'], 'true')
      assert.equal(retry.json().id, opened.json().id)
      return opened
    }

    it('records, assesses and opens an investigation, and an idempotent retry opens nothing twice', async () => {
      const opened = await openThroughApi('API opened case')
      const body = opened.json()
      assert.match(body.reference, /^2026\/\d{6}$/)
      assert.equal(opened.headers.etag, `"${body.version}"`)
      const list = await t.app.inject({
        method: 'GET',
        url: '/api/v1/investigations?q=API%20opened',
        headers: leadAuth,
      })
      assert.equal(list.statusCode, 200)
      await assertMatchesContract(t.app, 'listInvestigations', list)
      assert.deepEqual(
        list.json().items.map((i: { id: string }) => i.id),
        [body.id],
      )
    })

    it('changes the title with If-Match, refusing a stale version with 412 and none with 428', async () => {
      const opened = (await openThroughApi('Rename me')).json()
      const url = `/api/v1/investigations/${opened.id}`
      const missing = await t.app.inject({ method: 'PATCH', url, headers: leadAuth, payload: { title: 'New title' } })
      assert.equal(missing.statusCode, 428)
      const ok = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...leadAuth, 'if-match': `"${opened.version}"` },
        payload: { title: 'New title' },
      })
      assert.equal(ok.statusCode, 200, ok.body)
      await assertMatchesContract(t.app, 'updateInvestigation', ok)
      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...leadAuth, 'if-match': `"${opened.version}"` },
        payload: { title: 'Lost update' },
      })
      assert.equal(stale.statusCode, 412)
      assert.equal(stale.headers['content-type'], 'application/problem+json; charset=utf-8')
      const got = await t.app.inject({ method: 'GET', url, headers: leadAuth })
      assert.equal(got.json().title, 'New title')
      await assertMatchesContract(t.app, 'getInvestigation', got)
    })

    it('refuses an outsider (403) and an invalid lifecycle move names what is missing (409)', async () => {
      const opened = (await openThroughApi('Guarded case')).json()
      const denied = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${opened.id}`,
        headers: outsiderAuth,
      })
      assert.equal(denied.statusCode, 403)
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${opened.id}/status-changes`,
        headers: { ...leadAuth, 'if-match': `"${opened.version}"` },
        payload: { status: 'report_sent_to_appropriate_authority' },
      })
      assert.equal(bad.statusCode, 409)
      assert.ok(bad.json().detail.length > 10)
      const good = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${opened.id}/status-changes`,
        headers: { ...leadAuth, 'if-match': `"${opened.version}"` },
        payload: { status: 'investigating' },
      })
      assert.equal(good.statusCode, 200, good.body)
      await assertMatchesContract(t.app, 'changeInvestigationStatus', good)
    })

    it('rejects a tampered cursor with 422 on query.cursor', async () => {
      const response = await t.app.inject({
        method: 'GET',
        url: '/api/v1/investigations?cursor=bm9wZQ',
        headers: leadAuth,
      })
      assert.equal(response.statusCode, 422)
      assert.equal(response.json().errors[0].path, 'query.cursor')
    })
  })
}
