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
      const email = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', team.caseWorker.userId)
          .executeTakeFirstOrThrow()
      ).email
      const client = new Client(t.app)
      await client.signIn(email)
      const tab = `/investigations/${investigation.id}/families`
      const page = await client.get(tab)
      assert.equal(page.statusCode, 200, page.body.slice(0, 500))
      assert.match(page.body, /Add an interested person/)
      assert.match(page.body, new RegExp(`href="${tab}"`), 'the Families tab is offered')

      const bad = await client.postForm(`${tab}/persons/new`, {
        fullName: '',
        consentToBeKeptInformed: 'yes',
        preferredChannel: 'email',
      })
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      const added = await client.postForm(`${tab}/persons/new`, {
        fullName: 'Pat Example',
        kind: 'bereaved_family',
        relationship: 'Sister',
        consentToBeKeptInformed: 'yes',
        'becameInterestedOn-day': '10',
        'becameInterestedOn-month': '3',
        'becameInterestedOn-year': '2026',
        preferredChannel: 'email',
        email: 'pat@example.test',
      })
      assert.equal(added.statusCode, 303, added.body.slice(0, 2000))
      const [p] = await t.services.families.listPersons(investigation.id, team.caseWorker)
      const noGround = await client.postForm(`${tab}/updates/new`, {
        interestedPersonIds: p!.id,
        channel: 'call',
        'givenOn-day': '20',
        'givenOn-month': '3',
        'givenOn-year': '2026',
        summary: 'Progress',
        withheldUnderHarmTest: 'yes',
      })
      assert.equal(noGround.statusCode, 400)
      assert.match(noGround.body, /Choose the ground on which information was withheld/)
      const recorded = await client.postForm(`${tab}/updates/new`, {
        interestedPersonIds: p!.id,
        channel: 'call',
        'givenOn-day': '20',
        'givenOn-month': '3',
        'givenOn-year': '2026',
        summary: 'Progress',
        covers: ['progress'],
      })
      assert.equal(recorded.statusCode, 303, recorded.body.slice(0, 2000))
      const meeting = await client.postForm(`${tab}/meetings/new`, {
        'heldOn-day': '1',
        'heldOn-month': '4',
        'heldOn-year': '2026',
        attendees: 'Family, case worker',
        interestedPersonIds: p!.id,
      })
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

    it('takes a timeliness notice through editing, approval, sending and copies, and withholds another, with role checks and stale versions refused', async () => {
      const { investigation } = await openInvestigation(t.services, team, { title: 'Timeliness notice pages' })
      const emailOf = async (userId: string) =>
        (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow())
          .email
      await t.services.timeliness.draftDueTimelinessNotices(investigation.id, '2027-09-01')
      const [first, second] = (await t.services.timeliness.list(investigation.id, team.lead)).sort(
        (a, b) => a.period_number - b.period_number,
      )
      assert.ok(first && second)
      const person = await t.services.families.addPerson(
        investigation.id,
        {
          fullName: 'Sam Example',
          kind: 'bereaved_family',
          relationship: 'Brother',
          consentToBeKeptInformed: true,
          becameInterestedOn: '2026-03-10',
          preferredChannel: 'email',
          email: 'sam@example.test',
        },
        team.caseWorker,
      )
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Lee',
          familyName: 'Poe',
          warrantNumber: `TNP${kind}1`,
          kind: 'police_officer',
          rank: 'constable',
        },
        team.investigator,
      )
      const tab = `/investigations/${investigation.id}/families`
      const noticeUrl = `${tab}/timeliness-notices/${first.id}`
      const versionOn = (body: string) => /name="version" value="(\d+)"/.exec(body)?.[1] ?? ''

      const investigator = new Client(t.app)
      await investigator.signIn(await emailOf(team.investigator.userId))
      const families = await investigator.get(tab)
      assert.match(families.body, new RegExp(`href="${noticeUrl}"`), 'the Families tab links the notice')
      const page = await investigator.get(noticeUrl)
      assert.equal(page.statusCode, 200, page.body.slice(0, 500))
      assert.match(page.body, /Notice for period 1/)
      assert.match(page.body, /Edit the draft/)
      assert.doesNotMatch(page.body, /Approve, send or withhold/, 'an investigator cannot decide')
      assert.equal((await investigator.get(`${noticeUrl}/decision`)).statusCode, 403)

      const editPage = await investigator.get(`${noticeUrl}/edit`)
      assert.equal(editPage.statusCode, 200)
      assert.match(editPage.body, /<label class="govuk-label govuk-label--s" for="progress">/)
      assert.match(
        editPage.body,
        /<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">\s*Estimated date the investigation will conclude/,
      )
      const version = versionOn(editPage.body)
      const fields = {
        version,
        progress: 'Witness interviews complete',
        reasonForTimeTaken: 'Awaiting expert evidence',
        plannedSteps: 'Draft the report',
        'estimatedConclusionOn-day': '30',
        'estimatedConclusionOn-month': '6',
        'estimatedConclusionOn-year': '2027',
        'estimatedReportSubmissionOn-day': '31',
        'estimatedReportSubmissionOn-month': '7',
        'estimatedReportSubmissionOn-year': '2027',
      }
      const badDate = await investigator.postForm(`${noticeUrl}/edit`, {
        ...fields,
        'estimatedConclusionOn-month': '13',
      })
      assert.equal(badDate.statusCode, 400)
      assert.match(badDate.body, /govuk-error-summary/)
      assert.match(
        badDate.body,
        /href="#estimatedConclusionOn-day">The estimated date of conclusion must be a real date/,
      )
      assert.match(badDate.body, /Witness interviews complete/, 'what was typed is kept')
      const saved = await investigator.postForm(`${noticeUrl}/edit`, fields)
      assert.equal(saved.statusCode, 303, saved.body.slice(0, 2000))
      assert.equal(saved.headers.location, noticeUrl)
      const stale = await investigator.postForm(`${noticeUrl}/edit`, { ...fields, progress: 'A stale edit' })
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Someone else changed this record since you opened it/)
      assert.match(stale.body, /A stale edit/, 'the stale input is kept for the user to copy')
      assert.equal(
        (await t.services.timeliness.get(first.id, team.lead)).contents.progress,
        'Witness interviews complete',
      )
      assert.equal(
        (
          await investigator.postForm(
            `${noticeUrl}/copies`,
            { recipient: `subject:${subject.id}`, status: 'sent' },
            noticeUrl,
          )
        ).statusCode,
        403,
      )

      const caseWorker = new Client(t.app)
      await caseWorker.signIn(await emailOf(team.caseWorker.userId))
      assert.equal((await caseWorker.get(`${noticeUrl}/edit`)).statusCode, 403, 'a case worker cannot edit a notice')

      const lead = new Client(t.app)
      await lead.signIn(await emailOf(team.lead.userId))
      const secondUrl = `${tab}/timeliness-notices/${second.id}`
      const incomplete = await lead.postForm(`${secondUrl}/decision`, {
        version: String(second.version),
        decision: 'approve',
      })
      assert.equal(incomplete.statusCode, 400)
      assert.match(
        incomplete.body,
        new RegExp(`href="${secondUrl}/edit#progress">Describe the progress of the investigation before approving`),
        'the missing parts link to the edit page',
      )
      const decisionPage = await lead.get(`${noticeUrl}/decision`)
      assert.equal(decisionPage.statusCode, 200)
      assert.match(
        decisionPage.body,
        /<legend class="govuk-fieldset__legend govuk-fieldset__legend--l">\s*<h1 class="govuk-fieldset__heading">\s*What do you want to do with the notice\?/,
      )
      const current = versionOn(decisionPage.body)
      const none = await lead.postForm(`${noticeUrl}/decision`, { version: current })
      assert.equal(none.statusCode, 400)
      assert.match(none.body, /href="#decision">Choose what to do with the notice/)
      const staleDecision = await lead.postForm(`${noticeUrl}/decision`, { version, decision: 'approve' })
      assert.equal(staleDecision.statusCode, 409)
      assert.match(staleDecision.body, /Someone else changed this record since you opened it/)
      const approved = await lead.postForm(`${noticeUrl}/decision`, { version: current, decision: 'approve' })
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 2000))
      const approvedPage = await lead.get(noticeUrl)
      assert.match(approvedPage.body, /data-testid="notice-status">\s*Approved/)
      const pdfLink = /href="([^"]+\/timeliness-notices\/[^"]+\/pdf)"/.exec(approvedPage.body)
      assert.ok(pdfLink)
      assert.equal((await lead.get(pdfLink[1]!)).headers['content-type'], 'application/pdf')
      assert.doesNotMatch(approvedPage.body, /Edit the draft/)

      const sendPage = await lead.get(`${noticeUrl}/decision`)
      assert.doesNotMatch(sendPage.body, /value="approve"/, 'an approved notice cannot be approved again')
      const noDate = await lead.postForm(`${noticeUrl}/decision`, {
        version: versionOn(sendPage.body),
        decision: 'send',
      })
      assert.equal(noDate.statusCode, 400)
      assert.match(noDate.body, /href="#sentOn-day">Enter the date the notice was sent/)
      const sent = await lead.postForm(`${noticeUrl}/decision`, {
        version: versionOn(sendPage.body),
        decision: 'send',
        'sentOn-day': '1',
        'sentOn-month': '11',
        'sentOn-year': '2026',
      })
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 2000))

      const copiesPage = await lead.get(`${noticeUrl}/copies`)
      assert.equal(copiesPage.statusCode, 200)
      assert.match(copiesPage.body, /Sam Example/)
      assert.match(copiesPage.body, /Lee Poe/)
      const noChoice = await lead.postForm(`${noticeUrl}/copies`, {})
      assert.equal(noChoice.statusCode, 400)
      assert.match(noChoice.body, /href="#recipient">Choose who the copy is for/)
      assert.match(noChoice.body, /href="#status">Say whether the copy was sent or withheld/)
      const noGround = await lead.postForm(`${noticeUrl}/copies`, {
        recipient: `subject:${subject.id}`,
        status: 'withheld',
      })
      assert.equal(noGround.statusCode, 400)
      assert.match(noGround.body, /Choose the ground on which the copy is withheld/)
      assert.match(noGround.body, new RegExp(`value="subject:${subject.id}" checked`), 'the choice is kept')
      assert.equal(
        (await lead.postForm(`${noticeUrl}/copies`, { recipient: `interested_person:${person.id}`, status: 'sent' }))
          .statusCode,
        303,
      )
      assert.equal(
        (
          await lead.postForm(`${noticeUrl}/copies`, {
            recipient: `subject:${subject.id}`,
            status: 'withheld',
            harmGround: 'prejudice_to_investigation',
          })
        ).statusCode,
        303,
      )
      const sentPage = await lead.get(noticeUrl)
      assert.match(sentPage.body, /Sent to the local policing body/)
      assert.match(sentPage.body, /1 November 2026|2026-11-01/)
      assert.match(sentPage.body, /Prejudice to this or another investigation/)
      const copies = (await t.services.timeliness.get(first.id, team.lead)).copies
      assert.deepEqual(copies.map((c) => [c.recipient_kind, c.status]).sort(), [
        ['interested_person', 'sent'],
        ['subject', 'withheld'],
      ])

      const withholdPage = await lead.get(`${secondUrl}/decision`)
      const noReason = await lead.postForm(`${secondUrl}/decision`, {
        version: versionOn(withholdPage.body),
        decision: 'withhold',
        reason: '',
      })
      assert.equal(noReason.statusCode, 400)
      assert.match(noReason.body, /Enter why the notice is withheld/)
      const withheld = await lead.postForm(`${secondUrl}/decision`, {
        version: versionOn(withholdPage.body),
        decision: 'withhold',
        reason: 'Might prejudice the criminal investigation',
      })
      assert.equal(withheld.statusCode, 303, withheld.body.slice(0, 2000))
      const withheldPage = await lead.get(secondUrl)
      assert.match(withheldPage.body, /Might prejudice the criminal investigation/)
      assert.equal((await t.services.timeliness.get(second.id, team.lead)).notice.status, 'withheld')
    })
  })
}
