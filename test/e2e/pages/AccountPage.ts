import { BasePage } from './BasePage.js'

export class AccountPage extends BasePage {
  static readonly path = '/account'

  async open(): Promise<this> {
    await this.page.goto(AccountPage.path)
    return this
  }

  /** A row's value in the summary list, for example "Second factor". */
  async detail(key: string): Promise<string> {
    const row = this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  async turnOnSecondFactor(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Turn on second factor' }))
  }

  async successBanner(): Promise<string> {
    return (
      await this.page.locator('.govuk-notification-banner--success .govuk-notification-banner__content').innerText()
    ).trim()
  }

  async signOutEverywhere(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Sign out of every device' }))
  }
}
