import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  PROCEEDING_KINDS,
  PROCEEDING_STATUSES,
  holdLiftProblem,
  holdPlacedOn,
  holdsByDefault,
  proceedingChangesFor,
  proceedingHoldsPublication,
  proceedingMoves,
  proceedingTransition,
  type ProceedingStatus,
} from './linkedProceedings.js'
import { preventionOfFutureDeathsResponseDue } from './ruleSet.js'

describe('linked proceedings', () => {
  it('takes an inquest through conclusion, quashing, a fresh inquest and a new conclusion', () => {
    const path: [ProceedingStatus, Record<string, string>][] = [
      ['adjourned', {}],
      ['concluded', { conclusion: 'Accident' }],
      ['quashed', {}],
      ['fresh_inquest_ordered', {}],
      ['suspended_pending_criminal_proceedings', {}],
      ['resumed', {}],
      ['concluded', { conclusion: 'Unlawful killing', juryFindings: 'Failures in the control room' }],
    ]
    let status: ProceedingStatus = 'opened'
    for (const [to, extra] of path) {
      const result = proceedingTransition(
        { kind: 'inquest', status, openedOn: '2020-01-01' },
        { to, on: '2021-01-01', ...extra },
      )
      assert.deepEqual(result, { ok: true }, `${status} → ${to}`)
      status = to
    }
  })

  it('refuses a quash before a conclusion, a conclusion without one, and dates before opening', () => {
    const r1 = proceedingTransition(
      { kind: 'inquest', status: 'opened', openedOn: null },
      { to: 'quashed', on: '2021-01-01' },
    )
    assert.equal(r1.ok, false)
    const r2 = proceedingTransition(
      { kind: 'inquest', status: 'opened', openedOn: null },
      { to: 'concluded', on: '2021-01-01' },
    )
    assert.deepEqual(r2, { ok: false, problems: [{ path: 'conclusion', message: 'Enter the inquest’s conclusion' }] })
    const r3 = proceedingTransition(
      { kind: 'criminal_trial', status: 'opened', openedOn: '2021-02-01' },
      { to: 'concluded', on: '2021-01-01', verdict: 'Guilty' },
    )
    assert.equal(r3.ok, false)
    assert.ok(!r3.ok && r3.problems.some((p) => p.path === 'on'))
    const r4 = proceedingTransition(
      { kind: 'criminal_trial', status: 'opened', openedOn: null },
      { to: 'concluded', on: '2021-01-01' },
    )
    assert.ok(!r4.ok && r4.problems[0]!.path === 'verdict')
  })

  it('only an inquest can be quashed, suspended pending criminal proceedings, or ordered afresh', () => {
    for (const kind of PROCEEDING_KINDS.filter((k) => k !== 'inquest')) {
      for (const from of PROCEEDING_STATUSES) {
        const moves = proceedingMoves(kind, from)
        assert.ok(
          !moves.includes('quashed') &&
            !moves.includes('fresh_inquest_ordered') &&
            !moves.includes('suspended_pending_criminal_proceedings'),
        )
      }
    }
  })

  it('never moves out of a concluded non-inquest, and a concluded proceeding never holds', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PROCEEDING_KINDS),
        fc.constantFrom(...PROCEEDING_STATUSES),
        fc.boolean(),
        (kind, status, holds) => {
          if (status === 'concluded')
            assert.equal(proceedingHoldsPublication({ kind, status, holdsPublication: holds }), false)
          if (kind !== 'inquest' && status === 'concluded') assert.deepEqual(proceedingMoves(kind, status), [])
        },
      ),
    )
  })

  it('inquests and trials hold by default; quashing clears the conclusion date', () => {
    assert.equal(holdsByDefault('inquest'), true)
    assert.equal(holdsByDefault('criminal_trial'), true)
    assert.equal(holdsByDefault('civil_claim'), false)
    assert.deepEqual(proceedingChangesFor({ to: 'quashed', on: '2022-03-04' }), {
      quashed_on: '2022-03-04',
      concluded_on: null,
    })
  })

  it('gives the force 56 calendar days to respond to a prevention of future deaths report', () => {
    assert.equal(preventionOfFutureDeathsResponseDue('2026-01-05'), '2026-03-02')
    assert.equal(preventionOfFutureDeathsResponseDue('2024-02-01'), '2024-03-28')
  })
})

describe('publication hold dates', () => {
  const p = (status: string, over: Partial<Parameters<typeof holdPlacedOn>[0]> = {}) => ({
    status,
    opened_on: '2025-05-02',
    quashed_on: null,
    fresh_inquest_ordered_on: null,
    ...over,
  })

  it('a hold is placed at the proceeding’s event that holds publication, not the day it is recorded', () => {
    assert.equal(holdPlacedOn(p('opened'), '2026-11-30'), '2025-05-02')
    assert.equal(holdPlacedOn(p('adjourned'), '2026-11-30'), '2025-05-02')
    assert.equal(holdPlacedOn(p('quashed', { quashed_on: '2026-03-06' }), '2026-11-30'), '2026-03-06')
    assert.equal(
      holdPlacedOn(
        p('fresh_inquest_ordered', { quashed_on: '2026-03-06', fresh_inquest_ordered_on: '2026-03-20' }),
        '2026-11-30',
      ),
      '2026-03-06',
    )
    assert.equal(
      holdPlacedOn(p('fresh_inquest_ordered', { fresh_inquest_ordered_on: '2026-03-20' }), 'x'),
      '2026-03-20',
    )
    assert.equal(
      holdPlacedOn(p('opened', { opened_on: null }), '2026-11-30'),
      '2026-11-30',
      'no date: the recording day',
    )
  })

  it('a hold is never lifted before it was placed; the same day or later is fine', () => {
    assert.match(
      holdLiftProblem({ placedOn: '2026-03-06' }, '2025-07-18') ?? '',
      /cannot be lifted before it was placed/,
    )
    assert.equal(holdLiftProblem({ placedOn: '2026-03-06' }, '2026-03-06'), null)
    assert.equal(holdLiftProblem({ placedOn: '2026-03-06' }, '2027-02-01'), null)
  })
})
