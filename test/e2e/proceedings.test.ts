/**
 * Linked proceedings, publication holds and re-investigation in the browser. A report approved
 * and an inquest that concluded are set up through the services; then the lead investigator
 * records the High Court quashing the inquest and ordering it afresh, and the hold shows on the
 * Proceedings tab and the case overview; the decision maker's release is refused with a message
 * naming the hold; the fresh inquest concludes and the hold lifts; the investigator redacts a
 * junior officer's name; the decision maker releases the report to the public site at once; the
 * family's e-mail is queued; a member of the public reads it on /publications; once the case is
 * closed, new information heard at the inquest leads the lead investigator to propose a
 * re-investigation, the decision maker approves it and the new case is linked from the old.
 * Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { Page } from 'playwright-core'
import { londonDateOf } from '../../src/domain/calendar.js'
import { TEST_PASSWORD } from '../support/app.js'
import { contextFor, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'
import { expectAccessible } from './support/accessibility.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

const INQUEST = 'Inquest into the death of Jordan Penrose'

/** Records the proceeding's next status on its page, with the date and (for a conclusion) what was concluded. */
async function recordStatus(page: Page, status: string, on: string, conclusion?: string): Promise<void> {
  await page.getByText('Record what happened next').click()
  await page.getByLabel(status, { exact: true }).check()
  const [year, month, day] = on.split('-')
  await page.locator('#on-day').fill(String(Number(day)))
  await page.locator('#on-month').fill(String(Number(month)))
  await page.locator('#on-year').fill(year!)
  if (conclusion) await page.getByLabel('Conclusion (when an inquest concludes)').fill(conclusion)
  await page.getByRole('button', { name: 'Record', exact: true }).click()
  await page.waitForLoadState()
  assert.equal(
    await page.locator('.govuk-error-summary').count(),
    0,
    `recording “${status}” failed: ${await page.locator('main').innerText()}`,
  )
}

describe('proceedings', () => {
  const harness = useE2eHarness()

  test('quashed inquest holds publication; the fresh inquest concludes, the report is redacted and published, and the closed case is re-investigated', async () => {
    const services = harness.server.services
    const person = (name: string, roles: Parameters<typeof contextFor>[2]) =>
      contextFor(services, `${name}@proceedings.candour.test`, roles)
    const team: Team = {
      lead: await person('lead', ['lead_investigator']),
      investigator: await person('investigator', ['investigator']),
      decisionMaker: await person('decider', ['decision_maker']),
      caseWorker: await person('case-worker', ['case_worker']),
      outsider: await person('outsider', ['investigator']),
    }
    const who = (name: string) => ({ email: `${name}@proceedings.candour.test`, password: TEST_PASSWORD })
    const psd = await contextFor(services, 'psd@proceedings.candour.test', ['appropriate_authority'], 'NORTHSHIRE')
    const { investigation, subjects } = await approvedReportCase(harness.server, team, [
      { givenName: 'Robin', familyName: 'Juniorofficer', determination: 'no_case_to_answer' },
    ])
    await services.families.addPerson(
      investigation.id,
      {
        fullName: 'Alice Penrose',
        kind: 'bereaved_family',
        relationship: 'Mother',
        consentToBeKeptInformed: true,
        consentRecordedOn: '2026-03-10',
        becameInterestedOn: '2026-03-09',
        preferredChannel: 'email',
        email: 'alice.penrose@example.org',
      },
      team.caseWorker,
    )
    // The first inquest, opened and concluded, before the High Court quashes it.
    const { proceeding } = await services.linkedProceedings.create(
      investigation.id,
      { kind: 'inquest', title: INQUEST, court: 'Northshire Coroner’s Court', openedOn: '2026-03-04' },
      team.investigator,
    )
    await services.linkedProceedings.changeStatus(
      proceeding.id,
      { status: 'concluded', on: '2026-04-20', conclusion: 'Open conclusion' },
      proceeding.version,
      team.lead,
    )
    const base = `/investigations/${investigation.id}`

    // The High Court quashes the inquest and orders it afresh: publication is held again.
    const leadPage = await harness.newPage()
    await signIn(leadPage, who('lead'))
    await leadPage.goto(`${base}/proceedings/${proceeding.id}`)
    await expectAccessible(leadPage)
    // Each of the proceeding's forms is a page of its own.
    for (const form of ['status', 'events', 'parties', 'documents', 'pfd-reports']) {
      await leadPage.goto(`${base}/proceedings/${proceeding.id}/${form}`)
      assert.equal(await leadPage.locator('main form[method="post"]').count(), 1, form)
      await expectAccessible(leadPage)
    }
    await leadPage.goto(`${base}/proceedings/${proceeding.id}`)
    await recordStatus(leadPage, 'Quashed by the High Court', '2026-06-05')
    await recordStatus(leadPage, 'Fresh inquest ordered', '2026-06-05')
    await expectAccessible(leadPage)
    await leadPage.goto(`${base}/proceedings`)
    const holds = await leadPage.locator('#holds ~ .govuk-summary-card').first().innerText()
    assert.match(holds, new RegExp(INQUEST))
    assert.match(holds, /concludes/)
    await expectAccessible(leadPage)
    await leadPage.goto(base)
    const notice = await leadPage.getByTestId('publication-holds').innerText()
    assert.match(notice, /Publication held/)
    assert.match(notice, new RegExp(INQUEST))
    await expectAccessible(leadPage)

    // The decision maker cannot release the report while the hold is in force.
    const dmPage = await harness.newPage()
    await signIn(dmPage, who('decider'))
    await dmPage.goto(`${base}/publication`)
    await expectAccessible(dmPage)
    await dmPage.getByLabel('Summary for the public site').fill('The force did not call an ambulance in time.')
    await dmPage.getByLabel('Custody').check()
    await dmPage.getByLabel('Now, straight after the interested persons').check()
    await dmPage.getByRole('button', { name: 'Release the report' }).click()
    const refusal = await dmPage.locator('.govuk-error-summary').innerText()
    assert.match(refusal, /cannot be published while a publication hold is in force/)
    assert.match(refusal, new RegExp(INQUEST))
    await expectAccessible(dmPage)

    // The fresh inquest concludes: the hold lifts.
    await leadPage.goto(`${base}/proceedings/${proceeding.id}`)
    await recordStatus(leadPage, 'Concluded', londonDateOf(new Date()), 'Neglect contributed to the death')
    await leadPage.goto(`${base}/proceedings`)
    assert.match(await leadPage.locator('main').innerText(), /No publication hold remains/)
    await expectAccessible(leadPage)
    await leadPage.goto(base)
    assert.equal(await leadPage.getByTestId('publication-holds').count(), 0)

    // The investigator redacts the junior officer's name.
    const investigatorPage = await harness.newPage()
    await signIn(investigatorPage, who('investigator'))
    await investigatorPage.goto(`${base}/publication`)
    await investigatorPage.getByLabel('Where').selectOption('*')
    await investigatorPage.getByLabel('Exact text to remove').fill('Robin Juniorofficer')
    await investigatorPage.getByLabel('Name of a junior officer').check()
    await investigatorPage.getByRole('button', { name: 'Mark redaction' }).click()
    await investigatorPage.waitForURL(/\/publication$/)
    assert.match(await investigatorPage.getByTestId('redactions').innerText(), /Robin Juniorofficer/)
    await expectAccessible(investigatorPage)

    // The decision maker releases it: to the family first, then the public site at once.
    await dmPage.goto(`${base}/publication`)
    assert.match(await dmPage.locator('main').innerText(), /No publication hold is in force/)
    await dmPage.getByLabel('Summary for the public site').fill('The force did not call an ambulance in time.')
    await dmPage.getByLabel('Custody').check()
    await dmPage.getByLabel('Now, straight after the interested persons').check()
    await dmPage.getByRole('button', { name: 'Release the report' }).click()
    await dmPage.waitForURL(/\/publication$/)
    assert.match(await dmPage.getByTestId('publication-status').innerText(), /On the public site/)
    await expectAccessible(dmPage)

    // The family is told: an e-mail to the interested person is queued.
    const emails = await harness.server.database.db
      .selectFrom('outbound_emails')
      .select(['to_address', 'subject'])
      .where('investigation_id', '=', investigation.id)
      .execute()
    const toFamily = emails.find((e) => e.to_address === 'alice.penrose@example.org')
    assert.ok(toFamily, `no e-mail to the family among ${JSON.stringify(emails)}`)
    assert.match(toFamily.subject, /has been released to you/)

    // The public page shows it, without the junior officer's name.
    const publicPage = await harness.newPage()
    await publicPage.goto('/publications')
    await expectAccessible(publicPage)
    await publicPage.getByRole('link', { name: investigation.title }).first().click()
    const report = await publicPage.getByTestId('published-report').innerText()
    assert.ok(!report.includes('Juniorofficer'))
    assert.match(report, /\[redacted: name of a junior officer\]/)
    await expectAccessible(publicPage)

    // The case is closed; later, new evidence heard at the fresh inquest: re-investigation.
    let current = await services.investigations.header(investigation.id, team.lead)
    const today = londonDateOf(new Date())
    const sent = await services.outcomes.sendReport(
      investigation.id,
      { sentOn: today },
      current.investigation.version,
      team.decisionMaker,
    )
    await services.outcomes.recordResponse(
      subjects[0]!.id,
      { agrees: true, proposedProceedings: 'none', reasons: 'No case to answer: no proceedings.', respondedOn: today },
      psd,
    )
    await services.outcomes.recordProceeding(
      subjects[0]!.id,
      { kind: 'none', outcome: 'no_action', outcomeOn: today },
      team.lead,
    )
    await services.investigations.changeStatus(investigation.id, 'closed', {}, sent.investigation.version, team.lead)
    current = await services.investigations.header(investigation.id, team.lead)
    assert.equal(current.investigation.status, 'closed')

    await leadPage.goto(`${base}/proceedings`)
    await leadPage.getByText('Propose a re-investigation').click()
    await leadPage.getByLabel('There is significant new information').check()
    await leadPage
      .getByLabel('What was flawed, or what the new information is')
      .fill('A paramedic told the fresh inquest that an officer cancelled the ambulance.')
    await leadPage.getByRole('button', { name: 'Propose the re-investigation' }).click()
    await leadPage.waitForLoadState()
    assert.match(
      await leadPage.locator('#reinvestigation ~ .govuk-summary-card').first().innerText(),
      /Awaiting the decision maker/,
    )
    await expectAccessible(leadPage)

    await dmPage.goto(`${base}/proceedings`)
    await dmPage.getByLabel('Approve: open a new investigation linked to this one').check()
    await dmPage
      .getByLabel('Reason for the decision')
      .fill('The paramedic’s account is new and significant: it was not available to the investigation.')
    await dmPage.getByRole('button', { name: 'Record the decision' }).click()
    await dmPage.waitForLoadState()
    assert.match(await dmPage.locator('main').innerText(), /Re-investigated as/)
    await expectAccessible(dmPage)

    await dmPage.goto(base)
    const successor = dmPage.getByTestId('successor')
    assert.match(await successor.innerText(), /Re-investigated as/)
    await expectAccessible(dmPage)
    await successor.getByRole('link').click()
    await dmPage.waitForURL(/\/investigations\/[0-9a-f-]+$/)
    assert.notEqual(new URL(dmPage.url()).pathname, base)
    assert.match(await dmPage.locator('main').innerText(), new RegExp(investigation.reference.replace('/', '\\/')))
    await expectAccessible(dmPage)
  })
})
