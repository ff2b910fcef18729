import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { contextFor, makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'
import { problemViolations } from '../support/problemContract.js'

describe('the 422 contract check', () => {
  it('accepts body., query., params. and headers. paths, and flags anything else', () => {
    const problem = (errors: unknown) => JSON.stringify({ status: 422, errors })
    const type = 'application/problem+json; charset=utf-8'
    assert.deepEqual(problemViolations(type, problem([{ path: 'body.findings.0.subjectId', message: 'x' }])), [])
    assert.deepEqual(problemViolations(type, problem([{ path: 'headers.idempotency-key', message: 'x' }])), [])
    for (const path of ['text', 'url', '', 'body.', 'body..x', 'cursor'])
      assert.equal(problemViolations(type, problem([{ path, message: 'x' }])).length, 1, path)
    assert.equal(problemViolations(type, problem([])).length, 1, 'errors must not be empty')
    assert.equal(problemViolations('application/json', problem([{ path: 'body.x', message: 'x' }])).length, 1)
  })
})

for (const kind of DATABASE_KINDS) {
  describe(`reference data and errors[].path through the API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: { authorization: string }
    let investigator: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
    })
    after(() => t.close())

    it('lists the organisations with their codes, for staff and forces alike', async () => {
      const psd = await contextFor(t.services, `ref-psd-${kind}@example.test`, ['appropriate_authority'], 'NORTHSHIRE')
      const psdToken = bearer((await createToken(t.services, psd.userId)).secret)
      for (const headers of [lead, psdToken]) {
        const response = await t.app.inject({ method: 'GET', url: '/api/v1/organisations', headers })
        assert.equal(response.statusCode, 200)
        await assertMatchesContract(t.app, 'listOrganisations', response)
        const codes = response.json().items.map((o: { code: string }) => o.code)
        assert.ok(codes.includes('NORTHSHIRE') && codes.includes('OVERSIGHT'))
      }
      const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/organisations' })
      assert.equal(anonymous.statusCode, 401)
    })

    it('gives the involved people’s ids, which a linked inquest then takes', async () => {
      const { referral, investigation } = await openInvestigation(t.services, team)
      const people = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/involved-people`,
        headers: investigator,
      })
      assert.equal(people.statusCode, 200, people.body)
      await assertMatchesContract(t.app, 'listInvestigationInvolvedPeople', people)
      const [deceased] = people.json().items as { id: string; role: string; fullName: string }[]
      assert.equal(deceased!.role, 'deceased')
      assert.equal(deceased!.fullName, 'Alex Example')
      const onReferral = await t.app.inject({
        method: 'GET',
        url: `/api/v1/referrals/${referral.id}/involved-people`,
        headers: investigator,
      })
      assert.equal(onReferral.statusCode, 200)
      await assertMatchesContract(t.app, 'listReferralInvolvedPeople', onReferral)
      assert.deepEqual(
        onReferral.json().items.map((p: { id: string }) => p.id),
        [deceased!.id],
      )
      const inquest = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/linked-proceedings`,
        headers: investigator,
        payload: {
          kind: 'inquest',
          title: 'Inquest into the death of Alex Example',
          involvedPersonIds: [deceased!.id],
        },
      })
      assert.equal(inquest.statusCode, 201, inquest.body)
      const outsider = bearer((await createToken(t.services, team.outsider.userId)).secret)
      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/involved-people`,
        headers: outsider,
      })
      assert.equal(refused.statusCode, 403)
    })

    it('names where each problem is: body, query, params or headers', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Pat', familyName: 'Path', determination: 'no_case_to_answer' },
      ])
      const paths = async (response: { statusCode: number; json(): { errors: { path: string }[] } }) => {
        assert.equal(response.statusCode, 422)
        return response.json().errors.map((e) => e.path)
      }
      // A service's own check (the text is not in the section): body.text, not text.
      assert.deepEqual(
        await paths(
          await t.app.inject({
            method: 'POST',
            url: `/api/v1/investigations/${investigation.id}/redactions`,
            headers: lead,
            payload: { section: 'summary', text: 'words that are not there', reason: 'personal_data' },
          }),
        ),
        ['body.text'],
      )
      assert.deepEqual(
        await paths(
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/investigations/${investigation.id}/chronology-events?cursor=not-a-cursor`,
            headers: lead,
          }),
        ),
        ['query.cursor'],
      )
      assert.deepEqual(
        await paths(await t.app.inject({ method: 'GET', url: '/api/v1/investigations/not-a-uuid', headers: lead })),
        ['params.id'],
      )
      const post = (payload: object) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/investigations/${investigation.id}/chronology-events`,
          headers: { ...investigator, 'idempotency-key': `key-${kind}` },
          payload,
        })
      const first = await post({ occurredOn: '2026-01-01', kind: 'other', title: 'First' })
      assert.ok(first.statusCode < 500, first.body)
      assert.deepEqual(await paths(await post({ occurredOn: '2026-01-02', kind: 'other', title: 'Second' })), [
        'headers.idempotency-key',
      ])
    })
  })
}
