/**
 * Optimistic concurrency over HTTP. A versioned resource's GET sends `ETag: "<version>"`; a
 * PUT, PATCH or DELETE of it must send that value back in `If-Match`. No If-Match is refused
 * with 428 (so a client cannot overwrite blindly); one that does not match the current version
 * is refused with 412, and nothing is written. The version check itself stays in the service,
 * which throws Conflict when the row's version differs: withIfMatch() turns that into the 412.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { Conflict } from '../services/errors.js'
import { ApiProblem, problemTypes } from '../http/problem.js'

export function etagOf(version: number): string {
  return `"${version}"`
}

/** Sets the ETag for the resource's version (on a GET, and on the response to a change). */
export function setETag(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', etagOf(version))
}

/**
 * For a single-resource GET: sets the ETag and, when the client's If-None-Match already names
 * this version, answers 304 Not Modified. Returns true when the 304 was sent (return reply then).
 */
export function notModified(request: FastifyRequest, reply: FastifyReply, version: number): boolean {
  setETag(reply, version)
  const header = request.headers['if-none-match']
  if (typeof header !== 'string') return false
  const tags = header.split(',').map((t) => t.trim().replace(/^W\//, ''))
  if (tags.includes('*') || tags.includes(etagOf(version))) {
    reply.code(304).send()
    return true
  }
  return false
}

export function preconditionFailed(detail: string): ApiProblem {
  return new ApiProblem({ type: problemTypes.preconditionFailed, title: 'Precondition failed', status: 412, detail })
}

/**
 * The version the client's If-Match names. Missing (or `*`, which names no version) → 428;
 * not a strong ETag of a version (a weak one, or several) → 412, as it can match nothing.
 */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match']
  if (header === undefined || header.trim() === '' || header.trim() === '*') {
    throw new ApiProblem({
      type: problemTypes.preconditionRequired,
      title: 'Precondition required',
      status: 428,
      detail:
        'Send the resource’s current ETag in an If-Match header: GET it first, then send If-Match with the ETag value from that response.',
    })
  }
  const match = /^\s*"([1-9]\d{0,9})"\s*$/.exec(header)
  const version = match ? Number(match[1]) : NaN
  if (!Number.isSafeInteger(version)) {
    throw preconditionFailed(
      `If-Match ${header} is not an ETag this resource ever has: send the ETag value exactly as a GET returned it, such as "3".`,
    )
  }
  return version
}

/**
 * Runs a change with the version the client named in If-Match, turning the service's Conflict
 * (the version moved on) into 412 Precondition Failed.
 */
export async function withIfMatch<T>(
  request: FastifyRequest,
  change: (expectedVersion: number) => Promise<T>,
): Promise<T> {
  const expectedVersion = requireIfMatch(request)
  try {
    return await change(expectedVersion)
  } catch (error) {
    if (error instanceof Conflict) {
      throw preconditionFailed(
        `The resource has changed since the version in your If-Match (${etagOf(expectedVersion)}) was read, so nothing was saved. GET it again for its current state and ETag, reapply your change and retry.`,
      )
    }
    throw error
  }
}
