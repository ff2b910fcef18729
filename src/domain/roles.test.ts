import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  OVERSIGHT_STAFF_ROLES,
  ROLES,
  ROLE_LABELS,
  SECOND_FACTOR_REQUIRED_ROLES,
  isRole,
  requiresSecondFactor,
} from './roles.js'

describe('roles (DOMAIN.md "Who may see what")', () => {
  it('names each role as the pages, the CLI and the policy do', () => {
    assert.deepEqual(ROLES, [
      'investigator',
      'lead_investigator',
      'decision_maker',
      'case_worker',
      'appropriate_authority',
      'interested_person',
      'subject',
      'administrator',
    ])
    assert.deepEqual(ROLE_LABELS, {
      investigator: 'Investigator',
      lead_investigator: 'Lead investigator',
      decision_maker: 'Decision maker',
      case_worker: 'Case worker (family liaison)',
      appropriate_authority: 'Appropriate authority (force professional standards)',
      interested_person: 'Interested person or representative',
      subject: 'Subject or subject’s representative',
      administrator: 'Administrator',
    })
    assert.deepEqual(OVERSIGHT_STAFF_ROLES, [
      'investigator',
      'lead_investigator',
      'decision_maker',
      'case_worker',
      'administrator',
    ])
    assert.deepEqual(SECOND_FACTOR_REQUIRED_ROLES, ['administrator'])
  })

  it('recognises its own roles only', () => {
    for (const role of ROLES) assert.equal(isRole(role), true, role)
    for (const other of ['', 'Administrator', 'admin', 'toString', 'investigator '])
      assert.equal(isRole(other), false, other)
  })

  it('asks for a second factor when any role held needs one', () => {
    const table: [(typeof ROLES)[number][], boolean][] = [
      [[], false],
      [['investigator', 'lead_investigator', 'decision_maker', 'case_worker'], false],
      [['appropriate_authority', 'interested_person', 'subject'], false],
      [['administrator'], true],
      [['investigator', 'administrator'], true],
    ]
    for (const [roles, required] of table) assert.equal(requiresSecondFactor(roles), required, roles.join())
  })
})
