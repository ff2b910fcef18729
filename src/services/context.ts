import type { Actor } from '../domain/policy.js'

/** Who is acting and under which request id, passed to every service call. */
export interface RequestContext {
  actor: Actor | null
  requestId: string | null
  /**
   * Reads shared by the service calls of one request that changes nothing (a page view), so a
   * page built from five service calls about one case loads the case once. Absent for requests
   * that may write, so nothing read before a change is reused after it. It lives and dies with
   * the request: nothing is shared between requests or instances.
   */
  readCache?: Map<string, Promise<unknown>>
}

export const systemContext = (requestId: string | null = null): RequestContext => ({ actor: null, requestId })

/** `load()` once per key within a read-only request; every time otherwise. */
export function readOnce<T>(ctx: RequestContext, key: string, load: () => Promise<T>): Promise<T> {
  const cache = ctx.readCache
  if (!cache) return load()
  const cached = cache.get(key) as Promise<T> | undefined
  if (cached) return cached
  const loading = load()
  cache.set(key, loading)
  // A failed read is not remembered: the next call tries again.
  loading.catch(() => cache.delete(key))
  return loading
}
