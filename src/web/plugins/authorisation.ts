/**
 * Enforces each route's declared access before its handler runs, and refuses at start-up to
 * register a route that declares none. Role-level checks happen here; checks that depend on the
 * case (membership, force) happen in the services, through the same policy.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { authorise } from '../../domain/policy.js'
import type { Services } from '../../services/index.js'
import type { RouteAccess } from '../access.js'
import { paths } from '../paths.js'

export class AccessDenied extends Error {
  constructor(readonly reason: string) {
    super(reason)
  }
}
export class NotSignedIn extends Error {}

/** Routes registered by third-party plugins (static files) that cannot carry a config of their own. */
export const PUBLIC_PREFIXES = ['/assets/', '/moj/', '/public/'] as const

export function accessOf(routeConfig: { access?: RouteAccess } | undefined, url: string): RouteAccess | undefined {
  if (routeConfig?.access) return routeConfig.access
  if (PUBLIC_PREFIXES.some((p) => url.startsWith(p))) return { kind: 'public' }
  return undefined
}

async function authorisationPlugin(app: FastifyInstance, options: { services: Services }) {
  app.addHook('onRoute', (route) => {
    const access = accessOf(route.config as { access?: RouteAccess } | undefined, route.url)
    if (!access) {
      throw new Error(`Route ${String(route.method)} ${route.url} declares no access; add config.access`)
    }
  })

  app.addHook('preHandler', async (request: FastifyRequest, _reply: FastifyReply) => {
    // The not-found handler is no route of ours: it reveals nothing and must answer anyone.
    if (request.is404) return
    const access = accessOf(
      request.routeOptions.config as { access?: RouteAccess },
      request.routeOptions.url ?? request.url,
    )
    if (!access) throw new AccessDenied('This address is not available.')
    if (access.kind === 'public') return
    const session = request.currentSession
    if (access.kind === 'signing-in') {
      if (!session || session.stage !== access.stage) throw new NotSignedIn()
      return
    }
    if (!session) throw new NotSignedIn()
    if (session.stage !== 'authenticated') throw new NotSignedIn()
    const actions = access.kind === 'action' ? [access.action] : access.actions
    const decisions = actions.map((action) => authorise(session.actor, action))
    const decision = decisions.find((d) => d.allowed) ?? decisions[0]!
    if (!decision.allowed) {
      await options.services.accessAudit.recordDenial(
        { actor: session.actor, requestId: String(request.id) },
        {
          method: request.method,
          route: request.routeOptions.url ?? request.url,
          action: actions.join(' | '),
          reason: decision.reason,
        },
      )
      throw new AccessDenied(decision.reason)
    }
  })
}

export default fp(authorisationPlugin, { name: 'candour-authorisation' })

/** Where a half-signed-in user should go next. */
export function signInStepPath(request: FastifyRequest): string {
  const stage = request.currentSession?.stage
  if (stage === 'second_factor_required') return paths.signInTwoFactor()
  if (stage === 'second_factor_setup_required') return paths.signInSetUpTwoFactor()
  return paths.signIn()
}
