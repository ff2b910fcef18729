import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, startedInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`reports API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let investigator: { authorization: string }
    let dm: { authorization: string }
    let caseWorker: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
      dm = bearer((await createToken(t.services, team.decisionMaker.userId, { write: true })).secret)
      caseWorker = bearer((await createToken(t.services, team.caseWorker.userId, { write: true })).secret)
    })
    after(() => t.close())

    const body = (summary: string) => ({
      summary,
      termsOfReference: 'To investigate.',
      evidenceAnalysis: 'Analysis.',
      learning: '',
      // A PUT replaces the whole report: every section is sent, the lists too (issue 10, finding 5).
      chronologyEventIds: [],
      documentIds: [],
      findings: [],
    })

    it('drafts with If-None-Match then If-Match, keeps and compares versions, submits, approves, and serves the PDF', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const base = `/api/v1/investigations/${investigation.id}`
      const empty = await t.app.inject({ method: 'GET', url: `${base}/report`, headers: investigator })
      assert.equal(empty.statusCode, 200, empty.body)
      await assertMatchesContract(t.app, 'getReport', empty)
      assert.equal(empty.json().status, 'not_started')
      assert.equal(empty.headers.etag, '"0"')

      const noPrecondition = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: investigator,
        payload: body('x'),
      })
      assert.equal(noPrecondition.statusCode, 428)
      const created = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: { ...investigator, 'if-none-match': '*' },
        payload: body('The force did not link the deaths.'),
      })
      assert.equal(created.statusCode, 200, created.body)
      await assertMatchesContract(t.app, 'saveReport', created)
      const again = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: { ...investigator, 'if-none-match': '*' },
        payload: body('again'),
      })
      assert.equal(again.statusCode, 412)
      const byDm = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: { ...dm, 'if-match': created.headers.etag as string },
        payload: body('dm'),
      })
      assert.equal(byDm.statusCode, 403)
      const second = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: { ...investigator, 'if-match': created.headers.etag as string },
        payload: body('The force did not link the four deaths.'),
      })
      assert.equal(second.statusCode, 200, second.body)
      assert.equal(second.json().currentVersionNumber, 2)
      const stale = await t.app.inject({
        method: 'PUT',
        url: `${base}/report`,
        headers: { ...investigator, 'if-match': created.headers.etag as string },
        payload: body('stale'),
      })
      assert.equal(stale.statusCode, 412)

      const versions = await t.app.inject({ method: 'GET', url: `${base}/report-versions`, headers: investigator })
      await assertMatchesContract(t.app, 'listReportVersions', versions)
      assert.deepEqual(
        versions.json().items.map((v: { versionNumber: number }) => v.versionNumber),
        [2, 1],
      )
      const one = await t.app.inject({ method: 'GET', url: `${base}/report-versions/1`, headers: investigator })
      await assertMatchesContract(t.app, 'getReportVersion', one)
      assert.equal(one.json().sections.summary, 'The force did not link the deaths.')
      const compare = await t.app.inject({
        method: 'GET',
        url: `${base}/report-versions/compare?from=1&to=2`,
        headers: investigator,
      })
      assert.equal(compare.statusCode, 200, compare.body)
      await assertMatchesContract(t.app, 'compareReportVersions', compare)
      const summary = compare.json().sections.find((s: { id: string }) => s.id === 'summary')
      assert.deepEqual(
        summary.pieces.filter((p: { kind: string }) => p.kind === 'insert'),
        [{ kind: 'insert', text: 'four ' }],
      )

      const submitted = await t.app.inject({
        method: 'POST',
        url: `${base}/report/submissions`,
        headers: { ...investigator, 'if-match': second.headers.etag as string },
      })
      assert.equal(submitted.statusCode, 200, submitted.body)
      await assertMatchesContract(t.app, 'submitReport', submitted)
      const returned = await t.app.inject({
        method: 'POST',
        url: `${base}/report/returns`,
        headers: { ...dm, 'if-match': submitted.headers.etag as string },
        payload: { comments: 'More analysis.' },
      })
      assert.equal(returned.statusCode, 200, returned.body)
      await assertMatchesContract(t.app, 'returnReport', returned)
      assert.equal(returned.json().status, 'returned')
      const resubmitted = await t.app.inject({
        method: 'POST',
        url: `${base}/report/submissions`,
        headers: { ...investigator, 'if-match': returned.headers.etag as string },
      })
      const approved = await t.app.inject({
        method: 'POST',
        url: `${base}/report/approvals`,
        headers: { ...dm, 'if-match': resubmitted.headers.etag as string },
      })
      assert.equal(approved.statusCode, 200, approved.body)
      await assertMatchesContract(t.app, 'approveReport', approved)
      assert.equal(approved.json().approvedVersionNumber, 2)

      const pdf = await t.app.inject({ method: 'GET', url: `${base}/report/pdf`, headers: investigator })
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF')
      assert.equal(pdf.headers['x-content-sha256'], createHash('sha256').update(pdf.rawPayload).digest('hex'))
      const refused = await t.app.inject({ method: 'GET', url: `${base}/report`, headers: caseWorker })
      assert.equal(refused.statusCode, 403)
    })

    it('records a determination (decision maker only) and refuses approval naming the subject without one', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Hannah',
          familyName: 'Brixey',
          warrantNumber: `NP${kind}5012`,
          kind: 'police_officer',
          rank: 'constable',
        },
        team.investigator,
      )
      await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Did not attend', standards: ['duties_and_responsibilities'] },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'misconduct', rationale: 'x', assessedOn: '2026-03-05' },
        team.lead,
      )
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      const served = await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-03-06', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      await t.services.subjects.updateNotice(
        notice.id,
        { responseReceivedOn: '2026-03-10' },
        served.version,
        team.investigator,
      )
      const { report } = await t.services.reports.save(investigation.id, body('Draft'), 0, team.investigator)
      const submitted = await t.services.reports.submit(investigation.id, report.version, team.investigator)

      const refused = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/report/approvals`,
        headers: { ...dm, 'if-match': `"${submitted.report.version}"` },
      })
      assert.equal(refused.statusCode, 409, refused.body)
      assert.match(refused.json().detail, /No determination yet for PC Hannah Brixey \(NP\w+5012\)/)

      const url = `/api/v1/subjects/${subject.id}/determination`
      const missing = await t.app.inject({ method: 'GET', url, headers: investigator })
      assert.equal(missing.statusCode, 404)
      const byInvestigator = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...investigator, 'if-none-match': '*' },
        payload: { determination: 'no_case_to_answer', rationale: 'x' },
      })
      assert.equal(byInvestigator.statusCode, 403)
      const recorded = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...dm, 'if-none-match': '*' },
        payload: { determination: 'unsatisfactory_performance', rationale: 'Performance failings', cpsReferral: true },
      })
      assert.equal(recorded.statusCode, 200, recorded.body)
      await assertMatchesContract(t.app, 'recordDetermination', recorded)
      const got = await t.app.inject({ method: 'GET', url, headers: investigator })
      await assertMatchesContract(t.app, 'getDetermination', got)
      assert.equal(got.json().cpsDecision, 'pending')
      const cps = await t.app.inject({
        method: 'POST',
        url: `${url}/cps-decisions`,
        headers: { ...dm, 'if-match': got.headers.etag as string },
        payload: { decision: 'no_further_action', decidedOn: '2026-04-01' },
      })
      assert.equal(cps.statusCode, 200, cps.body)
      await assertMatchesContract(t.app, 'recordCpsDecision', cps)
      const approved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/report/approvals`,
        headers: { ...dm, 'if-match': `"${submitted.report.version}"` },
      })
      assert.equal(approved.statusCode, 200, approved.body)
    })
  })
}
