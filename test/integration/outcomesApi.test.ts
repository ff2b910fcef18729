import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'
import { londonDateOf } from '../../src/domain/calendar.js'

// The service judges dates against the London calendar, so "today" must be London's too (UTC is
// a day behind for an hour each summer night).
const today = () => londonDateOf(new Date())

for (const kind of DATABASE_KINDS) {
  describe(`outcomes API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: { authorization: string }
    let caseWorker: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      caseWorker = bearer((await createToken(t.services, team.caseWorker.userId, { write: true })).secret)
    })
    after(() => t.close())

    it('sends the report, then recommendation → direction → proceedings → outcome, and learning recommendations, to the contract', async () => {
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Ivo', familyName: 'Kemp', determination: 'case_to_answer_gross_misconduct' },
      ])
      const subject = subjects[0]!
      const url = `/api/v1/investigations/${investigation.id}/report-sending`
      const noIfMatch = await t.app.inject({ method: 'POST', url, headers: lead, payload: { sentOn: today() } })
      assert.equal(noIfMatch.statusCode, 428)
      const sent = await t.app.inject({
        method: 'POST',
        url,
        headers: { ...lead, 'if-match': `"${investigation.version}"` },
        payload: { sentOn: today() },
      })
      assert.equal(sent.statusCode, 201, sent.body)
      await assertMatchesContract(t.app, 'sendReportToAuthority', sent)
      const got = await t.app.inject({ method: 'GET', url, headers: lead })
      await assertMatchesContract(t.app, 'getReportSending', got)
      assert.equal(got.json().responseDueOn, sent.json().responseDueOn)
      const refused = await t.app.inject({ method: 'GET', url, headers: caseWorker })
      assert.equal(refused.statusCode, 403)

      const psd = await contextFor(t.services, `psd-api-${kind}@example.test`, ['appropriate_authority'], 'NORTHSHIRE')
      await t.services.outcomes.recordResponse(
        subject.id,
        { agrees: false, proposedProceedings: 'meeting', reasons: 'Misconduct only', respondedOn: today() },
        psd,
      )
      const responses = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/authority-responses`,
        headers: lead,
      })
      assert.equal(responses.statusCode, 200)
      await assertMatchesContract(t.app, 'listAuthorityResponses', responses)
      const responseId = responses.json().items[0].id as string
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/authority-responses/${responseId}`, headers: lead })
      await assertMatchesContract(t.app, 'getAuthorityResponse', one)

      const rec = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/recommendations`,
        headers: lead,
        payload: { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Gross misconduct' },
      })
      assert.equal(rec.statusCode, 201, rec.body)
      await assertMatchesContract(t.app, 'makeRecommendation', rec)
      const early = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/directions`,
        headers: lead,
        payload: { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Direct' },
      })
      assert.equal(early.statusCode, 409)
      const recUrl = `/api/v1/recommendations/${rec.json().id}`
      const stale = await t.app.inject({
        method: 'PATCH',
        url: recUrl,
        headers: { ...lead, 'if-match': '"99"' },
        payload: { accepted: false, respondedOn: today() },
      })
      assert.equal(stale.statusCode, 412)
      const notAccepted = await t.app.inject({
        method: 'PATCH',
        url: recUrl,
        headers: { ...lead, 'if-match': rec.headers.etag as string },
        payload: { accepted: false, respondedOn: today() },
      })
      assert.equal(notAccepted.statusCode, 200, notAccepted.body)
      await assertMatchesContract(t.app, 'updateRecommendation', notAccepted)
      const direction = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/directions`,
        headers: lead,
        payload: { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Directed' },
      })
      assert.equal(direction.statusCode, 201, direction.body)
      await assertMatchesContract(t.app, 'makeDirection', direction)
      const directions = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/directions`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listDirections', directions)
      assert.equal(directions.json().items.length, 1)
      const wrongKind = await t.app.inject({
        method: 'GET',
        url: `/api/v1/recommendations/${direction.json().id}`,
        headers: lead,
      })
      assert.equal(wrongKind.statusCode, 404)

      const hearing = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/proceedings`,
        headers: lead,
        payload: {
          kind: 'hearing',
          scheduledOn: today(),
          chairName: 'Chair LQC',
          chairLegallyQualified: true,
          panel: ['Member One', 'Member Two'],
        },
      })
      assert.equal(hearing.statusCode, 201, hearing.body)
      await assertMatchesContract(t.app, 'recordProceeding', hearing)
      const badOutcome = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/proceedings/${hearing.json().id}`,
        headers: { ...lead, 'if-match': hearing.headers.etag as string },
        payload: { outcome: 'written_warning', outcomeOn: today() },
      })
      assert.equal(badOutcome.statusCode, 422, 'an outcome needs the date the hearing was held')
      const outcome = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/proceedings/${hearing.json().id}`,
        headers: { ...lead, 'if-match': hearing.headers.etag as string },
        payload: {
          heldOn: today(),
          outcome: 'dismissal_without_notice',
          outcomeOn: today(),
          barredListEntryOn: today(),
        },
      })
      assert.equal(outcome.statusCode, 200, outcome.body)
      await assertMatchesContract(t.app, 'updateProceeding', outcome)
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/proceedings`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listProceedings', list)
      const oneProceeding = await t.app.inject({
        method: 'GET',
        url: `/api/v1/proceedings/${hearing.json().id}`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'getProceeding', oneProceeding)
      assert.equal(oneProceeding.json().outcome, 'dismissal_without_notice')

      const learning = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/learning-recommendations`,
        headers: lead,
        payload: {
          recipientKind: 'force',
          recipientName: 'Northshire Police',
          text: 'Link related deaths',
          madeOn: today(),
          responseDueOn: '2099-01-31',
        },
      })
      assert.equal(learning.statusCode, 201, learning.body)
      await assertMatchesContract(t.app, 'makeLearningRecommendation', learning)
      const answered = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/learning-recommendations/${learning.json().id}`,
        headers: { ...lead, 'if-match': learning.headers.etag as string },
        payload: { response: 'accepted', respondedOn: today(), followUpActions: [{ action: 'Audit in six months' }] },
      })
      assert.equal(answered.statusCode, 200, answered.body)
      await assertMatchesContract(t.app, 'updateLearningRecommendation', answered)
      const learningList = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/learning-recommendations`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listLearningRecommendations', learningList)
      const learningOne = await t.app.inject({
        method: 'GET',
        url: `/api/v1/learning-recommendations/${learning.json().id}`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'getLearningRecommendation', learningOne)
      assert.deepEqual(learningOne.json().followUpActions, [
        { action: 'Audit in six months', dueOn: null, doneOn: null },
      ])
    })
  })
}
