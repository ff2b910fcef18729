import assert from 'node:assert/strict'
import { createHash, randomUUID } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`subjects API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let investigator: { authorization: string }
    let caseWorker: { authorization: string }
    let outsider: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
      caseWorker = bearer((await createToken(t.services, team.caseWorker.userId, { write: true })).secret)
      outsider = bearer((await createToken(t.services, team.outsider.userId, { write: true })).secret)
    })
    after(() => t.close())

    let n = 0
    async function addSubject(investigationId: string, headers: Record<string, string> = {}) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigationId}/subjects`,
        headers: { ...investigator, ...headers },
        payload: {
          givenName: 'Morgan',
          familyName: 'Vale',
          warrantNumber: `API${kind}${++n}`,
          kind: 'police_officer',
          rank: 'inspector',
          roleAtTime: 'Duty inspector',
        },
      })
      return response
    }

    it('adds a subject (idempotently), lists them, reads one with its ETag and changes it with If-Match', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const key = randomUUID()
      const created = await addSubject(investigation.id, { 'idempotency-key': key })
      assert.equal(created.statusCode, 201, created.body)
      await assertMatchesContract(t.app, 'addSubject', created)
      const subject = created.json()
      assert.equal(created.headers.location, `/api/v1/subjects/${subject.id}`)
      assert.equal(subject.officer.rank, 'inspector')
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/subjects`,
        headers: { ...investigator, 'idempotency-key': key },
        payload: {
          givenName: 'Morgan',
          familyName: 'Vale',
          warrantNumber: `API${kind}${n}`,
          kind: 'police_officer',
          rank: 'inspector',
          roleAtTime: 'Duty inspector',
        },
      })
      assert.equal(again.headers['idempotent-replayed'], 'true')
      assert.equal(again.json().id, subject.id)

      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/subjects`,
        headers: investigator,
      })
      assert.equal(list.statusCode, 200)
      await assertMatchesContract(t.app, 'listSubjects', list)
      assert.deepEqual(
        list.json().items.map((s: { id: string }) => s.id),
        [subject.id],
      )

      const got = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${subject.id}`, headers: investigator })
      assert.equal(got.statusCode, 200)
      await assertMatchesContract(t.app, 'getSubject', got)
      assert.equal(got.headers.etag, `"${subject.version}"`)

      const noIfMatch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/subjects/${subject.id}`,
        headers: investigator,
        payload: { roleAtTime: 'Custody inspector' },
      })
      assert.equal(noIfMatch.statusCode, 428)
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/subjects/${subject.id}`,
        headers: { ...investigator, 'if-match': got.headers.etag as string },
        payload: { roleAtTime: 'Custody inspector' },
      })
      assert.equal(patched.statusCode, 200, patched.body)
      await assertMatchesContract(t.app, 'updateSubject', patched)
      assert.equal(patched.json().roleAtTime, 'Custody inspector')
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/subjects/${subject.id}`,
        headers: { ...investigator, 'if-match': got.headers.etag as string },
        payload: { roleAtTime: 'Stale' },
      })
      assert.equal(stale.statusCode, 412)
      await assertMatchesContract(t.app, 'updateSubject', stale)

      const search = await t.app.inject({
        method: 'GET',
        url: `/api/v1/officers?q=${encodeURIComponent(`api${kind}${n}`)}`,
        headers: investigator,
      })
      assert.equal(search.statusCode, 200, search.body)
      await assertMatchesContract(t.app, 'searchOfficers', search)
      assert.equal(search.json().items[0].id, subject.officer.id)
    })

    it('records allegations and severity, generates the notice PDF, records service and response', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subject = (await addSubject(investigation.id)).json()
      const allegation = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/allegations`,
        headers: investigator,
        payload: { description: 'Did not check cell', standards: ['duties_and_responsibilities'] },
      })
      assert.equal(allegation.statusCode, 201, allegation.body)
      await assertMatchesContract(t.app, 'addAllegation', allegation)
      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/allegations/${allegation.json().id}`,
        headers: { ...investigator, 'if-match': `"${allegation.json().version}"` },
        payload: { standards: ['duties_and_responsibilities', 'honesty_and_integrity'] },
      })
      assert.equal(changed.statusCode, 200, changed.body)
      await assertMatchesContract(t.app, 'updateAllegation', changed)

      const tooEarly = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/notices`,
        headers: investigator,
      })
      assert.equal(tooEarly.statusCode, 409)
      await assertMatchesContract(t.app, 'generateNotice', tooEarly)

      for (const [severity, assessedOn] of [
        ['misconduct', '2025-05-01'],
        ['gross_misconduct', '2025-06-01'],
      ] as const) {
        const assessed = await t.app.inject({
          method: 'POST',
          url: `/api/v1/subjects/${subject.id}/severity-assessments`,
          headers: investigator,
          payload: { severity, rationale: 'Evidence so far', assessedOn },
        })
        assert.equal(assessed.statusCode, 201, assessed.body)
        await assertMatchesContract(t.app, 'addSeverityAssessment', assessed)
      }
      const history = await t.app.inject({
        method: 'GET',
        url: `/api/v1/subjects/${subject.id}/severity-assessments`,
        headers: investigator,
      })
      await assertMatchesContract(t.app, 'listSeverityAssessments', history)
      assert.deepEqual(
        history.json().items.map((a: { severity: string }) => a.severity),
        ['misconduct', 'gross_misconduct'],
      )
      assert.equal(history.json().currentSeverity, 'gross_misconduct')

      const generated = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/notices`,
        headers: investigator,
      })
      assert.equal(generated.statusCode, 201, generated.body)
      await assertMatchesContract(t.app, 'generateNotice', generated)
      const notice = generated.json()
      assert.equal(notice.severity, 'gross_misconduct')

      const pdf = await t.app.inject({ method: 'GET', url: notice.pdfUrl, headers: investigator })
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.match(
        String(pdf.headers['content-disposition']),
        /^attachment; filename="notice-of-investigation-.+\.pdf"$/,
      )
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
      assert.equal(createHash('sha256').update(pdf.rawPayload).digest('hex'), notice.contentSha256)

      const served = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/notices/${notice.id}`,
        headers: { ...investigator, 'if-match': `"${notice.version}"` },
        payload: { servedOn: '2025-12-22', serviceMethod: 'via_federation_representative' },
      })
      assert.equal(served.statusCode, 200, served.body)
      await assertMatchesContract(t.app, 'updateNotice', served)
      assert.equal(served.json().responseDueOn, '2026-01-08')
      const computed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/notices/${notice.id}`,
        headers: { ...investigator, 'if-match': served.headers.etag as string },
        payload: { responseDueOn: '2030-01-01' },
      })
      // The due date is computed, never sent: a body naming it is refused (bodies are strict, issue 10).
      assert.equal(computed.statusCode, 422)
      assert.deepEqual(
        computed.json().errors.map((e: { path: string }) => e.path),
        ['body.responseDueOn'],
      )
      const got = await t.app.inject({ method: 'GET', url: `/api/v1/notices/${notice.id}`, headers: investigator })
      assert.equal(got.json().responseDueOn, '2026-01-08', 'the due date is unchanged')
      await assertMatchesContract(t.app, 'getNotice', got)
      const responded = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/notices/${notice.id}`,
        headers: { ...investigator, 'if-match': got.headers.etag as string },
        payload: { responseReceivedOn: '2026-01-06', responseSummary: 'Prepared statement' },
      })
      assert.equal(responded.statusCode, 200, responded.body)
      assert.equal(responded.json().responseSummary, 'Prepared statement')

      const interview = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${subject.id}/interviews`,
        headers: investigator,
        payload: { kind: 'under_caution', heldOn: '2026-01-10' },
      })
      assert.equal(interview.statusCode, 201, interview.body)
      await assertMatchesContract(t.app, 'recordInterview', interview)
      const detail = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${subject.id}`, headers: investigator })
      await assertMatchesContract(t.app, 'getSubject', detail)
      assert.equal(detail.json().status, 'responded')
    })

    it('refuses case workers and outsiders, and names invalid fields', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subject = (await addSubject(investigation.id)).json()
      for (const headers of [caseWorker, outsider]) {
        const list = await t.app.inject({
          method: 'GET',
          url: `/api/v1/investigations/${investigation.id}/subjects`,
          headers,
        })
        assert.equal(list.statusCode, 403)
        await assertMatchesContract(t.app, 'listSubjects', list)
        const one = await t.app.inject({ method: 'GET', url: `/api/v1/subjects/${subject.id}`, headers })
        assert.equal(one.statusCode, 403)
      }
      const invalid = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/subjects`,
        headers: investigator,
        payload: { givenName: '', kind: 'general' },
      })
      assert.equal(invalid.statusCode, 422)
      await assertMatchesContract(t.app, 'addSubject', invalid)
      const paths = invalid.json().errors.map((e: { path: string }) => e.path)
      assert.ok(paths.includes('body.givenName') && paths.includes('body.kind'), paths.join())
      const missing = await t.app.inject({
        method: 'GET',
        url: `/api/v1/subjects/${randomUUID()}`,
        headers: investigator,
      })
      assert.equal(missing.statusCode, 404)
    })
  })
}
