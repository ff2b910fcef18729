import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addSubject, multipart } from '../support/chronologyEvidence.js'

for (const kind of DATABASE_KINDS) {
  describe(`chronology and evidence API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: string
    let investigator: string
    let caseWorker: string
    let outsider: string
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = (await createToken(t.services, team.lead.userId, { write: true })).secret
      investigator = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      caseWorker = (await createToken(t.services, team.caseWorker.userId, { write: true })).secret
      outsider = (await createToken(t.services, team.outsider.userId, { write: true })).secret
    })
    after(() => t.close())

    it('adds, lists in keyset pages, reads with an ETag and patches with If-Match', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subject = await addSubject(t, investigation.id)
      const base = `/api/v1/investigations/${investigation.id}/chronology-events`
      const invalid = await t.app.inject({
        method: 'POST',
        url: base,
        headers: bearer(investigator),
        payload: { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'X', missedOpportunity: true },
      })
      assert.equal(invalid.statusCode, 422)
      assert.ok(invalid.json().errors.some((e: { path: string }) => e.path === 'body.missedOpportunityReason'))
      await assertMatchesContract(t.app, 'addChronologyEvent', invalid)
      const created = await t.app.inject({
        method: 'POST',
        url: base,
        headers: bearer(investigator),
        payload: {
          occurredOn: '2025-01-01',
          occurredTime: '10:15',
          kind: 'underlying_fact',
          title: 'First call',
          subjectIds: [subject],
          missedOpportunity: true,
          missedOpportunityReason: 'Not graded',
        },
      })
      assert.equal(created.statusCode, 201)
      await assertMatchesContract(t.app, 'addChronologyEvent', created)
      const event = created.json()
      for (let i = 2; i <= 5; i++) {
        await t.app.inject({
          method: 'POST',
          url: base,
          headers: bearer(investigator),
          payload: { occurredOn: `2025-01-0${i}`, kind: 'investigation', title: `Step ${i}` },
        })
      }
      const ids: string[] = []
      let url = `${base}?limit=2`
      for (;;) {
        const page = await t.app.inject({ method: 'GET', url, headers: bearer(lead) })
        assert.equal(page.statusCode, 200)
        await assertMatchesContract(t.app, 'listChronologyEvents', page)
        ids.push(...page.json().items.map((e: { id: string }) => e.id))
        if (!page.json().nextCursor) break
        url = `${base}?limit=2&cursor=${page.json().nextCursor}`
      }
      assert.equal(ids.length, 5)
      assert.equal(new Set(ids).size, 5)
      assert.equal(ids[0], event.id)
      const missed = await t.app.inject({
        method: 'GET',
        url: `${base}?missedOnly=true&subjectId=${subject}`,
        headers: bearer(lead),
      })
      assert.deepEqual(
        missed.json().items.map((e: { id: string }) => e.id),
        [event.id],
      )
      const tampered = await t.app.inject({ method: 'GET', url: `${base}?cursor=bm9wZQ`, headers: bearer(lead) })
      assert.equal(tampered.statusCode, 422)

      const got = await t.app.inject({
        method: 'GET',
        url: `/api/v1/chronology-events/${event.id}`,
        headers: bearer(lead),
      })
      assert.equal(got.headers.etag, '"1"')
      await assertMatchesContract(t.app, 'getChronologyEvent', got)
      const patchUrl = `/api/v1/chronology-events/${event.id}`
      const noIfMatch = await t.app.inject({
        method: 'PATCH',
        url: patchUrl,
        headers: bearer(investigator),
        payload: { title: 'First call (999)' },
      })
      assert.equal(noIfMatch.statusCode, 428)
      const patched = await t.app.inject({
        method: 'PATCH',
        url: patchUrl,
        headers: { ...bearer(investigator), 'if-match': '"1"' },
        payload: { title: 'First call (999)', occurredTime: null },
      })
      assert.equal(patched.statusCode, 200)
      await assertMatchesContract(t.app, 'updateChronologyEvent', patched)
      assert.equal(patched.json().occurredTime, null)
      assert.equal(patched.json().missedOpportunity, true)
      assert.deepEqual(
        patched.json().subjects.map((s: { id: string }) => s.id),
        [subject],
      )
      const stale = await t.app.inject({
        method: 'PATCH',
        url: patchUrl,
        headers: { ...bearer(lead), 'if-match': '"1"' },
        payload: { title: 'Stale' },
      })
      assert.equal(stale.statusCode, 412)
      await assertMatchesContract(t.app, 'updateChronologyEvent', stale)
    })

    it('exports CSV with the formula guard', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-01', kind: 'underlying_fact', title: '=1+1', description: 'a, "b"' },
        team.investigator,
      )
      const csv = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/chronology-events.csv`,
        headers: bearer(lead),
      })
      assert.equal(csv.statusCode, 200)
      assert.match(String(csv.headers['content-type']), /^text\/csv/)
      assert.match(String(csv.headers['content-disposition']), /^attachment; filename="chronology-\d{4}-\d{6}\.csv"$/)
      const rows = csv.body.split('\r\n')
      assert.ok(rows[1]!.startsWith(`2025-01-01,,Underlying fact,'=1+1,"a, ""b""",No,`))
      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/chronology-events.csv`,
        headers: bearer(caseWorker),
      })
      assert.equal(refused.statusCode, 403)
    })

    it('uploads, lists, downloads, withdraws and records custody; sealed content refused to an investigator', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const base = `/api/v1/investigations/${investigation.id}/documents`
      const content = 'CCTV still frame bytes'
      const form = multipart(
        { exhibitReference: 'CCTV/1', title: 'Still', sealed: 'true' },
        { name: 'frame.png', type: 'image/png', content },
      )
      const uploaded = await t.app.inject({
        method: 'POST',
        url: base,
        headers: { ...bearer(investigator), ...form.headers },
        payload: form.payload,
      })
      assert.equal(uploaded.statusCode, 201, uploaded.body)
      await assertMatchesContract(t.app, 'uploadDocument', uploaded)
      const doc = uploaded.json()
      assert.equal(doc.sha256, createHash('sha256').update(content).digest('hex'))
      assert.equal(doc.sealed, true)
      const duplicate = multipart(
        { exhibitReference: 'CCTV/1', title: 'Again' },
        { name: 'x.txt', type: 'text/plain', content: 'x' },
      )
      const dup = await t.app.inject({
        method: 'POST',
        url: base,
        headers: { ...bearer(investigator), ...duplicate.headers },
        payload: duplicate.payload,
      })
      assert.equal(dup.statusCode, 422)
      const noFile = multipart({ exhibitReference: 'X/1', title: 'None' })
      assert.equal(
        (
          await t.app.inject({
            method: 'POST',
            url: base,
            headers: { ...bearer(investigator), ...noFile.headers },
            payload: noFile.payload,
          })
        ).statusCode,
        422,
      )

      const list = await t.app.inject({ method: 'GET', url: base, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'listDocuments', list)
      assert.equal(list.json().items.length, 1)
      const meta = await t.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${doc.id}`,
        headers: bearer(investigator),
      })
      assert.equal(meta.headers.etag, '"1"')
      await assertMatchesContract(t.app, 'getDocument', meta)

      const sealedRefused = await t.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${doc.id}/content`,
        headers: bearer(investigator),
      })
      assert.equal(sealedRefused.statusCode, 403)
      await assertMatchesContract(t.app, 'getDocumentContent', sealedRefused)
      const bytes = await t.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${doc.id}/content`,
        headers: bearer(lead),
      })
      assert.equal(bytes.statusCode, 200)
      assert.equal(bytes.body, content)
      assert.equal(bytes.headers['content-type'], 'image/png')
      assert.equal(bytes.headers['x-content-type-options'], 'nosniff')
      assert.equal(bytes.headers['content-disposition'], `attachment; filename="frame.png"; filename*=UTF-8''frame.png`)

      const custody = await t.app.inject({
        method: 'POST',
        url: `/api/v1/documents/${doc.id}/custody-entries`,
        headers: bearer(investigator),
        payload: { occurredAt: '2025-01-05T10:00:00Z', action: 'Seized', toParty: 'DC Smith' },
      })
      assert.equal(custody.statusCode, 201)
      await assertMatchesContract(t.app, 'addCustodyEntry', custody)
      const entries = await t.app.inject({
        method: 'GET',
        url: `/api/v1/documents/${doc.id}/custody-entries`,
        headers: bearer(lead),
      })
      await assertMatchesContract(t.app, 'listCustodyEntries', entries)
      assert.deepEqual(
        entries.json().items.map((e: { action: string }) => e.action),
        ['Seized'],
      )

      const withdrawal = await t.app.inject({
        method: 'POST',
        url: `/api/v1/documents/${doc.id}/withdrawal`,
        headers: { ...bearer(investigator), 'if-match': '"1"' },
        payload: { reason: 'Wrong exhibit' },
      })
      assert.equal(withdrawal.statusCode, 200)
      await assertMatchesContract(t.app, 'withdrawDocument', withdrawal)
      assert.equal(withdrawal.json().withdrawn, true)
      const stale = await t.app.inject({
        method: 'POST',
        url: `/api/v1/documents/${doc.id}/withdrawal`,
        headers: { ...bearer(investigator), 'if-match': '"1"' },
        payload: { reason: 'Again' },
      })
      assert.equal(stale.statusCode, 412)
      const still = await t.app.inject({ method: 'GET', url: base, headers: bearer(investigator) })
      assert.deepEqual(
        still.json().items.map((d: { id: string; withdrawn: boolean }) => [d.id, d.withdrawn]),
        [[doc.id, true]],
      )
    })

    it('refuses a case worker and an outsider', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      for (const token of [caseWorker, outsider]) {
        const list = await t.app.inject({
          method: 'GET',
          url: `/api/v1/investigations/${investigation.id}/chronology-events`,
          headers: bearer(token),
        })
        assert.equal(list.statusCode, 403)
        await assertMatchesContract(t.app, 'listChronologyEvents', list)
        const docs = await t.app.inject({
          method: 'GET',
          url: `/api/v1/investigations/${investigation.id}/documents`,
          headers: bearer(token),
        })
        assert.equal(docs.statusCode, 403)
        const form = multipart(
          { exhibitReference: 'A/1', title: 'A' },
          { name: 'a.txt', type: 'text/plain', content: 'a' },
        )
        const upload = await t.app.inject({
          method: 'POST',
          url: `/api/v1/investigations/${investigation.id}/documents`,
          headers: { ...bearer(token), ...form.headers },
          payload: form.payload,
        })
        assert.equal(upload.statusCode, 403)
      }
    })
  })
}
