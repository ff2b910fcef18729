import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CASE_ACTIONS } from './policy.js'
import { INVESTIGATION_STATUSES } from './investigationLifecycle.js'
import { ON_CLOSED_CASE, frozenRefusal } from './caseFreeze.js'

describe('what closing freezes', () => {
  it('places every case action, and freezes none that only reads', () => {
    assert.deepEqual(Object.keys(ON_CLOSED_CASE).sort(), [...CASE_ACTIONS].sort())
    for (const action of CASE_ACTIONS)
      if (action.includes(':read')) assert.equal(ON_CLOSED_CASE[action], 'read', action)
  })

  it('refuses the record’s changes on a closed case only, naming the state', () => {
    for (const status of INVESTIGATION_STATUSES) {
      const refusal = frozenRefusal(status, 'authority:respond')
      if (status === 'closed') assert.match(refusal ?? '', /closed/)
      else assert.equal(refusal, null, status)
    }
    assert.equal(frozenRefusal('reopened', 'investigation:contribute'), null, 're-opening lifts the freeze')
  })

  it('lets what happens after closing go ahead', () => {
    for (const action of [
      'publication:publish',
      'publication:redact',
      'publication:hold',
      'linked-proceedings:manage',
      'family:contribute',
      'reinvestigation:propose',
      'reinvestigation:decide',
    ] as const)
      assert.equal(frozenRefusal('closed', action), null, action)
  })

  it('lets the lifecycle re-open a closed case in place, and nothing else under investigation:manage', () => {
    assert.equal(frozenRefusal('closed', 'investigation:manage', { leavingFrozenStatus: true }), null)
    assert.match(frozenRefusal('closed', 'investigation:manage') ?? '', /closed/)
    assert.match(frozenRefusal('closed', 'report:draft', { leavingFrozenStatus: true }) ?? '', /closed/)
  })
})
