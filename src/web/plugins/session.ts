/**
 * Reads the session cookie on each request and resolves it against the database.
 * The cookie is HttpOnly, SameSite=Lax, and Secure (with the __Host- prefix) outside development.
 * A second, long-lived cookie marks a device the person has signed in on (ADR 0026): attempts
 * from it are counted for that device alone, so nobody else's failures can make its owner wait.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthenticationService, Client, CurrentSession } from '../../services/authentication.js'
import { KNOWN_DEVICE_DAYS } from '../../services/attemptThrottle.js'

declare module 'fastify' {
  interface FastifyRequest {
    currentSession: CurrentSession | null
    sessionToken: string | null
    /** Who is attempting a sign-in, for the attempt throttle: the client's address and known-device cookie. */
    signInClient(): Client
  }
  interface FastifyReply {
    startSession(token: string): FastifyReply
    endSession(): FastifyReply
    /** Keeps the known-device cookie a completed sign-in returned (nothing when there is none). */
    rememberDevice(token: string | undefined): FastifyReply
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

export function deviceCookieName(secure: boolean): string {
  return secure ? '__Host-candour-device' : 'candour-device'
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

  const deviceName = deviceCookieName(options.secure)
  app.decorateRequest('currentSession', null)
  app.decorateRequest('sessionToken', null)
  app.decorateRequest('signInClient', function (this: FastifyRequest): Client {
    const device = this.cookies[deviceName]
    return { address: this.ip, deviceToken: device && device.length <= 100 ? device : null }
  })
  app.decorateReply('rememberDevice', function (this: FastifyReply, token: string | undefined) {
    if (!token) return this
    return this.setCookie(deviceName, token, { ...cookieOptions, maxAge: KNOWN_DEVICE_DAYS * 86_400 })
  })
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
