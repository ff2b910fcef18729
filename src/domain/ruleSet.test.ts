import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addCalendarDays,
  adjustBankHolidays,
  calendarDaysBetween,
  compareDates,
  isWorkingDay,
  workingDaysBetween,
} from './calendar.js'
import { DEFAULT_EARLY_INTERVENTION_RULES } from './earlyIntervention.js'
import {
  ENGLAND_AND_WALES,
  RULE_SETS,
  authorityResponseDue,
  configureRuleSet,
  nextKeepInformedDue,
  nextTimelinessNoticeDue,
  noticeResponseDue,
  preventionOfFutureDeathsResponseDue,
  ruleSetById,
  timelinessNoticeDates,
  timelinessPeriods,
} from './ruleSet.js'

const dateArb = fc.integer({ min: 0, max: 36_500 }).map((offset) => addCalendarDays('2000-01-01', offset))

describe('the England and Wales rule set', () => {
  it('holds the DOMAIN.md defaults', () => {
    assert.equal(ENGLAND_AND_WALES.subjectResponseWorkingDays, 10)
    assert.equal(ENGLAND_AND_WALES.keepInformedCadenceDays, 28)
    assert.equal(ENGLAND_AND_WALES.timelinessFirstPeriodMonths, 12)
    assert.equal(ENGLAND_AND_WALES.timelinessRepeatPeriodMonths, 6)
    assert.equal(ENGLAND_AND_WALES.authorityResponseWorkingDays, 15)
    assert.equal(ENGLAND_AND_WALES.holidays.name, 'England and Wales')
    assert.ok(Object.isFrozen(ENGLAND_AND_WALES))
  })

  it('is found by its id', () => {
    assert.equal(ruleSetById('england-and-wales'), ENGLAND_AND_WALES)
    assert.equal(ruleSetById('scotland'), undefined)
    assert.ok(RULE_SETS.includes(ENGLAND_AND_WALES))
    assert.equal(new Set(RULE_SETS.map((r) => r.id)).size, RULE_SETS.length)
  })
})

describe('configureRuleSet', () => {
  it('changes only what it is given', () => {
    const longer = configureRuleSet(ENGLAND_AND_WALES, {
      authorityResponseWorkingDays: 20,
      id: 'ew-local',
      name: 'Local',
    })
    assert.equal(longer.authorityResponseWorkingDays, 20)
    assert.equal(longer.subjectResponseWorkingDays, 10)
    assert.equal(longer.id, 'ew-local')
    assert.equal(ENGLAND_AND_WALES.authorityResponseWorkingDays, 15)
    assert.equal(authorityResponseDue('2026-03-02', longer), '2026-03-30')
  })

  it('refuses periods that are not whole numbers of at least 1', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      assert.throws(() => configureRuleSet(ENGLAND_AND_WALES, { keepInformedCadenceDays: bad }), RangeError)
    }
  })

  it('takes another holiday calendar', () => {
    const rules = configureRuleSet(ENGLAND_AND_WALES, {
      holidays: adjustBankHolidays(ENGLAND_AND_WALES.holidays, { add: ['2026-03-13'] }),
    })
    assert.equal(noticeResponseDue('2026-03-02', rules), '2026-03-17')
  })
})

describe('noticeResponseDue', () => {
  it('is the 10th working day after service', () => {
    assert.equal(noticeResponseDue('2026-03-02'), '2026-03-16') // Monday → the Monday a fortnight later
    assert.equal(noticeResponseDue('2026-03-06'), '2026-03-20') // Friday
    assert.equal(noticeResponseDue('2026-03-07'), '2026-03-20') // served on a Saturday: day 1 is Monday
    assert.equal(noticeResponseDue('2026-03-27'), '2026-04-14') // over Easter
    assert.equal(noticeResponseDue('2026-12-18'), '2027-01-06') // over Christmas and New Year
  })

  it('is always a working day exactly 10 working days on', () => {
    fc.assert(
      fc.property(dateArb, (servedOn) => {
        const due = noticeResponseDue(servedOn)
        assert.ok(isWorkingDay(due))
        assert.equal(workingDaysBetween(servedOn, due), 10)
        assert.ok(calendarDaysBetween(servedOn, due) >= 12) // served on a Sunday: Monday is day 1
      }),
    )
  })
})

describe('authorityResponseDue', () => {
  it('is the 15th working day after the report is sent', () => {
    assert.equal(authorityResponseDue('2026-03-02'), '2026-03-23')
    assert.equal(authorityResponseDue('2026-05-01'), '2026-05-26') // two May bank holidays
  })

  it('is always 15 working days on', () => {
    fc.assert(
      fc.property(dateArb, (sentOn) => {
        assert.equal(workingDaysBetween(sentOn, authorityResponseDue(sentOn)), 15)
      }),
    )
  })
})

describe('nextKeepInformedDue', () => {
  it('is 28 calendar days on, even over holidays and weekends', () => {
    assert.equal(nextKeepInformedDue('2026-01-05'), '2026-02-02')
    assert.equal(nextKeepInformedDue('2026-12-12'), '2027-01-09') // a Saturday, not moved
  })
})

describe('timeliness notices', () => {
  it('fall due 12 months after the allegation came to attention, then every 6 months', () => {
    assert.deepEqual(timelinessNoticeDates('2024-03-15', '2026-12-31'), [
      '2025-03-15',
      '2025-09-15',
      '2026-03-15',
      '2026-09-15',
    ])
  })

  it('include a notice falling due on the last day asked about, and none before the first', () => {
    assert.deepEqual(timelinessNoticeDates('2024-03-15', '2025-03-15'), ['2025-03-15'])
    assert.deepEqual(timelinessNoticeDates('2024-03-15', '2025-03-14'), [])
    assert.deepEqual(timelinessNoticeDates('2024-03-15', '2020-01-01'), [])
  })

  it('describe each relevant period', () => {
    assert.deepEqual(timelinessPeriods('2024-03-15', '2025-09-15'), [
      { number: 1, startsOn: '2024-03-15', endsOn: '2025-03-14', noticeDueOn: '2025-03-15' },
      { number: 2, startsOn: '2025-03-15', endsOn: '2025-09-14', noticeDueOn: '2025-09-15' },
    ])
  })

  it('do not drift when a month end is clamped', () => {
    assert.deepEqual(timelinessNoticeDates('2024-08-31', '2026-09-30'), ['2025-08-31', '2026-02-28', '2026-08-31'])
    assert.deepEqual(timelinessNoticeDates('2024-02-29', '2025-03-31'), ['2025-02-28'])
  })

  it('give the next one after a date', () => {
    assert.equal(nextTimelinessNoticeDue('2024-03-15', '2024-06-01'), '2025-03-15')
    assert.equal(nextTimelinessNoticeDue('2024-03-15', '2025-03-15'), '2025-09-15')
    assert.equal(nextTimelinessNoticeDue('2024-03-15', '2026-01-01'), '2026-03-15')
  })

  it('form contiguous periods with notices in order', () => {
    fc.assert(
      fc.property(dateArb, fc.integer({ min: 0, max: 4000 }), (came, span) => {
        const until = addCalendarDays(came, span)
        const periods = timelinessPeriods(came, until)
        periods.forEach((p, i) => {
          assert.equal(p.number, i + 1)
          assert.equal(addCalendarDays(p.endsOn, 1), p.noticeDueOn)
          assert.ok(compareDates(p.noticeDueOn, until) <= 0)
          assert.equal(p.startsOn, i === 0 ? came : periods[i - 1]?.noticeDueOn)
          const length = calendarDaysBetween(p.startsOn, p.noticeDueOn)
          if (i === 0) assert.ok(length >= 365 && length <= 366, `${length}`)
          else assert.ok(length >= 178 && length <= 187, `${length}`)
        })
        const next = nextTimelinessNoticeDue(came, until)
        assert.ok(compareDates(next, until) > 0)
        assert.equal(timelinessNoticeDates(came, next).length, periods.length + 1)
      }),
    )
  })
})

describe('the rule set’s other periods and their checks', () => {
  it('holds the prevention of future deaths period and the default early-intervention rules', () => {
    assert.equal(ENGLAND_AND_WALES.preventionOfFutureDeathsResponseDays, 56)
    assert.equal(ENGLAND_AND_WALES.id, 'england-and-wales')
    assert.equal(ENGLAND_AND_WALES.name, 'England and Wales')
    assert.equal(ENGLAND_AND_WALES.earlyIntervention, DEFAULT_EARLY_INTERVENTION_RULES)
    assert.deepEqual(RULE_SETS, [ENGLAND_AND_WALES])
  })

  it('counts a prevention of future deaths response in calendar days from the rule set', () => {
    const rules = configureRuleSet(ENGLAND_AND_WALES, { preventionOfFutureDeathsResponseDays: 10 })
    assert.equal(preventionOfFutureDeathsResponseDue('2026-01-05', rules), '2026-01-15')
    assert.throws(() => preventionOfFutureDeathsResponseDue('2026-02-30'), RangeError)
  })

  it('uses each configured period, and the configured calendar for keep-informed and timeliness too', () => {
    const rules = configureRuleSet(ENGLAND_AND_WALES, {
      subjectResponseWorkingDays: 2,
      keepInformedCadenceDays: 7,
      timelinessFirstPeriodMonths: 3,
      timelinessRepeatPeriodMonths: 1,
      authorityResponseWorkingDays: 1,
    })
    assert.equal(noticeResponseDue('2026-03-02', rules), '2026-03-04')
    assert.equal(nextKeepInformedDue('2026-03-02', rules), '2026-03-09')
    assert.equal(authorityResponseDue('2026-03-06', rules), '2026-03-09')
    assert.deepEqual(timelinessNoticeDates('2026-01-15', '2026-06-15', rules), [
      '2026-04-15',
      '2026-05-15',
      '2026-06-15',
    ])
    assert.equal(nextTimelinessNoticeDue('2026-01-15', '2026-04-15', rules), '2026-05-15')
  })

  it('checks every period, accepts 1, and names the period and the value refused', () => {
    const keys = [
      'subjectResponseWorkingDays',
      'keepInformedCadenceDays',
      'timelinessFirstPeriodMonths',
      'timelinessRepeatPeriodMonths',
      'authorityResponseWorkingDays',
      'preventionOfFutureDeathsResponseDays',
    ] as const
    for (const key of keys) {
      assert.throws(
        () => configureRuleSet(ENGLAND_AND_WALES, { [key]: 0 }),
        (e: unknown) => e instanceof RangeError && e.message === `${key} must be a whole number of at least 1, not 0`,
        key,
      )
      assert.equal(configureRuleSet(ENGLAND_AND_WALES, { [key]: 1 })[key], 1, key)
    }
    assert.throws(
      () => configureRuleSet(ENGLAND_AND_WALES, { keepInformedCadenceDays: 2 ** 53 }),
      /keepInformedCadenceDays must be a whole number of at least 1, not 9007199254740992/,
    )
    assert.ok(Object.isFrozen(configureRuleSet(ENGLAND_AND_WALES, {})))
  })

  it('checks the early-intervention rules it is given', () => {
    assert.throws(
      () =>
        configureRuleSet(ENGLAND_AND_WALES, {
          earlyIntervention: [{ id: 'one', kind: 'allegations_in_period', threshold: 1, months: 12 }],
        }),
      /Rule one: the threshold must be a whole number of at least 2/,
    )
  })
})
