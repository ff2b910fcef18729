/**
 * Plausible dates (issue 16): the date of something that has already happened — a chronology
 * event, a response received — cannot be later than today's London date.
 */
import { londonDateOf, type PlainDate } from './calendar.js'

export function hasHappenedBy(date: string, today: PlainDate = londonDateOf(new Date())): boolean {
  return date <= today
}

/**
 * The one wording for a date of something that has happened but is given in the future: the PSD's
 * response, proceedings held, an outcome, a recommendation made or answered, an officer leaving.
 */
export function futureDateProblem(
  what: string,
  date: string,
  today: PlainDate = londonDateOf(new Date()),
): string | null {
  return hasHappenedBy(date, today) ? null : `${what} must be today or in the past`
}
