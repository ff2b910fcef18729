import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import { INVESTIGATION_STATUSES, type InvestigationStatus } from './investigationLifecycle.js'
import { KEEP_INFORMED_STOPPED_STATUSES } from './keepInformed.js'
import { NOTICE_RESPONSE_STAGES, liveDeadlines, nextDeadline, type CaseDeadlineFacts } from './liveDeadlines.js'
import { SUBJECT_STATUSES, type SubjectStatus } from './subjectLifecycle.js'

const none = (status: InvestigationStatus, over: Partial<CaseDeadlineFacts> = {}): CaseDeadlineFacts => ({
  status,
  statusBeforeSuspension: null,
  notices: [],
  keepInformedDueOn: [],
  keepInformedStoppedStatuses: KEEP_INFORMED_STOPPED_STATUSES,
  authorityResponse: null,
  learningResponsesDueOn: [],
  pfdResponsesDueOn: [],
  ...over,
})

const notice = (subjectStatus: SubjectStatus, responseReceivedOn: string | null = null) => ({
  responseDueOn: '2026-03-24',
  responseReceivedOn,
  subjectStatus,
})

describe('a notice’s response deadline', () => {
  // Written out, not derived: [case status, subject status, response received?, live?]
  const table: [InvestigationStatus, SubjectStatus, boolean, boolean][] = [
    ['investigating', 'notice_served', false, true],
    ['investigating', 'notice_served', true, false], // answered
    ['investigating', 'responded', true, false],
    ['investigating', 'opinion_given', false, false], // the path moved past the notice
    ['investigating', 'proceedings', false, false],
    ['investigating', 'outcome', false, false],
    ['reopened', 'notice_served', false, true],
    ['assessed', 'notice_served', false, true],
    ['report_drafting', 'notice_served', false, false], // the case moved into the report stage
    ['report_with_decision_maker', 'notice_served', false, false],
    ['report_approved', 'notice_served', false, false],
    ['report_sent_to_appropriate_authority', 'notice_served', false, false],
    ['awaiting_proceedings', 'notice_served', false, false],
    ['closed', 'notice_served', false, false],
  ]
  for (const [status, subjectStatus, received, live] of table) {
    it(`${live ? 'applies' : 'has stopped'}: case ${status}, subject ${subjectStatus}${received ? ', answered' : ''}`, () => {
      const facts = none(status, { notices: [notice(subjectStatus, received ? '2026-03-20' : null)] })
      assert.equal(nextDeadline(facts), live ? '2026-03-24' : null)
    })
  }

  it('follows a suspended case’s stage: live if suspended while investigating, not from the report stage', () => {
    const n = [notice('notice_served')]
    assert.equal(nextDeadline(none('suspended', { statusBeforeSuspension: 'investigating', notices: n })), '2026-03-24')
    assert.equal(nextDeadline(none('suspended', { statusBeforeSuspension: 'report_drafting', notices: n })), null)
  })

  it('applies only while the subject awaits a response, the case is before the report, and none came (every path)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...INVESTIGATION_STATUSES),
        fc.option(fc.constantFrom(...INVESTIGATION_STATUSES), { nil: null }),
        fc.array(
          fc.record({
            subjectStatus: fc.constantFrom(...SUBJECT_STATUSES),
            received: fc.boolean(),
            day: fc.integer({ min: 10, max: 28 }),
          }),
          { maxLength: 6 },
        ),
        (status, before, subjects) => {
          const facts = none(status, {
            statusBeforeSuspension: before,
            notices: subjects.map((s) => ({
              responseDueOn: `2026-04-${s.day}`,
              responseReceivedOn: s.received ? '2026-04-01' : null,
              subjectStatus: s.subjectStatus,
            })),
          })
          const stage = status === 'suspended' && before ? before : status
          const expected = NOTICE_RESPONSE_STAGES.includes(stage)
            ? subjects
                .filter((s) => !s.received && s.subjectStatus === 'notice_served')
                .map((s) => `2026-04-${s.day}`)
                .sort()
            : []
          assert.deepEqual(
            liveDeadlines(facts).map((d) => d.dueOn),
            expected,
          )
          assert.equal(nextDeadline(facts), expected[0] ?? null)
        },
      ),
    )
  })
})

describe('the other deadlines', () => {
  it('keep-informed updates stop once the case is closed', () => {
    for (const status of INVESTIGATION_STATUSES)
      assert.equal(
        nextDeadline(none(status, { keepInformedDueOn: ['2026-05-01'] })),
        status === 'closed' ? null : '2026-05-01',
        status,
      )
  })

  it('the authority’s response applies while the report is with it and a response is outstanding', () => {
    for (const status of INVESTIGATION_STATUSES)
      for (const outstanding of [true, false])
        assert.equal(
          nextDeadline(none(status, { authorityResponse: { responseDueOn: '2026-06-01', outstanding } })),
          outstanding && status === 'report_sent_to_appropriate_authority' ? '2026-06-01' : null,
          `${status} ${outstanding}`,
        )
  })

  it('learning responses stop at closure; a prevention of future deaths response runs until received', () => {
    assert.equal(nextDeadline(none('closed', { learningResponsesDueOn: ['2026-07-01'] })), null)
    assert.equal(nextDeadline(none('awaiting_proceedings', { learningResponsesDueOn: ['2026-07-01'] })), '2026-07-01')
    assert.equal(nextDeadline(none('closed', { pfdResponsesDueOn: ['2026-08-01'] })), '2026-08-01')
  })

  it('the next deadline is the earliest live one, and a stopped early one never hides a later live one', () => {
    const facts = none('report_sent_to_appropriate_authority', {
      notices: [notice('notice_served')],
      keepInformedDueOn: ['2026-12-20'],
      authorityResponse: { responseDueOn: '2026-12-10', outstanding: true },
    })
    assert.deepEqual(liveDeadlines(facts), [
      { kind: 'authority_response', dueOn: '2026-12-10' },
      { kind: 'keep_informed_update', dueOn: '2026-12-20' },
    ])
    assert.equal(nextDeadline(facts), '2026-12-10')
  })
})

describe('the list of live deadlines', () => {
  it('names each deadline’s kind, earliest first, and on the same day orders them by kind', () => {
    const facts = none('investigating', {
      notices: [notice('notice_served')],
      keepInformedDueOn: ['2026-03-24', '2026-03-01'],
      learningResponsesDueOn: ['2026-03-24'],
      pfdResponsesDueOn: ['2026-03-10'],
    })
    assert.deepEqual(liveDeadlines(facts), [
      { kind: 'keep_informed_update', dueOn: '2026-03-01' },
      { kind: 'pfd_response', dueOn: '2026-03-10' },
      { kind: 'keep_informed_update', dueOn: '2026-03-24' },
      { kind: 'learning_response', dueOn: '2026-03-24' },
      { kind: 'notice_response', dueOn: '2026-03-24' },
    ])
  })
})
