/**
 * Validate everything at once, as a class: each form below, posted empty, answers one 400 page
 * whose one GOV.UK error summary links to every required field of the form — not the dates first
 * and the rest only once the dates are mended. The forms are the ones that read some fields
 * themselves (dates, choices) before the service's schema reads the rest, where staged validation
 * can creep in; each route must still be a registered form route.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addSubject } from '../support/chronologyEvidence.js'

interface EmptyForm {
  /** The form's page, whose CSRF token the post carries. */
  page: string
  /** Where it posts. */
  action: string
  /** Every field a person must fill in (the error summary's links, without '#'). */
  required: string[]
  who: 'investigator' | 'lead' | 'caseWorker'
}

function summaryLinks(body: string): string[] {
  const summaries = body.match(/class="govuk-error-summary"/g) ?? []
  assert.equal(summaries.length, 1, 'one error summary')
  return [...body.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]!)
}

for (const kind of DATABASE_KINDS) {
  describe(`an empty form shows every error at once (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('lists an error for every required field of each form, in one summary', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subjectId = await addSubject(t, investigation.id)
      const c = `/investigations/${investigation.id}`
      const forms: EmptyForm[] = [
        {
          page: `${c}/families/updates/new`,
          action: `${c}/families/updates/new`,
          required: ['givenOn', 'channel', 'interestedPersonIds', 'summary'],
          who: 'caseWorker',
        },
        {
          page: `${c}/families/meetings/new`,
          action: `${c}/families/meetings/new`,
          required: ['heldOn', 'attendees'],
          who: 'caseWorker',
        },
        {
          page: `${c}/families/persons/new`,
          action: `${c}/families/persons/new`,
          required: ['fullName', 'kind', 'consentToBeKeptInformed', 'becameInterestedOn', 'preferredChannel'],
          who: 'caseWorker',
        },
        {
          page: `${c}/chronology/new`,
          action: `${c}/chronology`,
          required: ['occurredOn', 'kind', 'title'],
          who: 'investigator',
        },
        {
          page: `${c}/subjects/${subjectId}/interviews`,
          action: `${c}/subjects/${subjectId}/interviews`,
          required: ['heldOn'],
          who: 'investigator',
        },
        {
          page: `${c}/actions/new`,
          action: `${c}/actions`,
          required: ['title', 'priority'],
          who: 'investigator',
        },
        {
          page: `${c}/proceedings`,
          action: `${c}/proceedings`,
          required: ['kind'],
          who: 'lead',
        },
      ]
      const clients = {} as Record<EmptyForm['who'], Client>
      for (const who of ['investigator', 'lead', 'caseWorker'] as const) {
        const email = (
          await t.database.db
            .selectFrom('users')
            .select('email')
            .where('id', '=', team[who].userId)
            .executeTakeFirstOrThrow()
        ).email
        clients[who] = new Client(t.app)
        await clients[who].signIn(email)
      }
      const missing: string[] = []
      for (const form of forms) {
        const response = await clients[form.who].postForm(form.action, {}, form.page)
        assert.equal(response.statusCode, 400, `${form.action}: ${response.body.slice(0, 500)}`)
        const links = summaryLinks(response.body)
        // A date's link goes to the date input (its id, or its day field).
        const named = (field: string) => links.includes(field) || links.includes(`${field}-day`)
        for (const field of form.required.filter((f) => !named(f)))
          missing.push(`${form.action.replace(c, '…')}: ${field} (the summary names ${links.join(', ')})`)
      }
      assert.deepEqual(missing, [], 'every required field is in the one error summary')
    })
  })
}
