import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ACTIONS, authorise, isAction, type Action, type Actor } from './policy.js'
import { ROLES, type Role } from './roles.js'

const Y = true
const N = false

/**
 * The decision for every role and action, written out by hand. Adding a role or an action
 * makes the completeness checks below fail until someone decides each new cell here.
 */
const EXPECTED: Record<Role, Record<Action, boolean>> = {
  investigator: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  lead_investigator: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  decision_maker: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  case_worker: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  appropriate_authority: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  interested_person: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  subject: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': N, 'audit:view': N, 'audit:verify': N },
  administrator: { 'service:home': Y, 'account:manage-own': Y, 'users:manage': Y, 'audit:view': Y, 'audit:verify': Y },
}

const actorWith = (roles: readonly Role[]): Actor => ({
  userId: '0190a000-0000-7000-8000-000000000001',
  roles,
  organisationId: '0190a000-0000-7000-8000-000000000002',
})

describe('access policy', () => {
  it('the expected table decides every role in ROLES', () => {
    assert.deepEqual(Object.keys(EXPECTED).sort(), [...ROLES].sort())
  })

  it('the expected table decides every action in ACTIONS for each role', () => {
    for (const role of ROLES) {
      assert.deepEqual(Object.keys(EXPECTED[role]).sort(), [...ACTIONS].sort(), `row for ${role}`)
    }
  })

  it('the table has both allowed and denied cells (it is not trivially all one way)', () => {
    const cells = ROLES.flatMap((r) => ACTIONS.map((a) => EXPECTED[r][a]))
    assert.ok(cells.includes(true))
    assert.ok(cells.includes(false))
  })

  for (const role of ROLES) {
    for (const action of ACTIONS) {
      const expected = EXPECTED[role][action]
      it(`${role} ${expected ? 'may' : 'may not'} ${action}`, () => {
        const decision = authorise(actorWith([role]), action)
        assert.equal(decision.allowed, expected)
        if (!decision.allowed) assert.ok(decision.reason.length > 0, 'a denial says why')
      })
    }
  }

  it('someone with no role may do nothing', () => {
    for (const action of ACTIONS) {
      const decision = authorise(actorWith([]), action)
      assert.equal(decision.allowed, false, action)
    }
  })

  it('several roles allow what any one of them allows', () => {
    const actor = actorWith(['investigator', 'administrator'])
    for (const action of ACTIONS) {
      const anyAllows = actor.roles.some((r) => EXPECTED[r][action])
      assert.equal(authorise(actor, action).allowed, anyAllows, action)
    }
  })

  it('isAction recognises exactly the declared actions', () => {
    for (const action of ACTIONS) assert.equal(isAction(action), true)
    assert.equal(isAction('users:delete-everything'), false)
    assert.equal(isAction(''), false)
  })
})
