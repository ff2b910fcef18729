/**
 * Task lists (GOV.UK Design System "Task list" pattern; issue 16, ADR 0028): the report's sections,
 * the decision maker's determinations, and the case's statutory progress. Each row's status is
 * derived here, purely, from the same facts the lifecycles use, so a task list can never disagree
 * with what the guards will allow: nobody ticks a row complete by hand.
 *
 * "Cannot start yet" means the domain would refuse the work now, or it cannot be done sensibly yet,
 * because something earlier is not done (findings before every subject's conduct is assessed, the
 * submission before the lifecycle's guard allows it, the approval before every determination,
 * sending before approval); the row says what it waits for and has no link.
 */
import { statusAfterReportStep, type InvestigationFacts, type InvestigationStatus } from './investigationLifecycle.js'
import type { ReportStatus } from './report.js'
import type { SubjectStatus } from './subjectLifecycle.js'
import type { Severity } from './vocabulary.js'

export const TASK_STATUSES = ['cannot_start', 'not_started', 'in_progress', 'completed'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  cannot_start: 'Cannot start yet',
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
}

export interface TaskRow<Key extends string = string> {
  key: Key
  title: string
  status: TaskStatus
  /** The words on the status tag, when the list words a status its own way ("Determination needed"). */
  statusText: string
  /** What the row waits for, or how far it has got ("2 of 3 served"). */
  hint: string | null
}

const row = <Key extends string>(
  key: Key,
  title: string,
  status: TaskStatus,
  hint: string | null = null,
  statusText: string = TASK_STATUS_LABELS[status],
): TaskRow<Key> => ({ key, title, status, statusText, hint })

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

// The report's sections ----------------------------------------------------------------------------

/** The report's sections as task-list rows, in the report's order; each has a page of its own. */
export const REPORT_SECTION_KEYS = [
  'summary',
  'terms-of-reference',
  'chronology',
  'evidence-analysis',
  'findings',
  'learning',
] as const
export type ReportSectionKey = (typeof REPORT_SECTION_KEYS)[number]
export const REPORT_SECTION_TITLES: Record<ReportSectionKey, string> = {
  summary: 'Summary',
  'terms-of-reference': 'Terms of reference',
  chronology: 'Chronology extract',
  'evidence-analysis': 'Evidence analysis',
  findings: 'Findings',
  learning: 'Learning',
}

export function isReportSectionKey(value: unknown): value is ReportSectionKey {
  return typeof value === 'string' && (REPORT_SECTION_KEYS as readonly string[]).includes(value)
}

export interface ReportTaskFacts {
  /** The report's workflow status, null before any version is saved. */
  reportStatus: ReportStatus | null
  /** The current version's sections (empty before any version). */
  sections: {
    summary: string
    termsOfReference: string
    chronologyEvents: number
    evidenceAnalysis: string
    documents: number
    /** The subjects with findings written. */
    findingsFor: readonly string[]
    learning: string
  }
  /** Every subject of the case, with whether their conduct has been assessed (a severity recorded). */
  subjects: readonly { id: string; assessed: boolean }[]
  /** The case's lifecycle facts, for the submission's guard (statusAfterReportStep). */
  investigation: InvestigationFacts
}

const written = (text: string) => text.trim() !== ''

/** The report's task list: a row per section, then the submission. */
export function reportTaskList(facts: ReportTaskFacts): TaskRow<ReportSectionKey | 'submit'>[] {
  const s = facts.sections
  const text = (key: ReportSectionKey, value: string) =>
    row(key, REPORT_SECTION_TITLES[key], written(value) ? 'completed' : 'not_started')
  const chronology = row(
    'chronology',
    REPORT_SECTION_TITLES.chronology,
    s.chronologyEvents > 0 ? 'completed' : 'not_started',
    s.chronologyEvents > 0 ? `${plural(s.chronologyEvents, 'event')} included` : null,
  )
  // The analysis is the text; the evidence it refers to supports it (a case may have none to refer to).
  const analysis = written(s.evidenceAnalysis)
  const evidence = row(
    'evidence-analysis',
    REPORT_SECTION_TITLES['evidence-analysis'],
    analysis ? 'completed' : s.documents > 0 ? 'in_progress' : 'not_started',
    analysis && s.documents === 0
      ? 'No evidence referred to'
      : !analysis && s.documents > 0
        ? 'The analysis is not written yet'
        : s.documents > 0
          ? `${plural(s.documents, 'document')} referred to`
          : null,
  )
  const unassessed = facts.subjects.filter((x) => !x.assessed).length
  const withFindings = new Set(s.findingsFor)
  const found = facts.subjects.filter((x) => withFindings.has(x.id)).length
  const findings =
    facts.subjects.length === 0
      ? row('findings', REPORT_SECTION_TITLES.findings, 'completed', 'The investigation has no subjects')
      : found === facts.subjects.length
        ? row('findings', REPORT_SECTION_TITLES.findings, 'completed')
        : found === 0 && unassessed > 0
          ? row(
              'findings',
              REPORT_SECTION_TITLES.findings,
              'cannot_start',
              `Waiting for the severity assessment of ${plural(unassessed, 'subject')}`,
            )
          : row(
              'findings',
              REPORT_SECTION_TITLES.findings,
              found ? 'in_progress' : 'not_started',
              `Findings on ${found} of ${plural(facts.subjects.length, 'subject')}`,
            )
  const sections = [
    text('summary', s.summary),
    text('terms-of-reference', s.termsOfReference),
    chronology,
    evidence,
    findings,
    text('learning', s.learning),
  ]
  return [...sections, submissionRow(facts, sections)]
}

function submissionRow(facts: ReportTaskFacts, sections: readonly TaskRow[]): TaskRow<'submit'> {
  const title = 'Submit the report to the decision maker'
  const status = facts.reportStatus
  if (status === 'submitted' || status === 'approved')
    return row('submit', title, 'completed', status === 'approved' ? 'The decision maker approved it' : null)
  if (status === null) return row('submit', title, 'cannot_start', 'Save a section of the report first')
  // The lifecycle's own guard for the move submission makes, with the report saved as it is.
  const guard = statusAfterReportStep({ ...facts.investigation, hasDraftReport: true }, 'submitted')
  if (!guard.ok) return row('submit', title, 'cannot_start', guard.missing.join('. '))
  // Unfinished sections do not stop it (the decision maker may return the report), but are named.
  const unfinished = sections.filter((x) => x.status !== 'completed').length
  return row(
    'submit',
    title,
    'not_started',
    [
      status === 'returned' ? 'Returned with comments: submit it again' : null,
      unfinished > 0 ? `${plural(unfinished, 'section')} not completed yet` : null,
    ]
      .filter(Boolean)
      .join('; ') || null,
  )
}

// The decision maker's determinations ---------------------------------------------------------------

export interface DeterminationTaskFacts {
  reportStatus: ReportStatus | null
  subjects: readonly { id: string; name: string; determined: boolean }[]
}

/**
 * The decision maker's task list on a submitted report: a row per subject, then the decision
 * (approve, or return with comments). Approval waits for every determination (the review refuses
 * it otherwise).
 */
export function determinationTaskList(facts: DeterminationTaskFacts): TaskRow[] {
  const approved = facts.reportStatus === 'approved'
  const rows: TaskRow[] = facts.subjects.map((s) =>
    s.determined
      ? row(`subject:${s.id}`, s.name, 'completed', null, 'Determination recorded')
      : row(`subject:${s.id}`, s.name, 'not_started', null, 'Determination needed'),
  )
  const left = facts.subjects.filter((s) => !s.determined).length
  const title = 'Approve the report or return it'
  rows.push(
    approved
      ? row('decision', title, 'completed', 'Approved')
      : facts.reportStatus !== 'submitted'
        ? row('decision', title, 'cannot_start', 'The report has not been submitted to the decision maker')
        : left > 0
          ? row(
              'decision',
              title,
              'cannot_start',
              `Record ${left === 1 ? 'the last determination' : `${left} more determinations`} first; the report can still be returned with comments`,
            )
          : row('decision', title, 'not_started'),
  )
  return rows
}

// The case's progress -------------------------------------------------------------------------------

export const CASE_STAGES = [
  'terms-of-reference',
  'severity',
  'notices',
  'interviews',
  'report',
  'decision-maker',
  'sent',
  'response',
  'publication',
] as const
export type CaseStage = (typeof CASE_STAGES)[number]
export const CASE_STAGE_TITLES: Record<CaseStage, string> = {
  'terms-of-reference': 'Terms of reference',
  severity: 'Severity assessments',
  notices: 'Notices of investigation served',
  interviews: 'Interviews of subjects',
  report: 'Final report written and submitted',
  'decision-maker': 'Decision maker’s determinations and approval',
  sent: 'Report sent to the appropriate authority',
  response: 'The appropriate authority’s response',
  publication: 'Publication',
}

/**
 * The stages each stage waits for (beyond its own facts): a stage is "Cannot start yet" only while
 * one of these is not completed, and a stage the lifecycle cannot reach before another is never
 * completed while that one is not.
 */
export const CASE_STAGE_PREREQUISITES: Record<CaseStage, readonly CaseStage[]> = {
  'terms-of-reference': [],
  severity: [],
  notices: ['severity'],
  interviews: ['notices'],
  report: [],
  'decision-maker': ['report'],
  sent: ['decision-maker'],
  response: ['sent'],
  // Published with the force's response where it has one, but the report can be released once sent.
  publication: ['sent'],
}

export interface CaseProgressFacts {
  status: InvestigationStatus
  hasTermsOfReference: boolean
  hasDecisionMaker: boolean
  /** One entry per subject: lifecycle status, current severity (null before any), interviews held. */
  subjects: readonly { status: SubjectStatus; severity: Severity | null; interviews: number }[]
  reportStatus: ReportStatus | null
  /** Determinations recorded on the report. */
  determinations: number
  reportSent: boolean
  /** Subjects (serving with the investigated force) the appropriate authority has answered, and how many it must. */
  responses: { answered: number; due: number }
  publication: 'none' | 'released_to_interested_persons' | 'published' | 'withdrawn'
  activeHolds: number
}

const NOTICE_GIVEN: readonly SubjectStatus[] = ['notice_served', 'responded', 'opinion_given', 'proceedings', 'outcome']
/** Statuses from which the report has reached the decision maker (or gone past them). */
const PAST_SUBMISSION: readonly InvestigationStatus[] = [
  'report_with_decision_maker',
  'report_approved',
  'report_sent_to_appropriate_authority',
  'awaiting_proceedings',
]

/**
 * The case's statutory stages with their statuses. A later fact implies the earlier stages of the
 * chain (a report sent was submitted and approved, whatever the report row says of an imported
 * case), so the list reads as the domain's order.
 */
export function caseProgress(f: CaseProgressFacts): TaskRow<CaseStage>[] {
  const rows = new Map<CaseStage, TaskRow<CaseStage>>()
  const done = (stage: CaseStage) => rows.get(stage)?.status === 'completed'
  const waiting = (stage: CaseStage) =>
    CASE_STAGE_PREREQUISITES[stage].filter((p) => !done(p)).map((p) => CASE_STAGE_TITLES[p].toLowerCase())
  const put = (stage: CaseStage, status: TaskStatus, hint: string | null = null) => {
    // Cannot start yet only when an earlier stage is unfinished; otherwise the work is open.
    const blocked = waiting(stage)
    const s = status === 'cannot_start' && blocked.length === 0 ? 'not_started' : status
    rows.set(
      stage,
      row(
        stage,
        CASE_STAGE_TITLES[stage],
        s,
        s === 'cannot_start' && !hint ? `Waiting for the ${blocked.join(' and ')}` : hint,
      ),
    )
  }
  const n = f.subjects.length
  // The statuses after sending say it was sent, whatever the report row says of an imported case.
  const sent =
    f.reportSent ||
    f.responses.answered > 0 ||
    f.publication !== 'none' ||
    f.status === 'report_sent_to_appropriate_authority' ||
    f.status === 'awaiting_proceedings'
  const approved = sent || f.reportStatus === 'approved' || f.status === 'report_approved'
  const submitted =
    approved || f.reportStatus === 'submitted' || PAST_SUBMISSION.includes(f.status) || f.determinations > 0

  put('terms-of-reference', f.hasTermsOfReference ? 'completed' : 'not_started')

  // A subject served a notice has been assessed: the notice states the severity.
  const assessed = f.subjects.filter((s) => s.severity !== null || NOTICE_GIVEN.includes(s.status)).length
  put(
    'severity',
    n === 0 || assessed === n ? 'completed' : assessed > 0 ? 'in_progress' : 'not_started',
    n === 0 ? 'The investigation has no subjects' : `${assessed} of ${plural(n, 'subject')} assessed`,
  )

  // As the lifecycle's guard: every subject served, or assessed as neither (served none).
  const needing = f.subjects.filter((s) => s.severity !== 'neither')
  const served = needing.filter((s) => NOTICE_GIVEN.includes(s.status)).length
  put(
    'notices',
    needing.length === served
      ? 'completed'
      : served > 0
        ? 'in_progress'
        : needing.every((s) => s.severity === null)
          ? 'cannot_start'
          : 'not_started',
    needing.length === 0
      ? n === 0
        ? 'The investigation has no subjects'
        : 'No subject needs a notice'
      : `${served} of ${plural(needing.length, 'notice')} served`,
  )

  // Subjects served a notice are interviewed (usually under caution) before the report.
  const toInterview = f.subjects.filter((s) => NOTICE_GIVEN.includes(s.status) && s.severity !== 'neither')
  const interviewed = toInterview.filter((s) => s.interviews > 0).length
  const interviewsDone = toInterview.length > 0 && interviewed === toInterview.length && done('notices')
  put(
    'interviews',
    interviewsDone || (needing.length === 0 && done('notices'))
      ? 'completed'
      : interviewed > 0
        ? 'in_progress'
        : toInterview.length === 0
          ? 'cannot_start'
          : 'not_started',
    needing.length === 0
      ? n === 0
        ? 'The investigation has no subjects'
        : 'No subject needs to be interviewed under notice'
      : toInterview.length === 0
        ? null // nobody served yet: the row says what it waits for ("0 of 0 … interviewed" said nothing)
        : `${interviewed} of ${plural(toInterview.length, 'subject')} served a notice interviewed`,
  )

  put(
    'report',
    submitted
      ? 'completed'
      : f.reportStatus === 'draft' || f.reportStatus === 'returned'
        ? 'in_progress'
        : 'not_started',
    f.reportStatus === 'returned' && !submitted ? 'Returned with comments' : null,
  )

  put(
    'decision-maker',
    approved ? 'completed' : !submitted ? 'cannot_start' : f.determinations > 0 ? 'in_progress' : 'not_started',
    !f.hasDecisionMaker && !approved
      ? 'No decision maker is assigned'
      : submitted && !approved
        ? `${f.determinations} of ${plural(n, 'determination')} recorded`
        : null,
  )

  put('sent', sent ? 'completed' : approved ? 'not_started' : 'cannot_start')

  const responded = sent && f.responses.answered >= f.responses.due
  put(
    'response',
    responded ? 'completed' : !sent ? 'cannot_start' : f.responses.answered > 0 ? 'in_progress' : 'not_started',
    sent && f.responses.due > 0 ? `${f.responses.answered} of ${plural(f.responses.due, 'subject')} answered` : null,
  )

  const held = f.activeHolds > 0 && f.publication !== 'published'
  put(
    'publication',
    f.publication === 'published'
      ? 'completed'
      : f.publication === 'released_to_interested_persons'
        ? 'in_progress'
        : held
          ? 'cannot_start'
          : !done('sent')
            ? 'cannot_start'
            : 'not_started',
    held
      ? `Held: ${plural(f.activeHolds, 'publication hold')} in force`
      : f.publication === 'withdrawn'
        ? 'The publication was withdrawn'
        : null,
  )
  // A hold keeps publication waiting although its prerequisite may be done.
  if (held && rows.get('publication')!.status === 'not_started')
    rows.set('publication', {
      ...rows.get('publication')!,
      status: 'cannot_start',
      statusText: TASK_STATUS_LABELS.cannot_start,
    })

  return CASE_STAGES.map((s) => rows.get(s)!)
}
