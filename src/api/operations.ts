/**
 * Declares an API operation once: defineOperation() registers the Fastify route (with its
 * declared access), validates params, query and body with the operation's zod schemas (any
 * failure → 422 problem+json naming each field, e.g. "body.name" or "query.limit"; bodies are
 * strict — an unknown key is named too — and a PUT's body has no defaults: see strictBody.ts), applies
 * If-Match when the resource is versioned, and adds the operation to the registry from which
 * /api/v1/openapi.json is built.
 *
 *   defineOperation(app, registry, {
 *     method: 'patch', path: '/api/v1/widgets/:id', operationId: 'updateWidget',
 *     summary: 'Change a widget', tags: ['Widgets'], access: 'widgets:manage',
 *     params: z.object({ id: z.uuid() }), body: WidgetChange, concurrency: 'if-match',
 *     responses: { 200: { description: 'The widget as changed', schema: Widget, headers: etagHeader } },
 *     async handler({ params, body, expectedVersion, ctx }, _request, reply) {
 *       const widget = await services.widgets.update(params.id, body, expectedVersion, ctx)
 *       setETag(reply, widget.version)
 *       return toWidgetJson(widget)
 *     },
 *   })
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { z } from 'zod'
import type { Action } from '../domain/policy.js'
import type { RequestContext } from '../services/context.js'
import type { Services } from '../services/index.js'
import { ValidationFailed, type FieldProblem } from '../services/errors.js'
import { publicAccess, requires, requiresAnyOf } from '../web/access.js'
import { contextOf } from '../web/requestContext.js'
import { withIfMatch } from './concurrency.js'
import { strictBody } from './strictBody.js'
import { buildOpenApiDocument, type ApiOperation, type ApiResponse, type OpenApiDocument } from './v1/openapi.js'

/** The operations of one API version, from which its OpenAPI document is built. */
export class ApiRegistry {
  private readonly list: ApiOperation[] = []
  private built: { count: number; document: OpenApiDocument } | undefined

  get operations(): readonly ApiOperation[] {
    return this.list
  }

  add(operation: ApiOperation): void {
    if (this.list.some((o) => o.operationId === operation.operationId)) {
      throw new Error(`Two API operations are called ${operation.operationId}`)
    }
    this.list.push(operation)
  }

  /** The OpenAPI document for every operation added so far (built once, rebuilt if more are added). */
  document(): OpenApiDocument {
    if (this.built?.count !== this.list.length)
      this.built = { count: this.list.length, document: buildOpenApiDocument(this.list) }
    return this.built.document
  }
}

/**
 * One API module: a function that declares its operations on the app and the registry, using the
 * services. Defined here beside defineOperation (not in v1/index.ts, which lists the modules) so
 * that a module and the list of modules do not import each other.
 */
export interface ApiModuleContext {
  app: FastifyInstance
  registry: ApiRegistry
  services: Services
}
export type ApiModule = (api: ApiModuleContext) => void | Promise<void>

type Output<S> = S extends z.ZodType ? z.output<S> : undefined

export interface OperationInput<P, Q, B, C> {
  params: Output<P>
  query: Output<Q>
  body: Output<B>
  /** The version the client's If-Match named (operations declared with concurrency: 'if-match'). */
  expectedVersion: C extends 'if-match' ? number : undefined
  /** Who is acting and the request id, for the service call. */
  ctx: RequestContext
}

export interface OperationSpec<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
  C extends 'if-match' | undefined,
> extends Omit<ApiOperation, 'params' | 'query' | 'body' | 'public' | 'access'> {
  /**
   * The policy action the route requires (checked before the handler), several of which any one
   * suffices (an operation both the team and the appropriate authority use), or 'public'.
   */
  access: Action | readonly [Action, ...Action[]] | 'public'
  params?: P
  query?: Q
  body?: B
  /**
   * 'if-match': the resource is versioned. The request must send If-Match (else 428); the version
   * arrives as input.expectedVersion for the service, and its Conflict becomes 412.
   */
  concurrency?: C
  /** POST only. false: the response must not be stored (it carries a secret), so Idempotency-Key is refused. */
  idempotency?: boolean
  /** The body is a large multipart upload read as a stream by the handler (web/uploads.ts streamedParts). */
  streamedUpload?: { maxFileBytes: number }
  /**
   * Returns the response body (sent with the status set on reply, 200 by default), or the reply
   * itself after sending (e.g. `return reply.code(204).send()`).
   */
  handler(input: OperationInput<P, Q, B, C>, request: FastifyRequest, reply: FastifyReply): Promise<unknown>
}

const problem = (description: string): ApiResponse => ({ description, problem: true })

/** Response headers to document on a single-resource GET or a change of a versioned resource. */
export const etagHeader = { ETag: { description: 'The resource’s version, to send back in If-Match when changing it' } }

function documented(
  spec: OperationSpec<z.ZodObject | undefined, z.ZodObject | undefined, z.ZodType | undefined, 'if-match' | undefined>,
): ApiOperation {
  const responses: Record<number, ApiResponse> = { ...spec.responses }
  const add = (status: number, response: ApiResponse) => {
    responses[status] ??= response
  }
  const idempotent = spec.method === 'post' && spec.idempotency !== false
  if (spec.access !== 'public') {
    add(401, problem('No valid API token or session'))
    add(403, problem('Not allowed: the policy refuses this action, or the token may only read'))
  }
  if (spec.params) add(404, problem('No such resource (or not one you may see)'))
  if (spec.params || spec.query || spec.body || idempotent)
    add(422, problem('The request is not valid; `errors` names each field'))
  if (spec.concurrency === 'if-match') {
    add(412, problem('If-Match does not name the current version: nothing was changed'))
    add(428, problem('If-Match is required'))
  }
  if (idempotent) add(409, problem('A request with this Idempotency-Key is still running'))
  const headers = [...(spec.headers ?? [])]
  if (spec.concurrency === 'if-match') {
    headers.push({ name: 'If-Match', description: 'The ETag from the resource’s latest GET, e.g. "3"', required: true })
  }
  if (idempotent) {
    headers.push({
      name: 'Idempotency-Key',
      description:
        'A unique key (e.g. a UUID) that makes the POST safe to retry for 24 hours: a repeat returns the first response',
      required: false,
    })
  }
  return {
    method: spec.method,
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags,
    ...(spec.access === 'public'
      ? { public: true }
      : { access: typeof spec.access === 'string' ? [spec.access] : [...spec.access] }),
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    ...(headers.length ? { headers } : {}),
    responses,
  }
}

function parseInto(problems: FieldProblem[], where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return undefined
  const result = schema.safeParse(value ?? (where === 'body' ? undefined : {}))
  if (result.success) return result.data
  for (const issue of result.error.issues) {
    const path = [where, ...issue.path.map(String)]
    // zod names the object with the unknown keys; the contract names each key (body.<key>).
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ path: [...path, key].join('.'), message: `“${key}” is not a field of this request` })
    } else problems.push({ path: path.join('.'), message: issue.message })
  }
  return undefined
}

export function defineOperation<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  C extends 'if-match' | undefined = undefined,
>(app: FastifyInstance, registry: ApiRegistry, spec: OperationSpec<P, Q, B, C>): void {
  // The registry holds operations of every shape; TypeScript cannot widen a spec's generic parameters
  // (its handler is contravariant in them), so the one place that forgets them says so here.
  // eslint-disable-next-line no-restricted-syntax -- widening OperationSpec's generics for the registry
  const declared = spec as unknown as OperationSpec<
    z.ZodObject | undefined,
    z.ZodObject | undefined,
    z.ZodType | undefined,
    'if-match' | undefined
  >
  // The body as enforced (and so as documented): strict at every depth; a PUT without defaults.
  const bodySchema = declared.body ? strictBody(declared.body, { replacement: spec.method === 'put' }) : undefined
  const generic = { ...declared, ...(bodySchema ? { body: bodySchema } : {}) }
  registry.add(documented(generic))
  const access =
    spec.access === 'public'
      ? publicAccess
      : typeof spec.access === 'string'
        ? requires(spec.access)
        : requiresAnyOf(...spec.access)
  app.route({
    method: spec.method.toUpperCase() as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: spec.path,
    config: {
      ...access,
      ...(spec.method === 'post' && spec.idempotency === false ? { idempotency: false } : {}),
      ...(spec.streamedUpload ? { streamedUpload: spec.streamedUpload } : {}),
    },
    handler: async (request, reply) => {
      const problems: FieldProblem[] = []
      const params = parseInto(problems, 'params', spec.params, request.params)
      const query = parseInto(problems, 'query', spec.query, request.query)
      const body = parseInto(problems, 'body', bodySchema, request.body)
      if (problems.length) throw new ValidationFailed(problems, 'The request is not valid')
      const input = { params, query, body, ctx: contextOf(request), expectedVersion: undefined } as OperationInput<
        P,
        Q,
        B,
        C
      >
      if (spec.concurrency === 'if-match') {
        return withIfMatch(request, (expectedVersion) =>
          spec.handler({ ...input, expectedVersion } as OperationInput<P, Q, B, C>, request, reply),
        )
      }
      return spec.handler(input, request, reply)
    },
  })
}
