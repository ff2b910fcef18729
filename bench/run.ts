/**
 * `npm run bench`: generates the benchmark data set on PostgreSQL and on PGlite, starts the real
 * app on a real port against each, and measures latency under concurrent load for the pages
 * people use most. Each endpoint's p95 is shown beside two floors measured in the same run:
 *
 *   - the constant page: the same server (session, security headers, hooks) answering a fixed
 *     string, registered here only, never in src/;
 *   - the query floor: the same service calls the route handler makes, run directly with the
 *     same concurrency, without HTTP, session lookup or rendering.
 *
 * Settings (environment): BENCH_INVESTIGATIONS (100000), BENCH_DURATION seconds per endpoint
 * (10), BENCH_WARMUP seconds (2), BENCH_CONNECTIONS (16), BENCH_DATABASES ('postgres,pglite'),
 * BENCH_DATABASE_URL (an empty PostgreSQL database to use instead of a throw-away server),
 * BENCH_IMPORT=0 to leave out the import step (bench/import.ts, BENCH_IMPORT_ALLEGATIONS rows).
 * Thresholds live here and in docs/performance.md, never in the tests.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { generateBenchData, type BenchDataSummary } from '../src/data/bench/generate.js'
import { startAuditSealer, type AuditSealer } from '../src/jobs/auditSealer.js'
import { startRuntime, type Runtime } from '../src/runtime.js'
import type { RequestContext } from '../src/services/context.js'
import { encodeCursor } from '../src/services/investigations.js'
import { hashPassword } from '../src/services/security/passwords.js'
import { publicAccess } from '../src/web/access.js'
import { sessionCookieName } from '../src/web/plugins/session.js'
import { startPostgres, type ThrowAwayPostgres } from '../scripts/postgres.mjs'
import { importBench } from './import.js'
import type { LoadJob, LoadResult } from './load.js'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const env = process.env
const INVESTIGATIONS = Number(env.BENCH_INVESTIGATIONS ?? 100_000)
const DURATION = Number(env.BENCH_DURATION ?? 10)
const WARMUP = Number(env.BENCH_WARMUP ?? 2)
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 16)
const DATABASES = (env.BENCH_DATABASES ?? 'postgres,pglite').split(',').map((s) => s.trim()) as (
  'postgres' | 'pglite'
)[]
/**
 * How the app reaches the throw-away PostgreSQL server, which shares the machine's two cores with
 * it: over the Unix socket (as a co-located database is normally reached) or over TCP loopback.
 */
const PG_CONNECTION = (env.BENCH_PG_CONNECTION ?? 'socket') as 'socket' | 'tcp'
/** While working on one page: measure only these endpoints (keys: list, deep, search, overview, chronology, subject). */
const ONLY = env.BENCH_ONLY ? new Set(env.BENCH_ONLY.split(',').map((s) => s.trim())) : null

/** Targets (PostgreSQL, 100,000 cases, 2 cores). */
const TARGET_P95_MS: Record<string, number> = { list: 100, deep: 100, search: 100, overview: 50 }
const MAX_FLOOR_RATIO = 5

interface Percentiles {
  p50: number
  p95: number
  p99: number
  count: number
  perSecond: number
}

function percentiles(latencies: number[], seconds: number): Percentiles {
  const sorted = [...latencies].sort((a, b) => a - b)
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]! : NaN
  return { p50: at(50), p95: at(95), p99: at(99), count: sorted.length, perSecond: sorted.length / seconds }
}

/** Runs one autocannon job in a child process (bench/load.ts). */
async function load(job: LoadJob): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'load.ts'), JSON.stringify(job)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  child.stdout.on('data', (d) => (out += d))
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)))
  if (code !== 0) throw new Error(`autocannon run failed (exit ${code})`)
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult
}

/** Calls `fn` from `concurrency` callers at once for `seconds`; each call's latency in ms. */
async function hammer(
  fn: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = []
  const started = performance.now()
  const end = started + seconds * 1000
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const t = performance.now()
        await fn()
        latencies.push(performance.now() - t)
      }
    }),
  )
  return { latencies, seconds: (performance.now() - started) / 1000 }
}

interface Endpoint {
  key: string
  label: string
  method: 'GET' | 'POST'
  paths: string[]
  body?: string
  api?: boolean
  /** The service calls the handler makes, for the query floor. */
  floor: () => Promise<unknown>
}

interface Row {
  endpoint: string
  http?: Percentiles
  floor?: Percentiles
  constantRatio?: number
  floorRatio?: number
  target: string
  result: string
  note?: string
}

const fmt = (n: number | undefined, digits = 1) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits))

function printTable(title: string, rows: Row[]) {
  const header = [
    'Endpoint',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'req/s',
    'p95 ÷ constant',
    'query p95 ms',
    'p95 ÷ query',
    'Target',
    'Result',
  ]
  const lines = rows.map((r) => [
    r.endpoint,
    fmt(r.http?.p50),
    fmt(r.http?.p95),
    fmt(r.http?.p99),
    fmt(r.http?.perSecond, 0),
    r.constantRatio === undefined ? '—' : `${fmt(r.constantRatio)}×`,
    fmt(r.floor?.p95),
    r.floorRatio === undefined ? '—' : `${fmt(r.floorRatio)}×`,
    r.target,
    r.result,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)))
  const row = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  console.log(`\n${title}\n`)
  console.log(row(header))
  console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`)
  for (const l of lines) console.log(row(l))
  for (const r of rows) if (r.note) console.log(`  ${r.endpoint}: ${r.note}`)
}

async function benchOne(kind: 'postgres' | 'pglite'): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-bench-'))
  let postgres: ThrowAwayPostgres | undefined
  let runtime: Runtime | undefined
  let app: FastifyInstance | undefined
  let sealer: AuditSealer | undefined
  try {
    let databaseUrl: string | undefined
    if (kind === 'postgres') {
      databaseUrl = env.BENCH_DATABASE_URL
      if (!databaseUrl) {
        // A small production-like server: durable commits, memory sized for the data set.
        postgres = await startPostgres({
          settings: {
            shared_buffers: '512MB',
            effective_cache_size: '2GB',
            max_wal_size: '4GB',
            checkpoint_timeout: '30min',
            max_connections: '100',
            random_page_cost: '1.1',
          },
          missingHint: 'set BENCH_DATABASE_URL',
        })
        console.log(`PostgreSQL: ${postgres.description}`)
        if (PG_CONNECTION !== 'socket' && PG_CONNECTION !== 'tcp') throw new Error('BENCH_PG_CONNECTION: socket or tcp')
        databaseUrl = PG_CONNECTION === 'socket' ? postgres.socketUrl : postgres.url
        const server = postgres
        // Ctrl-C: stop the throw-away server and remove its folder before leaving.
        process.once('SIGINT', () => {
          void server.stop().finally(() => {
            fs.rmSync(tmp, { recursive: true, force: true })
            process.exit(130)
          })
        })
      }
    }

    // 1. Data.
    console.log(
      `\n=== ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}: generating ${INVESTIGATIONS.toLocaleString('en-GB')} investigations ===`,
    )
    const password = randomBytes(18).toString('base64url')
    const data: BenchDataSummary = await generateBenchData(
      { databaseUrl, pgliteDir: path.join(tmp, 'pglite') },
      {
        investigations: INVESTIGATIONS,
        benchUser: { email: 'bench.lead@candour.example', passwordHash: await hashPassword(password) },
        log: (l) => console.log(l),
      },
    )
    const rowCount = Object.values(data.rows).reduce((a, b) => a + b, 0)
    console.log(
      `Generation took ${data.seconds.toFixed(1)} s (${rowCount.toLocaleString('en-GB')} rows; target under 180 s on 2 cores)`,
    )

    // 2. The real app on a real port.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      CANDOUR_DATA_DIR: tmp,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    })
    runtime = await startRuntime(config)
    const { services } = runtime
    const server = await buildApp(config, services)
    app = server
    // As in production (src/server.ts): audit entries are sealed into the chain every second.
    sealer = startAuditSealer(services, { logger: server.log })
    // The constant page: the whole request pipeline, no database work beyond the session, no template.
    server.get('/bench/constant', { config: publicAccess }, async (_request, reply) =>
      reply.type('text/plain').send('constant'),
    )
    const chronologyPage = server.hasRoute({ method: 'GET', url: '/investigations/:id/chronology' })
    const chronologyApi = server.hasRoute({ method: 'GET', url: '/api/v1/investigations/:id/chronology-events' })
    const subjectsApi = server.hasRoute({ method: 'POST', url: '/api/v1/investigations/:id/subjects' })
    await server.listen({ host: '127.0.0.1', port: 0 })
    const address = server.server.address()
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`

    // 3. Signed in as the bench user, with a write token for the API.
    const system: RequestContext = { actor: null, requestId: 'bench' }
    const signIn = await services.authentication.signIn({ email: data.benchUserEmail, password }, system)
    if (!signIn.ok || signIn.stage !== 'authenticated') throw new Error('The bench user could not sign in')
    const session = await services.authentication.resolveSession(signIn.token)
    if (!session) throw new Error('No session for the bench user')
    const ctx: RequestContext = { actor: session.actor, requestId: 'bench' }
    const { secret } = await services.apiTokens.create(
      data.benchUserId,
      { name: 'Benchmark', scopes: ['read', 'write'], expiresAt: null },
      system,
    )
    const cookie = `${sessionCookieName(config.session.secureCookies)}=${signIn.token}`

    // The deep page: walk the bench user's case list to about 2,000 rows deep (or near its end).
    const deepRows = Math.max(25, Math.min(2000, data.benchUserCases - 30))
    let cursor: string | undefined
    let walked = 0
    const memberCases: string[] = []
    while (walked < deepRows) {
      const page = await services.investigations.list(ctx, {
        limit: Math.min(100, deepRows - walked),
        ...(cursor ? { cursor } : {}),
      })
      walked += page.items.length
      for (const r of page.items) if (r.id !== data.largestInvestigationId) memberCases.push(r.id)
      const last = page.items[page.items.length - 1]
      if (!last || !page.nextCursor) break
      cursor = encodeCursor(last.updated_at_key, last.id)
    }
    if (!cursor) throw new Error('Could not walk the case list')
    const deepCursor = cursor
    const subjectCases = memberCases.slice(0, 200)

    const endpoints: Endpoint[] = [
      {
        key: 'list',
        label: 'Case list with filters',
        method: 'GET',
        paths: [`/investigations?status=investigating&force=${data.listForceId}`],
        floor: async () => {
          await services.investigations.list(ctx, { status: 'investigating', forceId: data.listForceId })
          await services.organisations.list()
        },
      },
      {
        key: 'deep',
        label: `Case list, ${walked.toLocaleString('en-GB')} rows deep`,
        method: 'GET',
        paths: [`/investigations?cursor=${deepCursor}`],
        floor: async () => {
          await services.investigations.list(ctx, { cursor: deepCursor })
          await services.organisations.list()
        },
      },
      {
        key: 'search',
        label: `Search ("${data.searchSurname}")`,
        method: 'GET',
        paths: [`/investigations?q=${encodeURIComponent(data.searchSurname)}`],
        floor: async () => {
          await services.investigations.list(ctx, { search: data.searchSurname })
          await services.organisations.list()
        },
      },
      {
        key: 'overview',
        label: 'Case overview',
        method: 'GET',
        paths: [`/investigations/${data.largestInvestigationId}`],
        floor: () =>
          Promise.all([
            services.investigations.overview(data.largestInvestigationId, ctx),
            services.investigations.header(data.largestInvestigationId, ctx),
          ]),
      },
    ]
    const skipped: Row[] = []
    const chronologyLabel = `Chronology of the largest case (${data.largestChronologyEvents.toLocaleString('en-GB')} events)`
    if (chronologyPage || chronologyApi) {
      endpoints.push({
        key: 'chronology',
        label: chronologyPage ? chronologyLabel : `${chronologyLabel}, API`,
        method: 'GET',
        paths: [
          chronologyPage
            ? `/investigations/${data.largestInvestigationId}/chronology`
            : `/api/v1/investigations/${data.largestInvestigationId}/chronology-events`,
        ],
        api: !chronologyPage,
        floor: () =>
          chronologyPage
            ? Promise.all([
                services.chronology.timeline(data.largestInvestigationId, ctx),
                services.investigations.header(data.largestInvestigationId, ctx),
              ])
            : services.chronology.timeline(data.largestInvestigationId, ctx),
      })
    } else {
      skipped.push({
        endpoint: chronologyLabel,
        target: '—',
        result: 'SKIPPED',
        note: 'neither GET /investigations/:id/chronology nor GET /api/v1/investigations/:id/chronology-events is registered yet',
      })
    }
    let floorSubjects = 0
    if (subjectsApi && subjectCases.length) {
      const subjectInput = (n: string) => ({
        givenName: 'Bench',
        familyName: `Subject${n}`,
        warrantNumber: `B${n}`,
        kind: 'police_officer' as const,
        rank: 'constable',
        roleAtTime: 'Response officer',
      })
      endpoints.push({
        key: 'subject',
        label: 'API create subject (POST)',
        method: 'POST',
        paths: subjectCases.map((id) => `/api/v1/investigations/${id}/subjects`),
        body: JSON.stringify(subjectInput('{{n}}')),
        api: true,
        floor: () => {
          const i = floorSubjects++
          return services.subjects.add(
            subjectCases[i % subjectCases.length]!,
            subjectInput(`F${process.pid}${String(i).padStart(7, '0')}`),
            ctx,
          )
        },
      })
    } else {
      skipped.push({
        endpoint: 'API create subject (POST)',
        target: '—',
        result: 'SKIPPED',
        note: 'POST /api/v1/investigations/:id/subjects is not registered yet',
      })
    }

    // 4. Measure: the constant page, then each endpoint over HTTP and its query floor.
    const headers = (e: { api?: boolean; method: string }): Record<string, string> => {
      if (!e.api) return { cookie, accept: 'text/html' }
      return {
        authorization: `Bearer ${secret}`,
        accept: 'application/json',
        ...(e.method === 'POST' ? { 'content-type': 'application/json' } : {}),
      }
    }
    const run = async (job: Omit<LoadJob, 'url' | 'connections' | 'durationSeconds'>, label: string) => {
      if (WARMUP > 0) await load({ ...job, url, connections: CONNECTIONS, durationSeconds: WARMUP })
      const result = await load({ ...job, url, connections: CONNECTIONS, durationSeconds: DURATION })
      const bad = Object.entries(result.statusCounts).filter(([s]) => !/^2\d\d$/.test(s))
      const note =
        bad.length || result.errors || result.timeouts
          ? `non-2xx or failed: ${JSON.stringify(Object.fromEntries(bad))}, errors ${result.errors}, timeouts ${result.timeouts}`
          : undefined
      console.log(
        `  ${label}: ${result.latencies.length} responses in ${result.seconds.toFixed(1)} s${note ? ` (${note})` : ''}`,
      )
      return { p: percentiles(result.latencies, result.seconds), note }
    }
    console.log(
      `\nLoad average before measuring: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (other work on the machine inflates every figure)`,
    )
    console.log(`Measuring with ${CONNECTIONS} connections, ${WARMUP} s warm-up and ${DURATION} s per endpoint`)
    const constant = await run({ method: 'GET', paths: ['/bench/constant'], headers: { cookie } }, 'constant page')
    const rows: Row[] = [
      { endpoint: 'Constant page (floor)', http: constant.p, constantRatio: 1, target: '—', result: '' },
    ]
    for (const e of endpoints) {
      if (ONLY && !ONLY.has(e.key)) continue
      const http = await run(
        { method: e.method, paths: e.paths, headers: headers(e), ...(e.body ? { body: e.body } : {}) },
        e.label,
      )
      if (WARMUP > 0) await hammer(e.floor, WARMUP, CONNECTIONS)
      const q = await hammer(e.floor, DURATION, CONNECTIONS)
      const floor = percentiles(q.latencies, q.seconds)
      const constantRatio = http.p.p95 / constant.p.p95
      const floorRatio = http.p.p95 / floor.p95
      const absolute = TARGET_P95_MS[e.key]
      let target = `≤ ${MAX_FLOOR_RATIO}× query`
      let result = ''
      if (kind === 'postgres') {
        if (absolute !== undefined) target = `p95 ≤ ${absolute} ms, ≤ ${MAX_FLOOR_RATIO}× query`
        const pass = (absolute === undefined || http.p.p95 <= absolute) && floorRatio <= MAX_FLOOR_RATIO && !http.note
        result = pass ? 'PASS' : 'MISS'
      } else {
        target = '(none on PGlite)'
      }
      rows.push({
        endpoint: e.label,
        http: http.p,
        floor,
        constantRatio,
        floorRatio,
        target,
        result,
        ...(http.note ? { note: http.note } : {}),
      })
    }
    rows.push(...skipped)

    const version =
      kind === 'postgres'
        ? (await sql<{ v: string }>`select current_setting('server_version') as v`.execute(runtime.database.db)).rows[0]
            ?.v
        : undefined
    const title =
      `${kind === 'postgres' ? `PostgreSQL ${version ?? ''}${postgres ? ` over ${PG_CONNECTION === 'socket' ? 'its Unix socket' : 'TCP'}` : ''}`.trim() : 'PGlite'} — ${INVESTIGATIONS.toLocaleString('en-GB')} investigations, ` +
      `${(data.rows.chronology_events ?? 0).toLocaleString('en-GB')} chronology events; ${CONNECTIONS} connections, ${DURATION} s per endpoint; ` +
      `generation ${data.seconds.toFixed(1)} s; ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}, ` +
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} at the end`
    printTable(title, rows)
  } finally {
    await app?.close().catch(() => {})
    await sealer?.stop().catch(() => {})
    await runtime?.close().catch(() => {})
    // pg's pool.end() resolves a moment before its sockets close; stopping the server first makes
    // the closing connections report an error.
    await new Promise((r) => setTimeout(r, 500))
    await postgres?.stop().catch((e: unknown) => console.error('Could not stop PostgreSQL:', e))
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

async function main() {
  const started = performance.now()
  for (const kind of DATABASES) {
    if (kind !== 'postgres' && kind !== 'pglite') throw new Error(`BENCH_DATABASES: unknown database ${String(kind)}`)
    await benchOne(kind)
  }
  // The import step (bench/import.ts): BENCH_IMPORT=0 leaves it out.
  if (env.BENCH_IMPORT !== '0') await importBench(undefined, DATABASES)
  console.log(`\nBenchmark finished in ${((performance.now() - started) / 60_000).toFixed(1)} minutes.`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
