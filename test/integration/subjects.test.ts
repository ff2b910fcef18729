import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { noticeResponseDue } from '../../src/domain/ruleSet.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

let warrant = 1000
const nextWarrant = () => `NS${++warrant}`

for (const kind of DATABASE_KINDS) {
  describe(`subjects (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    const officer = (overrides: Record<string, string> = {}) => ({
      givenName: 'Jordan',
      familyName: 'Hale',
      warrantNumber: nextWarrant(),
      kind: 'police_officer' as const,
      rank: 'sergeant',
      roleAtTime: 'Custody sergeant',
      ...overrides,
    })

    async function subjectReadyForNotice(severity: 'misconduct' | 'gross_misconduct' = 'gross_misconduct') {
      const { investigation } = await openInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(investigation.id, officer(), team.investigator)
      await t.services.subjects.addAllegation(
        subject.id,
        {
          description: 'Failed to check on a detained person',
          standards: ['duties_and_responsibilities', 'honesty_and_integrity'],
        },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity, rationale: 'Serious failings', assessedOn: '2025-06-01' },
        team.lead,
      )
      return { investigation, subject }
    }

    it('keeps one officer record across investigations, matched on force and warrant number (any case)', async () => {
      const a = await openInvestigation(t.services, team)
      const b = await openInvestigation(t.services, team)
      const number = nextWarrant()
      const first = await t.services.subjects.add(
        a.investigation.id,
        officer({ warrantNumber: number, rank: 'constable' }),
        team.investigator,
      )
      const second = await t.services.subjects.add(
        b.investigation.id,
        officer({ warrantNumber: number.toLowerCase(), rank: 'sergeant', rankAtTime: 'sergeant' }),
        team.lead,
      )
      assert.equal(first.officerRegistered, true)
      assert.equal(second.officerRegistered, false)
      assert.equal(first.subject.officer_id, second.subject.officer_id)
      assert.equal(first.subject.rank_at_time, 'constable')
      assert.equal(second.subject.rank_at_time, 'sergeant')
      const rows = await t.database.db
        .selectFrom('officers')
        .selectAll()
        .where('id', '=', first.subject.officer_id)
        .execute()
      assert.equal(rows.length, 1)
      assert.equal(rows[0]!.rank, 'sergeant', 'the register holds the current rank')
      assert.equal(rows[0]!.warrant_number, number)
      await assert.rejects(
        t.services.subjects.add(a.investigation.id, officer({ warrantNumber: number }), team.investigator),
        (e: unknown) => e instanceof ValidationFailed && /already a subject/.test(e.problems[0]!.message),
      )
    })

    it('makes subjects findable by name and warrant number in the case search and the officer register', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const number = nextWarrant()
      await t.services.subjects.add(
        investigation.id,
        officer({ givenName: 'Quillon', familyName: 'Marchbanks', warrantNumber: number }),
        team.investigator,
      )
      const byName = await t.services.investigations.list(team.lead, { search: 'marchbanks' })
      assert.deepEqual(
        byName.items.map((i) => i.id),
        [investigation.id],
      )
      const byWarrant = await t.services.investigations.list(team.lead, { search: number })
      assert.deepEqual(
        byWarrant.items.map((i) => i.id),
        [investigation.id],
      )
      const found = await t.services.subjects.searchOfficers('quillon march', team.investigator)
      assert.equal(found[0]?.family_name, 'Marchbanks')
      const foundByNumber = await t.services.subjects.searchOfficers(number.slice(0, 5), team.investigator)
      assert.ok(foundByNumber.some((o) => o.warrant_number === number))
      await assert.rejects(t.services.subjects.searchOfficers('quillon', team.caseWorker), Forbidden)
      const audits = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'officers.searched')
        .execute()
      assert.ok(audits.length >= 2)
    })

    it('keeps every severity assessment; the latest by date is current; none may be dated before the latest', async () => {
      const { subject } = await subjectReadyForNotice('misconduct')
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'gross_misconduct', rationale: 'New evidence', assessedOn: '2025-07-01' },
        team.lead,
      )
      const history = await t.services.subjects.severityHistory(subject.id, team.lead)
      assert.deepEqual(
        history.history.map((h) => h.severity),
        ['misconduct', 'gross_misconduct'],
      )
      assert.equal(history.currentSeverity, 'gross_misconduct')
      await assert.rejects(
        t.services.subjects.assessSeverity(
          subject.id,
          { severity: 'neither', rationale: 'Backdated', assessedOn: '2025-06-15' },
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'assessedOn',
      )
      const rows = await t.database.db
        .selectFrom('severity_assessments')
        .select('severity')
        .where('subject_id', '=', subject.id)
        .execute()
      assert.equal(rows.length, 2)
      const list = await t.services.subjects.list(subject.investigation_id, team.lead)
      assert.equal(list[0]!.currentSeverity, 'gross_misconduct')
    })

    it('generates the notice as a PDF stored by its SHA-256, with the severity it states', async () => {
      const { subject } = await subjectReadyForNotice()
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      const { bytes, filename } = await t.services.subjects.noticePdf(notice.id, team.decisionMaker)
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-')
      assert.equal(notice.content_sha256, createHash('sha256').update(bytes).digest('hex'))
      assert.equal(notice.content_size_bytes, bytes.length)
      assert.equal(notice.severity, 'gross_misconduct')
      assert.match(filename, /^notice-of-investigation-\d{4}-\d{6}-[0-9a-f]{8}\.pdf$/)
      const downloads = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'notice.downloaded')
        .where('entity_id', '=', notice.id)
        .execute()
      assert.equal(downloads.length, 1)
    })

    it('refuses a notice without an allegation, or before a severity of misconduct or gross misconduct', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(investigation.id, officer(), team.investigator)
      await assert.rejects(
        t.services.subjects.generateNotice(subject.id, team.investigator),
        (e: unknown) =>
          e instanceof InvalidTransition && /allegation/.test(e.message) && /severity must be assessed/.test(e.message),
      )
      await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Something', standards: ['confidentiality'] },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'neither', rationale: 'Minor', assessedOn: '2025-06-01' },
        team.lead,
      )
      await assert.rejects(
        t.services.subjects.generateNotice(subject.id, team.investigator),
        (e: unknown) => e instanceof InvalidTransition && /only when the severity/.test(e.message),
      )
    })

    it('records service: response due in 10 working days skipping bank holidays, the subject moves on, the case deadline follows', async () => {
      assert.equal(noticeResponseDue('2026-12-21'), '2027-01-07')
      const { investigation, subject } = await subjectReadyForNotice()
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      // Christmas Day, Boxing Day and New Year's Day fall inside the period.
      const served = await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2025-12-22', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      assert.equal(served.response_due_on, noticeResponseDue('2025-12-22'))
      assert.equal(served.response_due_on, '2026-01-08')
      const afterService = await t.services.investigations.header(investigation.id, team.lead)
      assert.equal(afterService.investigation.next_deadline_on, '2026-01-08')
      const detail = await t.services.subjects.get(subject.id, team.lead)
      assert.equal(detail.subject.status, 'notice_served')
      assert.equal(detail.subject.noticeResponseDueOn, '2026-01-08')

      await assert.rejects(
        t.services.subjects.updateNotice(
          notice.id,
          { responseReceivedOn: '2025-12-01', responseSummary: 'Too early' },
          served.version,
          team.investigator,
        ),
        (e: unknown) => e instanceof ValidationFailed && /before the notice was served/.test(e.problems[0]!.message),
      )
      const responded = await t.services.subjects.updateNotice(
        notice.id,
        { responseReceivedOn: '2026-01-05', responseSummary: 'Written statement provided' },
        served.version,
        team.investigator,
      )
      assert.equal(responded.response_summary, 'Written statement provided')
      const afterResponse = await t.services.investigations.header(investigation.id, team.lead)
      assert.equal(afterResponse.investigation.next_deadline_on, null)
      assert.equal((await t.services.subjects.get(subject.id, team.lead)).subject.status, 'responded')

      const interview = await t.services.subjects.recordInterview(
        subject.id,
        { kind: 'misconduct', heldOn: '2026-01-20', summary: 'Answered all questions' },
        team.investigator,
      )
      assert.equal(interview.kind, 'misconduct')
      assert.equal((await t.services.subjects.get(subject.id, team.lead)).interviews.length, 1)
    })

    it('refuses a stale version of a subject, an allegation or a notice, writing nothing', async () => {
      const { subject } = await subjectReadyForNotice()
      const changed = await t.services.subjects.update(
        subject.id,
        { roleAtTime: 'Acting inspector' },
        subject.version,
        team.investigator,
      )
      assert.equal(changed.role_at_time, 'Acting inspector')
      await assert.rejects(
        t.services.subjects.update(subject.id, { roleAtTime: 'Stale' }, subject.version, team.lead),
        Conflict,
      )
      const allegation = (await t.services.subjects.get(subject.id, team.lead)).allegations[0]!
      const edited = await t.services.subjects.updateAllegation(
        allegation.id,
        { description: 'Revised wording' },
        allegation.version,
        team.investigator,
      )
      assert.equal(edited.version, allegation.version + 1)
      assert.deepEqual(edited.standards, allegation.standards)
      await assert.rejects(
        t.services.subjects.updateAllegation(allegation.id, { description: 'Stale' }, allegation.version, team.lead),
        Conflict,
      )
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-01-05', serviceMethod: 'by_email' },
        notice.version,
        team.investigator,
      )
      await assert.rejects(
        t.services.subjects.updateNotice(
          notice.id,
          { servedOn: '2026-01-06', serviceMethod: 'by_post' },
          notice.version,
          team.lead,
        ),
        Conflict,
      )
      const stored = await t.services.subjects.notice(notice.id, team.lead)
      assert.equal(stored.served_on, '2026-01-05')
    })

    it('refuses outsiders and case workers, and audits the refusal', async () => {
      const { investigation, subject } = await subjectReadyForNotice()
      await assert.rejects(t.services.subjects.list(investigation.id, team.outsider), Forbidden)
      await assert.rejects(t.services.subjects.list(investigation.id, team.caseWorker), Forbidden)
      await assert.rejects(t.services.subjects.get(subject.id, team.caseWorker), Forbidden)
      await assert.rejects(t.services.subjects.add(investigation.id, officer(), team.outsider), Forbidden)
      await assert.rejects(
        t.services.subjects.addAllegation(
          subject.id,
          { description: 'x', standards: ['use_of_force'] },
          team.caseWorker,
        ),
        Forbidden,
      )
      // The decision maker reads the case file but does not contribute to it.
      await assert.rejects(
        t.services.subjects.assessSeverity(
          subject.id,
          { severity: 'misconduct', rationale: 'x', assessedOn: '2025-08-01' },
          team.decisionMaker,
        ),
        Forbidden,
      )
      await assert.rejects(t.services.subjects.get('00000000-0000-0000-0000-000000000000', team.lead), NotFound)
      const denied = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('case_id', '=', investigation.id)
        .execute()
      assert.equal(denied.length, 6)
      assert.equal((await t.services.subjects.list(investigation.id, team.decisionMaker)).length, 1)
    })

    it('audits every change with before and after, and every read of personal data with its fields', async () => {
      const { investigation, subject } = await subjectReadyForNotice()
      await t.services.subjects.update(subject.id, { rankAtTime: 'inspector' }, subject.version, team.investigator)
      await t.services.subjects.get(subject.id, team.lead)
      const entries = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('case_id', '=', investigation.id)
        .orderBy('seq')
        .execute()
      const actions = entries.map((e) => e.action)
      for (const a of ['subject.added', 'allegation.added', 'severity.assessed', 'subject.changed', 'subject.read'])
        assert.ok(actions.includes(a), a)
      const change = entries.find((e) => e.action === 'subject.changed')!.detail as {
        before: { rankAtTime: string }
        after: { rankAtTime: string }
      }
      assert.equal(change.before.rankAtTime, 'sergeant')
      assert.equal(change.after.rankAtTime, 'inspector')
      const read = entries.find((e) => e.action === 'subject.read')!.detail as { fields: string[] }
      assert.ok(read.fields.includes('officers.warrant_number'))
      assert.ok(read.fields.includes('allegations.description'))
    })

    it('validates input, naming each field', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await assert.rejects(
        t.services.subjects.add(
          investigation.id,
          { givenName: '', familyName: 'X', warrantNumber: '', kind: 'police_officer', rank: 'general' },
          team.investigator,
        ),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          ['givenName', 'warrantNumber', 'rank'].every((p) => e.problems.some((x) => x.path === p)),
      )
      const staff = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Sam',
          familyName: 'Staff',
          warrantNumber: nextWarrant(),
          kind: 'police_staff',
          rank: 'Detention officer',
        },
        team.investigator,
      )
      assert.equal(staff.subject.rank_at_time, 'Detention officer')
      await assert.rejects(
        t.services.subjects.addAllegation(staff.subject.id, { description: 'x', standards: [] }, team.investigator),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'standards',
      )
    })
  })
}
