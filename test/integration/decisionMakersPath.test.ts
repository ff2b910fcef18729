/**
 * The decision maker's path from a report just submitted, with the subject states the demo really
 * has (issue 16): subjects assessed but never served a notice ("identified"). The determination
 * that finds no case to answer carries them to "opinion given"; a case to answer is refused with its
 * next step, on the determination's own page so the error summary's link reaches its field (ADR 0028);
 * then approval.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, startedInvestigation, type Team } from '../support/investigations.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email

for (const kind of DATABASE_KINDS) {
  describe(`the decision maker's path (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('takes a submitted report on unserved subjects to approval without a dead end', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const subjects = []
      for (const [given, severity] of [
        ['Ian', 'misconduct'],
        ['Megan', 'neither'],
      ] as const) {
        const { subject } = await t.services.subjects.add(
          investigation.id,
          {
            givenName: given,
            familyName: 'Carne',
            warrantNumber: `DM${kind}${given}`,
            kind: 'police_officer',
            rank: 'constable',
            roleAtTime: 'Response officer',
          },
          team.investigator,
        )
        await t.services.subjects.addAllegation(
          subject.id,
          { description: 'Did not link the deaths', standards: ['duties_and_responsibilities'] },
          team.investigator,
        )
        await t.services.subjects.assessSeverity(
          subject.id,
          { severity, rationale: 'On the evidence so far', assessedOn: '2026-03-10' },
          team.investigator,
        )
        subjects.push(subject)
      }
      const investigator = new Client(t.app)
      await investigator.signIn(await emailOf(t, team.investigator.userId))
      const dm = new Client(t.app)
      await dm.signIn(await emailOf(t, team.decisionMaker.userId))
      const tab = `/investigations/${investigation.id}/report`
      const draft = {
        version: '0',
        summary: 'The force failed to link the deaths.',
        termsOfReference: 'To investigate.',
        evidenceAnalysis: 'The log.',
        learning: 'Link deaths.',
      }
      assert.equal((await investigator.postForm(tab, draft)).statusCode, 303)
      const versionOf = (body: string, form: string) =>
        new RegExp(`action="[^"]*/${form}"[\\s\\S]*?name="version" value="(\\d+)"`).exec(body)?.[1]
      // Submitting moves the case into the report stage, which the lifecycle allows only once every
      // subject has been served a notice: the investigator is told so, naming the next step, rather
      // than the decision maker meeting a dead end later. The task list says it first ("Cannot
      // start yet", with the guard's words) and offers no button; a submission sent anyway is refused.
      const waiting = (await investigator.get(`${tab}/submit`)).body
      assert.equal(versionOf(waiting, 'submission'), undefined, 'no submission is offered yet')
      assert.match(waiting, /Every subject must be served a notice of investigation before the report is drafted/)
      const submission = versionOf((await investigator.get(`${tab}/sections/summary`)).body, 'sections/summary')
      assert.ok(submission, 'the report’s version is on its section pages')
      const early = await investigator.postForm(`${tab}/submission`, { version: submission }, tab)
      assert.equal(early.statusCode, 400)
      assert.match(early.body, /Every subject must be served a notice of investigation before the report is drafted/)
      // Ian (misconduct) is served his notice; Megan (neither) is served none, as none may be.
      for (const subject of [subjects[0]!]) {
        const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
        await t.services.subjects.updateNotice(
          notice.id,
          { servedOn: '2026-03-12', serviceMethod: 'in_person' },
          notice.version,
          team.investigator,
        )
      }
      const again = versionOf((await investigator.get(`${tab}/submit`)).body, 'submission')
      assert.ok(again, 'the investigator is offered the submission again')
      const submitted = await investigator.postForm(`${tab}/submission`, { version: again }, tab)
      assert.equal(submitted.statusCode, 303, submitted.body.match(/govuk-error-summary[\s\S]{0,800}/)?.[0])

      const [ian, megan] = subjects
      // A determination with an error keeps its form open and reachable from the error summary.
      const refused = await dm.postForm(
        `${tab}/determinations/${ian!.id}`,
        { version: '0', determination: 'case_to_answer_misconduct', rationale: '', cpsReferral: 'no' },
        tab,
      )
      assert.equal(refused.statusCode, 400)
      assert.match(refused.body, /govuk-error-summary/)
      assert.match(refused.body, new RegExp(`action="${tab}/determinations/${ian!.id}"`), 'the form is there')
      // Every link of the error summary reaches a field of this page (the old collapsed section hid them).
      const links = [...refused.body.matchAll(/govuk-error-summary__list[\s\S]*?<\/ul>/g)]
        .flatMap((m) => [...m[0].matchAll(/href="#([^"]+)"/g)])
        .map((m) => m[1]!)
      assert.ok(links.length >= 1, 'the summary links to the problem')
      for (const id of links) assert.match(refused.body, new RegExp(`<(input|textarea|select)[^>]*id="${id}"`), id)
      assert.doesNotMatch(refused.body, /<details/, 'no collapsed section')

      for (const subject of [ian!, megan!]) {
        const saved = await dm.postForm(
          `${tab}/determinations/${subject.id}`,
          { version: '0', determination: 'no_case_to_answer', rationale: 'Not proved', cpsReferral: 'no' },
          tab,
        )
        assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500))
        assert.match((await dm.get(String(saved.headers.location))).body, /The determination has been recorded/)
      }
      const before = (await dm.get(`${tab}/decision`)).body
      const version = versionOf(before, 'approval')
      assert.ok(version, 'the decision maker is offered the approval')
      const approved = await dm.postForm(`${tab}/approval`, { version }, tab)
      assert.equal(approved.statusCode, 303, approved.body.slice(0, 1500))
      const page = await dm.get(String(approved.headers.location))
      assert.match(page.body, /The report has been approved/)
      assert.match(page.body, /data-testid="report-status">Approved</)
    })
  })
}
