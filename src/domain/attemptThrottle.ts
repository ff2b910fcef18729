/**
 * Anti-automation for everything that checks a secret (ADR 0026): signing in (password and the
 * authenticator code), accepting a portal invitation, and API tokens. Each counter — one per client
 * address, one per account, one per known device — counts FAILURES only. A few are free; after that
 * every further failure makes the next attempt wait, doubling from `baseDelayMs` up to `maxDelayMs`.
 * While a counter is waiting, attempts are refused without checking the secret and without counting,
 * so nothing anyone does can push the wait beyond the cap: nobody, owner or attacker, is ever made
 * to wait longer than `maxDelayMs` (the property test in attemptThrottle.test.ts). A counter with no
 * failure for `forgetAfterMs` starts again from nothing.
 *
 * The rule is pure: the state lives in the database (src/data/repositories/attemptThrottles.ts) so
 * that every instance of the service shares it.
 */

export type ThrottleKind = 'address' | 'account' | 'device'

export interface ThrottlePolicy {
  /** Failures allowed before any wait. */
  freeFailures: number
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number
  /** The longest wait there ever is. */
  maxDelayMs: number
  /** A counter with no failure for this long is forgotten. Never shorter than maxDelayMs. */
  forgetAfterMs: number
}

export interface ThrottleState {
  failures: number
  lastFailureAt: Date | null
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterMs: number }

export const NO_FAILURES: ThrottleState = { failures: 0, lastFailureAt: null }

/** The wait after `failures` failures: none while free, then base, 2×base, 4×base … up to the cap. */
export function delayAfter(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.freeFailures) return 0
  const doublings = failures - policy.freeFailures
  // 2^31 would overflow nothing in JavaScript, but there is no point computing past the cap.
  if (doublings >= 40) return policy.maxDelayMs
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** doublings)
}

/** The state as it stands at `now`: a counter quiet for forgetAfterMs starts again. */
export function current(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleState {
  if (state.lastFailureAt === null) return NO_FAILURES
  if (now.getTime() - state.lastFailureAt.getTime() >= Math.max(policy.forgetAfterMs, policy.maxDelayMs)) {
    return NO_FAILURES
  }
  return state
}

/** May an attempt be made now? If not, how long until it may (never more than maxDelayMs). */
export function decide(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleDecision {
  const live = current(state, policy, now)
  if (live.lastFailureAt === null) return { allowed: true }
  const until = live.lastFailureAt.getTime() + delayAfter(live.failures, policy)
  const retryAfterMs = until - now.getTime()
  if (retryAfterMs <= 0) return { allowed: true }
  return { allowed: false, retryAfterMs: Math.min(retryAfterMs, policy.maxDelayMs) }
}

/** The state after an allowed attempt failed at `now`. */
export function afterFailure(state: ThrottleState, policy: ThrottlePolicy, now: Date): ThrottleState {
  const live = current(state, policy, now)
  return { failures: live.failures + 1, lastFailureAt: now }
}

/**
 * An attempt is counted as a failure before the secret is checked, so that a burst of parallel
 * requests cannot all slip through before any failure is recorded; when the secret turns out to be
 * right the attempt is given back. An account's and a device's counters then start again (a right
 * password ends a run of wrong ones); an address's only gets its one failure back, so that signing
 * in to one's own account cannot reset the address's count of guesses at others.
 */
export function afterSuccess(state: ThrottleState, kind: ThrottleKind): ThrottleState {
  if (kind !== 'address') return NO_FAILURES
  return { failures: Math.max(0, state.failures - 1), lastFailureAt: state.lastFailureAt }
}

/** "Try again in 40 seconds" / "Try again in 3 minutes": whole units, rounded up. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1000))
}

export function tooManyAttemptsMessage(retryAfterMs: number): string {
  const seconds = retryAfterSeconds(retryAfterMs)
  if (seconds < 60) return `Too many attempts. Try again in ${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`
  const minutes = Math.ceil(seconds / 60)
  return `Too many attempts. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.`
}

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE

/**
 * The production numbers (ADR 0026, docs/security.md). Per account, and per known device: 5
 * failures free, then waits of 1 s, 2 s, 4 s … up to 15 minutes, forgotten after an hour without
 * failures — at most 17 failures in any hour on an account, then 4 an hour (ASVS 2.2.1 asks for
 * no more than 100).
 * Per client address, stricter over time: 20 failures free (an office shares one address), then
 * 1 s, 2 s … up to an hour, forgotten after a day without failures.
 */
export function throttleSettingsOf(signIn: {
  maxFailures: number
  lockMinutes: number
  addressMaxFailures: number
  addressLockMinutes: number
}): Record<ThrottleKind, ThrottlePolicy> {
  const account: ThrottlePolicy = {
    freeFailures: signIn.maxFailures,
    baseDelayMs: SECOND,
    maxDelayMs: signIn.lockMinutes * MINUTE,
    forgetAfterMs: Math.max(HOUR, signIn.lockMinutes * MINUTE),
  }
  return {
    account,
    device: account,
    address: {
      freeFailures: signIn.addressMaxFailures,
      baseDelayMs: SECOND,
      maxDelayMs: signIn.addressLockMinutes * MINUTE,
      forgetAfterMs: Math.max(24 * HOUR, signIn.addressLockMinutes * MINUTE),
    },
  }
}
