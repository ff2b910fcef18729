/**
 * `Idempotency-Key` on the API's POSTs (see services/idempotency.ts for the storage rules).
 *
 * For an authenticated POST under /api/ carrying the header, after access and CSRF checks pass:
 * - first use: the key is claimed, the handler runs, and its response (status, a few headers,
 *   body) is stored as it is sent; a 5xx gives the key back so the client can retry;
 * - repeat with the same method, path and body: the stored response is sent again with
 *   `Idempotent-Replayed: true`, and the handler does not run;
 * - the same key with a different request: 422; while the first is still running: 409.
 * A route that must not store its response (one that returns a secret) sets
 * `config.idempotency: false`, and a key sent to it is refused rather than silently ignored.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { IdempotencyService } from '../../services/idempotency.js'
import { sha256Hex } from '../../services/security/tokens.js'
import { ValidationFailed } from '../../services/errors.js'
import { ApiProblem, isApiRequest, problemTypes } from '../../http/problem.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: this POST does not accept an Idempotency-Key (its response must not be stored). */
    idempotency?: boolean
  }
}

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key'
export const REPLAYED_HEADER = 'idempotent-replayed'
/** Response headers stored and replayed with the body. */
const STORED_HEADERS = ['content-type', 'location', 'etag', 'last-modified'] as const
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/

interface Held {
  userId: string
  key: string
}
const held = new WeakMap<FastifyRequest, Held>()

/** JSON with object keys sorted, so that the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value ?? null)
}

function keyProblem(message: string): ValidationFailed {
  return new ValidationFailed(
    [{ path: `headers.${IDEMPOTENCY_KEY_HEADER}`, message }],
    'The Idempotency-Key header is not valid',
  )
}

async function idempotencyPlugin(app: FastifyInstance, options: { idempotency: IdempotencyService }) {
  const store = options.idempotency

  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.is404 || !isApiRequest(request.url)) return
    const header = request.headers[IDEMPOTENCY_KEY_HEADER]
    if (header === undefined) return
    if (request.routeOptions.config.idempotency === false)
      throw keyProblem('This operation does not accept an Idempotency-Key')
    if (typeof header !== 'string' || !KEY_PATTERN.test(header)) {
      throw keyProblem('Send one Idempotency-Key of 1 to 200 printable characters, such as a UUID')
    }
    const session = request.currentSession
    if (!session || session.stage !== 'authenticated') return
    const claim = {
      userId: session.user.id,
      key: header,
      method: request.method,
      path: request.url,
      requestSha256: sha256Hex(canonicalJson(request.body ?? null)),
    }
    const outcome = await store.claim(claim)
    switch (outcome.kind) {
      case 'claimed':
        held.set(request, { userId: claim.userId, key: claim.key })
        return
      case 'replay':
        return reply
          .code(outcome.response.status)
          .headers(outcome.response.headers)
          .header(REPLAYED_HEADER, 'true')
          .send(outcome.response.body)
      case 'mismatch':
        throw new ApiProblem({
          type: problemTypes.idempotencyKeyReused,
          title: 'Idempotency-Key reused',
          status: 422,
          detail:
            'This Idempotency-Key was already used for a different request. Use a new key for each distinct request.',
        })
      case 'in-progress':
        throw new ApiProblem(
          {
            type: problemTypes.idempotencyKeyInProgress,
            title: 'Request in progress',
            status: 409,
            detail:
              'A request with this Idempotency-Key is still being processed. Retry shortly to receive its response.',
          },
          { 'retry-after': '1' },
        )
    }
  })

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = held.get(request)
    if (!claim) return payload
    held.delete(request)
    try {
      if (
        reply.statusCode >= 500 ||
        !(typeof payload === 'string' || Buffer.isBuffer(payload) || payload === null || payload === undefined)
      ) {
        await store.release(claim.userId, claim.key)
        return payload
      }
      const headers: Record<string, string> = {}
      for (const name of STORED_HEADERS) {
        const value = reply.getHeader(name)
        if (value !== undefined) headers[name] = String(value)
      }
      const body =
        payload === null || payload === undefined ? '' : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload
      await store.complete(claim.userId, claim.key, { status: reply.statusCode, headers, body })
    } catch (error) {
      // The response still goes out; the key stays claimed until it counts as abandoned.
      request.log.error({ err: error, requestId: request.id }, 'could not store the idempotent response')
    }
    return payload
  })
}

export default fp(idempotencyPlugin, { name: 'candour-idempotency' })
