import type { Actor } from '../domain/policy.js'

/** Who is acting and under which request id, passed to every service call. */
export interface RequestContext {
  actor: Actor | null
  requestId: string | null
}

export const systemContext = (requestId: string | null = null): RequestContext => ({ actor: null, requestId })
