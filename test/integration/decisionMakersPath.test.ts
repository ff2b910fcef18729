/**
 * The decision maker's path from a report just submitted, with the subject states the demo really
 * has (issue 16): subjects assessed but never served a notice ("identified"). The determination
 * that finds no case to answer carries them to "opinion given"; a case to answer is refused with its
 * next step, in a form that stays open so the error summary's link reaches it; then approval.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

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
      const { investigation } = await openInvestigation(t.services, team)
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
      const submission = versionOf((await investigator.get(tab)).body, 'submission')
      assert.ok(submission, 'the investigator is offered the submission')
      assert.equal((await investigator.postForm(`${tab}/submission`, { version: submission }, tab)).statusCode, 303)

      const [ian, megan] = subjects
      const refused = await dm.postForm(
        `${tab}/determinations/${ian!.id}`,
        { version: '0', determination: 'case_to_answer_misconduct', rationale: 'Failed to link', cpsReferral: 'no' },
        tab,
      )
      assert.equal(refused.statusCode, 400)
      assert.match(refused.body, /notice of investigation served on the subject first/)
      assert.match(
        refused.body,
        new RegExp(`<a href="#determination-form-${ian!.id}">`),
        'the summary links to the form',
      )
      assert.match(refused.body, new RegExp(`id="determination-form-${ian!.id}"`), 'and the form is there')
      assert.match(refused.body, /<details class="govuk-details" open>/, 'its section stays open')

      for (const subject of [ian!, megan!]) {
        const saved = await dm.postForm(
          `${tab}/determinations/${subject.id}`,
          { version: '0', determination: 'no_case_to_answer', rationale: 'Not proved', cpsReferral: 'no' },
          tab,
        )
        assert.equal(saved.statusCode, 303, saved.body.slice(0, 1500))
        assert.match((await dm.get(String(saved.headers.location))).body, /The determination has been recorded/)
      }
      const before = (await dm.get(tab)).body
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
