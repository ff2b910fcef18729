/**
 * What a browser sees when something is refused: a tampered form (CSRF), a page the person's
 * role does not allow, and an address that does not exist. Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AccountPage } from './pages/AccountPage.js'
import { ErrorPage } from './pages/ErrorPage.js'
import { HomePage } from './pages/HomePage.js'
import { SignInPage } from './pages/SignInPage.js'
import { useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

describe('refusals', () => {
  const harness = useE2eHarness()

  test('a form with a tampered CSRF token is refused and changes nothing', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    await signIn(page, investigator)
    const account = await new AccountPage(page).open()
    await account.expectAccessible()

    // "Sign out of every device" would end this session: with a forged token it must not.
    await page.evaluate(() => {
      const field = document.querySelector<HTMLInputElement>(
        'form[action="/account/sign-out-everywhere"] input[name="_csrf"]',
      )
      if (!field) throw new Error('no CSRF field on the form')
      field.value = 'forged-token'
    })
    await account.signOutEverywhere()

    const refused = new ErrorPage(page)
    assert.equal(refused.status, 403)
    assert.equal(await refused.heading(), 'Your form could not be sent')
    assert.match(await refused.body(), /Nothing was changed/)
    await refused.expectAccessible()

    // Nothing changed: still signed in, on this device too.
    const home = await new HomePage(page).open()
    assert.equal(home.path, HomePage.path)
    assert.equal(await home.signedInAs(), investigator.displayName)
    await home.expectAccessible()
  })

  test('a sign-in form without its CSRF token is refused', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    const signInPage = await new SignInPage(page).open()
    await page.evaluate(() => document.querySelector('input[name="_csrf"]')?.remove())
    await signInPage.signIn(investigator.email, investigator.password)
    assert.equal(signInPage.status, 403)
    assert.equal(await signInPage.heading(), 'Your form could not be sent')
    await signInPage.expectAccessible()
  })

  test('an investigator opening the users page is told they do not have access', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    const home = await signIn(page, investigator)
    assert.equal(await page.getByRole('link', { name: 'Users' }).count(), 0, 'no link to a page they may not open')

    await page.goto('/admin/users')
    const denied = new ErrorPage(page)
    assert.equal(denied.status, 403)
    assert.match(await denied.heading(), /^You do not have access/)
    assert.equal(await denied.title(), 'You do not have access to this page – Candour')
    assert.doesNotMatch(await denied.body(), /@candour\.test/, 'no user details on the page')
    await denied.expectAccessible()

    // The way back works.
    await denied.clickAndWait(page.getByRole('link', { name: 'Go to the start' }))
    assert.equal(home.path, HomePage.path)
  })

  test('an address that does not exist shows the page-not-found page', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    await signIn(page, investigator)

    const response = await page.goto('/no-such-page')
    assert.equal(response?.status(), 404)
    const notFound = new ErrorPage(page)
    assert.equal(await notFound.heading(), 'Page not found')
    assert.equal(await notFound.title(), 'Page not found – Candour')
    assert.equal(await notFound.signedInAs(), investigator.displayName)
    await notFound.expectAccessible()
  })

  test('the page-not-found page also works when signed out', async () => {
    const page = await harness.newPage()
    const response = await page.goto('/no-such-page')
    const notFound = new ErrorPage(page)
    assert.equal(response?.status(), 404)
    assert.equal(await notFound.heading(), 'Page not found')
    await notFound.expectAccessible()
  })
})
