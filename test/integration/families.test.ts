import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { nextKeepInformedDue } from '../../src/domain/ruleSet.js'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { contextFor, makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`families kept informed (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    const person = (overrides: Record<string, unknown> = {}) => ({
      fullName: 'Pat Example',
      kind: 'bereaved_family' as const,
      relationship: 'Mother',
      consentToBeKeptInformed: true,
      becameInterestedOn: '2026-03-10',
      preferredChannel: 'email' as const,
      email: 'pat@example.test',
      ...overrides,
    })
    const update = (interestedPersonIds: string[], overrides: Record<string, unknown> = {}) => ({
      channel: 'call' as const,
      givenOn: '2026-03-20',
      interestedPersonIds,
      summary: 'Explained the progress of the investigation so far.',
      ...overrides,
    })
    const nextDeadline = async (id: string) =>
      (
        await t.database.db
          .selectFrom('investigations')
          .select('next_deadline_on')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).next_deadline_on

    it('puts only consenting persons on the clock, moves it on after an update, and folds it into the next deadline', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      assert.equal(await nextDeadline(investigation.id), null)
      const consenting = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      const notConsenting = await t.services.families.addPerson(
        investigation.id,
        person({
          fullName: 'Chris Example',
          consentToBeKeptInformed: false,
          preferredChannel: 'letter',
          postalAddress: '1 High Street',
          email: '',
        }),
        team.caseWorker,
      )
      const persons = await t.services.families.listPersons(investigation.id, team.caseWorker, { on: '2026-04-01' })
      const clockOf = (id: string) => persons.find((p) => p.id === id)!.clock
      assert.deepEqual(clockOf(consenting.id), { dueOn: '2026-04-07', daysOverdue: 0, state: 'due_soon' })
      assert.deepEqual(clockOf(notConsenting.id), { dueOn: null, daysOverdue: 0, state: 'not_on_clock' })
      assert.equal(await nextDeadline(investigation.id), '2026-04-07')

      await t.services.families.recordUpdate(
        investigation.id,
        update([consenting.id, notConsenting.id]),
        team.caseWorker,
      )
      const after = await t.services.families.person(consenting.id, team.caseWorker, { on: '2026-05-01' })
      assert.equal(after.person.last_update_on, '2026-03-20')
      assert.equal(after.person.clock.dueOn, nextKeepInformedDue('2026-03-20'))
      assert.equal(after.person.clock.dueOn, '2026-04-17')
      assert.equal(after.person.clock.daysOverdue, 14)
      assert.equal(after.person.clock.state, 'overdue')
      assert.equal(await nextDeadline(investigation.id), '2026-04-17')

      // Consent withdrawn: off the clock, and out of the next deadline.
      await t.services.families.updatePerson(
        consenting.id,
        { consentToBeKeptInformed: false },
        consenting.version,
        team.caseWorker,
      )
      assert.equal(await nextDeadline(investigation.id), null)
      await assert.rejects(
        t.services.families.updatePerson(consenting.id, { fullName: 'Stale' }, consenting.version, team.caseWorker),
        Conflict,
      )

      const audits = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('case_id', '=', investigation.id)
        .execute()
      const read = audits.find((a) => a.action === 'interested-person.read')
      assert.ok(read && (read.detail.fields as string[]).includes('interested_persons.email'))
      assert.ok(audits.some((a) => a.action === 'interested-persons.read'))
      assert.ok(audits.some((a) => a.action === 'interested-person.changed'))
    })

    it('takes the earlier of a notice response and a keep-informed date as the next deadline', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.services.families.addPerson(
        investigation.id,
        person({ becameInterestedOn: '2026-03-01' }),
        team.caseWorker,
      )
      assert.equal(await nextDeadline(investigation.id), '2026-04-01')
      await t.database.db
        .insertInto('notices')
        .values({
          id: crypto.randomUUID(),
          investigation_id: investigation.id,
          subject_id: (
            await t.services.subjects.add(
              investigation.id,
              {
                givenName: 'Dana',
                familyName: 'Roe',
                warrantNumber: `FAM${kind}1`,
                kind: 'police_officer',
                rank: 'constable',
              },
              team.investigator,
            )
          ).subject.id,
          kind: 'regulation_17',
          document_id: null,
          content_sha256: null,
          content_size_bytes: null,
          generated_by: team.investigator.userId,
          severity: 'misconduct',
          served_on: '2026-03-16',
          service_method: 'in_person',
          response_due_on: '2026-03-30',
          response_received_on: null,
          response_summary: null,
        } as never)
        .execute()
      // A served notice leaves its subject awaiting the response (the live deadline needs both).
      await t.database.db
        .updateTable('subjects')
        .set({ status: 'notice_served' })
        .where('investigation_id', '=', investigation.id)
        .execute()
      await t.services.families.addPerson(
        investigation.id,
        person({ fullName: 'Second', becameInterestedOn: '2026-03-02' }),
        team.caseWorker,
      )
      assert.equal(await nextDeadline(investigation.id), '2026-03-30')
    })

    it('requires the harm-test ground when information is withheld, and recipients of this case', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = await openInvestigation(t.services, team)
      const p = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      const stranger = await t.services.families.addPerson(other.investigation.id, person(), team.caseWorker)
      await assert.rejects(
        t.services.families.recordUpdate(
          investigation.id,
          update([p.id], { withheldUnderHarmTest: true }),
          team.caseWorker,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems.some((x) => x.path === 'harmGround'),
      )
      await assert.rejects(
        t.services.families.recordUpdate(investigation.id, update([p.id, stranger.id]), team.caseWorker),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'interestedPersonIds',
      )
      const withheld = await t.services.families.recordUpdate(
        investigation.id,
        update([p.id], {
          withheldUnderHarmTest: true,
          harmGround: 'prejudice_to_proceedings',
          withheldSummary: 'Witness account',
        }),
        team.caseWorker,
      )
      assert.equal(withheld.harm_ground, 'prejudice_to_proceedings')
      const rows = await t.services.families.listUpdates(investigation.id, team.lead)
      assert.equal(rows.length, 1)
      assert.deepEqual(
        rows[0]!.recipients.map((r) => r.interested_person_id),
        [p.id],
      )
    })

    it('refuses family data to an appropriate authority user and to an outsider; a case worker records updates', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const p = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      const authority = await contextFor(
        t.services,
        `psd-${kind}@northshire.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      for (const who of [authority, team.outsider]) {
        await assert.rejects(t.services.families.listPersons(investigation.id, who), Forbidden)
        await assert.rejects(t.services.families.person(p.id, who), Forbidden)
        await assert.rejects(t.services.families.recordUpdate(investigation.id, update([p.id]), who), Forbidden)
      }
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select('actor_user_id')
        .where('action', '=', 'access.denied')
        .where('case_id', '=', investigation.id)
        .execute()
      assert.ok(denied.some((d) => d.actor_user_id === authority.userId))
      await assert.rejects(t.services.families.addPerson(investigation.id, person(), team.decisionMaker), Forbidden)
      const recorded = await t.services.families.recordUpdate(investigation.id, update([p.id]), team.caseWorker)
      assert.equal(recorded.given_by, team.caseWorker.userId)
      const seen = await t.services.families.listPersons(investigation.id, team.decisionMaker)
      assert.equal(seen.length, 1)
    })

    it('generates an update letter as a PDF in the document store, recorded in letters and downloadable', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const p = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      const rep = await t.services.families.addRepresentative(
        p.id,
        { firm: 'Example LLP', fullName: 'Rita Solicitor', email: 'rita@example.test' },
        team.caseWorker,
      )
      const u = await t.services.families.recordUpdate(
        investigation.id,
        update([p.id], { channel: 'letter', representativeIds: [rep.id] }),
        team.caseWorker,
      )
      const letter = await t.services.families.generateUpdateLetter(u.id, {}, team.caseWorker)
      assert.equal(letter.interested_person_id, p.id)
      const { bytes } = await t.services.families.letterPdf(letter.id, team.lead)
      assert.equal(bytes.subarray(0, 5).toString(), '%PDF-')
      const detail = await t.services.families.update(u.id, team.caseWorker)
      assert.equal(detail.update.letter_sha256, letter.sha256)
      assert.equal(detail.recipients[0]!.representative_id, rep.id)
      await assert.rejects(t.services.families.letterPdf(letter.id, team.outsider), Forbidden)
    })

    it('records meetings with the persons they concern and actions marked done', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const p = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      const meeting = await t.services.families.recordMeeting(
        investigation.id,
        {
          heldOn: '2026-04-02',
          attendees: 'Lead investigator, family, solicitor',
          agenda: 'Progress',
          notes: 'Family concerned about pace',
          interestedPersonIds: [p.id],
        },
        team.lead,
      )
      assert.deepEqual(
        meeting.interestedPersons.map((x) => x.id),
        [p.id],
      )
      const action = await t.services.families.addAction(
        meeting.id,
        { description: 'Send the timeline', owner: 'Lead investigator', dueOn: '2026-04-16' },
        team.lead,
      )
      const done = await t.services.families.updateAction(
        action.id,
        { doneOn: '2026-04-10' },
        action.version,
        team.caseWorker,
      )
      assert.equal(done.done_on, '2026-04-10')
      await assert.rejects(
        t.services.families.updateAction(action.id, { doneOn: null }, action.version, team.caseWorker),
        Conflict,
      )
      const changed = await t.services.families.updateMeeting(
        meeting.id,
        { notes: 'Revised', interestedPersonIds: [] },
        meeting.version,
        team.caseWorker,
      )
      assert.equal(changed.notes, 'Revised')
      assert.deepEqual(changed.interestedPersons, [])
      const list = await t.services.families.listMeetings(investigation.id, team.caseWorker)
      assert.equal(list[0]!.actions.length, 1)
    })

    it('shows who is overdue on the dashboard only for the user’s own cases, and gives the sweep every case with its team', async () => {
      const otherTeam = await makeTeam(t.services)
      const mine = await openInvestigation(t.services, team)
      const theirs = await openInvestigation(t.services, otherTeam)
      const a = await t.services.families.addPerson(
        mine.investigation.id,
        person({ fullName: 'Overdue Mine', becameInterestedOn: '2026-03-04' }),
        team.caseWorker,
      )
      const b = await t.services.families.addPerson(
        theirs.investigation.id,
        person({ fullName: 'Overdue Theirs', becameInterestedOn: '2026-03-04' }),
        otherTeam.caseWorker,
      )
      await t.services.families.addPerson(
        mine.investigation.id,
        person({ fullName: 'No consent', consentToBeKeptInformed: false }),
        team.caseWorker,
      )
      const today = '2026-04-11'
      const board = await t.services.keepInformed.dashboard(team.caseWorker, { today, limit: 100 })
      const ids = board.items.map((i) => i.interestedPersonId)
      assert.ok(ids.includes(a.id))
      assert.ok(!ids.includes(b.id))
      const row = board.items.find((i) => i.interestedPersonId === a.id)!
      assert.equal(row.dueOn, '2026-04-01')
      assert.equal(row.daysOverdue, 10)
      assert.equal(row.state, 'overdue')
      assert.ok(
        board.items.every((i, n) => n === 0 || i.daysOverdue <= board.items[n - 1]!.daysOverdue),
        'most overdue first',
      )
      const theirBoard = await t.services.keepInformed.dashboard(otherTeam.lead, { today })
      assert.deepEqual(
        theirBoard.items.filter((i) => i.investigationId === theirs.investigation.id).map((i) => i.interestedPersonId),
        [b.id],
      )

      // Paging: one at a time reaches the same people.
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await t.services.keepInformed.dashboard(team.caseWorker, {
          today,
          limit: 1,
          ...(cursor ? { cursor } : {}),
        })
        seen.push(...page.items.map((i) => i.interestedPersonId))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      assert.deepEqual(seen, ids)
      await assert.rejects(t.services.keepInformed.dashboard(team.caseWorker, { cursor: 'nonsense' }), ValidationFailed)

      const due = await t.services.keepInformed.dueSoon(today, 7)
      const forB = due.find((d) => d.interestedPersonId === b.id)!
      assert.equal(forB.investigationId, theirs.investigation.id)
      assert.ok(forB.teamUserIds.includes(otherTeam.caseWorker.userId))
      assert.ok(due.some((d) => d.interestedPersonId === a.id))
      const authority = await contextFor(
        t.services,
        `psd2-${kind}@northshire.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      await assert.rejects(t.services.keepInformed.dashboard(authority), Forbidden)
    })

    it('drafts timeliness notices only after a relevant period ends, once per period, and takes them through approval, sending and copies', async () => {
      // The allegation came to attention on 2026-02-27 (the fixture's referral).
      const { investigation } = await openInvestigation(t.services, team)
      assert.deepEqual(await t.services.timeliness.draftDueTimelinessNotices(investigation.id, '2027-02-26'), [])
      const first = await t.services.timeliness.draftDueTimelinessNotices(investigation.id, '2027-02-27')
      assert.equal(first.length, 1)
      assert.equal(first[0]!.period_number, 1)
      assert.equal(first[0]!.period_ends_on, '2027-02-26')
      assert.deepEqual(await t.services.timeliness.draftDueTimelinessNotices(investigation.id, '2027-02-27'), [])
      const sweep = await t.services.timeliness.draftDue('2027-09-01')
      assert.ok(sweep.drafted.some((d) => d.investigationId === investigation.id && d.periodNumber === 2))
      assert.ok(!sweep.drafted.some((d) => d.investigationId === investigation.id && d.periodNumber === 1))
      const again = await t.services.timeliness.draftDue('2027-09-01')
      assert.ok(!again.drafted.some((d) => d.investigationId === investigation.id))
      const rows = await t.database.db
        .selectFrom('timeliness_notices')
        .select('period_number')
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.deepEqual(rows.map((r) => r.period_number).sort(), [1, 2])

      const notice = first[0]!
      await assert.rejects(
        t.services.timeliness.decide(notice.id, { decision: 'approve' }, notice.version, team.lead),
        ValidationFailed,
      )
      await assert.rejects(
        t.services.timeliness.editDraft(notice.id, { progress: 'x' }, notice.version, team.caseWorker),
        Forbidden,
      )
      const edited = await t.services.timeliness.editDraft(
        notice.id,
        {
          progress: 'Interviews complete',
          reasonForTimeTaken: 'Awaiting expert evidence',
          plannedSteps: 'Draft the report',
          estimatedConclusionOn: '2027-06-30',
          estimatedReportSubmissionOn: '2027-07-31',
        },
        notice.version,
        team.investigator,
      )
      await assert.rejects(
        t.services.timeliness.decide(notice.id, { decision: 'approve' }, edited.version, team.investigator),
        Forbidden,
      )
      const approved = await t.services.timeliness.decide(notice.id, { decision: 'approve' }, edited.version, team.lead)
      assert.equal(approved.status, 'approved')
      const pdf = await t.services.timeliness.pdf(notice.id, team.lead)
      assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-')
      await assert.rejects(
        t.services.timeliness.decide(notice.id, { decision: 'approve' }, approved.version, team.lead),
        InvalidTransition,
      )
      const sent = await t.services.timeliness.decide(
        notice.id,
        { decision: 'send', sentOn: '2026-11-01' },
        approved.version,
        team.decisionMaker,
      )
      assert.equal(sent.sent_on, '2026-11-01')

      const p = await t.services.families.addPerson(investigation.id, person(), team.caseWorker)
      await assert.rejects(
        t.services.timeliness.recordCopy(
          notice.id,
          { recipientKind: 'interested_person', recipientId: p.id, status: 'withheld' },
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'harmGround',
      )
      await t.services.timeliness.recordCopy(
        notice.id,
        { recipientKind: 'interested_person', recipientId: p.id, status: 'sent' },
        team.lead,
      )
      const { subject } = await t.services.subjects.add(
        investigation.id,
        { givenName: 'Lee', familyName: 'Poe', warrantNumber: `TN${kind}1`, kind: 'police_officer', rank: 'constable' },
        team.investigator,
      )
      await t.services.timeliness.recordCopy(
        notice.id,
        {
          recipientKind: 'subject',
          recipientId: subject.id,
          status: 'withheld',
          harmGround: 'prejudice_to_investigation',
        },
        team.lead,
      )
      await assert.rejects(
        t.services.timeliness.recordCopy(
          notice.id,
          { recipientKind: 'subject', recipientId: p.id, status: 'sent' },
          team.lead,
        ),
        ValidationFailed,
      )
      const got = await t.services.timeliness.get(notice.id, team.lead)
      assert.equal(got.copies.length, 2)
      const second = (await t.services.timeliness.list(investigation.id, team.lead)).find((n) => n.period_number === 2)!
      const withheld = await t.services.timeliness.decide(
        second.id,
        { decision: 'withhold', reason: 'Might prejudice the investigation' },
        second.version,
        team.lead,
      )
      assert.equal(withheld.status, 'withheld')
    })

    it('drafts nothing once the investigation is completed', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.database.db
        .updateTable('investigations')
        .set({ status: 'report_sent_to_appropriate_authority' })
        .where('id', '=', investigation.id)
        .execute()
      assert.deepEqual(await t.services.timeliness.draftDueTimelinessNotices(investigation.id, '2028-01-01'), [])
    })
  })
}
