/**
 * iCalendar (RFC 5545) text for deadline feeds, written by hand: CRLF line endings, lines folded
 * at 75 octets (never inside a UTF-8 character), TEXT values escaped (backslash, semicolon,
 * comma, newline), all-day events as DTSTART;VALUE=DATE with the next day as DTEND, and UIDs the
 * caller keeps stable so a calendar updates an event rather than adding a copy.
 */
import { addCalendarDays, assertPlainDate, type PlainDate } from './calendar.js'

export interface CalendarEvent {
  /** Stable and globally unique, e.g. "notice-<uuid>@candour". */
  uid: string
  /** An all-day event on this date. */
  date: PlainDate
  summary: string
  description?: string
  url?: string
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/** Folds a content line so no physical line exceeds 75 octets (§3.1); continuations start with a space. */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  let limit = 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8')
    if (octets + size > limit) {
      parts.push(current)
      current = ' '
      octets = 1
      limit = 75
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join('\r\n')
}

const basicDate = (d: PlainDate) => d.replace(/-/g, '')

function utcStamp(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

export function buildCalendar(options: {
  name: string
  events: readonly CalendarEvent[]
  now: Date
  productId?: string
}): string {
  const lines: string[] = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.productId ?? '-//Candour//Deadlines//EN'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ]
  const stamp = utcStamp(options.now)
  for (const e of options.events) {
    assertPlainDate(e.date)
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${basicDate(e.date)}`,
      `DTEND;VALUE=DATE:${basicDate(addCalendarDays(e.date, 1))}`,
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    )
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
