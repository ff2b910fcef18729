import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { addCalendarDays } from './calendar.js'
import { ENGLAND_AND_WALES, configureRuleSet } from './ruleSet.js'
import {
  SUBJECT_STATUSES,
  SUBJECT_STATUS_LABELS,
  SUBJECT_TRANSITIONS,
  allowedSubjectTransitions,
  currentSeverity,
  isSubjectStatus,
  needsRevisedNotice,
  orderedSeverityHistory,
  recordSeverityAssessment,
  severityChanges,
  subjectPathEnded,
  transitionSubject,
  type SeverityAssessment,
  type SubjectFacts,
  type SubjectStatus,
} from './subjectLifecycle.js'
import {
  NOTICE_SERVICE_METHODS,
  OPINIONS,
  OUTCOMES,
  OUTCOMES_AVAILABLE,
  SEVERITIES,
  severityOfOpinion,
  type Opinion,
} from './vocabulary.js'

const bare = (status: SubjectStatus): SubjectFacts => ({
  status,
  severityHistory: [],
  notice: null,
  responseReceivedOn: null,
  today: '2026-03-02',
  opinion: null,
  proceedingsDecision: null,
  hasLiveFinalWrittenWarning: false,
  outcome: null,
})

/** Served on Monday 2 February 2026: the response is due on Monday 16 February. */
const served = (status: SubjectStatus, over: Partial<SubjectFacts> = {}): SubjectFacts => ({
  ...bare(status),
  severityHistory: [{ severity: 'gross_misconduct', assessedOn: '2026-01-20' }],
  notice: { servedOn: '2026-02-02', method: 'via_federation_representative', severity: 'gross_misconduct' },
  ...over,
})

const missingOf = (facts: SubjectFacts, to: SubjectStatus): string[] => {
  const r = transitionSubject(facts, to)
  return r.ok ? [] : r.missing
}

const EXPECTED: Record<SubjectStatus, Partial<Record<SubjectStatus, string[]>>> = {
  identified: {
    notice_served: [
      'The severity must be assessed before a notice is served',
      'The date and method of serving the notice must be recorded',
    ],
    opinion_given: ['The opinion on this subject must be recorded'],
  },
  notice_served: {
    responded: ['The date the subject’s response was received must be recorded'],
    opinion_given: [
      'The date and method of serving the notice must be recorded',
      'The opinion on this subject must be recorded',
    ],
  },
  responded: { opinion_given: ['The opinion on this subject must be recorded'] },
  opinion_given: {
    proceedings: ['The decision on misconduct proceedings must be recorded'],
    outcome: ['A decision that no misconduct proceedings follow must be recorded', 'The outcome must be recorded'],
  },
  proceedings: { outcome: ['The outcome must be recorded'] },
  outcome: {},
}

describe('subject statuses', () => {
  it('are the DOMAIN.md path, each labelled', () => {
    assert.deepEqual(
      [...SUBJECT_STATUSES],
      ['identified', 'notice_served', 'responded', 'opinion_given', 'proceedings', 'outcome'],
    )
    assert.deepEqual(SUBJECT_STATUS_LABELS, {
      identified: 'Identified',
      notice_served: 'Notice served',
      responded: 'Responded to notice',
      opinion_given: 'Opinion given',
      proceedings: 'Facing proceedings',
      outcome: 'Outcome recorded',
    })
    assert.ok(isSubjectStatus('responded'))
    assert.equal(isSubjectStatus('dismissed'), false)
    assert.ok(subjectPathEnded('outcome'))
    for (const s of SUBJECT_STATUSES.slice(0, -1)) assert.equal(subjectPathEnded(s), false)
  })

  it('publish the graph of moves, only ever forwards', () => {
    for (const from of SUBJECT_STATUSES) {
      assert.deepEqual([...SUBJECT_TRANSITIONS[from]].sort(), Object.keys(EXPECTED[from]).sort(), from)
      for (const to of SUBJECT_TRANSITIONS[from])
        assert.ok(SUBJECT_STATUSES.indexOf(to) > SUBJECT_STATUSES.indexOf(from))
    }
  })
})

describe('an opinion on a subject never served a notice', () => {
  const unserved = (opinion: Opinion) =>
    ({
      ...bare('identified'),
      severityHistory: [{ severity: 'misconduct', assessedOn: '2026-01-20' }],
      opinion,
    }) as const
  for (const opinion of OPINIONS) {
    const caseToAnswer = severityOfOpinion(opinion) !== null
    it(`${opinion} ${caseToAnswer ? 'is refused, naming the next step' : 'moves them to opinion given'}`, () => {
      const r = transitionSubject(unserved(opinion), 'opinion_given')
      assert.equal(r.ok, !caseToAnswer)
      if (!r.ok) assert.match(r.missing.join(' '), /notice of investigation served.*subject’s page/)
    })
  }
})

describe('every (from, to) pair', () => {
  for (const from of SUBJECT_STATUSES) {
    for (const to of SUBJECT_STATUSES) {
      const expected = EXPECTED[from][to]
      it(`${from} → ${to} ${expected ? 'is guarded' : 'is never allowed'}`, () => {
        if (expected) assert.deepEqual(missingOf(bare(from), to), expected)
        else {
          const r = transitionSubject(
            served(from, {
              opinion: 'case_to_answer_gross_misconduct',
              proceedingsDecision: 'hearing',
              outcome: 'no_action',
            }),
            to,
          )
          assert.equal(r.ok, false)
          if (!r.ok) assert.match(r.missing[0] ?? '', from === to ? /already/ : /cannot go from/)
        }
      })
    }
  }
})

describe('serving the notice', () => {
  it('needs a severity of misconduct or gross misconduct, stated in the notice', () => {
    assert.ok(transitionSubject(served('identified'), 'notice_served').ok)
    assert.deepEqual(
      missingOf(
        served('identified', { severityHistory: [{ severity: 'neither', assessedOn: '2026-01-20' }] }),
        'notice_served',
      ),
      [
        'A notice is served only when the severity is assessed as misconduct or gross misconduct',
        'The notice must state the current severity (neither misconduct nor gross misconduct)',
      ],
    )
    const stale = served('identified', { severityHistory: [{ severity: 'misconduct', assessedOn: '2026-01-20' }] })
    assert.deepEqual(missingOf(stale, 'notice_served'), ['The notice must state the current severity (misconduct)'])
  })

  it('accepts every method of service', () => {
    for (const method of NOTICE_SERVICE_METHODS) {
      assert.ok(
        transitionSubject(
          served('identified', { notice: { servedOn: '2026-02-02', method, severity: 'gross_misconduct' } }),
          'notice_served',
        ).ok,
      )
    }
  })
})

describe('the response and the opinion', () => {
  it('records a response received on or after service', () => {
    assert.ok(transitionSubject(served('notice_served', { responseReceivedOn: '2026-02-02' }), 'responded').ok)
    assert.deepEqual(missingOf(served('notice_served', { responseReceivedOn: '2026-02-01' }), 'responded'), [
      'The response cannot have been received before the notice was served',
    ])
  })

  it('gives an opinion without a response only after the 10 working days', () => {
    const base = served('notice_served', { opinion: 'case_to_answer_gross_misconduct' })
    assert.deepEqual(missingOf({ ...base, today: '2026-02-16' }, 'opinion_given'), [
      'The subject has until 2026-02-16 to respond; an opinion without a response can be given only after that',
    ])
    assert.ok(transitionSubject({ ...base, today: '2026-02-17' }, 'opinion_given').ok)
    assert.deepEqual(missingOf({ ...base, today: '2026-02-17', responseReceivedOn: '2026-02-10' }, 'opinion_given'), [
      'The subject has responded: record the response before the opinion',
    ])
  })

  it('uses the rule set’s response period', () => {
    const longer = configureRuleSet(ENGLAND_AND_WALES, { subjectResponseWorkingDays: 20 })
    const facts = served('notice_served', { opinion: 'no_case_to_answer', today: '2026-02-17' })
    assert.ok(transitionSubject(facts, 'opinion_given').ok)
    assert.equal(transitionSubject(facts, 'opinion_given', longer).ok, false)
    assert.deepEqual(allowedSubjectTransitions(facts, longer), [])
  })

  it('waits for notice of a revised severity before the opinion', () => {
    const revised = served('responded', {
      opinion: 'case_to_answer_misconduct',
      severityHistory: [
        { severity: 'gross_misconduct', assessedOn: '2026-01-20' },
        { severity: 'misconduct', assessedOn: '2026-02-20' },
      ],
    })
    assert.deepEqual(missingOf(revised, 'opinion_given'), [
      'The subject must be given notice of the revised severity (misconduct) first',
    ])
    assert.ok(
      transitionSubject(
        { ...revised, notice: { servedOn: '2026-02-23', method: 'by_email', severity: 'misconduct' } },
        'opinion_given',
      ).ok,
    )
  })
})

describe('proceedings and outcome', () => {
  const opinion = (o: SubjectFacts['opinion'], over: Partial<SubjectFacts> = {}): SubjectFacts =>
    served('opinion_given', { opinion: o, ...over })

  it('sends gross misconduct to a hearing and misconduct to a meeting', () => {
    assert.ok(
      transitionSubject(opinion('case_to_answer_gross_misconduct', { proceedingsDecision: 'hearing' }), 'proceedings')
        .ok,
    )
    assert.deepEqual(
      missingOf(opinion('case_to_answer_gross_misconduct', { proceedingsDecision: 'meeting' }), 'proceedings'),
      ['A case to answer for gross misconduct goes to a misconduct hearing (legally qualified chair)'],
    )
    assert.ok(
      transitionSubject(opinion('case_to_answer_misconduct', { proceedingsDecision: 'meeting' }), 'proceedings').ok,
    )
    assert.deepEqual(
      missingOf(opinion('case_to_answer_misconduct', { proceedingsDecision: 'hearing' }), 'proceedings'),
      ['A case to answer for misconduct goes to a misconduct meeting'],
    )
  })

  it('sends misconduct to a hearing when a final written warning is in force', () => {
    const live = { hasLiveFinalWrittenWarning: true }
    assert.ok(
      transitionSubject(
        opinion('case_to_answer_misconduct', { ...live, proceedingsDecision: 'hearing' }),
        'proceedings',
      ).ok,
    )
    assert.deepEqual(
      missingOf(opinion('case_to_answer_misconduct', { ...live, proceedingsDecision: 'meeting' }), 'proceedings'),
      [
        'A case to answer for misconduct with a final written warning in force goes to a misconduct hearing (legally qualified chair)',
      ],
    )
  })

  it('brings proceedings only on a case to answer', () => {
    for (const o of ['no_case_to_answer', 'unsatisfactory_performance', 'reflective_practice'] as const) {
      assert.deepEqual(missingOf(opinion(o, { proceedingsDecision: 'meeting' }), 'proceedings'), [
        'Proceedings follow only an opinion that there is a case to answer',
      ])
    }
    assert.deepEqual(missingOf(opinion('case_to_answer_misconduct', { proceedingsDecision: 'none' }), 'proceedings'), [
      'The decision was that no proceedings follow',
    ])
  })

  it('names gross misconduct’s hearing without the warning clause, which is only for misconduct', () => {
    assert.deepEqual(
      missingOf(
        opinion('case_to_answer_gross_misconduct', {
          hasLiveFinalWrittenWarning: true,
          proceedingsDecision: 'meeting',
        }),
        'proceedings',
      ),
      ['A case to answer for gross misconduct goes to a misconduct hearing (legally qualified chair)'],
    )
  })

  it('judges an outcome without proceedings by that route, whatever decision is recorded', () => {
    assert.deepEqual(
      missingOf(
        opinion('case_to_answer_misconduct', { proceedingsDecision: 'meeting', outcome: 'written_warning' }),
        'outcome',
      ),
      [
        'A decision that no misconduct proceedings follow must be recorded',
        'Written warning is not an outcome available without misconduct proceedings',
      ],
    )
    for (const proceedingsDecision of ['none', null] as const)
      assert.deepEqual(
        missingOf(served('proceedings', { proceedingsDecision, outcome: 'written_warning' }), 'outcome'),
        ['Written warning is not an outcome available without misconduct proceedings'],
        `facing proceedings with the decision ${proceedingsDecision}`,
      )
  })

  it('ends without proceedings only in a learning outcome', () => {
    for (const outcome of OUTCOMES) {
      const r = transitionSubject(opinion('no_case_to_answer', { proceedingsDecision: 'none', outcome }), 'outcome')
      assert.equal(r.ok, OUTCOMES_AVAILABLE.without_proceedings.includes(outcome), outcome)
    }
    assert.deepEqual(
      missingOf(opinion('no_case_to_answer', { proceedingsDecision: 'none', outcome: 'written_warning' }), 'outcome'),
      ['Written warning is not an outcome available without misconduct proceedings'],
    )
  })

  it('records only the outcomes the meeting or hearing can give', () => {
    for (const kind of ['meeting', 'hearing'] as const) {
      for (const outcome of OUTCOMES) {
        const r = transitionSubject(
          served('proceedings', { opinion: 'case_to_answer_misconduct', proceedingsDecision: kind, outcome }),
          'outcome',
        )
        assert.equal(r.ok, OUTCOMES_AVAILABLE[kind].includes(outcome), `${kind} ${outcome}`)
      }
    }
    assert.deepEqual(
      missingOf(
        served('proceedings', { proceedingsDecision: 'meeting', outcome: 'dismissal_without_notice' }),
        'outcome',
      ),
      ['Dismissal without notice is not an outcome available at a misconduct meeting'],
    )
  })
})

describe('severity history', () => {
  const h: SeverityAssessment[] = [
    { severity: 'misconduct', assessedOn: '2026-01-10' },
    { severity: 'gross_misconduct', assessedOn: '2026-03-01' },
    { severity: 'gross_misconduct', assessedOn: '2026-02-01' },
  ]

  it('takes the current severity from the latest assessment', () => {
    assert.equal(currentSeverity([]), null)
    assert.equal(currentSeverity(h), 'gross_misconduct')
    assert.equal(currentSeverity([...h, { severity: 'misconduct', assessedOn: '2026-03-01' }]), 'misconduct') // same day: recorded later wins
    assert.deepEqual(
      orderedSeverityHistory(h).map((a) => a.assessedOn),
      ['2026-01-10', '2026-02-01', '2026-03-01'],
    )
    assert.equal(h[1]?.assessedOn, '2026-03-01', 'the history given is not reordered')
    // On one day, the order recorded decides, whichever severity came first.
    const day = '2026-04-01'
    const sameDay = SEVERITIES.map((severity) => ({ severity, assessedOn: day }))
    assert.deepEqual(orderedSeverityHistory(sameDay), sameDay)
    assert.deepEqual(orderedSeverityHistory([...sameDay].reverse()), [...sameDay].reverse())
    for (const [first, second] of [
      ['misconduct', 'gross_misconduct'],
      ['gross_misconduct', 'misconduct'],
    ] as const)
      assert.equal(
        currentSeverity([
          { severity: first, assessedOn: day },
          { severity: second, assessedOn: day },
        ]),
        second,
      )
  })

  it('keeps every revision and refuses one dated before the latest', () => {
    const r = recordSeverityAssessment(h, { severity: 'neither', assessedOn: '2026-03-05' })
    assert.ok(r.ok)
    if (r.ok) {
      assert.equal(r.history.length, 4)
      assert.equal(currentSeverity(r.history), 'neither')
    }
    assert.equal(h.length, 3)
    assert.deepEqual(recordSeverityAssessment(h, { severity: 'neither', assessedOn: '2026-02-28' }), {
      ok: false,
      problem: 'A severity assessment cannot be dated before the latest one (2026-03-01)',
    })
    assert.ok(recordSeverityAssessment([], { severity: 'misconduct', assessedOn: '2020-01-01' }).ok)
    const sameDay = recordSeverityAssessment(h, { severity: 'misconduct', assessedOn: '2026-03-01' })
    assert.ok(sameDay.ok, 'a re-assessment on the day of the latest one is allowed')
    if (sameDay.ok) assert.equal(currentSeverity(sameDay.history), 'misconduct')
  })

  it('lists the changes, leaving out confirmations', () => {
    assert.deepEqual(severityChanges(h), [
      { from: null, to: 'misconduct', on: '2026-01-10' },
      { from: 'misconduct', to: 'gross_misconduct', on: '2026-02-01' },
    ])
  })

  it('says when a revised notice is needed', () => {
    assert.equal(needsRevisedNotice(h, null), false)
    assert.equal(needsRevisedNotice(h, { severity: 'gross_misconduct' }), false)
    assert.equal(needsRevisedNotice(h, { severity: 'misconduct' }), true)
    assert.equal(needsRevisedNotice([], { severity: 'misconduct' }), false)
  })

  it('current severity is the last change, and recording then reading returns it', () => {
    const assessment = fc.record({
      severity: fc.constantFrom(...SEVERITIES),
      assessedOn: fc.integer({ min: 0, max: 900 }).map((n) => addCalendarDays('2024-01-01', n)),
    })
    fc.assert(
      fc.property(fc.array(assessment, { maxLength: 8 }), assessment, (history, next) => {
        assert.equal(currentSeverity(history), severityChanges(history).at(-1)?.to ?? null)
        const r = recordSeverityAssessment(history, next)
        const latest = orderedSeverityHistory(history).at(-1)
        assert.equal(r.ok, !latest || latest.assessedOn <= next.assessedOn)
        if (r.ok) assert.equal(currentSeverity(r.history), next.severity)
      }),
    )
  })
})

describe('properties', () => {
  const date = fc.integer({ min: 0, max: 120 }).map((n) => addCalendarDays('2026-01-01', n))
  const factsArb: fc.Arbitrary<SubjectFacts> = fc.record({
    status: fc.constantFrom(...SUBJECT_STATUSES),
    severityHistory: fc.array(fc.record({ severity: fc.constantFrom(...SEVERITIES), assessedOn: date }), {
      maxLength: 3,
    }),
    notice: fc.option(
      fc.record({
        servedOn: date,
        method: fc.constantFrom(...NOTICE_SERVICE_METHODS),
        severity: fc.constantFrom(...SEVERITIES),
      }),
      { nil: null },
    ),
    responseReceivedOn: fc.option(date, { nil: null }),
    today: date,
    opinion: fc.option(fc.constantFrom(...OPINIONS), { nil: null }),
    proceedingsDecision: fc.option(fc.constantFrom('meeting' as const, 'hearing' as const, 'none' as const), {
      nil: null,
    }),
    hasLiveFinalWrittenWarning: fc.boolean(),
    outcome: fc.option(fc.constantFrom(...OUTCOMES), { nil: null }),
  })

  it('allowedSubjectTransitions is exactly what transitionSubject allows, within the graph', () => {
    fc.assert(
      fc.property(factsArb, (facts) => {
        const allowed = allowedSubjectTransitions(facts)
        for (const to of SUBJECT_STATUSES) {
          const r = transitionSubject(facts, to)
          assert.equal(r.ok, allowed.includes(to))
          if (r.ok) assert.ok(SUBJECT_TRANSITIONS[facts.status].includes(to))
          else assert.ok(r.missing.length > 0 && r.missing.every((m) => /^[A-Z]/.test(m)))
        }
      }),
    )
  })

  it('random sequences of moves only ever take offered moves, and never a sanction without proceedings', () => {
    const step = fc.record({ facts: factsArb, to: fc.constantFrom(...SUBJECT_STATUSES) })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        let status: SubjectStatus = 'identified'
        for (const { facts, to } of steps) {
          const now: SubjectFacts = { ...facts, status }
          if (!transitionSubject(now, to).ok) continue
          assert.ok(allowedSubjectTransitions(now).includes(to))
          if (to === 'outcome' && status === 'opinion_given')
            assert.ok(OUTCOMES_AVAILABLE.without_proceedings.includes(now.outcome ?? 'no_action'))
          status = to
        }
      }),
    )
  })
})
