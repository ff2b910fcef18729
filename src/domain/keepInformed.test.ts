import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  addCalendarDays,
  calendarDaysBetween,
  compareDates,
  daysInMonth,
  isBankHoliday,
  plainDate,
} from './calendar.js'
import { ENGLAND_AND_WALES, configureRuleSet } from './ruleSet.js'
import {
  daysOverdue,
  isInvestigationCompleted,
  keepInformedAnchor,
  keepInformedClockRule,
  keepInformedState,
  nextUpdateDue,
  personClock,
  timelinessNoticesOwed,
} from './keepInformed.js'

const dateArb = fc.integer({ min: 0, max: 36_500 }).map((offset) => addCalendarDays('2000-01-01', offset))
/** Dates that stress the calendar: month ends, leap days and bank holidays. */
const awkwardDateArb = fc.oneof(
  dateArb,
  fc
    .record({ year: fc.integer({ min: 1990, max: 2060 }), month: fc.integer({ min: 1, max: 12 }) })
    .map(({ year, month }) => plainDate(year, month, daysInMonth(year, month))),
  fc.integer({ min: 1990, max: 2060 }).map((year) => plainDate(year, 12, 25)),
  fc
    .integer({ min: 1990, max: 2060 })
    .filter((y) => daysInMonth(y, 2) === 29)
    .map((year) => plainDate(year, 2, 29)),
)
const factsArb = fc.record({
  investigationStartedOn: awkwardDateArb,
  becameInterestedOn: awkwardDateArb,
  consentToBeKeptInformed: fc.constant(true),
  lastUpdateOn: fc.option(awkwardDateArb, { nil: null }),
})

describe('the keep-informed clock', () => {
  it('counts 28 days from the later of the start and becoming interested, for the first update', () => {
    const base = { consentToBeKeptInformed: true, lastUpdateOn: null }
    assert.equal(
      nextUpdateDue({ ...base, investigationStartedOn: '2026-03-04', becameInterestedOn: '2026-03-01' }),
      '2026-04-01',
    )
    assert.equal(
      nextUpdateDue({ ...base, investigationStartedOn: '2026-03-04', becameInterestedOn: '2026-03-20' }),
      '2026-04-17',
    )
  })

  it('then 28 days from the previous update, in calendar days across month ends and bank holidays', () => {
    const facts = {
      investigationStartedOn: '2026-01-05',
      becameInterestedOn: '2026-01-05',
      consentToBeKeptInformed: true,
    }
    assert.equal(nextUpdateDue({ ...facts, lastUpdateOn: '2026-01-31' }), '2026-02-28')
    assert.equal(nextUpdateDue({ ...facts, lastUpdateOn: '2027-12-01' }), '2027-12-29')
    assert.equal(nextUpdateDue({ ...facts, lastUpdateOn: '2028-02-01' }), '2028-02-29')
    // Due on Christmas Day: the cadence is a maximum gap, not moved off a holiday.
    assert.ok(isBankHoliday('2026-12-25'))
    assert.equal(nextUpdateDue({ ...facts, lastUpdateOn: '2026-11-27' }), '2026-12-25')
  })

  it('puts no one without consent on the clock, nor anyone once the investigation is closed', () => {
    const facts = { investigationStartedOn: '2026-03-04', becameInterestedOn: '2026-03-04', lastUpdateOn: null }
    assert.equal(nextUpdateDue({ ...facts, consentToBeKeptInformed: false }), null)
    assert.equal(nextUpdateDue({ ...facts, consentToBeKeptInformed: true, investigationStatus: 'closed' }), null)
    assert.equal(
      nextUpdateDue({ ...facts, consentToBeKeptInformed: true, investigationStatus: 'suspended' }),
      '2026-04-01',
    )
    assert.deepEqual(personClock({ ...facts, consentToBeKeptInformed: false }, '2027-01-01'), {
      dueOn: null,
      daysOverdue: 0,
      state: 'not_on_clock',
    })
  })

  it('is always exactly the cadence after the anchor, and the anchor is never before any of its dates', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const due = nextUpdateDue(facts)!
        const anchor = keepInformedAnchor(facts)
        assert.equal(calendarDaysBetween(anchor, due), ENGLAND_AND_WALES.keepInformedCadenceDays)
        for (const d of [facts.investigationStartedOn, facts.becameInterestedOn, facts.lastUpdateOn])
          if (d) assert.ok(compareDates(anchor, d) >= 0)
        assert.ok([facts.investigationStartedOn, facts.becameInterestedOn, facts.lastUpdateOn].includes(anchor))
      }),
    )
  })

  it('never moves earlier when an update is given, and an update on or before the due date keeps the person in time', () => {
    fc.assert(
      fc.property(factsArb, fc.integer({ min: 0, max: 27 }), (facts, daysBefore) => {
        const due = nextUpdateDue(facts)!
        const updateOn = addCalendarDays(due, -daysBefore)
        const next = nextUpdateDue({ ...facts, lastUpdateOn: updateOn })!
        assert.ok(compareDates(next, due) >= 0)
        assert.equal(daysOverdue(due, updateOn), 0)
      }),
    )
  })

  it('follows a configured cadence', () => {
    const fortnightly = configureRuleSet(ENGLAND_AND_WALES, { keepInformedCadenceDays: 14 })
    fc.assert(
      fc.property(factsArb, (facts) => {
        assert.equal(calendarDaysBetween(keepInformedAnchor(facts), nextUpdateDue(facts, fortnightly)!), 14)
      }),
    )
    assert.deepEqual(keepInformedClockRule(fortnightly), { cadenceDays: 14, stoppedStatuses: ['closed'] })
  })

  it('counts days overdue and says what is due soon', () => {
    assert.equal(daysOverdue('2026-03-01', '2026-02-20'), 0)
    assert.equal(daysOverdue('2026-03-01', '2026-03-01'), 0)
    assert.equal(daysOverdue('2026-02-28', '2026-03-01'), 1)
    assert.equal(daysOverdue('2028-02-28', '2028-03-01'), 2)
    assert.equal(keepInformedState('2026-03-01', '2026-03-02'), 'overdue')
    assert.equal(keepInformedState('2026-03-01', '2026-03-01'), 'due_soon')
    assert.equal(keepInformedState('2026-03-08', '2026-03-01'), 'due_soon')
    assert.equal(keepInformedState('2026-03-09', '2026-03-01'), 'on_track')
    assert.equal(keepInformedState(null, '2026-03-01'), 'not_on_clock')
    fc.assert(
      fc.property(awkwardDateArb, awkwardDateArb, (due, today) => {
        const overdue = daysOverdue(due, today)
        assert.equal(overdue > 0, keepInformedState(due, today) === 'overdue')
        assert.equal(overdue, Math.max(0, calendarDaysBetween(due, today)))
      }),
    )
  })
})

describe('timeliness notices owed', () => {
  it('are owed from 12 months after attention, then every 6 months, while the investigation is not completed', () => {
    const facts = { cameToAttentionOn: '2025-02-27', status: 'investigating' }
    assert.deepEqual(timelinessNoticesOwed(facts, '2026-02-26'), [])
    assert.deepEqual(
      timelinessNoticesOwed(facts, '2026-02-27').map((p) => p.noticeDueOn),
      ['2026-02-27'],
    )
    assert.deepEqual(
      timelinessNoticesOwed(facts, '2026-09-01').map((p) => p.number),
      [1, 2],
    )
    assert.deepEqual(
      timelinessNoticesOwed({ ...facts, status: 'report_sent_to_appropriate_authority' }, '2027-01-01'),
      [],
    )
    assert.deepEqual(timelinessNoticesOwed({ ...facts, status: 'suspended' }, '2026-03-01').length, 1)
    assert.deepEqual(timelinessNoticesOwed({ cameToAttentionOn: null, status: 'investigating' }, '2030-01-01'), [])
    assert.ok(isInvestigationCompleted('closed'))
    assert.ok(isInvestigationCompleted('report_sent_to_appropriate_authority'))
    assert.ok(isInvestigationCompleted('awaiting_proceedings'))
    assert.deepEqual(
      timelinessNoticesOwed({ ...facts, status: 'awaiting_proceedings' }, '2027-01-01'),
      [],
      'no notice once the report has gone and proceedings are awaited',
    )
    assert.ok(!isInvestigationCompleted('report_with_decision_maker'))
  })

  it('are numbered from 1 without gaps, each due after the last', () => {
    fc.assert(
      fc.property(awkwardDateArb, fc.integer({ min: 0, max: 3000 }), (attention, later) => {
        const owed = timelinessNoticesOwed(
          { cameToAttentionOn: attention, status: 'investigating' },
          addCalendarDays(attention, later),
        )
        owed.forEach((p, i) => {
          assert.equal(p.number, i + 1)
          if (i > 0) assert.ok(compareDates(p.noticeDueOn, owed[i - 1]!.noticeDueOn) > 0)
        })
      }),
    )
  })
})

describe('an update owed at once (a re-investigation opens)', () => {
  const base = {
    investigationStartedOn: '2026-05-01',
    becameInterestedOn: '2026-05-01',
    consentToBeKeptInformed: true,
    lastUpdateOn: null,
  }
  it('is due on the owed date until an update is given on or after it, then the cadence counts again', () => {
    assert.equal(nextUpdateDue({ ...base, updateDueOn: '2026-05-01' }), '2026-05-01')
    assert.equal(nextUpdateDue({ ...base, updateDueOn: '2026-05-01', lastUpdateOn: '2026-04-30' }), '2026-05-01')
    assert.equal(nextUpdateDue({ ...base, updateDueOn: '2026-05-01', lastUpdateOn: '2026-05-02' }), '2026-05-30')
    assert.equal(
      nextUpdateDue({ ...base, updateDueOn: '2026-05-10', lastUpdateOn: '2026-05-10' }),
      '2026-06-07',
      'an update given on the owed day itself settles it',
    )
    assert.equal(
      nextUpdateDue({ ...base, updateDueOn: '2026-07-01' }),
      '2026-05-29',
      'the cadence still applies when it is sooner',
    )
    assert.equal(nextUpdateDue({ ...base, consentToBeKeptInformed: false, updateDueOn: '2026-05-01' }), null)
  })
})
