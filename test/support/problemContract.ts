/**
 * The contract of every 422 the API answers (docs/api.md "Errors"), checked on every response
 * the integration and end-to-end suites produce: startTestApp() installs problemContract as an
 * onSend hook, so a 422 whose errors[].path is not `body.x`, `query.x`, `params.x` or `headers.x`
 * is turned into a 500 naming the violation, failing whichever test produced it.
 */
import type { onSendHookHandler } from 'fastify'
import { API_FIELD_PATH, isApiRequest } from '../../src/http/problem.js'

/** What is wrong with a 422 problem body (empty when it keeps the contract). */
export function problemViolations(contentType: string | undefined, payload: unknown): string[] {
  if (!/^application\/problem\+json/.test(contentType ?? '')) return [`content-type is ${contentType}`]
  let body: { status?: unknown; errors?: unknown }
  try {
    body = JSON.parse(String(payload)) as typeof body
  } catch {
    return ['the body is not JSON']
  }
  if (body.status !== 422) return [`status in the body is ${String(body.status)}`]
  if (!Array.isArray(body.errors) || body.errors.length === 0) return ['errors[] is missing or empty']
  const out: string[] = []
  for (const e of body.errors as { path?: unknown; message?: unknown }[]) {
    if (typeof e.path !== 'string' || !API_FIELD_PATH.test(e.path)) out.push(`errors[].path ${JSON.stringify(e.path)}`)
    if (typeof e.message !== 'string' || e.message.trim() === '') out.push(`errors[].message for ${String(e.path)}`)
  }
  return out
}

export const problemContract: onSendHookHandler = async (request, reply, payload) => {
  if (reply.statusCode !== 422 || !isApiRequest(request.url)) return payload
  const violations = problemViolations(String(reply.getHeader('content-type') ?? ''), payload)
  if (!violations.length) return payload
  const detail = `422 contract violated by ${request.method} ${request.url}: ${violations.join('; ')}`
  console.error(detail)
  reply.code(500)
  return JSON.stringify({ type: 'about:blank', title: 'API contract violated', status: 500, detail })
}
