/**
 * From report to outcome: the team's Outcome tab and subject page (send the report, recommend
 * or direct proceedings, answer whether the force accepted), and the appropriate authority's
 * pages (/authority: the reports sent to its force, one report, one officer's response and
 * proceedings).
 */
import type { Locator } from 'playwright-core'
import type { PlainDate } from '../../../src/domain/calendar.js'
import { BasePage } from './BasePage.js'
import { CasePage, fillDate } from './CasePage.js'

/** A key matched whole, whatever whitespace the template leaves around it. */
export const wholeKey = (key: string): RegExp => new RegExp(`^\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`)

/** The value of a summary-list row, by its whole key, within a scope. */
async function summaryValue(scope: Locator, key: string): Promise<string> {
  const row = scope
    .locator('.govuk-summary-list__row')
    .filter({ has: scope.page().locator('.govuk-summary-list__key', { hasText: wholeKey(key) }) })
    .first()
  return (await row.locator('.govuk-summary-list__value').innerText()).trim()
}

export class OutcomePage extends CasePage {
  async open(investigationId: string): Promise<this> {
    await this.page.goto(`/investigations/${investigationId}/outcome`)
    return this
  }

  async formError(): Promise<string> {
    return (await this.page.locator('#form').innerText()).replace(/^Error:\s*/, '').trim()
  }

  async sendReport(sentOn: PlainDate): Promise<void> {
    const form = this.page.locator('form', {
      has: this.page.getByRole('button', { name: 'Send the report to the appropriate authority' }),
    })
    await fillDate(form, 'sentOn', sentOn)
    await this.clickAndWait(form.getByRole('button', { name: 'Send the report to the appropriate authority' }))
  }

  async fact(key: string): Promise<string> {
    return summaryValue(this.page.locator('main'), key)
  }

  /** The subjects table as rows of cells: name, determination, response, escalation, proceedings, status. */
  async subjectRows(): Promise<string[][]> {
    const rows = this.page
      .locator('table', { has: this.page.locator('caption', { hasText: 'Each subject’s path after the report' }) })
      .locator('tbody tr')
    const out: string[][] = []
    for (const row of await rows.all()) out.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()))
    return out
  }

  async openSubject(name: string): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name, exact: true }))
  }
}

export class OutcomeSubjectPage extends CasePage {
  async detail(key: string): Promise<string> {
    return summaryValue(this.page.locator('main .govuk-summary-list').first(), key)
  }

  /** Recommends proceedings, or directs them once a recommendation was not accepted. */
  async escalate(
    kind: 'recommendation' | 'direction',
    proceedings: 'Misconduct meeting' | 'Misconduct hearing',
    madeOn: PlainDate,
    reasons: string,
  ): Promise<void> {
    const button = kind === 'direction' ? 'Give the direction' : 'Make the recommendation'
    const form = this.page.locator('form', { has: this.page.getByRole('button', { name: button }) })
    await form.getByRole('group', { name: 'Proceedings' }).getByLabel(proceedings, { exact: true }).check()
    await fillDate(form, 'madeOn', madeOn)
    await form.getByLabel('Reasons').fill(reasons)
    await this.clickAndWait(form.getByRole('button', { name: button }))
  }

  /** The card of the recommendation or the direction. */
  card(title: 'Recommendation' | 'Direction'): Locator {
    return this.page.locator('.govuk-summary-card', {
      has: this.page.locator('.govuk-summary-card__title', { hasText: wholeKey(title) }),
    })
  }

  async cardDetail(title: 'Recommendation' | 'Direction', key: string): Promise<string> {
    return summaryValue(this.card(title), key)
  }

  /** Records whether the force accepted the recommendation, and when it answered. */
  async answerRecommendation(accepted: boolean, answeredOn: PlainDate): Promise<void> {
    const form = this.page.locator('form', {
      has: this.page.getByRole('group', { name: 'Did the force accept the recommendation?' }),
    })
    await form
      .getByRole('group', { name: 'Did the force accept the recommendation?' })
      .getByLabel(accepted ? 'Yes' : 'No', { exact: true })
      .check()
    await fillDate(form, 'recResponseOn', answeredOn)
    await this.clickAndWait(form.getByRole('button', { name: 'Save' }))
  }

  async recordProceedings(p: ProceedingsDetails): Promise<void> {
    await recordProceedings(this, p)
  }

  async backToOutcome(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: 'Back to the outcome' }))
  }
}

export class AuthorityReportsPage extends BasePage {
  static readonly path = '/authority'

  async open(): Promise<this> {
    await this.page.goto(AuthorityReportsPage.path)
    return this
  }

  /** Each report row: reference, investigation, sent, response due, subjects answered. */
  async rows(): Promise<string[][]> {
    const rows = this.page.locator('main table tbody tr')
    const out: string[][] = []
    for (const row of await rows.all()) out.push((await row.locator('th, td').allInnerTexts()).map((t) => t.trim()))
    return out
  }

  async openReport(reference: string): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: reference, exact: true }))
  }
}

export class AuthorityReportPage extends BasePage {
  async open(investigationId: string): Promise<this> {
    await this.page.goto(`/authority/${investigationId}`)
    return this
  }

  async fact(key: string): Promise<string> {
    return summaryValue(this.page.locator('main .govuk-summary-list').first(), key)
  }

  /** The task list of the force's responses: each task's title and status. */
  async tasks(): Promise<{ title: string; status: string }[]> {
    const out: { title: string; status: string }[] = []
    for (const item of await this.page.locator('main .govuk-task-list__item').all()) {
      out.push({
        title: (
          await item
            .locator('.govuk-task-list__name-and-hint a, .govuk-task-list__name-and-hint > div')
            .first()
            .innerText()
        ).trim(),
        status: (await item.locator('.govuk-task-list__status').innerText()).trim(),
      })
    }
    return out
  }

  /** The status of the task whose title starts with the given words ("Respond about Ann Ellery"). */
  async taskStatus(titleStart: string): Promise<string> {
    const task = (await this.tasks()).find((t) => t.title.startsWith(titleStart))
    if (!task) throw new Error(`no task starting "${titleStart}"`)
    return task.status
  }

  /** Opens the task whose title starts with the given words. */
  async openTask(titleStart: string): Promise<void> {
    await this.clickAndWait(this.page.locator('main .govuk-task-list__link', { hasText: titleStart }).first())
  }

  /** Opens the officer's task: the answer when not started, the officer's summary once answered. */
  async respondAbout(name: string): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: new RegExp(`^Respond about ${name} \\(`) }))
  }

  async mainText(): Promise<string> {
    return (await this.page.locator('main').innerText()).trim()
  }
}

export interface ProceedingsDetails {
  kind?: 'Misconduct meeting' | 'Misconduct hearing (legally qualified chair)' | 'No proceedings'
  scheduledOn?: PlainDate
  heldOn?: PlainDate
  chairName?: string
  chairLegallyQualified?: boolean
  panel?: string[]
  /** The outcome's label, for example "Dismissal without notice". */
  outcome?: string
  outcomeOn?: PlainDate
  barredListEntryOn?: PlainDate
}

/** Fills and sends the proceedings form (the same on the team's and the authority's pages). */
async function recordProceedings(on: BasePage, p: ProceedingsDetails): Promise<void> {
  const form = on.page.locator('form', {
    has: on.page.getByRole('button', { name: /^(Record|Save) the proceedings$/ }),
  })
  if (p.kind)
    await form.getByRole('group', { name: 'Decision on proceedings' }).getByLabel(p.kind, { exact: true }).check()
  if (p.scheduledOn) await fillDate(form, 'scheduledOn', p.scheduledOn)
  if (p.heldOn) await fillDate(form, 'heldOn', p.heldOn)
  if (p.chairName !== undefined) await form.getByLabel('Chair', { exact: true }).fill(p.chairName)
  if (p.chairLegallyQualified !== undefined) {
    await form
      .getByRole('group', { name: 'Is the chair legally qualified?' })
      .getByLabel(p.chairLegallyQualified ? 'Yes' : 'No', { exact: true })
      .check()
  }
  if (p.panel) await form.getByLabel('Panel members').fill(p.panel.join('\n'))
  if (p.outcome) await form.getByLabel('Outcome', { exact: true }).selectOption({ label: p.outcome })
  if (p.outcomeOn) await fillDate(form, 'outcomeOn', p.outcomeOn)
  if (p.barredListEntryOn) await fillDate(form, 'barredListEntryOn', p.barredListEntryOn)
  await on.clickAndWait(form.getByRole('button', { name: /^(Record|Save) the proceedings$/ }))
}

export class AuthoritySubjectPage extends BasePage {
  async detail(key: string): Promise<string> {
    return summaryValue(this.page.locator('main .govuk-summary-list').first(), key)
  }

  async respond(response: {
    agrees: boolean
    proposed: 'Misconduct meeting' | 'Misconduct hearing' | 'No proceedings'
    reasons: string
    respondedOn: PlainDate
  }): Promise<void> {
    const form = this.page.locator('form', {
      has: this.page.getByRole('group', { name: 'Do you agree with the determination?' }),
    })
    await form
      .getByRole('group', { name: 'Do you agree with the determination?' })
      .getByLabel(response.agrees ? 'Yes' : 'No', { exact: true })
      .check()
    await form
      .getByRole('group', { name: 'What proceedings do you propose?' })
      .getByLabel(response.proposed, { exact: true })
      .check()
    await form.getByLabel('Reasons').fill(response.reasons)
    await fillDate(form, 'respondedOn', response.respondedOn)
    await this.clickAndWait(form.getByRole('button', { name: /^(Record|Change) your response$/ }))
  }

  async recordProceedings(p: ProceedingsDetails): Promise<void> {
    await recordProceedings(this, p)
  }

  /** A row of any summary list on the page (the officer's facts, then the force's answers). */
  async answer(key: string): Promise<string> {
    return summaryValue(this.page.locator('main'), key)
  }

  /** From the officer's summary to the proceedings step ("Record" or "Change" the proceedings). */
  async openProceedings(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('link', { name: /^(Record|Change) the proceedings about / }))
  }

  async back(): Promise<void> {
    await this.clickAndWait(this.page.locator('.govuk-back-link'))
  }
}
