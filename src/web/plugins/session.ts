/**
 * Reads the session cookie on each request and resolves it against the database.
 * The cookie is HttpOnly, SameSite=Lax, and Secure (with the __Host- prefix) outside development.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthenticationService, CurrentSession } from '../../services/authentication.js'

declare module 'fastify' {
  interface FastifyRequest {
    currentSession: CurrentSession | null
    sessionToken: string | null
  }
  interface FastifyReply {
    startSession(token: string): FastifyReply
    endSession(): FastifyReply
  }
}

export interface SessionOptions {
  authentication: AuthenticationService
  secure: boolean
  absoluteHours: number
}

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-candour-session' : 'candour-session'
}

async function sessionPlugin(app: FastifyInstance, options: SessionOptions) {
  const name = sessionCookieName(options.secure)
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: options.secure,
    maxAge: options.absoluteHours * 3600,
  }

  app.decorateRequest('currentSession', null)
  app.decorateRequest('sessionToken', null)
  app.decorateReply('startSession', function (this: FastifyReply, token: string) {
    this.request.sessionToken = token
    return this.setCookie(name, token, cookieOptions)
  })
  app.decorateReply('endSession', function (this: FastifyReply) {
    this.request.sessionToken = null
    this.request.currentSession = null
    return this.clearCookie(name, { path: '/' })
  })

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[name]
    if (!token || token.length > 100) return
    request.sessionToken = token
    request.currentSession = await options.authentication.resolveSession(token)
  })
}

export default fp(sessionPlugin, { name: 'candour-session', dependencies: ['@fastify/cookie'] })
