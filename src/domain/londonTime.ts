/**
 * A wall-clock time in Europe/London turned into an instant (for custody entries, recorded as
 * the person saw the clock). In the autumn's repeated hour the earlier instant is taken; a time
 * that does not exist (the spring's skipped hour) is refused.
 */
import { isPlainDate, type PlainDate } from './calendar.js'

const FORMAT = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

export const TIME_OF_DAY = /^([01]\d|2[0-3]):([0-5]\d)$/

function londonWallClock(instant: Date): string {
  const parts = FORMAT.formatToParts(instant)
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`
}

export function londonInstant(date: PlainDate, time: string): Date | null {
  if (!isPlainDate(date) || !TIME_OF_DAY.test(time)) return null
  const [y, m, d] = date.split('-').map(Number)
  const [hh, mm] = time.split(':').map(Number)
  const asUtc = Date.UTC(y!, m! - 1, d!, hh!, mm!)
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * 3_600_000)
    if (londonWallClock(candidate) === `${date}T${time}`) return candidate
  }
  return null
}

/** The London wall-clock date and time of an instant: ['2026-03-04', '14:05']. */
export function londonDateAndTime(instant: Date): [PlainDate, string] {
  const [date, time] = londonWallClock(instant).split('T')
  return [date!, time!]
}
