import { BasePage } from './BasePage.js'

/** The second step of signing in: the code from the authenticator app. */
export class TwoFactorPage extends BasePage {
  static readonly path = '/sign-in/two-factor'

  async enterCode(code: string): Promise<void> {
    await this.page.getByLabel('Enter your security code').fill(code)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Continue' }))
  }
}
