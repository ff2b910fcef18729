import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const problemAt = (path: string) => (e: unknown) =>
  e instanceof ValidationFailed && e.problems.some((p) => p.path === path)

for (const kind of DATABASE_KINDS) {
  describe(`disclosure schedules (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('lists used and unused (sensitive) material, issues immutable versions, and exports PDF and CSV', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const d = t.services.disclosure
      await assert.rejects(d.create(investigation.id, { title: 'CPS' }, team.caseWorker), Forbidden)
      await assert.rejects(d.create(investigation.id, { title: 'CPS' }, team.decisionMaker), Forbidden)
      let s = await d.create(investigation.id, { title: 'Referral to the CPS' }, team.investigator)
      assert.equal(s.reference, 'DS1')
      await assert.rejects(d.issue(s.id, s.version, team.lead), InvalidTransition)
      const document = await t.services.evidence.upload(
        investigation.id,
        { exhibitReference: 'CCTV/1', title: 'Custody CCTV' },
        { bytes: Buffer.from('video'), filename: 'cctv.mp4', mediaType: 'video/mp4' },
        team.investigator,
      )
      await assert.rejects(
        d.addItem(
          s.id,
          { category: 'used', sensitive: true, description: 'x', sensitivityReason: 'y' },
          s.version,
          team.investigator,
        ),
        problemAt('sensitive'),
      )
      await assert.rejects(
        d.addItem(
          s.id,
          { category: 'unused', sensitive: true, description: 'Intelligence log' },
          s.version,
          team.investigator,
        ),
        problemAt('sensitivityReason'),
      )
      s = await d.addItem(
        s.id,
        { category: 'used', description: 'Custody CCTV', documentId: document.id },
        s.version,
        team.investigator,
      )
      s = await d.addItem(
        s.id,
        { category: 'unused', description: 'Duty rota for the night' },
        s.version,
        team.investigator,
      )
      await assert.rejects(
        d.addItem(s.id, { category: 'unused', description: 'stale' }, s.version - 1, team.investigator),
        Conflict,
      )
      s = await d.addItem(
        s.id,
        {
          category: 'unused',
          sensitive: true,
          description: 'Material from a third party (held by the force)',
          sensitivityReason: 'Identifies a covert human intelligence source',
        },
        s.version,
        team.investigator,
      )
      await assert.rejects(d.issue(s.id, s.version, team.investigator), Forbidden)
      s = await d.issue(s.id, s.version, team.lead)
      assert.equal(s.issuedVersion, 1)
      await assert.rejects(d.issue(s.id, s.version, team.lead), InvalidTransition)
      // An issued version never changes, whatever the application does.
      await assert.rejects(
        t.database.db
          .updateTable('disclosure_schedule_versions')
          .set({ items: '[]' })
          .where('schedule_id', '=', s.id)
          .execute(),
      )
      await assert.rejects(
        t.database.db.deleteFrom('disclosure_schedule_versions').where('schedule_id', '=', s.id).execute(),
      )
      s = await d.addItem(
        s.id,
        { category: 'unused', description: 'Later: 999 call audit' },
        s.version,
        team.investigator,
      )
      s = await d.issue(s.id, s.version, team.lead)
      const got = await d.get(s.id, team.decisionMaker)
      assert.deepEqual(
        got.versions.map((v) => [v.version, v.itemCount]),
        [
          [2, 4],
          [1, 3],
        ],
      )

      const v1 = await d.export(s.id, 'csv', team.decisionMaker, 1)
      const csv = v1.body.toString('utf8')
      assert.match(v1.filename, /DS1-v1\.csv$/)
      assert.equal(csv.trim().split('\r\n').length, 4)
      assert.match(csv, /unused_sensitive,3,.*covert human intelligence source/)
      assert.match(csv, new RegExp(`used,1,Custody CCTV,,CCTV/1,${document.sha256}`))
      assert.doesNotMatch(csv, /999 call audit/)
      const draft = await d.export(s.id, 'pdf', team.lead)
      assert.equal(draft.body.subarray(0, 5).toString(), '%PDF-')
      assert.match(draft.filename, /draft\.pdf$/)
      await assert.rejects(d.get(s.id, team.caseWorker), Forbidden)
      await assert.rejects(d.export(s.id, 'pdf', team.caseWorker), Forbidden)
    })

    it('serves schedules over the API and on the pages', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const investigator = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      const lead = (await createToken(t.services, team.lead.userId, { write: true })).secret
      const caseWorker = (await createToken(t.services, team.caseWorker.userId, { write: true })).secret
      const list = `/api/v1/investigations/${investigation.id}/disclosure-schedules`
      const created = await t.app.inject({
        method: 'POST',
        url: list,
        headers: bearer(investigator),
        payload: { title: 'CPS' },
      })
      assert.equal(created.statusCode, 201)
      await assertMatchesContract(t.app, 'createDisclosureSchedule', created)
      const url = created.headers.location as string
      const added = await t.app.inject({
        method: 'POST',
        url: `${url}/items`,
        headers: { ...bearer(investigator), 'if-match': created.headers.etag as string },
        payload: { category: 'unused', description: 'Rota' },
      })
      assert.equal(added.statusCode, 200)
      await assertMatchesContract(t.app, 'addDisclosureItem', added)
      const invalid = await t.app.inject({
        method: 'POST',
        url: `${url}/items`,
        headers: { ...bearer(investigator), 'if-match': added.headers.etag as string },
        payload: { category: 'unused', sensitive: true, description: 'X' },
      })
      assert.equal(invalid.statusCode, 422)
      const issued = await t.app.inject({
        method: 'POST',
        url: `${url}/versions`,
        headers: { ...bearer(lead), 'if-match': added.headers.etag as string },
        payload: {},
      })
      assert.equal(issued.statusCode, 200)
      await assertMatchesContract(t.app, 'issueDisclosureSchedule', issued)
      const got = await t.app.inject({ method: 'GET', url, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'getDisclosureSchedule', got)
      assert.equal(got.json().versions.length, 1)
      const listed = await t.app.inject({ method: 'GET', url: list, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'listDisclosureSchedules', listed)
      const csv = await t.app.inject({
        method: 'GET',
        url: `${url}/schedule.csv?version=1`,
        headers: bearer(investigator),
      })
      assert.equal(csv.statusCode, 200)
      assert.match(csv.headers['content-type'] as string, /text\/csv/)
      assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer(caseWorker) })).statusCode, 403)

      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.lead.userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      await client.signIn(user.email)
      const tab = `/investigations/${investigation.id}/disclosure`
      const started = await client.postForm(tab, { title: 'Misconduct hearing' }, `${tab}/new`)
      assert.equal(started.statusCode, 303)
      const pageUrl = (started.headers.location as string).split('?')[0]!
      const schedulePage = await client.get(started.headers.location as string)
      assert.match(schedulePage.body, /Schedule started/)
      const version = /name="version" value="(\d+)"/.exec(schedulePage.body)![1]!
      const bad = await client.postForm(`${pageUrl}/items`, { version, kind: 'sensitive', description: 'Log' }, pageUrl)
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Enter why the material is sensitive/)
      const ok = await client.postForm(
        `${pageUrl}/items`,
        { version, kind: 'sensitive', description: 'Third-party material', sensitivityReason: 'Informant' },
        pageUrl,
      )
      assert.equal(ok.statusCode, 303)
      const after = await client.get(ok.headers.location as string)
      assert.match(after.body, /Material listed/)
      const v = /name="version" value="(\d+)"/.exec(after.body)![1]!
      const issuedPage = await client.postForm(`${pageUrl}/issue`, { version: v }, pageUrl)
      assert.equal(issuedPage.statusCode, 303)
      assert.match((await client.get(issuedPage.headers.location as string)).body, /Version 1 issued/)
      const pdf = await client.get(`${pageUrl}/schedule.pdf?version=1`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-')
    })
  })
}
