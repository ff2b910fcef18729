/** The Chronology tab (the timeline) and the form to add an event. */
import type { PlainDate } from '../../../src/domain/calendar.js'
import { CasePage, fillDate } from './CasePage.js'

export interface TimelineEvent {
  title: string
  missedOpportunity: boolean
  text: string
}

export class ChronologyPage extends CasePage {
  async addEvent(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: 'Add an event' }))
  }

  async events(): Promise<TimelineEvent[]> {
    const items = await this.page.getByTestId('timeline-event').all()
    return Promise.all(
      items.map(async (item) => ({
        title: (await item.locator('.moj-timeline__title').innerText()).trim(),
        missedOpportunity: (await item.getByTestId('missed-opportunity').count()) > 0,
        text: (await item.innerText()).trim(),
      })),
    )
  }
}

export interface NewEvent {
  occurredOn: PlainDate
  occurredTime?: string
  /** The kind's label: "Underlying fact" or "Investigation event". */
  kind: string
  title: string
  description?: string
  missedOpportunity?: boolean
  missedOpportunityReason?: string
}

export class EventFormPage extends CasePage {
  async fill(event: NewEvent): Promise<void> {
    await fillDate(this, 'occurredOn', event.occurredOn)
    if (event.occurredTime !== undefined) await this.page.getByLabel('Time (optional)').fill(event.occurredTime)
    await this.page.getByRole('group', { name: 'Kind of event' }).getByLabel(event.kind, { exact: true }).check()
    await this.page.getByLabel('What happened').fill(event.title)
    if (event.description !== undefined) await this.page.getByLabel('Description (optional)').fill(event.description)
    const missed = this.page.getByLabel('This was a missed opportunity')
    if (event.missedOpportunity) await missed.check()
    else await missed.uncheck()
    if (event.missedOpportunityReason !== undefined)
      await this.page.getByLabel('Why was this a missed opportunity?').fill(event.missedOpportunityReason)
  }

  async submit(): Promise<void> {
    await this.clickAndWait(this.page.getByRole('button', { name: /^(Add event|Save changes)$/ }))
  }
}
