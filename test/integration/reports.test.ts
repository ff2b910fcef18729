import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, startedInvestigation, type Team } from '../support/investigations.js'

let warrant = 5000
const nextWarrant = () => `NP${++warrant}`

for (const kind of DATABASE_KINDS) {
  describe(`final report (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    /** A subject who has been served a notice and has responded, ready for an opinion. */
    async function respondedSubject(
      investigationId: string,
      givenName: string,
      familyName: string,
      warrantNumber = nextWarrant(),
    ) {
      const { subject } = await t.services.subjects.add(
        investigationId,
        {
          givenName,
          familyName,
          warrantNumber,
          kind: 'police_officer',
          rank: 'constable',
          roleAtTime: 'Response officer',
        },
        team.investigator,
      )
      const allegation = await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Did not attend a call', standards: ['duties_and_responsibilities'] },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'misconduct', rationale: 'Failings', assessedOn: '2026-03-05' },
        team.lead,
      )
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      const served = await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-03-06', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      await t.services.subjects.updateNotice(
        notice.id,
        { responseReceivedOn: '2026-03-10', responseSummary: 'Denies it' },
        served.version,
        team.investigator,
      )
      return { subject, allegation, warrantNumber }
    }

    const sections = (summary: string) => ({
      summary,
      termsOfReference: 'To investigate.',
      evidenceAnalysis: 'The log shows the call.',
      learning: 'Link the deaths.',
    })

    it('keeps every saved version, refuses a stale save, and only investigators draft', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const first = await t.services.reports.save(investigation.id, sections('First draft.'), 0, team.investigator)
      assert.equal(first.version.version_number, 1)
      assert.equal(first.report.status, 'draft')
      await assert.rejects(t.services.reports.save(investigation.id, sections('Stale.'), 0, team.lead), Conflict)
      const second = await t.services.reports.save(
        investigation.id,
        sections('Second draft.'),
        first.report.version,
        team.lead,
      )
      assert.equal(second.version.version_number, 2)
      const versions = await t.services.reports.versions(investigation.id, team.decisionMaker)
      assert.deepEqual(
        versions.map((v) => [v.version_number, v.sections.summary]),
        [
          [2, 'Second draft.'],
          [1, 'First draft.'],
        ],
      )
      await assert.rejects(
        t.services.reports.save(investigation.id, sections('DM edit'), second.report.version, team.decisionMaker),
        Forbidden,
      )
      await assert.rejects(
        t.services.reports.save(investigation.id, sections('Case worker'), second.report.version, team.caseWorker),
        Forbidden,
      )
      await assert.rejects(
        t.services.reports.save(investigation.id, sections('Outsider'), second.report.version, team.outsider),
        Forbidden,
      )
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .where('action', 'like', 'report.%')
        .execute()
      assert.deepEqual(
        audit.map((a) => a.action).filter((a) => a === 'report.drafted' || a === 'report.revised'),
        ['report.drafted', 'report.revised'],
      )
    })

    it('references chronology events and documents of the case only, and compares two versions', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = await openInvestigation(t.services, team)
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-10', kind: 'underlying_fact', title: 'First call to police' },
        team.investigator,
      )
      const foreign = await t.services.chronology.add(
        other.investigation.id,
        { occurredOn: '2025-01-11', kind: 'underlying_fact', title: 'Elsewhere' },
        team.investigator,
      )
      await assert.rejects(
        t.services.reports.save(
          investigation.id,
          { ...sections('x'), chronologyEventIds: [foreign.id] },
          0,
          team.investigator,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'chronologyEventIds',
      )
      const v1 = await t.services.reports.save(
        investigation.id,
        { ...sections('The force did not link the deaths.'), chronologyEventIds: [event.id] },
        0,
        team.investigator,
      )
      await t.services.reports.save(
        investigation.id,
        { ...sections('The force did not link the four deaths.'), chronologyEventIds: [] },
        v1.report.version,
        team.investigator,
      )
      const comparison = await t.services.reports.compare(investigation.id, 1, 2, team.lead)
      const summary = comparison.sections.find((s) => s.id === 'summary')!
      assert.ok(summary.changed)
      assert.deepEqual(
        summary.pieces.filter((p) => p.kind !== 'equal'),
        [{ kind: 'insert', text: 'four ' }],
      )
      const chronology = comparison.sections.find((s) => s.id === 'chronology')!
      assert.deepEqual(chronology.pieces, [{ kind: 'delete', text: '10 January 2025 First call to police' }])
      assert.equal(comparison.sections.find((s) => s.id === 'learning')!.changed, false)
    })

    it('submits, returns with comments, approves only when every subject has a determination, naming who lacks one', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const brixey = await respondedSubject(investigation.id, 'Hannah', 'Brixey', 'NP5012')
      const other = await respondedSubject(investigation.id, 'Ola', 'Adeyemi')
      let { report } = await t.services.reports.save(
        investigation.id,
        {
          ...sections('Draft.'),
          findings: [{ subjectId: brixey.subject.id, allegationId: brixey.allegation.id, text: 'Failed to attend.' }],
        },
        0,
        team.investigator,
      )
      await assert.rejects(
        t.services.reports.approve(investigation.id, report.version, team.decisionMaker),
        InvalidTransition,
        'a draft cannot be approved',
      )
      await assert.rejects(t.services.reports.submit(investigation.id, report.version, team.decisionMaker), Forbidden)
      ;({ report } = await t.services.reports.submit(investigation.id, report.version, team.investigator))
      assert.equal(report.status, 'submitted')
      await assert.rejects(
        t.services.reports.save(investigation.id, sections('While submitted'), report.version, team.investigator),
        InvalidTransition,
      )
      await assert.rejects(
        t.services.reports.returnWithComments(investigation.id, { comments: 'Nope' }, report.version, team.lead),
        Forbidden,
      )
      await assert.rejects(
        t.services.reports.returnWithComments(investigation.id, { comments: ' ' }, report.version, team.decisionMaker),
        ValidationFailed,
      )
      ;({ report } = await t.services.reports.returnWithComments(
        investigation.id,
        { comments: 'Add the evidence analysis.' },
        report.version,
        team.decisionMaker,
      ))
      assert.equal(report.status, 'returned')
      ;({ report } = await t.services.reports.save(
        investigation.id,
        sections('Revised.'),
        report.version,
        team.investigator,
      ))
      assert.equal(report.status, 'draft')
      ;({ report } = await t.services.reports.submit(investigation.id, report.version, team.lead))

      await assert.rejects(
        t.services.reports.approve(investigation.id, report.version, team.decisionMaker),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          /No determination yet for PC Hannah Brixey \(NP5012\)/.test(e.message) &&
          /Ola Adeyemi/.test(e.message),
      )
      // Only the decision maker decides.
      await assert.rejects(
        t.services.reports.determine(
          brixey.subject.id,
          { determination: 'no_case_to_answer', rationale: 'x' },
          0,
          team.lead,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.reports.determine(
          brixey.subject.id,
          { determination: 'no_case_to_answer', rationale: 'x' },
          0,
          team.investigator,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.reports.determine(
          brixey.subject.id,
          { determination: 'nonsense' as never, rationale: 'x' },
          0,
          team.decisionMaker,
        ),
        ValidationFailed,
      )
      const d1 = await t.services.reports.determine(
        brixey.subject.id,
        { determination: 'unsatisfactory_performance', rationale: 'Performance failings', cpsReferral: false },
        0,
        team.decisionMaker,
      )
      assert.equal(d1.determination, 'unsatisfactory_performance')
      await assert.rejects(
        t.services.reports.determine(
          brixey.subject.id,
          { determination: 'no_case_to_answer', rationale: 'y' },
          0,
          team.decisionMaker,
        ),
        Conflict,
      )
      const subjectRow = await t.database.db
        .selectFrom('subjects')
        .select('status')
        .where('id', '=', brixey.subject.id)
        .executeTakeFirstOrThrow()
      assert.equal(subjectRow.status, 'opinion_given')
      await assert.rejects(
        t.services.reports.approve(investigation.id, report.version, team.decisionMaker),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          !/Brixey/.test(e.message) &&
          /No determination yet for PC Ola Adeyemi/.test(e.message),
      )
      const d2 = await t.services.reports.determine(
        other.subject.id,
        { determination: 'case_to_answer_misconduct', rationale: 'Case to answer', cpsReferral: true },
        0,
        team.decisionMaker,
      )
      assert.equal(d2.cps_decision, 'pending')
      await assert.rejects(t.services.reports.approve(investigation.id, report.version, team.lead), Forbidden)
      ;({ report } = await t.services.reports.approve(investigation.id, report.version, team.decisionMaker))
      assert.equal(report.status, 'approved')
      assert.equal(report.approved_version_number, 2)
      await assert.rejects(
        t.services.reports.determine(
          other.subject.id,
          { determination: 'no_case_to_answer', rationale: 'z' },
          d2.version,
          team.decisionMaker,
        ),
        InvalidTransition,
      )
      const cps = await t.services.reports.recordCpsDecision(
        other.subject.id,
        { decision: 'no_further_action', decidedOn: '2026-05-01' },
        d2.version,
        team.lead,
      )
      assert.equal(cps.cps_decision, 'no_further_action')
      await assert.rejects(
        t.services.reports.recordCpsDecision(brixey.subject.id, { decision: 'charge' }, d1.version, team.lead),
        InvalidTransition,
      )

      const reviews = (await t.services.reports.overview(investigation.id, team.lead)).reviews.map((r) => r.kind)
      assert.deepEqual(reviews, ['approved', 'submitted', 'returned', 'submitted'])
      const facts = await t.services.investigations.lifecycleFacts(
        t.database.db,
        await t.database.db
          .selectFrom('investigations')
          .selectAll()
          .where('id', '=', investigation.id)
          .executeTakeFirstOrThrow(),
      )
      assert.equal(facts.hasDraftReport, true)
      assert.equal(facts.reportApproved, true)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .execute()
      for (const action of [
        'report.submitted',
        'report.returned',
        'report.approved',
        'determination.recorded',
        'determination.cps-decision-recorded',
      ]) {
        assert.ok(
          audit.some((a) => a.action === action),
          action,
        )
      }
    })

    it('moves the investigation to the decision maker by submitting the report, never by hand, and reads the approval', async () => {
      // Before the report's workflow drove the case, this move was a manual status step (refused
      // until a draft existed); now submitting the report makes it, and the manual move is refused.
      const { investigation } = await startedInvestigation(t.services, team)
      let row = await t.services.investigations.changeStatus(
        investigation.id,
        'report_drafting',
        {},
        investigation.version,
        team.lead,
      )
      const { report } = await t.services.reports.save(investigation.id, sections('Draft.'), 0, team.investigator)
      await assert.rejects(
        t.services.investigations.changeStatus(
          investigation.id,
          'report_with_decision_maker',
          {},
          row.version,
          team.lead,
        ),
        (e: unknown) =>
          e instanceof InvalidTransition && /when the report is submitted to the decision maker/.test(e.message),
      )
      const submitted = await t.services.reports.submit(investigation.id, report.version, team.investigator)
      row = submitted.investigation
      assert.equal(row.status, 'report_with_decision_maker')
      assert.equal((await t.services.investigations.lifecycleFacts(t.database.db, row)).reportApproved, false)
      const approved = await t.services.reports.approve(investigation.id, submitted.report.version, team.decisionMaker)
      assert.equal(approved.investigation.status, 'report_approved')
      assert.equal((await t.services.investigations.lifecycleFacts(t.database.db, row)).reportApproved, true)
    })

    it('renders the approved version to a PDF once, storing its SHA-256 on the version', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-10', kind: 'underlying_fact', title: 'First call to police' },
        team.investigator,
      )
      await t.services.reports.save(
        investigation.id,
        { ...sections('Summary.\n\nSecond paragraph.'), chronologyEventIds: [event.id] },
        0,
        team.investigator,
      )
      const pdf = await t.services.reports.pdf(investigation.id, team.lead)
      assert.equal(pdf.bytes.subarray(0, 4).toString(), '%PDF')
      const sha = createHash('sha256').update(pdf.bytes).digest('hex')
      assert.equal(pdf.sha256, sha)
      const row = await t.database.db
        .selectFrom('report_versions')
        .select(['pdf_sha256', 'pdf_size_bytes'])
        .where('investigation_id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(row.pdf_sha256, sha)
      assert.equal(Number(row.pdf_size_bytes), pdf.bytes.length)
      const again = await t.services.reports.pdf(investigation.id, team.decisionMaker)
      assert.equal(again.sha256, sha)
      await assert.rejects(t.services.reports.pdf(investigation.id, team.caseWorker), Forbidden)
      const { document } = await t.services.reports.document(investigation.id, team.lead)
      const chronology = document.sections.find((s) => s.id === 'chronology')!
      assert.equal(chronology.blocks[0]!.kind, 'chronology')
    })
  })
}
