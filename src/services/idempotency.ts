/**
 * Idempotency keys for the API's POSTs: a client that sends `Idempotency-Key` may repeat the
 * request (after a timeout, say) and get the first response back instead of a second effect.
 *
 * The key is claimed (INSERT … ON CONFLICT DO NOTHING) before the handler runs, so of two
 * concurrent requests with one key exactly one runs; the response is stored when it is sent.
 * A claim that never got its response (the instance died mid-request) may be taken over after
 * ABANDONED_AFTER_MS. Keys are kept for KEY_LIFETIME_MS; purgeExpired() removes older ones.
 */
import type { Kysely } from 'kysely'
import * as idempotencyKeys from '../data/repositories/idempotencyKeys.js'
import type { Database } from '../data/schema.js'

export const KEY_LIFETIME_MS = 24 * 3_600_000
export const ABANDONED_AFTER_MS = 5 * 60_000

export interface IdempotentRequest {
  userId: string
  key: string
  method: string
  path: string
  requestSha256: string
}

export interface StoredResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export type ClaimOutcome =
  /** This request holds the key: run it, then complete() or release(). */
  | { kind: 'claimed' }
  /** The same request was made before and finished: send its response again. */
  | { kind: 'replay'; response: StoredResponse }
  /** The key was used for a different request (another body, method or path). */
  | { kind: 'mismatch' }
  /** The same request is still running. */
  | { kind: 'in-progress' }

export function idempotencyService(db: Kysely<Database>) {
  return {
    async claim(request: IdempotentRequest, now = new Date()): Promise<ClaimOutcome> {
      const claim = {
        userId: request.userId,
        key: request.key,
        method: request.method,
        path: request.path,
        requestSha256: request.requestSha256,
      }
      if (await idempotencyKeys.claim(db, claim, now)) return { kind: 'claimed' }
      const existing = await idempotencyKeys.find(db, request.userId, request.key)
      if (!existing) {
        // Purged between our insert and read: try once more.
        return (await idempotencyKeys.claim(db, claim, now)) ? { kind: 'claimed' } : { kind: 'in-progress' }
      }
      const expired = now.getTime() - new Date(existing.created_at).getTime() > KEY_LIFETIME_MS
      if (expired) {
        await idempotencyKeys.purgeOlderThan(db, new Date(now.getTime() - KEY_LIFETIME_MS))
        return (await idempotencyKeys.claim(db, claim, now)) ? { kind: 'claimed' } : { kind: 'in-progress' }
      }
      if (
        existing.method !== request.method ||
        existing.path !== request.path ||
        existing.request_sha256 !== request.requestSha256
      ) {
        return { kind: 'mismatch' }
      }
      if (existing.response_status === null) {
        const staleBefore = new Date(now.getTime() - ABANDONED_AFTER_MS)
        return (await idempotencyKeys.reclaimAbandoned(db, claim, staleBefore, now))
          ? { kind: 'claimed' }
          : { kind: 'in-progress' }
      }
      return {
        kind: 'replay',
        response: {
          status: existing.response_status,
          headers: existing.response_headers ?? {},
          body: existing.response_body ?? '',
        },
      }
    },

    async complete(userId: string, key: string, response: StoredResponse): Promise<void> {
      await idempotencyKeys.complete(db, userId, key, response)
    },

    async release(userId: string, key: string): Promise<void> {
      await idempotencyKeys.release(db, userId, key)
    },

    /** For the jobs: removes keys past their lifetime. */
    async purgeExpired(now = new Date()): Promise<number> {
      return idempotencyKeys.purgeOlderThan(db, new Date(now.getTime() - KEY_LIFETIME_MS))
    },
  }
}

export type IdempotencyService = ReturnType<typeof idempotencyService>
