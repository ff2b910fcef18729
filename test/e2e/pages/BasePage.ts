/**
 * What every Candour page has: the GOV.UK layout (heading, error summary, service navigation
 * with sign out) and the axe check. Page objects wrap Playwright's Page; tests read as the
 * journey a person takes rather than as selectors.
 */
import type { Locator, Page } from 'playwright-core'
import { expectAccessible } from '../support/accessibility.js'
import { documentStatus, expectNoPageProblems } from '../support/harness.js'

export class BasePage {
  constructor(readonly page: Page) {}

  /** The path of the page now shown, without the query. */
  get path(): string {
    return new URL(this.page.url()).pathname
  }

  get query(): URLSearchParams {
    return new URL(this.page.url()).searchParams
  }

  /** The HTTP status of the document now shown (after any redirects). */
  get status(): number | null {
    return documentStatus(this.page)
  }

  async heading(): Promise<string> {
    return (await this.page.locator('h1').first().innerText()).trim()
  }

  async title(): Promise<string> {
    return this.page.title()
  }

  get errorSummary(): Locator {
    return this.page.locator('.govuk-error-summary')
  }

  async errorSummaryItems(): Promise<string[]> {
    const items = await this.errorSummary.locator('.govuk-error-summary__list li').allInnerTexts()
    return items.map((t) => t.trim())
  }

  /** The error message shown beside a field, without GOV.UK's visually hidden "Error:" prefix. */
  async fieldError(id: string): Promise<string> {
    const text = await this.page.locator(`#${id}-error`).innerText()
    return text.replace(/^Error:\s*/, '').trim()
  }

  async signedInAs(): Promise<string | null> {
    const line = this.page.locator('.app-signed-in-as strong')
    return (await line.count()) ? (await line.innerText()).trim() : null
  }

  async navigationItems(): Promise<string[]> {
    const items = await this.page.locator('.govuk-service-navigation__list > li').allInnerTexts()
    return items.map((t) => t.trim())
  }

  /**
   * Zero axe violations (WCAG 2.2 AA and landmarks) on the page as it stands, and every
   * stylesheet, font and script it asked for loaded (a broken asset path fails here too).
   */
  async expectAccessible(): Promise<void> {
    await expectAccessible(this.page)
    expectNoPageProblems(this.page)
  }

  /**
   * Clicks something that loads a new document (a link, or a form's button) and waits until
   * that document has loaded, so the next read sees the new page and not the old one.
   */
  async clickAndWait(target: Locator): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === this.page.mainFrame(),
    })
    await target.click()
    await navigated
    await this.page.waitForLoadState('load')
  }

  async signOut(): Promise<void> {
    await this.clickAndWait(this.page.getByTestId('sign-out'))
  }
}
