import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { addCalendarDays, londonDateOf } from '../../src/domain/calendar.js'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addSubject } from '../support/chronologyEvidence.js'

const problemAt = (path: string) => (e: unknown) =>
  e instanceof ValidationFailed && e.problems.some((p) => p.path === path)

const today = () => londonDateOf(new Date())

for (const kind of DATABASE_KINDS) {
  describe(`lines of enquiry and actions (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('numbers actions A1, A2… per case without gaps, even when raised at once or a raise fails', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = (await openInvestigation(t.services, team)).investigation
      const raise = (id: string, title: string) =>
        t.services.actions.raise(id, { title, priority: 'medium' }, team.investigator)
      // A raise that fails (a line of enquiry of another case) rolls its number back.
      await raise(investigation.id, 'First')
      await assert.rejects(
        t.services.actions.raise(
          investigation.id,
          { title: 'Bad', priority: 'low', lineOfEnquiryId: '0190a000-0000-7000-8000-0000000000ff' },
          team.investigator,
        ),
        problemAt('lineOfEnquiryId'),
      )
      const raised = await Promise.all(Array.from({ length: 8 }, (_, i) => raise(investigation.id, `Concurrent ${i}`)))
      const numbers = [1, ...raised.map((a) => a.number)].sort((a, b) => a - b)
      assert.deepEqual(numbers, [1, 2, 3, 4, 5, 6, 7, 8, 9])
      assert.equal((await raise(other.id, 'Other case')).reference, 'A1')
    })

    it('takes an action through every state, keeping and auditing each step', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subjectId = await addSubject(t, investigation.id)
      const line = await t.services.actions.addLine(
        investigation.id,
        { title: 'Why were the deaths not linked?', subjectIds: [subjectId], termsOfReferencePoint: 'ToR 2' },
        team.lead,
      )
      assert.equal(line.reference, 'L1')
      const due = addCalendarDays(today(), 7)
      let action = await t.services.actions.raise(
        investigation.id,
        { title: 'Obtain the call logs', priority: 'high', lineOfEnquiryId: line.id, dueOn: due },
        team.investigator,
      )
      assert.equal(action.status, 'raised')
      // Nothing can be resulted before it is allocated.
      await assert.rejects(
        t.services.actions.result(action.id, { result: 'x' }, action.version, team.lead),
        InvalidTransition,
      )
      // Only the lead allocates, and only to an investigator on the team.
      await assert.rejects(
        t.services.actions.allocate(
          action.id,
          { allocatedTo: team.investigator.userId },
          action.version,
          team.investigator,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.actions.allocate(action.id, { allocatedTo: team.caseWorker.userId }, action.version, team.lead),
        problemAt('allocatedTo'),
      )
      action = await t.services.actions.allocate(
        action.id,
        { allocatedTo: team.investigator.userId },
        action.version,
        team.lead,
      )
      assert.equal(action.status, 'allocated')
      assert.equal(action.allocatedTo?.id, team.investigator.userId)
      // A stale version changes nothing.
      await assert.rejects(
        t.services.actions.result(action.id, { result: 'Found' }, action.version - 1, team.investigator),
        Conflict,
      )
      // The decision maker may not result; another investigator not allocated may not either.
      await assert.rejects(
        t.services.actions.result(action.id, { result: 'Found' }, action.version, team.decisionMaker),
        Forbidden,
      )
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2026-01-02', kind: 'investigation', title: 'Call logs obtained' },
        team.investigator,
      )
      action = await t.services.actions.result(
        action.id,
        { result: 'Logs show two calls were graded separately', chronologyEventIds: [event.id] },
        action.version,
        team.investigator,
      )
      assert.equal(action.status, 'resulted')
      assert.deepEqual(action.chronologyEventIds, [event.id])
      await assert.rejects(
        t.services.actions.referBack(action.id, { note: '' }, action.version, team.lead),
        problemAt('note'),
      )
      action = await t.services.actions.referBack(
        action.id,
        { note: 'Get the grading policy too' },
        action.version,
        team.lead,
      )
      assert.equal(action.status, 'referred_back')
      action = await t.services.actions.result(
        action.id,
        { result: 'Policy obtained as well' },
        action.version,
        team.investigator,
      )
      assert.equal(action.status, 'resulted')
      await assert.rejects(
        t.services.actions.file(action.id, { reason: 'Done' }, action.version, team.lead),
        InvalidTransition,
      )
      const { steps } = await t.services.actions.get(action.id, team.lead)
      assert.deepEqual(
        steps.map((s) => s.step),
        ['raise', 'allocate', 'result', 'refer_back', 'result'],
      )
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', action.id)
        .where('action', 'not like', '%.read')
        .orderBy('occurred_at')
        .execute()
      assert.deepEqual(
        audited.map((a) => a.action),
        ['action.raised', 'action.allocate', 'action.result', 'action.refer-back', 'action.result'],
      )
      // Filing needs a reason and an open action.
      const second = await t.services.actions.raise(
        investigation.id,
        { title: 'Visit scene', priority: 'low' },
        team.lead,
      )
      await assert.rejects(
        t.services.actions.file(second.id, { reason: ' ' }, second.version, team.lead),
        problemAt('reason'),
      )
      const filed = await t.services.actions.file(
        second.id,
        { reason: 'Scene no longer exists' },
        second.version,
        team.lead,
      )
      assert.equal(filed.status, 'filed')
      const { line: answered } = await t.services.actions.getLine(line.id, team.lead)
      await assert.rejects(
        t.services.actions.changeLine(line.id, { status: 'answered' }, answered.version, team.lead),
        problemAt('outcome'),
      )
      const done = await t.services.actions.changeLine(
        line.id,
        { status: 'answered', outcome: 'They were graded by different teams' },
        answered.version,
        team.lead,
      )
      assert.equal(done.status, 'answered')
    })

    it('refuses the case worker and anyone off the team, and rejects NUL bytes and past due dates', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      for (const who of [team.caseWorker, team.outsider])
        await assert.rejects(
          t.services.actions.raise(investigation.id, { title: 'X', priority: 'low' }, who),
          Forbidden,
        )
      await assert.rejects(t.services.actions.list(investigation.id, team.caseWorker), Forbidden)
      await assert.rejects(
        t.services.actions.raise(investigation.id, { title: 'Bad\u0000title', priority: 'low' }, team.lead),
        problemAt('title'),
      )
      await assert.rejects(
        t.services.actions.raise(
          investigation.id,
          { title: 'Late', priority: 'low', dueOn: addCalendarDays(today(), -1) },
          team.lead,
        ),
        problemAt('dueOn'),
      )
    })

    it('shows each person their allocated work across cases, overdue first, and the lead the open work by person', async () => {
      const me = await makeTeam(t.services)
      const first = (await openInvestigation(t.services, me)).investigation
      const second = (await openInvestigation(t.services, me)).investigation
      const make = async (investigationId: string, title: string, dueOn?: string) => {
        const a = await t.services.actions.raise(investigationId, { title, priority: 'medium' }, me.lead)
        return t.services.actions.allocate(a.id, { allocatedTo: me.investigator.userId, dueOn }, a.version, me.lead)
      }
      const later = await make(first.id, 'Later', addCalendarDays(today(), 20))
      const undated = await make(second.id, 'Undated')
      const soon = await make(second.id, 'Soon', addCalendarDays(today(), 1))
      // Overdue: allowed when raised earlier; made so by moving the due date back in the database.
      const overdue = await make(first.id, 'Overdue', today())
      await t.database.db
        .updateTable('actions')
        .set({ due_on: addCalendarDays(today(), -3), raised_at: new Date(Date.now() - 10 * 86400000) })
        .where('id', '=', overdue.id)
        .execute()
      const page1 = await t.services.actions.myWork(me.investigator, { limit: 2 })
      assert.deepEqual(
        page1.items.map((i) => i.title),
        ['Overdue', 'Soon'],
      )
      assert.equal(page1.items[0]!.overdue, true)
      const page2 = await t.services.actions.myWork(me.investigator, { limit: 2, after: page1.next! })
      assert.deepEqual(
        page2.items.map((i) => i.title),
        ['Later', 'Undated'],
      )
      assert.equal(page2.next, null)
      assert.equal((await t.services.actions.myWork(me.lead)).items.length, 0)
      void later
      void undated
      void soon
      const unallocated = await t.services.actions.raise(first.id, { title: 'Nobody yet', priority: 'low' }, me.lead)
      const groups = await t.services.actions.openByPerson(first.id, me.lead)
      assert.equal(groups[0]!.person, null)
      assert.equal(groups[0]!.actions[0]!.id, unallocated.id)
      assert.equal(groups[1]!.person?.id, me.investigator.userId)
      assert.equal(groups[1]!.actions[0]!.title, 'Overdue')
      assert.ok(groups[1]!.actions[0]!.ageDays >= 9)
    })

    it('reminds only the person an action is allocated to, once per due date, through the sweep and the outbox', async () => {
      const me = await makeTeam(t.services)
      const { investigation } = await openInvestigation(t.services, me)
      const raised = await t.services.actions.raise(
        investigation.id,
        { title: 'Chase CCTV', priority: 'high' },
        me.lead,
      )
      const due = addCalendarDays(today(), 1)
      await t.services.actions.allocate(
        raised.id,
        { allocatedTo: me.investigator.userId, dueOn: due },
        raised.version,
        me.lead,
      )
      const mails = () =>
        t.database.db
          .selectFrom('outbound_emails')
          .select(['to_address', 'body_text'])
          .where('investigation_id', '=', investigation.id)
          .execute()
      await t.services.deadlineReminders.sweep(today())
      const sent = await mails()
      const investigatorEmail = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', me.investigator.userId)
          .executeTakeFirstOrThrow()
      ).email
      assert.deepEqual(
        sent.map((m) => m.to_address),
        [investigatorEmail],
      )
      assert.match(sent[0]!.body_text, /Action A1, allocated to you, is due on/)
      assert.doesNotMatch(sent[0]!.body_text, /Chase CCTV/)
      await t.services.deadlineReminders.sweep(today())
      assert.equal((await mails()).length, 1)
    })
  })
}
