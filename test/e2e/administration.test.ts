/**
 * An administrator's first sign-in sets up the authenticator app (required for the role),
 * then adds a user who signs in with the one-time password. Every page passes the axe check.
 */
import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { AddUserPage, AdminUsersPage, UserAddedPage } from './pages/AdminUsersPage.js'
import { HomePage } from './pages/HomePage.js'
import { SetUpTwoFactorPage } from './pages/SetUpTwoFactorPage.js'
import { SignInPage } from './pages/SignInPage.js'
import { TwoFactorPage } from './pages/TwoFactorPage.js'
import { useE2eHarness } from './support/harness.js'
import { nextTotp, setUpSecondFactor, signIn } from './support/journeys.js'

describe('administration', () => {
  const harness = useE2eHarness()

  test('an administrator sets up a second factor, adds a user, and the user signs in', async () => {
    const administrator = await harness.addUser(['administrator'], 'administrator')
    const page = await harness.newPage()

    // First sign-in: the password is right, and the role requires a second factor.
    const signInPage = await new SignInPage(page).open()
    await signInPage.signIn(administrator.email, administrator.password)
    const setUp = new SetUpTwoFactorPage(page)
    assert.equal(setUp.path, SetUpTwoFactorPage.signInPath)
    assert.equal(await setUp.heading(), 'Set up your authenticator app')
    assert.equal(await setUp.signedInAs(), null, 'not signed in until the code is accepted')
    await setUp.expectAccessible()

    // A wrong code is refused with a GOV.UK error.
    await setUp.turnOn('000000')
    assert.equal(setUp.status, 400)
    assert.equal((await setUp.errorSummaryItems()).length, 1)
    await setUp.expectAccessible()

    const secret = await setUpSecondFactor(setUp)
    const home = new HomePage(page)
    assert.equal(home.path, HomePage.path)
    assert.equal(await home.signedInAs(), administrator.displayName)
    const cards = await home.cards()
    for (const card of ['Users', 'Audit trail', 'Your account'])
      assert.ok(cards.includes(card), `cards: ${cards.join(', ')}`)
    await home.expectAccessible()

    // The list of users.
    const users = await new AdminUsersPage(page).open()
    assert.equal(await users.heading(), 'Users')
    assert.ok((await users.rows()).some((row) => row.email === administrator.email))
    await users.expectAccessible()

    // Adding a user: first with nothing filled in, then properly.
    await users.startAddingUser()
    const addUser = new AddUserPage(page)
    assert.equal(addUser.path, AddUserPage.path)
    await addUser.expectAccessible()
    await addUser.submit()
    assert.equal(addUser.status, 400)
    assert.equal((await addUser.errorSummaryItems()).length, 4)
    await addUser.expectAccessible()

    const newEmail = 'new.investigator@candour.test'
    await addUser.fill({
      displayName: 'Nia Investigator',
      email: newEmail,
      organisation: 'Oversight body',
      roles: ['Investigator'],
    })
    await addUser.submit()
    const added = new UserAddedPage(page)
    assert.equal(added.status, 200)
    assert.equal(await added.panelTitle(), 'User added')
    const initialPassword = await added.initialPassword()
    assert.ok(initialPassword.length >= 12, 'a long generated password')
    await added.expectAccessible()

    // The new user's own page (with its back link) and the audit trail that recorded it.
    await added.clickAndWait(page.getByRole('link', { name: 'View Nia Investigator' }))
    assert.equal(await added.heading(), 'Nia Investigator')
    await added.expectAccessible()
    await added.clickAndWait(page.getByRole('link', { name: 'Audit trail' }).first())
    assert.equal(await added.heading(), 'Audit trail')
    await added.expectAccessible()

    await users.open()
    const row = (await users.rows()).find((r) => r.email === newEmail)
    assert.deepEqual(row, { name: 'Nia Investigator', email: newEmail, roles: 'Investigator', status: 'Active' })

    // The new user signs in, in their own browser, with the password shown once.
    const theirPage = await harness.newPage()
    const theirHome = await signIn(theirPage, { email: newEmail, password: initialPassword })
    assert.equal(await theirHome.welcome(), 'Welcome, Nia Investigator.')
    await theirHome.expectAccessible()

    // The administrator signs in again: now the code is asked for at every sign-in.
    await home.signOut()
    await signInPage.open()
    await signInPage.signIn(administrator.email, administrator.password)
    const twoFactor = new TwoFactorPage(page)
    assert.equal(twoFactor.path, TwoFactorPage.path)
    await twoFactor.expectAccessible()
    await twoFactor.enterCode(await nextTotp(secret))
    assert.equal(home.path, HomePage.path)
    assert.equal(await home.signedInAs(), administrator.displayName)
  })
})
