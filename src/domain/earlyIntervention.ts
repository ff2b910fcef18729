/**
 * Early-intervention flags (DOMAIN.md "Early-intervention flag"): an officer meets a configured
 * threshold. No opaque score: each flag names its rule and the allegations (or shared cases)
 * behind it. The thresholds live in the rule set (ruleSet.ts) so a body can set its own.
 *
 * The same rules are evaluated for every officer in SQL (data/repositories/officerRecords.ts, for
 * the list of flagged officers); this module is their definition, and a test holds the two equal.
 *
 * Dates: an allegation is dated by its case — the day a historical case was received, the day a
 * live investigation's matter came to attention (else the day it opened). A period of M months
 * ending on day E holds the days after E − M months (the same day of the month M months earlier,
 * the month's last day when it has no such day) up to and including E: so 3 allegations on
 * 2020-01-01, 2020-06-01 and 2020-12-31 are within 12 months; on 2020-01-01 and 2021-01-01 they are not.
 */
import { addMonths, compareDates, type PlainDate } from './calendar.js'

export const EARLY_INTERVENTION_RULE_KINDS = [
  /** `threshold` or more allegations within `months` months. */
  'allegations_in_period',
  /** `threshold` or more allegations of the same category within `months` months. */
  'same_category_in_period',
  /** named with the same colleague (a co-subject) on `threshold` or more cases, whenever. */
  'same_colleague_cases',
] as const
export type EarlyInterventionRuleKind = (typeof EARLY_INTERVENTION_RULE_KINDS)[number]

export interface EarlyInterventionRule {
  /** Stable identifier, used in the API and the list's filter. Lower-case words joined by '-'. */
  readonly id: string
  readonly kind: EarlyInterventionRuleKind
  readonly threshold: number
  /** The period for the two period rules; ignored by same_colleague_cases. */
  readonly months: number
}

export const DEFAULT_EARLY_INTERVENTION_RULES: readonly EarlyInterventionRule[] = Object.freeze([
  Object.freeze({ id: 'allegations-12-months', kind: 'allegations_in_period', threshold: 3, months: 12 } as const),
  Object.freeze({ id: 'same-category-24-months', kind: 'same_category_in_period', threshold: 2, months: 24 } as const),
  Object.freeze({ id: 'same-colleague-3-cases', kind: 'same_colleague_cases', threshold: 3, months: 0 } as const),
])

/** Checks a configured rule list: whole thresholds of at least 2, periods of at least 1 month, unique ids. */
export function checkEarlyInterventionRules(rules: readonly EarlyInterventionRule[]): void {
  const seen = new Set<string>()
  for (const rule of rules) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(rule.id))
      throw new RangeError(`Rule id "${rule.id}" must be words joined by -`)
    if (seen.has(rule.id)) throw new RangeError(`Rule id "${rule.id}" is used twice`)
    seen.add(rule.id)
    if (!(EARLY_INTERVENTION_RULE_KINDS as readonly string[]).includes(rule.kind))
      throw new RangeError(`Rule ${rule.id}: unknown kind ${String(rule.kind)}`)
    // A threshold of 1 would flag every officer ever named: it says nothing.
    if (!Number.isSafeInteger(rule.threshold) || rule.threshold < 2)
      throw new RangeError(`Rule ${rule.id}: the threshold must be a whole number of at least 2`)
    if (rule.kind !== 'same_colleague_cases' && (!Number.isSafeInteger(rule.months) || rule.months < 1))
      throw new RangeError(`Rule ${rule.id}: the period must be a whole number of months, at least 1`)
  }
}

/** What the rule says, in words, for the page and the API. */
export function describeRule(rule: EarlyInterventionRule): string {
  const months = rule.months === 1 ? '1 month' : `${rule.months} months`
  switch (rule.kind) {
    case 'allegations_in_period':
      return `${rule.threshold} or more allegations within ${months}`
    case 'same_category_in_period':
      return `${rule.threshold} or more allegations of the same category within ${months}`
    case 'same_colleague_cases':
      return `Named with the same colleague on ${rule.threshold} or more cases`
  }
}

/** One allegation against the officer, as the rules see it. */
export interface AllegationFact {
  id: string
  caseId: string
  caseReference: string
  /** The case's date (see above). */
  on: PlainDate
  /** Candour's category where the source's was mapped, else the source's own (live: the first standard). */
  category: string | null
}

/** A case the officer shares with a colleague (both subjects, or both named in its allegations). */
export interface SharedCase {
  caseId: string
  caseReference: string
  on: PlainDate
}

export interface ColleagueFact {
  /** The colleague's officer id (their record's id). */
  officerId: string
  name: string
  cases: readonly SharedCase[]
}

export interface EarlyInterventionFlag {
  rule: EarlyInterventionRule
  /** The rule in words with what met it, e.g. "3 or more allegations within 12 months: 4, 2020-01-03 to 2020-11-30". */
  reason: string
  /** The latest day of the evidence: the list of flagged officers is newest first by this. */
  metOn: PlainDate
  /** The allegations behind a period rule (the latest period that meets it); empty for the colleague rule. */
  allegations: AllegationFact[]
  /** The colleague and the shared cases behind the colleague rule. */
  colleague: { officerId: string; name: string; cases: SharedCase[] } | null
  /** The category behind the same-category rule. */
  category: string | null
}

const byDateThenId = (a: AllegationFact, b: AllegationFact) => compareDates(a.on, b.on) || a.id.localeCompare(b.id)

/**
 * The latest period of `months` months holding `threshold` or more of the allegations: the
 * period ending on the latest day that has that many in the months up to it, with them.
 */
export function latestPeriodMeeting(
  allegations: readonly AllegationFact[],
  threshold: number,
  months: number,
): AllegationFact[] | null {
  const sorted = [...allegations].sort(byDateThenId)
  // Walk the window ends from the latest day back; the first that meets the threshold is the latest.
  for (let end = sorted.length - 1; end >= 0; end--) {
    const endOn = sorted[end]!.on
    // Every allegation on the same day as the end belongs to the period that ends that day.
    if (end < sorted.length - 1 && sorted[end + 1]!.on === endOn) continue
    const after = addMonths(endOn, -months)
    const inPeriod = sorted.filter((a) => compareDates(a.on, after) > 0 && compareDates(a.on, endOn) <= 0)
    if (inPeriod.length >= threshold) return inPeriod
  }
  return null
}

function periodReason(rule: EarlyInterventionRule, found: AllegationFact[]): string {
  return `${describeRule(rule)}: ${found.length}, from ${found[0]!.on} to ${found[found.length - 1]!.on}`
}

/**
 * Which rules the officer meets, and why. Pure: the facts are every allegation against the
 * officer across live and historical cases, and every colleague they share a case with.
 * Flags come in the order of the rules; the colleague rule gives one flag per colleague, the
 * category rule one per category (newest first within a rule).
 */
export function evaluateEarlyIntervention(
  allegations: readonly AllegationFact[],
  colleagues: readonly ColleagueFact[],
  rules: readonly EarlyInterventionRule[],
): EarlyInterventionFlag[] {
  const flags: EarlyInterventionFlag[] = []
  for (const rule of rules) {
    const within: EarlyInterventionFlag[] = []
    if (rule.kind === 'allegations_in_period') {
      const found = latestPeriodMeeting(allegations, rule.threshold, rule.months)
      if (found)
        within.push({
          rule,
          reason: periodReason(rule, found),
          metOn: found[found.length - 1]!.on,
          allegations: found,
          colleague: null,
          category: null,
        })
    } else if (rule.kind === 'same_category_in_period') {
      const byCategory = new Map<string, AllegationFact[]>()
      for (const a of allegations) {
        if (a.category === null) continue
        byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), a])
      }
      for (const [category, list] of byCategory) {
        const found = latestPeriodMeeting(list, rule.threshold, rule.months)
        if (found)
          within.push({
            rule,
            reason: `${periodReason(rule, found)} (${category})`,
            metOn: found[found.length - 1]!.on,
            allegations: found,
            colleague: null,
            category,
          })
      }
    } else {
      for (const colleague of colleagues) {
        const cases = uniqueCases(colleague.cases)
        if (cases.length < rule.threshold) continue
        within.push({
          rule,
          reason: `${describeRule(rule)}: ${cases.length} cases with ${colleague.name}`,
          metOn: cases[cases.length - 1]!.on,
          allegations: [],
          colleague: { officerId: colleague.officerId, name: colleague.name, cases },
          category: null,
        })
      }
    }
    within.sort(
      (a, b) =>
        compareDates(b.metOn, a.metOn) ||
        (a.category ?? a.colleague?.officerId ?? '').localeCompare(b.category ?? b.colleague?.officerId ?? ''),
    )
    flags.push(...within)
  }
  return flags
}

function uniqueCases(cases: readonly SharedCase[]): SharedCase[] {
  const seen = new Map<string, SharedCase>()
  for (const c of cases) if (!seen.has(c.caseId)) seen.set(c.caseId, c)
  return [...seen.values()].sort((a, b) => compareDates(a.on, b.on) || a.caseId.localeCompare(b.caseId))
}

/** The day an officer last met any rule (the list's order), or null when they meet none. */
export function latestFlagDate(flags: readonly EarlyInterventionFlag[]): PlainDate | null {
  let latest: PlainDate | null = null
  for (const f of flags) if (latest === null || compareDates(f.metOn, latest) > 0) latest = f.metOn
  return latest
}
