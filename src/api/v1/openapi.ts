/**
 * Builds the OpenAPI 3.1 document from the same zod schemas that validate requests, so the
 * document cannot drift from what the API accepts. Schemas given an id with `.meta({ id })`
 * become named components (also when nested inside another schema); request schemas are
 * described as the client sends them (zod's input), responses as the server sends them (output).
 */
import { z } from 'zod'

export interface ApiResponse {
  description: string
  /** The JSON body; omit for an empty response (204). */
  schema?: z.ZodType
  /** Response headers worth documenting, e.g. ETag or Location. */
  headers?: Record<string, { description: string }>
  /** The body is a problem+json document (error responses). */
  problem?: boolean
}

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  operationId: string
  summary: string
  description?: string
  tags: string[]
  /** Reachable without authentication. */
  public?: boolean
  /** The policy actions (src/domain/policy.ts) of which the caller needs one; documented as x-candour-access. */
  access?: string[]
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  headers?: { name: string; description: string; required?: boolean }[]
  responses: Record<number, ApiResponse>
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' })

type Io = 'input' | 'output'
type Json = Record<string, unknown>

class Components {
  readonly schemas: Record<string, unknown> = {}

  /** Adds a named schema; a request-side variant that differs from the response side is named <id>Input. */
  add(id: string, schema: unknown, io: Io): string {
    const existing = this.schemas[id]
    if (existing === undefined || JSON.stringify(existing) === JSON.stringify(schema)) {
      this.schemas[id] = schema
      return id
    }
    const alternative = io === 'input' ? `${id}Input` : `${id}Output`
    this.schemas[alternative] = schema
    return alternative
  }
}

function rewriteRefs(value: unknown, names: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => rewriteRefs(v, names))
  if (value !== null && typeof value === 'object') {
    const out: Json = {}
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
        const name = v.slice('#/$defs/'.length)
        out[k] = `#/components/schemas/${names.get(name) ?? name}`
      } else {
        out[k] = rewriteRefs(v, names)
      }
    }
    return out
  }
  return value
}

function jsonSchemaOf(schema: z.ZodType, components: Components, io: Io): unknown {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json
  const { $schema: _schema, $defs, id: _id, $id: _dollarId, ...root } = generated
  // Nested named schemas arrive as $defs with #/$defs/ references: hoist them into components.
  const names = new Map<string, string>()
  const defs = ($defs ?? {}) as Json
  for (const name of Object.keys(defs)) names.set(name, name)
  for (const [name, def] of Object.entries(defs)) {
    const { id: _i, $id: _d, ...body } = def as Json
    names.set(name, components.add(name, rewriteRefs(body, names), io))
  }
  const rewritten = rewriteRefs(root, names)
  const meta = z.globalRegistry.get(schema) as { id?: string } | undefined
  if (meta?.id) return { $ref: `#/components/schemas/${components.add(meta.id, rewritten, io)}` }
  return rewritten
}

function parametersOf(shape: z.ZodObject | undefined, where: 'path' | 'query', components: Components) {
  if (!shape) return []
  return Object.entries(shape.shape).map(([name, schema]) => {
    const description = (z.globalRegistry.get(schema as z.ZodType) as { description?: string } | undefined)?.description
    return {
      name,
      in: where,
      required: where === 'path' ? true : !(schema as z.ZodType).safeParse(undefined).success,
      ...(description ? { description } : {}),
      schema: jsonSchemaOf(schema as z.ZodType, components, 'input'),
    }
  })
}

export function buildOpenApiDocument(operations: readonly ApiOperation[]) {
  const components = new Components()
  const pathsObject: Record<string, Record<string, unknown>> = {}
  const problemRef = jsonSchemaOf(ProblemSchema, components, 'output')
  const problemContent = { 'application/problem+json': { schema: problemRef } }
  for (const op of operations) {
    const openApiPath = op.path.replace(/:([A-Za-z]+)/g, '{$1}')
    const responses: Record<string, unknown> = {}
    for (const [status, r] of Object.entries(op.responses)) {
      const headers = r.headers
        ? {
            headers: Object.fromEntries(
              Object.entries(r.headers).map(([name, h]) => [
                name,
                { description: h.description, schema: { type: 'string' } },
              ]),
            ),
          }
        : {}
      const content = r.problem
        ? { content: problemContent }
        : r.schema
          ? { content: { 'application/json': { schema: jsonSchemaOf(r.schema, components, 'output') } } }
          : {}
      responses[status] = { description: r.description, ...headers, ...content }
    }
    responses.default = { description: 'A problem', content: problemContent }
    pathsObject[openApiPath] ??= {}
    pathsObject[openApiPath]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      ...(op.description ? { description: op.description } : {}),
      tags: op.tags,
      ...(op.public ? { security: [] } : {}),
      ...(op.access ? { 'x-candour-access': op.access } : {}),
      parameters: [
        ...parametersOf(op.params, 'path', components),
        ...parametersOf(op.query, 'query', components),
        ...(op.headers ?? []).map((h) => ({
          name: h.name,
          in: 'header',
          required: h.required ?? false,
          description: h.description,
          schema: { type: 'string' },
        })),
      ],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchemaOf(op.body, components, 'input') } },
            },
          }
        : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candour API',
      version: '1',
      description:
        'Case management for independent investigations into police conduct. Errors are RFC 9457 problem details. ' +
        'Authenticate with a personal API token (Authorization: Bearer) or, from Candour’s own pages, the session cookie with an X-CSRF-Token header on changes. ' +
        'Versioned resources send an ETag; changes to them need If-Match. POSTs accept an Idempotency-Key. Lists are keyset-paginated: { items, nextCursor }, with ?cursor= and ?limit=.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: components.schemas,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'candour-session' },
      },
    },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: pathsObject,
  }
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>
