import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  ENGLAND_AND_WALES_BANK_HOLIDAYS as EW,
  addCalendarDays,
  daysInMonth,
  longDate,
  addMonths,
  addWorkingDays,
  adjustBankHolidays,
  assertPlainDate,
  calendarDaysBetween,
  compareDates,
  dayOfWeek,
  easterSunday,
  isBankHoliday,
  isPlainDate,
  isWeekend,
  isWorkingDay,
  londonDateOf,
  nextWorkingDayOnOrAfter,
  plainDate,
  workingDaysBetween,
} from './calendar.js'

// Published on gov.uk/bank-holidays (England and Wales).
const PUBLISHED: Record<number, string[]> = {
  2024: [
    '2024-01-01',
    '2024-03-29',
    '2024-04-01',
    '2024-05-06',
    '2024-05-27',
    '2024-08-26',
    '2024-12-25',
    '2024-12-26',
  ],
  2025: [
    '2025-01-01',
    '2025-04-18',
    '2025-04-21',
    '2025-05-05',
    '2025-05-26',
    '2025-08-25',
    '2025-12-25',
    '2025-12-26',
  ],
  2026: [
    '2026-01-01',
    '2026-04-03',
    '2026-04-06',
    '2026-05-04',
    '2026-05-25',
    '2026-08-31',
    '2026-12-25',
    '2026-12-28',
  ],
  2027: [
    '2027-01-01',
    '2027-03-26',
    '2027-03-29',
    '2027-05-03',
    '2027-05-31',
    '2027-08-30',
    '2027-12-27',
    '2027-12-28',
  ],
}

/** Dates from 1980 to 2099, leaving room either side within the modelled years. */
const dateArb = fc.integer({ min: 0, max: 43_829 }).map((offset) => addCalendarDays('1980-01-01', offset))

describe('plain dates', () => {
  it('accepts real dates only', () => {
    for (const ok of ['2024-02-29', '2000-02-29', '2026-12-31', '0001-01-01', '9999-12-31'])
      assert.ok(isPlainDate(ok), ok)
    for (const bad of [
      '2023-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-04-31',
      '2026-1-01',
      '26-01-01',
      '2026-01-01T00:00',
      '',
      ' 2026-01-01',
      '0000-01-01',
    ])
      assert.equal(isPlainDate(bad), false, bad)
    assert.equal(isPlainDate(20260101), false)
    assert.throws(() => assertPlainDate('2026-02-30'), RangeError)
    assert.equal(assertPlainDate('2026-02-28'), '2026-02-28')
  })

  it('builds dates from parts and rejects impossible ones', () => {
    assert.equal(plainDate(2026, 3, 5), '2026-03-05')
    assert.throws(() => plainDate(2026, 2, 29), RangeError)
  })

  it('compares dates', () => {
    assert.equal(compareDates('2026-01-01', '2026-01-02'), -1)
    assert.equal(compareDates('2026-01-02', '2026-01-01'), 1)
    assert.equal(compareDates('2026-01-01', '2026-01-01'), 0)
    assert.throws(() => compareDates('2026-01-32', '2026-01-01'), RangeError)
  })

  it('orders dates the same way as strings', () => {
    fc.assert(
      fc.property(dateArb, dateArb, (a, b) => {
        assert.equal(compareDates(a, b), a < b ? -1 : a > b ? 1 : 0)
      }),
    )
  })

  it('knows the day of the week', () => {
    assert.equal(dayOfWeek('1970-01-01'), 4)
    assert.equal(dayOfWeek('2026-01-05'), 1)
    assert.equal(dayOfWeek('2026-01-04'), 7)
    assert.equal(dayOfWeek('1969-12-31'), 3)
    assert.equal(dayOfWeek('2000-02-29'), 2)
    assert.ok(isWeekend('2026-01-03'))
    assert.ok(!isWeekend('2026-01-02'))
  })
})

describe('addCalendarDays and calendarDaysBetween', () => {
  it('crosses months, leap days and years', () => {
    assert.equal(addCalendarDays('2024-02-28', 1), '2024-02-29')
    assert.equal(addCalendarDays('2024-02-29', 1), '2024-03-01')
    assert.equal(addCalendarDays('2023-02-28', 1), '2023-03-01')
    assert.equal(addCalendarDays('2025-12-31', 1), '2026-01-01')
    assert.equal(addCalendarDays('2026-01-01', -1), '2025-12-31')
    assert.equal(addCalendarDays('2026-03-29', 28), '2026-04-26') // across the clocks changing
    assert.equal(calendarDaysBetween('2026-01-01', '2027-01-01'), 365)
    assert.equal(calendarDaysBetween('2024-01-01', '2025-01-01'), 366)
  })

  it('rejects fractional days and years beyond 9999', () => {
    assert.throws(() => addCalendarDays('2026-01-01', 1.5), RangeError)
    assert.throws(() => addCalendarDays('9999-12-31', 1), RangeError)
  })

  it('round-trips', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -20_000, max: 20_000 }), (d, n) => {
        const later = addCalendarDays(d, n)
        assert.ok(isPlainDate(later))
        assert.equal(calendarDaysBetween(d, later), n)
        assert.equal(addCalendarDays(later, -n), d)
      }),
    )
  })
})

describe('addMonths', () => {
  it('keeps the day of the month where it exists', () => {
    assert.equal(addMonths('2026-01-15', 1), '2026-02-15')
    assert.equal(addMonths('2026-01-15', 12), '2027-01-15')
    assert.equal(addMonths('2026-11-30', 3), '2027-02-28')
    assert.equal(addMonths('2026-03-15', -3), '2025-12-15')
    assert.equal(addMonths('2026-03-15', 0), '2026-03-15')
  })

  it('clamps to the end of a shorter month', () => {
    assert.equal(addMonths('2026-01-31', 1), '2026-02-28')
    assert.equal(addMonths('2024-01-31', 1), '2024-02-29')
    assert.equal(addMonths('2024-02-29', 12), '2025-02-28')
    assert.equal(addMonths('2026-08-31', 1), '2026-09-30')
    assert.equal(addMonths('2026-03-31', -1), '2026-02-28')
  })

  it('always lands in the right month, on the same day or the month’s last day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -600, max: 600 }), (d, n) => {
        const r = addMonths(d, n)
        const [y, m, day] = d.split('-').map(Number) as [number, number, number]
        const [ry, rm, rday] = r.split('-').map(Number) as [number, number, number]
        assert.equal(ry * 12 + rm, y * 12 + m + n)
        assert.ok(rday === day || (rday < day && addCalendarDays(r, 1).endsWith('-01')))
      }),
    )
  })
})

describe('England and Wales bank holidays', () => {
  for (const [year, dates] of Object.entries(PUBLISHED)) {
    it(`matches the published dates for ${year}`, () => {
      assert.deepEqual(EW.bankHolidays(Number(year)), dates)
    })
  }

  it('computes Easter', () => {
    const known: Record<number, string> = {
      1978: '1978-03-26',
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    }
    for (const [year, easter] of Object.entries(known)) assert.equal(easterSunday(Number(year)), easter, year)
  })

  it('applies the one-off changes', () => {
    const cases: [number, string[], string[]][] = [
      [1981, ['1981-07-29'], []],
      [1995, ['1995-05-08'], ['1995-05-01']],
      [1999, ['1999-12-31', '1999-12-27', '1999-12-28'], []],
      [2002, ['2002-06-03', '2002-06-04'], ['2002-05-27']],
      [2011, ['2011-04-29', '2011-05-02', '2011-05-30'], []],
      [2012, ['2012-06-04', '2012-06-05'], ['2012-05-28']],
      [2020, ['2020-05-08'], ['2020-05-04']],
      [2022, ['2022-06-02', '2022-06-03', '2022-09-19'], ['2022-05-30']],
      [2023, ['2023-05-08', '2023-05-01', '2023-05-29'], []],
    ]
    for (const [year, present, absent] of cases) {
      const dates = EW.bankHolidays(year)
      for (const d of present) assert.ok(dates.includes(d), `${d} is a bank holiday`)
      for (const d of absent) assert.ok(!dates.includes(d), `${d} is not a bank holiday`)
    }
    assert.equal(EW.bankHolidays(2022).length, 10)
    assert.equal(EW.bankHolidays(2023).length, 9)
  })

  it('substitutes New Year’s Day, Christmas and Boxing Day falling at a weekend', () => {
    assert.ok(EW.bankHolidays(2022).includes('2022-01-03')) // 1 Jan Saturday
    assert.ok(EW.bankHolidays(2023).includes('2023-01-02')) // 1 Jan Sunday
    assert.deepEqual(EW.bankHolidays(2021).slice(-2), ['2021-12-27', '2021-12-28']) // 25th Saturday
    assert.deepEqual(EW.bankHolidays(2022).slice(-2), ['2022-12-26', '2022-12-27']) // 25th Sunday
    assert.deepEqual(EW.bankHolidays(2026).slice(-2), ['2026-12-25', '2026-12-28']) // 25th Friday
  })

  it('has eight holidays on eight different weekdays in an ordinary year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2024, max: 2400 }), (year) => {
        const dates = EW.bankHolidays(year)
        assert.equal(dates.length, 8)
        assert.equal(new Set(dates).size, 8)
        for (const d of dates) {
          assert.ok(d.startsWith(`${year}-`))
          assert.ok(!isWeekend(d), `${d} is a weekday`)
        }
      }),
    )
  })

  it('refuses years it does not model', () => {
    assert.throws(() => EW.bankHolidays(1977), RangeError)
    assert.throws(() => isWorkingDay('1970-06-01'), RangeError)
  })

  it('lets a rule set add and remove dates', () => {
    const adjusted = adjustBankHolidays(EW, { add: ['2026-06-15'], remove: ['2026-05-25'], name: 'Test' })
    assert.equal(adjusted.name, 'Test')
    assert.ok(isBankHoliday('2026-06-15', adjusted))
    assert.ok(!isBankHoliday('2026-05-25', adjusted))
    assert.ok(isBankHoliday('2026-05-25'))
    assert.equal(addWorkingDays('2026-06-12', 1, adjusted), '2026-06-16')
    assert.deepEqual(adjusted.bankHolidays(2027), EW.bankHolidays(2027))
    assert.throws(() => adjustBankHolidays(EW, { add: ['2026-02-30'] }), RangeError)
  })
})

describe('working days', () => {
  it('knows weekends and bank holidays are not working days', () => {
    assert.ok(isWorkingDay('2026-04-02'))
    assert.ok(!isWorkingDay('2026-04-03')) // Good Friday
    assert.ok(!isWorkingDay('2026-04-04')) // Saturday
    assert.ok(!isWorkingDay('2026-04-06')) // Easter Monday
    assert.ok(isWorkingDay('2026-04-07'))
  })

  it('finds the next working day on or after a date', () => {
    assert.equal(nextWorkingDayOnOrAfter('2026-04-02'), '2026-04-02')
    assert.equal(nextWorkingDayOnOrAfter('2026-04-03'), '2026-04-07')
    assert.equal(nextWorkingDayOnOrAfter('2026-12-25'), '2026-12-29')
  })

  it('counts day 1 as the next working day after the date', () => {
    assert.equal(addWorkingDays('2026-01-05', 1), '2026-01-06')
    assert.equal(addWorkingDays('2026-01-09', 1), '2026-01-12') // Friday → Monday
    assert.equal(addWorkingDays('2026-01-10', 1), '2026-01-12') // Saturday → Monday
    assert.equal(addWorkingDays('2026-01-05', 10), '2026-01-19')
    assert.equal(addWorkingDays('2026-04-01', 10), '2026-04-17') // over Easter
    assert.equal(addWorkingDays('2026-12-21', 10), '2027-01-07') // over Christmas and New Year
    assert.equal(addWorkingDays('2026-12-24', 1), '2026-12-29')
    assert.equal(addWorkingDays('2026-04-03', 0), '2026-04-03')
  })

  it('refuses negative or fractional counts', () => {
    assert.throws(() => addWorkingDays('2026-01-05', -1), RangeError)
    assert.throws(() => addWorkingDays('2026-01-05', 0.5), RangeError)
    assert.throws(() => addWorkingDays('2026-01-32', 1), RangeError)
  })

  it('counts the working days between two dates', () => {
    assert.equal(workingDaysBetween('2026-01-01', '2026-12-31'), 253) // 1 January is itself a holiday
    assert.equal(workingDaysBetween('2025-12-31', '2026-12-31'), 253)
    assert.equal(workingDaysBetween('2026-01-05', '2026-01-05'), 0)
    assert.equal(workingDaysBetween('2026-01-05', '2026-01-06'), 1)
    assert.equal(workingDaysBetween('2026-01-09', '2026-01-11'), 0)
    assert.equal(workingDaysBetween('2026-01-06', '2026-01-05'), -1)
    assert.equal(workingDaysBetween('2026-04-02', '2026-04-07'), 1)
    assert.equal(workingDaysBetween('2022-01-01', '2023-01-01'), 365 - 105 - 10) // 105 weekend days and 10 holidays, all on weekdays
  })

  it('never lands on a weekend or bank holiday', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 1, max: 400 }), (d, n) => {
        const r = addWorkingDays(d, n)
        assert.ok(!isWeekend(r), r)
        assert.ok(!isBankHoliday(r), r)
        assert.ok(compareDates(r, d) > 0)
      }),
    )
  })

  it('is monotonic in n', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 100 }), (d, n, k) => {
        assert.ok(compareDates(addWorkingDays(d, n), addWorkingDays(d, n + k)) < 0)
      }),
    )
  })

  it('is monotonic in the start date', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 300 }), (d, gap, n) => {
        const later = addCalendarDays(d, gap)
        assert.ok(compareDates(addWorkingDays(d, n), addWorkingDays(later, n)) <= 0)
      }),
    )
  })

  it('is inverted by workingDaysBetween', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 1000 }), (d, n) => {
        assert.equal(workingDaysBetween(d, addWorkingDays(d, n)), n)
      }),
    )
  })

  it('agrees with counting day by day', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -400, max: 400 }), (a, span) => {
        const b = addCalendarDays(a, span)
        let count = 0
        for (let d = a; d < b;) {
          d = addCalendarDays(d, 1)
          if (isWorkingDay(d)) count++
        }
        for (let d = b; d < a;) {
          d = addCalendarDays(d, 1)
          if (isWorkingDay(d)) count--
        }
        assert.equal(workingDaysBetween(a, b), count)
      }),
    )
  })

  it('finds the next working day within a week and a half', () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const r = nextWorkingDayOnOrAfter(d)
        assert.ok(isWorkingDay(r))
        assert.ok(calendarDaysBetween(d, r) >= 0 && calendarDaysBetween(d, r) <= 6)
        assert.equal(r, isWorkingDay(d) ? d : addWorkingDays(d, 1))
      }),
    )
  })
})

describe('londonDateOf', () => {
  it('uses British Summer Time in summer and GMT in winter', () => {
    assert.equal(londonDateOf(new Date('2026-06-30T22:59:59Z')), '2026-06-30')
    assert.equal(londonDateOf(new Date('2026-06-30T23:00:00Z')), '2026-07-01')
    assert.equal(londonDateOf(new Date('2026-12-31T23:59:59Z')), '2026-12-31')
    assert.equal(londonDateOf(new Date('2027-01-01T00:00:00Z')), '2027-01-01')
  })

  it('follows the clock changes', () => {
    // BST began at 01:00 UTC on Sunday 29 March 2026 and ends at 01:00 UTC on 25 October 2026.
    assert.equal(londonDateOf(new Date('2026-03-28T23:30:00Z')), '2026-03-28')
    assert.equal(londonDateOf(new Date('2026-03-29T23:30:00Z')), '2026-03-30')
    assert.equal(londonDateOf(new Date('2026-10-24T23:30:00Z')), '2026-10-25')
    assert.equal(londonDateOf(new Date('2026-10-25T23:30:00Z')), '2026-10-25')
  })

  it('refuses an invalid instant', () => {
    assert.throws(() => londonDateOf(new Date('nonsense')), RangeError)
  })

  it('is never more than an hour ahead of UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const utcDate = new Date(ms).toISOString().slice(0, 10)
        const london = londonDateOf(new Date(ms))
        const oneHourLater = new Date(ms + 3_600_000).toISOString().slice(0, 10)
        assert.ok(london === utcDate || london === oneHourLater)
      }),
    )
  })
})

describe('longDate', () => {
  it('writes a plain date as people do, with no leading zero', () => {
    assert.equal(longDate('2024-01-04'), '4 January 2024')
    assert.equal(longDate('2026-12-31'), '31 December 2026')
    assert.equal(longDate('not a date'), 'not a date')
  })
  it('agrees with the date of every day it names (round trip over the calendar)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString().slice(0, 10)
          const expected = new Intl.DateTimeFormat('en-GB', {
            day: 'numeric',
            month: 'long',
            year: 'numeric',
            timeZone: 'UTC',
          }).format(d)
          assert.equal(longDate(iso), expected)
        },
      ),
    )
  })
})

describe('the calendar’s edges and its refusals, by message', () => {
  it('stays within years 0001–9999, at both ends', () => {
    assert.equal(addCalendarDays('0001-01-02', -1), '0001-01-01')
    assert.throws(() => addCalendarDays('0001-01-01', -1), /^RangeError: Year 0 is outside 0001–9999$/)
    assert.throws(() => addCalendarDays('9999-12-31', 1), /^RangeError: Year 10000 is outside 0001–9999$/)
    assert.throws(() => plainDate(10000, 1, 1), /Year 10000 is outside 0001–9999/)
    assert.equal(plainDate(9999, 12, 31), '9999-12-31')
    assert.equal(plainDate(1, 1, 1), '0001-01-01')
  })

  it('names what is wrong with a date or a count', () => {
    assert.throws(
      () => assertPlainDate('2026-02-30'),
      /^RangeError: Not a calendar date in the form YYYY-MM-DD: "2026-02-30"$/,
    )
    assert.throws(() => plainDate(2026, 13, 1), /Not a calendar date in the form YYYY-MM-DD: "2026-13-01"/)
    assert.throws(
      () => addCalendarDays('2026-01-01', 1.5),
      /^RangeError: The number of days must be a whole number, not 1.5$/,
    )
    assert.throws(
      () => addMonths('2026-01-01', 0.5),
      /^RangeError: The number of months must be a whole number, not 0.5$/,
    )
    assert.throws(() => easterSunday(2026.5), /^RangeError: The year must be a whole number, not 2026.5$/)
    assert.throws(
      () => addWorkingDays('2026-01-05', 0.5),
      /^RangeError: The number of working days must be a whole number, not 0.5$/,
    )
    assert.throws(
      () => addWorkingDays('2026-01-05', -1),
      /^RangeError: The number of working days must not be negative, not -1$/,
    )
    assert.throws(() => addWorkingDays('2026-01-32', 0), RangeError)
    assert.throws(() => londonDateOf(new Date(Number.NaN)), /^RangeError: Not a valid instant$/)
  })

  it('models bank holidays from 1978 to 9999 and refuses other years by name', () => {
    assert.equal(EW.bankHolidays(1978).length, 8)
    assert.ok(EW.bankHolidays(1978).includes('1978-05-01')) // the first early May bank holiday
    assert.equal(EW.bankHolidays(9999).length, 8)
    assert.throws(() => EW.bankHolidays(1977), /^RangeError: Bank holidays are modelled for 1978–9999, not 1977$/)
    assert.throws(() => EW.bankHolidays(10000), /^RangeError: Bank holidays are modelled for 1978–9999, not 10000$/)
    assert.throws(() => EW.bankHolidays(2026.5), /^RangeError: The year must be a whole number, not 2026.5$/)
    assert.equal(EW.name, 'England and Wales')
  })

  it('gives each year’s holidays as a frozen, sorted list without repeats, the same list each time', () => {
    const y2026 = EW.bankHolidays(2026)
    assert.ok(Object.isFrozen(y2026))
    assert.equal(EW.bankHolidays(2026), y2026)
    const adjusted = adjustBankHolidays(EW, { add: ['2026-12-25', '2026-02-02'] })
    assert.equal(adjusted.name, 'England and Wales (adjusted)')
    assert.deepEqual(adjusted.bankHolidays(2026), [
      '2026-01-01',
      '2026-02-02',
      '2026-04-03',
      '2026-04-06',
      '2026-05-04',
      '2026-05-25',
      '2026-08-31',
      '2026-12-25',
      '2026-12-28',
    ])
    assert.deepEqual(adjustBankHolidays(EW, {}).bankHolidays(2026), EW.bankHolidays(2026))
    assert.throws(() => adjustBankHolidays(EW, { remove: ['2026-02-30'] }), RangeError)
  })

  it('moves a fixed holiday off the weekend to the Monday, and keeps it on a weekday', () => {
    assert.equal(EW.bankHolidays(2028)[0], '2028-01-03') // 1 January 2028 is a Saturday
    assert.equal(EW.bankHolidays(2034)[0], '2034-01-02') // a Sunday
    assert.equal(EW.bankHolidays(2027)[0], '2027-01-01') // a Friday
    assert.deepEqual(EW.bankHolidays(2032).slice(-2), ['2032-12-27', '2032-12-28']) // 25th a Saturday
    assert.deepEqual(EW.bankHolidays(2033).slice(-2), ['2033-12-26', '2033-12-27']) // 25th a Sunday
    assert.deepEqual(EW.bankHolidays(2025).slice(-2), ['2025-12-25', '2025-12-26']) // a Thursday
  })

  it('knows the days in each month', () => {
    const days = (y: number) => Array.from({ length: 12 }, (_, i) => daysInMonth(y, i + 1))
    assert.deepEqual(days(2026), [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
    assert.deepEqual(days(2024).slice(0, 2), [31, 29])
    assert.equal(daysInMonth(1900, 2), 28)
    assert.equal(daysInMonth(2000, 2), 29)
    assert.equal(daysInMonth(2100, 2), 28)
  })
})

describe('what the first mutation run of the calendar left untested', () => {
  it('refuses day 00 and a value that only reads as a date when turned into text', () => {
    assert.equal(isPlainDate('2026-01-00'), false)
    assert.equal(isPlainDate(['2026-01-01']), false)
    assert.equal(isPlainDate({ toString: () => '2026-01-01' }), false)
  })

  it('dates Easter Sunday as published, always a Sunday from 22 March to 25 April', () => {
    const known = [
      '1981-04-19',
      '1990-04-15',
      '1995-04-16',
      '2010-04-04',
      '2016-03-27',
      '2018-04-01',
      '2020-04-12',
      '2021-04-04',
      '2022-04-17',
      '2023-04-09',
      '2028-04-16',
      '2029-04-01',
      '2030-04-21',
    ]
    for (const easter of known) assert.equal(easterSunday(Number(easter.slice(0, 4))), easter)
    fc.assert(
      fc.property(fc.integer({ min: 1583, max: 9999 }), (year) => {
        const easter = easterSunday(year)
        assert.equal(dayOfWeek(easter), 7, easter)
        assert.ok(easter.slice(5) >= '03-22' && easter.slice(5) <= '04-25', easter)
      }),
    )
  })

  it('counts working days from the first modelled day, and a span of no days in any year', () => {
    assert.equal(workingDaysBetween('1978-01-01', '1978-01-03'), 1) // Monday 2 January 1978 was the substitute holiday
    assert.equal(workingDaysBetween('1970-06-01', '1970-06-01'), 0)
  })

  it('does not count a holiday added on a Saturday twice', () => {
    const saturday = adjustBankHolidays(EW, { add: ['2026-06-13'] })
    assert.equal(workingDaysBetween('2026-06-12', '2026-06-15', saturday), 1)
    assert.equal(workingDaysBetween('2026-06-15', '2026-06-12', saturday), -1)
  })

  it('leaves text that only contains a date as it is', () => {
    assert.equal(longDate('on 2024-01-04'), 'on 2024-01-04')
    assert.equal(longDate('2024-01-04T10:00'), '2024-01-04T10:00')
  })
})
