/**
 * The rule set: every deadline that differs by jurisdiction, in one place (DOMAIN.md
 * "Deadlines"). A rule set is plain data (periods and a holiday calendar); the due-date
 * functions below read it, so adding another jurisdiction means adding another RuleSet value,
 * not another set of functions. Every function defaults to England and Wales.
 */
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS,
  addCalendarDays,
  addMonths,
  addWorkingDays,
  assertPlainDate,
  compareDates,
  type HolidayCalendar,
  type PlainDate,
} from './calendar.js'
import {
  DEFAULT_EARLY_INTERVENTION_RULES,
  checkEarlyInterventionRules,
  type EarlyInterventionRule,
} from './earlyIntervention.js'

export interface RuleSet {
  /** A stable identifier for configuration and stored cases, e.g. 'england-and-wales'. */
  readonly id: string
  readonly name: string
  /** What makes a weekday a non-working day. */
  readonly holidays: HolidayCalendar
  /** The subject's written response to the notice of investigation, in working days after service. */
  readonly subjectResponseWorkingDays: number
  /** The longest gap, in calendar days, between keep-informed updates (and from the start to the first). */
  readonly keepInformedCadenceDays: number
  /** The first relevant period for a timeliness notice, in months from the day the allegation came to attention. */
  readonly timelinessFirstPeriodMonths: number
  /** Each following relevant period, in months. */
  readonly timelinessRepeatPeriodMonths: number
  /** The appropriate authority's response to the report, in working days after it is sent. */
  readonly authorityResponseWorkingDays: number
  /** The response to a coroner's prevention of future deaths report, in calendar days after it is issued. */
  readonly preventionOfFutureDeathsResponseDays: number
  /** The early-intervention thresholds every officer's record is checked against (earlyIntervention.ts). */
  readonly earlyIntervention: readonly EarlyInterventionRule[]
}

/**
 * England and Wales: Police (Conduct) Regulations 2020 reg 18 (10 working days to respond) and
 * reg 19 (12 months, then every 6 months); the 28-day keep-informed cadence of the 2012
 * regulations, kept as Candour's default; 15 working days for the appropriate authority.
 */
export const ENGLAND_AND_WALES: RuleSet = Object.freeze({
  id: 'england-and-wales',
  name: 'England and Wales',
  holidays: ENGLAND_AND_WALES_BANK_HOLIDAYS,
  subjectResponseWorkingDays: 10,
  keepInformedCadenceDays: 28,
  timelinessFirstPeriodMonths: 12,
  timelinessRepeatPeriodMonths: 6,
  authorityResponseWorkingDays: 15,
  preventionOfFutureDeathsResponseDays: 56,
  earlyIntervention: DEFAULT_EARLY_INTERVENTION_RULES,
})

export const RULE_SETS: readonly RuleSet[] = [ENGLAND_AND_WALES]

export function ruleSetById(id: string): RuleSet | undefined {
  return RULE_SETS.find((r) => r.id === id)
}

type Periods = Omit<RuleSet, 'id' | 'name' | 'holidays' | 'earlyIntervention'>

const PERIOD_KEYS: readonly (keyof Periods)[] = [
  'subjectResponseWorkingDays',
  'keepInformedCadenceDays',
  'timelinessFirstPeriodMonths',
  'timelinessRepeatPeriodMonths',
  'authorityResponseWorkingDays',
  'preventionOfFutureDeathsResponseDays',
]

/**
 * A rule set with some periods changed ("all configurable per rule set"), e.g. a longer
 * appropriate-authority period agreed locally. Every period must be a whole number of at least 1:
 * a zero period would make a deadline fall on the very day that starts it.
 */
export function configureRuleSet(
  base: RuleSet,
  overrides: Partial<Periods> & {
    id?: string
    name?: string
    holidays?: HolidayCalendar
    earlyIntervention?: readonly EarlyInterventionRule[]
  },
): RuleSet {
  const result: RuleSet = { ...base, ...overrides }
  checkEarlyInterventionRules(result.earlyIntervention)
  for (const key of PERIOD_KEYS) {
    const value = result[key]
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a whole number of at least 1, not ${String(value)}`)
    }
  }
  return Object.freeze(result)
}

/**
 * The last day for the subject's written response: the 10th working day after the day the
 * notice was served (the period starts with the day after service).
 */
export function noticeResponseDue(servedOn: PlainDate, rules: RuleSet = ENGLAND_AND_WALES): PlainDate {
  return addWorkingDays(servedOn, rules.subjectResponseWorkingDays, rules.holidays)
}

/**
 * The day by which the next keep-informed update is due: 28 calendar days after the last
 * update to that person (or after the start of the investigation, for the first). Calendar
 * days, not working days, and not moved off a weekend: the cadence is a maximum gap.
 */
export function nextKeepInformedDue(lastUpdateOrStart: PlainDate, rules: RuleSet = ENGLAND_AND_WALES): PlainDate {
  return addCalendarDays(lastUpdateOrStart, rules.keepInformedCadenceDays)
}

/** The last day for the appropriate authority's response to the report. */
export function authorityResponseDue(sentOn: PlainDate, rules: RuleSet = ENGLAND_AND_WALES): PlainDate {
  return addWorkingDays(sentOn, rules.authorityResponseWorkingDays, rules.holidays)
}

/**
 * The last day for the response to a coroner's prevention of future deaths report: 56 calendar
 * days after the report is issued (Coroners (Investigations) Regulations 2013 reg 29). Calendar
 * days, not moved off a weekend.
 */
export function preventionOfFutureDeathsResponseDue(
  issuedOn: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
): PlainDate {
  return addCalendarDays(assertPlainDate(issuedOn), rules.preventionOfFutureDeathsResponseDays)
}

/** One relevant period for a timeliness notice. */
export interface TimelinessPeriod {
  /** 1 for the first (12-month) period, 2 for the first 6-month period after it, … */
  readonly number: number
  readonly startsOn: PlainDate
  readonly endsOn: PlainDate
  /** The first day on which, if the investigation is still open, the notice is owed. */
  readonly noticeDueOn: PlainDate
}

/**
 * The relevant periods whose notices fall due on or before `until` (usually today, or the
 * date the investigation completed). The first period is 12 months beginning with the day the
 * allegation came to attention; each next one is the 6 months beginning the day after the
 * previous ended. Every boundary is counted from the original date, so a period starting on
 * the 31st does not drift earlier each time a shorter month clamps it.
 */
export function timelinessPeriods(
  cameToAttentionOn: PlainDate,
  until: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
): TimelinessPeriod[] {
  assertPlainDate(cameToAttentionOn)
  assertPlainDate(until)
  const periods: TimelinessPeriod[] = []
  let startsOn = cameToAttentionOn
  for (let number = 1; ; number++) {
    const months = rules.timelinessFirstPeriodMonths + (number - 1) * rules.timelinessRepeatPeriodMonths
    const noticeDueOn = addMonths(cameToAttentionOn, months)
    if (compareDates(noticeDueOn, until) > 0) return periods
    periods.push({ number, startsOn, endsOn: addCalendarDays(noticeDueOn, -1), noticeDueOn })
    startsOn = noticeDueOn
  }
}

/** The dates on which timeliness notices fall due, up to and including `until`. */
export function timelinessNoticeDates(
  cameToAttentionOn: PlainDate,
  until: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
): PlainDate[] {
  return timelinessPeriods(cameToAttentionOn, until, rules).map((p) => p.noticeDueOn)
}

/** The next timeliness notice date strictly after `after` (for showing what is coming). */
export function nextTimelinessNoticeDue(
  cameToAttentionOn: PlainDate,
  after: PlainDate,
  rules: RuleSet = ENGLAND_AND_WALES,
): PlainDate {
  assertPlainDate(after)
  for (let number = 1; ; number++) {
    const months = rules.timelinessFirstPeriodMonths + (number - 1) * rules.timelinessRepeatPeriodMonths
    const due = addMonths(cameToAttentionOn, months)
    if (compareDates(due, after) > 0) return due
  }
}
