import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { londonDateOf } from '../../src/domain/calendar.js'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

let warrant = 5000
const nextWarrant = () => `LP${++warrant}`

for (const kind of DATABASE_KINDS) {
  describe(`linked proceedings, publication holds and re-investigation (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('holds publication while an inquest is open; quashed → fresh inquest ordered → concluded lifts the hold automatically', async () => {
      const a = await openInvestigation(t.services, team)
      const b = await openInvestigation(t.services, team)
      const people = await t.database.db
        .selectFrom('involved_people')
        .select('id')
        .where('referral_id', '=', a.referral.id)
        .execute()
      const { proceeding, hold } = await t.services.linkedProceedings.create(
        a.investigation.id,
        {
          kind: 'inquest',
          title: 'Inquests into the deaths at Northtown',
          court: 'Northshire Coroner’s Court',
          openedOn: '2026-03-10',
          involvedPersonIds: people.map((p) => p.id),
        },
        team.lead,
      )
      assert.ok(hold, 'an open inquest holds publication by default')
      assert.match(hold.reason, /Inquest “Inquests into the deaths at Northtown” is opened/)
      await t.services.linkedProceedings.link(b.investigation.id, proceeding.id, team.investigator)
      assert.equal(
        (await t.services.publicationHolds.active(b.investigation.id)).length,
        1,
        'one proceeding can hold several investigations',
      )
      await assert.rejects(
        t.services.linkedProceedings.link(b.investigation.id, proceeding.id, team.investigator),
        ValidationFailed,
      )

      let p = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        { status: 'concluded', on: '2026-06-01', conclusion: 'Accident' },
        proceeding.version,
        team.lead,
      )
      assert.equal((await t.services.publicationHolds.active(a.investigation.id)).length, 0)
      await assert.rejects(
        t.services.linkedProceedings.changeStatus(
          proceeding.id,
          { status: 'quashed', on: '2026-09-01' },
          proceeding.version,
          team.lead,
        ),
        Conflict,
      )
      p = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        { status: 'quashed', on: '2026-09-01' },
        p.version,
        team.lead,
      )
      assert.equal(p.quashed_on, '2026-09-01')
      const reheld = await t.services.publicationHolds.active(a.investigation.id)
      assert.equal(reheld.length, 1, 'a quashed inquest holds publication again')
      await assert.rejects(
        t.services.linkedProceedings.changeStatus(
          proceeding.id,
          { status: 'concluded', on: '2026-09-02', conclusion: 'x' },
          p.version,
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'status',
      )
      p = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        { status: 'fresh_inquest_ordered', on: '2026-09-01' },
        p.version,
        team.lead,
      )
      assert.equal(p.fresh_inquest_ordered_on, '2026-09-01')
      await t.services.linkedProceedings.addEvent(
        proceeding.id,
        { occurredOn: '2026-10-01', kind: 'Pre-inquest review', description: 'Scope agreed' },
        team.investigator,
      )
      await t.services.linkedProceedings.addParty(
        proceeding.id,
        { role: 'coroner', name: 'HM Senior Coroner', organisation: 'Northshire' },
        team.investigator,
      )
      p = await t.services.linkedProceedings.changeStatus(
        proceeding.id,
        {
          status: 'concluded',
          on: '2027-02-01',
          conclusion: 'Unlawful killing',
          juryFindings: 'Failures in the control room',
        },
        p.version,
        team.lead,
      )
      assert.equal(p.jury_findings, 'Failures in the control room')
      for (const id of [a.investigation.id, b.investigation.id]) {
        assert.equal((await t.services.publicationHolds.active(id)).length, 0)
        const all = await t.services.publicationHolds.list(id, team.lead)
        assert.ok(all.every((h) => h.lifted_because === 'proceeding_concluded'))
      }
      const detail = await t.services.linkedProceedings.get(proceeding.id, team.investigator)
      assert.deepEqual(detail.investigations.map((i) => i.id).sort(), [a.investigation.id, b.investigation.id].sort())
      assert.equal(detail.involvedPeople.length, 1)
      assert.equal(detail.parties[0]!.role, 'coroner')
      assert.deepEqual(
        detail.events.map((e) => e.status_after),
        ['opened', 'concluded', 'quashed', 'fresh_inquest_ordered', null, 'concluded'],
      )
      await assert.rejects(t.services.linkedProceedings.get(proceeding.id, team.outsider), Forbidden)
    })

    it('a hold placed by hand lifts only by a reasoned decision of the lead or decision maker', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await assert.rejects(
        t.services.publicationHolds.place(investigation.id, { reason: 'x' }, team.investigator),
        Forbidden,
      )
      await assert.rejects(
        t.services.publicationHolds.place(investigation.id, { reason: ' ' }, team.lead),
        ValidationFailed,
      )
      const hold = await t.services.publicationHolds.place(
        investigation.id,
        { reason: 'Civil claim settlement talks' },
        team.lead,
      )
      assert.equal((await t.services.publicationHolds.active(investigation.id)).length, 1)
      await assert.rejects(
        t.services.publicationHolds.lift(hold.id, { reason: '' }, hold.version, team.decisionMaker),
        ValidationFailed,
      )
      await assert.rejects(
        t.services.publicationHolds.lift(hold.id, { reason: 'Settled' }, hold.version, team.investigator),
        Forbidden,
      )
      await assert.rejects(
        t.services.publicationHolds.lift(hold.id, { reason: 'Settled' }, hold.version + 1, team.decisionMaker),
        Conflict,
      )
      const lifted = await t.services.publicationHolds.lift(
        hold.id,
        { reason: 'Settled' },
        hold.version,
        team.decisionMaker,
      )
      assert.equal(lifted.lifted_because, 'decision')
      assert.equal(lifted.lift_reason, 'Settled')
      assert.equal((await t.services.publicationHolds.active(investigation.id)).length, 0)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', hold.id)
        .execute()
      assert.deepEqual(audit.map((r) => r.action).sort(), ['publication-hold.lifted', 'publication-hold.placed'])
    })

    it('gives the force 56 days to answer a prevention of future deaths report, and folds it into the next deadline', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const { proceeding } = await t.services.linkedProceedings.create(
        investigation.id,
        { kind: 'inquest', title: 'Inquest into a death in custody' },
        team.lead,
      )
      const report = await t.services.linkedProceedings.addPfdReport(
        proceeding.id,
        { issuedOn: '2026-03-05', addressedTo: 'Chief Constable', concerns: 'Cell checks' },
        team.investigator,
      )
      assert.equal(report.response_due_on, '2026-04-30')
      const row = await t.database.db
        .selectFrom('investigations')
        .select('next_deadline_on')
        .where('id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.next_deadline_on, '2026-04-30')
      await t.services.linkedProceedings.recordPfdResponse(
        report.id,
        { receivedOn: '2026-04-20', summary: 'New cell-check policy' },
        report.version,
        team.lead,
      )
      const after = await t.database.db
        .selectFrom('investigations')
        .select('next_deadline_on')
        .where('id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(after.next_deadline_on, null)
      const { proceeding: claim } = await t.services.linkedProceedings.create(
        investigation.id,
        { kind: 'civil_claim', title: 'Claim' },
        team.lead,
      )
      await assert.rejects(
        t.services.linkedProceedings.addPfdReport(
          claim.id,
          { issuedOn: '2026-03-05', addressedTo: 'x', concerns: 'y' },
          team.lead,
        ),
        ValidationFailed,
      )
    })

    it('only the decision maker decides a re-investigation; the new case links to the old, carries its subjects, chronology and families', async () => {
      const { investigation: old } = await openInvestigation(t.services, team, { title: 'Deaths at Northtown' })
      const number = nextWarrant()
      const { subject } = await t.services.subjects.add(
        old.id,
        {
          givenName: 'Jordan',
          familyName: 'Hale',
          warrantNumber: number,
          kind: 'police_officer',
          rank: 'sergeant',
          roleAtTime: 'Custody sergeant',
        },
        team.investigator,
      )
      await t.services.chronology.add(
        old.id,
        { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Call not graded', missedOpportunity: false },
        team.investigator,
      )
      const consenting = await addInterestedPerson(t.database.db, old.id, { name: 'Pat Family' })
      await addInterestedPerson(t.database.db, old.id, { name: 'No Consent', consent: false })

      await assert.rejects(
        t.services.reinvestigations.propose(
          old.id,
          { ground: 'significant_new_information', detail: 'Evidence at the inquest' },
          team.lead,
        ),
        InvalidTransition,
      )
      await t.database.db
        .updateTable('investigations')
        .set({ status: 'closed', closed_on: '2026-05-01' })
        .where('id', '=', old.id)
        .execute()
      await assert.rejects(
        t.services.reinvestigations.propose(
          old.id,
          { ground: 'significant_new_information', detail: 'x' },
          team.investigator,
        ),
        Forbidden,
      )
      const proposal = await t.services.reinvestigations.propose(
        old.id,
        { ground: 'significant_new_information', detail: 'Evidence first heard at the fresh inquests' },
        team.lead,
      )
      await assert.rejects(
        t.services.reinvestigations.propose(old.id, { ground: 'public_interest', detail: 'again' }, team.lead),
        ValidationFailed,
      )
      await assert.rejects(
        t.services.reinvestigations.decide(
          proposal.id,
          { decision: 'approved', reason: 'Yes' },
          proposal.version,
          team.lead,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.reinvestigations.decide(
          proposal.id,
          { decision: 'approved', reason: '' },
          proposal.version,
          team.decisionMaker,
        ),
        ValidationFailed,
      )
      const { reinvestigation, newInvestigation } = await t.services.reinvestigations.decide(
        proposal.id,
        { decision: 'approved', reason: 'The new evidence could have changed the decisions' },
        proposal.version,
        team.decisionMaker,
      )
      assert.ok(newInvestigation)
      assert.equal(reinvestigation.new_investigation_id, newInvestigation.id)
      assert.equal(newInvestigation.predecessor_investigation_id, old.id)
      assert.notEqual(newInvestigation.reference, old.reference)
      assert.equal(newInvestigation.status, 'assessed')
      await assert.rejects(
        t.services.reinvestigations.decide(
          proposal.id,
          { decision: 'refused', reason: 'No' },
          reinvestigation.version,
          team.decisionMaker,
        ),
        ValidationFailed,
      )

      const oldLinks = await t.services.reinvestigations.links(old.id, team.lead)
      assert.deepEqual(
        oldLinks.successors.map((s) => s.id),
        [newInvestigation.id],
      )
      const newLinks = await t.services.reinvestigations.links(newInvestigation.id, team.lead)
      assert.equal(newLinks.predecessor?.id, old.id)
      assert.equal(
        (await t.services.investigations.overview(old.id, team.lead)).investigation.status,
        'closed',
        'the old case stays closed',
      )

      const carried = await t.services.subjects.list(newInvestigation.id, team.lead)
      assert.equal(carried.length, 1)
      const newSubjectRow = await t.database.db
        .selectFrom('subjects')
        .select('officer_id')
        .where('investigation_id', '=', newInvestigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(newSubjectRow.officer_id, subject.officer_id, 'the same officer record')

      const chronology = await t.services.reinvestigations.predecessorChronology(newInvestigation.id, team.investigator)
      assert.deepEqual(
        chronology?.items.map((e) => e.title),
        ['Call not graded'],
      )
      assert.equal(
        (await t.services.chronology.timeline(newInvestigation.id, team.investigator)).items.length,
        0,
        'carried by reference, not copied',
      )
      assert.ok(await t.services.reinvestigations.predecessorEvidence(newInvestigation.id, team.investigator))

      const today = londonDateOf(new Date())
      const persons = await t.services.families.listPersons(newInvestigation.id, team.lead)
      assert.deepEqual(
        persons.map((p) => p.full_name),
        ['Pat Family'],
      )
      assert.equal(persons[0]!.clock.dueOn, today, 'an update is due at once')
      assert.notEqual(persons[0]!.id, consenting)
      const row = await t.database.db
        .selectFrom('investigations')
        .select('next_deadline_on')
        .where('id', '=', newInvestigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.next_deadline_on, today)
      const team2 = await t.services.investigations.team(newInvestigation.id, team.lead)
      assert.equal(team2.length, 4, 'the team is carried over')
    })

    it('a refused proposal opens nothing; re-opening in place moves closed → reopened through the lifecycle guard', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.database.db
        .updateTable('investigations')
        .set({ status: 'closed', closed_on: '2026-05-01' })
        .where('id', '=', investigation.id)
        .execute()
      const first = await t.services.reinvestigations.propose(
        investigation.id,
        { ground: 'materially_flawed', detail: 'Key witness not interviewed' },
        team.decisionMaker,
      )
      const refused = await t.services.reinvestigations.decide(
        first.id,
        { decision: 'refused', reason: 'Could not have changed the decisions' },
        first.version,
        team.decisionMaker,
      )
      assert.equal(refused.newInvestigation, null)
      const closed = await t.database.db
        .selectFrom('investigations')
        .select(['status', 'version'])
        .where('id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(closed.status, 'closed')
      await assert.rejects(
        t.services.investigations.changeStatus(investigation.id, 'reopened', {}, closed.version, team.lead),
        InvalidTransition,
      )
      const second = await t.services.reinvestigations.propose(
        investigation.id,
        { ground: 'public_interest', detail: 'Public concern', publicInterest: 'Public concern' },
        team.lead,
      )
      await t.services.reinvestigations.decide(
        second.id,
        { decision: 'approved', reason: 'Re-open', route: 'reopen' },
        second.version,
        team.decisionMaker,
      )
      const reopened = await t.database.db
        .selectFrom('investigations')
        .select(['status', 'version'])
        .where('id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(reopened.status, 'reopened')
      const options = await t.services.investigations.lifecycleOptions(investigation.id, team.lead)
      assert.match(options.find((o) => o.status === 'assessed')!.missing.join(' '), /determined after re-opening/)
    })
  })
}
