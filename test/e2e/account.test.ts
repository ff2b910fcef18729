/**
 * A person's own account page: an investigator (for whom it is optional) turns on a second
 * factor, and is then asked for a code at sign-in. Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AccountPage } from './pages/AccountPage.js'
import { HomePage } from './pages/HomePage.js'
import { SetUpTwoFactorPage } from './pages/SetUpTwoFactorPage.js'
import { SignInPage } from './pages/SignInPage.js'
import { TwoFactorPage } from './pages/TwoFactorPage.js'
import { useE2eHarness } from './support/harness.js'
import { nextTotp, setUpSecondFactor, signIn } from './support/journeys.js'

describe('your account', () => {
  const harness = useE2eHarness()

  test('an investigator turns on a second factor and is then asked for a code at sign-in', async () => {
    const investigator = await harness.addUser(['investigator'], 'investigator')
    const page = await harness.newPage()
    const home = await signIn(page, investigator)

    await home.clickAndWait(page.getByRole('link', { name: 'Your account' }).first())
    const account = new AccountPage(page)
    assert.equal(account.path, AccountPage.path)
    assert.equal(await account.heading(), 'Your account')
    assert.equal(await account.detail('Email address'), investigator.email)
    assert.equal(await account.detail('Second factor'), 'Off')
    await account.expectAccessible()

    await account.turnOnSecondFactor()
    const setUp = new SetUpTwoFactorPage(page)
    assert.equal(setUp.path, SetUpTwoFactorPage.accountPath)
    assert.equal(await setUp.signedInAs(), investigator.displayName)
    await setUp.expectAccessible()

    const secret = await setUpSecondFactor(setUp)
    assert.equal(account.path, AccountPage.path)
    assert.match(await account.successBanner(), /Your second factor is turned on/)
    assert.equal(await account.detail('Second factor'), 'On')
    assert.equal(await page.getByRole('link', { name: 'Turn on second factor' }).count(), 0)
    await account.expectAccessible()

    // From now on, signing in asks for the code.
    await account.signOut()
    const signInPage = new SignInPage(page)
    await signInPage.signIn(investigator.email, investigator.password)
    const twoFactor = new TwoFactorPage(page)
    assert.equal(twoFactor.path, TwoFactorPage.path)
    await twoFactor.expectAccessible()

    await twoFactor.enterCode('12')
    assert.equal(twoFactor.status, 400)
    assert.equal((await twoFactor.errorSummaryItems()).length, 1)
    await twoFactor.expectAccessible()

    await twoFactor.enterCode(await nextTotp(secret))
    assert.equal(home.path, HomePage.path)
    assert.equal(await home.signedInAs(), investigator.displayName)
  })
})
