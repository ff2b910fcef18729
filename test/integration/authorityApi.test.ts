import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemContext } from '../../src/services/context.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

const today = () => new Date().toISOString().slice(0, 10)

for (const kind of DATABASE_KINDS) {
  describe(`the appropriate authority through the API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let northshire: { authorization: string }
    let northshireReadOnly: { authorization: string }
    let southshire: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      await t.services.organisations.ensure(
        { code: 'SOUTHSHIRE', name: 'Southshire Constabulary', kind: 'police_force' },
        systemContext(),
      )
      team = await makeTeam(t.services)
      const north = await contextFor(
        t.services,
        `psd-north-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      const south = await contextFor(
        t.services,
        `psd-south-${kind}@example.test`,
        ['appropriate_authority'],
        'SOUTHSHIRE',
      )
      northshire = bearer((await createToken(t.services, north.userId, { write: true })).secret)
      northshireReadOnly = bearer((await createToken(t.services, north.userId)).secret)
      southshire = bearer((await createToken(t.services, south.userId, { write: true })).secret)
    })
    after(() => t.close())

    async function sentCase(title: string) {
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Nora', familyName: 'Northfield', determination: 'case_to_answer_misconduct' },
        { givenName: 'Sid', familyName: 'Southgate', determination: 'no_case_to_answer', forceCode: 'SOUTHSHIRE' },
      ])
      await t.database.db.updateTable('investigations').set({ title }).where('id', '=', investigation.id).execute()
      const fresh = await t.services.investigations.header(investigation.id, team.lead)
      await t.services.publications.addRedaction(
        investigation.id,
        { section: 'summary', text: 'failed to link', reason: 'third_party_personal_data' },
        team.lead,
      )
      await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: 'Northfield', reason: 'junior_officer_name' },
        team.lead,
      )
      await t.services.outcomes.sendReport(
        investigation.id,
        { sentOn: today() },
        fresh.investigation.version,
        team.lead,
      )
      return { investigation, north: subjects[0]!, south: subjects[1]! }
    }

    it('a force token finds the report, reads what it must answer, and answers it; another force sees nothing', async () => {
      const first = await sentCase('First case sent')
      const { investigation, north, south } = await sentCase('Second case sent')

      // Finding: newest first, keyset pages.
      const page1 = await t.app.inject({ method: 'GET', url: '/api/v1/authority/reports?limit=1', headers: northshire })
      assert.equal(page1.statusCode, 200, page1.body)
      await assertMatchesContract(t.app, 'listAuthorityReports', page1)
      const items1 = page1.json().items as { id: string; responseDueOn: string; subjects: number }[]
      assert.equal(items1.length, 1)
      assert.equal(items1[0]!.id, investigation.id, 'the newest first (same day: the later id)')
      assert.equal(items1[0]!.subjects, 1, 'only its own force’s subjects are counted')
      assert.match(items1[0]!.responseDueOn, /^\d{4}-\d{2}-\d{2}$/)
      assert.ok(page1.json().nextCursor)
      const page2 = await t.app.inject({
        method: 'GET',
        url: `/api/v1/authority/reports?limit=1&cursor=${encodeURIComponent(page1.json().nextCursor)}`,
        headers: northshire,
      })
      assert.deepEqual(
        page2.json().items.map((i: { id: string }) => i.id),
        [first.investigation.id],
      )
      assert.equal(page2.json().nextCursor, null)

      // Reading: the force's subjects only, never the other force's officer or the family.
      const read = await t.app.inject({
        method: 'GET',
        url: `/api/v1/authority/reports/${investigation.id}`,
        headers: northshire,
      })
      assert.equal(read.statusCode, 200, read.body)
      await assertMatchesContract(t.app, 'getAuthorityReport', read)
      const report = read.json()
      assert.deepEqual(
        report.subjects.map((s: { id: string }) => s.id),
        [north.id],
      )
      assert.equal(report.subjects[0].determination, 'case_to_answer_misconduct')
      assert.equal(report.canRespond, true)
      assert.ok(!read.body.includes('Southgate'), 'another force’s officer is never named')
      assert.ok(!read.body.includes('Alex Example'), 'nothing about the family')
      assert.ok(!read.body.includes('Analysis naming everyone'), 'the evidence analysis stays with the oversight body')
      const text = JSON.stringify(report.report.sections)
      assert.match(text, /\[redacted: third-party personal data\]/, 'a third party’s redaction applies to the force')
      assert.match(text, /Finding about Nora Northfield/, 'its own officer’s name is not redacted from the force')
      assert.deepEqual(
        report.report.sections.map((s: { id: string }) => s.id),
        ['summary', 'terms-of-reference', 'findings', 'learning'],
      )
      const numbers = report.report.sections.flatMap((s: { blocks: { paragraphs?: { number: number }[] }[] }) =>
        s.blocks.flatMap((b) => (b.paragraphs ?? []).map((p) => p.number)),
      )
      assert.deepEqual(
        numbers,
        numbers.map((_: number, i: number) => i + 1),
        'paragraphs numbered through the force’s copy',
      )

      const pdf = await t.app.inject({ method: 'GET', url: report.report.pdfUrl, headers: northshire })
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')

      // Answering, with the ids read.
      const answered = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${north.id}/authority-responses`,
        headers: northshire,
        payload: { agrees: true, proposedProceedings: 'meeting', reasons: 'We agree', respondedOn: today() },
      })
      assert.equal(answered.statusCode, 201, answered.body)
      await assertMatchesContract(t.app, 'recordAuthorityResponse', answered)
      const readBack = await t.app.inject({
        method: 'GET',
        url: `/api/v1/authority-responses/${answered.json().id}`,
        headers: northshire,
      })
      assert.equal(readBack.statusCode, 200, readBack.body)
      const proceeding = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${north.id}/proceedings`,
        headers: northshire,
        payload: { kind: 'meeting', scheduledOn: today() },
      })
      assert.equal(proceeding.statusCode, 201, proceeding.body)
      const outcome = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/proceedings/${proceeding.json().id}`,
        headers: { ...northshire, 'if-match': proceeding.headers.etag as string },
        payload: { heldOn: today(), outcome: 'written_warning', outcomeOn: today() },
      })
      assert.equal(outcome.statusCode, 200, outcome.body)
      const listed = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/proceedings`,
        headers: northshire,
      })
      assert.equal(listed.statusCode, 200)
      assert.deepEqual(
        listed.json().items.map((p: { subjectId: string }) => p.subjectId),
        [north.id],
      )
      const after = (
        await t.app.inject({ method: 'GET', url: `/api/v1/authority/reports/${investigation.id}`, headers: northshire })
      ).json()
      assert.equal(after.subjects[0].response.agrees, true)
      assert.equal(after.subjects[0].proceeding.outcome, 'written_warning')

      // The other force's officer is not this force's to answer about.
      const notOurs = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${south.id}/authority-responses`,
        headers: northshire,
        payload: { agrees: true, proposedProceedings: 'none', reasons: 'x', respondedOn: today() },
      })
      assert.equal(notOurs.statusCode, 404)
      const readOnly = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${north.id}/proceedings`,
        headers: northshireReadOnly,
        payload: { kind: 'meeting' },
      })
      assert.equal(readOnly.statusCode, 403)

      // Another force's token sees nothing of it.
      const southList = await t.app.inject({ method: 'GET', url: '/api/v1/authority/reports', headers: southshire })
      assert.equal(southList.statusCode, 200)
      assert.deepEqual(southList.json().items, [])
      for (const url of [
        `/api/v1/authority/reports/${investigation.id}`,
        `/api/v1/authority/reports/${investigation.id}/pdf`,
        `/api/v1/investigations/${investigation.id}/proceedings`,
        `/api/v1/investigations/${investigation.id}/authority-responses`,
        `/api/v1/authority-responses/${answered.json().id}`,
        `/api/v1/proceedings/${proceeding.json().id}`,
      ]) {
        const refused = await t.app.inject({ method: 'GET', url, headers: southshire })
        assert.ok([403, 404].includes(refused.statusCode), `${url}: ${refused.statusCode}`)
        assert.ok(!refused.body.includes('Northfield'), url)
      }
      const southAnswer = await t.app.inject({
        method: 'POST',
        url: `/api/v1/subjects/${south.id}/authority-responses`,
        headers: southshire,
        payload: { agrees: true, proposedProceedings: 'none', reasons: 'x', respondedOn: today() },
      })
      assert.ok([403, 404].includes(southAnswer.statusCode), southAnswer.body)

      // And a force token reaches none of the oversight body's own operations.
      for (const url of [
        `/api/v1/investigations/${investigation.id}`,
        `/api/v1/investigations/${investigation.id}/report`,
        `/api/v1/investigations/${investigation.id}/interested-persons`,
        '/api/v1/investigations',
      ]) {
        const refused = await t.app.inject({ method: 'GET', url, headers: northshire })
        assert.ok([403, 404].includes(refused.statusCode), `${url}: ${refused.statusCode}`)
      }
    })
  })
}
