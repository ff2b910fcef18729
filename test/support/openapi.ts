/**
 * Contract tests for the JSON API: checks a response against what the served OpenAPI document
 * (/api/v1/openapi.json) says the operation returns, with Ajv (JSON Schema 2020-12, formats).
 *
 *   const response = await client.request({ method: 'GET', url: '/api/v1/me', headers: bearer(token) })
 *   await assertMatchesContract(t.app, 'getCurrentUser', response)
 *
 * The status must be one the operation documents (or a problem, which the `default` response
 * covers); its body must validate against that response's schema. Ajv comes with Fastify.
 */
import assert from 'node:assert/strict'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

type Json = Record<string, unknown>

interface Operation {
  method: string
  path: string
  operation: Json
}

// ajv-formats is CommonJS: its function is the default export's default under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv2020,
) => Ajv2020

const documents = new WeakMap<FastifyInstance, Promise<Json>>()
const validators = new Map<string, ValidateFunction>()

/** The document the app serves (fetched once per app). */
export function openApiDocument(app: FastifyInstance): Promise<Json> {
  let doc = documents.get(app)
  if (!doc) {
    doc = app.inject({ method: 'GET', url: '/api/v1/openapi.json' }).then((r) => {
      assert.equal(r.statusCode, 200, 'GET /api/v1/openapi.json')
      return r.json() as Json
    })
    documents.set(app, doc)
  }
  return doc
}

export function findOperation(document: Json, operationId: string): Operation {
  for (const [path, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(item)) {
      if ((operation as Json).operationId === operationId) return { method, path, operation: operation as Json }
    }
  }
  assert.fail(`No operation ${operationId} in the OpenAPI document`)
}

/** #/components/schemas/X → #/$defs/X, so that one self-contained schema carries every component. */
function localRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(localRefs)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', '#/$defs/') : localRefs(v),
      ]),
    )
  }
  return value
}

function validatorFor(document: Json, schema: unknown): ValidateFunction {
  const components = ((document.components as Json | undefined)?.schemas ?? {}) as Json
  const key = JSON.stringify(schema)
  let validate = validators.get(key)
  if (!validate) {
    const ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }))
    validate = ajv.compile({ ...(localRefs(schema) as Json), $defs: localRefs(components) as Json })
    validators.set(key, validate)
  }
  return validate
}

/** The schema the document gives for this operation's response with this status and media type. */
export function responseSchema(document: Json, operationId: string, status: number, mediaType: string): unknown {
  const { operation } = findOperation(document, operationId)
  const responses = operation.responses as Record<string, Json>
  const response = responses[String(status)] ?? (status >= 400 ? responses.default : undefined)
  assert.ok(
    response,
    `${operationId} does not document a ${status} response (it documents ${Object.keys(responses).join(', ')})`,
  )
  const content = response.content as Record<string, Json> | undefined
  if (!content) return undefined
  const media = content[mediaType]
  assert.ok(media, `${operationId} ${status} is documented as ${Object.keys(content).join(', ')}, not ${mediaType}`)
  return media.schema
}

/** Asserts that the response is one the operation documents, body and all. */
export async function assertMatchesContract(
  app: FastifyInstance,
  operationId: string,
  response: LightMyRequestResponse,
): Promise<void> {
  const document = await openApiDocument(app)
  const mediaType = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
  const schema = responseSchema(document, operationId, response.statusCode, mediaType || 'application/json')
  if (schema === undefined) {
    assert.equal(response.body, '', `${operationId} ${response.statusCode} is documented without a body`)
    return
  }
  const validate = validatorFor(document, schema)
  const body: unknown = response.json()
  if (!validate(body)) {
    assert.fail(
      `${operationId} ${response.statusCode} does not match its OpenAPI schema:\n` +
        (validate.errors ?? [])
          .map((e) => `  ${e.instancePath || '(body)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`)
          .join('\n') +
        `\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    )
  }
}
