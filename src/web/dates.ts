/**
 * The GOV.UK date input: three fields (day, month, year) named `<name>-day` and so on, turned
 * into a plain 'YYYY-MM-DD' date with the design system's error messages.
 */
import { isPlainDate, londonDateOf, plainDate } from '../domain/calendar.js'

export interface DateParts {
  day: string
  month: string
  year: string
}

export function partsOf(body: Record<string, unknown>, name: string): DateParts {
  const get = (k: string) => String(body[`${name}-${k}`] ?? '').trim()
  return { day: get('day'), month: get('month'), year: get('year') }
}

export function partsFromDate(date: string | null | undefined): DateParts {
  if (!date) return { day: '', month: '', year: '' }
  const [year, month, day] = date.split('-')
  return { day: String(Number(day)), month: String(Number(month)), year: year ?? '' }
}

/** Parses a date input from the raw form body; returns the plain date or an error message. */
export function readDate(
  body: Record<string, unknown>,
  name: string,
  what: string,
  options: { optional?: boolean; notInFuture?: boolean } = {},
): { ok: true; value: string | undefined } | { ok: false; message: string } {
  const { day, month, year } = partsOf(body, name)
  if (!day && !month && !year) {
    return options.optional ? { ok: true, value: undefined } : { ok: false, message: `Enter ${what}` }
  }
  if (!day || !month || !year) {
    const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean).join(' and ')
    return { ok: false, message: `${capitalise(what)} must include a ${missing}` }
  }
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${capitalise(what)} must be a real date` }
  }
  const y = Number(year)
  const m = Number(month)
  const d = Number(day)
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1900)
    return { ok: false, message: `${capitalise(what)} must be a real date` }
  let value: string
  try {
    value = plainDate(y, m, d)
  } catch {
    return { ok: false, message: `${capitalise(what)} must be a real date` }
  }
  if (!isPlainDate(value)) return { ok: false, message: `${capitalise(what)} must be a real date` }
  if (options.notInFuture && value > londonDateOf(new Date()))
    return { ok: false, message: `${capitalise(what)} must be today or in the past` }
  return { ok: true, value }
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}

export interface DateField {
  name: string
  what: string
  optional?: boolean
  notInFuture?: boolean
}

/** Reads several date inputs; returns the values and any problems, keyed by field name. */
export function readDates(body: Record<string, unknown>, fields: readonly DateField[]) {
  const values: Record<string, string | undefined> = {}
  const problems: { path: string; message: string }[] = []
  for (const f of fields) {
    const result = readDate(body, f.name, f.what, f)
    if (result.ok) values[f.name] = result.value
    else problems.push({ path: f.name, message: result.message })
  }
  return { values, problems }
}
