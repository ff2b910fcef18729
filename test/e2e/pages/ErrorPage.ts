import { BasePage } from './BasePage.js'

/** The 403, 404 and rejected-form pages: a heading and some guidance. */
export class ErrorPage extends BasePage {
  async body(): Promise<string> {
    return (await this.page.locator('main').innerText()).trim()
  }
}
