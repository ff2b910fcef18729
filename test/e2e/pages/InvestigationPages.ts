/**
 * Investigations: the case list (with search), opening one, its overview, changing its status
 * and revising its terms of reference.
 */
import { BasePage } from './BasePage.js'
import { CasePage } from './CasePage.js'

export class InvestigationsPage extends BasePage {
  static readonly path = '/investigations'

  async open(): Promise<this> {
    await this.page.goto(InvestigationsPage.path)
    return this
  }

  async search(text: string): Promise<void> {
    await this.page.getByRole('search', { name: 'Find investigations' }).getByLabel('Search').fill(text)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Apply filters' }))
  }

  /** The references shown in the list (empty when nothing matches). */
  async references(): Promise<string[]> {
    const cells = await this.page
      .getByTestId('case-list')
      .locator('tbody tr td:first-child, tbody tr th:first-child')
      .allInnerTexts()
    return cells.map((t) => t.trim())
  }

  async isEmpty(): Promise<boolean> {
    return (await this.page.getByTestId('case-list-empty').count()) === 1
  }
}

export interface NewInvestigation {
  title: string
  termsOfReference: string
  lead: string
  decisionMaker: string
  investigators: string[]
}

export class NewInvestigationPage extends BasePage {
  static readonly path = '/investigations/new'

  /** Whether the referral (by its force and date, as listed) is ticked. */
  referralCheckbox(text: string | RegExp) {
    return this.page
      .getByRole('group', { name: 'Referrals this investigation covers' })
      .getByRole('checkbox', { name: text })
  }

  async open(details: NewInvestigation): Promise<void> {
    await this.page.getByLabel('Title', { exact: true }).fill(details.title)
    await this.page.getByLabel('Terms of reference').fill(details.termsOfReference)
    await this.page.getByLabel('Lead investigator').selectOption({ label: details.lead })
    await this.page.getByLabel('Decision maker').selectOption({ label: details.decisionMaker })
    for (const name of details.investigators)
      await this.page.getByRole('group', { name: 'Investigators' }).getByLabel(name, { exact: true }).check()
    await this.clickAndWait(this.page.getByRole('button', { name: 'Open investigation' }))
  }
}

export class InvestigationOverviewPage extends CasePage {
  async open(id: string): Promise<this> {
    await this.page.goto(`/investigations/${id}`)
    return this
  }

  async termsOfReference(): Promise<string> {
    return (await this.page.locator('h2:has-text("Terms of reference") + p').innerText()).trim()
  }

  async changeStatus(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Change the status' }))
  }

  async reviseTermsOfReference(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Revise or see earlier versions' }))
  }
}

export class ChangeStatusPage extends CasePage {
  async moveTo(status: string, reason?: string): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Move the investigation to' })
      .getByLabel(status, { exact: true })
      .check()
    if (reason !== undefined) await this.page.getByLabel(/^Reason/).fill(reason)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Change status' }))
  }

  /** The statuses offered now. */
  async allowed(): Promise<string[]> {
    const labels = await this.page
      .getByRole('group', { name: 'Move the investigation to' })
      .locator('label')
      .allInnerTexts()
    return labels.map((t) => t.trim())
  }

  /** What the page says is still needed before the investigation can move to `status`. */
  async whatIsNeededFor(status: string): Promise<string[]> {
    const row = this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${status}\\s*$`) }) })
    return (await row.locator('dd li').allInnerTexts()).map((t) => t.trim())
  }
}

export class TermsOfReferencePage extends CasePage {
  async open(id: string): Promise<this> {
    await this.page.goto(`/investigations/${id}/terms-of-reference`)
    return this
  }

  get textField() {
    return this.page.getByLabel('Revised terms of reference')
  }

  async save(text: string): Promise<void> {
    await this.textField.fill(text)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Save new version' }))
  }

  /** The titles of the version cards, newest first, for example "Version 2 (current)". */
  async versions(): Promise<string[]> {
    return (await this.page.locator('.govuk-summary-card__title').allInnerTexts()).map((t) => t.trim())
  }
}
