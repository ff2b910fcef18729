/**
 * The order a case's dates must tell (issue 16: "a notice generated after it was served, a report
 * approved after it was sent"). Pure: given a case's dated facts, the ways they contradict each
 * other or today. Used to check the demo data (test/integration/demoStory.test.ts) and open to any
 * case: a case imported from another system can be checked the same way.
 */
import type { PlainDate } from './calendar.js'

export interface CaseStoryFacts {
  today: PlainDate
  /** A notice per subject: the day it was generated, served and answered. */
  notices: { who: string; generatedOn: PlainDate; servedOn: PlainDate | null; responseReceivedOn: PlainDate | null }[]
  /** The days the report was approved (each approval) and sent to the appropriate authority. */
  approvedOn: PlainDate[]
  sentOn: PlainDate | null
  /** The force's responses and the oversight body's recommendations and directions: after the sending. */
  afterSending: { what: string; on: PlainDate }[]
  holds: { placedOn: PlainDate; liftedOn: PlainDate | null }[]
  /** Everything else dated as having happened (events, updates, meetings, proceedings held). */
  happened: { what: string; on: PlainDate }[]
}

/** Each contradiction in words; none for a consistent case. */
export function storyProblems(f: CaseStoryFacts): string[] {
  const problems: string[] = []
  const past = (what: string, on: PlainDate | null) => {
    if (on !== null && on > f.today) problems.push(`${what} is dated ${on}, after today (${f.today})`)
  }
  for (const n of f.notices) {
    past(`the notice to ${n.who} generated`, n.generatedOn)
    past(`the notice to ${n.who} served`, n.servedOn)
    past(`the response from ${n.who}`, n.responseReceivedOn)
    if (n.servedOn !== null && n.generatedOn > n.servedOn)
      problems.push(`the notice to ${n.who} was generated on ${n.generatedOn}, after it was served on ${n.servedOn}`)
    if (n.responseReceivedOn !== null && (n.servedOn === null || n.responseReceivedOn < n.servedOn))
      problems.push(
        `${n.who}'s response (${n.responseReceivedOn}) came before the notice was served (${n.servedOn ?? 'never'})`,
      )
  }
  for (const a of f.approvedOn) past('the report approved', a)
  past('the report sent', f.sentOn)
  if (f.sentOn !== null) {
    if (!f.approvedOn.length) problems.push(`the report was sent on ${f.sentOn} but never approved`)
    else if (f.approvedOn.every((a) => a > f.sentOn!))
      problems.push(`the report was approved on ${f.approvedOn.join(', ')}, after it was sent on ${f.sentOn}`)
  }
  for (const x of f.afterSending) {
    past(x.what, x.on)
    if (f.sentOn === null) problems.push(`${x.what} (${x.on}) but the report was never sent`)
    else if (x.on < f.sentOn) problems.push(`${x.what} is dated ${x.on}, before the report was sent on ${f.sentOn}`)
  }
  for (const h of f.holds) {
    past('a publication hold placed', h.placedOn)
    past('a publication hold lifted', h.liftedOn)
    if (h.liftedOn !== null && h.liftedOn < h.placedOn)
      problems.push(`a publication hold was lifted on ${h.liftedOn}, before it was placed on ${h.placedOn}`)
  }
  for (const x of f.happened) past(x.what, x.on)
  return problems
}
