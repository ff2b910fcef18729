/**
 * From report to outcome, in the browser. The case is brought to report drafting through the
 * services (two officers served and answered: one of Northshire Police, the investigated force,
 * and one of Westmarch Police, already determined "no case to answer"; a bereaved mother with
 * her contact details). Then, as people would: the investigator drafts the report and submits
 * it; the decision maker returns it with comments; the investigator revises and resubmits; the
 * decision maker determines a case to answer for gross misconduct, moves the case on, approves
 * and sends the report to the force. Northshire's appropriate authority finds it in "Reports to
 * answer" and disagrees; the decision maker recommends a hearing, records that the force did not
 * accept it, and directs one; the force records the hearing, which dismisses the officer without
 * notice (barred list entry). The lead investigator cannot close while the Westmarch officer's
 * path is open (the guard names him), records that no proceedings follow, and closes.
 *
 * Every page passes the axe check. Another force's appropriate authority cannot open the report
 * or the officer's page, and no family contact details appear on any authority page.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { londonDateOf } from '../../src/domain/calendar.js'
import type { Role } from '../../src/domain/roles.js'
import { systemContext } from '../../src/services/context.js'
import { TEST_PASSWORD } from '../support/app.js'
import { contextFor, forceId, openInvestigation, type Team } from '../support/investigations.js'
import { ErrorPage } from './pages/ErrorPage.js'
import { ChangeStatusPage, InvestigationOverviewPage } from './pages/InvestigationPages.js'
import {
  AuthorityReportPage,
  AuthorityReportsPage,
  AuthoritySubjectPage,
  OutcomePage,
  OutcomeSubjectPage,
} from './pages/OutcomePages.js'
import { ReportPage } from './pages/ReportPages.js'
import { screenshot, useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

const FAMILY = {
  fullName: 'Maureen Kellow',
  email: 'maureen.kellow@example.org',
  phone: '07700 900456',
  postalAddress: '12 Harbour Terrace, Northtown',
}

/** Fails if anything identifying or contacting the family is on the page. */
async function expectNoFamilyDetails(page: Page): Promise<void> {
  const html = await page.content()
  for (const detail of Object.values(FAMILY))
    assert.ok(!html.includes(detail), `${page.url()} shows the family’s “${detail}”`)
}

describe('from report to outcome', () => {
  const harness = useE2eHarness()

  test('a report is drafted, returned, approved and sent; the force disagrees, is directed to a hearing that dismisses the officer, and the case closes', async () => {
    const services = harness.server.services
    const today = londonDateOf(new Date())
    const person = (name: string, roles: Role[], organisationCode?: string) =>
      contextFor(services, `${name}@outcome.candour.test`, roles, organisationCode)
    const team: Team = {
      lead: await person('lead', ['lead_investigator']),
      investigator: await person('investigator', ['investigator']),
      decisionMaker: await person('decider', ['decision_maker']),
      caseWorker: await person('case-worker', ['case_worker']),
      outsider: await person('outsider', ['investigator']),
    }
    await services.organisations.ensure(
      { code: 'WESTMARCH', name: 'Westmarch Constabulary', kind: 'police_force' },
      systemContext(),
    )
    await person('psd', ['appropriate_authority'], 'NORTHSHIRE')
    await person('westmarch-psd', ['appropriate_authority'], 'WESTMARCH')
    const who = (name: string) => ({ email: `${name}@outcome.candour.test`, password: TEST_PASSWORD })

    // The case, up to report drafting, through the services.
    const { investigation } = await openInvestigation(services, team, {
      title: 'Restraint of a man in Northtown custody',
    })
    let inv = await services.investigations.changeStatus(
      investigation.id,
      'investigating',
      {},
      investigation.version,
      team.lead,
    )
    const served = async (
      officer: { given: string; family: string; warrant: string; force?: string },
      severity: 'misconduct' | 'gross_misconduct',
    ) => {
      const { subject } = await services.subjects.add(
        inv.id,
        {
          givenName: officer.given,
          familyName: officer.family,
          warrantNumber: officer.warrant,
          kind: 'police_officer',
          rank: 'constable',
          roleAtTime: 'Custody officer',
          ...(officer.force ? { forceId: await forceId(services, officer.force) } : {}),
        },
        team.investigator,
      )
      await services.subjects.addAllegation(
        subject.id,
        { description: 'Used a neck hold during the restraint.', standards: ['use_of_force'] },
        team.investigator,
      )
      await services.subjects.assessSeverity(
        subject.id,
        { severity, rationale: 'If proved, the force used could justify dismissal.', assessedOn: '2026-03-10' },
        team.lead,
      )
      const notice = await services.subjects.generateNotice(subject.id, team.investigator)
      const withService = await services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-03-12', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      await services.subjects.updateNotice(
        withService.id,
        { responseReceivedOn: '2026-03-20', responseSummary: 'A prepared statement.' },
        withService.version,
        team.investigator,
      )
      return subject
    }
    const officer = await served({ given: 'Sam', family: 'Ellery', warrant: 'NP4411' }, 'gross_misconduct')
    const visiting = await served(
      { given: 'Joel', family: 'Pascoe', warrant: 'WC7702', force: 'WESTMARCH' },
      'misconduct',
    )
    await services.reports.determine(
      visiting.id,
      { determination: 'no_case_to_answer', rationale: 'He arrived after the restraint.' },
      0,
      team.decisionMaker,
    )
    await services.chronology.add(
      inv.id,
      {
        occurredOn: '2026-02-26',
        kind: 'underlying_fact',
        title: 'Restraint in the custody suite',
        missedOpportunity: false,
      },
      team.investigator,
    )
    await services.families.addPerson(
      inv.id,
      {
        fullName: FAMILY.fullName,
        kind: 'bereaved_family',
        relationship: 'Mother',
        consentToBeKeptInformed: true,
        consentRecordedOn: '2026-03-05',
        becameInterestedOn: '2026-03-05',
        preferredChannel: 'email',
        email: FAMILY.email,
        phone: FAMILY.phone,
        postalAddress: FAMILY.postalAddress,
      },
      team.caseWorker,
    )
    inv = await services.investigations.changeStatus(inv.id, 'report_drafting', {}, inv.version, team.lead)
    const officerName = 'Sam Ellery'

    // The investigator drafts the report and submits it.
    const investigatorPage = await harness.newPage()
    await signIn(investigatorPage, who('investigator'))
    const draft = await new ReportPage(investigatorPage).open(inv.id)
    assert.equal(await draft.heading(), 'Final report')
    assert.equal(await draft.fact('Current version'), 'None saved yet')
    await draft.expectAccessible()
    await draft.saveVersion({
      summary: 'Sam Ellery used a neck hold on a man being restrained in the custody suite.',
      termsOfReference: 'To investigate the restraint and the force used.',
      chronologyEvents: [/Restraint in the custody suite/],
      evidenceAnalysis: 'The custody footage shows the hold for over a minute.',
      findings: { [officerName]: 'The hold was not a trained technique and was not necessary.' },
      learning: 'Refresher training on restraint in custody.',
    })
    assert.equal(draft.path, `/investigations/${inv.id}/report`)
    assert.equal(await draft.reportStatus(), 'Draft')
    // Each section is written on its own page and each save keeps a version: six sections, six versions.
    assert.equal(await draft.fact('Current version'), '6')
    // Findings are written for Sam Ellery only (the visiting officer has none yet): that section is in progress.
    assert.deepEqual(
      (await draft.tasks('report-tasks')).map(([, status]) => status),
      ['Completed', 'Completed', 'Completed', 'Completed', 'In progress', 'Completed', 'Not started'],
    )
    await draft.expectAccessible()
    await draft.submitToDecisionMaker()
    assert.equal(await draft.reportStatus(), 'With the decision maker')
    await draft.expectAccessible()

    // The decision maker returns it with comments.
    const deciderPage = await harness.newPage()
    await signIn(deciderPage, who('decider'))
    const review = await new ReportPage(deciderPage).open(inv.id)
    await review.expectAccessible()
    await review.returnWithComments('Say how long the hold lasted, from the footage.')
    assert.equal(await review.reportStatus(), 'Returned with comments')
    assert.equal((await review.reviews())[0]?.[4], 'Say how long the hold lasted, from the footage.')
    await review.expectAccessible()

    // The investigator sees the comments, revises and resubmits.
    await draft.open(inv.id)
    assert.equal(await draft.reportStatus(), 'Returned with comments')
    assert.match((await draft.reviews())[0]?.join(' ') ?? '', /Returned with comments .*Say how long the hold lasted/)
    await draft.saveVersion({ evidenceAnalysis: 'The custody footage shows the hold for 74 seconds.' })
    assert.equal(await draft.fact('Current version'), '7')
    await draft.submitToDecisionMaker()
    assert.equal(await draft.reportStatus(), 'With the decision maker')

    // The decision maker: approval cannot start while the officer lacks a determination; the
    // decision page names him (the service’s refusal is tested in test/integration/reports.test.ts).
    await review.open(inv.id)
    assert.deepEqual((await review.tasks('determination-tasks')).at(-1), [
      'Approve the report or return it',
      'Cannot start yet',
    ])
    await review.openDecision()
    assert.match(await review.approvalWaitsFor(), /PC Sam Ellery \(NP4411\)/)
    await review.expectAccessible()
    await review.open(inv.id)
    await review.recordDetermination(
      officerName,
      'Case to answer for gross misconduct',
      'The footage shows an untrained neck hold held for 74 seconds.',
    )
    assert.equal(await review.determination(officerName), 'Case to answer for gross misconduct')
    await review.expectAccessible()

    // Submitting put the case with the decision maker (the report's workflow drives the status,
    // with no manual step); approving makes it ready to send.
    const overview = await new InvestigationOverviewPage(deciderPage).open(inv.id)
    assert.equal(await overview.identityFact('Status'), 'Report with decision maker')
    await overview.openTab('Report')
    await review.approve()
    assert.equal(await review.reportStatus(), 'Approved')
    assert.equal(await review.fact('Approved version'), '7')
    await review.expectAccessible()
    assert.equal(await overview.open(inv.id).then((o) => o.identityFact('Status')), 'Report approved, ready to send')
    await overview.openTab('Report')
    await screenshot(deciderPage, 'outcome-report-approved')

    // Sent to the force: the 15-working-day clock starts.
    await review.openTab('Outcome')
    const outcome = new OutcomePage(deciderPage)
    assert.equal(await outcome.heading(), 'Outcome')
    await outcome.expectAccessible()
    await outcome.sendReport(today)
    assert.equal(outcome.path, `/investigations/${inv.id}/outcome`)
    assert.equal(await outcome.identityFact('Status'), 'Report sent to appropriate authority')
    assert.notEqual(await outcome.fact('Response due'), '')
    await outcome.expectAccessible()

    // Northshire's appropriate authority: the report is in "Reports to answer".
    const psdPage = await harness.newPage()
    const psdHome = await signIn(psdPage, who('psd'))
    assert.ok((await psdHome.navigationItems()).includes('Reports to answer'))
    const reports = await new AuthorityReportsPage(psdPage).open()
    assert.equal(await reports.heading(), 'Reports to answer')
    const [row] = await reports.rows()
    assert.equal(row?.[1], 'Restraint of a man in Northtown custody')
    assert.equal(row?.[4], '0 of 1', 'only the force’s own officer counts')
    await reports.expectAccessible()
    await expectNoFamilyDetails(psdPage)
    await reports.openReport(inv.reference)
    const forceReport = new AuthorityReportPage(psdPage)
    assert.equal(forceReport.path, `/authority/${inv.id}`)
    assert.equal(await forceReport.heading(), 'Restraint of a man in Northtown custody')
    assert.deepEqual(await forceReport.tasks(), [
      { title: `Respond about ${officerName} (NP4411)`, status: 'Not started' },
    ])
    const reportText = await forceReport.mainText()
    assert.match(reportText, /Case to answer for gross misconduct\. Response due \d{1,2} [A-Z][a-z]+ \d{4}\./)
    assert.match(reportText, /The hold was not a trained technique/, 'the finding about its own officer')
    assert.doesNotMatch(
      reportText,
      /Joel|Pascoe|WC7702|arrived after the restraint/,
      'nothing about the other force’s officer',
    )
    assert.doesNotMatch(reportText, /custody footage/, 'the evidence analysis stays with the oversight body')
    await forceReport.expectAccessible()
    await expectNoFamilyDetails(psdPage)

    // The force disagrees: it proposes a meeting, not a hearing. The answer is a page of its own,
    // and the proposed meeting's proceedings are the next step.
    await forceReport.respondAbout(officerName)
    const forceSubject = new AuthoritySubjectPage(psdPage)
    assert.equal(await forceSubject.heading(), `Your response about ${officerName}`)
    await forceSubject.expectAccessible()
    await expectNoFamilyDetails(psdPage)
    await forceSubject.respond({
      agrees: false,
      proposed: 'Misconduct meeting',
      reasons: 'The officer had not been trained; misconduct at most.',
      respondedOn: today,
    })
    assert.equal(forceSubject.path, `/authority/${inv.id}/subjects/${officer.id}/proceedings`)
    assert.equal(await forceSubject.heading(), `Misconduct proceedings for ${officerName}`)
    await forceSubject.expectAccessible()
    await forceSubject.back()
    assert.equal(forceSubject.path, `/authority/${inv.id}/subjects/${officer.id}`)
    assert.equal(await forceSubject.answer('Proceedings proposed'), 'Disagrees; proposes misconduct meeting')
    assert.equal(await forceSubject.answer('Proceedings'), 'Not yet recorded')
    await forceSubject.expectAccessible()
    await forceReport.open(inv.id)
    assert.equal(await forceReport.taskStatus(`Respond about ${officerName}`), 'In progress')

    // Another force's appropriate authority: the report is not in its list, and refused.
    const otherForcePage = await harness.newPage()
    await signIn(otherForcePage, who('westmarch-psd'))
    const otherList = await new AuthorityReportsPage(otherForcePage).open()
    assert.deepEqual(await otherList.rows(), [])
    await otherList.expectAccessible()
    for (const path of [
      `/authority/${inv.id}`,
      `/authority/${inv.id}/subjects/${officer.id}`,
      `/authority/${inv.id}/subjects/${visiting.id}`,
      `/investigations/${inv.id}/report`,
    ]) {
      await otherForcePage.goto(path)
      const refused = new ErrorPage(otherForcePage)
      assert.ok(refused.status === 403 || refused.status === 404, `${path} answered ${refused.status}`)
      assert.doesNotMatch(await refused.body(), /Ellery|Pascoe|Restraint of a man/, `nothing of the case on ${path}`)
      await refused.expectAccessible()
    }
    // Nor does the investigated force reach the case file itself.
    await psdPage.goto(`/investigations/${inv.id}/report`)
    assert.ok([403, 404].includes(new ErrorPage(psdPage).status ?? 0), 'the force cannot open the case file')

    // The decision maker recommends a hearing.
    await outcome.open(inv.id)
    assert.deepEqual((await outcome.subjectRows()).find((r) => r[0] === officerName)?.slice(1, 3), [
      'Case to answer for gross misconduct',
      'Disagrees; proposes misconduct meeting',
    ])
    await outcome.openSubject(officerName)
    const subjectOutcome = new OutcomeSubjectPage(deciderPage)
    assert.equal(await subjectOutcome.heading(), officerName)
    await subjectOutcome.expectAccessible()
    await subjectOutcome.escalate(
      'recommendation',
      'Misconduct hearing',
      today,
      'An untrained neck hold held for 74 seconds could justify dismissal.',
    )
    assert.equal(await subjectOutcome.cardDetail('Recommendation', 'Accepted'), 'Awaiting answer')
    await subjectOutcome.expectAccessible()

    // The force does not accept it: the decision maker records that, then directs a hearing.
    await subjectOutcome.answerRecommendation(false, today)
    assert.equal(await subjectOutcome.cardDetail('Recommendation', 'Accepted'), 'No')
    await subjectOutcome.expectAccessible()
    await subjectOutcome.escalate(
      'direction',
      'Misconduct hearing',
      today,
      'The recommendation was not accepted; the oversight body directs a hearing.',
    )
    assert.equal(
      await subjectOutcome.cardDetail('Direction', 'Proceedings'),
      'Misconduct hearing (legally qualified chair)',
    )
    await subjectOutcome.expectAccessible()
    await screenshot(deciderPage, 'outcome-direction')

    // The force sees the direction as a task, says it is complying, and records the hearing.
    await forceReport.open(inv.id)
    assert.equal(
      await forceReport.taskStatus(`Comply with the direction of a misconduct hearing for ${officerName}`),
      'Not started',
    )
    await forceReport.openTask(`Comply with the direction of a misconduct hearing for ${officerName}`)
    assert.equal(await forceReport.heading(), 'Comply with the direction')
    await forceReport.expectAccessible()
    await forceReport.open(inv.id)
    await forceReport.respondAbout(officerName)
    assert.match(
      await forceSubject.answer('Recommendations and directions'),
      /^Recommendation: misconduct hearing.*; Direction: misconduct hearing/,
    )
    await forceSubject.openProceedings()
    await forceSubject.recordProceedings({
      kind: 'Misconduct hearing (legally qualified chair)',
      scheduledOn: today,
      heldOn: today,
      chairName: 'Miriam Achterberg',
      chairLegallyQualified: true,
      panel: ['Superintendent Alan Voss', 'Gemma Holt'],
      outcome: 'Dismissal without notice',
      outcomeOn: today,
      barredListEntryOn: today,
    })
    assert.equal(forceReport.path, `/authority/${inv.id}`, 'recorded without a problem, back to the task list')
    assert.equal(await forceReport.taskStatus(`Respond about ${officerName}`), 'Completed')
    await forceReport.expectAccessible()
    await expectNoFamilyDetails(psdPage)
    await forceReport.respondAbout(officerName)
    assert.equal(
      await forceSubject.answer('Proceedings'),
      'Misconduct hearing (legally qualified chair): Dismissal without notice',
    )
    await forceSubject.expectAccessible()

    // The team closes the investigation, once the Westmarch officer's path has ended too.
    const leadPage = await harness.newPage()
    await signIn(leadPage, who('lead'))
    const leadOverview = await new InvestigationOverviewPage(leadPage).open(inv.id)
    await leadOverview.changeStatus()
    const closing = new ChangeStatusPage(leadPage)
    assert.ok(!(await closing.allowed()).includes('Closed'))
    assert.match(
      (await closing.whatIsNeededFor('Closed')).join(' '),
      /still without one: Joel Pascoe \(opinion given\)/,
    )
    await closing.expectAccessible()
    const leadOutcome = await new OutcomePage(leadPage).open(inv.id)
    await leadOutcome.openSubject('Joel Pascoe')
    const visitingOutcome = new OutcomeSubjectPage(leadPage)
    await visitingOutcome.recordProceedings({ kind: 'No proceedings', outcome: 'No action', outcomeOn: today })
    assert.equal(await visitingOutcome.detail('Status'), 'Outcome recorded')
    await visitingOutcome.expectAccessible()
    await visitingOutcome.backToOutcome()
    const rows = await leadOutcome.subjectRows()
    assert.deepEqual(rows.find((r) => r[0] === officerName)?.slice(3), [
      'Direction: misconduct hearing (legally qualified chair)',
      'Misconduct hearing (legally qualified chair): Dismissal without notice',
      'Outcome recorded',
    ])
    await leadOutcome.expectAccessible()
    await leadOverview.open(inv.id)
    await leadOverview.changeStatus()
    await closing.moveTo('Closed')
    assert.equal(await leadOverview.identityFact('Status'), 'Closed')
    await leadOverview.expectAccessible()
  })
})
