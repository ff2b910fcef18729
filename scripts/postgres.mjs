// A throw-away PostgreSQL server from Debian's binaries (/usr/lib/postgresql/<version>/bin), in a
// temporary folder that stop() removes. Shared by the test runner and the benchmark. As root the
// server runs as the 'postgres' user, since PostgreSQL refuses to run as root.
import { spawn, spawnSync, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

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

export function postgresBinDir() {
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
 */
export async function startPostgres({ settings = TEST_SETTINGS, missingHint = 'set TEST_DATABASE_URL' } = {}) {
  const bin = postgresBinDir()
  if (!bin) {
    throw new Error(
      `PostgreSQL binaries not found under /usr/lib/postgresql. Install Debian's postgresql package (as .ci/run does) or ${missingHint}.`,
    )
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'candour-pg-'))
  try {
    const ids = runAs()
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
    for (let i = 0; ; i++) {
      const ready = spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], {
        encoding: 'utf8',
      })
      if (ready.status === 0) break
      if (server.exitCode !== null || i >= 200) {
        await stop()
        throw new Error(`PostgreSQL did not start: ${log}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    // The same server over its Unix socket (in dir), for a client on the same machine.
    const socketUrl = `postgres://postgres@${encodeURIComponent(dir)}:${port}/postgres`
    return { url, socketUrl, port, dir, stop }
  } catch (error) {
    if (fs.existsSync(dir)) fs.rmSync(dir, { recursive: true, force: true })
    throw error
  }
}
