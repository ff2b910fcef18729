import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ACTION_PRIORITIES,
  ACTION_PRIORITY_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  ACTION_STEPS,
  ACTION_STEP_LABELS,
  LINE_OF_ENQUIRY_STATUS_LABELS,
  actionReference,
  ageInDays,
  lineOfEnquiryReference,
  type ActionStep,
  OPEN_ACTION_STATUSES,
  actionStep,
  ageBand,
  isOverdue,
  lineOfEnquiryChange,
  LINE_OF_ENQUIRY_STATUSES,
  type ActionStatus,
} from './actions.js'

/** Every step from every status, written out: a new status or step fails until its cells are decided. */
const EXPECTED: Record<ActionStatus, Record<string, ActionStatus | null>> = {
  raised: { allocate: 'allocated', result: null, refer_back: null, file: 'filed' },
  allocated: { allocate: 'allocated', result: 'resulted', refer_back: null, file: 'filed' },
  resulted: { allocate: null, result: null, refer_back: 'referred_back', file: null },
  referred_back: { allocate: 'allocated', result: 'resulted', refer_back: null, file: 'filed' },
  filed: { allocate: null, result: null, refer_back: null, file: null },
}

describe('action state machine', () => {
  it('decides every step from every status as the table says', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...ACTION_STATUSES].sort())
    for (const status of ACTION_STATUSES)
      for (const step of ACTION_STEPS.filter((s) => s !== 'raise')) {
        const d = actionStep(status, step as Exclude<typeof step, 'raise'>)
        const want = EXPECTED[status][step]
        if (want === null) assert.equal(d.allowed, false, `${status} ${step}`)
        else assert.deepEqual(d, { allowed: true, to: want }, `${status} ${step}`)
        if (!d.allowed) assert.ok(d.reason.length > 0)
      }
  })

  it('filed is final, and only open actions can be overdue', () => {
    assert.deepEqual([...OPEN_ACTION_STATUSES].sort(), ['allocated', 'raised', 'referred_back'])
    for (const status of ACTION_STATUSES)
      assert.equal(isOverdue({ status, dueOn: '2026-01-01' }, '2026-01-02'), OPEN_ACTION_STATUSES.includes(status))
    assert.equal(isOverdue({ status: 'allocated', dueOn: '2026-01-02' }, '2026-01-02'), false)
    assert.equal(isOverdue({ status: 'allocated', dueOn: null }, '2026-01-02'), false)
  })

  it('bands ages', () => {
    assert.equal(ageBand(0), 'Under a week')
    assert.equal(ageBand(7), '1 to 4 weeks')
    assert.equal(ageBand(400), '4 weeks or more')
  })

  it('lets a line of enquiry be answered or closed only while open, and reopened', () => {
    for (const from of LINE_OF_ENQUIRY_STATUSES)
      for (const to of LINE_OF_ENQUIRY_STATUSES)
        assert.equal(lineOfEnquiryChange(from, to).allowed, from !== to && (from === 'open' || to === 'open'))
  })
})

describe('actions: labels, refusals, references and ages written out', () => {
  it('labels statuses, priorities, steps and lines of enquiry as the pages show them', () => {
    assert.deepEqual(ACTION_STATUS_LABELS, {
      raised: 'Raised',
      allocated: 'Allocated',
      resulted: 'Resulted',
      referred_back: 'Referred back',
      filed: 'Filed',
    })
    assert.deepEqual(ACTION_PRIORITIES, ['high', 'medium', 'low'])
    assert.deepEqual(ACTION_PRIORITY_LABELS, { high: 'High', medium: 'Medium', low: 'Low' })
    assert.deepEqual(ACTION_STEPS, ['raise', 'allocate', 'result', 'refer_back', 'file'])
    assert.deepEqual(ACTION_STEP_LABELS, {
      raise: 'Raised',
      allocate: 'Allocated',
      result: 'Resulted',
      refer_back: 'Referred back',
      file: 'Filed',
    })
    assert.deepEqual(LINE_OF_ENQUIRY_STATUSES, ['open', 'answered', 'closed'])
    assert.deepEqual(LINE_OF_ENQUIRY_STATUS_LABELS, { open: 'Open', answered: 'Answered', closed: 'Closed' })
    assert.equal(actionReference(12), 'A12')
    assert.equal(lineOfEnquiryReference(3), 'L3')
  })

  it('says why a step is refused', () => {
    const table: [ActionStatus, Exclude<ActionStep, 'raise'>, string][] = [
      ['filed', 'allocate', 'Only an action that is raised, allocated or referred back can be allocated.'],
      ['raised', 'result', 'Only an action allocated to someone (or referred back to them) can be resulted.'],
      ['allocated', 'refer_back', 'Only a resulted action can be referred back for more work.'],
      ['resulted', 'file', 'Only an open action (raised, allocated or referred back) can be filed.'],
    ]
    for (const [status, step, reason] of table) assert.deepEqual(actionStep(status, step), { allowed: false, reason })
  })

  it('counts an action’s age in whole days, never below none, and bands it', () => {
    const ages: [string, string, number][] = [
      ['2026-01-01', '2026-01-01', 0],
      ['2026-01-01', '2026-01-08', 7],
      ['2025-12-31', '2026-03-01', 60],
      ['2026-01-09', '2026-01-01', 0],
    ]
    for (const [raisedOn, today, days] of ages) assert.equal(ageInDays(raisedOn, today), days, `${raisedOn} ${today}`)
    const bands: [number, string][] = [
      [0, 'Under a week'],
      [6, 'Under a week'],
      [7, '1 to 4 weeks'],
      [27, '1 to 4 weeks'],
      [28, '4 weeks or more'],
      [10_000, '4 weeks or more'],
    ]
    for (const [days, label] of bands) assert.equal(ageBand(days), label, `${days}`)
  })

  it('says why a line of enquiry cannot change', () => {
    assert.deepEqual(lineOfEnquiryChange('answered', 'answered'), {
      allowed: false,
      reason: 'The line of enquiry is already answered.',
    })
    assert.deepEqual(lineOfEnquiryChange('answered', 'closed'), {
      allowed: false,
      reason: 'Reopen the line of enquiry before answering or closing it again.',
    })
    assert.deepEqual(lineOfEnquiryChange('closed', 'open'), { allowed: true })
  })
})
