/** Recording a referral, and the referral's page with the assessment form. */
import type { PlainDate } from '../../../src/domain/calendar.js'
import { BasePage } from './BasePage.js'
import { fillDate } from './CasePage.js'

export interface ReferralDetails {
  /** The label of the type of matter, for example "Conduct matter". */
  matterType: string
  force: string
  receivedOn: PlainDate
  /** The label of the category, for example "Voluntary referral". */
  category: string
  summary: string
  people?: { fullName: string; involvement: string }[]
}

export class NewReferralPage extends BasePage {
  static readonly path = '/referrals/new'

  async open(): Promise<this> {
    await this.page.goto(NewReferralPage.path)
    return this
  }

  async record(details: ReferralDetails): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Type of matter' })
      .getByLabel(details.matterType, { exact: true })
      .check()
    await this.page.getByLabel('Referring force').selectOption({ label: details.force })
    await fillDate(this, 'receivedOn', details.receivedOn)
    await this.page.getByLabel('Referral category').selectOption({ label: details.category })
    await this.page.getByLabel('Summary', { exact: true }).fill(details.summary)
    for (const [n, person] of (details.people ?? []).entries()) {
      await this.page.locator(`#person-${n}-fullName`).fill(person.fullName)
      await this.page.locator(`#person-${n}-role`).selectOption({ label: person.involvement })
    }
    await this.clickAndWait(this.page.getByRole('button', { name: 'Record referral' }))
  }
}

export class ReferralPage extends BasePage {
  /** The referral's id, from the address (/referrals/ID). */
  get referralId(): string {
    const id = /^\/referrals\/([^/]+)$/.exec(this.path)?.[1]
    if (!id) throw new Error(`not on a referral's page: ${this.page.url()}`)
    return id
  }

  async assess(assessment: { form: string; rationale: string; decidedOn: PlainDate }): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Form of investigation' })
      .getByLabel(assessment.form, { exact: true })
      .check()
    await this.page.getByLabel('Rationale').fill(assessment.rationale)
    await fillDate(this, 'decidedOn', assessment.decidedOn)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Record assessment' }))
  }

  /** The rows of the determinations table: decided, form, by, rationale. */
  async determinations(): Promise<string[][]> {
    const rows = await this.page
      .locator('table', { has: this.page.locator('caption', { hasText: 'Determinations' }) })
      .locator('tbody tr')
      .all()
    return Promise.all(rows.map(async (r) => (await r.locator('td, th').allInnerTexts()).map((t) => t.trim())))
  }

  async openInvestigation(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Open an investigation for this referral' }))
  }
}
