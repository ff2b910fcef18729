/**
 * Lines of enquiry and actions: the investigation's day-to-day work, in the manner of the
 * major-enquiry systems (HOLMES 2) investigators know.
 *
 * An action's path:
 *
 *   raised ──allocate──▶ allocated ──result──▶ resulted ──refer back──▶ referred_back ──result──▶ resulted
 *     │                    │  ▲ reallocate                                  │  reallocate
 *     └───────file─────────┴──┴───────────────────file─────────────────────┘
 *                                                  ▼
 *                                                filed (with a reason; not to be done)
 *
 * Raised, allocated and referred back are open (work is owed); resulted and filed are not. A
 * resulted action may be referred back by the lead for more work; a filed one is finished.
 * Every step is kept (action_steps) and audited. Pure: the service loads the action, asks
 * here whether the step is allowed, and writes.
 */
import { calendarDaysBetween, compareDates, type PlainDate } from './calendar.js'

export const ACTION_STATUSES = ['raised', 'allocated', 'resulted', 'referred_back', 'filed'] as const
export type ActionStatus = (typeof ACTION_STATUSES)[number]

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  raised: 'Raised',
  allocated: 'Allocated',
  resulted: 'Resulted',
  referred_back: 'Referred back',
  filed: 'Filed',
}

/** Statuses in which work is still owed on the action. */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['raised', 'allocated', 'referred_back']

export const ACTION_PRIORITIES = ['high', 'medium', 'low'] as const
export type ActionPriority = (typeof ACTION_PRIORITIES)[number]
export const ACTION_PRIORITY_LABELS: Record<ActionPriority, string> = { high: 'High', medium: 'Medium', low: 'Low' }

export const ACTION_STEPS = ['raise', 'allocate', 'result', 'refer_back', 'file'] as const
export type ActionStep = (typeof ACTION_STEPS)[number]
export const ACTION_STEP_LABELS: Record<ActionStep, string> = {
  raise: 'Raised',
  allocate: 'Allocated',
  result: 'Resulted',
  refer_back: 'Referred back',
  file: 'Filed',
}

/** From which statuses each step may be taken, and where it leads. */
const STEP_RULES: Record<Exclude<ActionStep, 'raise'>, { from: readonly ActionStatus[]; to: ActionStatus }> = {
  // (Re)allocation keeps a referred-back action referred back only in name: it is owed again.
  allocate: { from: ['raised', 'allocated', 'referred_back'], to: 'allocated' },
  result: { from: ['allocated', 'referred_back'], to: 'resulted' },
  refer_back: { from: ['resulted'], to: 'referred_back' },
  file: { from: ['raised', 'allocated', 'referred_back'], to: 'filed' },
}

export type StepDecision = { allowed: true; to: ActionStatus } | { allowed: false; reason: string }

const WHY_NOT: Record<Exclude<ActionStep, 'raise'>, string> = {
  allocate: 'Only an action that is raised, allocated or referred back can be allocated.',
  result: 'Only an action allocated to someone (or referred back to them) can be resulted.',
  refer_back: 'Only a resulted action can be referred back for more work.',
  file: 'Only an open action (raised, allocated or referred back) can be filed.',
}

/** Whether `step` may be taken from `status`, and the status it leads to. */
export function actionStep(status: ActionStatus, step: Exclude<ActionStep, 'raise'>): StepDecision {
  const rule = STEP_RULES[step]
  return rule.from.includes(status) ? { allowed: true, to: rule.to } : { allowed: false, reason: WHY_NOT[step] }
}

export function isOpenAction(status: ActionStatus): boolean {
  return OPEN_ACTION_STATUSES.includes(status)
}

/** Actions are referred to as A1, A2… within their case; lines of enquiry as L1, L2… */
export const actionReference = (n: number) => `A${n}`
export const lineOfEnquiryReference = (n: number) => `L${n}`

/** Overdue: still open and its due date has passed (due today is not yet overdue). */
export function isOverdue(a: { status: ActionStatus; dueOn: PlainDate | null }, today: PlainDate): boolean {
  return isOpenAction(a.status) && a.dueOn !== null && compareDates(a.dueOn, today) < 0
}

/** Whole days an open action has been open (since it was raised), for the lead's view by age. */
export function ageInDays(raisedOn: PlainDate, today: PlainDate): number {
  return Math.max(0, calendarDaysBetween(raisedOn, today))
}

/** The bands the lead's view groups open actions by. */
export const AGE_BANDS = [
  { label: 'Under a week', maxDays: 6 },
  { label: '1 to 4 weeks', maxDays: 27 },
  { label: '4 weeks or more', maxDays: Infinity },
] as const

export function ageBand(days: number): (typeof AGE_BANDS)[number]['label'] {
  return AGE_BANDS.find((b) => days <= b.maxDays)!.label
}

export const LINE_OF_ENQUIRY_STATUSES = ['open', 'answered', 'closed'] as const
export type LineOfEnquiryStatus = (typeof LINE_OF_ENQUIRY_STATUSES)[number]
export const LINE_OF_ENQUIRY_STATUS_LABELS: Record<LineOfEnquiryStatus, string> = {
  open: 'Open',
  answered: 'Answered',
  closed: 'Closed',
}

/**
 * A line of enquiry is open until it is answered (with what was established) or closed (with
 * the reason it is not pursued); either may be reopened, the earlier answer kept in the audit.
 */
export function lineOfEnquiryChange(
  from: LineOfEnquiryStatus,
  to: LineOfEnquiryStatus,
): { allowed: true } | { allowed: false; reason: string } {
  if (from === to) return { allowed: false, reason: `The line of enquiry is already ${to}.` }
  if (from !== 'open' && to !== 'open')
    return { allowed: false, reason: 'Reopen the line of enquiry before answering or closing it again.' }
  return { allowed: true }
}
