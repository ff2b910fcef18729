/**
 * Builds the OpenAPI 3.1 document from the same zod schemas that validate requests, so the
 * document cannot drift from what the API accepts.
 */
import { z } from 'zod'

export interface ApiOperation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  operationId: string
  summary: string
  tags: string[]
  params?: z.ZodObject
  query?: z.ZodObject
  body?: z.ZodType
  headers?: { name: string; description: string; required?: boolean }[]
  responses: Record<number, { description: string; schema?: z.ZodType }>
}

const ProblemSchema = z
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

function jsonSchema(schema: z.ZodType, components: Record<string, unknown>): unknown {
  const meta = z.globalRegistry.get(schema) as { id?: string } | undefined
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any' }) as Record<string, unknown>
  delete generated.$schema
  if (meta?.id) {
    components[meta.id] = { ...generated, $id: undefined }
    delete (components[meta.id] as Record<string, unknown>).$id
    delete (components[meta.id] as Record<string, unknown>).id
    return { $ref: `#/components/schemas/${meta.id}` }
  }
  return generated
}

function parametersOf(shape: z.ZodObject | undefined, where: 'path' | 'query', components: Record<string, unknown>) {
  if (!shape) return []
  return Object.entries(shape.shape).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' ? true : !(schema as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(schema as z.ZodType, components),
  }))
}

export function buildOpenApiDocument(operations: ApiOperation[]) {
  const components: Record<string, unknown> = {}
  const pathsObject: Record<string, Record<string, unknown>> = {}
  const problemRef = jsonSchema(ProblemSchema, components)
  for (const op of operations) {
    const openApiPath = op.path.replace(/:([A-Za-z]+)/g, '{$1}')
    const responses: Record<string, unknown> = {}
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? { description: r.description, content: { 'application/json': { schema: jsonSchema(r.schema, components) } } }
        : { description: r.description }
    }
    responses.default = { description: 'A problem', content: { 'application/problem+json': { schema: problemRef } } }
    pathsObject[openApiPath] ??= {}
    pathsObject[openApiPath]![op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: op.tags,
      parameters: [
        ...parametersOf(op.params, 'path', components),
        ...parametersOf(op.query, 'query', components),
        ...(op.headers ?? []).map((h) => ({ name: h.name, in: 'header', required: h.required ?? false, description: h.description, schema: { type: 'string' } })),
      ],
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, components) } } } } : {}),
      responses,
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Candour API',
      version: '1',
      description: 'Case management for independent investigations into police conduct. Errors are RFC 9457 problem details.',
    },
    servers: [{ url: '/' }],
    components: {
      schemas: components,
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'A personal API token' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'candour-session' },
      },
    },
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths: pathsObject,
  }
}
