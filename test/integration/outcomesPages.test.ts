import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { systemContext } from '../../src/services/context.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email
const now = new Date()
const todayParts = (name: string) => ({
  [`${name}-day`]: String(now.getUTCDate()),
  [`${name}-month`]: String(now.getUTCMonth() + 1),
  [`${name}-year`]: String(now.getUTCFullYear()),
})

for (const kind of DATABASE_KINDS) {
  describe(`outcome pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: Client
    let psd: Client
    let otherPsd: Client
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      await t.services.organisations.ensure(
        { code: 'SOUTHSHIRE', name: 'Southshire Constabulary', kind: 'police_force' },
        systemContext(),
      )
      lead = new Client(t.app)
      assert.equal((await lead.signIn(await emailOf(t, team.lead.userId))).statusCode, 303)
      const north = await contextFor(
        t.services,
        `psd-pages-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      psd = new Client(t.app)
      assert.equal((await psd.signIn(await emailOf(t, north.userId))).statusCode, 303)
      const south = await contextFor(
        t.services,
        `psd-pages-south-${kind}@example.test`,
        ['appropriate_authority'],
        'SOUTHSHIRE',
      )
      otherPsd = new Client(t.app)
      assert.equal((await otherPsd.signIn(await emailOf(t, south.userId))).statusCode, 303)
    })
    after(() => t.close())

    it('the team sends the report from the Outcome tab; the force answers on its own pages; the team recommends and records a hearing', async () => {
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Jo', familyName: 'Lanyon', determination: 'case_to_answer_gross_misconduct' },
        { givenName: 'Kit', familyName: 'Elsewhere', determination: 'no_case_to_answer', forceCode: 'SOUTHSHIRE' },
      ])
      await addInterestedPerson(t.database.db, investigation.id, {
        name: 'Pat Bereaved',
        email: 'pat.bereaved@example.test',
      })
      const tab = `/investigations/${investigation.id}/outcome`
      const page = await lead.get(tab)
      assert.equal(page.statusCode, 200, page.body)
      assert.match(page.body, /Send the report to the appropriate authority/)
      assert.match(page.body, />Outcome</)
      const invalid = await lead.postForm(`${tab}/send`, { version: String(investigation.version) }, tab)
      assert.equal(invalid.statusCode, 400)
      assert.match(invalid.body, /Enter the date the report was sent/)
      const sent = await lead.postForm(
        `${tab}/send`,
        { version: String(investigation.version), ...todayParts('sentOn') },
        tab,
      )
      assert.equal(sent.statusCode, 303, sent.body)
      assert.match((await lead.get(tab)).body, /Response due/)

      const home = await psd.get('/')
      assert.match(home.body, /Reports to answer/)
      const list = await psd.get('/authority')
      assert.equal(list.statusCode, 200)
      assert.match(list.body, new RegExp(investigation.reference.replace('/', '\\/')))
      const report = await psd.get(`/authority/${investigation.id}`)
      assert.equal(report.statusCode, 200)
      assert.match(report.body, /Jo Lanyon/)
      assert.match(report.body, /Case to answer for gross misconduct/)
      assert.match(report.body, /The force failed to link the deaths/)
      assert.match(report.body, /Finding about Jo Lanyon/)
      assert.doesNotMatch(report.body, /Elsewhere|Pat Bereaved|pat\.bereaved|Analysis naming everyone/)
      assert.equal((await otherPsd.get(`/authority/${investigation.id}`)).statusCode, 403)
      assert.equal((await psd.get(tab)).statusCode, 403)

      const own = `/authority/${investigation.id}/subjects/${subjects[0]!.id}`
      // The report is a task list of the force's responses: one task for its own officer, not started.
      assert.match(report.body, /govuk-task-list/)
      assert.match(report.body, /You have completed 0 of 1 response\./)
      assert.match(report.body, new RegExp(`href="${own}/response"[^]*?Respond about Jo Lanyon`))
      assert.match(report.body, /Not started/)
      assert.match(report.body, /Response due \d{1,2} [A-Z][a-z]+ \d{4}/, 'the due date in long form')
      const ownPage = await psd.get(own)
      assert.equal(ownPage.statusCode, 200)
      assert.doesNotMatch(ownPage.body, /Misconduct proceedings/, 'proceedings follow the response')
      assert.equal((await psd.get(`${own}/proceedings`)).statusCode, 303, 'no proceedings step before the answer')
      const answerPage = await psd.get(`${own}/response`)
      assert.equal(answerPage.statusCode, 200)
      assert.doesNotMatch(answerPage.body, /Decision on proceedings|Date held/, 'the answer is a page of its own')
      const missing = await psd.postForm(`${own}/response`, { reasons: 'x' }, own)
      assert.equal(missing.statusCode, 400)
      assert.match(missing.body, /Choose whether the appropriate authority agrees/)
      assert.match(missing.body, /Choose the proceedings proposed/, 'every problem at once')
      assert.match(missing.body, /Enter the date of the response/, 'every problem at once')
      const answered = await psd.postForm(
        `${own}/response`,
        { agrees: 'no', proposedProceedings: 'meeting', reasons: 'Misconduct at most', ...todayParts('respondedOn') },
        own,
      )
      assert.equal(answered.statusCode, 303, answered.body)
      assert.equal(answered.headers.location, `${own}/proceedings`, 'proceedings proposed: the next step')
      const step = await psd.get(`${own}/proceedings`)
      assert.equal(step.statusCode, 200)
      assert.match(step.body, /Misconduct proceedings for Jo Lanyon/)
      assert.match(step.body, /value="meeting" checked/, 'the proposed kind chosen already')
      assert.match((await psd.get(own)).body, /Proceedings[^]*?Not yet recorded/)
      assert.match((await psd.get(`/authority/${investigation.id}`)).body, /In progress/)
      assert.equal((await psd.get(`/authority/${investigation.id}/subjects/${subjects[1]!.id}`)).statusCode, 404)
      const foreign = await psd.postForm(
        `/authority/${investigation.id}/subjects/${subjects[1]!.id}/response`,
        { agrees: 'yes', proposedProceedings: 'none', reasons: 'x', ...todayParts('respondedOn') },
        own,
      )
      assert.equal(foreign.statusCode, 404)

      const subjectPage = `${tab}/subjects/${subjects[0]!.id}`
      const shown = await lead.get(subjectPage)
      assert.equal(shown.statusCode, 200)
      assert.match(shown.body, /Recommend proceedings/)
      const recommended = await lead.postForm(
        `${subjectPage}/recommendations`,
        { kind: 'recommendation', proceedingsKind: 'hearing', reasons: 'Gross misconduct', ...todayParts('madeOn') },
        subjectPage,
      )
      assert.equal(recommended.statusCode, 303, recommended.body)
      const meeting = await lead.postForm(
        `${subjectPage}/proceedings`,
        { kind: 'meeting', accelerated: 'no', chairLegallyQualified: 'no', wouldHaveBeenDismissed: 'no' },
        subjectPage,
      )
      assert.equal(meeting.statusCode, 400)
      assert.match(meeting.body, /goes to a misconduct hearing/)
      const hearing = await lead.postForm(
        `${subjectPage}/proceedings`,
        {
          kind: 'hearing',
          accelerated: 'no',
          chairName: 'Chair KC',
          chairLegallyQualified: 'yes',
          panel: 'A Member\nB Member',
          wouldHaveBeenDismissed: 'no',
          ...todayParts('scheduledOn'),
        },
        subjectPage,
      )
      assert.equal(hearing.statusCode, 303, hearing.body)
      const after = await lead.get(subjectPage)
      assert.match(after.body, /Chair KC \(legally qualified\)/)
      assert.match((await lead.get(tab)).body, /Misconduct hearing/)

      // The force answers the recommendation from its task list: every problem at once, then recorded.
      const withRecommendation = (await psd.get(`/authority/${investigation.id}`)).body
      assert.match(withRecommendation, /You have completed 0 of 2 responses\./)
      const recommendationHref = new RegExp(
        `href="(/authority/${investigation.id}/recommendations/[^"]+)"[^]*?Answer the recommendation of a misconduct hearing for Jo Lanyon`,
      ).exec(withRecommendation)?.[1]
      assert.ok(recommendationHref, 'the recommendation is a task')
      const recommendationPage = await psd.get(recommendationHref)
      assert.equal(recommendationPage.statusCode, 200)
      const recommendationVersion = /name="version" value="(\d+)"/.exec(recommendationPage.body)?.[1] ?? ''
      const unanswered = await psd.postForm(recommendationHref, { version: recommendationVersion }, recommendationHref)
      assert.equal(unanswered.statusCode, 400)
      assert.match(unanswered.body, /Choose whether the force accepts the recommendation/)
      assert.match(unanswered.body, /Enter the date of your answer/)
      const accepted = await psd.postForm(
        recommendationHref,
        { version: recommendationVersion, accepted: 'yes', ...todayParts('recResponseOn') },
        recommendationHref,
      )
      assert.equal(accepted.statusCode, 303, accepted.body)
      assert.match((await psd.get(`/authority/${investigation.id}`)).body, /You have completed 1 of 2 responses\./)

      // The force records the hearing's outcome on its own page.
      const proceedingsPage = (await psd.get(`${own}/proceedings`)).body
      const proceedingId = /name="proceedingId" value="([^"]+)"/.exec(proceedingsPage)?.[1]
      assert.ok(proceedingId)
      const version =
        /name="version" value="(\d+)"[^]*?name="proceedingId"|name="proceedingId" value="[^"]+">\s*<input type="hidden" name="version" value="(\d+)"/.exec(
          proceedingsPage,
        )
      const outcome = await psd.postForm(
        `${own}/proceedings`,
        {
          proceedingId,
          version: version?.[2] ?? version?.[1] ?? '',
          accelerated: 'no',
          chairName: 'Chair KC',
          chairLegallyQualified: 'yes',
          panel: 'A Member\nB Member',
          wouldHaveBeenDismissed: 'no',
          outcome: 'dismissal_without_notice',
          ...todayParts('scheduledOn'),
          ...todayParts('heldOn'),
          ...todayParts('outcomeOn'),
          ...todayParts('barredListEntryOn'),
        },
        own,
      )
      assert.equal(outcome.statusCode, 303, outcome.body)
      assert.match((await lead.get(tab)).body, /Dismissal without notice/)
      assert.match((await psd.get(`/authority/${investigation.id}`)).body, /You have completed 2 of 2 responses\./)
    })
  })
}
