/**
 * Publication holds carry the proceeding's dates: placed and lifted at the dates of the
 * proceeding's events (opening, quashing, the order for a fresh inquest, conclusion), the time of
 * recording kept apart; a hold is never lifted before it was placed (the domain refuses it, and the
 * database's check would too). The dates are the worked example's.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { londonDateOf } from '../../src/domain/calendar.js'
import { ValidationFailed } from '../../src/services/errors.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`publication hold dates (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('places and lifts at the proceeding’s dates, keeps when each was recorded, and never lifts before placing', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const recordedToday = londonDateOf(new Date())
      const holdsOf = async () =>
        t.database.db
          .selectFrom('publication_holds')
          .selectAll()
          .where('investigation_id', '=', investigation.id)
          .orderBy('placed_on')
          .execute()
      const { proceeding, hold } = await t.services.linkedProceedings.create(
        investigation.id,
        {
          kind: 'inquest',
          title: 'Inquests into the four Northtown deaths',
          court: 'Northshire Coroner’s Court',
          openedOn: '2025-05-02',
          involvedPersonIds: [],
        },
        team.lead,
      )
      assert.equal(hold?.placed_on, '2025-05-02', 'placed when the inquest opened')
      assert.equal(londonDateOf(new Date(hold!.placed_recorded_at)), recordedToday, 'recorded today')

      let p = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        { status: 'concluded', on: '2025-11-14', conclusion: 'Open conclusions' },
        proceeding.version,
        team.lead,
      )
      let rows = await holdsOf()
      assert.deepEqual(
        rows.map((h) => [h.placed_on, h.lifted_on]),
        [['2025-05-02', '2025-11-14']],
      )
      assert.equal(londonDateOf(new Date(rows[0]!.lifted_recorded_at!)), recordedToday)

      p = await t.services.linkedProceedings.changeStatus(
        p.id,
        { status: 'quashed', on: '2026-03-06' },
        p.version,
        team.lead,
      )
      p = await t.services.linkedProceedings.changeStatus(
        p.id,
        { status: 'fresh_inquest_ordered', on: '2026-03-20' },
        p.version,
        team.lead,
      )
      rows = await holdsOf()
      assert.deepEqual(
        rows.map((h) => [h.placed_on, h.lifted_on]),
        [
          ['2025-05-02', '2025-11-14'],
          ['2026-03-06', null],
        ],
        'the quashing placed the new hold, on its own date; the order for a fresh inquest kept it',
      )

      // A conclusion dated before the hold was placed would lift it before placing: refused, nothing changes.
      await assert.rejects(
        t.services.linkedProceedings.changeStatus(
          p.id,
          { status: 'concluded', on: '2026-03-01', conclusion: 'Too early' },
          p.version,
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems.some((x) => x.path === 'on'),
      )
      assert.equal((await holdsOf())[1]!.lifted_on, null)

      // The database keeps the rule too.
      await assert.rejects(
        t.database.db
          .updateTable('publication_holds')
          .set({ lifted_on: '2026-03-01', lifted_because: 'decision', lifted_recorded_at: new Date() })
          .where('id', '=', rows[1]!.id)
          .execute(),
        /publication_holds_lifted_after_placed|check constraint/,
      )

      await t.services.linkedProceedings.changeStatus(
        p.id,
        { status: 'concluded', on: '2026-10-02', conclusion: 'Police failings probably contributed' },
        p.version,
        team.lead,
      )
      rows = await holdsOf()
      assert.deepEqual(rows[1] && [rows[1].placed_on, rows[1].lifted_on], ['2026-03-06', '2026-10-02'])
      for (const h of rows) assert.ok(h.lifted_on === null || h.lifted_on >= h.placed_on)

      // The API gives both: the events' dates and when each was recorded.
      const list = await t.services.publicationHolds.list(investigation.id, team.lead)
      assert.equal(list.length, 2)
    })
  })
}
