/**
 * Plausible request bodies from the served OpenAPI document's JSON Schemas, for tests generated
 * over every operation: the required fields with a value of the right type and format (not
 * necessarily one the operation accepts: a generated test says what it relies on).
 */
import { uuidv7 } from 'uuidv7'

export type Json = Record<string, unknown>

/** Resolves #/components/schemas/ references against the document. */
export function resolverFor(doc: Json): (s: unknown) => Json {
  const schemas = (doc.components as Json).schemas as Record<string, Json>
  const resolve = (s: unknown): Json => {
    const j = (s ?? {}) as Json
    return typeof j.$ref === 'string' ? resolve(schemas[j.$ref.split('/').pop()!]) : j
  }
  return resolve
}

export function sampler(resolve: (s: unknown) => Json) {
  function sample(schema: unknown, depth = 0): unknown {
    const s = resolve(schema)
    if ('const' in s) return s.const
    if (Array.isArray(s.enum)) return s.enum[0]
    const options = (s.anyOf ?? s.oneOf) as Json[] | undefined
    if (options) return sample(options.find((o) => resolve(o).type !== 'null') ?? options[0], depth)
    switch (s.type) {
      case 'string':
        return s.format === 'uuid'
          ? uuidv7()
          : s.format === 'date'
            ? '2026-01-05'
            : s.format === 'date-time'
              ? '2026-01-05T10:00:00Z'
              : s.format === 'email'
                ? 'someone@example.test'
                : 'x'.repeat(Math.max(1, Number(s.minLength ?? 1)))
      case 'integer':
      case 'number':
        return Number(s.minimum ?? 1)
      case 'boolean':
        return false
      case 'array':
        return Number(s.minItems ?? 0) > 0 && depth < 4 ? [sample(s.items, depth + 1)] : []
      case 'object':
        return depth < 4 ? requiredOf(s, depth + 1) : {}
      default:
        return 'x'
    }
  }
  function requiredOf(object: Json, depth = 0): Json {
    const properties = (object.properties ?? {}) as Record<string, unknown>
    return Object.fromEntries(((object.required ?? []) as string[]).map((k) => [k, sample(properties[k], depth)]))
  }
  return { sample, requiredOf }
}
