import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, startedInvestigation, type Team } from '../support/investigations.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email

for (const kind of DATABASE_KINDS) {
  describe(`report pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    let investigator: Client
    let dm: Client
    let caseWorker: Client
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      investigator = new Client(t.app)
      dm = new Client(t.app)
      caseWorker = new Client(t.app)
      assert.equal((await investigator.signIn(await emailOf(t, team.investigator.userId))).statusCode, 303)
      assert.equal((await dm.signIn(await emailOf(t, team.decisionMaker.userId))).statusCode, 303)
      assert.equal((await caseWorker.signIn(await emailOf(t, team.caseWorker.userId))).statusCode, 303)
    })
    after(() => t.close())

    it('drafts with chronology references, keeps versions, compares them with marked insertions and deletions, submits, returns, approves, and shows the HTML and PDF', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const event = await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-10',
          kind: 'underlying_fact',
          title: 'First call to police',
          missedOpportunity: true,
          missedOpportunityReason: 'Not linked',
        },
        team.investigator,
      )
      const tab = `/investigations/${investigation.id}/report`
      const empty = await investigator.get(tab)
      assert.equal(empty.statusCode, 200, empty.body)
      assert.match(empty.body, /Not started/)
      assert.match((await investigator.get(`${tab}/sections/chronology`)).body, /First call to police/)
      assert.match(empty.body, /href="[^"]*\/report"[^>]*aria-current|Report<\/a>/)

      const fields = (summary: string) => ({
        version: '0',
        summary,
        termsOfReference: 'To investigate.',
        evidenceAnalysis: 'The log.',
        learning: 'Link deaths.',
        chronologyEventIds: [event.id],
      })
      assert.equal((await investigator.postForm(tab, fields('The force failed to link the deaths.'))).statusCode, 303)
      // A stale save of one section, on its own page, is refused and keeps what was typed.
      const stale = await investigator.postForm(`${tab}/sections/summary`, { version: '0', summary: 'Stale' })
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Someone else changed/)
      assert.match(stale.body, /Stale/, 'keeps what was typed')
      assert.equal(
        (await investigator.postForm(tab, { ...fields('The force failed to link the four deaths.'), version: '2' }))
          .statusCode,
        303,
      )

      const compare = await investigator.get(`${tab}/compare?from=1&to=2`)
      assert.equal(compare.statusCode, 200, compare.body)
      assert.match(
        compare.body,
        /<ins><span class="govuk-visually-hidden">\[added: <\/span>four <span class="govuk-visually-hidden">\]<\/span><\/ins>/,
      )

      const view = await investigator.get(`${tab}/view`)
      assert.equal(view.statusCode, 200)
      assert.match(view.body, /<ol class="govuk-list govuk-list--number app-report-paragraphs" start="1">/)
      assert.match(view.body, /First call to police/)
      assert.match(view.body, /Missed opportunity/)

      const dmBlocked = await dm.postForm(tab, { ...fields('DM'), version: '3' }, tab)
      assert.equal(dmBlocked.statusCode, 403)
      const submitted = await investigator.postForm(`${tab}/submission`, { version: '3' }, tab)
      assert.equal(submitted.statusCode, 303, submitted.body)
      const emptyComments = await dm.postForm(`${tab}/return`, { version: '4', comments: '' }, tab)
      assert.equal(emptyComments.statusCode, 400)
      assert.match(emptyComments.body, /Enter your comments/)
      assert.equal(
        (await dm.postForm(`${tab}/return`, { version: '4', comments: 'Add the learning.' }, tab)).statusCode,
        303,
      )
      const returnedPage = await investigator.get(tab)
      assert.match(returnedPage.body, /Returned with comments/)
      assert.match(returnedPage.body, /Add the learning\./)
      assert.equal((await investigator.postForm(`${tab}/submission`, { version: '5' }, tab)).statusCode, 303)
      assert.equal((await dm.postForm(`${tab}/approval`, { version: '6' }, tab)).statusCode, 303)
      assert.match((await dm.get(tab)).body, /data-testid="report-status">Approved</)

      const pdf = await investigator.get(`${tab}/pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF')
      assert.equal((await caseWorker.get(tab)).statusCode, 403)
    })
  })
}
