/**
 * Anti-automation across instances (ADR 0026): before anything checks a secret (a password, an
 * authenticator code, an invitation, an API token) it reserves an attempt on the counters that apply
 * — the client's address and the account, or only the device when the person signs in on a device
 * they have signed in on before. The reservation counts as a failure at once, so a burst of parallel
 * guesses cannot slip past; a right secret gives it back. While a counter waits, the attempt is
 * refused (429) without checking anything, and the first refusal of each wait is audited.
 */
import type { Kysely } from 'kysely'
import {
  afterFailure,
  afterSuccess,
  decide,
  delayAfter,
  retryAfterSeconds,
  tooManyAttemptsMessage,
  type ThrottleKind,
  type ThrottlePolicy,
} from '../domain/attemptThrottle.js'
import type { Executor } from '../data/database.js'
import * as throttles from '../data/repositories/attemptThrottles.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { ServiceError } from './errors.js'
import { randomToken, sha256Hex } from './security/tokens.js'

export type ThrottleSettings = Record<ThrottleKind, ThrottlePolicy>

/** What is being attempted, for the audit trail. */
export type AttemptFlow = 'sign-in' | 'second-factor' | 'invitation' | 'api-token'

/** Who is attempting: the client's address always; the account (by e-mail) and device when known. */
export interface Attempter {
  address: string
  email?: string | null | undefined
  /** The known-device cookie, if the browser sent one. */
  deviceToken?: string | null | undefined
}

export interface ThrottleKey {
  kind: ThrottleKind
  keyHash: string
}

/** Refused before anything was checked: the caller answers 429 with Retry-After. */
export class TooManyAttempts extends ServiceError {
  readonly retryAfterSeconds: number
  constructor(readonly retryAfterMs: number) {
    super(tooManyAttemptsMessage(retryAfterMs))
    this.retryAfterSeconds = retryAfterSeconds(retryAfterMs)
  }
}

/** A known device stays known for this long after the last sign-in on it. */
export const KNOWN_DEVICE_DAYS = 180

export const addressKey = (address: string): ThrottleKey => ({
  kind: 'address',
  keyHash: sha256Hex(`address:${address}`),
})
export const accountKey = (email: string): ThrottleKey => ({
  kind: 'account',
  keyHash: sha256Hex(`account:${email.trim().toLowerCase()}`),
})
export const deviceKey = (deviceTokenHash: string): ThrottleKey => ({
  kind: 'device',
  keyHash: sha256Hex(`device:${deviceTokenHash}`),
})

export function attemptThrottleService(db: Kysely<Database>, settings: ThrottleSettings) {
  /**
   * The counters for an attempt. On a device the account has signed in on before, only that
   * device's own counter: failures by anyone else, anywhere, cannot keep the owner out.
   */
  async function keysFor(who: Attempter, userId: string | null): Promise<ThrottleKey[]> {
    if (who.deviceToken && userId) {
      const tokenHash = sha256Hex(who.deviceToken)
      const device = await throttles.findKnownDevice(db, tokenHash)
      if (device && device.user_id === userId) return [deviceKey(tokenHash)]
    }
    return [addressKey(who.address), ...(who.email ? [accountKey(who.email)] : [])]
  }

  return {
    keysFor,

    /**
     * Counts the attempt as a failure on every counter, in a transaction of its own that commits
     * before the secret is checked; throws TooManyAttempts (counting nothing) while one must wait.
     */
    async reserve(
      keys: readonly ThrottleKey[],
      flow: AttemptFlow,
      ctx: RequestContext,
      userId: string | null = null,
      now = new Date(),
    ): Promise<void> {
      const refusal = await db.transaction().execute(async (trx) => {
        const rows = await throttles.lockAll(trx, keys)
        let longest: { retryAfterMs: number; kind: ThrottleKind; keyHash: string } | null = null
        for (const key of keys) {
          const row = rows.get(key.keyHash)!
          const decision = decide(
            { failures: row.failures, lastFailureAt: row.last_failure_at },
            settings[key.kind],
            now,
          )
          if (!decision.allowed && (!longest || decision.retryAfterMs > longest.retryAfterMs)) {
            longest = { retryAfterMs: decision.retryAfterMs, kind: key.kind, keyHash: key.keyHash }
          }
        }
        if (longest) {
          // One audit entry per wait, not per refused request: a flood of refusals writes nothing more.
          const row = rows.get(longest.keyHash)!
          if (!row.refusal_audited_at || !row.last_failure_at || row.refusal_audited_at < row.last_failure_at) {
            await throttles.markRefusalAudited(trx, longest.keyHash, now)
            await auditTrail.record(trx, ctx, {
              action: 'attempts.refused',
              entityType: 'user',
              entityId: userId,
              actorUserId: userId,
              detail: {
                flow,
                limitedBy: longest.kind,
                failures: row.failures,
                retryAfterSeconds: retryAfterSeconds(longest.retryAfterMs),
              },
            })
          }
          return longest.retryAfterMs
        }
        for (const key of keys) {
          const row = rows.get(key.keyHash)!
          const next = afterFailure(
            { failures: row.failures, lastFailureAt: row.last_failure_at },
            settings[key.kind],
            now,
          )
          await throttles.save(trx, key.keyHash, next)
        }
        return null
      })
      if (refusal !== null) throw new TooManyAttempts(refusal)
    },

    /** The secret was right: gives the reserved attempt back (an account's or device's count restarts). */
    async giveBack(executor: Executor, keys: readonly ThrottleKey[]): Promise<void> {
      const rows = await throttles.lockAll(executor, keys)
      for (const key of keys) {
        const row = rows.get(key.keyHash)!
        await throttles.save(
          executor,
          key.keyHash,
          afterSuccess({ failures: row.failures, lastFailureAt: row.last_failure_at }, key.kind),
        )
      }
    },

    /** Remembers the device a person has just signed in on; returns the cookie value to keep it by. */
    async rememberDevice(
      executor: Executor,
      userId: string,
      presented: string | null | undefined,
      now = new Date(),
    ): Promise<string> {
      if (presented) {
        const known = await throttles.findKnownDevice(executor, sha256Hex(presented))
        if (known && known.user_id === userId) {
          await throttles.rememberDevice(executor, sha256Hex(presented), userId, now)
          return presented
        }
      }
      const token = randomToken()
      await throttles.rememberDevice(executor, sha256Hex(token), userId, now)
      return token
    },

    /** The sweep: counters quiet for longer than any of them remembers, and devices long unused. */
    async purgeExpired(now = new Date()): Promise<{ attemptCounters: number; knownDevices: number }> {
      const longest = Math.max(
        ...Object.values(settings).map((p) => Math.max(p.forgetAfterMs, p.maxDelayMs, delayAfter(0, p))),
      )
      return {
        attemptCounters: await throttles.removeQuietSince(db, new Date(now.getTime() - longest)),
        knownDevices: await throttles.removeDevicesUnusedSince(
          db,
          new Date(now.getTime() - KNOWN_DEVICE_DAYS * 86_400_000),
        ),
      }
    },
  }
}

export type AttemptThrottleService = ReturnType<typeof attemptThrottleService>
