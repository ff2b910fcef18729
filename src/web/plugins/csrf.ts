/**
 * CSRF protection for every form. Each browser gets a random secret in an HttpOnly cookie;
 * forms carry an HMAC of it keyed with the session secret. A cross-site page can neither read
 * the cookie nor compute the HMAC, so it cannot forge the field. The secret rotates at sign-in.
 * API requests authenticated by a bearer token carry no cookie and are exempt; an API request
 * relying on the session cookie must send the token in the X-CSRF-Token header.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isApiRequest } from '../../http/problem.js'
import { hmac, randomToken, safeEqual } from '../../services/security/tokens.js'

declare module 'fastify' {
  interface FastifyRequest {
    csrfToken(reply: FastifyReply): string
  }
  interface FastifyReply {
    rotateCsrfSecret(): void
  }
}

export class CsrfRejected extends Error {}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

async function csrfPlugin(app: FastifyInstance, options: { secret: string; secure: boolean }) {
  const name = options.secure ? '__Host-candour-csrf' : 'candour-csrf'
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: options.secure }

  function secretFor(request: FastifyRequest, reply: FastifyReply): string {
    const existing = (request as FastifyRequest & { csrfSecret?: string }).csrfSecret ?? request.cookies[name]
    if (existing && existing.length <= 100) return existing
    const fresh = randomToken()
    ;(request as FastifyRequest & { csrfSecret?: string }).csrfSecret = fresh
    reply.setCookie(name, fresh, cookieOptions)
    return fresh
  }

  app.decorateRequest('csrfToken', function (this: FastifyRequest, reply: FastifyReply) {
    return hmac(options.secret, secretFor(this, reply))
  })
  app.decorateReply('rotateCsrfSecret', function (this: FastifyReply) {
    const fresh = randomToken()
    ;(this.request as FastifyRequest & { csrfSecret?: string }).csrfSecret = fresh
    this.setCookie(name, fresh, cookieOptions)
  })

  // preHandler runs after body parsing, so the form field is available.
  app.addHook('preHandler', async (request) => {
    if (!UNSAFE.has(request.method)) return
    // Only the API accepts bearer tokens (the bearer plugin has checked it by now).
    if (isApiRequest(request.url) && request.apiToken) return
    const cookieSecret = request.cookies[name]
    const body = request.body as Record<string, unknown> | undefined
    const query = request.query as Record<string, unknown> | undefined
    const sent =
      (typeof body?._csrf === 'string' && body._csrf) ||
      (typeof request.headers['x-csrf-token'] === 'string' && request.headers['x-csrf-token']) ||
      (typeof query?._csrf === 'string' && query._csrf) ||
      ''
    if (!cookieSecret || !sent || !safeEqual(sent, hmac(options.secret, cookieSecret))) {
      throw new CsrfRejected('The form could not be accepted because it was out of date or did not come from Candour.')
    }
  })
}

export default fp(csrfPlugin, { name: 'candour-csrf', dependencies: ['@fastify/cookie'] })
