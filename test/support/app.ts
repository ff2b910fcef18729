/**
 * A real Candour app on a test database, driven through Fastify's inject (no sockets), with a
 * tiny cookie jar and helpers for the CSRF token and signing in.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp, type BuildAppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { DatabaseHandle, DatabaseKind } from '../../src/data/database.js'
import { services as buildServices, type Services } from '../../src/services/index.js'
import { systemContext } from '../../src/services/context.js'
import { fileSystemDocumentStore } from '../../src/services/storage/fileSystemDocumentStore.js'
import type { Role } from '../../src/domain/roles.js'
import { openTestDatabase } from './database.js'
import { problemContract } from './problemContract.js'

export interface TestApp {
  app: FastifyInstance
  services: Services
  database: DatabaseHandle
  config: Config
  close(): Promise<void>
}

export function testConfig(overrides: NodeJS.ProcessEnv = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    CANDOUR_DATA_DIR: '/tmp/candour-test-unused',
    ...overrides,
  })
}

export async function startTestApp(
  kind: DatabaseKind,
  env: NodeJS.ProcessEnv = {},
  options: BuildAppOptions = {},
): Promise<TestApp> {
  const database = await openTestDatabase(kind)
  const config = testConfig(env)
  // Documents go to a fresh temporary folder, removed on close.
  const documentsDir = await mkdtemp(path.join(os.tmpdir(), 'candour-test-documents-'))
  const services = buildServices(database.db, config, {
    documentStore: fileSystemDocumentStore(documentsDir),
    database,
  })
  await services.organisations.ensure(
    { code: 'OVERSIGHT', name: 'Oversight body', kind: 'oversight_body' },
    systemContext(),
  )
  await services.organisations.ensure(
    { code: 'NORTHSHIRE', name: 'Northshire Police', kind: 'police_force' },
    systemContext(),
  )
  // Every 422 any test produces is checked against the documented contract (problemContract.ts).
  const app = await buildApp(config, services, { ...options, onSend: problemContract })
  await app.ready()
  return {
    app,
    services,
    database,
    config,
    async close() {
      await app.close()
      await database.close()
      await rm(documentsDir, { recursive: true, force: true })
    },
  }
}

export const TEST_PASSWORD = 'correct-horse-battery-staple'

export async function addUser(
  services: Services,
  options: { email: string; roles: Role[]; organisationCode?: string; displayName?: string },
) {
  const { user } = await services.users.add(
    {
      email: options.email,
      displayName: options.displayName ?? options.email.split('@')[0]!,
      roles: options.roles,
      organisationCode: options.organisationCode ?? 'OVERSIGHT',
      password: TEST_PASSWORD,
    },
    systemContext(),
  )
  return user
}

/** A browser-like client: keeps cookies between requests and reads CSRF tokens from pages. */
export class Client {
  private cookies = new Map<string, string>()
  /** `remoteAddress`: the client's address as the server sees it (inject's default is 127.0.0.1). */
  constructor(
    private readonly app: FastifyInstance,
    private readonly remoteAddress?: string,
  ) {}

  async request(options: InjectOptions): Promise<LightMyRequestResponse> {
    const cookieHeader = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await this.app.inject({
      ...(this.remoteAddress ? { remoteAddress: this.remoteAddress } : {}),
      ...options,
      headers: { ...(options.headers ?? {}), ...(cookieHeader ? { cookie: cookieHeader } : {}) },
    })
    for (const c of response.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name)
      else this.cookies.set(c.name, c.value)
    }
    return response
  }

  get(url: string) {
    return this.request({ method: 'GET', url })
  }

  /** Posts a form as a browser would, with the CSRF token taken from the page at `formPage`. */
  async postForm(
    url: string,
    fields: Record<string, string | string[]>,
    formPage = url,
  ): Promise<LightMyRequestResponse> {
    const token = await this.csrfToken(formPage)
    return this.postFormWithToken(url, fields, token)
  }

  postFormWithToken(url: string, fields: Record<string, string | string[]>, token: string | null) {
    const body = new URLSearchParams()
    for (const [k, v] of Object.entries(fields)) for (const item of Array.isArray(v) ? v : [v]) body.append(k, item)
    if (token !== null) body.append('_csrf', token)
    return this.request({
      method: 'POST',
      url,
      payload: body.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
  }

  async csrfToken(pageUrl: string): Promise<string> {
    const page = await this.get(pageUrl)
    const match = /name="_csrf" value="([^"]+)"/.exec(page.body)
    if (!match) throw new Error(`No CSRF token on ${pageUrl} (status ${page.statusCode})`)
    return match[1]!
  }

  async signIn(email: string, password = TEST_PASSWORD): Promise<LightMyRequestResponse> {
    return this.postForm('/sign-in', { email, password }, '/sign-in')
  }

  hasCookie(name: string) {
    return this.cookies.has(name)
  }

  /** The same browser on another instance of the service (address and cookies kept, but `except`). */
  on(app: FastifyInstance, except: string[] = []): Client {
    const other = new Client(app, this.remoteAddress)
    other.cookies = new Map([...this.cookies].filter(([name]) => !except.includes(name)))
    return other
  }
}
