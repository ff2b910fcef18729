/**
 * A task list's rows (domain/taskLists.ts) as the GOV.UK Task list component's items: "Completed"
 * as plain text, "Not started" and "In progress" as tags, and "Cannot start yet" in grey with no
 * link (the pattern's rule: a task that cannot start is not a link).
 */
import type { TaskRow, TaskStatus } from '../domain/taskLists.js'

const TAG_CLASSES: Record<TaskStatus, string | null> = {
  completed: null,
  in_progress: 'govuk-tag--light-blue',
  not_started: 'govuk-tag--blue',
  cannot_start: null,
}

export interface TaskListItem {
  title: { text: string }
  hint?: { text: string }
  href?: string
  status: { text: string; classes?: string } | { tag: { text: string; classes: string } }
}

export function taskListItems<R extends TaskRow>(
  rows: readonly R[],
  hrefOf: (row: R) => string | null,
): TaskListItem[] {
  return rows.map((row) => {
    const href = row.status === 'cannot_start' ? null : hrefOf(row)
    const tag = TAG_CLASSES[row.status]
    return {
      title: { text: row.title },
      ...(row.hint ? { hint: { text: row.hint } } : {}),
      ...(href ? { href } : {}),
      status: tag
        ? { tag: { text: row.statusText, classes: tag } }
        : row.status === 'cannot_start'
          ? { text: row.statusText, classes: 'govuk-task-list__status--cannot-start-yet' }
          : { text: row.statusText },
    }
  })
}
