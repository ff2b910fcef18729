import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemContext } from '../../src/services/context.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { addInterestedPerson, addRepresentative } from '../support/families.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'
import { londonDateOf } from '../../src/domain/calendar.js'

// The service judges dates against the London calendar, so "today" must be London's too (UTC is
// a day behind for an hour each summer night).
const today = () => londonDateOf(new Date())

for (const kind of DATABASE_KINDS) {
  describe(`from report to outcome (${kind})`, () => {
    let t: TestApp
    let team: Team
    let northshire: Awaited<ReturnType<typeof contextFor>>
    let southshire: Awaited<ReturnType<typeof contextFor>>
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      await t.services.organisations.ensure(
        { code: 'SOUTHSHIRE', name: 'Southshire Constabulary', kind: 'police_force' },
        systemContext(),
      )
      northshire = await contextFor(
        t.services,
        `psd-north-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      southshire = await contextFor(
        t.services,
        `psd-south-${kind}@example.test`,
        ['appropriate_authority'],
        'SOUTHSHIRE',
      )
    })
    after(() => t.close())

    async function sentCase(specs: Parameters<typeof approvedReportCase>[2]) {
      const made = await approvedReportCase(t, team, specs)
      const sent = await t.services.outcomes.sendReport(
        made.investigation.id,
        { sentOn: today() },
        made.investigation.version,
        team.lead,
      )
      return { ...made, investigation: sent.investigation, sending: sent.sending }
    }

    it('lets the force answer unsatisfactory performance with the performance procedure, and reflective practice with its review process', async () => {
      const made = await sentCase([
        { givenName: 'Una', familyName: 'Performance', determination: 'unsatisfactory_performance' },
        { givenName: 'Rhys', familyName: 'Reflect', determination: 'reflective_practice' },
      ])
      const [una, rhys] = made.subjects
      const answered = [
        [una!, 'unsatisfactory_performance_procedure'],
        [rhys!, 'reflective_practice_review'],
      ] as const
      // A response dated in the future is refused, naming the field (plausible dates, issue 16).
      await assert.rejects(
        t.services.outcomes.recordResponse(
          una!.id,
          { agrees: true, proposedProceedings: 'none', reasons: 'We agree', respondedOn: '2099-12-01' },
          northshire,
        ),
        (error: { problems?: { path: string; message: string }[] }) =>
          error.problems?.some(
            (p) => p.path === 'respondedOn' && p.message === 'The date of the response must be today or in the past',
          ) ?? false,
      )
      for (const [subject, proposedProceedings] of answered) {
        const response = await t.services.outcomes.recordResponse(
          subject.id,
          { agrees: true, proposedProceedings, reasons: 'We agree', respondedOn: today() },
          northshire,
        )
        assert.equal(response.proposed_proceedings, proposedProceedings)
      }
      await assert.rejects(
        t.services.outcomes.recordResponse(
          una!.id,
          { agrees: true, proposedProceedings: 'written_warning' as never, reasons: 'x', respondedOn: today() },
          northshire,
        ),
        (error: { problems?: { path: string }[] }) =>
          error.problems?.some((p) => p.path === 'proposedProceedings') ?? false,
      )
    })

    it('sends the approved report: status changes through the guard and the 15-working-day clock starts', async () => {
      const made = await approvedReportCase(t, team, [
        { givenName: 'Ada', familyName: 'Penrose', determination: 'case_to_answer_misconduct' },
      ])
      await assert.rejects(
        t.services.outcomes.sendReport(
          made.investigation.id,
          { sentOn: '2026-09-07' },
          made.investigation.version,
          team.investigator,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.outcomes.forAuthority(made.investigation.id, northshire),
        Forbidden,
        'not before it is sent',
      )
      await assert.rejects(
        t.services.outcomes.sendReport(
          made.investigation.id,
          { sentOn: '2026-09-07' },
          made.investigation.version - 1,
          team.lead,
        ),
        Conflict,
      )
      const { sending, investigation } = await t.services.outcomes.sendReport(
        made.investigation.id,
        { sentOn: '2026-09-07' },
        made.investigation.version,
        team.lead,
      )
      assert.equal(sending.response_due_on, '2026-09-28')
      assert.equal(investigation.status, 'report_sent_to_appropriate_authority')
      assert.equal(investigation.next_deadline_on, '2026-09-28')
      await assert.rejects(
        t.services.outcomes.sendReport(
          made.investigation.id,
          { sentOn: '2026-09-07' },
          investigation.version,
          team.lead,
        ),
        InvalidTransition,
      )
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', made.investigation.id)
        .where('action', '=', 'report.sent-to-authority')
        .execute()
      assert.equal(audit.length, 1)
    })

    it('does not let a status change skip the sending (which records the date and starts the clock)', async () => {
      const made = await approvedReportCase(t, team, [
        { givenName: 'Al', familyName: 'Skipper', determination: 'no_case_to_answer' },
      ])
      await assert.rejects(
        t.services.investigations.changeStatus(
          made.investigation.id,
          'report_sent_to_appropriate_authority',
          {},
          made.investigation.version,
          team.lead,
        ),
        (e: unknown) => e instanceof InvalidTransition && /Outcome tab/.test(e.message),
      )
    })

    it('refuses to send a report the decision maker has not approved', async () => {
      const made = await approvedReportCase(t, team, [
        { givenName: 'Bo', familyName: 'Trewin', determination: 'no_case_to_answer' },
      ])
      await t.database.db
        .updateTable('reports')
        .set({ status: 'submitted' })
        .where('investigation_id', '=', made.investigation.id)
        .execute()
      await assert.rejects(
        t.services.outcomes.sendReport(
          made.investigation.id,
          { sentOn: today() },
          made.investigation.version,
          team.lead,
        ),
        (e: unknown) => e instanceof InvalidTransition && /approve the report/.test(e.message),
      )
    })

    it('shows the appropriate authority only its own force’s report and subjects, never family contact details', async () => {
      const { investigation, subjects } = await sentCase([
        { givenName: 'Cara', familyName: 'Northern', determination: 'case_to_answer_gross_misconduct' },
        {
          givenName: 'Dev',
          familyName: 'Southern',
          determination: 'case_to_answer_misconduct',
          forceCode: 'SOUTHSHIRE',
        },
      ])
      const family = await addInterestedPerson(t.database.db, investigation.id, {
        name: 'Fiona Family',
        email: 'fiona.family@example.test',
      })
      await addRepresentative(t.database.db, investigation.id, family, {
        name: 'Rita Solicitor',
        email: 'rita@solicitors.example.test',
      })

      const list = await t.services.outcomes.reportsForAuthority(northshire)
      assert.ok(list.some((r) => r.investigation_id === investigation.id))
      const view = await t.services.outcomes.forAuthority(investigation.id, northshire)
      assert.deepEqual(
        view.subjects.map((s) => s.family_name),
        ['Northern'],
      )
      const text = JSON.stringify(view)
      for (const secret of ['Southern', 'Fiona', 'fiona.family@example.test', 'Rita', 'rita@solicitors.example.test'])
        assert.ok(!text.includes(secret), secret)

      // Southshire's authority is not the investigated force: no report, no subjects.
      assert.deepEqual(await t.services.outcomes.reportsForAuthority(southshire), [])
      await assert.rejects(t.services.outcomes.forAuthority(investigation.id, southshire), Forbidden)
      await assert.rejects(t.services.outcomes.responses(investigation.id, southshire), Forbidden)
      // Nor may the authority reach the case file, the families, or another force's subject.
      await assert.rejects(t.services.investigations.overview(investigation.id, northshire), Forbidden)
      await assert.rejects(t.services.subjects.get(subjects[0]!.id, northshire), Forbidden)
      await assert.rejects(
        t.services.outcomes.recordResponse(
          subjects[1]!.id,
          { agrees: 'yes', proposedProceedings: 'meeting', reasons: 'Agreed', respondedOn: today() },
          northshire,
        ),
        NotFound,
      )
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('case_id', '=', investigation.id)
        .where('action', '=', 'access.denied')
        .execute()
      assert.ok(denied.length >= 2)
    })

    it('the force disagrees → recommendation → not accepted → direction → hearing → dismissal with a barred list entry → close', async () => {
      const { investigation, subjects } = await sentCase([
        { givenName: 'Eli', familyName: 'Rowe', determination: 'case_to_answer_gross_misconduct' },
      ])
      const subject = subjects[0]!
      await assert.rejects(
        t.services.outcomes.makeRecommendation(
          subject.id,
          'recommendation',
          { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Too early' },
          team.lead,
        ),
        (e: unknown) => e instanceof InvalidTransition && /not yet responded/.test(e.message),
      )
      await assert.rejects(
        t.services.outcomes.recordResponse(
          subject.id,
          { agrees: 'no', proposedProceedings: 'none', reasons: 'Performance only', respondedOn: today() },
          team.lead,
        ),
        Forbidden,
      )
      assert.equal(
        (await t.services.investigations.header(investigation.id, team.lead)).investigation.next_deadline_on,
        investigation.next_deadline_on,
      )
      assert.ok(investigation.next_deadline_on)
      const response = await t.services.outcomes.recordResponse(
        subject.id,
        {
          agrees: 'no',
          proposedProceedings: 'none',
          reasons: 'We see a performance matter only',
          respondedOn: today(),
        },
        northshire,
      )
      assert.equal(response.determination, 'case_to_answer_gross_misconduct')
      assert.equal(
        (await t.services.investigations.header(investigation.id, team.lead)).investigation.next_deadline_on,
        null,
        'answered: the response clock no longer counts',
      )
      const facts = await t.services.investigations.lifecycleOptions(investigation.id, team.lead)
      assert.ok(
        facts.find((o) => o.status === 'awaiting_proceedings')?.missing.every((m) => !/respond to the report/.test(m)),
      )

      await assert.rejects(
        t.services.outcomes.makeRecommendation(
          subject.id,
          'direction',
          { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Direct' },
          team.lead,
        ),
        (e: unknown) => e instanceof InvalidTransition && /make the recommendation first/.test(e.message),
      )
      const recommendation = await t.services.outcomes.makeRecommendation(
        subject.id,
        'recommendation',
        { proceedingsKind: 'hearing', madeOn: today(), reasons: 'The evidence shows gross misconduct' },
        team.lead,
      )
      await assert.rejects(
        t.services.outcomes.makeRecommendation(
          subject.id,
          'recommendation',
          { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Again' },
          team.decisionMaker,
        ),
        InvalidTransition,
      )
      const refused = await t.services.outcomes.updateRecommendation(
        recommendation.id,
        { accepted: 'no', respondedOn: today() },
        recommendation.version,
        northshire,
      )
      assert.equal(refused.accepted, false)
      await assert.rejects(
        t.services.outcomes.updateRecommendation(
          recommendation.id,
          { notes: 'stale' },
          recommendation.version,
          team.lead,
        ),
        Conflict,
      )
      const direction = await t.services.outcomes.makeRecommendation(
        subject.id,
        'direction',
        { proceedingsKind: 'hearing', madeOn: today(), reasons: 'Directed under para 27' },
        team.decisionMaker,
      )
      const complied = await t.services.outcomes.updateRecommendation(
        direction.id,
        { complied: 'yes', compliedOn: today() },
        direction.version,
        team.lead,
      )
      assert.equal(complied.complied, true)
      assert.deepEqual(
        (await t.services.outcomes.recommendations(investigation.id, 'direction', northshire)).map((d) => d.id),
        [direction.id],
      )

      // A meeting cannot follow gross misconduct (the domain guard); a hearing can.
      await assert.rejects(
        t.services.outcomes.recordProceeding(subject.id, { kind: 'meeting', scheduledOn: today() }, northshire),
        InvalidTransition,
      )
      await assert.rejects(
        t.services.outcomes.recordProceeding(
          subject.id,
          { kind: 'hearing', chairName: 'A Lay Person', chairLegallyQualified: false },
          northshire,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems.some((p) => p.path === 'chairLegallyQualified'),
      )
      const hearing = await t.services.outcomes.recordProceeding(
        subject.id,
        {
          kind: 'hearing',
          scheduledOn: today(),
          chairName: 'Jane Counsel KC',
          chairLegallyQualified: true,
          panel: ['Superintendent Moyle', 'Ms Lay Member'],
        },
        northshire,
      )
      assert.equal((await t.services.subjects.get(subject.id, team.lead)).subject.status, 'proceedings')
      const moved = await t.services.investigations.changeStatus(
        investigation.id,
        'awaiting_proceedings',
        {},
        (await t.services.investigations.header(investigation.id, team.lead)).investigation.version,
        team.lead,
      )
      assert.equal(moved.status, 'awaiting_proceedings')
      await assert.rejects(
        t.services.investigations.changeStatus(investigation.id, 'closed', {}, moved.version, team.lead),
        (e: unknown) => e instanceof InvalidTransition && /Eli Rowe \(facing proceedings\)/.test(e.message),
      )
      await assert.rejects(
        t.services.outcomes.updateProceeding(
          hearing.id,
          {
            heldOn: today(),
            outcome: 'dismissal_without_notice',
            outcomeOn: today(),
            barredListEntryOn: today(),
            wouldHaveBeenDismissed: true,
          },
          hearing.version,
          northshire,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems.some((p) => p.path === 'wouldHaveBeenDismissed'),
      )
      const dismissed = await t.services.outcomes.updateProceeding(
        hearing.id,
        {
          heldOn: today(),
          adjournments: [{ on: today(), reason: 'Witness unwell', resumesOn: today() }],
          outcome: 'dismissal_without_notice',
          outcomeOn: today(),
          barredListEntryOn: today(),
        },
        hearing.version,
        northshire,
      )
      assert.equal(dismissed.outcome, 'dismissal_without_notice')
      assert.equal(dismissed.barred_list_entry_on, today())
      assert.deepEqual(
        dismissed.adjournments.map((a) => a.reason),
        ['Witness unwell'],
      )
      assert.deepEqual(dismissed.panel, ['Superintendent Moyle', 'Ms Lay Member'])
      assert.equal((await t.services.subjects.get(subject.id, team.lead)).subject.status, 'outcome')
      const closed = await t.services.investigations.changeStatus(
        investigation.id,
        'closed',
        {},
        (await t.services.investigations.header(investigation.id, team.lead)).investigation.version,
        team.lead,
      )
      assert.equal(closed.status, 'closed')
    })

    it('records “would have been dismissed” for an officer who resigned before the outcome', async () => {
      const { subjects } = await sentCase([
        { givenName: 'Fay', familyName: 'Quick', determination: 'case_to_answer_gross_misconduct' },
      ])
      const subject = subjects[0]!
      await t.services.outcomes.recordResponse(
        subject.id,
        { agrees: 'yes', proposedProceedings: 'hearing', reasons: 'Agreed', respondedOn: today() },
        northshire,
      )
      const hearing = await t.services.outcomes.recordProceeding(
        subject.id,
        {
          kind: 'hearing',
          accelerated: true,
          scheduledOn: '2026-10-01',
          chairName: 'Legally Qualified Chair',
          chairLegallyQualified: true,
        },
        team.lead,
      )
      await assert.rejects(
        t.services.outcomes.updateProceeding(
          hearing.id,
          {
            heldOn: '2026-10-01',
            leftForce: 'resigned',
            leftForceOn: '2026-09-20',
            outcome: 'dismissal_without_notice',
            outcomeOn: '2026-10-01',
          },
          hearing.version,
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && /would have been dismissed/.test(e.problems[0]!.message),
      )
      const done = await t.services.outcomes.updateProceeding(
        hearing.id,
        {
          heldOn: '2026-10-01',
          leftForce: 'resigned',
          leftForceOn: '2026-09-20',
          outcome: 'dismissal_without_notice',
          outcomeOn: '2026-10-01',
          wouldHaveBeenDismissed: true,
          barredListEntryOn: '2026-10-02',
        },
        hearing.version,
        team.lead,
      )
      assert.equal(done.would_have_been_dismissed, true)
      assert.equal(done.left_force, 'resigned')
      assert.equal((await t.services.subjects.get(subject.id, team.lead)).subject.status, 'outcome')
    })

    it('validates outcomes against the route: a meeting cannot dismiss; no proceedings means learning outcomes only', async () => {
      const { investigation, subjects } = await sentCase([
        { givenName: 'Gil', familyName: 'Mabe', determination: 'case_to_answer_misconduct' },
        { givenName: 'Hal', familyName: 'Nance', determination: 'no_case_to_answer' },
      ])
      const [misconduct, none] = subjects as [(typeof subjects)[0], (typeof subjects)[0]]
      const meeting = await t.services.outcomes.recordProceeding(
        misconduct.id,
        { kind: 'meeting', scheduledOn: today() },
        team.lead,
      )
      await assert.rejects(
        t.services.outcomes.updateProceeding(
          meeting.id,
          { heldOn: today(), outcome: 'dismissal_without_notice', outcomeOn: today() },
          meeting.version,
          team.lead,
        ),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          /not an outcome available at a misconduct meeting/.test(e.problems[0]!.message),
      )
      await assert.rejects(
        t.services.outcomes.recordProceeding(
          none.id,
          { kind: 'none', outcome: 'written_warning', outcomeOn: today() },
          team.lead,
        ),
        ValidationFailed,
      )
      const noProceedings = await t.services.outcomes.recordProceeding(
        none.id,
        { kind: 'none', outcome: 'no_action', outcomeOn: today() },
        team.lead,
      )
      assert.equal(noProceedings.outcome, 'no_action')
      assert.equal((await t.services.subjects.get(none.id, team.lead)).subject.status, 'outcome')
      await assert.rejects(
        t.services.investigations.changeStatus(
          investigation.id,
          'closed',
          {},
          (await t.services.investigations.header(investigation.id, team.lead)).investigation.version,
          team.lead,
        ),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          /respond to the report/.test(e.message) &&
          /Gil Mabe \(facing proceedings\)/.test(e.message) &&
          !/Hal Nance/.test(e.message),
      )
    })

    it('keeps learning recommendations with their response, deadline and follow-up actions', async () => {
      const { investigation } = await sentCase([])
      const rec = await t.services.outcomes.addLearning(
        investigation.id,
        {
          recipientKind: 'national_body',
          recipientName: 'College of Policing',
          text: 'Update guidance on linking deaths',
          madeOn: '2026-09-10',
          responseDueOn: '2026-11-05',
        },
        team.lead,
      )
      await assert.rejects(
        t.services.outcomes.addLearning(
          investigation.id,
          { recipientKind: 'force', recipientName: 'X', text: 'Y', madeOn: '2026-09-10', responseDueOn: '2026-09-01' },
          team.lead,
        ),
        ValidationFailed,
      )
      await assert.rejects(
        t.services.outcomes.addLearning(
          investigation.id,
          { recipientKind: 'force', recipientName: 'X', text: 'Y', madeOn: '2026-09-10', responseDueOn: '2026-10-01' },
          team.caseWorker,
        ),
        Forbidden,
      )
      const answered = await t.services.outcomes.updateLearning(
        rec.id,
        {
          response: 'partly_accepted',
          respondedOn: '2026-10-20',
          responseText: 'Guidance revised in part',
          followUpActions: [{ action: 'Check revised guidance is published', dueOn: '2027-01-31' }],
        },
        rec.version,
        team.lead,
      )
      assert.equal(answered.response, 'partly_accepted')
      assert.deepEqual(answered.follow_up_actions, [
        { action: 'Check revised guidance is published', dueOn: '2027-01-31', doneOn: null },
      ])
      await assert.rejects(
        t.services.outcomes.updateLearning(rec.id, { responseText: 'stale' }, rec.version, team.lead),
        Conflict,
      )
      // The force sees learning addressed to the force only.
      const view = await t.services.outcomes.forAuthority(investigation.id, northshire)
      assert.deepEqual(view.learning, [])
    })
  })
}
