/**
 * The report's workflow drives the case's status (docs/lifecycle.md): submitted → with the
 * decision maker, returned → back to drafting, approved → ready to send, sent → with the
 * appropriate authority. Walked through the services and through the API, asserting the case's
 * status at each step, and the manual moves the workflow owns refused with a clear error.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { londonDateOf } from '../../src/domain/calendar.js'
import { REPORT_DRIVEN_MOVES, REPORT_STEPS } from '../../src/domain/investigationLifecycle.js'
import { InvalidTransition } from '../../src/services/errors.js'
import { bearer, createToken } from '../support/api.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { makeTeam, startedInvestigation, type Team } from '../support/investigations.js'

const today = () => londonDateOf(new Date())
let warrant = 7100

for (const kind of DATABASE_KINDS) {
  describe(`the report drives the case's status (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    /** A started case with one subject whose notice was served (so the report may be drafted). */
    async function caseWithServedSubject() {
      const { investigation } = await startedInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Rhys',
          familyName: 'Talbot',
          warrantNumber: `RL${++warrant}`,
          kind: 'police_officer',
          rank: 'sergeant',
          roleAtTime: 'Custody sergeant',
        },
        team.investigator,
      )
      await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Did not check on a detained man', standards: ['duties_and_responsibilities'] },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'misconduct', rationale: 'Failings', assessedOn: '2026-03-05' },
        team.investigator,
      )
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-03-10', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      const saved = await t.services.reports.save(
        investigation.id,
        {
          summary: 'Summary.',
          termsOfReference: 'Terms.',
          chronologyEventIds: [],
          evidenceAnalysis: 'Analysis.',
          documentIds: [],
          findings: [{ subjectId: subject.id, allegationId: null, text: 'A finding.' }],
          learning: '',
        },
        0,
        team.investigator,
      )
      return { investigation, subject, report: saved.report }
    }

    async function statusOf(id: string) {
      return (await t.services.investigations.header(id, team.lead)).investigation.status
    }

    async function statusChanges(id: string) {
      const rows = await t.database.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('case_id', '=', id)
        .where('action', '=', 'investigation.status-changed')
        .orderBy('seq')
        .execute()
      return rows.map((r) => {
        const d = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as {
          after: { status: string }
          byReportStep?: string
        }
        return `${d.after.status}${d.byReportStep ? ` (${d.byReportStep})` : ''}`
      })
    }

    it('walks submit → return → submit → approve → send through the services, the status following each step', async () => {
      const { investigation, subject, report } = await caseWithServedSubject()
      assert.equal(await statusOf(investigation.id), 'investigating')

      // Submitting from "investigating" passes through report drafting: no status step to remember.
      let step = await t.services.reports.submit(investigation.id, report.version, team.investigator)
      assert.equal(step.investigation.status, 'report_with_decision_maker')
      assert.equal(await statusOf(investigation.id), 'report_with_decision_maker')

      step = await t.services.reports.returnWithComments(
        investigation.id,
        { comments: 'Say more.' },
        step.report.version,
        team.decisionMaker,
      )
      assert.equal(await statusOf(investigation.id), 'report_drafting')

      const revised = await t.services.reports.save(
        investigation.id,
        {
          summary: 'Summary, revised.',
          termsOfReference: 'Terms.',
          chronologyEventIds: [],
          evidenceAnalysis: 'Analysis.',
          documentIds: [],
          findings: [{ subjectId: subject.id, allegationId: null, text: 'A finding.' }],
          learning: '',
        },
        step.report.version,
        team.investigator,
      )
      assert.equal(await statusOf(investigation.id), 'report_drafting')
      step = await t.services.reports.submit(investigation.id, revised.report.version, team.lead)
      assert.equal(await statusOf(investigation.id), 'report_with_decision_maker')

      // The determinations come after submission (the old guard refused submission without them).
      await t.services.reports.determine(
        subject.id,
        { determination: 'no_case_to_answer', rationale: 'No case.' },
        0,
        team.decisionMaker,
      )
      step = await t.services.reports.approve(investigation.id, step.report.version, team.decisionMaker)
      assert.equal(step.investigation.status, 'report_approved')
      assert.equal(await statusOf(investigation.id), 'report_approved')

      const sent = await t.services.outcomes.sendReport(
        investigation.id,
        { sentOn: today() },
        step.investigation.version,
        team.lead,
      )
      assert.equal(sent.investigation.status, 'report_sent_to_appropriate_authority')

      // Every move is in the audit trail, naming the report step that made it.
      assert.deepEqual(await statusChanges(investigation.id), [
        'investigating',
        'report_with_decision_maker (submitted)',
        'report_drafting (returned)',
        'report_with_decision_maker (submitted)',
        'report_approved (approved)',
        'report_sent_to_appropriate_authority (sent)',
      ])
    })

    it('refuses by hand every move the report owns, naming the report step, and leaves the case where it was', async () => {
      const { investigation, subject, report } = await caseWithServedSubject()
      const tryMove = async (to: string) => {
        const { investigation: now } = await t.services.investigations.header(investigation.id, team.lead)
        await assert.rejects(
          t.services.investigations.changeStatus(investigation.id, to, {}, now.version, team.lead),
          (e: unknown) =>
            e instanceof InvalidTransition && /has no separate status step/.test(e.message) && /tab/.test(e.message),
          to,
        )
        assert.equal(await statusOf(investigation.id), now.status)
        const options = await t.services.investigations.lifecycleOptions(investigation.id, team.lead)
        const option = options.find((o) => o.status === to)
        if (option) assert.equal(option.allowed, false, `${to} is offered as a manual move`)
      }
      const moved = await t.services.investigations.changeStatus(
        investigation.id,
        'report_drafting',
        {},
        investigation.version,
        team.lead,
      )
      assert.equal(moved.status, 'report_drafting')
      await tryMove('report_with_decision_maker')
      const submitted = await t.services.reports.submit(investigation.id, report.version, team.investigator)
      await tryMove('report_drafting')
      await tryMove('report_approved')
      await t.services.reports.determine(
        subject.id,
        { determination: 'no_case_to_answer', rationale: 'No case.' },
        0,
        team.decisionMaker,
      )
      await t.services.reports.approve(investigation.id, submitted.report.version, team.decisionMaker)
      await tryMove('report_sent_to_appropriate_authority')
      // Every owned move was tried above.
      assert.deepEqual([...new Set(REPORT_STEPS.map((s) => REPORT_DRIVEN_MOVES[s].to))].sort(), [
        'report_approved',
        'report_drafting',
        'report_sent_to_appropriate_authority',
        'report_with_decision_maker',
      ])
    })

    it('refuses a report step while the case is suspended, rolling the report back too', async () => {
      const { investigation, report } = await caseWithServedSubject()
      const suspended = await t.services.investigations.changeStatus(
        investigation.id,
        'suspended',
        { reason: 'Pending criminal proceedings' },
        investigation.version,
        team.lead,
      )
      await assert.rejects(
        t.services.reports.submit(investigation.id, report.version, team.investigator),
        (e: unknown) => e instanceof InvalidTransition && /The investigation is “suspended”/.test(e.message),
      )
      assert.equal((await t.services.reports.overview(investigation.id, team.lead)).status, 'draft')
      assert.equal(await statusOf(suspended.id), 'suspended')
    })

    it('walks the same steps through the API, the report naming the case’s status and version', async () => {
      const investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
      const dm = bearer((await createToken(t.services, team.decisionMaker.userId, { write: true })).secret)
      const lead = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      const { investigation, subject, report } = await caseWithServedSubject()
      const base = `/api/v1/investigations/${investigation.id}`

      const drafting = await t.app.inject({
        method: 'POST',
        url: `${base}/status-changes`,
        headers: { ...lead, 'if-match': `"${investigation.version}"` },
        payload: { status: 'report_drafting' },
      })
      assert.equal(drafting.statusCode, 200, drafting.body)
      const manual = await t.app.inject({
        method: 'POST',
        url: `${base}/status-changes`,
        headers: { ...lead, 'if-match': drafting.headers.etag as string },
        payload: { status: 'report_with_decision_maker' },
      })
      assert.equal(manual.statusCode, 409, manual.body)
      assert.match(manual.json().detail, /when the report is submitted to the decision maker/)

      const submitted = await t.app.inject({
        method: 'POST',
        url: `${base}/report/submissions`,
        headers: { ...investigator, 'if-match': `"${report.version}"` },
      })
      assert.equal(submitted.statusCode, 200, submitted.body)
      assert.equal(submitted.json().investigationStatus, 'report_with_decision_maker')

      const determined = await t.app.inject({
        method: 'PUT',
        url: `/api/v1/subjects/${subject.id}/determination`,
        headers: { ...dm, 'if-none-match': '*' },
        payload: { determination: 'no_case_to_answer', rationale: 'No case.', cpsReferral: false },
      })
      assert.ok([200, 201].includes(determined.statusCode), determined.body)
      const approved = await t.app.inject({
        method: 'POST',
        url: `${base}/report/approvals`,
        headers: { ...dm, 'if-match': submitted.headers.etag as string },
      })
      assert.equal(approved.statusCode, 200, approved.body)
      assert.equal(approved.json().investigationStatus, 'report_approved')

      const sent = await t.app.inject({
        method: 'POST',
        url: `${base}/report-sending`,
        headers: { ...lead, 'if-match': `"${approved.json().investigationVersion}"` },
        payload: { sentOn: today() },
      })
      assert.equal(sent.statusCode, 201, sent.body)
      const got = await t.app.inject({ method: 'GET', url: base, headers: lead })
      assert.equal(got.json().status, 'report_sent_to_appropriate_authority')
    })
  })
}
