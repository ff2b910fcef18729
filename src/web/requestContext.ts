import type { FastifyRequest } from 'fastify'
import type { RequestContext } from '../services/context.js'

const READ_ONLY_METHODS = new Set(['GET', 'HEAD'])
const readCaches = new WeakMap<FastifyRequest, Map<string, Promise<unknown>>>()

/**
 * The service-layer context for a request: who is acting, and the request id for the audit trail.
 * GET and HEAD requests change nothing but audit entries, so their service calls share reads
 * (services/context.ts readOnce); the cache goes when the request does.
 */
export function contextOf(request: FastifyRequest): RequestContext {
  const ctx: RequestContext = { actor: request.currentSession?.actor ?? null, requestId: String(request.id) }
  if (READ_ONLY_METHODS.has(request.method)) {
    let cache = readCaches.get(request)
    if (!cache) {
      cache = new Map()
      readCaches.set(request, cache)
    }
    ctx.readCache = cache
  }
  return ctx
}
