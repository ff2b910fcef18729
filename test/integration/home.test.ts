/**
 * Each person's home page shows their own work, by role, the most urgent first (issue 16, ADR 0016),
 * and nobody sees the work of cases whose team they are not on.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { contextFor, makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email

/** The text of the section under the heading with this id, up to the next h2. */
function section(body: string, id: string): string | null {
  const start = body.indexOf(`id="${id}"`)
  if (start < 0) return null
  const end = body.indexOf('<h2', start + 1)
  return body.slice(start, end < 0 ? undefined : end)
}

for (const kind of DATABASE_KINDS) {
  describe(`each person's home page (${kind})`, () => {
    let t: TestApp
    let team: Team
    const clients: Record<string, Client> = {}
    let caseA: { id: string; reference: string }
    let caseB: { id: string; reference: string }
    let sentCase: { id: string; reference: string }

    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      const db = t.database.db
      caseA = (await openInvestigation(t.services, team, { title: 'Case with the later deadline' })).investigation
      caseB = (await openInvestigation(t.services, team, { title: 'Case with the overdue deadline' })).investigation
      await db
        .updateTable('investigations')
        .set({ next_deadline_on: '2099-01-10' })
        .where('id', '=', caseA.id)
        .execute()
      await db
        .updateTable('investigations')
        .set({ next_deadline_on: '2020-01-10' })
        .where('id', '=', caseB.id)
        .execute()
      // A report submitted for decision on case A.
      await db
        .insertInto('reports')
        .values({ id: uuidv7(), investigation_id: caseA.id, status: 'submitted', current_version_number: 2 })
        .execute()
      // A family on case B, overdue an update, who has sent a message through the portal.
      const personId = await addInterestedPerson(db, caseB.id, {
        name: 'Robin Bereaved',
        becameInterestedOn: '2026-03-05',
      })
      await db
        .insertInto('portal_submissions')
        .values({
          id: uuidv7(),
          investigation_id: caseB.id,
          interested_person_id: personId,
          submitted_by: team.lead.userId,
          kind: 'message',
          body: 'When will we hear?',
        })
        .execute()
      // A report sent to Northshire, with no response yet.
      const approved = await approvedReportCase(t, team, [
        { givenName: 'Jo', familyName: 'Lanyon', determination: 'case_to_answer_misconduct' },
      ])
      await t.services.outcomes.sendReport(
        approved.investigation.id,
        { sentOn: '2026-10-01' },
        approved.investigation.version,
        team.lead,
      )
      sentCase = approved.investigation

      const psd = await contextFor(t.services, `home-psd-${kind}@example.test`, ['appropriate_authority'], 'NORTHSHIRE')
      const people = { ...team, psd }
      for (const [name, ctx] of Object.entries(people)) {
        const client = new Client(t.app)
        const signedIn = await client.signIn(await emailOf(t, ctx.userId))
        assert.equal(signedIn.statusCode, 303, name)
        clients[name] = client
      }
    })
    after(() => t.close())

    it('the lead and the investigator see their cases’ deadlines, the overdue one first', async () => {
      for (const who of ['lead', 'investigator']) {
        const page = await clients[who]!.get('/')
        assert.equal(page.statusCode, 200)
        const block = section(page.body, 'deadlines')
        assert.ok(block, `${who}: deadlines block`)
        const b = block.indexOf(caseB.reference)
        const a = block.indexOf(caseA.reference)
        assert.ok(b >= 0 && a > b, `${who}: the overdue case ${caseB.reference} is listed before ${caseA.reference}`)
        assert.match(block, /Overdue/)
        assert.equal(section(page.body, 'awaiting-decision'), null, `${who} has no decisions to make`)
        assert.equal(section(page.body, 'reports-to-answer'), null)
      }
    })

    it('the decision maker sees the reports awaiting their decision, linked to the report', async () => {
      const page = await clients.decisionMaker!.get('/')
      const block = section(page.body, 'awaiting-decision')
      assert.ok(block)
      assert.match(block, new RegExp(`/investigations/${caseA.id}/report`))
      assert.match(block, /Version 2 submitted/)
      assert.doesNotMatch(block, new RegExp(caseB.reference))
    })

    it('the case worker sees new messages from families and people due an update, never officers’ deadlines', async () => {
      const page = await clients.caseWorker!.get('/')
      const messages = section(page.body, 'family-messages')
      assert.ok(messages)
      assert.match(messages, /Message from Robin Bereaved/)
      assert.match(messages, new RegExp(`/investigations/${caseB.id}/invitations`))
      const due = section(page.body, 'due-updates')
      assert.ok(due)
      assert.match(due, /Robin Bereaved/)
      assert.match(due, /Overdue/)
      assert.equal(section(page.body, 'deadlines'), null)
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_user_id', '=', team.caseWorker.userId)
        .where('action', '=', 'home.family-submissions-read')
        .execute()
      assert.ok(audited.length >= 1, 'reading family members’ names on the home page is audited')
    })

    it('the force’s PSD sees the reports it has to answer, with the response due date', async () => {
      const page = await clients.psd!.get('/')
      const block = section(page.body, 'reports-to-answer')
      assert.ok(block)
      assert.match(block, new RegExp(sentCase.reference))
      assert.match(block, /0 of 1 subjects answered/)
      assert.equal(section(page.body, 'deadlines'), null)
    })

    it('the case header shows the next deadline for the person looking: a case worker never sees officers’ deadlines', async () => {
      const nextDeadline = (body: string) => /data-testid="next-deadline">([^<]*)/.exec(body)?.[1]?.trim()
      const lead = await clients.lead!.get(`/investigations/${caseB.id}`)
      assert.equal(lead.statusCode, 200)
      assert.match(lead.body, /Next deadline<\/dt>/)
      assert.equal(nextDeadline(lead.body), '10 January 2020')
      const caseWorker = await clients.caseWorker!.get(`/investigations/${caseB.id}`)
      assert.equal(caseWorker.statusCode, 200)
      assert.match(caseWorker.body, /Next family update due<\/dt>/)
      const shown = nextDeadline(caseWorker.body)
      assert.ok(shown && shown !== '10 January 2020' && shown !== 'None', `the family's next update, not ${shown}`)
      assert.match(shown, /2026/)
    })

    it('someone on no team sees none of these cases', async () => {
      const page = await clients.outsider!.get('/')
      assert.equal(page.statusCode, 200)
      for (const ref of [caseA.reference, caseB.reference, sentCase.reference])
        assert.doesNotMatch(page.body, new RegExp(ref))
      assert.match(section(page.body, 'deadlines') ?? '', /None of your open cases has a deadline/)
    })
  })
}
