/**
 * Plausible dates (issue 16): the date of something that has already happened — a chronology
 * event, a response received — cannot be later than today's London date.
 */
import { londonDateOf, type PlainDate } from './calendar.js'

export function hasHappenedBy(date: string, today: PlainDate = londonDateOf(new Date())): boolean {
  return date <= today
}
