/**
 * Signing in and out in a real browser: the home page, a wrong password, the wait after many, signing
 * out, and signing in with JavaScript turned off. Every page visited passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { HomePage } from './pages/HomePage.js'
import { SignInPage } from './pages/SignInPage.js'
import { screenshot, useE2eHarness } from './support/harness.js'
import { signIn } from './support/journeys.js'

const SIGN_IN_FAILED =
  'Enter a correct email address and password. After several wrong attempts you will have to wait before trying again.'

describe('signing in', () => {
  const harness = useE2eHarness()

  test('an investigator signs in and sees the home page', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()

    const signInPage = await new SignInPage(page).open()
    assert.equal(await signInPage.heading(), 'Sign in to Candour')
    assert.equal(await signInPage.title(), 'Sign in – Candour')
    await signInPage.expectAccessible()
    await screenshot(page, 'sign-in')

    await signInPage.signIn(investigator.email, investigator.password)
    const home = new HomePage(page)
    assert.equal(home.path, '/')
    assert.equal(home.status, 200)
    assert.equal(await home.title(), 'Home – Candour')
    assert.equal(await home.welcome(), `Welcome, ${investigator.displayName}.`)
    assert.equal(await home.signedInAs(), investigator.displayName)
    // What an investigator may do (other journeys add their own items): never administration.
    const cards = await home.cards()
    assert.ok(cards.includes('Your account'), `cards: ${cards.join(', ')}`)
    assert.ok(!cards.includes('Users') && !cards.includes('Audit trail'), `cards: ${cards.join(', ')}`)
    const navigation = await home.navigationItems()
    assert.equal(navigation[0], 'Home')
    assert.equal(navigation.at(-1), 'Sign out')
    assert.ok(navigation.includes('Your account'), `navigation: ${navigation.join(', ')}`)
    assert.ok(
      !navigation.includes('Users') && !navigation.includes('Audit trail'),
      `navigation: ${navigation.join(', ')}`,
    )
    await home.expectAccessible()
    await screenshot(page, 'home')
  })

  test('a wrong password shows the error summary and keeps the e-mail address', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    const signInPage = await new SignInPage(page).open()

    await signInPage.signIn(investigator.email, 'not-the-password')
    assert.equal(signInPage.path, SignInPage.path)
    assert.equal(signInPage.status, 401)
    assert.equal(await signInPage.title(), 'Error: Sign in – Candour')
    assert.deepEqual(await signInPage.errorSummaryItems(), [SIGN_IN_FAILED])
    assert.equal(await signInPage.fieldError('email'), SIGN_IN_FAILED)
    assert.equal(await signInPage.emailValue(), investigator.email)
    assert.equal(await signInPage.passwordValue(), '', 'the password is never sent back')
    // GOV.UK Frontend moves focus to the error summary so screen readers announce it.
    assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('govuk-error-summary')), true)
    await signInPage.expectAccessible()

    // The summary links to the field with the problem.
    await page.locator('.govuk-error-summary__list a').first().click()
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'email')
  })

  test('an empty form shows an error for each field', async () => {
    const page = await harness.newPage()
    const signInPage = await new SignInPage(page).open()
    await signInPage.signIn('', '')
    assert.equal(signInPage.status, 400)
    assert.equal((await signInPage.errorSummaryItems()).length, 2)
    await signInPage.expectAccessible()
  })

  // Issue 10 / ADR 0026: no lock-out that anyone could renew for ever; waits that double, capped.
  test('after five wrong passwords each failure makes the next attempt wait; the page says how long, and the right password waits too', async () => {
    const investigator = await harness.addUser(['investigator'], 'locked')
    const page = await harness.newPage()
    const signInPage = await new SignInPage(page).open()

    for (let attempt = 1; attempt <= 5; attempt++) {
      await signInPage.signIn(investigator.email, `wrong-password-${attempt}`)
      assert.equal(signInPage.status, 401, `attempt ${attempt}`)
      assert.deepEqual(await signInPage.errorSummaryItems(), [SIGN_IN_FAILED])
    }
    // Keep failing, waiting out each wait (1 s, 2 s, 4 s), until the wait is long enough to see.
    let seconds = 0
    for (let attempt = 6; seconds < 8 && attempt < 20; attempt++) {
      await signInPage.signIn(investigator.email, `wrong-password-${attempt}`)
      if (signInPage.status === 429) {
        const [message] = await signInPage.errorSummaryItems()
        seconds = Number(/^Too many attempts\. Try again in (\d+) seconds?\.$/.exec(message ?? '')?.[1])
        assert.ok(seconds >= 1, message)
        if (seconds < 8) await page.waitForTimeout(seconds * 1000 + 50)
      } else assert.equal(signInPage.status, 401)
    }
    assert.ok(seconds >= 4, 'the waits double')
    await signInPage.expectAccessible()
    await screenshot(page, 'sign-in-too-many-attempts')

    // Within the wait the right password is refused as well, unchecked.
    await signInPage.signIn(investigator.email, investigator.password)
    assert.equal(signInPage.status, 429)
    assert.match((await signInPage.errorSummaryItems())[0] ?? '', /^Too many attempts\. Try again in \d+ seconds?\.$/)
    await page.goto(HomePage.path)
    assert.equal(signInPage.path, SignInPage.path, 'still signed out')
  })

  test('signing out returns to sign-in, and the home page then asks to sign in again', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    const home = await signIn(page, investigator)

    await home.signOut()
    const signInPage = new SignInPage(page)
    assert.equal(signInPage.path, SignInPage.path)
    assert.equal(signInPage.query.get('signedOut'), '1')
    assert.equal(await signInPage.signedInAs(), null)
    assert.deepEqual(await signInPage.navigationItems(), [])
    await signInPage.expectAccessible()

    await page.goto(HomePage.path)
    assert.equal(signInPage.path, SignInPage.path)
    assert.equal(signInPage.query.get('returnTo'), '/')
    assert.equal(await signInPage.heading(), 'Sign in to Candour')
    await signInPage.expectAccessible()
  })

  test('signing in returns to the page first asked for', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    await page.goto('/account')
    const signInPage = new SignInPage(page)
    assert.equal(signInPage.path, SignInPage.path)
    await signInPage.signIn(investigator.email, investigator.password)
    assert.equal(signInPage.path, '/account')
    await signInPage.expectAccessible()
  })

  test('signing in and out works with JavaScript turned off', async () => {
    const investigator = await harness.addUser(['investigator'], 'no-js')
    const page = await harness.newPage({ javaScriptEnabled: false })
    const signInPage = await new SignInPage(page).open()
    // Without JavaScript the password input has no "Show" button, and nothing else is missing.
    assert.equal(await page.getByRole('button', { name: 'Show password' }).isVisible(), false)
    await signInPage.expectAccessible()

    await signInPage.signIn(investigator.email, investigator.password)
    const home = new HomePage(page)
    assert.equal(home.path, HomePage.path)
    assert.equal(await home.welcome(), `Welcome, ${investigator.displayName}.`)
    await home.expectAccessible()

    await home.signOut()
    assert.equal(home.path, SignInPage.path)
  })
})
