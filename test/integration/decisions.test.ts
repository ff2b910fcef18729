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

const entry = {
  kind: 'not_to_interview' as const,
  decision: 'Not to interview the call handler under caution',
  optionsConsidered: 'Interview under caution; witness interview; no interview',
  rationale: 'No indication of misconduct; the call handler is a witness',
  informationReliedOn: 'Call recordings, grading policy',
}

for (const kind of DATABASE_KINDS) {
  describe(`decision log (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('signs by the author only, never changes a signed entry (even in SQL), supersedes with a reason, and exports a PDF', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const draft = await t.services.decisions.record(
        investigation.id,
        { ...entry, decidedAt: '2026-03-05T10:00:00Z' },
        team.investigator,
      )
      assert.equal(draft.reference, 'D1')
      assert.equal(draft.state, 'draft')
      await assert.rejects(t.services.decisions.sign(draft.id, draft.version, team.lead), InvalidTransition)
      const signed = await t.services.decisions.sign(draft.id, draft.version, team.investigator)
      assert.equal(signed.state, 'signed')
      // Written by an investigator, of a kind the rule set has the lead review.
      assert.equal(signed.needsReview, true)
      await assert.rejects(t.services.decisions.sign(signed.id, signed.version, team.investigator), InvalidTransition)
      // The database refuses any change or deletion of a signed entry, whatever the application does.
      await assert.rejects(
        t.database.db.updateTable('decisions').set({ rationale: 'rewritten' }).where('id', '=', signed.id).execute(),
      )
      await assert.rejects(t.database.db.deleteFrom('decisions').where('id', '=', signed.id).execute())
      await assert.rejects(t.services.decisions.review(signed.id, { outcome: 'agreed' }, team.investigator), Forbidden)
      await t.services.decisions.review(signed.id, { outcome: 'agreed', comment: 'Agreed' }, team.lead)
      // Superseding needs a reason and a signed, not yet superseded entry.
      await assert.rejects(
        t.services.decisions.record(investigation.id, { ...entry, supersedesId: signed.id }, team.lead),
        problemAt('supersessionReason'),
      )
      const later = await t.services.decisions.record(
        investigation.id,
        {
          ...entry,
          decision: 'Interview the call handler as a witness',
          supersedesId: signed.id,
          supersessionReason: 'New material shows the call handler downgraded the call',
        },
        team.lead,
      )
      // A draft does not yet supersede.
      assert.equal((await t.services.decisions.get(signed.id, team.lead)).entry.state, 'signed')
      await assert.rejects(
        t.services.decisions.record(
          investigation.id,
          { ...entry, supersedesId: signed.id, supersessionReason: 'Again' },
          team.lead,
        ),
        problemAt('supersedesId'),
      )
      const laterSigned = await t.services.decisions.sign(later.id, later.version, team.lead)
      assert.equal(laterSigned.needsReview, false)
      const old = (await t.services.decisions.get(signed.id, team.lead)).entry
      assert.equal(old.state, 'superseded')
      assert.equal(old.supersededBy?.reference, 'D2')
      assert.equal(old.rationale, entry.rationale)
      const { items } = await t.services.decisions.list(investigation.id, team.decisionMaker)
      assert.deepEqual(
        items.map((i) => i.reference),
        ['D1', 'D2'],
      )
      await assert.rejects(t.services.decisions.list(investigation.id, team.caseWorker), Forbidden)
      await assert.rejects(t.services.decisions.record(investigation.id, entry, team.caseWorker), Forbidden)
      const { pdf } = await t.services.decisions.exportPdf(investigation.id, team.lead)
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      const exported = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .where('action', '=', 'decision-log.exported')
        .execute()
      assert.equal(exported.length, 1)
      await assert.rejects(
        t.services.decisions.record(investigation.id, { ...entry, decidedAt: '2999-01-01T00:00:00Z' }, team.lead),
        problemAt('decidedAt'),
      )
    })

    it('lets the author change or delete a draft, never a signed entry, on the service, the API and the pages', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const d = t.services.decisions
      const draft = await d.record(investigation.id, entry, team.investigator)
      // Not someone else's draft, not at a stale version.
      await assert.rejects(
        d.edit(draft.id, { ...entry, rationale: 'Mine now' }, draft.version, team.lead),
        InvalidTransition,
      )
      await assert.rejects(d.deleteDraft(draft.id, draft.version, team.lead), InvalidTransition)
      await assert.rejects(d.edit(draft.id, { ...entry, kind: 'scope' }, draft.version, team.caseWorker), Forbidden)
      const changed = await d.edit(
        draft.id,
        { ...entry, rationale: 'Reworded rationale' },
        draft.version,
        team.investigator,
      )
      assert.equal(changed.rationale, 'Reworded rationale')
      assert.equal(changed.reference, 'D1')
      await assert.rejects(d.edit(draft.id, entry, draft.version, team.investigator), Conflict)
      await assert.rejects(
        d.edit(draft.id, { ...entry, decidedAt: '2999-01-01T00:00:00Z' }, changed.version, team.investigator),
        problemAt('decidedAt'),
      )
      const signed = await d.sign(draft.id, changed.version, team.investigator)
      await assert.rejects(d.edit(draft.id, entry, signed.version, team.investigator), InvalidTransition)
      await assert.rejects(d.deleteDraft(draft.id, signed.version, team.investigator), InvalidTransition)
      // A superseding draft keeps what it supersedes and needs its reason; deleting it frees the entry again.
      const superseding = await d.record(
        investigation.id,
        { ...entry, supersedesId: signed.id, supersessionReason: 'New material' },
        team.investigator,
      )
      await assert.rejects(
        d.edit(superseding.id, { ...entry, supersessionReason: '' }, superseding.version, team.investigator),
        problemAt('supersessionReason'),
      )
      await d.deleteDraft(superseding.id, superseding.version, team.investigator)
      const deleted = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('entity_id', '=', superseding.id)
        .where('action', '=', 'decision.draft-deleted')
        .executeTakeFirstOrThrow()
      assert.match(JSON.stringify(deleted.detail), /New material|not_to_interview/)
      const again = await d.record(
        investigation.id,
        { ...entry, supersedesId: signed.id, supersessionReason: 'Second attempt' },
        team.investigator,
      )
      // Numbers are not given out again.
      assert.equal(again.reference, 'D3')

      // The API: PUT and DELETE with If-Match; 409 for a signed entry.
      const token = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      const url = `/api/v1/decisions/${again.id}`
      const got = await t.app.inject({ method: 'GET', url, headers: bearer(token) })
      const put = await t.app.inject({
        method: 'PUT',
        url,
        headers: { ...bearer(token), 'if-match': got.headers.etag as string },
        // A full replacement names every list (strict bodies: a PUT defaults nothing).
        payload: {
          ...entry,
          supersessionReason: 'Reworded reason',
          documentIds: [],
          chronologyEventIds: [],
          lineOfEnquiryIds: [],
        },
      })
      assert.equal(put.statusCode, 200, put.body)
      await assertMatchesContract(t.app, 'replaceDecisionDraft', put)
      assert.equal(put.json().supersedes.reason, 'Reworded reason')
      const signedPut = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/decisions/${signed.id}`,
        headers: { ...bearer(token), 'if-match': `"${signed.version}"` },
        payload: { ...entry, documentIds: [], chronologyEventIds: [], lineOfEnquiryIds: [] },
      })
      assert.equal(signedPut.statusCode, 409, signedPut.body)
      const del = await t.app.inject({
        method: 'DELETE',
        url,
        headers: { ...bearer(token), 'if-match': put.headers.etag as string },
      })
      assert.equal(del.statusCode, 204)
      assert.equal((await t.app.inject({ method: 'GET', url, headers: bearer(token) })).statusCode, 404)

      // The pages: change then delete a draft.
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.investigator.userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      await client.signIn(user.email)
      const pageDraft = await d.record(investigation.id, entry, team.investigator)
      const entryUrl = `/investigations/${investigation.id}/decisions/${pageDraft.id}`
      assert.match((await client.get(entryUrl)).body, /Change this draft/)
      const form = await client.get(`${entryUrl}/edit`)
      assert.equal(form.statusCode, 200)
      const version = /name="version" value="(\d+)"/.exec(form.body)![1]!
      const blank = await client.postForm(
        `${entryUrl}/edit`,
        { version, kind: entry.kind, decision: '' },
        `${entryUrl}/edit`,
      )
      assert.equal(blank.statusCode, 400)
      assert.match(blank.body, /govuk-error-summary/)
      const saved = await client.postForm(
        `${entryUrl}/edit`,
        { version, kind: 'scope', decision: 'Widen the scope', optionsConsidered: 'O', rationale: 'R' },
        `${entryUrl}/edit`,
      )
      assert.equal(saved.statusCode, 303)
      assert.match((await client.get(saved.headers.location as string)).body, /Draft changed/)
      const confirm = await client.get(`${entryUrl}/delete`)
      const v2 = /name="version" value="(\d+)"/.exec(confirm.body)![1]!
      const gone = await client.postForm(`${entryUrl}/delete`, { version: v2 }, `${entryUrl}/delete`)
      assert.equal(gone.statusCode, 303)
      assert.match((await client.get(gone.headers.location as string)).body, /Draft deleted/)
      // A signed entry offers no change.
      const signedPage = await client.get(`/investigations/${investigation.id}/decisions/${signed.id}`)
      assert.doesNotMatch(signedPage.body, /Change this draft/)
    })
  })
}
