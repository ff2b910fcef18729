/**
 * What every page about one investigation has: the identity bar (reference, status, form, lead,
 * next deadline) and the tabs. Also the GOV.UK date input every case form uses.
 */
import type { Locator } from 'playwright-core'
import type { PlainDate } from '../../../src/domain/calendar.js'
import { BasePage } from './BasePage.js'

export type CaseTabName =
  'Overview' | 'Subjects' | 'Chronology' | 'Evidence' | 'Report' | 'Outcome' | 'Team' | 'History'

export class CasePage extends BasePage {
  /** The investigation's id, from the address (/investigations/ID/...). */
  get investigationId(): string {
    const id = /^\/investigations\/([^/]+)/.exec(this.path)?.[1]
    if (!id) throw new Error(`not on an investigation's page: ${this.page.url()}`)
    return id
  }

  get identityBar(): Locator {
    return this.page.getByTestId('identity-bar')
  }

  /** A fact in the identity bar: "Status", "Form", "Lead investigator" or "Next deadline". */
  async identityFact(name: 'Status' | 'Form' | 'Lead investigator' | 'Next deadline'): Promise<string> {
    const fact = this.identityBar.locator('dl > div').filter({ has: this.page.locator('dt', { hasText: name }) })
    return (await fact.locator('dd').innerText()).trim()
  }

  async nextDeadline(): Promise<string> {
    return (await this.page.getByTestId('next-deadline').innerText()).trim()
  }

  async reference(): Promise<string> {
    return (await this.identityBar.locator('.govuk-caption-m').innerText()).trim()
  }

  async openTab(name: CaseTabName): Promise<void> {
    await this.clickAndWait(
      this.page.getByRole('navigation', { name: 'Investigation sections' }).getByRole('link', { name, exact: true }),
    )
  }
}

/** Fills a GOV.UK date input (NAME-day, NAME-month, NAME-year) with a plain date. */
export async function fillDate(scope: BasePage | Locator, name: string, date: PlainDate): Promise<void> {
  const root = scope instanceof BasePage ? scope.page.locator('body') : scope
  const [year, month, day] = date.split('-').map(Number) as [number, number, number]
  await root.locator(`input[name="${name}-day"]`).fill(String(day))
  await root.locator(`input[name="${name}-month"]`).fill(String(month))
  await root.locator(`input[name="${name}-year"]`).fill(String(year))
}
