/**
 * The domain calendar: every statutory date in Candour is a plain calendar date in
 * Europe/London, written 'YYYY-MM-DD', and every deadline is computed here (ARCHITECTURE.md
 * "Dates"). Plain dates are strings rather than Date objects so that no time zone or
 * daylight-saving shift can move a deadline by a day; the only instant this module accepts is
 * the one given to londonDateOf, which turns "now" into today's London date.
 *
 * Working days are Monday to Friday excluding bank holidays in England and Wales (DOMAIN.md
 * "Deadlines"). The bank holidays are computed by rule for any year from 1978 (the first year
 * with the modern pattern: the early May holiday began then) plus the one-off changes made by
 * royal proclamation. A rule set can add or remove dates (adjustBankHolidays) when a new
 * one-off holiday is announced, without a code change here.
 */

/** A calendar date in Europe/London, 'YYYY-MM-DD'. */
export type PlainDate = string

/** ISO day of the week: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7

/** The first year whose bank holidays the England and Wales rules describe. */
export const FIRST_MODELLED_YEAR = 1978
/** Plain dates are four-digit years. */
export const LAST_SUPPORTED_YEAR = 9999

const PLAIN_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

interface Civil {
  year: number
  month: number
  day: number
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

function parseCivil(date: string): Civil | null {
  const m = PLAIN_DATE_PATTERN.exec(date)
  if (!m) return null
  const year = Number(m[1])
  const month = Number(m[2])
  const day = Number(m[3])
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null
  return { year, month, day }
}

/** True for a real calendar date written 'YYYY-MM-DD' (year 0001–9999). */
export function isPlainDate(value: unknown): value is PlainDate {
  return typeof value === 'string' && parseCivil(value) !== null
}

function civilOf(date: PlainDate): Civil {
  const civil = parseCivil(date)
  if (!civil) throw new RangeError(`Not a calendar date in the form YYYY-MM-DD: ${JSON.stringify(date)}`)
  return civil
}

/** Checks a plain date and returns it; throws RangeError for anything else. */
export function assertPlainDate(value: string): PlainDate {
  civilOf(value)
  return value
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0')

function formatCivil({ year, month, day }: Civil): PlainDate {
  if (year < 1 || year > LAST_SUPPORTED_YEAR) throw new RangeError(`Year ${year} is outside 0001–9999`)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

export function plainDate(year: number, month: number, day: number): PlainDate {
  const date = formatCivil({ year, month, day })
  return assertPlainDate(date)
}

// Day numbers (days since 1970-01-01) by Howard Hinnant's civil-calendar algorithms: exact
// integer arithmetic over the proleptic Gregorian calendar, no Date objects involved.
function dayNumber({ year, month, day }: Civil): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

function civilFromDayNumber(n: number): Civil {
  const z = n + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

const toDayNumber = (date: PlainDate): number => dayNumber(civilOf(date))
const fromDayNumber = (n: number): PlainDate => formatCivil(civilFromDayNumber(n))

function weekdayOfDayNumber(n: number): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return (((((n + 3) % 7) + 7) % 7) + 1) as IsoWeekday
}

function requireInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a whole number, not ${n}`)
}

/** -1, 0 or 1, for sorting; plain dates also sort correctly as strings. */
export function compareDates(a: PlainDate, b: PlainDate): -1 | 0 | 1 {
  const d = toDayNumber(a) - toDayNumber(b)
  return d < 0 ? -1 : d > 0 ? 1 : 0
}

export function dayOfWeek(date: PlainDate): IsoWeekday {
  return weekdayOfDayNumber(toDayNumber(date))
}

export function isWeekend(date: PlainDate): boolean {
  return dayOfWeek(date) >= 6
}

/** The date n calendar days after (n < 0: before) the given date. */
export function addCalendarDays(date: PlainDate, n: number): PlainDate {
  requireInteger(n, 'The number of days')
  return fromDayNumber(toDayNumber(date) + n)
}

/** Calendar days from a to b: positive when b is later. */
export function calendarDaysBetween(a: PlainDate, b: PlainDate): number {
  return toDayNumber(b) - toDayNumber(a)
}

/**
 * The same day of the month n months later (n < 0: earlier). When that month is shorter the
 * result is its last day (31 January + 1 month = 28 or 29 February), the usual reading of
 * "N months" in statute (the corresponding-date rule).
 */
export function addMonths(date: PlainDate, n: number): PlainDate {
  requireInteger(n, 'The number of months')
  const { year, month, day } = civilOf(date)
  const index = year * 12 + (month - 1) + n
  const y = Math.floor(index / 12)
  const m = index - y * 12 + 1
  return formatCivil({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) })
}

// ---------------------------------------------------------------------------------------------
// Bank holidays

/** The source of non-working weekdays for a jurisdiction. */
export interface HolidayCalendar {
  /** A name for messages and configuration, e.g. 'England and Wales'. */
  readonly name: string
  /** The bank holidays of a year, sorted. Throws RangeError for a year it does not model. */
  bankHolidays(year: number): readonly PlainDate[]
}

/** Easter Sunday by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): PlainDate {
  requireInteger(year, 'The year')
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return formatCivil({ year, month, day })
}

function firstMonday(year: number, month: number): PlainDate {
  const first = dayNumber({ year, month, day: 1 })
  return fromDayNumber(first + ((8 - weekdayOfDayNumber(first)) % 7))
}

function lastMonday(year: number, month: number): PlainDate {
  const last = dayNumber({ year, month, day: daysInMonth(year, month) })
  return fromDayNumber(last - ((weekdayOfDayNumber(last) + 6) % 7))
}

/** A fixed-date holiday falling on a weekend is replaced by the next Monday. */
function substituteIfWeekend(date: PlainDate): PlainDate {
  const n = toDayNumber(date)
  const wd = weekdayOfDayNumber(n)
  return wd === 6 ? fromDayNumber(n + 2) : wd === 7 ? fromDayNumber(n + 1) : date
}

function christmasAndBoxingDay(year: number): PlainDate[] {
  const christmas = dayNumber({ year, month: 12, day: 25 })
  switch (weekdayOfDayNumber(christmas)) {
    case 5: // Friday: Boxing Day (Saturday) moves to Monday 28th
      return [fromDayNumber(christmas), fromDayNumber(christmas + 3)]
    case 6: // Saturday: both move, to Monday 27th and Tuesday 28th
      return [fromDayNumber(christmas + 2), fromDayNumber(christmas + 3)]
    case 7: // Sunday: Boxing Day is Monday; Christmas moves to Tuesday 27th
      return [fromDayNumber(christmas + 1), fromDayNumber(christmas + 2)]
    default:
      return [fromDayNumber(christmas), fromDayNumber(christmas + 1)]
  }
}

/**
 * One-off changes by royal proclamation since 1978: a moved regular holiday lists the date it
 * replaced, an extra holiday has no `replaces`.
 */
export const ENGLAND_AND_WALES_ONE_OFF_CHANGES: readonly {
  date: PlainDate
  replaces?: PlainDate
  reason: string
}[] = [
  { date: '1981-07-29', reason: 'Wedding of the Prince of Wales and Lady Diana Spencer' },
  {
    date: '1995-05-08',
    replaces: '1995-05-01',
    reason: 'Early May bank holiday moved for the 50th anniversary of VE day',
  },
  { date: '1999-12-31', reason: 'Millennium celebrations' },
  { date: '2002-06-04', replaces: '2002-05-27', reason: 'Spring bank holiday moved for the Golden Jubilee' },
  { date: '2002-06-03', reason: 'Golden Jubilee of Queen Elizabeth II' },
  { date: '2011-04-29', reason: 'Wedding of Prince William and Catherine Middleton' },
  { date: '2012-06-04', replaces: '2012-05-28', reason: 'Spring bank holiday moved for the Diamond Jubilee' },
  { date: '2012-06-05', reason: 'Diamond Jubilee of Queen Elizabeth II' },
  {
    date: '2020-05-08',
    replaces: '2020-05-04',
    reason: 'Early May bank holiday moved for the 75th anniversary of VE day',
  },
  { date: '2022-06-02', replaces: '2022-05-30', reason: 'Spring bank holiday moved for the Platinum Jubilee' },
  { date: '2022-06-03', reason: 'Platinum Jubilee of Queen Elizabeth II' },
  { date: '2022-09-19', reason: 'State funeral of Queen Elizabeth II' },
  { date: '2023-05-08', reason: 'Coronation of King Charles III' },
]

function englandAndWalesByRule(year: number): PlainDate[] {
  const easter = toDayNumber(easterSunday(year))
  return [
    substituteIfWeekend(formatCivil({ year, month: 1, day: 1 })),
    fromDayNumber(easter - 2), // Good Friday
    fromDayNumber(easter + 1), // Easter Monday
    firstMonday(year, 5), // early May bank holiday
    lastMonday(year, 5), // spring bank holiday
    lastMonday(year, 8), // summer bank holiday
    ...christmasAndBoxingDay(year),
  ]
}

function memoisedByYear(name: string, compute: (year: number) => readonly PlainDate[]): HolidayCalendar {
  const cache = new Map<number, readonly PlainDate[]>()
  return {
    name,
    bankHolidays(year: number): readonly PlainDate[] {
      let dates = cache.get(year)
      if (!dates) {
        dates = Object.freeze([...new Set(compute(year))].sort())
        cache.set(year, dates)
      }
      return dates
    },
  }
}

function requireModelledYear(year: number): void {
  requireInteger(year, 'The year')
  if (year < FIRST_MODELLED_YEAR || year > LAST_SUPPORTED_YEAR) {
    throw new RangeError(`Bank holidays are modelled for ${FIRST_MODELLED_YEAR}–${LAST_SUPPORTED_YEAR}, not ${year}`)
  }
}

/** Bank holidays in England and Wales, by rule plus the one-off changes. */
export const ENGLAND_AND_WALES_BANK_HOLIDAYS: HolidayCalendar = memoisedByYear('England and Wales', (year) => {
  requireModelledYear(year)
  const prefix = `${pad(year, 4)}-`
  const changes = ENGLAND_AND_WALES_ONE_OFF_CHANGES.filter((c) => c.date.startsWith(prefix))
  const replaced = new Set(changes.flatMap((c) => (c.replaces ? [c.replaces] : [])))
  return [...englandAndWalesByRule(year).filter((d) => !replaced.has(d)), ...changes.map((c) => c.date)]
})

/**
 * A holiday calendar with dates added (a newly announced one-off holiday) or removed (a
 * regular holiday moved by proclamation), for rule sets and configuration.
 */
export function adjustBankHolidays(
  base: HolidayCalendar,
  changes: { add?: readonly PlainDate[]; remove?: readonly PlainDate[]; name?: string },
): HolidayCalendar {
  const add = (changes.add ?? []).map(assertPlainDate)
  const remove = new Set((changes.remove ?? []).map(assertPlainDate))
  return memoisedByYear(changes.name ?? `${base.name} (adjusted)`, (year) => {
    const prefix = `${pad(year, 4)}-`
    return [...base.bankHolidays(year), ...add.filter((d) => d.startsWith(prefix))].filter((d) => !remove.has(d))
  })
}

export function isBankHoliday(date: PlainDate, holidays: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): boolean {
  return holidays.bankHolidays(civilOf(date).year).includes(date)
}

// ---------------------------------------------------------------------------------------------
// Working days

/** Monday to Friday and not a bank holiday. */
export function isWorkingDay(date: PlainDate, holidays: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS): boolean {
  return !isWeekend(date) && !isBankHoliday(date, holidays)
}

export function nextWorkingDayOnOrAfter(
  date: PlainDate,
  holidays: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): PlainDate {
  let d = date
  while (!isWorkingDay(d, holidays)) d = addCalendarDays(d, 1)
  return d
}

/**
 * The n-th working day after the date: day 1 is the next working day after it, whatever the
 * date itself is. This is how "within 10 working days starting with the day after the notice
 * is given" reads. With n = 0 the date itself is returned unchanged.
 */
export function addWorkingDays(
  date: PlainDate,
  n: number,
  holidays: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): PlainDate {
  requireInteger(n, 'The number of working days')
  if (n < 0) throw new RangeError(`The number of working days must not be negative, not ${n}`)
  let d = date
  assertPlainDate(d)
  for (let counted = 0; counted < n;) {
    d = addCalendarDays(d, 1)
    if (isWorkingDay(d, holidays)) counted++
  }
  return d
}

/**
 * The working days after `from` up to and including `to`, so that
 * workingDaysBetween(d, addWorkingDays(d, n)) === n. Negative when `to` is before `from`.
 */
export function workingDaysBetween(
  from: PlainDate,
  to: PlainDate,
  holidays: HolidayCalendar = ENGLAND_AND_WALES_BANK_HOLIDAYS,
): number {
  const a = toDayNumber(from)
  const b = toDayNumber(to)
  if (b < a) return 0 - workingDaysBetween(to, from, holidays) // 0 - x: never -0
  // Weekdays in (a, b] by arithmetic, then subtract the bank holidays on weekdays in range.
  const weekdaysUpTo = (n: number): number => {
    // A running count of weekdays up to day n, counted in whole weeks from a Monday (day -3
    // is 1969-12-29); only differences of it are used, so the origin does not matter.
    const fromMonday = n + 3
    const weeks = Math.floor(fromMonday / 7)
    const rest = fromMonday - weeks * 7 // 0 = Monday … 6 = Sunday
    return weeks * 5 + Math.min(rest + 1, 5)
  }
  let count = weekdaysUpTo(b) - weekdaysUpTo(a)
  const firstYear = civilFromDayNumber(a + 1).year
  const lastYear = civilFromDayNumber(b).year
  for (let year = firstYear; b > a && year <= lastYear; year++) {
    for (const holiday of holidays.bankHolidays(year)) {
      const h = toDayNumber(holiday)
      if (h > a && h <= b && weekdayOfDayNumber(h) <= 5) count--
    }
  }
  return count
}

// ---------------------------------------------------------------------------------------------
// Instants

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date in Europe/London at the given instant ("today" when given now). */
export function londonDateOf(instant: Date): PlainDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Not a valid instant')
  const parts = LONDON_DATE.formatToParts(instant)
  const part = (type: 'year' | 'month' | 'day'): number => Number(parts.find((p) => p.type === type)?.value)
  return formatCivil({ year: part('year'), month: part('month'), day: part('day') })
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

/**
 * A plain date as people write it, "14 January 2024" (GOV.UK style): for text the domain
 * composes (a report's chronology, a hold's reason) that reaches a page or a PDF. Anything else
 * is returned as it is.
 */
export function longDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) return date
  return `${Number(m[3])} ${MONTH_NAMES[Number(m[2]) - 1]} ${m[1]}`
}
