/**
 * What closing an investigation freezes (issue 10, finding 6). A closed investigation is a
 * finished record: its file, report, determinations and the force's response stand as they were
 * when it closed. What still happens to a closed case is what happens *about* it afterwards:
 * publishing its report, the proceedings that run on (an inquest outlives the investigation),
 * keeping the families informed, and deciding whether to re-open or re-investigate it.
 *
 * One rule, by policy action, consulted by caseAccess.require for every change made in a
 * transaction, so a service cannot forget it. The decision table is in docs/domain-decisions.md
 * ("What closing freezes"). Re-opening in place (closed → reopened) lifts the freeze: the case
 * is being investigated again. A re-investigation opens a new case; the old one stays frozen.
 */
import type { CaseAction } from './policy.js'
import type { InvestigationStatus } from './investigationLifecycle.js'

export type OnClosedCase = 'read' | 'frozen' | 'continues'

/** Every case action, and what closing does to it (a new action must be placed here to compile). */
export const ON_CLOSED_CASE: Record<CaseAction, OnClosedCase> = {
  'investigation:read': 'read',
  'investigation:read-case-file': 'read',
  'evidence:read-sealed': 'read',
  'family:read': 'read',
  'authority:read-report': 'read',
  'witnesses:read': 'read',
  // The record itself.
  'investigation:assess': 'frozen',
  'investigation:manage': 'frozen',
  'investigation:contribute': 'frozen',
  'timeliness:decide': 'frozen',
  'report:draft': 'frozen',
  'report:decide': 'frozen',
  'report:send': 'frozen',
  'authority:respond': 'frozen',
  'lines-of-enquiry:manage': 'frozen',
  'actions:raise': 'frozen',
  'actions:result': 'frozen',
  'actions:supervise': 'frozen',
  'decisions:record': 'frozen',
  'decisions:review': 'frozen',
  // Witnesses and their statements are the evidential record as it stood.
  'witnesses:manage': 'frozen',
  // What happens about the case after it closed.
  'family:contribute': 'continues',
  'linked-proceedings:manage': 'continues',
  // Disclosure serves the prosecution or proceedings, which run on after the investigation closes.
  'disclosure:prepare': 'continues',
  'disclosure:issue': 'continues',
  'publication:hold': 'continues',
  'publication:redact': 'continues',
  'publication:publish': 'continues',
  'reinvestigation:propose': 'continues',
  'reinvestigation:decide': 'continues',
}

/** Statuses in which the record is frozen. */
export const FROZEN_STATUSES: readonly InvestigationStatus[] = ['closed']

export interface FreezeOptions {
  /**
   * The change is the lifecycle's own move out of the frozen status (closed → reopened), which
   * the lifecycle's guard decides (an approved proposal to re-open in place).
   */
  leavingFrozenStatus?: boolean
}

/** Why this change is refused on a case in this status, or null when it may go ahead. */
export function frozenRefusal(
  status: InvestigationStatus,
  action: CaseAction,
  options: FreezeOptions = {},
): string | null {
  if (!FROZEN_STATUSES.includes(status)) return null
  if (ON_CLOSED_CASE[action] !== 'frozen') return null
  if (options.leavingFrozenStatus && action === 'investigation:manage') return null
  return 'This investigation is closed, so its record can no longer change. Only its publication, linked proceedings, keeping the families informed and a decision to re-open or re-investigate it can go ahead.'
}
