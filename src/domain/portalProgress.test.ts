import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INVESTIGATION_STATUSES } from './investigationLifecycle.js'
import { PORTAL_STEPS, portalProgressOf } from './portalProgress.js'

test('every status has plain-English progress with next steps', () => {
  for (const status of INVESTIGATION_STATUSES) {
    const p = portalProgressOf(status)
    assert.ok(p.stage.length > 0 && p.explanation.length > 0, status)
    assert.ok(p.nextSteps.length > 0, status)
    assert.ok(p.step === null || (p.step >= 1 && p.step <= PORTAL_STEPS), status)
  }
})

test('an unknown status still gives something safe to show', () => {
  assert.equal(portalProgressOf('something-new').stage, 'In progress')
})
