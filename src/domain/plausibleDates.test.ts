import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { hasHappenedBy } from './plausibleDates.js'

describe('plausible dates', () => {
  it('a date that has happened is today or earlier, never later', () => {
    assert.equal(hasHappenedBy('2026-11-29', '2026-11-30'), true)
    assert.equal(hasHappenedBy('2026-11-30', '2026-11-30'), true)
    assert.equal(hasHappenedBy('2026-12-01', '2026-11-30'), false)
    assert.equal(hasHappenedBy('2030-01-01', '2026-11-30'), false)
  })
})
