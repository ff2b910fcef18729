import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { addCalendarDays, addMonths, compareDates } from './calendar.js'
import {
  DEFAULT_EARLY_INTERVENTION_RULES,
  describeRule,
  evaluateEarlyIntervention,
  latestFlagDate,
  latestPeriodMeeting,
  type AllegationFact,
  type EarlyInterventionRule,
} from './earlyIntervention.js'
import { ENGLAND_AND_WALES, configureRuleSet } from './ruleSet.js'

let n = 0
const allegation = (on: string, category: string | null = 'use_of_force', caseId = `case-${on}`): AllegationFact => ({
  id: `a${String(++n).padStart(4, '0')}`,
  caseId,
  caseReference: caseId,
  on,
  category,
})
const [THREE_IN_12, TWO_SAME_IN_24, SAME_COLLEAGUE] = DEFAULT_EARLY_INTERVENTION_RULES as [
  EarlyInterventionRule,
  EarlyInterventionRule,
  EarlyInterventionRule,
]
const only = (rule: EarlyInterventionRule) => [rule]

describe('early-intervention rules', () => {
  it('are in the default rule set: 3 in 12 months, 2 of a category in 24 months, 3 cases with one colleague', () => {
    assert.deepEqual(
      ENGLAND_AND_WALES.earlyIntervention.map((r) => describeRule(r)),
      [
        '3 or more allegations within 12 months',
        '2 or more allegations of the same category within 24 months',
        'Named with the same colleague on 3 or more cases',
      ],
    )
  })

  describe('3 or more allegations within 12 months', () => {
    it('is met by three allegations from the 1st of a month to the 31st of the 12th month, inclusive', () => {
      const facts = [allegation('2020-01-01'), allegation('2020-06-01'), allegation('2020-12-31')]
      const [flag, ...rest] = evaluateEarlyIntervention(facts, [], only(THREE_IN_12))
      assert.equal(rest.length, 0)
      assert.equal(flag!.metOn, '2020-12-31')
      assert.deepEqual(
        flag!.allegations.map((a) => a.on),
        ['2020-01-01', '2020-06-01', '2020-12-31'],
      )
      assert.equal(flag!.reason, '3 or more allegations within 12 months: 3, from 2020-01-01 to 2020-12-31')
    })

    it('is not met when the first and the last are exactly 12 months apart', () => {
      const facts = [allegation('2020-01-01'), allegation('2020-06-01'), allegation('2021-01-01')]
      assert.deepEqual(evaluateEarlyIntervention(facts, [], only(THREE_IN_12)), [])
    })

    it('is not met by two, however close', () => {
      assert.deepEqual(
        evaluateEarlyIntervention([allegation('2020-01-01'), allegation('2020-01-01')], [], only(THREE_IN_12)),
        [],
      )
    })

    it('counts allegations on the same day together, three on one day meeting it', () => {
      const facts = [allegation('2022-05-05'), allegation('2022-05-05'), allegation('2022-05-05')]
      const [flag] = evaluateEarlyIntervention(facts, [], only(THREE_IN_12))
      assert.equal(flag!.allegations.length, 3)
    })

    it('counts from the end of a short month as the database does: 29 February to 28 February is within', () => {
      // 12 months before 2021-02-28 is 2020-02-28, so 2020-02-29 is after it and inside the period.
      const facts = [allegation('2020-02-29'), allegation('2020-09-01'), allegation('2021-02-28')]
      assert.equal(evaluateEarlyIntervention(facts, [], only(THREE_IN_12)).length, 1)
      const outside = [allegation('2020-02-28'), allegation('2020-09-01'), allegation('2021-02-28')]
      assert.deepEqual(evaluateEarlyIntervention(outside, [], only(THREE_IN_12)), [])
    })

    it('names the latest period that meets it, with every allegation in it', () => {
      const facts = [
        allegation('2015-01-01'),
        allegation('2015-02-01'),
        allegation('2015-03-01'),
        allegation('2019-01-01'),
        allegation('2019-05-01'),
        allegation('2019-09-01'),
        allegation('2019-10-01'),
        allegation('2023-01-01'),
      ]
      const [flag] = evaluateEarlyIntervention(facts, [], only(THREE_IN_12))
      assert.equal(flag!.metOn, '2019-10-01')
      assert.deepEqual(
        flag!.allegations.map((a) => a.on),
        ['2019-01-01', '2019-05-01', '2019-09-01', '2019-10-01'],
      )
    })
  })

  describe('2 or more of the same category within 24 months', () => {
    it('is met per category, and a different category does not count', () => {
      const facts = [
        allegation('2020-01-10', 'use_of_force'),
        allegation('2021-06-01', 'honesty_and_integrity'),
        allegation('2022-01-09', 'use_of_force'),
      ]
      const flags = evaluateEarlyIntervention(facts, [], only(TWO_SAME_IN_24))
      assert.equal(flags.length, 1)
      assert.equal(flags[0]!.category, 'use_of_force')
      assert.equal(flags[0]!.metOn, '2022-01-09')
      assert.match(flags[0]!.reason, /\(use_of_force\)$/)
    })

    it('is not met 24 months apart exactly, nor by allegations with no category', () => {
      const facts = [
        allegation('2020-01-10', 'use_of_force'),
        allegation('2022-01-10', 'use_of_force'),
        allegation('2021-01-01', null),
        allegation('2021-01-02', null),
      ]
      assert.deepEqual(evaluateEarlyIntervention(facts, [], only(TWO_SAME_IN_24)), [])
    })
  })

  describe('named with the same colleague on 3 or more cases', () => {
    const shared = (caseId: string, on: string) => ({ caseId, caseReference: caseId, on })
    it('is met by three distinct cases, whenever, naming the colleague and the cases', () => {
      const colleagues = [
        {
          officerId: 'o2',
          name: 'Grace Okafor',
          cases: [shared('c1', '2010-01-01'), shared('c2', '2016-01-01'), shared('c3', '2024-01-01')],
        },
        { officerId: 'o3', name: 'Erik Lindqvist', cases: [shared('c1', '2010-01-01'), shared('c2', '2016-01-01')] },
      ]
      const [flag, ...rest] = evaluateEarlyIntervention([], colleagues, only(SAME_COLLEAGUE))
      assert.equal(rest.length, 0)
      assert.equal(flag!.colleague!.name, 'Grace Okafor')
      assert.equal(flag!.metOn, '2024-01-01')
      assert.deepEqual(
        flag!.colleague!.cases.map((c) => c.caseId),
        ['c1', 'c2', 'c3'],
      )
      assert.equal(flag!.reason, 'Named with the same colleague on 3 or more cases: 3 cases with Grace Okafor')
      assert.deepEqual(flag!.allegations, [], 'the colleague rule rests on shared cases, not allegations')
      assert.equal(flag!.category, null)
    })

    it('counts a case once however many allegations it holds', () => {
      const colleagues = [
        {
          officerId: 'o2',
          name: 'G',
          cases: [shared('c1', '2010-01-01'), shared('c1', '2010-01-01'), shared('c2', '2011-01-01')],
        },
      ]
      assert.deepEqual(evaluateEarlyIntervention([], colleagues, only(SAME_COLLEAGUE)), [])
    })
  })

  it('gives flags in the order of the rules, and the officer’s latest date across them', () => {
    const facts = [allegation('2020-01-01', 'x'), allegation('2020-02-01', 'x'), allegation('2020-03-01', 'y')]
    const flags = evaluateEarlyIntervention(facts, [], DEFAULT_EARLY_INTERVENTION_RULES)
    assert.deepEqual(
      flags.map((f) => f.rule.id),
      ['allegations-12-months', 'same-category-24-months'],
    )
    assert.equal(latestFlagDate(flags), '2020-03-01')
    assert.equal(latestFlagDate([]), null)
  })

  it('agrees with a count by brute force over every day for random histories', () => {
    const day = fc.integer({ min: 0, max: 3000 }).map((d) => addCalendarDays('2015-01-01', d))
    fc.assert(
      fc.property(
        fc.array(day, { maxLength: 12 }),
        fc.integer({ min: 2, max: 4 }),
        fc.integer({ min: 1, max: 24 }),
        (days, threshold, months) => {
          const facts = days.map((d) => allegation(d))
          const found = latestPeriodMeeting(facts, threshold, months)
          // Brute force: the latest allegation day E with `threshold` allegations in (E − months, E].
          let expected: string | null = null
          for (const e of days) {
            const start = addMonths(e, -months)
            const count = days.filter((d) => compareDates(d, start) > 0 && compareDates(d, e) <= 0).length
            if (count >= threshold && (expected === null || compareDates(e, expected) > 0)) expected = e
          }
          assert.equal(found ? found[found.length - 1]!.on : null, expected)
        },
      ),
    )
  })

  it('configured thresholds are checked: at least 2, a period of at least a month, ids unique', () => {
    const rule = (over: Partial<EarlyInterventionRule>): EarlyInterventionRule => ({ ...THREE_IN_12, ...over })
    assert.throws(
      () => configureRuleSet(ENGLAND_AND_WALES, { earlyIntervention: [rule({ threshold: 1 })] }),
      /at least 2/,
    )
    assert.throws(() => configureRuleSet(ENGLAND_AND_WALES, { earlyIntervention: [rule({ months: 0 })] }), /period/)
    assert.throws(() => configureRuleSet(ENGLAND_AND_WALES, { earlyIntervention: [rule({}), rule({})] }), /used twice/)
    const custom = configureRuleSet(ENGLAND_AND_WALES, {
      earlyIntervention: [rule({ id: 'four-in-6-months', threshold: 4, months: 6 })],
    })
    assert.equal(describeRule(custom.earlyIntervention[0]!), '4 or more allegations within 6 months')
  })

  it('configured ids are lower-case words joined by -, kinds known, and one month is a period', () => {
    const rule = (over: Partial<EarlyInterventionRule>): EarlyInterventionRule => ({ ...THREE_IN_12, ...over })
    const configure = (r: EarlyInterventionRule) => configureRuleSet(ENGLAND_AND_WALES, { earlyIntervention: [r] })
    for (const id of ['Three', 'three--in', '-three', 'three-', 'three in', 'x three', 'three x', ''])
      assert.throws(() => configure(rule({ id })), { message: `Rule id "${id}" must be words joined by -` }, id)
    for (const id of ['three', 'three-in-12', '3-in-12-months']) assert.doesNotThrow(() => configure(rule({ id })), id)
    assert.throws(() => configure(rule({ kind: 'score_over' as EarlyInterventionRule['kind'] })), {
      message: 'Rule allegations-12-months: unknown kind score_over',
    })
    const monthly = configure(rule({ id: 'two-in-a-month', threshold: 2, months: 1 }))
    assert.equal(describeRule(monthly.earlyIntervention[0]!), '2 or more allegations within 1 month')
    assert.equal(
      describeRule({ id: 'c', kind: 'same_category_in_period', threshold: 2, months: 1 }),
      '2 or more allegations of the same category within 1 month',
    )
  })

  it('meets nothing with no history, and a threshold of one with a single allegation', () => {
    assert.deepEqual(evaluateEarlyIntervention([], [], DEFAULT_EARLY_INTERVENTION_RULES), [])
    const one = allegation('2021-05-05')
    assert.deepEqual(latestPeriodMeeting([one], 1, 12), [one])
    assert.equal(latestPeriodMeeting([], 1, 12), null)
  })

  it('orders flags within a rule newest first, then by category or colleague', () => {
    const facts = [
      allegation('2020-01-01', 'zeta'),
      allegation('2020-02-01', 'zeta'),
      allegation('2021-01-01', 'alpha'),
      allegation('2021-02-01', 'alpha'),
      allegation('2021-01-01', 'mu'),
      allegation('2021-02-01', 'mu'),
    ]
    assert.deepEqual(
      evaluateEarlyIntervention(facts, [], only(TWO_SAME_IN_24)).map((f) => [f.category, f.metOn]),
      [
        ['alpha', '2021-02-01'],
        ['mu', '2021-02-01'],
        ['zeta', '2020-02-01'],
      ],
    )
    const shared = (caseId: string, on: string) => ({ caseId, caseReference: caseId, on })
    const three = (last: string) => [shared('c1', '2010-01-01'), shared('c2', '2011-01-01'), shared('c3', last)]
    const colleagues = [
      { officerId: 'o9', name: 'Nine', cases: three('2019-01-01') },
      { officerId: 'o7', name: 'Seven', cases: three('2019-01-01') },
      { officerId: 'o8', name: 'Eight', cases: three('2023-01-01') },
    ]
    assert.deepEqual(
      evaluateEarlyIntervention([], colleagues, only(SAME_COLLEAGUE)).map((f) => f.colleague!.officerId),
      ['o8', 'o7', 'o9'],
    )
  })

  it('lists the shared cases oldest first whatever order they come in, and dates the flag by the latest', () => {
    const shared = (caseId: string, on: string) => ({ caseId, caseReference: caseId, on })
    const [flag] = evaluateEarlyIntervention(
      [],
      [
        {
          officerId: 'o2',
          name: 'G',
          cases: [
            shared('c3', '2024-01-01'),
            shared('c9', '2016-01-01'),
            shared('c1', '2016-01-01'),
            shared('c5', '2010-01-01'),
          ],
        },
      ],
      only(SAME_COLLEAGUE),
    )
    assert.deepEqual(
      flag!.colleague!.cases.map((c) => c.caseId),
      ['c5', 'c1', 'c9', 'c3'],
    )
    assert.equal(flag!.metOn, '2024-01-01')
  })

  it('dates the officer by the latest flag, wherever it comes in the list', () => {
    const facts = [allegation('2020-01-01', 'x'), allegation('2020-02-01', 'x'), allegation('2020-03-01', 'x')]
    const [a, b] = evaluateEarlyIntervention(facts, [], [TWO_SAME_IN_24, THREE_IN_12])
    assert.equal(latestFlagDate([a!, b!]), '2020-03-01')
    assert.equal(
      latestFlagDate([
        { ...a!, metOn: '2019-01-01' },
        { ...b!, metOn: '2020-03-01' },
      ]),
      '2020-03-01',
    )
    assert.equal(
      latestFlagDate([
        { ...a!, metOn: '2021-01-01' },
        { ...b!, metOn: '2020-03-01' },
      ]),
      '2021-01-01',
    )
  })
})
