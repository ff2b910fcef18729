/**
 * Request bodies are strict (issue 10, finding 5): an API client that sends a key the operation
 * does not know — a typo, a field of another version, `{"sections": {…}}` around the real body —
 * is told so (422 naming `body.<key>`), rather than having the key silently dropped and the
 * missing fields defaulted. defineOperation applies this to every body schema, so no operation
 * can forget it.
 *
 * - Every object, at any depth (inside arrays, unions, optional and nullable wrappers), refuses
 *   unknown keys. An object declared `.loose()` or with its own catchall keeps it: that is a
 *   deliberate choice written where the schema is.
 * - A full replacement (PUT) has no defaults: every field that would have been defaulted on
 *   creation must be sent, so a replacement never blanks what the client did not mention.
 *   Optional fields stay optional (leaving one out of a replacement means "none").
 *
 * The schemas are rebuilt by cloning zod's definitions (so refinements, limits and messages are
 * kept), with their metadata (component ids, descriptions), memoised so a schema used twice in
 * one body is one schema (toJSONSchema refuses two schemas with one id).
 */
import { z } from 'zod'

type Def = Record<string, unknown> & { type: string }

interface Walk {
  replacement: boolean
  seen: Map<z.ZodType, z.ZodType>
}

/** Copies a definition with some of its members replaced (getters are copied as getters, like zod does). */
function withDef(def: Def, changes: Record<string, unknown>): Def {
  const descriptors = Object.getOwnPropertyDescriptors(def)
  for (const [key, value] of Object.entries(changes))
    descriptors[key] = { value, enumerable: true, configurable: true, writable: true }
  return Object.defineProperties({}, descriptors) as Def
}

function rebuilt(schema: z.ZodType, def: Def): z.ZodType {
  const copy = schema.clone(def as z.ZodType['_zod']['def'])
  const meta = z.globalRegistry.get(schema)
  if (meta) z.globalRegistry.add(copy, meta)
  return copy
}

function walk(schema: z.ZodType, w: Walk): z.ZodType {
  const done = w.seen.get(schema)
  if (done) return done
  const result = transform(schema, w)
  w.seen.set(schema, result)
  return result
}

function transform(schema: z.ZodType, w: Walk): z.ZodType {
  const def = schema._zod.def as Def
  const inner = (key: string) => walk(def[key] as z.ZodType, w)
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>
      const strictShape = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, walk(v, w)]))
      return rebuilt(schema, withDef(def, { shape: strictShape, catchall: def.catchall ?? z.never() }))
    }
    case 'default':
    case 'prefault':
      return w.replacement ? inner('innerType') : rebuilt(schema, withDef(def, { innerType: inner('innerType') }))
    case 'optional':
    case 'nullable':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      return rebuilt(schema, withDef(def, { innerType: inner('innerType') }))
    case 'array':
      return rebuilt(schema, withDef(def, { element: inner('element') }))
    case 'union':
      return rebuilt(schema, withDef(def, { options: (def.options as z.ZodType[]).map((o) => walk(o, w)) }))
    case 'pipe':
      return rebuilt(schema, withDef(def, { in: inner('in') }))
    case 'record':
      return rebuilt(schema, withDef(def, { valueType: inner('valueType') }))
    default:
      // Scalars have no keys. An intersection is left as declared: each side would refuse the
      // other's keys. None of the API's bodies is an intersection (the strictBody test checks).
      return schema
  }
}

/** The strict form of a request body schema (and, for a replacement, without defaults). */
export function strictBody<S extends z.ZodType>(schema: S, options: { replacement: boolean }): S {
  // eslint-disable-next-line no-restricted-syntax -- a rebuilt schema parses to the same type as its original
  return walk(schema, { replacement: options.replacement, seen: new Map() }) as unknown as S
}

/** Whether the schema (at any depth) holds an intersection, which strictBody leaves as declared. */
export function hasIntersection(schema: z.ZodType, seen = new Set<z.ZodType>()): boolean {
  if (seen.has(schema)) return false
  seen.add(schema)
  const def = schema._zod.def as Def
  if (def.type === 'intersection') return true
  const children: z.ZodType[] = []
  if (def.type === 'object') children.push(...Object.values(def.shape as Record<string, z.ZodType>))
  for (const key of ['innerType', 'element', 'in', 'valueType'])
    if (def[key] && typeof def[key] === 'object' && '_zod' in (def[key] as object)) children.push(def[key] as z.ZodType)
  if (Array.isArray(def.options)) children.push(...(def.options as z.ZodType[]))
  return children.some((c) => hasIntersection(c, seen))
}
