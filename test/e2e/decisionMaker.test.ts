/**
 * The decision maker's whole path in Chromium (issue 16, ADR 0028), on the demo: the death in
 * custody at Northtown police station, whose subjects are as the demo has them (Sergeant Ian Carne
 * assessed as misconduct, Constable Megan Dunstan as neither, neither served a notice). The
 * investigator serves Ian his notice (the step the report's task list names before it can be
 * submitted), writes the report and submits it. The decision maker finds it on their home under
 * "Reports awaiting your decision", works the determinations' task list a page per subject (an
 * empty form shows the error summary, whose link reaches the field: the old collapsed section's
 * dead end must not come back), approves on the decision page, and sees the case's status change.
 * Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { londonDateOf } from '../../src/domain/calendar.js'
import { actorFor, toSignedInUser } from '../../src/services/authentication.js'
import type { RequestContext } from '../../src/services/context.js'
import { DEMO_PASSWORD, seedDemoData } from '../../src/services/demoData.js'
import { InvestigationOverviewPage } from './pages/InvestigationPages.js'
import { ReportPage } from './pages/ReportPages.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

describe('the decision maker’s path', () => {
  const harness = useE2eHarness()

  test('from a report just submitted on a demo case to approval, through the determinations’ task list', async () => {
    const { services, database } = harness.server
    const db = database.db
    await seedDemoData(services, async () => false)
    const investigation = await db
      .selectFrom('investigations')
      .selectAll()
      .where('title', '=', 'Death in custody at Northtown police station')
      .executeTakeFirstOrThrow()
    const contextOf = async (email: string): Promise<RequestContext> => {
      const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirstOrThrow()
      return { actor: actorFor(toSignedInUser(user as never)), requestId: 'e2e' }
    }
    const investigator = await contextOf('investigator@candour.example')
    const subjects = await db
      .selectFrom('subjects as s')
      .innerJoin('officers as o', 'o.id', 's.officer_id')
      .select(['s.id', 's.status', 'o.given_name'])
      .where('s.investigation_id', '=', investigation.id)
      .execute()
    assert.deepEqual(
      subjects.map((s) => [s.given_name, s.status]).sort(),
      [
        ['Ian', 'identified'],
        ['Megan', 'identified'],
      ],
      'the demo’s subject states',
    )

    // The investigator serves Ian's notice (Megan, assessed as neither, is served none), writes and submits.
    const ian = subjects.find((s) => s.given_name === 'Ian')!
    const notice = await services.subjects.generateNotice(ian.id, investigator)
    const served = await services.subjects.updateNotice(
      notice.id,
      { servedOn: londonDateOf(new Date()), serviceMethod: 'in_person' },
      notice.version,
      investigator,
    )
    // He answers at once, so a case to answer need not wait for his response period to end.
    await services.subjects.updateNotice(
      served.id,
      { responseReceivedOn: londonDateOf(new Date()), responseSummary: 'He says the checks were made.' },
      served.version,
      investigator,
    )
    const { report } = await services.reports.save(
      investigation.id,
      {
        summary: 'A man died after being found unresponsive in a cell.',
        termsOfReference: 'To investigate the care given in custody.',
        evidenceAnalysis: 'The cell checks were not made at the required intervals.',
        learning: 'Cell checks to be recorded as they are made.',
      },
      0,
      investigator,
    )
    await services.reports.submit(investigation.id, report.version, investigator)

    // The decision maker's home lists the report awaiting their decision.
    const page = await harness.newPage()
    const home = await signIn(page, { email: 'decision.maker@candour.example', password: DEMO_PASSWORD })
    const awaiting = page.locator('#awaiting-decision + ul')
    await home.expectAccessible()
    const link = awaiting.getByRole('link', { name: new RegExp(`${investigation.reference}: Death in custody`) })
    assert.equal(await link.count(), 1, 'the report is on the decision maker’s home')
    const tab = new ReportPage(page)
    await tab.clickAndWait(link)
    assert.equal(tab.path, `/investigations/${investigation.id}/report`)
    assert.equal(await tab.reportStatus(), 'With the decision maker')
    assert.equal(await tab.identityFact('Status'), 'Report with decision maker')
    const rows = await tab.tasks('determination-tasks')
    assert.equal(rows.length, 3)
    assert.match(rows[0]![0], /Ian Carne/)
    assert.match(rows[1]![0], /Megan Dunstan/)
    assert.deepEqual(
      rows.map(([, status]) => status),
      ['Determination needed', 'Determination needed', 'Cannot start yet'],
    )
    await tab.expectAccessible()

    // An empty determination: the error summary's link reaches the field on the same page.
    await tab.openTask('determination-tasks', /Ian Carne/)
    assert.equal(await tab.heading(), 'PS Ian Carne (NP6011)')
    await tab.expectAccessible()
    await tab.clickAndWait(page.getByRole('button', { name: 'Save the determination' }))
    assert.equal(tab.status, 400)
    const items = await tab.errorSummaryItems()
    assert.ok(items.includes('Choose the determination'), items.join(' | '))
    await tab.expectAccessible()
    await tab.errorSummary.getByRole('link', { name: 'Choose the determination' }).click()
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('name') ?? null)
    assert.equal(focused, 'determination', 'the link moves focus to the determination’s choices')
    assert.ok(await page.locator('#determination').isVisible(), 'the field is visible, not in a closed section')

    await tab.fillDetermination('Case to answer for misconduct', 'The cell checks were not made.')
    await tab.clickAndWait(page.getByRole('button', { name: 'Save the determination' }))
    assert.equal(tab.path, `/investigations/${investigation.id}/report`)
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /The determination has been recorded/)
    await tab.recordDetermination('Megan Dunstan', 'No case to answer', 'She made every check she was asked to.')
    assert.deepEqual(
      (await tab.tasks('determination-tasks')).map(([, status]) => status),
      ['Determination recorded', 'Determination recorded', 'Not started'],
    )
    await tab.expectAccessible()

    // The decision: approve, and the case moves on.
    await tab.openTask('determination-tasks', 'Approve the report or return it')
    assert.equal(await tab.heading(), 'Approve the report or return it')
    await tab.expectAccessible()
    await tab.clickAndWait(page.getByRole('button', { name: 'Approve the report' }))
    assert.match(await page.locator('.govuk-notification-banner').innerText(), /The report has been approved/)
    assert.equal(await tab.reportStatus(), 'Approved')
    assert.equal(await tab.identityFact('Status'), 'Report approved, ready to send')
    assert.equal((await tab.tasks('determination-tasks')).at(-1)![1], 'Completed')
    await tab.expectAccessible()
    const overview = await new InvestigationOverviewPage(page).open(investigation.id)
    const progress = page.getByTestId('case-progress')
    assert.match(
      await progress.locator('.govuk-task-list__item', { hasText: /^\s*Decision maker’s determinations/ }).innerText(),
      /Completed/,
    )
    assert.match(
      await progress
        .locator('.govuk-task-list__item', { hasText: /^\s*Report sent to the appropriate authority/ })
        .innerText(),
      /Not started/,
    )
    await overview.expectAccessible()
  })
})
