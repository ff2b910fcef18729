/**
 * Publication in the browser: a report approved through the services; the investigator marks a
 * junior officer's name for redaction on the Publication tab; the decision maker releases it to
 * the public site at once; a member of the public, not signed in, finds it on /publications,
 * reads the redacted report (the name is gone, the marker is there) and gets a plain 404 for an
 * id that is not published. Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { uuidv7 } from 'uuidv7'
import { TEST_PASSWORD } from '../support/app.js'
import { contextFor, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'
import { expectAccessible } from './support/accessibility.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

describe('publication', () => {
  const harness = useE2eHarness()

  test('redact on the Publication tab, release, and read it on the public site', async () => {
    const services = harness.server.services
    const person = (name: string, roles: Parameters<typeof contextFor>[2]) =>
      contextFor(services, `${name}@publication.candour.test`, roles)
    const team: Team = {
      lead: await person('lead', ['lead_investigator']),
      investigator: await person('investigator', ['investigator']),
      decisionMaker: await person('decider', ['decision_maker']),
      caseWorker: await person('case-worker', ['case_worker']),
      outsider: await person('outsider', ['investigator']),
    }
    const { investigation } = await approvedReportCase(harness.server, team, [
      { givenName: 'Robin', familyName: 'Juniorofficer', determination: 'no_case_to_answer' },
    ])
    const who = (name: string) => ({ email: `${name}@publication.candour.test`, password: TEST_PASSWORD })

    const investigatorPage = await harness.newPage()
    await signIn(investigatorPage, who('investigator'))
    await investigatorPage.goto(`/investigations/${investigation.id}/publication`)
    await expectAccessible(investigatorPage)
    await investigatorPage.getByLabel('Where').selectOption('*')
    await investigatorPage.getByLabel('Exact text to remove').fill('Robin Juniorofficer')
    await investigatorPage.getByLabel('Name of a junior officer').check()
    await investigatorPage.getByRole('button', { name: 'Mark redaction' }).click()
    await investigatorPage.waitForURL(/\/publication$/)
    assert.match(await investigatorPage.getByTestId('redactions').innerText(), /Robin Juniorofficer/)
    await expectAccessible(investigatorPage)

    const dmPage = await harness.newPage()
    await signIn(dmPage, who('decider'))
    await dmPage.goto(`/investigations/${investigation.id}/publication`)
    await dmPage.getByLabel('Summary for the public site').fill('The force did not link the deaths.')
    await dmPage.getByLabel('Custody').check()
    await dmPage.getByLabel('Now, straight after the interested persons').check()
    await dmPage.getByRole('button', { name: 'Release the report' }).click()
    await dmPage.waitForURL(/\/publication$/)
    assert.match(await dmPage.getByTestId('publication-status').innerText(), /On the public site/)
    await expectAccessible(dmPage)

    const publicPage = await harness.newPage()
    await publicPage.goto('/publications')
    await expectAccessible(publicPage)
    await publicPage.getByRole('link', { name: investigation.title }).first().click()
    await expectAccessible(publicPage)
    const report = await publicPage.getByTestId('published-report').innerText()
    assert.ok(!report.includes('Juniorofficer'))
    assert.match(report, /\[redacted: name of a junior officer\]/)
    const missing = await publicPage.goto(`/publications/${uuidv7()}`)
    assert.equal(missing?.status(), 404)
    await expectAccessible(publicPage)
  })
})
