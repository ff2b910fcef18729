import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CASE_ACTIONS } from './policy.js'
import { INVESTIGATION_STATUSES } from './investigationLifecycle.js'
import { FROZEN_STATUSES, ON_CLOSED_CASE, frozenRefusal } from './caseFreeze.js'

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

describe('the table of what closing freezes, written out (docs/domain-decisions.md)', () => {
  const FROZEN = [
    'investigation:assess',
    'investigation:manage',
    'investigation:contribute',
    'timeliness:decide',
    'report:draft',
    'report:decide',
    'report:send',
    'authority:respond',
    'lines-of-enquiry:manage',
    'actions:raise',
    'actions:result',
    'actions:supervise',
    'decisions:record',
    'decisions:review',
    'witnesses:manage',
  ] as const
  const CONTINUES = [
    'family:contribute',
    'linked-proceedings:manage',
    'disclosure:prepare',
    'disclosure:issue',
    'publication:hold',
    'publication:redact',
    'publication:publish',
    'reinvestigation:propose',
    'reinvestigation:decide',
  ] as const
  const READ = [
    'investigation:read',
    'investigation:read-case-file',
    'evidence:read-sealed',
    'family:read',
    'authority:read-report',
    'witnesses:read',
  ] as const
  const refusal =
    'This investigation is closed, so its record can no longer change. Only its publication, linked proceedings, keeping the families informed and a decision to re-open or re-investigate it can go ahead.'

  it('places each action as the decision table does', () => {
    assert.deepEqual(
      Object.fromEntries(Object.entries(ON_CLOSED_CASE).sort(([a], [b]) => a.localeCompare(b))),
      Object.fromEntries(
        [
          ...FROZEN.map((a) => [a, 'frozen']),
          ...CONTINUES.map((a) => [a, 'continues']),
          ...READ.map((a) => [a, 'read']),
        ].sort(([a], [b]) => a!.localeCompare(b!)),
      ),
    )
  })

  it('refuses every frozen action on a closed case with the one message, and nothing else', () => {
    assert.deepEqual(FROZEN_STATUSES, ['closed'])
    for (const action of FROZEN) {
      assert.equal(frozenRefusal('closed', action), refusal, action)
      assert.equal(frozenRefusal('closed', action, { leavingFrozenStatus: false }), refusal, action)
      assert.equal(frozenRefusal('suspended', action), null, action)
      assert.equal(frozenRefusal('awaiting_proceedings', action), null, action)
    }
    for (const action of [...CONTINUES, ...READ]) assert.equal(frozenRefusal('closed', action), null, action)
  })
})
