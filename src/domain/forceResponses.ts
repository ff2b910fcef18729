/**
 * The force's (PSD's) responses on a report as a task list (issue 16): one task per subject of its
 * own force with a determination (its response, then the proceedings it proposed) and one per
 * recommendation or direction made about them. Pure: the pages and tests ask here what state each
 * task is in, so the words "Not started", "In progress" and "Completed" mean one thing everywhere.
 */

export const TASK_STATUSES = ['not_started', 'in_progress', 'completed'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
}

/** The proposals that the force itself then holds as misconduct proceedings (a meeting or a hearing). */
export function proposesProceedings(proposed: string | null | undefined): proposed is 'meeting' | 'hearing' {
  return proposed === 'meeting' || proposed === 'hearing'
}

export interface SubjectResponseFacts {
  response: { proposedProceedings: string } | null
  proceeding: { kind: string; outcome: string | null } | null
}

/**
 * One subject's task: not started until the force has answered the determination; in progress
 * while proceedings it proposed (or recorded) have no outcome yet; completed once it has answered
 * and there is nothing more to record: no proceedings proposed, a decision of no proceedings, or
 * proceedings with their outcome.
 */
export function subjectResponseStatus(facts: SubjectResponseFacts): TaskStatus {
  if (!facts.response) return 'not_started'
  const p = facts.proceeding
  if (p) return p.kind === 'none' || p.outcome !== null ? 'completed' : 'in_progress'
  return proposesProceedings(facts.response.proposedProceedings) ? 'in_progress' : 'completed'
}

/** What the force answers about a recommendation (whether it accepts) or a direction (whether it complied). */
export interface EscalationFacts {
  kind: 'recommendation' | 'direction'
  accepted: boolean | null
  complied: boolean | null
}

/**
 * A recommendation is answered once the force says whether it accepts it. A direction is not
 * accepted or refused: its task is completed when the force has complied, and in progress when
 * the force has said it has not complied yet.
 */
export function escalationStatus(e: EscalationFacts): TaskStatus {
  if (e.kind === 'recommendation') return e.accepted === null ? 'not_started' : 'completed'
  if (e.complied === true) return 'completed'
  return e.complied === false ? 'in_progress' : 'not_started'
}

/** How many of the tasks are completed, for the "You have completed 3 of 17 responses" line. */
export function completedCount(statuses: readonly TaskStatus[]): number {
  return statuses.filter((s) => s === 'completed').length
}
