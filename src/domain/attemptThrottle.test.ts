import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  afterFailure,
  afterSuccess,
  decide,
  delayAfter,
  NO_FAILURES,
  throttleSettingsOf,
  tooManyAttemptsMessage,
  type ThrottlePolicy,
  type ThrottleState,
} from './attemptThrottle.js'

/** The production numbers: the defaults of SIGN_IN_* in src/config.ts. */
const PRODUCTION = throttleSettingsOf({
  maxFailures: 5,
  lockMinutes: 15,
  addressMaxFailures: 20,
  addressLockMinutes: 60,
})
const SECOND = 1000
const MINUTE = 60 * SECOND
const at = (ms: number) => new Date(Date.UTC(2026, 10, 30, 12) + ms)

describe('the attempt throttle (ADR 0026)', () => {
  it('waits per account: 5 free, then 1 s, 2 s, 4 s … and never more than 15 minutes', () => {
    const table: [number, number][] = [
      [0, 0],
      [4, 0],
      [5, 1 * SECOND],
      [6, 2 * SECOND],
      [7, 4 * SECOND],
      [14, 512 * SECOND],
      [15, 15 * MINUTE],
      [1000, 15 * MINUTE],
      [Number.MAX_SAFE_INTEGER, 15 * MINUTE],
    ]
    for (const [failures, delay] of table) assert.equal(delayAfter(failures, PRODUCTION.account), delay, `${failures}`)
    assert.deepEqual(PRODUCTION.device, PRODUCTION.account, 'a known device is counted as an account is')
  })

  it('waits per address: 20 free, then 1 s, 2 s … and never more than an hour', () => {
    const table: [number, number][] = [
      [19, 0],
      [20, 1 * SECOND],
      [21, 2 * SECOND],
      [31, 2048 * SECOND],
      [32, 60 * MINUTE],
      [500, 60 * MINUTE],
    ]
    for (const [failures, delay] of table) assert.equal(delayAfter(failures, PRODUCTION.address), delay, `${failures}`)
  })

  it('refuses while waiting, says for how long, and allows again when the wait is over', () => {
    let state: ThrottleState = NO_FAILURES
    for (let i = 0; i < 5; i++) {
      assert.deepEqual(decide(state, PRODUCTION.account, at(0)), { allowed: true })
      state = afterFailure(state, PRODUCTION.account, at(0))
    }
    assert.deepEqual(decide(state, PRODUCTION.account, at(400)), { allowed: false, retryAfterMs: 600 })
    assert.deepEqual(decide(state, PRODUCTION.account, at(SECOND)), { allowed: true })
    state = afterFailure(state, PRODUCTION.account, at(SECOND))
    assert.deepEqual(decide(state, PRODUCTION.account, at(SECOND)), { allowed: false, retryAfterMs: 2 * SECOND })
  })

  it('forgets a counter after a quiet spell, and a success gives the attempt back', () => {
    const state: ThrottleState = { failures: 12, lastFailureAt: at(0) }
    assert.deepEqual(afterFailure(state, PRODUCTION.account, at(61 * MINUTE)), {
      failures: 1,
      lastFailureAt: at(61 * MINUTE),
    })
    assert.deepEqual(afterFailure(state, PRODUCTION.address, at(61 * MINUTE)).failures, 13, 'an address is kept a day')
    assert.deepEqual(afterSuccess(state, 'account'), NO_FAILURES)
    assert.deepEqual(afterSuccess(state, 'device'), NO_FAILURES)
    assert.deepEqual(afterSuccess(state, 'address'), { failures: 11, lastFailureAt: at(0) })
    assert.deepEqual(afterSuccess(NO_FAILURES, 'address'), NO_FAILURES)
  })

  it('words the wait in whole seconds or minutes, rounded up', () => {
    assert.equal(tooManyAttemptsMessage(1), 'Too many attempts. Try again in 1 second.')
    assert.equal(tooManyAttemptsMessage(40_000), 'Too many attempts. Try again in 40 seconds.')
    assert.equal(tooManyAttemptsMessage(60_000), 'Too many attempts. Try again in 1 minute.')
    assert.equal(tooManyAttemptsMessage(14 * MINUTE + 1), 'Too many attempts. Try again in 15 minutes.')
  })

  /** Attempts at the given offsets (ms, ascending): each one refused, or allowed and failed. */
  function replay(policy: ThrottlePolicy, offsets: number[]) {
    let state: ThrottleState = NO_FAILURES
    const outcomes: { at: number; allowed: boolean; retryAfterMs: number }[] = []
    for (const offset of offsets) {
      const decision = decide(state, policy, at(offset))
      if (decision.allowed) state = afterFailure(state, policy, at(offset))
      outcomes.push({
        at: offset,
        allowed: decision.allowed,
        retryAfterMs: decision.allowed ? 0 : decision.retryAfterMs,
      })
    }
    return { outcomes, state }
  }

  const attempts = fc
    .array(fc.integer({ min: 0, max: 6 * 60 * MINUTE }), { minLength: 1, maxLength: 400 })
    .map((xs) => xs.sort((a, b) => a - b))
  const policies = fc.constantFrom(PRODUCTION.account, PRODUCTION.address)

  it('property: whatever anyone does, nobody is told to wait longer than the cap, and waiting that long is enough', () => {
    fc.assert(
      fc.property(policies, attempts, fc.integer({ min: 0, max: 2 * 60 * MINUTE }), (policy, offsets, later) => {
        const { outcomes, state } = replay(policy, offsets)
        for (const o of outcomes) assert.ok(o.retryAfterMs <= policy.maxDelayMs, `told to wait ${o.retryAfterMs} ms`)
        // The owner, arriving at any moment after the last attempt, never waits longer than the cap.
        const last = offsets[offsets.length - 1]!
        const arrival = at(last + later)
        const decision = decide(state, policy, arrival)
        if (!decision.allowed) {
          assert.ok(decision.retryAfterMs <= policy.maxDelayMs)
          assert.deepEqual(decide(state, policy, new Date(arrival.getTime() + decision.retryAfterMs)), {
            allowed: true,
          })
        }
      }),
      { numRuns: 300 },
    )
  })

  it('property: no more than 100 failures an hour on one account (ASVS 2.2.1), however fast they come', () => {
    // The most an attacker can do is to try again the moment each wait ends.
    let state: ThrottleState = NO_FAILURES
    let now = 0
    const failures: number[] = []
    while (now < 3 * 60 * MINUTE) {
      const decision = decide(state, PRODUCTION.account, at(now))
      if (decision.allowed) {
        state = afterFailure(state, PRODUCTION.account, at(now))
        failures.push(now)
      } else now += decision.retryAfterMs
    }
    const perHour = failures.map((start) => failures.filter((t) => t >= start && t < start + 60 * MINUTE).length)
    assert.ok(Math.max(...perHour) <= 100)
    // And the figures docs/security.md quotes: 17 in the worst hour, then 4 an hour.
    assert.equal(Math.max(...perHour), 17)
    assert.equal(failures.filter((t) => t >= 2 * 60 * MINUTE && t < 3 * 60 * MINUTE).length, 4)
  })

  it('property: refused attempts never count, so they never lengthen the wait', () => {
    fc.assert(
      fc.property(policies, attempts, (policy, offsets) => {
        const { outcomes, state } = replay(policy, offsets)
        assert.equal(
          state.failures,
          // Counters may have been forgotten on the way; never more failures than allowed attempts.
          Math.min(state.failures, outcomes.filter((o) => o.allowed).length),
        )
      }),
      { numRuns: 200 },
    )
  })
})
