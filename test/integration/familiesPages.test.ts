import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`families pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('lets a case worker add a person, record an update and a meeting, generate a letter, and see the dashboard', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const email = (await t.database.db.selectFrom('users').select('email').where('id', '=', team.caseWorker.userId).executeTakeFirstOrThrow()).email
      const client = new Client(t.app)
      await client.signIn(email)
      const tab = `/investigations/${investigation.id}/families`
      const page = await client.get(tab)
      assert.equal(page.statusCode, 200, page.body.slice(0, 500))
      assert.match(page.body, /Add an interested person/)
      assert.match(page.body, new RegExp(`href="${tab}"`), 'the Families tab is offered')

      const bad = await client.postForm(`${tab}/persons/new`, { fullName: '', consentToBeKeptInformed: 'yes', preferredChannel: 'email' })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      const added = await client.postForm(`${tab}/persons/new`, {
        fullName: 'Pat Example', kind: 'bereaved_family', relationship: 'Sister', consentToBeKeptInformed: 'yes',
        'becameInterestedOn-day': '10', 'becameInterestedOn-month': '3', 'becameInterestedOn-year': '2026', preferredChannel: 'email', email: 'pat@example.test',
      })
      assert.equal(added.statusCode, 303, added.body.slice(0, 2000))
      const [p] = await t.services.families.listPersons(investigation.id, team.caseWorker)
      const noGround = await client.postForm(`${tab}/updates/new`, { interestedPersonIds: p!.id, channel: 'call', 'givenOn-day': '20', 'givenOn-month': '3', 'givenOn-year': '2026', summary: 'Progress', withheldUnderHarmTest: 'yes' })
      assert.equal(noGround.statusCode, 400)
      assert.match(noGround.body, /Choose the ground on which information was withheld/)
      const recorded = await client.postForm(`${tab}/updates/new`, { interestedPersonIds: p!.id, channel: 'call', 'givenOn-day': '20', 'givenOn-month': '3', 'givenOn-year': '2026', summary: 'Progress', covers: ['progress'] })
      assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 2000))
      const meeting = await client.postForm(`${tab}/meetings/new`, { 'heldOn-day': '1', 'heldOn-month': '4', 'heldOn-year': '2026', attendees: 'Family, case worker', interestedPersonIds: p!.id })
      assert.equal(meeting.statusCode, 303, meeting.body.slice(0, 2000))
      const [u] = await t.services.families.listUpdates(investigation.id, team.caseWorker)
      const letter = await client.postForm(`${tab}/updates/${u!.id}/letters`, {}, tab)
      assert.equal(letter.statusCode, 303)
      const after = await client.get(tab)
      assert.match(after.body, /Pat Example/)
      assert.match(after.body, /2026-04-17|17 April 2026/)
      const link = /href="([^"]+\/letters\/[^"]+\/pdf)"/.exec(after.body)
      assert.ok(link)
      const pdf = await client.get(link[1]!)
      assert.equal(pdf.headers['content-type'], 'application/pdf')

      const dashboard = await client.get('/keep-informed')
      assert.equal(dashboard.statusCode, 200)
      assert.match(dashboard.body, /Keep-informed/)
      assert.match(dashboard.body, /Pat Example/)
    })
  })
}
