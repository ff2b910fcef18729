import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addSubject, multipart } from '../support/chronologyEvidence.js'

for (const kind of DATABASE_KINDS) {
  describe(`chronology and evidence pages (${kind})`, () => {
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

    it('adds an event, keeps input and lists every problem on error, shows missed opportunities with a tag, and edits', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subject = await addSubject(t, investigation.id, { given: 'Pat', family: 'Linked' })
      const client = await signedIn(team.investigator.userId)
      const tab = `/investigations/${investigation.id}/chronology`
      const empty = await client.get(tab)
      assert.equal(empty.statusCode, 200)
      assert.match(empty.body, /No events have been recorded yet/)
      const bad = await client.postForm(
        tab,
        {
          'occurredOn-day': '31',
          'occurredOn-month': '2',
          'occurredOn-year': '2025',
          kind: 'underlying_fact',
          title: 'Kept title <b>',
          missedOpportunity: 'yes',
        },
        `${tab}/new`,
      )
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      assert.match(bad.body, /must be a real date/)
      assert.match(bad.body, /Enter why this was a missed opportunity/)
      assert.match(bad.body, /value="Kept title &lt;b&gt;"/)
      const ok = await client.postForm(
        tab,
        {
          'occurredOn-day': '2',
          'occurredOn-month': '1',
          'occurredOn-year': '2025',
          occurredTime: '10:15',
          kind: 'underlying_fact',
          title: 'Second report not linked',
          missedOpportunity: 'yes',
          missedOpportunityReason: 'Reports were not cross-checked',
          subjectIds: subject,
        },
        `${tab}/new`,
      )
      assert.equal(ok.statusCode, 303)
      const page = await client.get(tab)
      assert.match(page.body, /class="moj-timeline"/)
      assert.match(page.body, /data-testid="missed-opportunity">Missed opportunity</)
      assert.match(page.body, /Reports were not cross-checked/)
      assert.match(page.body, /PC Pat Linked/)
      const filtered = await client.get(`${tab}?kind=investigation`)
      assert.match(filtered.body, /No events match these filters/)
      const csv = await client.get(`${tab}/export.csv?missed=yes`)
      assert.equal(csv.statusCode, 200)
      assert.match(csv.body, /Second report not linked/)

      const [event] = (await t.services.chronology.timeline(investigation.id, team.lead)).items
      const edit = await client.get(`${tab}/${event!.id}/edit`)
      assert.match(edit.body, /value="Second report not linked"/)
      const saved = await client.postForm(
        `${tab}/${event!.id}`,
        {
          'occurredOn-day': '2',
          'occurredOn-month': '1',
          'occurredOn-year': '2025',
          kind: 'underlying_fact',
          title: 'Renamed',
          version: String(event!.version),
        },
        `${tab}/${event!.id}/edit`,
      )
      assert.equal(saved.statusCode, 303)
      const stale = await client.postForm(
        `${tab}/${event!.id}`,
        {
          'occurredOn-day': '2',
          'occurredOn-month': '1',
          'occurredOn-year': '2025',
          kind: 'underlying_fact',
          title: 'Stale',
          version: String(event!.version),
        },
        `${tab}/${event!.id}/edit`,
      )
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Someone else changed this record/)
    })

    it('uploads through a multipart form with the CSRF token in the form body (never the query string), lists withdrawn documents, and refuses sealed downloads', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const client = await signedIn(team.investigator.userId)
      const newPage = await client.get(`/investigations/${investigation.id}/evidence/new`)
      const action = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/
        .exec(newPage.body)?.[1]
        ?.replace(/&amp;/g, '&')
      // The token travels in the body; one in the address is not accepted (issue 10).
      assert.ok(action && !action.includes('_csrf='))
      const token = /name="_csrf" value="([^"]+)"/.exec(newPage.body)![1]!
      const inQuery = await client.request({
        method: 'POST',
        url: `${action}?_csrf=${encodeURIComponent(token)}`,
        ...multipart({ exhibitReference: 'EX/1', title: 'T' }, { name: 'a.txt', type: 'text/plain', content: 'a' }),
      })
      assert.equal(inQuery.statusCode, 403)
      const noToken = multipart(
        { exhibitReference: 'EX/1', title: 'T' },
        { name: 'a.txt', type: 'text/plain', content: 'a' },
      )
      const refused = await client.request({
        method: 'POST',
        url: `/investigations/${investigation.id}/evidence`,
        ...noToken,
      })
      assert.equal(refused.statusCode, 403)
      const missing = multipart({ _csrf: token, exhibitReference: 'EX/1', title: 'Kept' })
      const noFile = await client.request({ method: 'POST', url: action!, ...missing })
      assert.equal(noFile.statusCode, 400)
      assert.match(noFile.body, /Select a file/)
      assert.match(noFile.body, /value="Kept"/)
      const form = multipart(
        { _csrf: token, exhibitReference: 'EX/1', title: 'Sealed log', sealed: 'yes' },
        { name: 'log.txt', type: 'text/plain', content: 'covert' },
      )
      const uploaded = await client.request({ method: 'POST', url: action!, ...form })
      assert.equal(uploaded.statusCode, 303)
      const documentUrl = String(uploaded.headers.location)
      const docPage = await client.get(documentUrl)
      assert.match(docPage.body, /data-testid="sealed"/)
      assert.doesNotMatch(docPage.body, /data-testid="download"/)
      assert.equal((await client.get(`${documentUrl}/download`)).statusCode, 403)
      const lead = await signedIn(team.lead.userId)
      const download = await lead.get(`${documentUrl}/download`)
      assert.equal(download.statusCode, 200)
      assert.equal(download.body, 'covert')
      assert.match(String(download.headers['content-disposition']), /^attachment; filename="log.txt"/)

      const custody = await client.postForm(
        `${documentUrl}/custody-entries`,
        {
          'occurredOn-day': '3',
          'occurredOn-month': '1',
          'occurredOn-year': '2025',
          occurredTime: '09:00',
          action: 'Seized',
          toParty: 'DC Smith',
        },
        documentUrl,
      )
      assert.equal(custody.statusCode, 303)
      const withdraw = await client.postForm(
        `${documentUrl}/withdrawal`,
        { reason: 'Wrong exhibit', version: '1' },
        documentUrl,
      )
      assert.equal(withdraw.statusCode, 303)
      const register = await client.get(`/investigations/${investigation.id}/evidence`)
      assert.match(register.body, /data-testid="withdrawn">Withdrawn</)
      assert.match(register.body, /EX\/1/)
      const after = await client.get(documentUrl)
      assert.match(after.body, /Seized/)
      assert.match(after.body, /Wrong exhibit/)
    })

    it('does not offer the tabs to a case worker and refuses them', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const client = await signedIn(team.caseWorker.userId)
      assert.equal((await client.get(`/investigations/${investigation.id}/chronology`)).statusCode, 403)
      assert.equal((await client.get(`/investigations/${investigation.id}/evidence`)).statusCode, 403)
      const outsider = await signedIn(team.outsider.userId)
      assert.equal((await outsider.get(`/investigations/${investigation.id}/chronology`)).statusCode, 403)
    })
  })
}
