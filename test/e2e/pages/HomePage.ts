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

  /** The titles of the links to what this person can manage (administration, their account). */
  async cards(): Promise<string[]> {
    const titles = await this.page.locator('main .app-home-links li > a').allInnerTexts()
    return titles.map((t) => t.trim())
  }
}
