#!/usr/bin/env node
// Runs the test suites with Node's own test runner: unit tests beside the code, integration
// tests against PGlite and a real PostgreSQL, and end-to-end tests in Debian Chromium.
// When TEST_DATABASE_URL is not given, a throw-away PostgreSQL server is started from
// Debian's binaries in a temporary folder and removed afterwards.
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const suites = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const wanted = suites.length ? suites : ['unit', 'integration', 'e2e']

function findTests(dir) {
  const out = []
  if (!fs.existsSync(dir)) return out
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...findTests(full))
    } else if (entry.name.endsWith('.test.ts')) out.push(full)
  }
  return out.sort()
}

const files = [
  ...(wanted.includes('unit') ? findTests(path.join(root, 'src')) : []),
  ...(wanted.includes('integration') ? findTests(path.join(root, 'test', 'integration')) : []),
  ...(wanted.includes('e2e') ? findTests(path.join(root, 'test', 'e2e')) : []),
]

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

function postgresBinDir() {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return null
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
  versions.sort((a, b) => Number(b) - Number(a))
  return versions.length ? path.join(base, versions[0], 'bin') : null
}

/** PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user. */
function runAs() {
  if (process.getuid?.() !== 0) return {}
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim())
  return { uid, gid }
}

async function startPostgres() {
  const bin = postgresBinDir()
  if (!bin) {
    throw new Error('PostgreSQL binaries not found under /usr/lib/postgresql. Install Debian\'s postgresql package (as .ci/run does) or set TEST_DATABASE_URL.')
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-pg-'))
  const ids = runAs()
  if (ids.uid !== undefined) fs.chownSync(dir, ids.uid, ids.gid)
  const dataDir = path.join(dir, 'data')
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'], { ...ids, encoding: 'utf8' })
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
  const port = await freePort()
  // Durability settings off: this server lives for one test run.
  const server = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'], { ...ids, stdio: ['ignore', 'ignore', 'pipe'] })
  let log = ''
  server.stderr.on('data', (d) => { log += d })
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  for (let i = 0; i < 100; i++) {
    const ready = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { encoding: 'utf8' })
    if (ready.status === 0) break
    if (server.exitCode !== null) throw new Error(`PostgreSQL exited: ${log}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    async stop() {
      server.kill('SIGINT')
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)))
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

const needsPostgres = wanted.includes('integration') || wanted.includes('e2e')
let postgres = null
const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }
if (needsPostgres && !process.env.TEST_DATABASE_URL) {
  postgres = await startPostgres()
  env.TEST_DATABASE_URL = postgres.url
}

const args = ['--import', 'tsx', '--test', '--test-reporter=spec', `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`, ...files]
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))))
if (postgres) await postgres.stop()
process.exit(code)
