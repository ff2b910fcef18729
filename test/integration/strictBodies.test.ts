/**
 * Request bodies are strict (issue 10, finding 5), generated over the served OpenAPI document so
 * that an operation added later is covered without anyone listing it:
 *
 * - the document says so: every object in every request body has additionalProperties: false,
 *   and no PUT (a full replacement) body has a default anywhere;
 * - every operation with a JSON body answers 422 naming `body.<key>` for an unknown key at the
 *   top and inside every nested object (`body.<field>.<key>`, `body.<list>.0.<key>`);
 * - every PUT answers 422 naming each required field left out;
 * - none of these refusals writes anything.
 *
 * Validation runs before the handler, so the probes need no real resources beyond the ids in the
 * path; the sender holds every role so that the route's role check lets each probe reach it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import { ROLES } from '../../src/domain/roles.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { openApiDocument } from '../support/openapi.js'
import { contextFor, openInvestigation } from '../support/investigations.js'
import { storedSnapshot } from '../support/snapshot.js'
import { resolverFor, sampler, type Json } from '../support/openapiSample.js'

const UNKNOWN = 'candourUnexpectedKey'

interface Probe {
  label: string
  method: string
  url: string
  body: unknown
  /** Paths that errors[] must name. */
  expect: string[]
}

describe('strict request bodies, over every operation of the OpenAPI document', () => {
  const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
  let t: TestApp
  let token: string
  let investigationId: string
  let doc: Json
  let resolve: (s: unknown) => Json
  let requiredOf: (object: Json) => Json

  before(async () => {
    t = await startTestApp(kind)
    const n = uuidv7().slice(-6)
    const everything = await contextFor(t.services, `strict-all-${n}@example.test`, [...ROLES])
    const lead = await contextFor(t.services, `strict-lead-${n}@example.test`, ['lead_investigator'])
    const team = {
      lead,
      investigator: await contextFor(t.services, `strict-inv-${n}@example.test`, ['investigator']),
      decisionMaker: await contextFor(t.services, `strict-dm-${n}@example.test`, ['decision_maker']),
      caseWorker: await contextFor(t.services, `strict-cw-${n}@example.test`, ['case_worker']),
      outsider: await contextFor(t.services, `strict-out-${n}@example.test`, ['investigator']),
    }
    investigationId = (await openInvestigation(t.services, team)).investigation.id
    token = (await createToken(t.services, everything.userId, { write: true })).secret
    doc = await openApiDocument(t.app)
    resolve = resolverFor(doc)
    requiredOf = sampler(resolve).requiredOf
  })
  after(() => t.close())

  /** The object schema behind a property, if it is one (directly, nullable, or as a list's items). */
  function objectOf(schema: unknown): { object: Json; list: boolean } | undefined {
    const s = resolve(schema)
    const options = [s, ...(((s.anyOf ?? s.oneOf ?? []) as Json[]).map(resolve) as Json[])]
    for (const o of options) {
      if (o.type === 'object' && o.properties) return { object: o, list: false }
      if (o.type === 'array' && o.items) {
        const item = resolve(o.items)
        if (item.type === 'object' && item.properties) return { object: item, list: true }
      }
    }
    return undefined
  }

  function fill(path: string): string {
    return path.replace(/\{([A-Za-z]+)\}/g, (_, name: string) =>
      name === 'id' && path.startsWith('/api/v1/investigations/{id}') ? investigationId : uuidv7(),
    )
  }

  function operations() {
    const out: { method: string; path: string; body: Json }[] = []
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>))
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        const content = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined
        const schema = content?.['application/json']?.schema
        if (schema) out.push({ method, path, body: resolve(schema) })
      }
    return out
  }

  it('the document shows every request body strict, and no replacement (PUT) with a default', () => {
    const loose: string[] = []
    const walk = (schema: unknown, where: string, put: boolean, seen: Set<unknown>) => {
      const s = resolve(schema)
      if (seen.has(s)) return
      seen.add(s)
      if (put && 'default' in s) loose.push(`${where}: a default on a replacement`)
      if (s.type === 'object' && s.properties && s.additionalProperties !== false)
        loose.push(`${where}: unknown keys allowed`)
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, unknown>))
        walk(v, `${where}.${k}`, put, seen)
      if (s.items) walk(s.items, `${where}[]`, put, seen)
      for (const o of (s.anyOf ?? s.oneOf ?? []) as unknown[]) walk(o, where, put, seen)
    }
    const ops = operations()
    assert.ok(ops.length > 40, `only ${ops.length} operations with a body`)
    for (const op of ops) walk(op.body, `${op.method.toUpperCase()} ${op.path} body`, op.method === 'put', new Set())
    assert.deepEqual(loose, [])
  })

  it('every body refuses unknown keys (top and nested) and every PUT each missing required field: 422 by name, nothing written', async () => {
    const probes: Probe[] = []
    for (const { method, path, body } of operations()) {
      if (body.type !== 'object') continue
      const label = `${method.toUpperCase()} ${path}`
      const url = fill(path)
      const valid = requiredOf(body)
      probes.push({ label, method, url, body: { ...valid, [UNKNOWN]: 1 }, expect: [`body.${UNKNOWN}`] })
      for (const [name, schema] of Object.entries((body.properties ?? {}) as Record<string, unknown>)) {
        const nested = objectOf(schema)
        if (!nested) continue
        const inner = { ...requiredOf(nested.object), [UNKNOWN]: 1 }
        probes.push({
          label: `${label} (in ${name})`,
          method,
          url,
          body: { ...valid, [name]: nested.list ? [inner] : inner },
          expect: [nested.list ? `body.${name}.0.${UNKNOWN}` : `body.${name}.${UNKNOWN}`],
        })
      }
      if (method === 'put') {
        for (const field of (body.required ?? []) as string[]) {
          const { [field]: _left, ...rest } = valid
          probes.push({ label: `${label} without ${field}`, method, url, body: rest, expect: [`body.${field}`] })
        }
      }
    }
    assert.ok(probes.length > 60, `only ${probes.length} probes`)
    assert.ok(
      probes.some((p) => p.label.startsWith('PUT /api/v1/investigations/{id}/report without summary')),
      'a replaced report must name its summary when left out',
    )
    const failures: string[] = []
    const stored = await storedSnapshot(t)
    for (const p of probes) {
      const r = await t.app.inject({
        method: p.method.toUpperCase() as 'POST',
        url: p.url,
        headers: { ...bearer(token), 'content-type': 'application/json', 'if-match': '"1"' },
        payload: JSON.stringify(p.body),
      })
      if (r.statusCode !== 422) {
        failures.push(`${p.label} → ${r.statusCode} ${r.body.slice(0, 160)}`)
        continue
      }
      const named = ((r.json() as { errors?: { path: string }[] }).errors ?? []).map((e) => e.path)
      for (const path of p.expect) if (!named.includes(path)) failures.push(`${p.label}: ${path} not in ${named}`)
    }
    assert.deepEqual(failures, [])
    assert.equal(await storedSnapshot(t), stored, 'a refused body changed what is stored')
  })

  it('the mis-shaped report of the finding is refused, naming the wrapper and each section', async () => {
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/investigations/${investigationId}/report`,
      headers: { ...bearer(token), 'content-type': 'application/json', 'if-none-match': '*' },
      payload: JSON.stringify({ sections: { summary: 'The summary', learning: 'None' } }),
    })
    assert.equal(r.statusCode, 422, r.body)
    const paths = (r.json() as { errors: { path: string }[] }).errors.map((e) => e.path).sort()
    assert.deepEqual(paths, [
      'body.chronologyEventIds',
      'body.documentIds',
      'body.evidenceAnalysis',
      'body.findings',
      'body.learning',
      'body.sections',
      'body.summary',
      'body.termsOfReference',
    ])
  })
})
