/**
 * The generated hostile-input test (issue 10, finding 3): walks every API operation in the served
 * OpenAPI document and every page and form route in Fastify's route table — so a route added
 * later is swept without anyone listing it — and sends, to every parameter and field, values an
 * attacker or a broken client would: NUL, CR/LF, lone surrogates, a right-to-left override,
 * 10,000 characters, 2^31, 2^63, -1, 1e309, "../", SQL and HTML fragments. It asserts:
 *
 * - never a 5xx, and never the database's "value not accepted" backstop: the boundary or the
 *   route's own schema refused the value first;
 * - every refusal is problem+json (API) or a GOV.UK error page (pages);
 * - values that can never be accepted (NUL, a lone surrogate, an integer beyond 32 bits, 1e309)
 *   are refused with a 4xx that names the field, and nothing at all is written (a hash of every
 *   table's rows, bar the audit trail of reads and the sessions, is the same before and after).
 *
 * By default a seeded sample runs (every route gets a NUL in one of its fields; the rest is
 * sampled); HOSTILE_INPUT_FULL=1 sends every value to every field of every route, and
 * HOSTILE_INPUT_SEED=<n> repeats a sample (the seed is printed). See docs/security.md.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { LightMyRequestResponse, RouteOptions } from 'fastify'
import { sql } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { problemTypes } from '../../src/http/problem.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { openApiDocument } from '../support/openapi.js'
import { contextFor, openInvestigation, type Team } from '../support/investigations.js'

type Json = Record<string, unknown>

const FULL = process.env.HOSTILE_INPUT_FULL === '1'
const SEED = Number(process.env.HOSTILE_INPUT_SEED ?? Math.floor(Math.random() * 2 ** 31))
const SAMPLE = Number(process.env.HOSTILE_INPUT_SAMPLE ?? 400)

/** Values no field may accept: refused naming the field, nothing written. */
const NEVER_TEXT = { nul: 'a\u0000b', loneSurrogate: 'a\uD800b' }
/** Values that are odd but may be legitimate text somewhere: never a 5xx, refusals well-formed. */
const ODD_TEXT = {
  crlf: 'a\r\nb',
  rtlOverride: '\u202Eexe.txt',
  long: 'x'.repeat(10_000),
  int31: '2147483648',
  int63: '9223372036854775808',
  minusOne: '-1',
  huge: '1e309',
  dotDot: '../../../etc/passwd',
  sql: "x' OR '1'='1'; DROP TABLE users; --",
  html: '<script>alert(1)</script><img src=x onerror=alert(1)>',
}
/** Numbers for integer and number fields of JSON bodies and query strings. */
const NEVER_NUMBER = { int31: 2 ** 31, int63: 2 ** 63 }

/** Percent-encodes, sending a lone surrogate as the (invalid UTF-8) bytes a broken client would. */
const enc = (v: string) =>
  encodeURIComponent(v.replace(/[\uD800-\uDFFF]/g, '\uFFFF')).replace(/%EF%BF%BF/g, '%ED%A0%80')

/** A small deterministic generator (mulberry32), so a failing sample can be repeated. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Probe {
  /** What the report says when the probe fails. */
  label: string
  method: string
  url: string
  api: boolean
  field: string
  /** JSON body (API), form fields (pages) or nothing; the query is in the url. */
  json?: unknown
  rawJson?: string
  form?: Record<string, string>
  /** Must be refused naming the field, writing nothing. */
  never: boolean
}

const isProblem = (r: LightMyRequestResponse) =>
  String(r.headers['content-type'] ?? '').startsWith('application/problem+json')
const isGovukPage = (r: LightMyRequestResponse) =>
  String(r.headers['content-type'] ?? '').startsWith('text/html') && r.body.includes('govuk-template')

describe('hostile input to every route and field', () => {
  // Once, on the last database kind: the sweep is about the application's boundary, not the engine.
  const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
  let t: TestApp
  const routes: { method: string; url: string }[] = []
  let team: Team
  let investigationId: string
  let subjectId: string
  let token: string
  const pages = { client: null as unknown as Client, csrf: '' }

  before(async () => {
    t = await startTestApp(
      kind,
      {},
      {
        onRoute: (route: RouteOptions) => {
          for (const method of Array.isArray(route.method) ? route.method : [route.method])
            routes.push({ method: String(method), url: route.url })
        },
      },
    )
    const n = uuidv7().slice(-6)
    team = {
      lead: await contextFor(t.services, `hostile-lead-${n}@example.test`, ['lead_investigator']),
      investigator: await contextFor(t.services, `hostile-inv-${n}@example.test`, ['investigator']),
      decisionMaker: await contextFor(t.services, `hostile-dm-${n}@example.test`, ['decision_maker']),
      caseWorker: await contextFor(t.services, `hostile-cw-${n}@example.test`, ['case_worker']),
      outsider: await contextFor(t.services, `hostile-out-${n}@example.test`, ['investigator']),
    }
    const { investigation } = await openInvestigation(t.services, team)
    investigationId = investigation.id
    const { subject } = await t.services.subjects.add(
      investigationId,
      {
        givenName: 'Sam',
        familyName: 'Hostile',
        warrantNumber: `HI${n}`,
        kind: 'police_officer',
        rank: 'constable',
        roleAtTime: 'Response officer',
      },
      team.investigator,
    )
    subjectId = subject.id
    token = (await createToken(t.services, team.lead.userId, { write: true })).secret
    pages.client = new Client(t.app)
    const signedIn = await pages.client.signIn(`hostile-lead-${n}@example.test`)
    assert.equal(signedIn.statusCode, 303)
    pages.csrf = await pages.client.csrfToken('/')
  })
  after(() => t.close())

  /** A real id for a parameter where the path says what it names, else a fresh (absent) one. */
  function paramValue(path: string, name: string): string {
    const before = path.split(`:${name}`)[0]!.split('/').filter(Boolean).pop() ?? ''
    if (name === 'id' && before === 'investigations') return investigationId
    if (before === 'subjects' || name === 'subjectId') return subjectId
    if (name === 'token' || name === 'file') return 'x'.repeat(20)
    return uuidv7()
  }

  function fill(path: string, override?: { name: string; value: string }): string {
    return path.replace(/:([A-Za-z]+)/g, (_, name: string) =>
      enc(override?.name === name ? override.value : paramValue(path, name)),
    )
  }

  /** Fields of the forms on the page at this address (a form route usually posts back to its page). */
  async function formFields(url: string): Promise<string[]> {
    const page = await pages.client.get(url)
    if (page.statusCode !== 200) return []
    const names = new Set<string>()
    for (const m of page.body.matchAll(/<(?:input|textarea|select)[^>]*\sname="([^"]+)"/g))
      if (m[1] !== '_csrf') names.add(m[1]!)
    return [...names]
  }

  async function apiProbes(): Promise<Probe[]> {
    const doc = await openApiDocument(t.app)
    const schemas = (doc.components as Json).schemas as Record<string, Json>
    const resolve = (s: Json | undefined): Json | undefined =>
      s && typeof s.$ref === 'string' ? resolve(schemas[s.$ref.split('/').pop()!]) : s
    const out: Probe[] = []
    for (const [openApiPath, item] of Object.entries(doc.paths as Record<string, Json>)) {
      const path = openApiPath.replace(/\{([A-Za-z]+)\}/g, ':$1')
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        const params = (op.parameters as Json[]).filter((p) => p.in === 'path' || p.in === 'query')
        const body = resolve(
          ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.['application/json']
            ?.schema as Json | undefined,
        )
        const properties = Object.entries((body?.properties as Record<string, Json> | undefined) ?? {})
        const label = `${method.toUpperCase()} ${path}`
        const add = (field: string, value: unknown, never: boolean, where: 'path' | 'query' | 'body') => {
          const text = typeof value === 'number' ? String(value) : (value as string)
          const url =
            where === 'path'
              ? fill(path, { name: field, value: text })
              : where === 'query'
                ? `${fill(path)}?${field}=${enc(text)}`
                : fill(path)
          out.push({
            label: `${label} ${where}.${field}=${JSON.stringify(text).slice(0, 40)}`,
            method: method.toUpperCase(),
            url,
            api: true,
            field,
            ...(where === 'body'
              ? value === '1e309'
                ? { rawJson: `{"${field}": 1e309}` }
                : { json: { [field]: value } }
              : method === 'get' || method === 'delete'
                ? {}
                : { json: {} }),
            never,
          })
        }
        for (const p of params) {
          const where = p.in as 'path' | 'query'
          const name = p.name as string
          const type = (resolve(p.schema as Json)?.type as string | undefined) ?? 'string'
          // A lone surrogate cannot travel in a URL: percent-decoding turns its bytes into U+FFFD.
          add(name, NEVER_TEXT.nul, true, where)
          add(name, NEVER_TEXT.loneSurrogate, false, where)
          for (const [k, v] of Object.entries(ODD_TEXT))
            add(name, v, (type === 'integer' || type === 'number') && ['int31', 'int63', 'huge'].includes(k), where)
        }
        for (const [name, schema] of properties) {
          const type = (resolve(schema)?.type as string | undefined) ?? 'string'
          for (const v of Object.values(NEVER_TEXT)) add(name, v, true, 'body')
          for (const v of Object.values(ODD_TEXT)) add(name, v, false, 'body')
          for (const v of Object.values(NEVER_NUMBER)) add(name, v, true, 'body')
          add(name, -1, false, 'body')
          add(name, '1e309', true, 'body')
          void type
        }
      }
    }
    return out
  }

  async function pageProbes(): Promise<Probe[]> {
    const out: Probe[] = []
    const seen = new Set<string>()
    for (const r of routes) {
      if (r.url.startsWith('/api/') || r.url === '/api' || /^\/(assets|moj|public)\//.test(r.url)) continue
      if (r.method !== 'GET' && r.method !== 'POST') continue
      // Signing out would end the session the sweep runs in; it takes no input but the CSRF token.
      if (r.url.endsWith('/sign-out')) continue
      const key = `${r.method} ${r.url}`
      if (seen.has(key)) continue
      seen.add(key)
      const params = [...r.url.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!)
      const fields =
        r.method === 'POST'
          ? [...new Set([...(await formFields(fill(r.url))), 'version', 'q'])]
          : ['q', 'version', 'from', 'to', 'before', 'after', 'returnTo', 'page']
      const add = (field: string, value: string, never: boolean, where: 'path' | 'field') => {
        const url = where === 'path' ? fill(r.url, { name: field, value }) : fill(r.url)
        const probe: Probe = {
          label: `${key} ${field}=${JSON.stringify(value).slice(0, 40)}`,
          method: r.method,
          url: r.method === 'GET' && where === 'field' ? `${url}?${field}=${enc(value)}` : url,
          api: false,
          field,
          never,
        }
        if (r.method === 'POST') probe.form = where === 'field' ? { [field]: value } : {}
        out.push(probe)
      }
      // Forms and URLs cannot carry a lone surrogate (encoding turns it into U+FFFD): odd, not never.
      for (const p of params) {
        add(p, NEVER_TEXT.nul, true, 'path')
        for (const v of [NEVER_TEXT.loneSurrogate, ...Object.values(ODD_TEXT)]) add(p, v, false, 'path')
      }
      for (const f of fields) {
        add(f, NEVER_TEXT.nul, true, 'field')
        for (const v of [NEVER_TEXT.loneSurrogate, ...Object.values(ODD_TEXT)]) add(f, v, false, 'field')
      }
    }
    return out
  }

  /** Every route keeps its NUL probe for one field; the rest is a seeded sample (or everything). */
  function choose(probes: Probe[]): Probe[] {
    if (FULL) return probes
    const next = random(SEED)
    const byRoute = new Map<string, Probe[]>()
    for (const p of probes) {
      const k = `${p.method} ${p.label.split(' ')[1]}`
      byRoute.set(k, [...(byRoute.get(k) ?? []), p])
    }
    const chosen = new Set<Probe>()
    for (const list of byRoute.values()) {
      const nul = list.filter((p) => p.never && p.label.includes('\\u0000'))
      if (nul.length) chosen.add(nul[Math.floor(next() * nul.length)]!)
    }
    const rest = probes.filter((p) => !chosen.has(p))
    for (let i = 0; i < SAMPLE && rest.length; i++) chosen.add(rest.splice(Math.floor(next() * rest.length), 1)[0]!)
    return [...chosen]
  }

  async function send(p: Probe): Promise<LightMyRequestResponse> {
    if (p.api) {
      const headers: Record<string, string> = { ...bearer(token), 'if-match': '"1"' }
      if (p.rawJson !== undefined || p.json !== undefined) headers['content-type'] = 'application/json'
      return t.app.inject({
        method: p.method as 'GET',
        url: p.url,
        headers,
        ...(p.rawJson !== undefined
          ? { payload: p.rawJson }
          : p.json !== undefined
            ? { payload: JSON.stringify(p.json) }
            : {}),
      })
    }
    if (p.method === 'POST') return pages.client.postFormWithToken(p.url, p.form ?? {}, pages.csrf)
    return pages.client.get(p.url)
  }

  /** Every table's rows, hashed, bar those that change on reads: the audit trail, sessions, token use. */
  async function snapshot(): Promise<string> {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
        and table_name not in ('audit_log', 'sessions', 'api_tokens', 'idempotency_keys', 'kysely_migration',
                               'kysely_migration_lock', 'scheduled_jobs', 'audit_chain_heads')
      order by table_name`.execute(t.database.db)
    const parts: string[] = []
    for (const { name } of tables.rows) {
      const r = await sql<{ h: string | null; n: string }>`
        select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h, count(*)::text as n
        from ${sql.table(name)} x`.execute(t.database.db)
      parts.push(`${name}:${r.rows[0]!.n}:${r.rows[0]!.h}`)
    }
    return parts.join('\n')
  }

  it('never a 5xx; refusals are problem+json or GOV.UK pages; unacceptable values are refused by name and write nothing', async () => {
    const all = [...(await apiProbes()), ...(await pageProbes())]
    assert.ok(all.length > 500, `the walk found only ${all.length} probes`)
    const probes = choose(all)
    const never = probes.filter((p) => p.never)
    const odd = probes.filter((p) => !p.never)
    const failures: string[] = []
    const check = (p: Probe, r: LightMyRequestResponse) => {
      if (r.statusCode >= 500) return failures.push(`${p.label} → ${r.statusCode}`)
      if (p.api && r.statusCode >= 400 && !isProblem(r))
        return failures.push(`${p.label} → ${r.statusCode} not problem+json`)
      if (!p.api && r.statusCode >= 400 && !isGovukPage(r))
        return failures.push(`${p.label} → ${r.statusCode} not a GOV.UK page`)
      if (p.api && isProblem(r) && (r.json() as { type?: string }).type === problemTypes.unstorable)
        return failures.push(`${p.label} → reached the database (the backstop refused it, not validation)`)
      if (!p.api && r.body.includes('Value not accepted'))
        return failures.push(`${p.label} → reached the database (the backstop refused it, not validation)`)
      if (p.never) {
        if (r.statusCode < 400 && !(r.statusCode === 303 && r.headers.location?.startsWith('/sign-in')))
          return failures.push(`${p.label} → ${r.statusCode}: accepted`)
        const named = p.api
          ? JSON.stringify((r.json() as { errors?: unknown }).errors ?? '').includes(p.field)
          : r.body.includes(p.field)
        if ([400, 422].includes(r.statusCode) && !named)
          return failures.push(`${p.label} → ${r.statusCode} does not name the field`)
      }
      return 0
    }
    const before = await snapshot()
    for (const p of never) check(p, await send(p))
    const afterNever = await snapshot()
    assert.equal(afterNever, before, 'a refused value changed what is stored')
    for (const p of odd) check(p, await send(p))
    assert.deepEqual(
      failures,
      [],
      `seed ${SEED} (HOSTILE_INPUT_SEED=${SEED} repeats this sample; ${probes.length} of ${all.length} probes)`,
    )
  })
})
