/**
 * Families kept informed, end to end in Chromium: a case worker invites a family member from the
 * case; the invitation e-mail arrives at an in-process SMTP server after a delivery pass; the
 * family member opens the link, sets a password and sees the portal; an update the case worker
 * records for them arrives by e-mail and shows in the portal; another case stays closed to them.
 * Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { after, describe, test } from 'node:test'
import { runJobsOnce } from '../../src/jobs/runOnce.js'
import { londonDateOf } from '../../src/domain/calendar.js'
import { TEST_PASSWORD } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { makeTeam, openInvestigation } from '../support/investigations.js'
import { linkIn, startSmtpReceiver, type SmtpReceiver } from '../support/smtp.js'
import { BasePage } from './pages/BasePage.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

describe('family portal', () => {
  let smtp: SmtpReceiver | undefined
  const harness = useE2eHarness({
    env: async () => {
      smtp = await startSmtpReceiver()
      return smtp.env()
    },
  })
  after(() => smtp?.close())

  test('a case worker invites a family member, who joins the portal, receives an update and cannot see another case', async () => {
    const { services, database } = harness.server
    const team = await makeTeam(services)
    const { investigation } = await openInvestigation(services, team, { title: 'Response to a death in Northtown' })
    const other = await openInvestigation(services, team, { title: 'Another family’s case' })
    const familyEmail = 'sam.family@family.test'
    const personId = await addInterestedPerson(database.db, investigation.id, {
      name: 'Sam Family',
      email: familyEmail,
    })
    await addInterestedPerson(database.db, other.investigation.id, { name: 'Other Family', email: 'other@family.test' })
    const caseWorkerEmail = (
      await database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.caseWorker.userId)
        .executeTakeFirstOrThrow()
    ).email

    // The case worker invites Sam from the case.
    const staffPage = await harness.newPage()
    await signIn(staffPage, { email: caseWorkerEmail, password: TEST_PASSWORD })
    const staff = new BasePage(staffPage)
    await staffPage.goto(`/investigations/${investigation.id}/invitations`)
    assert.equal(await staff.heading(), 'Family portal')
    await staff.expectAccessible()
    await staffPage.getByLabel('Who to invite').selectOption(personId)
    await staff.clickAndWait(staffPage.getByRole('button', { name: 'Send invitation' }))
    assert.match(await staffPage.locator('.govuk-notification-banner').innerText(), /invitation is on its way/)
    assert.match(await staffPage.locator('table').last().innerText(), /Sam Family[\s\S]*Waiting/)
    await staff.expectAccessible()

    // A delivery pass sends the invitation through SMTP.
    const pass = await runJobsOnce(services)
    assert.deepEqual(pass.errors, [])
    const invitation = await smtp!.waitFor((m) => m.to.includes(familyEmail) && /invited/.test(m.subject))
    const link = new URL(linkIn(invitation, '/portal/invitations/'))

    // Sam opens the link and chooses a password.
    const familyPage = await harness.newPage()
    const family = new BasePage(familyPage)
    await familyPage.goto(link.pathname)
    assert.equal(await family.heading(), 'Accept your invitation')
    await family.expectAccessible()
    await familyPage.getByLabel('Create a password').fill('a long family password')
    await familyPage.getByLabel('Confirm your password').fill('a long family password')
    await family.clickAndWait(familyPage.getByRole('button', { name: 'Accept and continue' }))
    assert.equal(family.path, '/portal/welcome')
    assert.equal(await family.heading(), 'Your account is ready')
    await family.expectAccessible()
    await family.clickAndWait(familyPage.getByRole('button', { name: 'Continue to your investigation' }))
    assert.equal(family.path, `/portal/cases/${investigation.id}`)
    assert.equal(await family.heading(), 'Response to a death in Northtown')
    assert.match(
      await familyPage.getByTestId('portal-stage').innerText(),
      /Decision made on how to investigate|Being investigated/,
    )
    assert.match(await familyPage.locator('main').innerText(), /No updates yet/)
    await family.expectAccessible()

    // The case worker records an update for Sam: it is e-mailed (pointing to the portal) and shows there.
    await services.families.recordUpdate(
      investigation.id,
      {
        channel: 'call',
        givenOn: londonDateOf(new Date()),
        interestedPersonIds: [personId],
        summary: 'We have interviewed two witnesses this month.',
      },
      team.caseWorker,
    )
    await services.mail.deliverDue()
    const update = await smtp!.waitFor(
      (m) => m.to.includes(familyEmail) && /An update on investigation/.test(m.subject),
    )
    assert.match(update.text, /\/portal/)
    assert.doesNotMatch(update.text, /witnesses/, 'the e-mail holds no detail')
    await familyPage.reload()
    assert.match(
      await familyPage.getByTestId('portal-update').first().innerText(),
      /We have interviewed two witnesses this month\./,
    )
    await family.expectAccessible()

    // Sam sends a message to the team, on its own page linked from the top of the case.
    await family.clickAndWait(familyPage.getByTestId('send-message-link'))
    await family.expectAccessible()
    await familyPage.getByLabel('Your message').fill('Could we meet next week?')
    await family.clickAndWait(familyPage.getByRole('button', { name: 'Send' }))
    assert.match(await familyPage.locator('.govuk-notification-banner').innerText(), /sent to the investigation team/)
    await staffPage.reload()
    assert.match(await staffPage.getByTestId('submission').first().innerText(), /Could we meet next week\?/)

    // Another case, and the staff pages, are closed to Sam.
    await familyPage.goto(`/portal/cases/${other.investigation.id}`)
    assert.equal(family.status, 404)
    assert.doesNotMatch(await familyPage.locator('main').innerText(), /Another family|Other Family/)
    await familyPage.goto(`/investigations/${investigation.id}`)
    assert.equal(family.status, 403)
    await family.expectAccessible()
  })
})
