/**
 * Timeliness notices (reg 19) end to end in Chromium: the lead investigator completes a draft,
 * approves it, records it sent to the local policing body and records a copy withheld from a
 * subject on a harm-test ground. Every page, with and without errors, passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { TEST_PASSWORD } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { makeTeam, openInvestigation } from '../support/investigations.js'
import { BasePage } from './pages/BasePage.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

describe('timeliness notices', () => {
  const harness = useE2eHarness()

  test('the lead investigator completes, approves and sends a notice and records its copies', async () => {
    const { services, database } = harness.server
    const team = await makeTeam(services)
    const { investigation } = await openInvestigation(services, team, { title: 'A long-running investigation' })
    await addInterestedPerson(database.db, investigation.id, { name: 'Sam Family' })
    await services.subjects.add(
      investigation.id,
      { givenName: 'Lee', familyName: 'Poe', warrantNumber: 'E2ETN1', kind: 'police_officer', rank: 'constable' },
      team.investigator,
    )
    const [notice] = await services.timeliness.draftDueTimelinessNotices(investigation.id, '2027-02-27')
    assert.ok(notice)
    const leadEmail = (
      await database.db.selectFrom('users').select('email').where('id', '=', team.lead.userId).executeTakeFirstOrThrow()
    ).email

    const page = await harness.newPage()
    await signIn(page, { email: leadEmail, password: TEST_PASSWORD })
    const p = new BasePage(page)
    await page.goto(`/investigations/${investigation.id}/families`)
    await p.clickAndWait(page.getByRole('link', { name: 'Period 1' }))
    assert.equal(await p.heading(), 'Notice for period 1')
    await p.expectAccessible()

    await p.clickAndWait(page.getByRole('button', { name: 'Edit the draft' }))
    assert.equal(await p.heading(), 'Edit the draft')
    await p.expectAccessible()
    await page.getByLabel('Progress of the investigation').fill('Witness interviews complete')
    await page.getByLabel('Reason for the time taken').fill('Awaiting expert evidence')
    await page.getByLabel('Planned steps').fill('Draft the report')
    const conclusion = page.getByRole('group', { name: 'Estimated date the investigation will conclude' })
    await conclusion.getByLabel('Day').fill('30')
    await conclusion.getByLabel('Month').fill('13')
    await conclusion.getByLabel('Year').fill('2027')
    const submission = page.getByRole('group', { name: 'Estimated date the report will be submitted' })
    await submission.getByLabel('Day').fill('31')
    await submission.getByLabel('Month').fill('7')
    await submission.getByLabel('Year').fill('2027')
    await p.clickAndWait(page.getByRole('button', { name: 'Save the draft' }))
    assert.deepEqual(await p.errorSummaryItems(), ['The estimated date of conclusion must be a real date'])
    await p.expectAccessible()
    await conclusion.getByLabel('Month').fill('6')
    await p.clickAndWait(page.getByRole('button', { name: 'Save the draft' }))
    assert.equal(await p.heading(), 'Notice for period 1')

    await p.clickAndWait(page.getByRole('button', { name: 'Approve, send or withhold' }))
    assert.equal(await p.heading(), 'What do you want to do with the notice?')
    await p.expectAccessible()
    await p.clickAndWait(page.getByRole('button', { name: 'Continue' }))
    assert.deepEqual(await p.errorSummaryItems(), ['Choose what to do with the notice'])
    await p.expectAccessible()
    await page.getByLabel('Withhold the notice').check()
    await p.expectAccessible()
    await page.getByLabel('Approve the notice').check()
    await p.clickAndWait(page.getByRole('button', { name: 'Continue' }))
    assert.match(await page.getByTestId('notice-status').innerText(), /Approved/)

    await p.clickAndWait(page.getByRole('button', { name: 'Approve, send or withhold' }))
    await page.getByLabel('Record it as sent to the local policing body').check()
    const sentOn = page.getByRole('group', { name: 'Date sent to the local policing body' })
    await sentOn.getByLabel('Day').fill('1')
    await sentOn.getByLabel('Month').fill('11')
    await sentOn.getByLabel('Year').fill('2026')
    await p.expectAccessible()
    await p.clickAndWait(page.getByRole('button', { name: 'Continue' }))
    assert.match(await page.getByTestId('notice-status').innerText(), /Sent to the local policing body/)

    await p.clickAndWait(page.getByRole('button', { name: 'Record a copy' }))
    assert.equal(await p.heading(), 'Record a copy')
    await p.expectAccessible()
    await page.getByLabel(/Lee Poe/).check()
    await page.getByLabel('Withheld under the harm test').check()
    await p.clickAndWait(page.getByRole('button', { name: 'Record the copy' }))
    assert.deepEqual(await p.errorSummaryItems(), ['Choose the ground on which the copy is withheld'])
    await p.expectAccessible()
    await page.getByLabel('Harm-test ground').selectOption('prejudice_to_investigation')
    await p.clickAndWait(page.getByRole('button', { name: 'Record the copy' }))
    assert.match(
      await page.getByTestId('notice-copies').innerText(),
      /Lee Poe[\s\S]*Withheld[\s\S]*Prejudice to this or another investigation/,
    )
    await p.expectAccessible()
  })
})
