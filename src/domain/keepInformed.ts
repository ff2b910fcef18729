/**
 * The keep-informed clock for each interested person, and when a timeliness notice is owed.
 * Pure functions over plain dates; every period comes from the rule set.
 *
 * Keep-informed (DOMAIN.md "Deadlines"): an interested person who has consented to be kept
 * informed is due an update within the cadence (28 days) of the later of the investigation's
 * start and the day they became an interested person, and then within the cadence of their
 * previous update. A person without consent is recorded but not on the clock. The clock stops
 * when the investigation is closed.
 *
 * Timeliness (Police (Conduct) Regulations 2020 reg 19): owed for each relevant period that has
 * ended while the investigation is not completed (its report not yet submitted).
 */
import { addCalendarDays, calendarDaysBetween, compareDates, type PlainDate } from './calendar.js'
import type { InvestigationStatus } from './investigationLifecycle.js'
import {
  ENGLAND_AND_WALES,
  nextKeepInformedDue,
  timelinessPeriods,
  type RuleSet,
  type TimelinessPeriod,
} from './ruleSet.js'

/** Statuses in which no keep-informed update falls due. */
export const KEEP_INFORMED_STOPPED_STATUSES: readonly InvestigationStatus[] = ['closed']

/** Statuses in which the investigation is completed (its report submitted) for regulation 19. */
export const COMPLETED_INVESTIGATION_STATUSES: readonly InvestigationStatus[] = [
  'report_sent_to_appropriate_authority',
  'awaiting_proceedings',
  'closed',
]

export function keepInformedClockRuns(status: string): boolean {
  return !(KEEP_INFORMED_STOPPED_STATUSES as readonly string[]).includes(status)
}

export function isInvestigationCompleted(status: string): boolean {
  return (COMPLETED_INVESTIGATION_STATUSES as readonly string[]).includes(status)
}

export interface KeepInformedFacts {
  /** The day the investigation started (opened). */
  investigationStartedOn: PlainDate
  becameInterestedOn: PlainDate
  consentToBeKeptInformed: boolean
  /** The date of the latest update given to the person (or their representative), if any. */
  lastUpdateOn: PlainDate | null
  /** The investigation's status: a closed investigation's clock has stopped. */
  investigationStatus?: string
  /** An update owed by this date whatever the cadence (e.g. at once when a re-investigation opens), until one is given on or after it. */
  updateDueOn?: PlainDate | null
}

/** The date the clock counts from: the latest of the start, becoming interested, and the last update. */
export function keepInformedAnchor(
  facts: Pick<KeepInformedFacts, 'investigationStartedOn' | 'becameInterestedOn' | 'lastUpdateOn'>,
): PlainDate {
  const dates = [
    facts.investigationStartedOn,
    facts.becameInterestedOn,
    ...(facts.lastUpdateOn ? [facts.lastUpdateOn] : []),
  ]
  return dates.reduce((a, b) => (compareDates(a, b) >= 0 ? a : b))
}

/** The day by which the person's next update is due, or null when they are not on the clock. */
export function nextUpdateDue(facts: KeepInformedFacts, rules: RuleSet = ENGLAND_AND_WALES): PlainDate | null {
  if (!facts.consentToBeKeptInformed) return null
  if (facts.investigationStatus !== undefined && !keepInformedClockRuns(facts.investigationStatus)) return null
  const byCadence = nextKeepInformedDue(keepInformedAnchor(facts), rules)
  const owed = facts.updateDueOn
  if (!owed || (facts.lastUpdateOn !== null && compareDates(facts.lastUpdateOn, owed) >= 0)) return byCadence
  return compareDates(owed, byCadence) < 0 ? owed : byCadence
}

/** Whole days past the due date (0 on or before it). */
export function daysOverdue(dueOn: PlainDate, today: PlainDate): number {
  return Math.max(0, calendarDaysBetween(dueOn, today))
}

export type KeepInformedState = 'not_on_clock' | 'overdue' | 'due_soon' | 'on_track'

/** Overdue after the due date; due soon from `withinDays` before it up to and including it. */
export function keepInformedState(dueOn: PlainDate | null, today: PlainDate, withinDays = 7): KeepInformedState {
  if (dueOn === null) return 'not_on_clock'
  if (compareDates(today, dueOn) > 0) return 'overdue'
  if (compareDates(dueOn, addCalendarDays(today, withinDays)) <= 0) return 'due_soon'
  return 'on_track'
}

export interface PersonClock {
  dueOn: PlainDate | null
  daysOverdue: number
  state: KeepInformedState
}

export function personClock(
  facts: KeepInformedFacts,
  today: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
  withinDays = 7,
): PersonClock {
  const dueOn = nextUpdateDue(facts, rules)
  return {
    dueOn,
    daysOverdue: dueOn ? daysOverdue(dueOn, today) : 0,
    state: keepInformedState(dueOn, today, withinDays),
  }
}

/** What the database needs to compute the same due date in SQL: the cadence and the stopped statuses. */
export interface KeepInformedClockRule {
  cadenceDays: number
  stoppedStatuses: readonly string[]
}

export function keepInformedClockRule(rules: RuleSet = ENGLAND_AND_WALES): KeepInformedClockRule {
  return { cadenceDays: rules.keepInformedCadenceDays, stoppedStatuses: KEEP_INFORMED_STOPPED_STATUSES }
}

/**
 * The relevant periods for which a timeliness notice is owed on `today`: none once the
 * investigation is completed, nor when the date of attention is unknown.
 */
export function timelinessNoticesOwed(
  facts: { cameToAttentionOn: PlainDate | null; status: string },
  today: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
): TimelinessPeriod[] {
  if (facts.cameToAttentionOn === null || isInvestigationCompleted(facts.status)) return []
  return timelinessPeriods(facts.cameToAttentionOn, today, rules)
}
