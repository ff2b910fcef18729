/**
 * An investigator's day (issue 13), in the browser with axe on every page visited: the lead raises
 * an action and allocates it; the investigator finds it on "My work", adds a witness (and corrects
 * their contact details from the summary list's "Change" link), records the witness's statement,
 * and results the action with it, after which it is no longer owed; the lead records a decision,
 * signs it, supersedes it with a signed entry that says why, and downloads the log as a PDF, which
 * holds both entries, in the order they were made.
 */
import assert from 'node:assert/strict'
import { readFile } from 'node:fs/promises'
import { describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { addCalendarDays, londonDateOf } from '../../src/domain/calendar.js'
import { TEST_PASSWORD } from '../support/app.js'
import { contextFor, openInvestigation, type Team } from '../support/investigations.js'
import { pdfText } from '../support/pdf.js'
import { BasePage } from './pages/BasePage.js'
import type { HomePage } from './pages/HomePage.js'
import { screenshot, useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

/** A page of the service as it now stands: checked with axe (and for broken assets) on arrival. */
async function arrived(page: Page, heading: RegExp | string): Promise<BasePage> {
  const shown = new BasePage(page)
  const h1 = await shown.heading()
  if (typeof heading === 'string') assert.equal(h1, heading, `on ${page.url()}`)
  else assert.match(h1, heading, `on ${page.url()}`)
  await shown.expectAccessible()
  return shown
}

/** Follows a link or presses a button (by its visible name; a GOV.UK link-styled button is either) and waits for the next page. */
async function go(page: Page, name: string | RegExp): Promise<void> {
  const options = { name, exact: typeof name === 'string' }
  const target = page.getByRole('link', options).or(page.getByRole('button', options)).first()
  await new BasePage(page).clickAndWait(target)
}

async function banner(page: Page): Promise<string> {
  return (await page.getByTestId('confirmation').locator('.govuk-notification-banner__heading').innerText()).trim()
}

async function fillDate(page: Page, name: string, date: string): Promise<void> {
  const [year, month, day] = date.split('-')
  await page.locator(`#${name}-day`).fill(String(Number(day)))
  await page.locator(`#${name}-month`).fill(String(Number(month)))
  await page.locator(`#${name}-year`).fill(year!)
}

describe('running an investigation day to day', () => {
  const harness = useE2eHarness()

  test('raise, allocate and result an action with a statement; My work; record, sign, supersede and export a decision', async () => {
    const services = harness.server.services
    const person = (name: string, roles: Parameters<typeof contextFor>[2]) =>
      contextFor(services, `${name}@daily.candour.test`, roles)
    const team: Team = {
      lead: await person('lead', ['lead_investigator']),
      investigator: await person('investigator', ['investigator']),
      decisionMaker: await person('decider', ['decision_maker']),
      caseWorker: await person('case-worker', ['case_worker']),
      outsider: await person('outsider', ['investigator']),
    }
    const { investigation } = await openInvestigation(services, team, { title: 'Death after a 999 call in Northtown' })
    const caseUrl = `/investigations/${investigation.id}`
    const yesterday = addCalendarDays(londonDateOf(new Date()), -1)

    // The lead raises an action and allocates it to the investigator.
    const lead = await harness.newPage()
    await signIn(lead, { email: 'lead@daily.candour.test', password: TEST_PASSWORD })
    await lead.goto(`${caseUrl}/actions`)
    await arrived(lead, /Actions|Lines of enquiry/)
    await go(lead, 'Raise an action')
    await arrived(lead, 'Raise an action')
    await lead.locator('#title').fill('Trace and interview the 999 call handler')
    await lead.locator('#description').fill('Who took the call at 23:02, and what they were told.')
    await lead.getByLabel('High').check()
    await go(lead, 'Raise action')
    await arrived(lead, 'Trace and interview the 999 call handler')
    assert.equal(await banner(lead), 'Action raised')
    assert.equal((await lead.getByTestId('action-status').innerText()).trim(), 'Raised')
    const actionUrl = new URL(lead.url()).pathname
    await go(lead, 'Allocate')
    await arrived(lead, 'Who is the action allocated to?')
    await lead.locator(`input[name="allocatedTo"][value="${team.investigator.userId}"]`).check()
    await go(lead, 'Allocate')
    await arrived(lead, 'Trace and interview the 999 call handler')
    assert.equal((await lead.getByTestId('action-status').innerText()).trim(), 'Allocated')

    // The investigator finds it on "My work", on the home page and in full.
    const investigator = await harness.newPage()
    const home: HomePage = await signIn(investigator, {
      email: 'investigator@daily.candour.test',
      password: TEST_PASSWORD,
    })
    await home.expectAccessible()
    const myWork = investigator.getByTestId('my-work')
    assert.match(
      await myWork.innerText(),
      /A1[\s\S]*Trace and interview the 999 call handler[\s\S]*High[\s\S]*Allocated/,
    )
    await investigator.goto('/my-work')
    await arrived(investigator, 'My work')
    assert.match(await investigator.getByTestId('my-work').innerText(), /Trace and interview the 999 call handler/)

    // On the way: the witness (corrected from the summary list) and their statement.
    await investigator.goto(`${caseUrl}/witnesses`)
    await arrived(investigator, 'Witnesses and statements')
    await go(investigator, 'Add a witness')
    await arrived(investigator, 'Add a witness')
    await investigator.locator('input[name="kind"][value="police"]').check()
    await investigator.locator('#fullName').fill('Sam Handler')
    await investigator.locator('#roleInEvents').fill('Took the 999 call at 23:02')
    await investigator.locator('#phone').fill('01632 960000')
    await go(investigator, 'Add witness')
    await arrived(investigator, 'Sam Handler')
    assert.equal(await banner(investigator), 'Witness added')
    await go(investigator, /Change\s*email/)
    await arrived(investigator, 'Change the witness’s contact details')
    await investigator.locator('#email').fill('sam.handler@northshire.police.test')
    await go(investigator, 'Save changes')
    await arrived(investigator, 'Sam Handler')
    assert.equal(await banner(investigator), 'Witness’s details changed')
    assert.match(await investigator.getByTestId('witness-contact').innerText(), /sam\.handler@northshire\.police\.test/)
    await go(investigator, 'Record a statement from W1')
    await arrived(investigator, 'Record a statement')
    await fillDate(investigator, 'takenAt', yesterday)
    await investigator.locator('#takenTime').fill('10:30')
    await investigator.locator('#place').fill('Northshire control room')
    await investigator.locator('#summary').fill('The caller said the man had stopped breathing.')
    await investigator.getByLabel('No, not yet').check()
    await go(investigator, 'Record statement')
    await arrived(investigator, 'Statement of Sam Handler')
    assert.equal(await banner(investigator), 'Statement recorded')

    // The investigator results the action with the statement; it is no longer owed.
    await investigator.goto(actionUrl)
    await arrived(investigator, 'Trace and interview the 999 call handler')
    await go(investigator, 'Record the result')
    await arrived(investigator, 'Record the result')
    await investigator.locator('#result').fill('Call handler traced and interviewed; statement S1 taken.')
    const statementBox = investigator.locator('input[name="statementIds"]')
    assert.equal(await statementBox.count(), 1, 'the statement is offered')
    assert.match(await investigator.locator('label[for="statementIds"]').innerText(), /S1.*Sam Handler/)
    await statementBox.check()
    await go(investigator, 'Save result')
    await arrived(investigator, 'Trace and interview the 999 call handler')
    assert.equal(await banner(investigator), 'Result recorded')
    assert.equal((await investigator.getByTestId('action-status').innerText()).trim(), 'Resulted')
    assert.match(await investigator.getByTestId('action-details').innerText(), /1 statements/)
    await investigator.goto('/my-work')
    await arrived(investigator, 'My work')
    assert.doesNotMatch(await investigator.locator('main').innerText(), /Trace and interview the 999 call handler/)
    await screenshot(investigator, 'daily-work-my-work')

    // The lead records a decision, signs it, and supersedes it with a signed entry that says why.
    await lead.goto(`${caseUrl}/decisions`)
    await arrived(lead, 'Decision log')
    await go(lead, 'Record a decision')
    await arrived(lead, 'Record a decision')
    await lead.getByLabel('Not to interview').check()
    await lead.locator('#decision').fill('Not to interview the second call handler.')
    await lead.locator('#optionsConsidered').fill('Interview both handlers; interview the first only.')
    await lead.locator('#rationale').fill('The second handler only transferred the call.')
    await go(lead, 'Save as draft')
    await arrived(lead, 'Not to interview')
    assert.match(await lead.getByTestId('decision-state').innerText(), /Draft/)
    await go(lead, 'Sign this entry')
    await arrived(lead, 'Not to interview')
    assert.match(await lead.getByTestId('decision-state').innerText(), /Signed/)
    const firstUrl = new URL(lead.url()).pathname
    await go(lead, 'Supersede this entry')
    await arrived(lead, /^Supersede D1$/)
    await lead.locator('#supersessionReason').fill('The call log shows the second handler spoke to the caller.')
    await lead.getByLabel('Not to interview').check()
    await lead.locator('#decision').fill('To interview the second call handler after all.')
    await lead.locator('#optionsConsidered').fill('Interview now; wait for the call recording.')
    await lead.locator('#rationale').fill('The second handler gave first-aid advice on the call.')
    await go(lead, 'Save as draft')
    await arrived(lead, 'Not to interview')
    await go(lead, 'Sign this entry')
    await arrived(lead, 'Not to interview')
    assert.match(await lead.getByTestId('decision-state').innerText(), /Signed/)
    await lead.goto(firstUrl)
    await arrived(lead, 'Not to interview')
    assert.match(await lead.getByTestId('decision-state').innerText(), /Superseded by D2/)

    // The log exports as a PDF with both entries, in the order they were made.
    await lead.goto(`${caseUrl}/decisions`)
    await arrived(lead, 'Decision log')
    const [download] = await Promise.all([lead.waitForEvent('download'), lead.getByTestId('export-log').click()])
    assert.match(download.suggestedFilename(), /^decision-log-.*\.pdf$/)
    const text = await pdfText(await readFile((await download.path())!))
    const first = text.indexOf('Not to interview the second call handler.')
    const second = text.indexOf('To interview the second call handler after all.')
    assert.ok(first >= 0, 'the superseded entry is in the log')
    assert.ok(second > first, 'the superseding entry comes after it')
    assert.match(text, /The call log shows the second handler spoke to the caller\./, 'with why it superseded')
  })
})
