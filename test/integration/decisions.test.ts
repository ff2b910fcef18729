import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
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
  })
}
