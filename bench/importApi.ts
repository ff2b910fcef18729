/**
 * The memory of an import through the API (`npx tsx bench/importApi.ts`; docs/performance.md):
 * imports run in the server's process (ADR 0030), so this starts the server as `npm start` does
 * (no V8 flags), uploads a source's files to POST /api/v1/imports over HTTP, streamed from disk,
 * and waits for the job runner to finish it, reading the server's RSS from /proc every 200 ms:
 * before the upload, its peak while uploading and importing, and after.
 *
 *   BENCH_IMPORT_API_ALLEGATIONS (100000), BENCH_DATABASES ('postgres,pglite')
 *   child mode: tsx bench/importApi.ts --serve (reads DATABASE_URL / CANDOUR_DATA_DIR)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import { once } from 'node:events'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { startPostgres } from '../scripts/postgres.mjs'
import { generateImportFiles } from './import.js'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')

/** Server mode: the app as `npm start` serves it, with an administrator's token printed for the bench. */
async function serve() {
  const { loadConfig } = await import('../src/config.js')
  const { startRuntime } = await import('../src/runtime.js')
  const { buildApp } = await import('../src/app.js')
  const { startScheduler } = await import('../src/jobs/scheduler.js')
  const { systemContext } = await import('../src/services/context.js')
  const config = loadConfig()
  const runtime = await startRuntime(config)
  await runtime.services.organisations.ensure(
    { code: 'OVERSIGHT', name: 'Oversight body', kind: 'oversight_body' },
    systemContext('bench'),
  )
  const { user } = await runtime.services.users.add(
    {
      email: 'bench-admin@example.test',
      displayName: 'Bench administrator',
      roles: ['administrator'],
      organisationCode: 'OVERSIGHT',
      password: 'correct-horse-battery-staple-bench',
    },
    systemContext('bench'),
  )
  const token = await runtime.services.apiTokens.create(
    user.id,
    { name: 'bench', scopes: ['read', 'write'], expiresAt: null },
    systemContext('bench'),
  )
  const app = await buildApp(config, runtime.services)
  startScheduler(runtime.services, { logger: app.log })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  console.log(JSON.stringify({ port, token: token.secret }))
  // BENCH_VERBOSE=1: the server's heap and external memory every 2 s, to see where its RSS goes.
  if (process.env.BENCH_VERBOSE)
    setInterval(() => {
      const m = process.memoryUsage()
      const mb = (n: number) => Math.round(n / 1024 ** 2)
      process.stderr.write(
        `server rss ${mb(m.rss)} MB heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB external ${mb(m.external)} MB arrayBuffers ${mb(m.arrayBuffers)} MB\n`,
      )
    }, 2000).unref()
}

const statusOf = (pid: number) => fs.readFileSync(`/proc/${pid}/status`, 'utf8')
const kb = (status: string, key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0)

/** POSTs the files as multipart/form-data, each streamed from disk (the client holds no file whole). */
async function upload(port: number, token: string, files: string[]): Promise<{ status: number; body: string }> {
  const boundary = `----candourbench${Date.now()}`
  const request = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/api/v1/imports',
    headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}` },
  })
  const write = async (chunk: string | Buffer) => {
    if (!request.write(chunk)) await once(request, 'drain')
  }
  await write(`--${boundary}\r\ncontent-disposition: form-data; name="source"\r\n\r\nbench-api\r\n`)
  for (const file of files) {
    const name = path.basename(file, '.csv')
    await write(
      `--${boundary}\r\ncontent-disposition: form-data; name="${name}"; filename="${name}.csv"\r\ncontent-type: text/csv\r\n\r\n`,
    )
    for await (const chunk of fs.createReadStream(file)) await write(chunk as Buffer)
    await write('\r\n')
  }
  request.end(`--${boundary}--\r\n`)
  const [response] = (await once(request, 'response')) as [http.IncomingMessage]
  let body = ''
  for await (const chunk of response) body += chunk
  return { status: response.statusCode ?? 0, body }
}

async function getJson(port: number, token: string, url: string): Promise<Record<string, unknown>> {
  const response = await fetch(`http://127.0.0.1:${port}${url}`, { headers: { authorization: `Bearer ${token}` } })
  return (await response.json()) as Record<string, unknown>
}

async function measure(files: string[], env: NodeJS.ProcessEnv) {
  // Create and migrate the database first, as a deployment's would be (bench/import.ts --prepare).
  const prepare = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'import.ts'), '--prepare'], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const [prepared] = (await once(prepare, 'exit')) as [number]
  if (prepared !== 0) throw new Error('preparing the database failed')
  const server = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', 'importApi.ts'), '--serve'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'silent',
      CANDOUR_SEED_DEMO: 'false',
      IMPORT_UPLOAD_MAX_BYTES: String(1024 ** 3),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  try {
    const lines = createInterface({ input: server.stdout! })
    let ready: { port: number; token: string } | null = null
    for await (const line of lines) {
      if (line.startsWith('{"port"')) {
        ready = JSON.parse(line) as { port: number; token: string }
        break
      }
    }
    if (!ready) throw new Error('the server did not start')
    const pid = server.pid!
    await new Promise((r) => setTimeout(r, 2000))
    const beforeKb = kb(statusOf(pid), 'VmRSS')
    let peakKb = beforeKb
    const timer = setInterval(() => (peakKb = Math.max(peakKb, kb(statusOf(pid), 'VmRSS'))), 200)
    const started = Date.now()
    const posted = await upload(ready.port, ready.token, files)
    if (posted.status !== 202) throw new Error(`upload answered ${posted.status}: ${posted.body}`)
    const uploadedKb = kb(statusOf(pid), 'VmRSS')
    const uploadSeconds = (Date.now() - started) / 1000
    const id = (JSON.parse(posted.body) as { id: string }).id
    let job: Record<string, unknown>
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000))
      job = await getJson(ready.port, ready.token, `/api/v1/imports/${id}`)
      if (!['queued', 'running'].includes(String(job.status))) break
    }
    clearInterval(timer)
    const seconds = (Date.now() - started) / 1000
    const status = statusOf(pid)
    return {
      status: String(job.status),
      failure: job.failure ?? null,
      seconds,
      uploadSeconds,
      rssBeforeMb: Math.round(beforeKb / 1024),
      rssAfterUploadMb: Math.round(uploadedKb / 1024),
      rssPeakMb: Math.round(Math.max(peakKb, kb(status, 'VmRSS')) / 1024),
      rssAfterMb: Math.round(kb(status, 'VmRSS') / 1024),
      hwmMb: Math.round(kb(status, 'VmHWM') / 1024),
    }
  } finally {
    server.kill('SIGTERM')
    await once(server, 'exit')
  }
}

async function main() {
  const allegations = Number(process.env.BENCH_IMPORT_API_ALLEGATIONS ?? 100_000)
  const databases = (process.env.BENCH_DATABASES ?? 'postgres,pglite').split(',')
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-import-api-bench-'))
  try {
    const files = await generateImportFiles(tmp, allegations)
    const size = files.reduce((n, f) => n + fs.statSync(f).size, 0)
    console.log(`Upload: ${allegations.toLocaleString('en-GB')} allegations, ${(size / 1024 ** 2).toFixed(0)} MB`)
    for (const database of databases) {
      let env: NodeJS.ProcessEnv
      let stop = async () => {}
      if (database === 'postgres') {
        const pg = await startPostgres({ missingHint: 'set BENCH_DATABASE_URL' })
        env = { DATABASE_URL: pg.url, CANDOUR_DATA_DIR: path.join(tmp, 'pg-data') }
        stop = () => pg.stop()
      } else env = { CANDOUR_DATA_DIR: path.join(tmp, 'pglite-data') }
      try {
        const r = await measure(files, env)
        const load = os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')
        console.log(JSON.stringify({ database, ...r, load }))
        console.log(
          `  ${database.padEnd(9)} ${r.status} in ${r.seconds.toFixed(1)} s (upload ${r.uploadSeconds.toFixed(1)} s): server RSS ${r.rssBeforeMb} MB before, ${r.rssAfterUploadMb} MB after the upload, peak ${r.rssPeakMb} MB, ${r.rssAfterMb} MB after (VmHWM ${r.hwmMb} MB, includes start-up), load ${load}`,
        )
      } finally {
        await stop()
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  ;(process.argv.includes('--serve') ? serve() : main()).catch((error) => {
    console.error(error)
    process.exitCode = 1
  })
}
