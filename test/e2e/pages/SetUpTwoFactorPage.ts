import { BasePage } from './BasePage.js'

/** Setting up an authenticator app: at first sign-in (administrators) or from the account page. */
export class SetUpTwoFactorPage extends BasePage {
  static readonly signInPath = '/sign-in/set-up-two-factor'
  static readonly accountPath = '/account/two-factor'

  /** The set-up key shown under "I cannot scan the QR code". */
  async secret(): Promise<string> {
    return (await this.page.getByTestId('totp-secret').innerText()).replace(/\s+/g, '')
  }

  async turnOn(code: string): Promise<void> {
    await this.page.getByLabel('Code from your authenticator app').fill(code)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Turn on second factor' }))
  }
}
