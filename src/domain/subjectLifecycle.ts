/**
 * A subject's path through the investigation (DOMAIN.md "Lifecycle"):
 *
 *   identified → notice_served → (responded →) opinion_given → proceedings (meeting | hearing) → outcome
 *                                               opinion_given → outcome, when no proceedings follow
 *   identified ─────────────────────────────→ opinion_given, when the opinion finds no case to answer
 *
 * The notice of investigation protects a subject's right to answer before anything is found
 * against them, so only an opinion of a case to answer needs it first; an opinion that finds none
 * (no case to answer, unsatisfactory performance, reflective practice) can be given on a subject
 * who was never served one (their conduct assessed as neither, or never reaching notice). A case
 * to answer without a notice is refused with its next step: serve the notice (docs/domain-decisions.md).
 *
 * and their severity assessment, which can be revised as evidence emerges with every revision
 * kept. Pure, in the same style as the investigation lifecycle: the service gathers SubjectFacts
 * and asks transitionSubject().
 */
import { compareDates, type PlainDate } from './calendar.js'
import { ENGLAND_AND_WALES, noticeResponseDue, type RuleSet } from './ruleSet.js'
import {
  OUTCOMES_AVAILABLE,
  OUTCOME_LABELS,
  PROCEEDINGS_KIND_LABELS,
  SEVERITY_LABELS,
  severityOfOpinion,
  type NoticeServiceMethod,
  type Opinion,
  type Outcome,
  type ProceedingsKind,
  type Severity,
} from './vocabulary.js'

export const SUBJECT_STATUSES = [
  'identified',
  'notice_served',
  'responded',
  'opinion_given',
  'proceedings',
  'outcome',
] as const
export type SubjectStatus = (typeof SUBJECT_STATUSES)[number]

export const SUBJECT_STATUS_LABELS: Record<SubjectStatus, string> = {
  identified: 'Identified',
  notice_served: 'Notice served',
  responded: 'Responded to notice',
  opinion_given: 'Opinion given',
  proceedings: 'Facing proceedings',
  outcome: 'Outcome recorded',
}

export function isSubjectStatus(value: unknown): value is SubjectStatus {
  return typeof value === 'string' && (SUBJECT_STATUSES as readonly string[]).includes(value)
}

// Severity history ------------------------------------------------------------------------------

export interface SeverityAssessment {
  severity: Severity
  assessedOn: PlainDate
}

/**
 * The assessments in the order they took effect: by date, and on the same date in the order
 * recorded (the array order). Never mutates the history it is given.
 */
export function orderedSeverityHistory<T extends SeverityAssessment>(history: readonly T[]): T[] {
  return history
    .map((assessment, index) => ({ assessment, index }))
    .sort((a, b) => compareDates(a.assessment.assessedOn, b.assessment.assessedOn) || a.index - b.index)
    .map(({ assessment }) => assessment)
}

/** The current severity: the latest assessment's, or null before any. */
export function currentSeverity(history: readonly SeverityAssessment[]): Severity | null {
  return orderedSeverityHistory(history).at(-1)?.severity ?? null
}

export type RecordSeverityResult<T> = { ok: true; history: T[] } | { ok: false; problem: string }

/**
 * Adds a (re-)assessment to the history, keeping every earlier one. It may confirm the current
 * severity; it may not be dated before the latest assessment, or "current" would silently stay
 * what it was.
 */
export function recordSeverityAssessment<T extends SeverityAssessment>(
  history: readonly T[],
  assessment: T,
): RecordSeverityResult<T> {
  const latest = orderedSeverityHistory(history).at(-1)
  if (latest && compareDates(assessment.assessedOn, latest.assessedOn) < 0) {
    return { ok: false, problem: `A severity assessment cannot be dated before the latest one (${latest.assessedOn})` }
  }
  return { ok: true, history: [...history, assessment] }
}

export interface SeverityChange {
  from: Severity | null
  to: Severity
  on: PlainDate
}

/** The changes of severity over time (confirmations of the same severity are left out). */
export function severityChanges(history: readonly SeverityAssessment[]): SeverityChange[] {
  const changes: SeverityChange[] = []
  let previous: Severity | null = null
  for (const { severity, assessedOn } of orderedSeverityHistory(history)) {
    if (severity !== previous) changes.push({ from: previous, to: severity, on: assessedOn })
    previous = severity
  }
  return changes
}

/**
 * True when the severity has been revised since the notice was served, so the subject must be
 * told in writing of the revised assessment before an opinion is formed on it.
 */
export function needsRevisedNotice(
  history: readonly SeverityAssessment[],
  notice: { severity: Severity } | null,
): boolean {
  const current = currentSeverity(history)
  return notice !== null && current !== null && current !== notice.severity
}

// Transitions -------------------------------------------------------------------------------------

export interface SubjectNotice {
  servedOn: PlainDate
  method: NoticeServiceMethod
  /** The severity the notice told the subject of. */
  severity: Severity
}

/** What the guards need to know about one subject. */
export interface SubjectFacts {
  status: SubjectStatus
  severityHistory: readonly SeverityAssessment[]
  /** The latest notice of investigation (a revised notice replaces it), or null. */
  notice: SubjectNotice | null
  responseReceivedOn: PlainDate | null
  /** Today's London date: the response period is judged against it. */
  today: PlainDate
  /** The opinion in the report (as approved by the decision maker), or null. */
  opinion: Opinion | null
  /** The recorded decision on proceedings: a meeting, a hearing, none, or not yet decided. */
  proceedingsDecision: ProceedingsKind | 'none' | null
  /** A final written warning is in force, so misconduct goes to a hearing, not a meeting. */
  hasLiveFinalWrittenWarning: boolean
  outcome: Outcome | null
}

export type TransitionResult = { ok: true } | { ok: false; missing: string[] }

type Check = (facts: SubjectFacts, rules: RuleSet) => string | null

const lower = (s: string): string => s.toLowerCase()

const severityForNotice: Check = (f) => {
  const severity = currentSeverity(f.severityHistory)
  if (severity === null) return 'The severity must be assessed before a notice is served'
  if (severity === 'neither')
    return 'A notice is served only when the severity is assessed as misconduct or gross misconduct'
  return null
}
const noticeRecorded: Check = (f) =>
  f.notice === null ? 'The date and method of serving the notice must be recorded' : null
const noticeStatesCurrentSeverity: Check = (f) => {
  const severity = currentSeverity(f.severityHistory)
  return f.notice && severity && f.notice.severity !== severity
    ? `The notice must state the current severity (${lower(SEVERITY_LABELS[severity])})`
    : null
}
const responseRecorded: Check = (f) => {
  if (f.responseReceivedOn === null) return 'The date the subject’s response was received must be recorded'
  if (f.notice && compareDates(f.responseReceivedOn, f.notice.servedOn) < 0) {
    return 'The response cannot have been received before the notice was served'
  }
  return null
}
const responsePeriodOver: Check = (f, rules) => {
  if (f.responseReceivedOn !== null) return 'The subject has responded: record the response before the opinion'
  if (!f.notice) return 'The date and method of serving the notice must be recorded'
  const due = noticeResponseDue(f.notice.servedOn, rules)
  return compareDates(f.today, due) > 0
    ? null
    : `The subject has until ${due} to respond; an opinion without a response can be given only after that`
}
const noCaseToAnswerWithoutNotice: Check = (f) =>
  f.opinion !== null && severityOfOpinion(f.opinion) !== null
    ? 'A case to answer needs the notice of investigation served on the subject first, so that they can answer it: the investigation team records its service on the subject’s page, then the determination can be recorded'
    : null
const opinionRecorded: Check = (f) => (f.opinion === null ? 'The opinion on this subject must be recorded' : null)
const noRevisionPending: Check = (f) => {
  const severity = currentSeverity(f.severityHistory)
  return needsRevisedNotice(f.severityHistory, f.notice) && severity
    ? `The subject must be given notice of the revised severity (${lower(SEVERITY_LABELS[severity])}) first`
    : null
}
const proceedingsDecided: Check = (f) => {
  if (f.proceedingsDecision === null) return 'The decision on misconduct proceedings must be recorded'
  if (f.proceedingsDecision === 'none') return 'The decision was that no proceedings follow'
  const severity = f.opinion ? severityOfOpinion(f.opinion) : null
  if (severity === null) return 'Proceedings follow only an opinion that there is a case to answer'
  const needed: ProceedingsKind =
    severity === 'gross_misconduct' || f.hasLiveFinalWrittenWarning ? 'hearing' : 'meeting'
  return f.proceedingsDecision === needed
    ? null
    : `A case to answer for ${lower(SEVERITY_LABELS[severity])}${
        severity === 'misconduct' && f.hasLiveFinalWrittenWarning ? ' with a final written warning in force' : ''
      } goes to a ${lower(PROCEEDINGS_KIND_LABELS[needed])}`
}
const noProceedings: Check = (f) =>
  f.proceedingsDecision === 'none' ? null : 'A decision that no misconduct proceedings follow must be recorded'
const outcomeFrom =
  (route: ProceedingsKind | 'without_proceedings' | 'decided'): Check =>
  (f) => {
    if (f.outcome === null) return 'The outcome must be recorded'
    const where =
      route === 'decided'
        ? f.proceedingsDecision === 'none' || f.proceedingsDecision === null
          ? 'without_proceedings'
          : f.proceedingsDecision
        : route
    if (OUTCOMES_AVAILABLE[where].includes(f.outcome)) return null
    const at = where === 'without_proceedings' ? 'without misconduct proceedings' : `at a misconduct ${where}`
    return `${OUTCOME_LABELS[f.outcome]} is not an outcome available ${at}`
  }

const GUARDS: Record<SubjectStatus, Partial<Record<SubjectStatus, readonly Check[]>>> = {
  identified: {
    notice_served: [severityForNotice, noticeRecorded, noticeStatesCurrentSeverity],
    opinion_given: [opinionRecorded, noCaseToAnswerWithoutNotice],
  },
  notice_served: {
    responded: [responseRecorded],
    opinion_given: [responsePeriodOver, opinionRecorded, noRevisionPending],
  },
  responded: { opinion_given: [opinionRecorded, noRevisionPending] },
  opinion_given: {
    proceedings: [proceedingsDecided],
    outcome: [noProceedings, outcomeFrom('without_proceedings')],
  },
  proceedings: { outcome: [outcomeFrom('decided')] },
  outcome: {},
}

export const SUBJECT_TRANSITIONS: Readonly<Record<SubjectStatus, readonly SubjectStatus[]>> = (() => {
  const targets = {} as Record<SubjectStatus, readonly SubjectStatus[]>
  for (const from of SUBJECT_STATUSES) targets[from] = SUBJECT_STATUSES.filter((to) => GUARDS[from][to] !== undefined)
  return Object.freeze(targets)
})()

/** May the subject move to `to`? If not, every missing precondition, in plain English. */
export function transitionSubject(
  current: SubjectFacts,
  to: SubjectStatus,
  rules: RuleSet = ENGLAND_AND_WALES,
): TransitionResult {
  const checks = GUARDS[current.status][to]
  if (!checks) {
    const from = lower(SUBJECT_STATUS_LABELS[current.status])
    return {
      ok: false,
      missing: [
        current.status === to
          ? `The subject is already at “${from}”`
          : `A subject cannot go from “${from}” to “${lower(SUBJECT_STATUS_LABELS[to])}”`,
      ],
    }
  }
  const missing = [...new Set(checks.map((c) => c(current, rules)).filter((m): m is string => m !== null))]
  return missing.length === 0 ? { ok: true } : { ok: false, missing }
}

export function allowedSubjectTransitions(current: SubjectFacts, rules: RuleSet = ENGLAND_AND_WALES): SubjectStatus[] {
  return SUBJECT_STATUSES.filter((to) => transitionSubject(current, to, rules).ok)
}

/** The subject's path has ended: nothing more will be decided about them in this investigation. */
export function subjectPathEnded(status: SubjectStatus): boolean {
  return status === 'outcome'
}
