/**
 * Misconduct proceedings and what follows the appropriate authority's response (DOMAIN.md
 * "Appropriate authority", "Misconduct proceedings"). Pure: the service gathers the facts, asks
 * these functions, and stores only what they accept. Each problem names the field it concerns.
 */
import { compareDates, type PlainDate } from './calendar.js'
import {
  BARRING_OUTCOMES,
  OUTCOMES_AVAILABLE,
  OUTCOME_LABELS,
  type Outcome,
  type ProceedingsKind,
} from './vocabulary.js'

export interface Problem {
  path: string
  message: string
}

/** A proceeding as recorded: the decision (meeting, hearing, or none) and what followed. */
export interface ProceedingRecord {
  kind: ProceedingsKind | 'none'
  accelerated: boolean
  scheduledOn: PlainDate | null
  heldOn: PlainDate | null
  chairName: string | null
  chairLegallyQualified: boolean
  leftForce: 'resigned' | 'retired' | null
  leftForceOn: PlainDate | null
  outcome: Outcome | null
  outcomeOn: PlainDate | null
  wouldHaveBeenDismissed: boolean
  appealLodgedOn: PlainDate | null
  appealResult: string | null
  barredListEntryOn: PlainDate | null
  advisoryListEntryOn: PlainDate | null
}

/** Where an outcome is reached: at a meeting, at a hearing, or without proceedings. */
export function outcomeRoute(kind: ProceedingsKind | 'none'): ProceedingsKind | 'without_proceedings' {
  return kind === 'none' ? 'without_proceedings' : kind
}

/** Every problem with a proceeding's record; empty when it may be stored. */
export function proceedingProblems(p: ProceedingRecord): Problem[] {
  const problems: Problem[] = []
  const add = (path: string, message: string) => problems.push({ path, message })
  if (p.accelerated && p.kind !== 'hearing') add('accelerated', 'Only a misconduct hearing can be accelerated')
  if (p.kind === 'hearing' && p.chairName && !p.chairLegallyQualified)
    add('chairLegallyQualified', 'A misconduct hearing is chaired by a legally qualified chair')
  if (p.kind === 'none' && (p.scheduledOn || p.heldOn || p.chairName))
    add('kind', 'No meeting or hearing is held when no proceedings follow')
  if (p.scheduledOn === null && p.heldOn !== null)
    add('scheduledOn', 'Enter the date the proceedings were arranged for')
  if ((p.leftForce === null) !== (p.leftForceOn === null))
    add('leftForceOn', 'Enter both whether the officer resigned or retired and the date')
  if ((p.outcome === null) !== (p.outcomeOn === null))
    add('outcomeOn', 'Enter both the outcome and the date it was decided')
  if (p.outcome !== null) {
    const route = outcomeRoute(p.kind)
    if (!OUTCOMES_AVAILABLE[route].includes(p.outcome)) {
      add(
        'outcome',
        `${OUTCOME_LABELS[p.outcome]} is not an outcome available ${route === 'without_proceedings' ? 'without misconduct proceedings' : `at a misconduct ${route}`}`,
      )
    }
    if (p.kind !== 'none' && p.heldOn === null)
      add('heldOn', 'Enter the date the meeting or hearing was held before its outcome')
    if (p.heldOn && p.outcomeOn && compareDates(p.outcomeOn, p.heldOn) < 0)
      add('outcomeOn', 'The outcome cannot be decided before the meeting or hearing was held')
  }
  if (p.wouldHaveBeenDismissed) {
    if (p.leftForce === null)
      add(
        'wouldHaveBeenDismissed',
        'Only an officer who resigned or retired before the outcome “would have been dismissed”',
      )
    if (p.outcome !== 'dismissal_without_notice')
      add('wouldHaveBeenDismissed', '“Would have been dismissed” needs the outcome dismissal without notice')
  }
  if (p.leftForce !== null && p.outcome === 'dismissal_without_notice' && !p.wouldHaveBeenDismissed) {
    add(
      'wouldHaveBeenDismissed',
      'An officer who has left cannot be dismissed: record that they would have been dismissed',
    )
  }
  if (p.leftForceOn && p.outcomeOn && compareDates(p.outcomeOn, p.leftForceOn) < 0 && p.wouldHaveBeenDismissed) {
    add('leftForceOn', 'The officer left after the outcome, so they were dismissed, not “would have been”')
  }
  if (p.barredListEntryOn !== null && !(p.outcome !== null && BARRING_OUTCOMES.includes(p.outcome))) {
    add('barredListEntryOn', 'Only an officer dismissed, or who would have been dismissed, goes on the barred list')
  }
  if (p.advisoryListEntryOn !== null && p.leftForce === null)
    add(
      'advisoryListEntryOn',
      'The advisory list is for officers who resigned or retired while under investigation or in proceedings',
    )
  if (p.appealResult !== null && p.appealLodgedOn === null)
    add('appealLodgedOn', 'Enter the date the appeal was lodged before its result')
  if (p.appealLodgedOn !== null && p.outcome === null)
    add('appealLodgedOn', 'An appeal follows the outcome: record the outcome first')
  return problems
}

/** Whether the barred list entry is owed (dismissed, or would have been) and not yet recorded. */
export function barredListEntryOwed(p: Pick<ProceedingRecord, 'outcome' | 'barredListEntryOn'>): boolean {
  return p.outcome !== null && BARRING_OUTCOMES.includes(p.outcome) && p.barredListEntryOn === null
}

/** What the oversight body may do next about a subject, following the authority's response. */
export type EscalationStep = 'recommendation' | 'direction'

/**
 * A recommendation may follow when the authority disagrees with the determination; a direction
 * only once a recommendation was not accepted. Returns the problem, or null when allowed.
 */
export function escalationProblem(
  step: EscalationStep,
  facts: {
    responded: boolean
    agrees: boolean | null
    recommendation: { accepted: boolean | null } | null
    direction: boolean
  },
): string | null {
  if (!facts.responded) return 'The appropriate authority has not yet responded about this subject'
  if (step === 'recommendation') {
    if (facts.agrees) return 'The appropriate authority agreed with the determination; no recommendation is needed'
    if (facts.recommendation) return 'A recommendation has already been made about this subject'
    return null
  }
  if (!facts.recommendation)
    return 'A direction follows a recommendation that was not accepted: make the recommendation first'
  if (facts.recommendation.accepted === null)
    return 'Record whether the appropriate authority accepted the recommendation first'
  if (facts.recommendation.accepted) return 'The recommendation was accepted; no direction is needed'
  if (facts.direction) return 'A direction has already been given about this subject'
  return null
}
