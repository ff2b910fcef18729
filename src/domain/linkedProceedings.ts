/**
 * Linked proceedings (DOMAIN.md "Linked proceeding"): inquests, criminal trials, judicial
 * reviews and civil claims that run beside an investigation and may hold its publication.
 * Pure: the service gathers the proceeding's facts, asks transition(), and records the move only
 * when it is allowed.
 *
 * An inquest: opened → adjourned ⇄ resumed, suspended pending criminal proceedings → resumed,
 * → concluded (with the conclusion; the jury's findings where there was a jury) → quashed by the
 * High Court (with the date of the order) → fresh inquest ordered (with its date) → resumed /
 * adjourned / suspended / concluded. The other kinds: opened → adjourned ⇄ resumed → concluded
 * (a criminal trial concludes with its verdict).
 */
import { compareDates, isPlainDate, type PlainDate } from './calendar.js'

export const PROCEEDING_KINDS = ['inquest', 'criminal_trial', 'judicial_review', 'civil_claim'] as const
export type ProceedingKind = (typeof PROCEEDING_KINDS)[number]
export const PROCEEDING_KIND_LABELS: Record<ProceedingKind, string> = {
  inquest: 'Inquest',
  criminal_trial: 'Criminal trial',
  judicial_review: 'Judicial review',
  civil_claim: 'Civil claim',
}
export function isProceedingKind(value: unknown): value is ProceedingKind {
  return typeof value === 'string' && (PROCEEDING_KINDS as readonly string[]).includes(value)
}

export const PROCEEDING_STATUSES = [
  'opened',
  'adjourned',
  'suspended_pending_criminal_proceedings',
  'resumed',
  'concluded',
  'quashed',
  'fresh_inquest_ordered',
] as const
export type ProceedingStatus = (typeof PROCEEDING_STATUSES)[number]
export const PROCEEDING_STATUS_LABELS: Record<ProceedingStatus, string> = {
  opened: 'Opened',
  adjourned: 'Adjourned',
  suspended_pending_criminal_proceedings: 'Suspended pending criminal proceedings',
  resumed: 'Resumed',
  concluded: 'Concluded',
  quashed: 'Quashed by the High Court',
  fresh_inquest_ordered: 'Fresh inquest ordered',
}
export function isProceedingStatus(value: unknown): value is ProceedingStatus {
  return typeof value === 'string' && (PROCEEDING_STATUSES as readonly string[]).includes(value)
}

/** Kinds that hold publication by default while they are open (DOMAIN.md: an open inquest or trial). */
export const HOLDING_KINDS: readonly ProceedingKind[] = ['inquest', 'criminal_trial']

const INQUEST_MOVES: Record<ProceedingStatus, readonly ProceedingStatus[]> = {
  opened: ['adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
  adjourned: ['resumed', 'suspended_pending_criminal_proceedings', 'concluded'],
  suspended_pending_criminal_proceedings: ['resumed'],
  resumed: ['adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
  concluded: ['quashed'],
  quashed: ['fresh_inquest_ordered'],
  fresh_inquest_ordered: ['resumed', 'adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
}
const OTHER_MOVES: Record<ProceedingStatus, readonly ProceedingStatus[]> = {
  opened: ['adjourned', 'concluded'],
  adjourned: ['resumed', 'concluded'],
  suspended_pending_criminal_proceedings: [],
  resumed: ['adjourned', 'concluded'],
  concluded: [],
  quashed: [],
  fresh_inquest_ordered: [],
}

/** Every status the proceeding may move to from `status`, before any guard. */
export function proceedingMoves(kind: ProceedingKind, status: ProceedingStatus): readonly ProceedingStatus[] {
  return (kind === 'inquest' ? INQUEST_MOVES : OTHER_MOVES)[status]
}

export function isProceedingConcluded(status: string): boolean {
  return status === 'concluded'
}

/** Does a proceeding of this kind in this status hold publication (when it is marked as holding)? */
export function proceedingHoldsPublication(p: {
  kind: ProceedingKind
  status: string
  holdsPublication: boolean
}): boolean {
  return p.holdsPublication && !isProceedingConcluded(p.status)
}

/** Whether linking a new proceeding of this kind holds publication unless the user says otherwise. */
export function holdsByDefault(kind: ProceedingKind): boolean {
  return HOLDING_KINDS.includes(kind)
}

/** What a move carries: the date it happened and what the kind of move needs. */
export interface ProceedingMove {
  to: ProceedingStatus
  on: PlainDate
  conclusion?: string | null
  juryFindings?: string | null
  verdict?: string | null
  sentence?: string | null
}

export interface ProceedingState {
  kind: ProceedingKind
  status: ProceedingStatus
  /** The date of the latest recorded event or state change; a move may not be dated before the proceeding opened. */
  openedOn: PlainDate | null
}

export interface Problem {
  path: string
  message: string
}

export type ProceedingTransitionResult = { ok: true } | { ok: false; problems: Problem[] }

/** May the proceeding make this move? If not, every problem, each naming its field. */
export function proceedingTransition(current: ProceedingState, move: ProceedingMove): ProceedingTransitionResult {
  const problems: Problem[] = []
  const add = (path: string, message: string) => problems.push({ path, message })
  if (!proceedingMoves(current.kind, current.status).includes(move.to)) {
    add(
      'status',
      current.status === move.to
        ? `The ${PROCEEDING_KIND_LABELS[current.kind].toLowerCase()} is already “${PROCEEDING_STATUS_LABELS[move.to].toLowerCase()}”`
        : `A ${PROCEEDING_KIND_LABELS[current.kind].toLowerCase()} cannot go from “${PROCEEDING_STATUS_LABELS[current.status].toLowerCase()}” to “${PROCEEDING_STATUS_LABELS[move.to].toLowerCase()}”`,
    )
  }
  if (!isPlainDate(move.on)) add('on', 'Enter a real date')
  else if (current.openedOn && compareDates(move.on, current.openedOn) < 0)
    add('on', 'The date cannot be before the proceeding opened')
  if (move.to === 'concluded') {
    if (current.kind === 'inquest' && !move.conclusion?.trim()) add('conclusion', 'Enter the inquest’s conclusion')
    if (current.kind === 'criminal_trial' && !move.verdict?.trim()) add('verdict', 'Enter the verdict')
    if (current.kind !== 'inquest' && move.juryFindings?.trim())
      add('juryFindings', 'Only an inquest records a jury’s findings here')
  } else {
    if (move.conclusion?.trim()) add('conclusion', 'A conclusion is recorded only when the proceeding concludes')
    if (move.verdict?.trim() || move.sentence?.trim())
      add('verdict', 'A verdict and sentence are recorded only when the trial concludes')
  }
  if (move.sentence?.trim() && current.kind !== 'criminal_trial')
    add('sentence', 'Only a criminal trial records a sentence')
  return problems.length === 0 ? { ok: true } : { ok: false, problems }
}

/** The changes a move makes to the proceeding's record, besides its status. */
export function proceedingChangesFor(move: ProceedingMove): {
  quashed_on?: PlainDate
  fresh_inquest_ordered_on?: PlainDate
  concluded_on?: PlainDate | null
  conclusion?: string | null
  jury_findings?: string | null
  verdict?: string | null
  sentence?: string | null
} {
  switch (move.to) {
    case 'concluded':
      return {
        concluded_on: move.on,
        conclusion: move.conclusion?.trim() || null,
        jury_findings: move.juryFindings?.trim() || null,
        ...(move.verdict?.trim() ? { verdict: move.verdict.trim() } : {}),
        ...(move.sentence?.trim() ? { sentence: move.sentence.trim() } : {}),
      }
    case 'quashed':
      // The quashed conclusion is kept in the event timeline; the record awaits the fresh one.
      return { quashed_on: move.on, concluded_on: null }
    case 'fresh_inquest_ordered':
      return { fresh_inquest_ordered_on: move.on }
    default:
      return {}
  }
}

/** Parties to a proceeding, by role (free text is allowed; these are offered). */
export const PROCEEDING_PARTY_ROLES = [
  'coroner',
  'judge',
  'court',
  'representative',
  'counsel',
  'interested_person',
  'prosecutor',
  'defendant',
  'claimant',
  'other',
] as const

/**
 * The date a proceeding's publication hold is placed: the date of the proceeding's event that
 * holds publication — its quashing (a quashed inquest is heard afresh), the order for a fresh
 * inquest, else its opening — never the day someone recorded it. `fallback` (the recording day)
 * only when the proceeding has no such date.
 */
export function holdPlacedOn(
  proceeding: {
    status: string
    opened_on: PlainDate | null
    quashed_on: PlainDate | null
    fresh_inquest_ordered_on: PlainDate | null
  },
  fallback: PlainDate,
): PlainDate {
  if (proceeding.status === 'quashed' && proceeding.quashed_on) return proceeding.quashed_on
  if (proceeding.status === 'fresh_inquest_ordered')
    return proceeding.quashed_on ?? proceeding.fresh_inquest_ordered_on ?? fallback
  return proceeding.opened_on ?? fallback
}

/** A hold is never lifted before it was placed: the problem to show when it would be, else null. */
export function holdLiftProblem(hold: { placedOn: PlainDate }, liftedOn: PlainDate): string | null {
  return liftedOn < hold.placedOn
    ? `A publication hold cannot be lifted before it was placed (${hold.placedOn}); the date must be on or after it`
    : null
}
