/**
 * The Report tab: the report's status and workflow (submit, return with comments, approve), the
 * sections editor, the reviews, and the decision maker's determination per subject.
 */
import type { Locator } from 'playwright-core'
import { CasePage } from './CasePage.js'
import { wholeKey } from './OutcomePages.js'

export interface ReportSections {
  summary?: string
  termsOfReference?: string
  evidenceAnalysis?: string
  learning?: string
  /** Chronology events to include, by the text of their checkbox (a regular expression is fine). */
  chronologyEvents?: (string | RegExp)[]
  /** Findings by the subject's given and family name (the editor labels them "Findings: RANK NAME (WARRANT)"). */
  findings?: Record<string, string>
}

export class ReportPage extends CasePage {
  async open(investigationId: string): Promise<this> {
    await this.page.goto(`/investigations/${investigationId}/report`)
    return this
  }

  /** The report's status tag: "Draft", "With the decision maker", "Returned with comments" or "Approved". */
  async reportStatus(): Promise<string> {
    return (await this.page.getByTestId('report-status').innerText()).trim()
  }

  /** A row's value in the report's summary list ("Current version", "Approved version"). */
  async fact(key: string): Promise<string> {
    const row = this.page
      .locator('main .govuk-summary-list')
      .first()
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: wholeKey(key) }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  /** The problem shown at the top of the tab when a workflow step is refused. */
  async formError(): Promise<string> {
    return (await this.page.locator('#form').innerText()).replace(/^Error:\s*/, '').trim()
  }

  async saveVersion(sections: ReportSections): Promise<void> {
    const editor = this.page.locator('form', { has: this.page.getByRole('button', { name: 'Save a new version' }) })
    if (sections.summary !== undefined) await editor.getByLabel('Summary', { exact: true }).fill(sections.summary)
    if (sections.termsOfReference !== undefined)
      await editor.getByLabel('Terms of reference', { exact: true }).fill(sections.termsOfReference)
    if (sections.evidenceAnalysis !== undefined)
      await editor.getByLabel('Evidence analysis', { exact: true }).fill(sections.evidenceAnalysis)
    if (sections.learning !== undefined) await editor.getByLabel('Learning', { exact: true }).fill(sections.learning)
    for (const event of sections.chronologyEvents ?? []) {
      await editor.getByRole('group', { name: 'Chronology extract: events to include' }).getByLabel(event).check()
    }
    for (const [name, text] of Object.entries(sections.findings ?? {}))
      await editor
        .getByLabel(`Findings:`)
        .and(editor.getByLabel(` ${name} (`))
        .fill(text)
    await this.clickAndWait(editor.getByRole('button', { name: 'Save a new version' }))
  }

  async submitToDecisionMaker(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Submit to the decision maker' }))
  }

  async returnWithComments(comments: string): Promise<void> {
    await this.page.getByLabel('Return with comments').fill(comments)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Return the report' }))
  }

  async approve(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Approve the report' }))
  }

  /** Each review row: [when, what, version, by, comments]. */
  async reviews(): Promise<string[][]> {
    const rows = this.page
      .locator('table', { has: this.page.locator('caption', { hasText: 'Submissions and reviews' }) })
      .locator('tbody tr')
    const out: string[][] = []
    for (const row of await rows.all()) out.push((await row.locator('td').allInnerTexts()).map((t) => t.trim()))
    return out
  }

  /** The determination card of one subject. */
  determinationCard(subjectName: string): Locator {
    return this.page.locator('.govuk-summary-card', { has: this.page.locator('h3', { hasText: subjectName }) })
  }

  async determination(subjectName: string): Promise<string> {
    const row = this.determinationCard(subjectName)
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: wholeKey('Determination') }) })
    return (await row.locator('.govuk-summary-list__value').innerText()).trim()
  }

  async recordDetermination(
    subjectName: string,
    determination: string,
    rationale: string,
    referToCps = false,
  ): Promise<void> {
    const card = this.determinationCard(subjectName)
    await card.locator('summary', { hasText: /determination/ }).click()
    await card.getByRole('group', { name: 'Determination' }).getByLabel(determination, { exact: true }).check()
    await card.getByLabel('Rationale').fill(rationale)
    await card
      .getByRole('group', { name: 'Refer to the Crown Prosecution Service?' })
      .getByLabel(referToCps ? 'Yes' : 'No', { exact: true })
      .check()
    await this.clickAndWait(card.getByRole('button', { name: 'Save the determination' }))
  }
}
