/** Journeys several tests start with, made of page objects. */
import assert from 'node:assert/strict'
import type { Page } from 'playwright-core'
import { currentTotp } from '../../../src/services/security/totp.js'
import { HomePage } from '../pages/HomePage.js'
import type { SetUpTwoFactorPage } from '../pages/SetUpTwoFactorPage.js'
import { SignInPage } from '../pages/SignInPage.js'

export interface Credentials {
  email: string
  password: string
}

/** Signs in someone with no second factor and checks the home page (axe included). */
export async function signIn(page: Page, who: Credentials): Promise<HomePage> {
  const signInPage = await new SignInPage(page).open()
  await signInPage.signIn(who.email, who.password)
  const home = new HomePage(page)
  assert.equal(home.path, HomePage.path, `expected the home page after signing in, got ${page.url()}`)
  return home
}

/**
 * The code an authenticator app would show one step (30 s) from now. A code is accepted once
 * and the next accepted code must be from a later step, so a test signing in again straight
 * after setting up uses the next step's code (within the one-step clock tolerance) rather than
 * waiting up to 30 seconds.
 */
export function nextTotp(secret: string): Promise<string> {
  return currentTotp(secret, Math.floor(Date.now() / 1000) + 30)
}

/** The code an authenticator app shows now. */
export function totpNow(secret: string): Promise<string> {
  return currentTotp(secret)
}

/** Reads the set-up key from the page and turns the second factor on with the current code. */
export async function setUpSecondFactor(setUp: SetUpTwoFactorPage): Promise<string> {
  const secret = await setUp.secret()
  assert.match(secret, /^[A-Z2-7]{16,}$/, 'the set-up key is a base32 secret')
  await setUp.turnOn(await totpNow(secret))
  return secret
}
