import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ACTION_STATUSES,
  ACTION_STEPS,
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
