/**
 * Which of a case's deadlines still apply ("live"), and so its next deadline: the one rule that the
 * stored next deadline (the identity bar, the home page, the API) and the "due or overdue" filter
 * of the investigations list both follow, since both read what the repository stores from it.
 *
 * A deadline stops when what it waits for can no longer come, or no longer matters:
 * - a subject's notice response: once they respond, once their path has moved past the notice
 *   (an opinion, proceedings, an outcome), or once the case has moved into the report stage (the
 *   report is written on what was received by then);
 * - a keep-informed update: once the case is closed (the rule set's stopped statuses);
 * - the appropriate authority's response to the report: while the report is with it and some
 *   subject of its force still lacks a response;
 * - a learning recommendation's response: until answered, unless the case is closed;
 * - a prevention of future deaths report's response: until received.
 * Pure: the repository gathers the facts and stores nextDeadline(facts).
 */
import type { PlainDate } from './calendar.js'
import type { InvestigationStatus } from './investigationLifecycle.js'
import type { SubjectStatus } from './subjectLifecycle.js'

export const DEADLINE_KINDS = [
  'notice_response',
  'keep_informed_update',
  'authority_response',
  'learning_response',
  'pfd_response',
] as const
export type DeadlineKind = (typeof DEADLINE_KINDS)[number]

export interface CaseDeadlineFacts {
  status: InvestigationStatus
  /** Where a suspended case was suspended from (its stage is that one's). */
  statusBeforeSuspension: InvestigationStatus | null
  notices: readonly {
    responseDueOn: PlainDate | null
    responseReceivedOn: PlainDate | null
    subjectStatus: SubjectStatus
  }[]
  /** Each consenting interested person's next update due date, as the keep-informed clock computes it. */
  keepInformedDueOn: readonly PlainDate[]
  /** Statuses in which the keep-informed clock stops (the rule set's). */
  keepInformedStoppedStatuses: readonly string[]
  /** The report's sending, with whether any subject of the investigated force still lacks a response. */
  authorityResponse: { responseDueOn: PlainDate; outstanding: boolean } | null
  learningResponsesDueOn: readonly PlainDate[]
  pfdResponsesDueOn: readonly PlainDate[]
}

export interface LiveDeadline {
  kind: DeadlineKind
  dueOn: PlainDate
}

/** The stages before the report: a notice response is awaited only while the case is in one of them. */
export const NOTICE_RESPONSE_STAGES: readonly InvestigationStatus[] = ['assessed', 'investigating', 'reopened']

/** Subject statuses in which the notice's response is still awaited (served, not yet answered or passed). */
const AWAITING_RESPONSE: readonly SubjectStatus[] = ['notice_served']

/** The case's stage: a suspended case stays in the stage it was suspended from. */
export function stageOf(facts: Pick<CaseDeadlineFacts, 'status' | 'statusBeforeSuspension'>): InvestigationStatus {
  return facts.status === 'suspended' && facts.statusBeforeSuspension ? facts.statusBeforeSuspension : facts.status
}

/** Every deadline of the case that still applies, earliest first. */
export function liveDeadlines(facts: CaseDeadlineFacts): LiveDeadline[] {
  const out: LiveDeadline[] = []
  const stage = stageOf(facts)
  if (NOTICE_RESPONSE_STAGES.includes(stage))
    for (const n of facts.notices)
      if (n.responseDueOn && !n.responseReceivedOn && AWAITING_RESPONSE.includes(n.subjectStatus))
        out.push({ kind: 'notice_response', dueOn: n.responseDueOn })
  if (!facts.keepInformedStoppedStatuses.includes(facts.status))
    for (const dueOn of facts.keepInformedDueOn) out.push({ kind: 'keep_informed_update', dueOn })
  if (facts.authorityResponse?.outstanding && facts.status === 'report_sent_to_appropriate_authority')
    out.push({ kind: 'authority_response', dueOn: facts.authorityResponse.responseDueOn })
  if (facts.status !== 'closed')
    for (const dueOn of facts.learningResponsesDueOn) out.push({ kind: 'learning_response', dueOn })
  for (const dueOn of facts.pfdResponsesDueOn) out.push({ kind: 'pfd_response', dueOn })
  return out.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.kind.localeCompare(b.kind))
}

/** The case's next deadline: the earliest that still applies, or null when none does. */
export function nextDeadline(facts: CaseDeadlineFacts): PlainDate | null {
  return liveDeadlines(facts)[0]?.dueOn ?? null
}
