import { BasePage } from './BasePage.js'

export class HomePage extends BasePage {
  static readonly path = '/'

  async open(): Promise<this> {
    await this.page.goto(HomePage.path)
    return this
  }

  async welcome(): Promise<string> {
    return (await this.page.locator('main .govuk-body-l').innerText()).trim()
  }

  /** The titles of the cards: what this person can do. */
  async cards(): Promise<string[]> {
    const titles = await this.page.locator('main h2').allInnerTexts()
    return titles.map((t) => t.trim())
  }
}
