/**
 * Confirm every change (ADR 0022). Each form route (a POST that answers with a page) declares in
 * its `config.confirms` what it confirms ("The chronology event has been added"), or why it
 * confirms nothing (`{ none: reason }`: signing in, signing out). When the route answers 303 See
 * Other after a change, the message is kept in the person's session row, and the next page they
 * are shown carries it once as a GOV.UK success notification banner (layout.njk), then it is gone.
 * A handler that knows more (which action, which subject) says so with reply.confirm(message).
 *
 * The message lives in the database, not in this instance's memory: several instances serve one
 * database, and the page after the redirect may come from another.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { AuthenticationService } from '../../services/authentication.js'
import { isApiRequest } from '../../http/problem.js'

/** A form route's confirmation, or the reason it has none. */
export type Confirms = string | { none: string }

declare module 'fastify' {
  interface FastifyContextConfig {
    confirms?: Confirms
  }
  interface FastifyReply {
    /** This change's own confirmation, in place of the route's; null when this answer changed nothing. */
    confirm(message: string | null): FastifyReply
    confirmation: string | null | undefined
  }
  interface FastifyRequest {
    /** The confirmation this request's page showed, to forget once the page is sent. */
    confirmationShown: string | null
  }
}

/** The routes whose confirmation the class test checks: every POST that a person's browser makes. */
export function isFormRoute(method: string, url: string): boolean {
  return method === 'POST' && !isApiRequest(url)
}

function messageFor(request: FastifyRequest, reply: FastifyReply): string | null {
  if (reply.confirmation !== undefined) return reply.confirmation
  const declared = (request.routeOptions.config as { confirms?: Confirms } | undefined)?.confirms
  return typeof declared === 'string' ? declared : null
}

async function confirmationPlugin(app: FastifyInstance, options: { authentication: AuthenticationService }) {
  app.decorateReply('confirmation', undefined)
  app.decorateReply('confirm', function (this: FastifyReply, message: string | null) {
    this.confirmation = message
    return this
  })
  app.decorateRequest('confirmationShown', null)

  app.addHook('onSend', async (request, reply, payload) => {
    const token = request.sessionToken
    if (!token || request.currentSession?.stage !== 'authenticated') return payload
    if (reply.statusCode === 303 && isFormRoute(request.method, request.url)) {
      const message = messageFor(request, reply)
      if (message) await options.authentication.confirmOnNextPage(token, message)
    } else if (request.confirmationShown) {
      await options.authentication.confirmationShown(token, request.confirmationShown)
    }
    return payload
  })
}

export default fp(confirmationPlugin, { name: 'candour-confirmation', dependencies: ['candour-session'] })
