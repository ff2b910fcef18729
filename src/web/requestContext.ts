import type { FastifyRequest } from 'fastify'
import type { RequestContext } from '../services/context.js'

/** The service-layer context for a request: who is acting, and the request id for the audit trail. */
export function contextOf(request: FastifyRequest): RequestContext {
  return { actor: request.currentSession?.actor ?? null, requestId: String(request.id) }
}
