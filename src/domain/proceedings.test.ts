import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { transition, type InvestigationFacts } from './investigationLifecycle.js'
import {
  barredListEntryOwed,
  escalationProblem,
  outcomeRoute,
  proceedingProblems,
  type ProceedingRecord,
} from './proceedings.js'
import { SUBJECT_STATUSES } from './subjectLifecycle.js'
import { BARRING_OUTCOMES, OUTCOMES, OUTCOMES_AVAILABLE } from './vocabulary.js'

const base: ProceedingRecord = {
  kind: 'hearing',
  accelerated: false,
  scheduledOn: '2026-10-01',
  heldOn: '2026-10-01',
  chairName: 'Chair KC',
  chairLegallyQualified: true,
  leftForce: null,
  leftForceOn: null,
  outcome: null,
  outcomeOn: null,
  wouldHaveBeenDismissed: false,
  appealLodgedOn: null,
  appealResult: null,
  barredListEntryOn: null,
  advisoryListEntryOn: null,
}
const paths = (r: Partial<ProceedingRecord>) => proceedingProblems({ ...base, ...r }).map((p) => p.path)

describe('proceedings', () => {
  it('accepts exactly the outcomes available on each route', () => {
    for (const kind of ['meeting', 'hearing', 'none'] as const) {
      for (const outcome of OUTCOMES) {
        const record: ProceedingRecord =
          kind === 'none'
            ? {
                ...base,
                kind,
                scheduledOn: null,
                heldOn: null,
                chairName: null,
                chairLegallyQualified: false,
                outcome,
                outcomeOn: '2026-10-02',
              }
            : { ...base, kind, outcome, outcomeOn: '2026-10-02' }
        const ok = !proceedingProblems(record).some((p) => p.path === 'outcome')
        assert.equal(ok, OUTCOMES_AVAILABLE[outcomeRoute(kind)].includes(outcome), `${kind} ${outcome}`)
      }
    }
  })

  it('a hearing has a legally qualified chair; only a hearing is accelerated; none holds no meeting', () => {
    assert.deepEqual(paths({ chairLegallyQualified: false }), ['chairLegallyQualified'])
    assert.deepEqual(paths({ kind: 'meeting', accelerated: true, chairLegallyQualified: false }), ['accelerated'])
    assert.ok(paths({ kind: 'none' }).includes('kind'))
    assert.deepEqual(paths({}), [])
  })

  it('needs both halves of paired facts, and an outcome after the hearing', () => {
    assert.ok(paths({ outcome: 'written_warning' }).includes('outcomeOn'))
    assert.ok(paths({ leftForce: 'retired' }).includes('leftForceOn'))
    assert.ok(paths({ heldOn: null, outcome: 'written_warning', outcomeOn: '2026-10-02' }).includes('heldOn'))
    assert.ok(paths({ outcome: 'written_warning', outcomeOn: '2026-09-01' }).includes('outcomeOn'))
    assert.ok(paths({ appealResult: 'upheld' }).includes('appealLodgedOn'))
    assert.ok(paths({ appealLodgedOn: '2026-10-05' }).includes('appealLodgedOn'), 'no appeal before an outcome')
  })

  it('“would have been dismissed” only for an officer who left before a dismissal outcome', () => {
    const dismissal = { outcome: 'dismissal_without_notice' as const, outcomeOn: '2026-10-02' }
    assert.ok(paths({ ...dismissal, wouldHaveBeenDismissed: true }).includes('wouldHaveBeenDismissed'))
    assert.ok(
      paths({ ...dismissal, leftForce: 'resigned', leftForceOn: '2026-09-20' }).includes('wouldHaveBeenDismissed'),
    )
    assert.deepEqual(
      paths({
        ...dismissal,
        leftForce: 'resigned',
        leftForceOn: '2026-09-20',
        wouldHaveBeenDismissed: true,
        barredListEntryOn: '2026-10-03',
        advisoryListEntryOn: '2026-09-21',
      }),
      [],
    )
    assert.ok(
      paths({ ...dismissal, leftForce: 'resigned', leftForceOn: '2026-10-05', wouldHaveBeenDismissed: true }).includes(
        'leftForceOn',
      ),
    )
    assert.ok(
      paths({
        outcome: 'final_written_warning',
        outcomeOn: '2026-10-02',
        leftForce: 'retired',
        leftForceOn: '2026-09-01',
        wouldHaveBeenDismissed: true,
      }).includes('wouldHaveBeenDismissed'),
    )
  })

  it('names each problem in words, and only where its rule applies (each rule with a case either side)', () => {
    const none = {
      kind: 'none' as const,
      scheduledOn: null,
      heldOn: null,
      chairName: null,
      chairLegallyQualified: false,
    }
    const problems = (r: Partial<ProceedingRecord>) => proceedingProblems({ ...base, ...r })
    const one = (path: string, message: string) => [{ path, message }]
    const cases: [string, Partial<ProceedingRecord>, { path: string; message: string }[]][] = [
      [
        'an accelerated meeting',
        { kind: 'meeting', accelerated: true, chairName: null },
        one('accelerated', 'Only a misconduct hearing can be accelerated'),
      ],
      ['an accelerated hearing', { accelerated: true }, []],
      ['a meeting, not accelerated', { kind: 'meeting', chairName: null, chairLegallyQualified: false }, []],
      [
        'a hearing chaired by someone not legally qualified',
        { chairLegallyQualified: false },
        one('chairLegallyQualified', 'A misconduct hearing is chaired by a legally qualified chair'),
      ],
      ['no proceedings, with nothing arranged', none, []],
      [
        'no proceedings, yet arranged for a day',
        { ...none, scheduledOn: '2026-10-01' },
        one('kind', 'No meeting or hearing is held when no proceedings follow'),
      ],
      [
        'no proceedings, yet held',
        { ...none, scheduledOn: '2026-10-01', heldOn: '2026-10-01' },
        one('kind', 'No meeting or hearing is held when no proceedings follow'),
      ],
      [
        'no proceedings, yet a chair',
        { ...none, chairName: 'Chair KC' },
        one('kind', 'No meeting or hearing is held when no proceedings follow'),
      ],
      [
        'held but never arranged',
        { scheduledOn: null },
        one('scheduledOn', 'Enter the date the proceedings were arranged for'),
      ],
      ['neither arranged nor held yet', { scheduledOn: null, heldOn: null }, []],
      [
        'left the force, no date',
        { leftForce: 'retired' },
        one('leftForceOn', 'Enter both whether the officer resigned or retired and the date'),
      ],
      [
        'an outcome, no date',
        { outcome: 'written_warning' },
        one('outcomeOn', 'Enter both the outcome and the date it was decided'),
      ],
      [
        'dismissal at a meeting',
        { kind: 'meeting', chairName: null, outcome: 'dismissal_without_notice', outcomeOn: '2026-10-02' },
        one('outcome', 'Dismissal without notice is not an outcome available at a misconduct meeting'),
      ],
      [
        'a written warning without proceedings',
        { ...none, outcome: 'written_warning', outcomeOn: '2026-10-02' },
        one('outcome', 'Written warning is not an outcome available without misconduct proceedings'),
      ],
      [
        'management advice without proceedings (nothing is held)',
        { ...none, outcome: 'management_advice', outcomeOn: '2026-10-02' },
        [],
      ],
      [
        'an outcome at a hearing not yet held',
        { heldOn: null, outcome: 'written_warning', outcomeOn: '2026-10-02' },
        one('heldOn', 'Enter the date the meeting or hearing was held before its outcome'),
      ],
      [
        'an outcome before the hearing',
        { outcome: 'written_warning', outcomeOn: '2026-09-30' },
        one('outcomeOn', 'The outcome cannot be decided before the meeting or hearing was held'),
      ],
      ['an outcome on the day of the hearing', { outcome: 'written_warning', outcomeOn: '2026-10-01' }, []],
      [
        '“would have been dismissed”, still serving',
        { outcome: 'dismissal_without_notice', outcomeOn: '2026-10-02', wouldHaveBeenDismissed: true },
        one(
          'wouldHaveBeenDismissed',
          'Only an officer who resigned or retired before the outcome “would have been dismissed”',
        ),
      ],
      [
        '“would have been dismissed” with a lesser outcome',
        {
          outcome: 'final_written_warning',
          outcomeOn: '2026-10-02',
          leftForce: 'retired',
          leftForceOn: '2026-09-01',
          wouldHaveBeenDismissed: true,
        },
        one('wouldHaveBeenDismissed', '“Would have been dismissed” needs the outcome dismissal without notice'),
      ],
      [
        'dismissed after leaving',
        {
          outcome: 'dismissal_without_notice',
          outcomeOn: '2026-10-02',
          leftForce: 'resigned',
          leftForceOn: '2026-09-20',
        },
        one(
          'wouldHaveBeenDismissed',
          'An officer who has left cannot be dismissed: record that they would have been dismissed',
        ),
      ],
      [
        'a lesser outcome after leaving',
        { outcome: 'final_written_warning', outcomeOn: '2026-10-02', leftForce: 'resigned', leftForceOn: '2026-09-20' },
        [],
      ],
      ['dismissed while serving', { outcome: 'dismissal_without_notice', outcomeOn: '2026-10-02' }, []],
      [
        'left after the outcome, “would have been dismissed”',
        {
          outcome: 'dismissal_without_notice',
          outcomeOn: '2026-10-02',
          leftForce: 'resigned',
          leftForceOn: '2026-10-03',
          wouldHaveBeenDismissed: true,
        },
        one('leftForceOn', 'The officer left after the outcome, so they were dismissed, not “would have been”'),
      ],
      [
        'left on the day of the outcome, “would have been dismissed”',
        {
          outcome: 'dismissal_without_notice',
          outcomeOn: '2026-10-02',
          leftForce: 'resigned',
          leftForceOn: '2026-10-02',
          wouldHaveBeenDismissed: true,
        },
        [],
      ],
      [
        'barred with a lesser outcome',
        { outcome: 'written_warning', outcomeOn: '2026-10-02', barredListEntryOn: '2026-10-03' },
        one(
          'barredListEntryOn',
          'Only an officer dismissed, or who would have been dismissed, goes on the barred list',
        ),
      ],
      [
        'on the advisory list while serving',
        { advisoryListEntryOn: '2026-10-03' },
        one(
          'advisoryListEntryOn',
          'The advisory list is for officers who resigned or retired while under investigation or in proceedings',
        ),
      ],
      [
        'an appeal’s result, never lodged',
        { outcome: 'written_warning', outcomeOn: '2026-10-02', appealResult: 'upheld' },
        one('appealLodgedOn', 'Enter the date the appeal was lodged before its result'),
      ],
      [
        'an appeal before any outcome',
        { appealLodgedOn: '2026-10-05' },
        one('appealLodgedOn', 'An appeal follows the outcome: record the outcome first'),
      ],
      [
        'an appeal lodged after the outcome, with its result',
        { outcome: 'written_warning', outcomeOn: '2026-10-02', appealLodgedOn: '2026-10-05', appealResult: 'upheld' },
        [],
      ],
    ]
    for (const [what, record, expected] of cases) assert.deepEqual(problems(record), expected, what)
    assert.equal(barredListEntryOwed({ outcome: 'dismissal_without_notice', barredListEntryOn: '2026-10-03' }), false)
    assert.equal(barredListEntryOwed({ outcome: null, barredListEntryOn: null }), false)
  })

  it('the barred list follows only a barring outcome; the advisory list only an officer who left', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OUTCOMES), (outcome) => {
        const problems = paths({ outcome, outcomeOn: '2026-10-02', barredListEntryOn: '2026-10-03' })
        assert.equal(problems.includes('barredListEntryOn'), !BARRING_OUTCOMES.includes(outcome))
        assert.equal(barredListEntryOwed({ outcome, barredListEntryOn: null }), BARRING_OUTCOMES.includes(outcome))
      }),
    )
    assert.ok(paths({ advisoryListEntryOn: '2026-10-03' }).includes('advisoryListEntryOn'))
  })

  it('a recommendation follows disagreement; a direction follows a recommendation not accepted', () => {
    const facts = { responded: true, agrees: false, recommendation: null, direction: false }
    assert.match(
      escalationProblem('recommendation', { ...facts, responded: false, agrees: null })!,
      /not yet responded/,
    )
    assert.match(escalationProblem('recommendation', { ...facts, agrees: true })!, /agreed/)
    assert.equal(escalationProblem('recommendation', facts), null)
    assert.match(escalationProblem('recommendation', { ...facts, recommendation: { accepted: null } })!, /already/)
    assert.match(escalationProblem('direction', facts)!, /recommendation first/)
    assert.match(
      escalationProblem('direction', { ...facts, recommendation: { accepted: null } })!,
      /accepted the recommendation first/,
    )
    assert.match(escalationProblem('direction', { ...facts, recommendation: { accepted: true } })!, /was accepted/)
    assert.equal(escalationProblem('direction', { ...facts, recommendation: { accepted: false } }), null)
    assert.match(
      escalationProblem('direction', { ...facts, recommendation: { accepted: false }, direction: true })!,
      /already/,
    )
  })

  it('closing names every subject whose path has not ended, when names are given', () => {
    const facts: InvestigationFacts = {
      status: 'awaiting_proceedings',
      form: 'independent',
      hasLeadInvestigator: true,
      hasTermsOfReference: true,
      hasDecisionMaker: true,
      hasDraftReport: true,
      reportApproved: true,
      subjectStatuses: ['outcome', 'proceedings', 'opinion_given'],
      subjectNames: ['Ann Done', 'Bea Hearing', 'Cy Waiting'],
      appropriateAuthorityResponded: true,
      statusBeforeSuspension: null,
      hasSuspensionReason: false,
      discontinued: false,
      reopeningGround: null,
      assessedSinceReopened: false,
    }
    const result = transition(facts, 'closed')
    assert.equal(result.ok, false)
    if (!result.ok) {
      assert.match(result.missing[0]!, /Bea Hearing \(facing proceedings\), Cy Waiting \(opinion given\)/)
      assert.doesNotMatch(result.missing[0]!, /Ann Done/)
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SUBJECT_STATUSES), { maxLength: 8 }), (statuses) => {
        const r = transition(
          { ...facts, subjectStatuses: statuses, subjectNames: statuses.map((_, i) => `S${i}`) },
          'closed',
        )
        assert.equal(
          r.ok,
          statuses.every((s) => s === 'outcome'),
        )
      }),
    )
  })
})
