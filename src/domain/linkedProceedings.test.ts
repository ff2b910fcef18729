import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  PROCEEDING_KINDS,
  PROCEEDING_KIND_LABELS,
  PROCEEDING_STATUSES,
  PROCEEDING_STATUS_LABELS,
  isProceedingKind,
  isProceedingStatus,
  isProceedingConcluded,
  holdLiftProblem,
  holdPlacedOn,
  holdsByDefault,
  proceedingChangesFor,
  proceedingHoldsPublication,
  proceedingMoves,
  proceedingTransition,
  type ProceedingKind,
  type ProceedingMove,
  type ProceedingStatus,
  type Problem,
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

describe('linked proceedings, written out', () => {
  it('label each kind and status in the words people see', () => {
    assert.deepEqual(PROCEEDING_KIND_LABELS, {
      inquest: 'Inquest',
      criminal_trial: 'Criminal trial',
      judicial_review: 'Judicial review',
      civil_claim: 'Civil claim',
    })
    assert.deepEqual(PROCEEDING_STATUS_LABELS, {
      opened: 'Opened',
      adjourned: 'Adjourned',
      suspended_pending_criminal_proceedings: 'Suspended pending criminal proceedings',
      resumed: 'Resumed',
      concluded: 'Concluded',
      quashed: 'Quashed by the High Court',
      fresh_inquest_ordered: 'Fresh inquest ordered',
    })
    for (const kind of PROCEEDING_KINDS) assert.equal(isProceedingKind(kind), true, kind)
    for (const status of PROCEEDING_STATUSES) assert.equal(isProceedingStatus(status), true, status)
    for (const other of ['', 'Inquest', 'trial', 'closed', null, undefined, 3, ['inquest']]) {
      assert.equal(isProceedingKind(other), false, String(other))
      assert.equal(isProceedingStatus(other), false, String(other))
    }
  })

  it('move along exactly these paths (the whole graph, for an inquest and for the other kinds)', () => {
    const inquest: Record<ProceedingStatus, ProceedingStatus[]> = {
      opened: ['adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
      adjourned: ['resumed', 'suspended_pending_criminal_proceedings', 'concluded'],
      suspended_pending_criminal_proceedings: ['resumed'],
      resumed: ['adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
      concluded: ['quashed'],
      quashed: ['fresh_inquest_ordered'],
      fresh_inquest_ordered: ['resumed', 'adjourned', 'suspended_pending_criminal_proceedings', 'concluded'],
    }
    const other: Record<ProceedingStatus, ProceedingStatus[]> = {
      opened: ['adjourned', 'concluded'],
      adjourned: ['resumed', 'concluded'],
      suspended_pending_criminal_proceedings: [],
      resumed: ['adjourned', 'concluded'],
      concluded: [],
      quashed: [],
      fresh_inquest_ordered: [],
    }
    for (const kind of PROCEEDING_KINDS)
      for (const status of PROCEEDING_STATUSES)
        assert.deepEqual(
          [...proceedingMoves(kind, status)],
          (kind === 'inquest' ? inquest : other)[status],
          `${kind} from ${status}`,
        )
  })

  it('hold publication while open when marked as holding, and only then', () => {
    for (const status of PROCEEDING_STATUSES) {
      assert.equal(isProceedingConcluded(status), status === 'concluded', status)
      assert.equal(
        proceedingHoldsPublication({ kind: 'inquest', status, holdsPublication: true }),
        status !== 'concluded',
        status,
      )
      assert.equal(proceedingHoldsPublication({ kind: 'inquest', status, holdsPublication: false }), false, status)
    }
    assert.equal(holdsByDefault('judicial_review'), false)
  })

  const at = (kind: ProceedingKind, status: ProceedingStatus, openedOn: string | null = '2021-01-01') => ({
    kind,
    status,
    openedOn,
  })
  const problems = (result: ReturnType<typeof proceedingTransition>) => (result.ok ? [] : result.problems)

  it('refuse a move outside the graph, saying so in lower case within the sentence', () => {
    assert.deepEqual(
      problems(proceedingTransition(at('inquest', 'adjourned'), { to: 'adjourned', on: '2021-02-01' })),
      [{ path: 'status', message: 'The inquest is already “adjourned”' }],
    )
    assert.deepEqual(
      problems(proceedingTransition(at('criminal_trial', 'opened'), { to: 'quashed', on: '2021-02-01' })),
      [{ path: 'status', message: 'A criminal trial cannot go from “opened” to “quashed by the high court”' }],
    )
  })

  it('check the date: a real one, not before the proceeding opened (the opening day itself is fine)', () => {
    assert.deepEqual(
      problems(proceedingTransition(at('civil_claim', 'opened'), { to: 'adjourned', on: '2021-02-30' })),
      [{ path: 'on', message: 'Enter a real date' }],
    )
    assert.deepEqual(
      problems(proceedingTransition(at('civil_claim', 'opened'), { to: 'adjourned', on: '2020-12-31' })),
      [{ path: 'on', message: 'The date cannot be before the proceeding opened' }],
    )
    assert.deepEqual(proceedingTransition(at('civil_claim', 'opened'), { to: 'adjourned', on: '2021-01-01' }), {
      ok: true,
    })
    assert.deepEqual(proceedingTransition(at('civil_claim', 'opened', null), { to: 'adjourned', on: '1990-01-01' }), {
      ok: true,
    })
  })

  it('take what a conclusion records only when concluding, and only for the kind that records it', () => {
    const cases: [string, ProceedingKind, ProceedingStatus, Omit<ProceedingMove, 'on'>, Problem[]][] = [
      [
        'an inquest concluding with blanks for a conclusion',
        'inquest',
        'resumed',
        { to: 'concluded', conclusion: '  ' },
        [{ path: 'conclusion', message: 'Enter the inquest’s conclusion' }],
      ],
      [
        'a trial concluding with a blank verdict',
        'criminal_trial',
        'resumed',
        { to: 'concluded', verdict: ' ' },
        [{ path: 'verdict', message: 'Enter the verdict' }],
      ],
      [
        'a trial concluding with its verdict and sentence',
        'criminal_trial',
        'resumed',
        { to: 'concluded', verdict: 'Guilty', sentence: 'Two years' },
        [],
      ],
      ['a civil claim concluding with nothing more', 'civil_claim', 'resumed', { to: 'concluded' }, []],
      [
        'a judicial review concluding with a jury’s findings',
        'judicial_review',
        'resumed',
        { to: 'concluded', juryFindings: 'Findings' },
        [{ path: 'juryFindings', message: 'Only an inquest records a jury’s findings here' }],
      ],
      [
        'a judicial review concluding with blank jury findings',
        'judicial_review',
        'resumed',
        { to: 'concluded', juryFindings: ' ' },
        [],
      ],
      [
        'an inquest concluding with its jury’s findings',
        'inquest',
        'resumed',
        { to: 'concluded', conclusion: 'Narrative', juryFindings: 'Findings' },
        [],
      ],
      [
        'an inquest adjourning with a conclusion',
        'inquest',
        'opened',
        { to: 'adjourned', conclusion: 'Accident' },
        [{ path: 'conclusion', message: 'A conclusion is recorded only when the proceeding concludes' }],
      ],
      ['an inquest adjourning with a blank conclusion', 'inquest', 'opened', { to: 'adjourned', conclusion: ' ' }, []],
      [
        'a trial adjourning with a verdict',
        'criminal_trial',
        'opened',
        { to: 'adjourned', verdict: 'Guilty' },
        [{ path: 'verdict', message: 'A verdict and sentence are recorded only when the trial concludes' }],
      ],
      [
        'a trial adjourning with a sentence',
        'criminal_trial',
        'opened',
        { to: 'adjourned', sentence: 'Two years' },
        [{ path: 'verdict', message: 'A verdict and sentence are recorded only when the trial concludes' }],
      ],
      [
        'a trial adjourning with blank verdict and sentence',
        'criminal_trial',
        'opened',
        { to: 'adjourned', verdict: ' ', sentence: ' ' },
        [],
      ],
      [
        'a civil claim concluding with a sentence',
        'civil_claim',
        'resumed',
        { to: 'concluded', sentence: 'Two years' },
        [{ path: 'sentence', message: 'Only a criminal trial records a sentence' }],
      ],
      [
        'a civil claim concluding with a blank sentence',
        'civil_claim',
        'resumed',
        { to: 'concluded', sentence: ' ' },
        [],
      ],
    ]
    for (const [what, kind, status, move, expected] of cases)
      assert.deepEqual(problems(proceedingTransition(at(kind, status), { on: '2021-03-01', ...move })), expected, what)
  })

  it('record what each move changes, trimmed, and nothing for a move that carries nothing', () => {
    assert.deepEqual(
      proceedingChangesFor({
        to: 'concluded',
        on: '2021-03-01',
        conclusion: ' Unlawful killing ',
        juryFindings: ' Failures ',
        verdict: ' Guilty ',
        sentence: ' Two years ',
      }),
      {
        concluded_on: '2021-03-01',
        conclusion: 'Unlawful killing',
        jury_findings: 'Failures',
        verdict: 'Guilty',
        sentence: 'Two years',
      },
    )
    assert.deepEqual(proceedingChangesFor({ to: 'concluded', on: '2021-03-01', conclusion: ' ', juryFindings: null }), {
      concluded_on: '2021-03-01',
      conclusion: null,
      jury_findings: null,
    })
    assert.deepEqual(proceedingChangesFor({ to: 'fresh_inquest_ordered', on: '2021-04-01' }), {
      fresh_inquest_ordered_on: '2021-04-01',
    })
    for (const to of ['opened', 'adjourned', 'resumed', 'suspended_pending_criminal_proceedings'] as const)
      assert.deepEqual(proceedingChangesFor({ to, on: '2021-04-01', conclusion: 'x', verdict: 'y' }), {}, to)
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
    assert.equal(holdPlacedOn(p('quashed'), '2026-11-30'), '2025-05-02', 'a quash with no date falls back to opening')
    assert.equal(
      holdPlacedOn(p('concluded', { quashed_on: '2026-03-06' }), '2026-11-30'),
      '2025-05-02',
      'a quash date on a proceeding no longer quashed does not count',
    )
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
