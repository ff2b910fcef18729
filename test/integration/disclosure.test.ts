import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { pdfText } from '../support/pdf.js'

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
    it('changes and removes items on the working list; an issued version never changes and the next carries the change', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const d = t.services.disclosure
      let s = await d.create(investigation.id, { title: 'Referral to the CPS' }, team.investigator)
      for (const description of ['Custody CCTV', 'Duty rota for the night', 'Canteen receipts'])
        s = await d.addItem(s.id, { category: 'unused', description }, s.version, team.investigator)
      let got = await d.get(s.id, team.investigator)
      const [one, two, three] = got.items
      // Before any version: changed and removed freely, version-checked, by those who prepare it.
      s = await d.changeItem(
        s.id,
        one!.id,
        { category: 'used', description: 'Custody CCTV (served)' },
        s.version,
        team.investigator,
      )
      await assert.rejects(
        d.changeItem(s.id, one!.id, { category: 'unused', description: 'x' }, s.version - 1, team.investigator),
        Conflict,
      )
      await assert.rejects(
        d.changeItem(s.id, one!.id, { category: 'unused', description: 'x' }, s.version, team.caseWorker),
        Forbidden,
      )
      await assert.rejects(
        d.changeItem(s.id, one!.id, { category: 'unused', description: 'x' }, s.version, team.decisionMaker),
        Forbidden,
      )
      await assert.rejects(
        d.changeItem(
          s.id,
          one!.id,
          { category: 'used', sensitive: true, description: 'x', sensitivityReason: 'y' },
          s.version,
          team.investigator,
        ),
        problemAt('sensitive'),
      )
      s = await d.issue(s.id, s.version, team.lead)
      assert.equal(s.itemCount, 3)
      await assert.rejects(d.issue(s.id, s.version, team.lead), InvalidTransition)

      // After version 1: the working list changes, version 1 does not; version 2 carries the change.
      s = await d.changeItem(
        s.id,
        two!.id,
        { category: 'unused', sensitive: true, description: 'Duty rota', sensitivityReason: 'Names covert officers' },
        s.version,
        team.investigator,
      )
      s = await d.removeItem(s.id, three!.id, s.version, team.investigator)
      assert.equal(s.itemCount, 2)
      await assert.rejects(d.removeItem(s.id, three!.id, s.version, team.investigator), /not found|NotFound/i)
      s = await d.addItem(s.id, { category: 'unused', description: '999 call audit' }, s.version, team.investigator)
      got = await d.get(s.id, team.investigator)
      assert.deepEqual(
        got.items.map((i) => i.number),
        [1, 2, 4],
        'a removed number is not used again',
      )
      assert.deepEqual(got.sinceIssued, { added: [4], changed: [2], removed: [3] })
      const v1Before = await d.export(s.id, 'csv', team.lead, 1)
      s = await d.issue(s.id, s.version, team.lead)
      const v1 = (await d.export(s.id, 'csv', team.lead, 1)).body.toString('utf8')
      assert.equal(v1, v1Before.body.toString('utf8'), 'version 1 is exactly as issued')
      assert.match(v1, /unused_non_sensitive,2,Duty rota for the night/)
      assert.match(v1, /Canteen receipts/)
      const v2 = (await d.export(s.id, 'csv', team.lead, 2)).body.toString('utf8')
      assert.match(v2, /unused_sensitive,2,Duty rota,Names covert officers/)
      assert.doesNotMatch(v2, /Canteen receipts/)
      assert.match(v2, /unused_non_sensitive,4,999 call audit/)
      const v2Pdf = await pdfText((await d.export(s.id, 'pdf', team.lead, 2)).body)
      assert.match(v2Pdf, /Since version 1: item 4 added; item 2 changed; item 3 removed/)
      const audits = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('entity_id', '=', s.id)
        .where('action', 'in', ['disclosure-item.changed', 'disclosure-item.removed'])
        .orderBy('seq')
        .execute()
      assert.deepEqual(
        audits.map((a) => a.action),
        ['disclosure-item.changed', 'disclosure-item.changed', 'disclosure-item.removed'],
      )
      assert.match(
        JSON.stringify(audits[2]!.detail),
        /Canteen receipts/,
        'the audit trail keeps what a removed item said',
      )
      assert.doesNotMatch(
        JSON.stringify(audits.map((a) => a.detail)),
        /Names covert officers/,
        'never the reason for sensitivity',
      )

      // Over the API: PUT and DELETE with If-Match on the schedule.
      const investigator = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      const url = `/api/v1/disclosure-schedules/${s.id}`
      const read = await t.app.inject({ method: 'GET', url, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'getDisclosureSchedule', read)
      assert.deepEqual(read.json().sinceIssued, { added: [], changed: [], removed: [] })
      const item4 = read.json().items.find((i: { number: number }) => i.number === 4)
      const stale = await t.app.inject({
        method: 'PUT',
        url: `${url}/items/${item4.id}`,
        headers: { ...bearer(investigator), 'if-match': '"1"' },
        payload: { category: 'unused', sensitive: false, description: '999 call audit and recordings' },
      })
      assert.equal(stale.statusCode, 412)
      const put = await t.app.inject({
        method: 'PUT',
        url: `${url}/items/${item4.id}`,
        headers: { ...bearer(investigator), 'if-match': read.headers.etag as string },
        payload: { category: 'unused', sensitive: false, description: '999 call audit and recordings' },
      })
      assert.equal(put.statusCode, 200, put.body)
      await assertMatchesContract(t.app, 'replaceDisclosureItem', put)
      const removed = await t.app.inject({
        method: 'DELETE',
        url: `${url}/items/${item4.id}`,
        headers: { ...bearer(investigator), 'if-match': put.headers.etag as string },
      })
      assert.equal(removed.statusCode, 200, removed.body)
      await assertMatchesContract(t.app, 'removeDisclosureItem', removed)
      assert.equal(removed.json().itemCount, 2)

      // On the pages: a Change and a Remove link per item, each its own page, confirmed, version-checked.
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.investigator.userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      await client.signIn(user.email)
      const pageUrl = `/investigations/${investigation.id}/disclosure/${s.id}`
      const schedulePage = await client.get(pageUrl)
      assert.match(schedulePage.body, new RegExp(`href="${pageUrl}/items/${one!.id}"`))
      assert.match(schedulePage.body, new RegExp(`href="${pageUrl}/items/${one!.id}/remove"`))
      assert.match(schedulePage.body, /Removed since version 2: item 4/)
      const changePage = await client.get(`${pageUrl}/items/${one!.id}`)
      assert.equal(changePage.statusCode, 200)
      assert.match(changePage.body, /Custody CCTV \(served\)/)
      assert.match(changePage.body, /value="used" checked/)
      const version = /name="version" value="(\d+)"/.exec(changePage.body)![1]!
      const bad = await client.postForm(
        `${pageUrl}/items/${one!.id}`,
        { version, kind: 'sensitive', description: '' },
        `${pageUrl}/items/${one!.id}`,
      )
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Enter why the material is sensitive/)
      assert.match(bad.body, /Enter a description/)
      const saved = await client.postForm(
        `${pageUrl}/items/${one!.id}`,
        { version, kind: 'used', description: 'Custody CCTV, cells 1 to 4', location: 'Exhibits store' },
        `${pageUrl}/items/${one!.id}`,
      )
      assert.equal(saved.statusCode, 303)
      const landed = await client.get(saved.headers.location as string)
      assert.match(landed.body, /Item on the schedule changed/)
      assert.match(landed.body, /Custody CCTV, cells 1 to 4/)
      assert.match(landed.body, /Changed since version 2/)
      const lost = await client.postForm(
        `${pageUrl}/items/${two!.id}`,
        { version, kind: 'unused', description: 'Duty rota, redacted' },
        `${pageUrl}/items/${two!.id}`,
      )
      assert.equal(lost.statusCode, 409)
      assert.match(lost.body, /Someone else changed this record/)
      assert.match(lost.body, /Duty rota, redacted/)
      const removePage = await client.get(`${pageUrl}/items/${two!.id}/remove`)
      assert.match(removePage.body, /Remove item 2 from the schedule\?/)
      const gone = await client.postForm(
        `${pageUrl}/items/${two!.id}/remove`,
        { version: /name="version" value="(\d+)"/.exec(removePage.body)![1]! },
        `${pageUrl}/items/${two!.id}/remove`,
      )
      assert.equal(gone.statusCode, 303)
      const afterRemoval = await client.get(gone.headers.location as string)
      assert.match(afterRemoval.body, /Item removed from the schedule/)
      assert.match(afterRemoval.body, /Removed since version 2: items 2, 4/)
      assert.equal(
        (await d.export(s.id, 'csv', team.lead, 2)).body.toString('utf8'),
        v2,
        'version 2 is exactly as issued',
      )
    })
  })
}
