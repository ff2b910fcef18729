/**
 * The operator's path of docs/operations.md, run as written: the blocks marked `operator-path…`
 * are taken from the page, so the page and the product cannot drift apart. Production mode
 * (NODE_ENV=production) against a fresh, empty PostgreSQL database owned by a role of its own, the
 * real CLI and the real server as child processes; then, over HTTP, the first administrator signs
 * in, sets up the second factor with a code computed from the secret the page shows, and adds a
 * lead investigator, who then signs in.
 *
 * PostgreSQL only: production runs on PostgreSQL (PGlite is for trying Candour out).
 *
 * Cookies: in production Candour's cookies are `Secure` with the `__Host-` prefix, which a browser
 * keeps only over HTTPS. Production serves plain HTTP behind a TLS-terminating proxy
 * (docs/operations.md); this test stands where that proxy's client would, so it checks every cookie
 * has the attributes the prefix demands and then sends it back itself, as the browser would over
 * HTTPS.
 */
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { generate } from 'otplib'
import pg from 'pg'
import { runCli } from '../../src/cli/candour.js'

const root = path.resolve(import.meta.dirname, '..', '..')
const operationsPage = readFileSync(path.join(root, 'docs', 'operations.md'), 'utf8')

/** The body of the one fenced block whose info string ends with `marker`. */
function block(marker: string): string {
  const found = [...operationsPage.matchAll(/^```\w+ ([\w-]+)\n([\s\S]*?)^```/gm)].filter((m) => m[1] === marker)
  assert.equal(found.length, 1, `docs/operations.md should have exactly one block marked ${marker}`)
  return found[0]![2]!
}

const commandLines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

interface Run {
  code: number
  output: string
}

function run(command: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', command], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => resolve({ code: code ?? 1, output }))
  })
}

/**
 * The CLI in this process, for the refusals: the same code as the child processes run, minus the
 * seconds each `npx` start costs, with the environment of the page's step 3 for the call.
 */
async function runInProcess(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const saved = { ...process.env }
  const lines: string[] = []
  Object.assign(process.env, env)
  try {
    return { code: await runCli(argv, (l) => lines.push(l)), output: lines.join('\n') }
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k]
    Object.assign(process.env, saved)
  }
}

/** A browser's cookie handling over HTTPS, with the `__Host-` rules checked on every cookie set. */
class HttpsBrowser {
  private readonly cookies = new Map<string, string>()
  constructor(private readonly origin: string) {}

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Response> {
    const headers: Record<string, string> = {}
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded'
    const response = await fetch(new URL(url, this.origin), {
      method,
      headers,
      redirect: 'manual',
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';').map((p) => p.trim())
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq)
      const value = pair!.slice(eq + 1)
      const lower = attributes.map((a) => a.toLowerCase())
      assert.ok(name.startsWith('__Host-'), `production cookie ${name} should have the __Host- prefix`)
      assert.ok(lower.includes('secure'), `${name} should be Secure`)
      assert.ok(lower.includes('path=/'), `${name} should have Path=/`)
      assert.ok(!lower.some((a) => a.startsWith('domain=')), `${name} must not name a Domain`)
      const expired = lower.some(
        (a) => a === 'max-age=0' || (a.startsWith('expires=') && Date.parse(a.slice(8)) < Date.now()),
      )
      if (value === '' || expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  async page(url: string): Promise<string> {
    const response = await this.request('GET', url)
    const html = await response.text()
    assert.equal(response.status, 200, `GET ${url}: ${response.status}\n${html.slice(0, 500)}`)
    return html
  }

  /** Posts a form with the CSRF token of the page it is on, as the page's own form would. */
  async submit(pageUrl: string, action: string, fields: Record<string, string>): Promise<Response> {
    const html = await this.page(pageUrl)
    const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
    assert.ok(token, `${pageUrl} should carry a CSRF token`)
    return this.request('POST', action, { ...fields, _csrf: token })
  }
}

describe('the operator path of docs/operations.md, in production mode on an empty PostgreSQL', () => {
  const adminUrl = process.env.TEST_DATABASE_URL
  const name = `candour_op_${randomBytes(5).toString('hex')}`
  let dataDir = ''
  let env: NodeJS.ProcessEnv = {}
  let server: ChildProcess | undefined
  let serverOutput = ''
  let origin = ''

  async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      return await work(client)
    } finally {
      await client.end()
    }
  }

  before(async () => {
    assert.ok(adminUrl, 'TEST_DATABASE_URL is set by scripts/run-tests.mjs')
    // Step 2, as the page has it, with this test's own role and database name.
    const statements = block('operator-path-database')
      .replace(/\bcandour\b/g, name)
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean)
    assert.equal(statements.length, 2)
    await admin(async (client) => {
      for (const statement of statements) await client.query(statement)
    })
    const password = /password '([^']+)'/.exec(statements[0]!)![1]!
    const databaseUrl = new URL(adminUrl!)
    databaseUrl.username = name
    databaseUrl.password = password
    databaseUrl.pathname = `/${name}`

    dataDir = await mkdtemp(path.join(os.tmpdir(), 'candour-operator-'))
    const port = await freePort()
    origin = `http://127.0.0.1:${port}`
    // Step 3: the page's settings, each given this test's value. Nothing the page does not name.
    const ours: Record<string, string> = {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl.toString(),
      SESSION_SECRET: randomBytes(48).toString('base64'),
      CANDOUR_DATA_DIR: dataDir,
      CANDOUR_PUBLIC_URL: 'https://candour.example.test',
      HOST: '127.0.0.1',
      PORT: String(port),
    }
    const named = [...block('operator-path-environment').matchAll(/^export (\w+)=/gm)].map((m) => m[1]!)
    assert.deepEqual([...named].sort(), Object.keys(ours).sort(), 'the settings the page exports')
    const inherited = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !k.startsWith('TEST_') && !k.startsWith('CANDOUR_') && k !== 'NODE_ENV',
      ),
    )
    env = { ...inherited, ...ours, LOG_LEVEL: 'warn' }
  })

  after(async () => {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve))
      process.kill(-server.pid, 'SIGTERM')
      await exited
    }
    await admin(async (client) => {
      await client.query(`drop database if exists ${name} with (force)`)
      await client.query(`drop role if exists ${name}`)
    })
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  })

  let oneTimePassword = ''
  let setupLine = ''

  it('runs step 4 as written (migrate, load the reference data, set up the first administrator), refusing a person added before set-up', async () => {
    const lines = commandLines(block('operator-path'))
    assert.deepEqual(
      lines.map((l) => l.split(' ').slice(0, 3).join(' ')),
      ['npx candour migrate', 'npx candour organisations', 'npx candour setup'],
    )
    for (const line of lines) {
      const result = await run(line, env)
      assert.equal(result.code, 0, `${line}\n${result.output}`)
      if (line.includes(' setup ')) {
        setupLine = line
        oneTimePassword = /One-time password: (\S+)/.exec(result.output)?.[1] ?? ''
        assert.match(result.output, /Added the first administrator: ada\.morgan@example\.gov\.uk\./)
        assert.match(result.output, /authenticator app/)
      }
      if (line.includes('load-defaults')) assert.match(result.output, /Reference list loaded: 52 added/)
      if (line.endsWith(' migrate')) {
        assert.match(result.output, /Applied: 0001_foundation, /, 'the database was empty')
        // Adding a person now, before set-up, is refused with what to do next.
        const early = await runInProcess(
          ['users', 'add', '--email', 'early@example.test', '--name', 'Early', '--role', 'investigator'],
          env,
        )
        assert.equal(early.code, 2, early.output)
        assert.match(early.output, /organisationCode: Choose an organisation that exists/)
        assert.match(early.output, /no organisations yet\. Run `candour setup/)
      }
    }
    assert.ok(oneTimePassword, 'setup prints a one-time password')
  })

  it('refuses to set up twice, naming what to do instead', async () => {
    // The page's own line, its arguments as the shell would split them.
    const argv = [...setupLine.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!).slice(2)
    assert.equal(argv[0], 'setup')
    const again = await runInProcess(argv, env)
    assert.equal(again.code, 1, again.output)
    assert.match(again.output, /already set up: ada\.morgan@example\.gov\.uk is an administrator/)
    assert.match(again.output, /candour users reset-password --email ada\.morgan@example\.gov\.uk/)
    assert.doesNotMatch(again.output, /One-time password/)
  })

  it('starts the server as step 5 says, in production mode', async () => {
    const [line, ...rest] = commandLines(block('operator-path-server'))
    assert.equal(rest.length, 0)
    // Its own process group, so stopping it stops npm and the node process npm started.
    server = spawn('bash', ['-c', line!], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    server.stdout!.on('data', (d: Buffer) => (serverOutput += d.toString()))
    server.stderr!.on('data', (d: Buffer) => (serverOutput += d.toString()))
    let health: Response | undefined
    for (let i = 0; i < 600 && server.exitCode === null; i++) {
      health = await fetch(`${origin}/health`).catch(() => undefined)
      if (health?.status === 200) break
      await new Promise((r) => setTimeout(r, 100))
    }
    assert.equal(health?.status, 200, `the server should become healthy\n${serverOutput}`)
    assert.match(health!.headers.get('strict-transport-security') ?? '', /max-age=31536000/, 'HSTS: production mode')
  })

  it('signs the administrator in, sets up the second factor with a real code, and adds a lead investigator', async () => {
    const browser = new HttpsBrowser(origin)
    // Step 6: the one-time password, then the authenticator app the page asks for.
    const signedIn = await browser.submit('/sign-in', '/sign-in', {
      email: 'ada.morgan@example.gov.uk',
      password: oneTimePassword,
    })
    assert.equal(signedIn.status, 303, await signedIn.text())
    assert.equal(signedIn.headers.get('location'), '/sign-in/set-up-two-factor', 'administrators must set up 2FA')
    const setUpPage = await browser.page('/sign-in/set-up-two-factor')
    const secret = /data-testid="totp-secret">\s*([A-Z2-7]+)\s*</.exec(setUpPage)?.[1]
    assert.ok(secret, 'the set-up page shows the key')
    const token = /name="_csrf" value="([^"]+)"/.exec(setUpPage)![1]!
    const turnedOn = await browser.request('POST', '/sign-in/set-up-two-factor', {
      code: await generate({ secret }),
      _csrf: token,
    })
    assert.equal(turnedOn.status, 303, await turnedOn.text())
    assert.equal(turnedOn.headers.get('location'), '/')
    assert.match(await browser.page('/'), /Ada Morgan/)

    // Step 7: Administration > Users > Add user, a lead investigator in the oversight body.
    const form = await browser.page('/admin/users/new')
    assert.match(form, /Independent Office for Police Conduct/)
    assert.match(form, /West Midlands Police/, 'the reference list is offered')
    const added = await browser.submit('/admin/users/new', '/admin/users/new', {
      displayName: 'Leon Ashworth',
      email: 'leon.ashworth@example.gov.uk',
      organisationCode: 'OVERSIGHT',
      roles: 'lead_investigator',
    })
    const addedPage = await added.text()
    assert.equal(added.status, 200, addedPage.slice(0, 2000))
    assert.match(addedPage, /User added/)
    const leadPassword = /data-testid="initial-password">([^<]+)</.exec(addedPage)?.[1]
    assert.ok(leadPassword)

    // The lead investigator signs in with the password they were given.
    const lead = new HttpsBrowser(origin)
    const leadSignIn = await lead.submit('/sign-in', '/sign-in', {
      email: 'leon.ashworth@example.gov.uk',
      password: leadPassword,
    })
    assert.equal(leadSignIn.status, 303, await leadSignIn.text())
    assert.equal(leadSignIn.headers.get('location'), '/')
    assert.match(await lead.page('/'), /Leon Ashworth/)

    // And the console sees the same accounts.
    const listed = await runInProcess(['users', 'list'], env)
    assert.equal(listed.code, 0, listed.output)
    assert.match(listed.output, /ada\.morgan@example\.gov\.uk\tAda Morgan\tadministrator\tactive\t2FA/)
    assert.match(listed.output, /leon\.ashworth@example\.gov\.uk\tLeon Ashworth\tlead_investigator\tactive/)
  })
})
