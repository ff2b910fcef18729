import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email

for (const kind of DATABASE_KINDS) {
  describe(`subject pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    let investigator: Client
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      investigator = new Client(t.app)
      const signedIn = await investigator.signIn(await emailOf(t, team.investigator.userId))
      assert.equal(signedIn.statusCode, 303, signedIn.body)
    })
    after(() => t.close())

    it('adds a subject, records an allegation, severity, a notice, its service and response, and an interview', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const newPage = `/investigations/${investigation.id}/subjects/new`
      const invalid = await investigator.postForm(newPage, {
        givenName: 'Riley',
        familyName: '',
        warrantNumber: 'PG77',
        kind: 'police_officer',
        rank: '',
        forceId: investigation.force_id,
      })
      assert.equal(invalid.statusCode, 400)
      assert.match(invalid.body, /There is a problem/)
      assert.match(invalid.body, /Enter the family name/)
      assert.match(invalid.body, /value="Riley"/, 'keeps what was typed')

      const added = await investigator.postForm(newPage, {
        givenName: 'Riley',
        familyName: 'Stone',
        warrantNumber: `PG${kind}77`,
        kind: 'police_officer',
        rank: 'constable',
        forceId: investigation.force_id,
        roleAtTime: 'Response officer',
      })
      assert.equal(added.statusCode, 303, added.body)
      const subjectUrl = String(added.headers.location)
      const list = await investigator.get(`/investigations/${investigation.id}/subjects`)
      assert.equal(list.statusCode, 200)
      assert.match(list.body, /Riley Stone/)
      assert.match(list.body, new RegExp(`PG${kind}77`))

      // Each form is on a page of its own, at the address it posts to.
      const post = (action: string, fields: Record<string, string | string[]>) =>
        investigator.postForm(`${subjectUrl}/${action}`, fields, `${subjectUrl}/${action}`)
      const noStandards = await post('allegations', { description: 'Pushed a detained person' })
      assert.equal(noStandards.statusCode, 400)
      assert.match(noStandards.body, /Choose at least one Standard/)
      assert.match(noStandards.body, /Pushed a detained person/)
      assert.equal(
        (
          await post('allegations', {
            description: 'Pushed a detained person',
            standards: ['use_of_force', 'discreditable_conduct'],
          })
        ).statusCode,
        303,
      )
      const badDate = await post('severity-assessments', {
        severity: 'gross_misconduct',
        rationale: 'Serious',
        'assessedOn-day': '31',
        'assessedOn-month': '2',
        'assessedOn-year': '2026',
      })
      assert.equal(badDate.statusCode, 400)
      assert.match(badDate.body, /must be a real date/)
      assert.equal(
        (
          await post('severity-assessments', {
            severity: 'gross_misconduct',
            rationale: 'Serious',
            'assessedOn-day': '2',
            'assessedOn-month': '3',
            'assessedOn-year': '2026',
          })
        ).statusCode,
        303,
      )
      assert.equal((await post('notices', {})).statusCode, 303)

      const subjectId = subjectUrl.split('/').pop()!
      const notice = (await t.services.subjects.get(subjectId, team.lead)).notices[0]!
      const page = await investigator.get(subjectUrl)
      assert.match(page.body, /Gross misconduct \(current\)/)
      const servicePage = `${subjectUrl}/notices/${notice.id}/service`
      assert.match(page.body, new RegExp(`href="${servicePage}"`), 'the latest notice links to recording its service')
      const serviceForm = await investigator.get(servicePage)
      assert.equal(serviceForm.statusCode, 200)
      assert.match(serviceForm.body, new RegExp(`name="version" value="${notice.version}"`))
      const served = await investigator.postForm(
        `${subjectUrl}/notices/${notice.id}/service`,
        {
          version: String(notice.version),
          serviceMethod: 'in_person',
          'servedOn-day': '22',
          'servedOn-month': '12',
          'servedOn-year': '2025',
        },
        servicePage,
      )
      assert.equal(served.statusCode, 303, served.body)
      const afterService = await investigator.get(subjectUrl)
      assert.match(afterService.body, /data-testid="response-due">8 January 2026</)
      const stale = await investigator.postForm(
        `${subjectUrl}/notices/${notice.id}/service`,
        {
          version: String(notice.version),
          serviceMethod: 'by_post',
          'servedOn-day': '23',
          'servedOn-month': '12',
          'servedOn-year': '2025',
        },
        servicePage,
      )
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Someone else changed this record/)
      // Nothing typed is lost: the form comes back with it, the notice as it now is, and its new version.
      assert.match(stale.body, /<option value="by_post" selected>/)
      assert.match(stale.body, /name="servedOn-day"[^>]*value="23"/)
      assert.match(stale.body, /22 December 2025 – /)
      assert.match(stale.body, new RegExp(`name="version" value="${notice.version + 1}"`))
      assert.match(stale.body, /href="#form"/, 'the error summary links to the conflict')
      const responded = await investigator.postForm(
        `${subjectUrl}/notices/${notice.id}/response`,
        {
          version: String(notice.version + 1),
          responseSummary: 'Denies pushing',
          'responseReceivedOn-day': '5',
          'responseReceivedOn-month': '1',
          'responseReceivedOn-year': '2026',
        },
        `${subjectUrl}/notices/${notice.id}/response`,
      )
      assert.equal(responded.statusCode, 303, responded.body)
      assert.equal(
        (
          await post('interviews', {
            interviewKind: 'misconduct',
            'heldOn-day': '12',
            'heldOn-month': '1',
            'heldOn-year': '2026',
            interviewSummary: 'Interviewed with federation rep',
          })
        ).statusCode,
        303,
      )
      const final = await investigator.get(subjectUrl)
      assert.match(final.body, /Denies pushing/)
      assert.match(final.body, /Interviewed with federation rep/)
      assert.match(final.body, /Responded to notice/)

      const pdf = await investigator.get(`${subjectUrl}/notices/${notice.id}/pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.match(String(pdf.headers['content-disposition']), /^attachment; filename=".+\.pdf"$/)
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-')
    })

    it('shows the subject as summary lists whose "Change" and "Add" links each open one form, posting to itself', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const added = await investigator.postForm(`/investigations/${investigation.id}/subjects/new`, {
        givenName: 'Morgan',
        familyName: 'Hale',
        warrantNumber: `OP${kind}12`,
        kind: 'police_officer',
        rank: 'sergeant',
        forceId: investigation.force_id,
      })
      assert.equal(added.statusCode, 303, added.body)
      const subjectUrl = String(added.headers.location)
      const subjectId = subjectUrl.split('/').pop()!
      const post = (action: string, fields: Record<string, string | string[]>) =>
        investigator.postForm(`${subjectUrl}/${action}`, fields, `${subjectUrl}/${action}`)
      const allegation = await post('allegations', {
        description: 'Missed checks',
        standards: ['duties_and_responsibilities'],
      })
      assert.equal(allegation.statusCode, 303, allegation.body)
      const severity = await post('severity-assessments', {
        severity: 'misconduct',
        rationale: 'Failed the checks',
        'assessedOn-day': '2',
        'assessedOn-month': '3',
        'assessedOn-year': '2026',
      })
      assert.equal(severity.statusCode, 303, severity.body)
      assert.equal((await investigator.postForm(`${subjectUrl}/notices`, {}, subjectUrl)).statusCode, 303)
      const notice = (await t.services.subjects.get(subjectId, team.lead)).notices[0]!
      const served = await post(`notices/${notice.id}/service`, {
        version: String(notice.version),
        serviceMethod: 'in_person',
        'servedOn-day': '4',
        'servedOn-month': '3',
        'servedOn-year': '2026',
      })
      assert.equal(served.statusCode, 303, served.body)

      const formsIn = (html: string) =>
        [...html.matchAll(/<form\b[^>]*action="([^"]*)"/g)].map((m) => m[1]!).filter((a) => a !== '/sign-out')
      const page = await investigator.get(subjectUrl)
      assert.equal(page.statusCode, 200)
      assert.deepEqual(formsIn(page.body), [`${subjectUrl}/notices`], 'only the button that asks nothing stays')
      const main = page.body.slice(page.body.indexOf('<main'))
      const links = [...new Set([...main.matchAll(/href="([^"#]+)"/g)].map((m) => m[1]!))].filter(
        (href) => href.startsWith(`${subjectUrl}/`) && !href.endsWith('/pdf'),
      )
      assert.deepEqual(
        [...links].sort(),
        [
          'allegations',
          'details',
          'interviews',
          `notices/${notice.id}/response`,
          `notices/${notice.id}/service`,
          'severity-assessments',
        ]
          .map((a) => `${subjectUrl}/${a}`)
          .sort(),
      )
      for (const href of links) {
        const form = await investigator.get(href)
        assert.equal(form.statusCode, 200, href)
        assert.deepEqual(formsIn(form.body), [href], `${href}: one form, posting to its own address`)
        assert.match(form.body, new RegExp(`href="${subjectUrl}" class="govuk-back-link"`), href)
        // Empty, it comes back with every problem at once, each linking to a field on the page.
        const version = form.body.match(/name="version" value="(\d+)"/)?.[1]
        const empty = await investigator.postForm(href, version ? { version } : {}, href)
        if (href.endsWith('/details')) continue // both fields are optional
        assert.equal(empty.statusCode, 400, `${href}: ${empty.body.slice(0, 300)}`)
        const targets = [...empty.body.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]!)
        assert.ok(targets.length >= 1, `${href}: the error summary names a problem`)
        for (const id of targets) assert.match(empty.body, new RegExp(`id="${id}"`), `${href}: #${id} is on the page`)
      }

      // A stale change of details keeps what was typed, shows what is now recorded, and offers the new version.
      const subject = (await t.services.subjects.get(subjectId, team.lead)).subject
      await t.services.subjects.update(subjectId, { roleAtTime: 'Custody sergeant' }, subject.version, team.lead)
      const stale = await post('details', {
        version: String(subject.version),
        rankAtTime: 'sergeant',
        roleAtTime: 'Response sergeant',
      })
      assert.equal(stale.statusCode, 409)
      assert.match(stale.body, /Someone else changed this record/)
      assert.match(stale.body, /value="Response sergeant"/)
      assert.match(stale.body, /Now recorded: rank Sergeant, role Custody sergeant/)
      assert.match(stale.body, new RegExp(`name="version" value="${subject.version + 1}"`))
      const again = await post('details', {
        version: String(subject.version + 1),
        rankAtTime: 'sergeant',
        roleAtTime: 'Response sergeant',
      })
      assert.equal(again.statusCode, 303, again.body)
      assert.match((await investigator.get(subjectUrl)).body, /Response sergeant/)
    })

    it('does not show subjects to a case worker', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Hidden',
          familyName: 'Person',
          warrantNumber: `HID${kind}1`,
          kind: 'police_officer',
          rank: 'sergeant',
        },
        team.investigator,
      )
      const caseWorker = new Client(t.app)
      await caseWorker.signIn(await emailOf(t, team.caseWorker.userId))
      const overview = await caseWorker.get(`/investigations/${investigation.id}`)
      assert.equal(overview.statusCode, 200)
      assert.doesNotMatch(overview.body, /\/subjects"/)
      for (const url of [
        `/investigations/${investigation.id}/subjects`,
        `/investigations/${investigation.id}/subjects/${subject.id}`,
        `/investigations/${investigation.id}/subjects/${subject.id}/details`,
        `/investigations/${investigation.id}/subjects/${subject.id}/allegations`,
      ]) {
        const page = await caseWorker.get(url)
        assert.equal(page.statusCode, 403, url)
        assert.doesNotMatch(page.body, /Hidden Person/)
      }
    })
  })
}
