import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`actions pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    const signedIn = async (userId: string) => {
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      await client.signIn(user.email)
      return client
    }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('opens a line, raises, allocates and results an action, with a banner after each, and shows it on My work', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const lead = await signedIn(team.lead.userId)
      const investigator = await signedIn(team.investigator.userId)
      const tab = `/investigations/${investigation.id}/actions`
      const lines = `/investigations/${investigation.id}/lines-of-enquiry`
      const opened = await lead.postForm(lines, { title: 'Why were the deaths not linked?' }, `${lines}/new`)
      assert.equal(opened.statusCode, 303)
      const linePage = await lead.get(opened.headers.location as string)
      assert.match(linePage.body, /Line of enquiry opened/)
      const lineId = /lines-of-enquiry\/([0-9a-f-]{36})/.exec(opened.headers.location as string)![1]!

      const bad = await investigator.postForm(tab, { title: '', priority: 'urgent' }, `${tab}/new`)
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      assert.match(bad.body, /Enter the action/)
      assert.match(bad.body, /Choose the priority/)
      const raised = await investigator.postForm(
        tab,
        { title: 'Obtain the call logs', priority: 'high', lineOfEnquiryId: lineId },
        `${tab}/new`,
      )
      assert.equal(raised.statusCode, 303)
      const actionUrl = (raised.headers.location as string).split('?')[0]!
      assert.match((await investigator.get(raised.headers.location as string)).body, /Action raised/)
      // The investigator may not allocate; the page is refused.
      assert.equal((await investigator.get(`${actionUrl}/allocation`)).statusCode, 403)
      const allocationPage = await lead.get(`${actionUrl}/allocation`)
      const version = /name="version" value="(\d+)"/.exec(allocationPage.body)![1]!
      const allocated = await lead.postForm(
        `${actionUrl}/allocation`,
        { version, allocatedTo: team.investigator.userId },
        `${actionUrl}/allocation`,
      )
      assert.equal(allocated.statusCode, 303)
      assert.match((await lead.get(allocated.headers.location as string)).body, /Action allocated/)
      const home = await investigator.get('/')
      assert.match(home.body, /My work/)
      assert.match(home.body, /Obtain the call logs/)
      // A stale version is refused with the page again, nothing saved.
      const stale = await investigator.postForm(
        `${actionUrl}/result`,
        { version, result: 'Found' },
        `${actionUrl}/result`,
      )
      assert.equal(stale.statusCode, 409)
      // With statements to choose from, the page offers them with none ticked; one ticked box is kept on an error.
      const caller = await t.services.witnesses.addWitness(
        investigation.id,
        { kind: 'civilian', fullName: 'Jo Caller' },
        team.investigator,
      )
      const statement = await t.services.witnesses.recordStatement(
        investigation.id,
        {
          witnessId: caller.id,
          takenBy: team.investigator.userId,
          takenAt: '2026-03-10T14:30:00Z',
          place: 'Northtown',
        },
        team.investigator,
      )
      const resultPage = await investigator.get(`${actionUrl}/result`)
      assert.equal(resultPage.statusCode, 200, resultPage.body.slice(0, 500))
      assert.match(resultPage.body, /S1: Jo Caller/)
      const current = /name="version" value="(\d+)"/.exec(resultPage.body)![1]!
      const noResult = await investigator.postForm(
        `${actionUrl}/result`,
        { version: current, result: '', statementIds: statement.id },
        `${actionUrl}/result`,
      )
      assert.equal(noResult.statusCode, 400)
      assert.match(noResult.body, new RegExp(`value="${statement.id}" checked`))
      const resulted = await investigator.postForm(
        `${actionUrl}/result`,
        { version: current, result: 'Two calls graded separately', statementIds: statement.id },
        `${actionUrl}/result`,
      )
      assert.equal(resulted.statusCode, 303)
      const shown = await investigator.get(resulted.headers.location as string)
      assert.match(shown.body, /Result recorded/)
      assert.match(shown.body, /Two calls graded separately/)
      assert.match(shown.body, /1 statements/)
      assert.doesNotMatch((await investigator.get('/')).body, /Obtain the call logs/)
      const byPerson = await lead.get(`${tab}/by-person`)
      assert.equal(byPerson.statusCode, 200)
      // The case worker sees none of it.
      const caseWorker = await signedIn(team.caseWorker.userId)
      assert.equal((await caseWorker.get(tab)).statusCode, 403)
      assert.equal((await caseWorker.get(actionUrl)).statusCode, 403)
      // Hostile input is a 4xx page, never a 500.
      assert.equal((await lead.get(`${tab}/not-a-uuid`)).statusCode, 404)
      assert.equal((await lead.get(`${tab}?status=nope&line=x&after=99999999999999`)).statusCode, 200)
      const huge = await lead.postForm(
        `${actionUrl}/refer-back`,
        { version: '99999999999999', note: 'x' },
        `${actionUrl}/refer-back`,
      )
      assert.equal(huge.statusCode, 400)
    })

    it('records, signs and supersedes a decision, and exports the log as a PDF', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const lead = await signedIn(team.lead.userId)
      const log = `/investigations/${investigation.id}/decisions`
      const entry = {
        kind: 'scope',
        decision: 'Include the second death',
        optionsConsidered: 'Include; exclude',
        rationale: 'Same force response',
      }
      const bad = await lead.postForm(log, { ...entry, rationale: '' }, `${log}/new`)
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /Enter the rationale/)
      const recorded = await lead.postForm(log, entry, `${log}/new`)
      assert.equal(recorded.statusCode, 303)
      const entryUrl = (recorded.headers.location as string).split('?')[0]!
      const draft = await lead.get(recorded.headers.location as string)
      assert.match(draft.body, /Entry recorded as a draft/)
      const version = /name="version" value="(\d+)"/.exec(draft.body)![1]!
      const signed = await lead.postForm(`${entryUrl}/signature`, { version }, entryUrl)
      assert.equal(signed.statusCode, 303)
      assert.match((await lead.get(signed.headers.location as string)).body, /Entry signed/)
      const id = entryUrl.split('/').pop()!
      const superseding = await lead.postForm(
        log,
        { ...entry, decision: 'Exclude the second death', supersedesId: id, supersessionReason: 'Separate inquiry' },
        `${log}/new?supersedes=${id}`,
      )
      assert.equal(superseding.statusCode, 303)
      const list = await lead.get(log)
      assert.match(list.body, /D1/)
      assert.match(list.body, /D2/)
      const pdf = await lead.get(`${log}/log.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      const caseWorker = await signedIn(team.caseWorker.userId)
      assert.equal((await caseWorker.get(log)).statusCode, 403)
    })
  })
}
