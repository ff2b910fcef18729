/**
 * RFC 9457 problem details: the one shape every API error takes, and recognising an API request.
 * It lives in src/http/, below both web/ and api/, because the one errors plugin (web/) answers an
 * API request's failure as problem+json and the CSRF check (web/) leaves API requests to their
 * bearer tokens: the pages need to know these things without importing the API.
 */
import type { FastifyReply } from 'fastify'
import type { FieldProblem } from '../services/errors.js'

export interface ProblemDetails {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  requestId?: string
  errors?: FieldProblem[]
  [extension: string]: unknown
}

const TYPE_BASE = 'https://candour.invalid/problems/'

export const problemTypes = {
  validation: `${TYPE_BASE}validation`,
  notFound: `${TYPE_BASE}not-found`,
  unauthenticated: `${TYPE_BASE}unauthenticated`,
  forbidden: `${TYPE_BASE}forbidden`,
  conflict: `${TYPE_BASE}conflict`,
  preconditionFailed: `${TYPE_BASE}precondition-failed`,
  preconditionRequired: `${TYPE_BASE}precondition-required`,
  insufficientScope: `${TYPE_BASE}insufficient-scope`,
  idempotencyKeyReused: `${TYPE_BASE}idempotency-key-reused`,
  idempotencyKeyInProgress: `${TYPE_BASE}idempotency-key-in-progress`,
  invalidTransition: `${TYPE_BASE}invalid-transition`,
  unsupportedMediaType: `${TYPE_BASE}unsupported-media-type`,
  payloadTooLarge: `${TYPE_BASE}payload-too-large`,
  malformed: `${TYPE_BASE}malformed-request`,
  unstorable: `${TYPE_BASE}unstorable-value`,
  tooManyAttempts: `${TYPE_BASE}too-many-attempts`,
  server: `${TYPE_BASE}server-error`,
} as const

export type ProblemInput = Pick<ProblemDetails, 'type' | 'title' | 'status' | 'detail' | 'errors'>

/**
 * An HTTP-level refusal that belongs to the API's protocol rather than to a service (a missing
 * If-Match, a reused Idempotency-Key, a token without the write scope). The errors plugin sends
 * it as problem+json with its headers.
 */
export class ApiProblem extends Error {
  constructor(
    readonly problem: ProblemInput & { detail: string },
    readonly headers: Record<string, string> = {},
  ) {
    super(problem.detail)
  }
}

export function sendProblem(reply: FastifyReply, problem: ProblemInput): FastifyReply {
  const body: ProblemDetails = { ...problem, instance: reply.request.url, requestId: String(reply.request.id) }
  return reply.code(problem.status).type('application/problem+json').send(body)
}

export function isApiRequest(url: string): boolean {
  return url === '/api' || url.startsWith('/api/')
}

/** Where a field problem can be in an API request. */
export const FIELD_LOCATIONS = ['body', 'query', 'params', 'headers'] as const

/** errors[].path as docs/api.md promises it: `body.x`, `query.x`, `params.x` or `headers.x`. */
export const API_FIELD_PATH = /^(body|query|params|headers)(\.[^.\s]+)*$/

/**
 * A service names the fields of its input ("text", "findings.0.subjectId"); in the API that
 * input is the request body, so its problems are reported as "body.text". Paths that already
 * say where they are (the operation's own validation: params, query, headers) are left alone.
 */
export function apiFieldPath(path: string): string {
  const first = path.split('.')[0]
  if ((FIELD_LOCATIONS as readonly string[]).includes(first ?? '')) return path
  return path === '' ? 'body' : `body.${path}`
}
