/**
 * Personal API tokens on the API: a request under /api/ with `Authorization: Bearer <token>` is
 * authenticated as the token's holder, whatever cookie it also carries. An unknown, revoked or
 * expired token (or one whose holder is disabled) is refused with 401; a read-only token is
 * refused with 403 on anything but GET, HEAD and OPTIONS. The route's declared access is then
 * checked as for anyone signed in (the authorisation plugin). Bearer requests need no CSRF token:
 * a browser never adds the header on its own.
 *
 * A refused token counts as a failure against the client's address (ADR 0026); while the address
 * must wait, the answer is 429 with Retry-After instead of 401. Tokens are too long to guess, so a
 * valid token is never held up by this: counting failures only costs nothing on the normal path.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { ApiTokenScope, ApiTokenService } from '../../services/apiTokens.js'
import { addressKey, type AttemptThrottleService } from '../../services/attemptThrottle.js'
import { ApiProblem, isApiRequest, problemTypes } from '../../http/problem.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The API token the request was authenticated with; null for cookie sessions. */
    apiToken: { id: string; scopes: ApiTokenScope[] } | null
  }
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

function invalidToken(detail: string): ApiProblem {
  return new ApiProblem(
    { type: problemTypes.unauthenticated, title: 'Unauthenticated', status: 401, detail },
    { 'www-authenticate': 'Bearer realm="Candour", error="invalid_token"' },
  )
}

/** The token from the Authorization header; undefined when there is none, null when it is not a bearer token. */
export function bearerTokenOf(request: FastifyRequest): string | null | undefined {
  const header = request.headers.authorization
  if (header === undefined) return undefined
  const match = /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(header)
  return match ? match[1]! : null
}

async function bearerAuthPlugin(
  app: FastifyInstance,
  options: { apiTokens: Pick<ApiTokenService, 'authenticate'>; throttle: Pick<AttemptThrottleService, 'reserve'> },
) {
  if (!app.hasRequestDecorator('currentSession')) app.decorateRequest('currentSession', null)
  app.decorateRequest('apiToken', null)

  app.addHook('onRequest', async (request) => {
    if (!isApiRequest(request.url)) return
    const token = bearerTokenOf(request)
    if (token === undefined) return
    if (token === null) throw invalidToken('Send a personal API token as "Authorization: Bearer <token>".')
    const resolved = await options.apiTokens.authenticate(token)
    if (!resolved) {
      // Throws TooManyAttempts (429) while the address must wait; otherwise the failure is counted.
      await options.throttle.reserve([addressKey(request.ip)], 'api-token', {
        actor: null,
        requestId: String(request.id),
      })
      throw invalidToken('The API token is not valid: it may have been revoked or have expired.')
    }
    request.currentSession = resolved.session
    // The token, not a cookie that came along, decides who this is.
    if (request.sessionToken) request.sessionToken = null
    request.apiToken = resolved.token
    if (!READ_METHODS.has(request.method) && !resolved.token.scopes.includes('write')) {
      throw new ApiProblem(
        {
          type: problemTypes.insufficientScope,
          title: 'Insufficient scope',
          status: 403,
          detail: 'This API token may only read. Create a token with the write scope to make changes.',
        },
        { 'www-authenticate': 'Bearer realm="Candour", error="insufficient_scope", scope="write"' },
      )
    }
  })
}

export default fp(bearerAuthPlugin, { name: 'candour-bearer-auth' })
