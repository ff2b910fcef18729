import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ACTIONS,
  CASE_ACTIONS,
  CASE_ROLES,
  authorise,
  authoriseOfficerRecord,
  isAction,
  type Action,
  type Actor,
  type CaseAction,
  type CaseRole,
} from './policy.js'
import { ROLES, type Role } from './roles.js'

const Y = true
const N = false

/**
 * The decision for every role and action, written out by hand. Adding a role or an action
 * makes the completeness checks below fail until someone decides each new cell here.
 */
const SERVICE_NONE = {
  'service:home': Y,
  'account:manage-own': Y,
  'api-tokens:manage-own': N,
  'users:manage': N,
  'audit:view': N,
  'audit:verify': N,
  'investigations:list': N,
  'referrals:record': N,
  'officers:search': N,
  'keep-informed:dashboard': N,
  'portal:use': N,
  'mail:outbox:view': N,
  'calendar:subscribe-own': N,
  'history:import': N,
  'officers:read-record': N,
  'statistics:read': N,
  'webhooks:manage': N,
} as const
const CASE_NONE = {
  'investigation:read': N,
  'investigation:read-case-file': N,
  'investigation:assess': N,
  'investigation:manage': N,
  'investigation:contribute': N,
  'evidence:read-sealed': N,
  'family:read': N,
  'family:contribute': N,
  'timeliness:decide': N,
  'report:draft': N,
  'report:decide': N,
  'report:send': N,
  'authority:read-report': N,
  'authority:respond': N,
  'linked-proceedings:manage': N,
  'publication:hold': N,
  'publication:redact': N,
  'publication:publish': N,
  'reinvestigation:propose': N,
  'reinvestigation:decide': N,
  'lines-of-enquiry:manage': N,
  'actions:raise': N,
  'actions:result': N,
  'actions:supervise': N,
  'decisions:record': N,
  'decisions:review': N,
  'witnesses:read': N,
  'witnesses:manage': N,
  'disclosure:prepare': N,
  'disclosure:issue': N,
} as const
const STAFF_SERVICE = {
  'keep-informed:dashboard': Y,
  'calendar:subscribe-own': Y,
  'officers:read-record': Y,
  'statistics:read': Y,
} as const

const EXPECTED: Record<Role, Record<Action, boolean>> = {
  investigator: {
    ...SERVICE_NONE,
    'api-tokens:manage-own': Y,
    'investigations:list': Y,
    'referrals:record': Y,
    'officers:search': Y,
    ...STAFF_SERVICE,
    ...CASE_NONE,
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:contribute': Y,
    'family:read': Y,
    'family:contribute': Y,
    'report:draft': Y,
    'linked-proceedings:manage': Y,
    'publication:redact': Y,
    'actions:raise': Y,
    'actions:result': Y,
    'decisions:record': Y,
    'witnesses:read': Y,
    'witnesses:manage': Y,
    'disclosure:prepare': Y,
  },
  lead_investigator: {
    ...SERVICE_NONE,
    'api-tokens:manage-own': Y,
    'investigations:list': Y,
    'referrals:record': Y,
    'officers:search': Y,
    ...STAFF_SERVICE,
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:assess': Y,
    'investigation:manage': Y,
    'investigation:contribute': Y,
    'evidence:read-sealed': Y,
    'family:read': Y,
    'family:contribute': Y,
    'timeliness:decide': Y,
    'report:draft': Y,
    'report:decide': N,
    'report:send': Y,
    'authority:read-report': N,
    'authority:respond': N,
    'linked-proceedings:manage': Y,
    'publication:hold': Y,
    'publication:redact': Y,
    'publication:publish': N,
    'reinvestigation:propose': Y,
    'reinvestigation:decide': N,
    'lines-of-enquiry:manage': Y,
    'actions:raise': Y,
    'actions:result': Y,
    'actions:supervise': Y,
    'decisions:record': Y,
    'decisions:review': Y,
    'witnesses:read': Y,
    'witnesses:manage': Y,
    'disclosure:prepare': Y,
    'disclosure:issue': Y,
  },
  decision_maker: {
    ...SERVICE_NONE,
    'api-tokens:manage-own': Y,
    'investigations:list': Y,
    'referrals:record': Y,
    'officers:search': Y,
    ...STAFF_SERVICE,
    ...CASE_NONE,
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:assess': Y,
    'investigation:manage': Y,
    'evidence:read-sealed': Y,
    'family:read': Y,
    'timeliness:decide': Y,
    'report:decide': Y,
    'report:send': Y,
    'publication:hold': Y,
    'publication:publish': Y,
    'reinvestigation:propose': Y,
    'reinvestigation:decide': Y,
    'lines-of-enquiry:manage': Y,
    'actions:raise': Y,
    'decisions:record': Y,
    'witnesses:read': Y,
  },
  case_worker: {
    ...SERVICE_NONE,
    'api-tokens:manage-own': Y,
    'investigations:list': Y,
    ...STAFF_SERVICE,
    ...CASE_NONE,
    'investigation:read': Y,
    'family:read': Y,
    'family:contribute': Y,
  },
  appropriate_authority: {
    ...SERVICE_NONE,
    'officers:read-record': Y,
    'api-tokens:manage-own': Y,
    'webhooks:manage': Y,
    ...CASE_NONE,
    'authority:read-report': Y,
    'authority:respond': Y,
  },
  interested_person: { ...SERVICE_NONE, 'portal:use': Y, ...CASE_NONE },
  subject: { ...SERVICE_NONE, ...CASE_NONE },
  administrator: {
    ...SERVICE_NONE,
    'api-tokens:manage-own': Y,
    'users:manage': Y,
    'audit:view': Y,
    'audit:verify': Y,
    'mail:outbox:view': Y,
    'history:import': Y,
    'officers:read-record': Y,
    'statistics:read': Y,
    ...CASE_NONE,
  },
}

/** Case actions asked with a case: the place on that case's team decides. */
const CASE_EXPECTED: Record<CaseRole | 'not a member', Record<CaseAction, boolean>> = {
  lead_investigator: {
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:assess': Y,
    'investigation:manage': Y,
    'investigation:contribute': Y,
    'evidence:read-sealed': Y,
    'family:read': Y,
    'family:contribute': Y,
    'timeliness:decide': Y,
    'report:draft': Y,
    'report:decide': N,
    'report:send': Y,
    'authority:read-report': N,
    'authority:respond': N,
    'linked-proceedings:manage': Y,
    'publication:hold': Y,
    'publication:redact': Y,
    'publication:publish': N,
    'reinvestigation:propose': Y,
    'reinvestigation:decide': N,
    'lines-of-enquiry:manage': Y,
    'actions:raise': Y,
    'actions:result': Y,
    'actions:supervise': Y,
    'decisions:record': Y,
    'decisions:review': Y,
    'witnesses:read': Y,
    'witnesses:manage': Y,
    'disclosure:prepare': Y,
    'disclosure:issue': Y,
  },
  investigator: {
    ...CASE_NONE,
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:contribute': Y,
    'family:read': Y,
    'family:contribute': Y,
    'report:draft': Y,
    'linked-proceedings:manage': Y,
    'publication:redact': Y,
    'actions:raise': Y,
    'actions:result': Y,
    'decisions:record': Y,
    'witnesses:read': Y,
    'witnesses:manage': Y,
    'disclosure:prepare': Y,
  },
  decision_maker: {
    ...CASE_NONE,
    'investigation:read': Y,
    'investigation:read-case-file': Y,
    'investigation:assess': Y,
    'investigation:manage': Y,
    'evidence:read-sealed': Y,
    'family:read': Y,
    'timeliness:decide': Y,
    'report:decide': Y,
    'report:send': Y,
    'publication:hold': Y,
    'publication:publish': Y,
    'reinvestigation:propose': Y,
    'reinvestigation:decide': Y,
    'lines-of-enquiry:manage': Y,
    'actions:raise': Y,
    'decisions:record': Y,
    'witnesses:read': Y,
  },
  case_worker: { ...CASE_NONE, 'investigation:read': Y, 'family:read': Y, 'family:contribute': Y },
  'not a member': { ...CASE_NONE },
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
    // The pages every signed-in person may use tell someone without a role what to do about it.
    assert.deepEqual(authorise(actorWith([]), 'service:home'), {
      allowed: false,
      reason: 'You have no role in Candour yet; ask an administrator.',
    })
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

describe('access policy on one case', () => {
  it('the case table decides every place on a team and every case action', () => {
    assert.deepEqual(Object.keys(CASE_EXPECTED).sort(), [...CASE_ROLES, 'not a member'].sort())
    for (const row of Object.values(CASE_EXPECTED)) assert.deepEqual(Object.keys(row).sort(), [...CASE_ACTIONS].sort())
  })

  // The person's global role is the one matching their place on the team (the usual case);
  // a non-member is tried with every staff role.
  for (const place of [...CASE_ROLES, 'not a member'] as const) {
    for (const action of CASE_ACTIONS) {
      const expected = CASE_EXPECTED[place][action]
      it(`${place} ${expected ? 'may' : 'may not'} ${action} on the case`, () => {
        const roles: Role[] =
          place === 'not a member' ? ['investigator', 'lead_investigator', 'decision_maker', 'case_worker'] : [place]
        const resource = {
          investigationId: 'case-1',
          membership: place === 'not a member' ? [] : [place],
          forceId: 'force-1',
        }
        const decision = authorise(actorWith(roles), action, resource)
        assert.equal(decision.allowed, expected)
        if (!decision.allowed) assert.ok(decision.reason.length > 0)
      })
    }
  }

  it('a place on the team does not help a person whose role can never do it', () => {
    const decision = authorise(actorWith(['case_worker']), 'investigation:contribute', {
      investigationId: 'case-1',
      membership: ['investigator'],
      forceId: 'force-1',
    })
    assert.equal(decision.allowed, false)
  })
})

describe('the appropriate authority', () => {
  const psd: Actor = { userId: 'psd-1', roles: ['appropriate_authority'], organisationId: 'force-1' }
  const resource = (forceId: string, reportSentToAuthority: boolean) => ({
    investigationId: 'case-1',
    membership: [],
    forceId,
    reportSentToAuthority,
  })

  it('sees the report and responds only for its own force, and only once the report is sent', () => {
    for (const action of ['authority:read-report', 'authority:respond'] as const) {
      assert.equal(authorise(psd, action, resource('force-1', true)).allowed, true)
      assert.equal(authorise(psd, action, resource('force-1', false)).allowed, false, 'before the report is sent')
      assert.equal(authorise(psd, action, resource('force-2', true)).allowed, false, 'another force')
    }
  })

  it('never reads the case file or the families’ details, even of its own force', () => {
    for (const action of ['investigation:read', 'investigation:read-case-file', 'family:read'] as const) {
      assert.equal(authorise(psd, action, resource('force-1', true)).allowed, false)
    }
  })

  it('a team member cannot use the authority’s actions', () => {
    const lead: Actor = { userId: 'lead-1', roles: ['lead_investigator'], organisationId: 'force-1' }
    assert.equal(
      authorise(lead, 'authority:respond', { ...resource('force-1', true), membership: ['lead_investigator'] }).allowed,
      false,
    )
  })
})

describe('an officer’s whole record', () => {
  const force = 'force-a'
  const other = 'force-b'
  const actor = (role: Role, organisationId = force): Actor => ({ userId: 'u', roles: [role], organisationId })
  for (const role of ROLES) {
    const staff = ['investigator', 'lead_investigator', 'decision_maker', 'case_worker', 'administrator'].includes(role)
    it(`${role}: ${staff ? 'every officer' : role === 'appropriate_authority' ? 'only its own force’s officers' : 'never'}`, () => {
      assert.equal(
        authoriseOfficerRecord(actor(role), { forceId: force }).allowed,
        staff || role === 'appropriate_authority',
      )
      assert.equal(authoriseOfficerRecord(actor(role), { forceId: other }).allowed, staff)
    })
  }
  it('another force’s officer: the force is told why', () => {
    assert.deepEqual(authoriseOfficerRecord(actor('appropriate_authority'), { forceId: other }), {
      allowed: false,
      reason: 'A force’s professional standards department sees only its own officers’ records.',
    })
  })
})
