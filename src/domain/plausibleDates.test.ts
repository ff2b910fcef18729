import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { futureDateProblem, hasHappenedBy } from './plausibleDates.js'

describe('plausible dates', () => {
  it('a date that has happened is today or earlier, never later', () => {
    assert.equal(hasHappenedBy('2026-11-29', '2026-11-30'), true)
    assert.equal(hasHappenedBy('2026-11-30', '2026-11-30'), true)
    assert.equal(hasHappenedBy('2026-12-01', '2026-11-30'), false)
    assert.equal(hasHappenedBy('2030-01-01', '2026-11-30'), false)
  })
})

describe('futureDateProblem', () => {
  it('names the date when it is after today, and accepts today and the past', () => {
    assert.equal(
      futureDateProblem('The date of the response', '2026-03-03', '2026-03-02'),
      'The date of the response must be today or in the past',
    )
    assert.equal(futureDateProblem('The date of the response', '2026-03-02', '2026-03-02'), null)
    assert.equal(futureDateProblem('The date of the response', '2025-12-31', '2026-03-02'), null)
  })
})

describe('plausible dates against today’s London date', () => {
  it('takes today from the London calendar when none is given', () => {
    // Written far from any "today" so the answer cannot depend on when the test runs.
    assert.equal(hasHappenedBy('2000-01-01'), true)
    assert.equal(hasHappenedBy('2999-01-01'), false)
    assert.equal(futureDateProblem('The date it was held', '2000-01-01'), null)
    assert.equal(
      futureDateProblem('The date it was held', '2999-01-01'),
      'The date it was held must be today or in the past',
    )
  })
})
