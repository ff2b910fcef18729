/**
 * The publication-hold rules a mutation run of src/services/publicationHolds.ts found untested
 * (issue 17): placing and lifting by hand (the messages, the version check, the audit), what lifts
 * each hold, and a linked proceeding's hold placed and lifted with it. Expected values are written
 * out, never computed with the code under test ("today" is London's date).
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import { addCalendarDays, londonDateOf } from '../../src/domain/calendar.js'
import * as holdsRepo from '../../src/data/repositories/publicationHolds.js'
import { systemContext } from '../../src/services/context.js'
import { Conflict, NotFound } from '../../src/services/errors.js'
import { ensureProceedingHold } from '../../src/services/publicationHolds.js'
import { DATABASE_KINDS } from '../support/database.js'
import { onlyProblem } from '../support/problems.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

/** Today in London, as the service dates holds (not UTC, which is a day behind for an hour a night in summer). */
const today = () => londonDateOf(new Date())

const BY_DECISION = 'A recorded decision by the lead investigator or decision maker, with a reason'

for (const kind of DATABASE_KINDS) {
  describe(`publication hold rules (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    const auditOf = (entityId: string) =>
      t.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'actor_user_id', 'case_id', 'detail'])
        .where('entity_id', '=', entityId)
        .orderBy('seq')
        .execute()

    it('placing and lifting by hand: the messages, the version check, the audit and what lifts it', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const holds = t.services.publicationHolds
      await assert.rejects(
        holds.place(investigation.id, { reason: '  ' }, team.lead),
        onlyProblem('reason', 'Enter why publication is held'),
      )
      const hold = await holds.place(investigation.id, { reason: 'Trial of the driver' }, team.lead)
      assert.deepEqual(
        { placedOn: hold.placed_on, placedBy: hold.placed_by, proceeding: hold.proceeding_id, lifted: hold.lifted_on },
        { placedOn: today(), placedBy: team.lead.userId, proceeding: null, lifted: null },
      )
      assert.deepEqual(
        (await holds.list(investigation.id, team.investigator)).map((h) => [h.id, h.active, h.liftedBy]),
        [[hold.id, true, BY_DECISION]],
      )
      assert.equal((await holds.get(hold.id, team.investigator)).reason, 'Trial of the driver')
      await assert.rejects(
        holds.get('not-an-id', team.investigator),
        (e: unknown) => e instanceof NotFound && e.message === 'The publication hold was not found',
      )

      await assert.rejects(
        holds.lift(hold.id, { reason: ' ' }, hold.version, team.lead),
        onlyProblem('reason', 'Enter the reason for lifting the hold'),
      )
      await assert.rejects(holds.lift(hold.id, { reason: 'The trial ended' }, hold.version + 1, team.lead), Conflict)
      const lifted = await holds.lift(hold.id, { reason: 'The trial ended' }, hold.version, team.lead)
      assert.deepEqual(
        [lifted.lifted_on, lifted.lifted_by, lifted.lift_reason, lifted.lifted_because],
        [today(), team.lead.userId, 'The trial ended', 'decision'],
      )
      await assert.rejects(
        holds.lift(hold.id, { reason: 'Again' }, lifted.version, team.lead),
        onlyProblem('reason', 'This hold has already been lifted'),
      )
      assert.deepEqual(
        (await holds.list(investigation.id, team.investigator)).map((h) => [h.id, h.active]),
        [[hold.id, false]],
      )
      assert.deepEqual(await auditOf(hold.id), [
        {
          action: 'publication-hold.placed',
          entity_type: 'publication_hold',
          actor_user_id: team.lead.userId,
          case_id: investigation.id,
          detail: { after: { reason: 'Trial of the driver', automatic: false } },
        },
        {
          action: 'publication-hold.lifted',
          entity_type: 'publication_hold',
          actor_user_id: team.lead.userId,
          case_id: investigation.id,
          detail: {
            before: { liftedOn: null },
            after: { liftedOn: today(), liftedBecause: 'decision', reason: 'The trial ended' },
          },
        },
      ])
    })

    it('a hold cannot be lifted by hand before the day it was placed', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const tomorrow = addCalendarDays(today(), 1)
      const hold = await holdsRepo.insertHold(t.database.db, {
        id: uuidv7(),
        investigation_id: investigation.id,
        proceeding_id: null,
        reason: 'Placed with tomorrow’s date',
        placed_on: tomorrow,
        placed_by: team.lead.userId,
      })
      await assert.rejects(
        t.services.publicationHolds.lift(hold.id, { reason: 'Too soon' }, hold.version, team.lead),
        onlyProblem(
          'reason',
          `A publication hold cannot be lifted before it was placed (${tomorrow}); the date must be on or after it`,
        ),
      )
      assert.equal((await t.services.publicationHolds.active(investigation.id)).length, 1)
    })

    it('a proceeding’s hold: placed by whoever links it, audited as automatic, lifted when it concludes', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const { proceeding, hold } = await t.services.linkedProceedings.create(
        investigation.id,
        {
          kind: 'inquest',
          title: 'Inquest into the death of A',
          court: 'Northshire Coroner’s Court',
          openedOn: '2026-03-10',
        },
        team.lead,
      )
      assert.ok(hold)
      assert.deepEqual(
        [hold.placed_by, hold.placed_on, hold.reason],
        [
          team.lead.userId,
          '2026-03-10',
          'Inquest “Inquest into the death of A” is opened: publication could prejudice it until it concludes',
        ],
      )
      assert.deepEqual(
        (await t.services.publicationHolds.list(investigation.id, team.investigator)).map((h) => h.liftedBy),
        ['The inquest “Inquest into the death of A” concluding, or a recorded decision with a reason'],
      )
      const concluded = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        { status: 'concluded', on: '2026-06-01', conclusion: 'Accident' },
        proceeding.version,
        team.lead,
      )
      assert.equal(concluded.status, 'concluded')
      const row = await holdsRepo.findHold(t.database.db, hold.id)
      assert.deepEqual(
        [row!.lifted_on, row!.lifted_by, row!.lift_reason, row!.lifted_because],
        [
          '2026-06-01',
          team.lead.userId,
          'Inquest “Inquest into the death of A” concluded on 1 June 2026',
          'proceeding_concluded',
        ],
      )
      assert.deepEqual(await auditOf(hold.id), [
        {
          action: 'publication-hold.placed',
          entity_type: 'publication_hold',
          actor_user_id: team.lead.userId,
          case_id: investigation.id,
          detail: {
            after: {
              proceedingId: proceeding.id,
              reason:
                'Inquest “Inquest into the death of A” is opened: publication could prejudice it until it concludes',
              automatic: true,
              placedOn: '2026-03-10',
            },
          },
        },
        {
          action: 'publication-hold.lifted',
          entity_type: 'publication_hold',
          actor_user_id: team.lead.userId,
          case_id: investigation.id,
          detail: {
            before: { liftedOn: null },
            after: { liftedOn: '2026-06-01', liftedBecause: 'proceeding_concluded', proceedingId: proceeding.id },
          },
        },
      ])
    })

    it('a proceeding’s hold placed by the system (no one signed in) is recorded as placed by no one', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = await openInvestigation(t.services, team)
      const { proceeding } = await t.services.linkedProceedings.create(
        investigation.id,
        { kind: 'criminal_trial', title: 'R v Driver', court: 'Northtown Crown Court', openedOn: '2026-04-01' },
        team.lead,
      )
      const row = await t.database.db
        .selectFrom('linked_proceedings')
        .selectAll()
        .where('id', '=', proceeding.id)
        .executeTakeFirstOrThrow()
      const placed = await t.database.db
        .transaction()
        .execute((trx) => ensureProceedingHold(trx, systemContext(), other.investigation.id, row, '2026-04-02'))
      assert.deepEqual([placed.placed_by, placed.placed_on], [null, '2026-04-02'])
      const again = await t.database.db
        .transaction()
        .execute((trx) => ensureProceedingHold(trx, systemContext(), other.investigation.id, row))
      assert.equal(again.id, placed.id, 'one hold per proceeding and case')
    })
  })
}
