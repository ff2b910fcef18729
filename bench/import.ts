/**
 * The import benchmark (a step of `npm run bench`, or alone: `npx tsx bench/import.ts`):
 * generates a source's files — BENCH_IMPORT_ALLEGATIONS allegation rows (1,000,000), with
 * their cases (4 in 10) and officers (1 in 10) — then imports them on each database in a child
 * process of its own and reports rows per second, total time and the child's peak RSS.
 * Targets (docs/performance.md): under 2 minutes on PostgreSQL, under 6 on PGlite, under 400 MB.
 *
 *   BENCH_IMPORT_ALLEGATIONS (1000000), BENCH_DATABASES ('postgres,pglite')
 *   child modes: tsx bench/import.ts --prepare, then --run <files> (read DATABASE_URL / CANDOUR_DATA_DIR)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { once } from 'node:events'
import os from 'node:os'
import path from 'node:path'
import { startPostgres } from '../scripts/postgres.mjs'
import type { DatabaseHandle } from '../src/data/database.js'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const FORCES = ['BENCHA', 'BENCHB', 'BENCHC', 'BENCHD']

function prng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

async function writeLines(file: string, header: string, rows: (i: number) => string, count: number) {
  const out = fs.createWriteStream(file)
  out.write(header + '\n')
  let buffer = ''
  for (let i = 0; i < count; i++) {
    buffer += rows(i) + '\n'
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain')
      buffer = ''
    }
  }
  out.end(buffer)
  await once(out, 'finish')
}

const CATEGORIES = ['Use of force', 'Duties and responsibilities', 'Honesty and integrity', 'Discriminatory behaviour']
const FINDINGS = ['Upheld', 'Not upheld', 'Case to answer', 'No case to answer']
const OUTCOMES = ['No action', 'Written warning', 'Reflective practice', 'Final written warning']

/** The files of one source: deterministic, so every run imports the same rows. */
export async function generateImportFiles(dir: string, allegations: number): Promise<string[]> {
  const cases = Math.max(1, Math.round(allegations * 0.4))
  const officers = Math.max(1, Math.round(allegations * 0.1))
  const r = prng(20261130)
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!
  await writeLines(
    path.join(dir, 'officers.csv'),
    'source_id,force_code,warrant_number,surname,forenames,rank,sex,ethnicity,appointed_on,birth_year',
    (i) =>
      `O${i},${FORCES[i % 4]},${i % 5 === 0 ? '' : `W${i}`},Surname${i % 997},Forename${i % 331},${pick(['PC', 'Sgt', 'DC', 'Insp'])},${i % 2 ? 'male' : 'female'},,${2000 + (i % 20)}-0${1 + (i % 9)}-1${i % 10},${1960 + (i % 40)}`,
    officers,
  )
  await writeLines(
    path.join(dir, 'cases.csv'),
    'source_id,force_code,kind,received_on,incident_on,incident_time,location,postcode,latitude,longitude,category,summary,closed_on',
    (i) =>
      `C${i},${FORCES[i % 4]},complaint,${2010 + (i % 14)}-0${1 + (i % 9)}-1${i % 10},,,"Street ${i % 500}, Town",,,,${pick(CATEGORIES)},"Generated case ${i}, for the import benchmark",`,
    cases,
  )
  // Officers' shares of allegations are skewed (a few officers named often), as in real data.
  await writeLines(
    path.join(dir, 'allegations.csv'),
    'case_source_id,officer_source_id,force_code,warrant_number,category,standard,finding,outcome',
    (i) =>
      `C${Math.floor(i * 0.4)},O${Math.floor(officers * r() ** 2)},,,${pick(CATEGORIES)},use_of_force,${pick(FINDINGS)},${pick(OUTCOMES)}`,
    allegations,
  )
  return ['officers.csv', 'cases.csv', 'allegations.csv'].map((f) => path.join(dir, f))
}

/**
 * The floor for the same files on the same machine at the same moment: reading them (the same
 * reader) and COPYing every value as text into a table with no checks, no ids and no indexes —
 * what streaming the rows into this database costs at all. The machine is shared and noisy, so
 * the import is reported as a ratio to this floor beside its own time.
 */
async function copyFloor(handle: DatabaseHandle, files: string[]): Promise<number> {
  const { withBulkSession, copyLine } = await import('../src/data/bulk.js')
  const { readRecords } = await import('../src/services/import/reader.js')
  const started = Date.now()
  await withBulkSession(handle, async (s) => {
    for (const [i, file] of files.entries()) {
      let columns: string[] = []
      let text = ''
      for await (const record of readRecords(fs.createReadStream(file), 'csv')) {
        if (record.kind === 'header') {
          columns = record.columns
          await s.query(`create temp table floor_${i} (${columns.map((c) => `"${c}" text`).join(', ')})`)
          continue
        }
        text += copyLine(columns.map((c) => record.values[c] || null))
        if (text.length >= 4 << 20) {
          await s.copy(
            `floor_${i}`,
            columns.map((c) => `"${c}"`),
            text,
          )
          text = ''
        }
      }
      if (text)
        await s.copy(
          `floor_${i}`,
          columns.map((c) => `"${c}"`),
          text,
        )
    }
  })
  return (Date.now() - started) / 1000
}

/**
 * Prepare mode: create and migrate the database and add the forces, in a process of its own. The
 * import's process then opens an existing database, as `candour import` does on a deployment;
 * a first open of an empty PGlite folder runs initdb (a second WebAssembly instance and the new
 * folder as a tarball in memory), a one-off peak that is not the import's (docs/performance.md).
 */
async function prepare() {
  const { loadConfig } = await import('../src/config.js')
  const { startRuntime } = await import('../src/runtime.js')
  const { systemContext } = await import('../src/services/context.js')
  const runtime = await startRuntime(loadConfig())
  for (const code of FORCES) {
    await runtime.services.organisations.ensure(
      { code, name: `Bench force ${code}`, kind: 'police_force' },
      systemContext('bench'),
    )
  }
  await runtime.close()
  console.log(JSON.stringify({ prepareMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }))
}

/** Child mode: import the files and print the figures as JSON on the last line. */
async function child(files: string[]) {
  const { loadConfig } = await import('../src/config.js')
  const { startRuntime } = await import('../src/runtime.js')
  const { historyImportService } = await import('../src/services/import/historyImport.js')
  const { systemContext } = await import('../src/services/context.js')
  const runtime = await startRuntime(loadConfig())
  const baselineRssMb = Math.round(process.memoryUsage().rss / 1024 ** 2)
  let peak = 0
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 200)
  const report = await historyImportService(runtime.database).run(
    {
      source: 'bench',
      files: files.map((f) => ({
        name: path.basename(f),
        size: fs.statSync(f).size,
        open: () => fs.createReadStream(f),
      })),
      onProgress: (p) => {
        // RSS and the V8 heap at each progress line: where the memory goes, stage by stage.
        const m = process.memoryUsage()
        const mb = (n: number) => Math.round(n / 1024 ** 2)
        process.stderr.write(
          `${p.phase} ${p.rowsRead} rows ${(p.elapsedMs / 1000).toFixed(0)} s rss ${mb(m.rss)} MB heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB external ${mb(m.external + m.arrayBuffers)} MB\n`,
        )
      },
    },
    systemContext('bench'),
  )
  clearInterval(timer)
  // The import's own peak, read before the floor runs (the floor's COPYs would count otherwise).
  const importPeak = Math.max(peak, process.resourceUsage().maxRSS * 1024)
  const floorSeconds = await copyFloor(runtime.database, files)
  await runtime.close()
  const rows = report.rowsRead.cases + report.rowsRead.officers + report.rowsRead.allegations
  console.log(
    JSON.stringify({
      status: report.status,
      failure: report.failure,
      seconds: report.seconds,
      rows,
      allegations: report.rowsRead.allegations,
      baselineRssMb,
      floorSeconds,
      maxRssMb: Math.round(importPeak / 1024 ** 2),
      floorMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  )
}

export interface ImportFigures {
  database: string
  status: string
  seconds: number
  rowsPerSecond: number
  allegations: number
  maxRssMb: number
  /** The child's RSS after opening and migrating the database, before the import. */
  baselineRssMb: number
  /** Reading the same files and COPYing them as text with no checks (copyFloor), in seconds. */
  floorSeconds: number
  /** The peak RSS of creating and migrating the database (its own process, before the import's). */
  prepareMaxRssMb: number
  load: string
}

/** bin/candour.js's V8 flags (kept equal to them by hand: that file is plain JavaScript). */
const CLI_NODE_FLAGS = [
  '--max-semi-space-size=2',
  '--max-old-space-size=128',
  '--wasm-lazy-compilation',
  '--no-liftoff',
]

async function runChild(files: string[], env: NodeJS.ProcessEnv, mode = '--run'): Promise<Record<string, unknown>> {
  // The same V8 flags as bin/candour.js, so the figures are those of `candour import`
  // (BENCH_NODE_FLAGS, space-separated, replaces them for an experiment).
  const flags = process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? CLI_NODE_FLAGS
  const proc = spawn(
    process.execPath,
    [...flags, '--import', 'tsx', path.join(root, 'bench', 'import.ts'), mode, ...files],
    {
      cwd: root,
      env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  let out = ''
  proc.stdout.on('data', (d) => (out += d))
  const [code] = (await once(proc, 'exit')) as [number]
  if (code !== 0) throw new Error(`import benchmark child failed (${code}): ${out}`)
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>
}

export async function importBench(
  allegations = Number(process.env.BENCH_IMPORT_ALLEGATIONS ?? 1_000_000),
  databases = (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(','),
): Promise<ImportFigures[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-import-bench-'))
  const figures: ImportFigures[] = []
  try {
    const t0 = Date.now()
    const files = await generateImportFiles(tmp, allegations)
    const size = files.reduce((n, f) => n + fs.statSync(f).size, 0)
    console.log(
      `Import files: ${allegations.toLocaleString('en-GB')} allegations, ${(size / 1024 ** 2).toFixed(0)} MB, generated in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    )
    for (const database of databases) {
      let env: NodeJS.ProcessEnv
      let stop = async () => {}
      if (database === 'postgres') {
        const pg = await startPostgres({
          settings: { shared_buffers: '256MB', max_wal_size: '4GB', checkpoint_timeout: '30min' },
          missingHint: 'set BENCH_DATABASE_URL',
        })
        env = { DATABASE_URL: pg.url, CANDOUR_DATA_DIR: path.join(tmp, 'pg-data') }
        stop = () => pg.stop()
      } else env = { CANDOUR_DATA_DIR: path.join(tmp, 'pglite-data') }
      try {
        const prepared = await runChild([], env, '--prepare')
        const r = await runChild(files, env)
        const seconds = Number(r.seconds)
        figures.push({
          database,
          status: String(r.status),
          seconds,
          rowsPerSecond: Math.round(Number(r.rows) / seconds),
          allegations: Number(r.allegations),
          maxRssMb: Number(r.maxRssMb),
          baselineRssMb: Number(r.baselineRssMb),
          floorSeconds: Number(r.floorSeconds),
          prepareMaxRssMb: Number(prepared.prepareMaxRssMb),
          load: os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' '),
        })
        console.log(JSON.stringify(figures[figures.length - 1]))
      } finally {
        await stop()
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  console.log('\nImport (rows = cases + officers + allegations; load average 1/5/15 min at the end)')
  for (const f of figures)
    console.log(
      `  ${f.database.padEnd(9)} ${f.status.padEnd(10)} ${f.allegations.toLocaleString('en-GB')} allegations in ${f.seconds.toFixed(1)} s (floor ${f.floorSeconds.toFixed(1)} s, ratio ${(f.seconds / f.floorSeconds).toFixed(2)}), ${f.rowsPerSecond.toLocaleString('en-GB')} rows/s, peak RSS ${f.maxRssMb} MB (${f.baselineRssMb} MB before the import; creating the database ${f.prepareMaxRssMb} MB), load ${f.load}`,
    )
  return figures
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const at = process.argv.indexOf('--run')
  const run = process.argv.includes('--prepare')
    ? prepare()
    : at >= 0
      ? child(process.argv.slice(at + 1))
      : importBench().then(() => undefined)
  run.catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
