import { BasePage } from './BasePage.js'

export class SignInPage extends BasePage {
  static readonly path = '/sign-in'

  async open(): Promise<this> {
    await this.page.goto(SignInPage.path)
    return this
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.page.getByLabel('Email address').fill(email)
    // exact: the password input's "Show" button is labelled "Show password".
    await this.page.getByLabel('Password', { exact: true }).fill(password)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Sign in' }))
  }

  async emailValue(): Promise<string> {
    return this.page.getByLabel('Email address').inputValue()
  }

  async passwordValue(): Promise<string> {
    return this.page.getByLabel('Password', { exact: true }).inputValue()
  }
}
