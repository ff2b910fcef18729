/**
 * The Report tab and its pages (ADR 0028): the report's status, its task list of sections (a page
 * each) and the submission, the decision maker's task list of determinations (a page per subject)
 * and the decision page (approve, or return with comments), and the reviews.
 */
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

  /** Opens a row of one of the tab's task lists by its title (a row that cannot start yet has no link). */
  async openTask(list: 'report-tasks' | 'determination-tasks', title: string | RegExp): Promise<void> {
    await this.clickAndWait(this.page.getByTestId(list).getByRole('link', { name: title }))
  }

  /** A task list's rows as [title, status] (the status as its tag or words read). */
  async tasks(list: 'report-tasks' | 'determination-tasks'): Promise<[string, string][]> {
    const out: [string, string][] = []
    for (const item of await this.page.getByTestId(list).locator('.govuk-task-list__item').all()) {
      const title = (await item.locator('.govuk-task-list__name-and-hint > :first-child').innerText()).trim()
      out.push([title, (await item.locator('.govuk-task-list__status').innerText()).trim()])
    }
    return out
  }

  /**
   * Writes the given sections, each on its own page from the report's task list (each save keeps a
   * new version of the report), back on the tab after each.
   */
  async saveVersion(sections: ReportSections): Promise<void> {
    const save = () => this.clickAndWait(this.page.getByRole('button', { name: 'Save and return to the report' }))
    const text = async (title: string, value: string | undefined) => {
      if (value === undefined) return
      await this.openTask('report-tasks', new RegExp(`^${title}$`))
      await this.page.getByLabel(title, { exact: true }).fill(value)
      await save()
    }
    await text('Summary', sections.summary)
    await text('Terms of reference', sections.termsOfReference)
    if (sections.chronologyEvents?.length) {
      await this.openTask('report-tasks', /^Chronology extract$/)
      for (const event of sections.chronologyEvents)
        await this.page.getByRole('group', { name: 'Events to include' }).getByLabel(event).check()
      await save()
    }
    await text('Evidence analysis', sections.evidenceAnalysis)
    if (sections.findings && Object.keys(sections.findings).length) {
      await this.openTask('report-tasks', /^Findings$/)
      for (const [name, value] of Object.entries(sections.findings))
        await this.page
          .getByLabel('Findings:')
          .and(this.page.getByLabel(` ${name} (`))
          .fill(value)
      await save()
    }
    await text('Learning', sections.learning)
  }

  async submitToDecisionMaker(): Promise<void> {
    await this.openTask('report-tasks', 'Submit the report to the decision maker')
    await this.clickAndWait(this.page.getByRole('button', { name: 'Submit to the decision maker' }))
  }

  /** The decision page: from the decision's row, or (while it cannot start yet) the link to return the report. */
  async openDecision(): Promise<void> {
    const row = this.page
      .getByTestId('determination-tasks')
      .getByRole('link', { name: 'Approve the report or return it' })
    await this.clickAndWait(
      (await row.count()) ? row : this.page.getByRole('link', { name: 'Return the report with comments' }),
    )
  }

  async returnWithComments(comments: string): Promise<void> {
    await this.openDecision()
    await this.page.getByLabel('Return with comments').fill(comments)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Return the report', exact: true }))
  }

  async approve(): Promise<void> {
    await this.openDecision()
    await this.clickAndWait(this.page.getByRole('button', { name: 'Approve the report' }))
  }

  /** On the decision page while approval waits: who still needs a determination. */
  async approvalWaitsFor(): Promise<string> {
    return (await this.page.getByTestId('approval-waits').innerText()).trim()
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

  /** The subject's determination as its own page shows it (opened from the determinations' task list). */
  async determination(subjectName: string): Promise<string> {
    await this.openTask('determination-tasks', new RegExp(subjectName))
    const row = this.page
      .locator('main .govuk-summary-list__row')
      .filter({ has: this.page.locator('.govuk-summary-list__key', { hasText: wholeKey('Determination') }) })
    const value = (await row.locator('.govuk-summary-list__value').innerText()).trim()
    await this.page.goBack()
    return value
  }

  /** Opens the subject's determination page from the task list and records the determination there. */
  async recordDetermination(
    subjectName: string,
    determination: string,
    rationale: string,
    referToCps = false,
  ): Promise<void> {
    await this.openTask('determination-tasks', new RegExp(subjectName))
    await this.fillDetermination(determination, rationale, referToCps)
    await this.clickAndWait(this.page.getByRole('button', { name: 'Save the determination' }))
  }

  /** Fills the determination form on a subject's determination page. */
  async fillDetermination(determination: string | null, rationale: string, referToCps = false): Promise<void> {
    if (determination) await this.page.getByLabel(determination, { exact: true }).check()
    await this.page.getByLabel('Rationale').fill(rationale)
    await this.page
      .getByRole('group', { name: 'Refer to the Crown Prosecution Service?' })
      .getByLabel(referToCps ? 'Yes' : 'No', { exact: true })
      .check()
  }
}
