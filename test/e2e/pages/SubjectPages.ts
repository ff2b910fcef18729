/**
 * Subjects: the Subjects tab, adding a subject, and the subject page with its allegations,
 * severity assessments and notices of investigation (each form on a page of its own).
 */
import type { PlainDate } from '../../../src/domain/calendar.js'
import { CasePage, fillDate } from './CasePage.js'

export class SubjectsPage extends CasePage {
  async addSubject(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add a subject' }))
  }

  async openSubject(name: string): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name }))
  }
}

export interface NewSubject {
  givenName: string
  familyName: string
  warrantNumber: string
  /** The rank's label, for example "Sergeant". */
  rank: string
  roleAtTime?: string
}

export class AddSubjectPage extends CasePage {
  async addPoliceOfficer(subject: NewSubject): Promise<void> {
    await this.page.getByLabel('Given name').fill(subject.givenName)
    await this.page.getByLabel('Family name').fill(subject.familyName)
    await this.page.getByLabel('Warrant (collar) or staff number').fill(subject.warrantNumber)
    await this.page.getByLabel('Police officer', { exact: true }).check()
    // The rank is revealed by choosing "Police officer".
    await this.page.getByLabel('Rank at the time').selectOption({ label: subject.rank })
    if (subject.roleAtTime)
      await this.page.getByLabel('Role at the time of the events (optional)').fill(subject.roleAtTime)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add subject' }))
  }
}

export class SubjectPage extends CasePage {
  /** A row's value in the subject's summary list, for example "Current severity". */
  async detail(key: string): Promise<string> {
    const row = this.page
      .locator('main .govuk-summary-list')
      .first()
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: key }) })
      .first()
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  /** Each form is on a page of its own (checked with axe as it opens), reached from the subject page, which it returns to. */
  async addAllegation(description: string, standards: string[]): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Add an allegation' }))
    await this.expectAccessible()
    await this.page.getByLabel('What is alleged').fill(description)
    const group = this.page.getByRole('group', { name: 'Standards of Professional Behaviour' })
    for (const s of standards) await group.getByLabel(s, { exact: true }).check()
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add allegation' }))
  }

  /** The text of each allegation card. */
  async allegations(): Promise<string[]> {
    const cards = this.page.locator('.govuk-summary-card', {
      has: this.page.locator('h3', { hasText: /^Allegation \d+/ }),
    })
    return (await cards.allInnerTexts()).map((t) => t.trim())
  }

  async assessSeverity(severity: string, rationale: string, assessedOn: PlainDate): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: /^(Assess the severity|Record a new assessment)$/ }))
    await this.expectAccessible()
    const form = this.page.locator('form[action$="/severity-assessments"]')
    await form.getByRole('group', { name: 'Severity' }).getByLabel(severity, { exact: true }).check()
    await form.getByLabel('Rationale').fill(rationale)
    await fillDate(form, 'assessedOn', assessedOn)
    await this.clickAndWait(form.getByRole('button', { name: 'Record assessment' }))
  }

  async generateNotice(): Promise<void> {
    await this.clickAndWait(
      this.page.getByRole('button', { name: /^Generate (a revised notice|notice of investigation)$/ }),
    )
  }

  /** The address of the latest notice's PDF. */
  async latestNoticePdfHref(): Promise<string> {
    const href = await this.page
      .locator('.govuk-summary-card', { hasText: '(latest)' })
      .getByRole('link', { name: /^Download PDF/ })
      .getAttribute('href')
    if (!href) throw new Error('no PDF link on the latest notice')
    return href
  }

  async recordService(servedOn: PlainDate, method: string): Promise<void> {
    await this.clickAndWait(
      this.page
        .locator('.govuk-summary-card', { hasText: '(latest)' })
        .getByRole('link', { name: /^(Record service|Correct the service)/ }),
    )
    await this.expectAccessible()
    const form = this.page.locator('form[action$="/service"]')
    await fillDate(form, 'servedOn', servedOn)
    await form.getByLabel('How it was served').selectOption({ label: method })
    await this.clickAndWait(form.getByRole('button', { name: 'Record service' }))
  }

  /** The response due date on the latest notice's card. */
  async responseDue(): Promise<string> {
    return (await this.page.getByTestId('response-due').first().innerText()).trim()
  }
}
