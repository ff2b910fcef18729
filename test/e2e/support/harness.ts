/**
 * One server and one browser per test file, a fresh browser context (cookies, storage) per
 * test. Every page also records failed requests for the service's own assets and errors in
 * the browser console, so a broken stylesheet, font or script path fails the test that saw it.
 */
import { after, afterEach, before } from 'node:test'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { Role } from '../../../src/domain/roles.js'
import { addUser, TEST_PASSWORD } from '../../support/app.js'
import { markJavaScriptDisabled } from './accessibility.js'
import { launchBrowser } from './browser.js'
import { startE2eServer, type E2eServer } from './server.js'

export { TEST_PASSWORD }

export interface PageProblems {
  failedRequests: string[]
  consoleErrors: string[]
}

interface PageRecord extends PageProblems {
  documentStatus: number | null
}

const records = new WeakMap<Page, PageRecord>()

export interface E2eHarnessOptions {
  /** Extra environment for the app (e.g. SMTP_HOST/PORT of an in-process receiver), computed when the server starts. */
  env?: () => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv>
}

export class E2eHarness {
  constructor(private readonly options: E2eHarnessOptions = {}) {}

  private serverHandle: E2eServer | null = null
  private browserHandle: Browser | null = null
  private contexts: BrowserContext[] = []
  private userCount = 0

  get server(): E2eServer {
    if (!this.serverHandle)
      throw new Error('The e2e server has not started: call useE2eHarness() at the top of the test file.')
    return this.serverHandle
  }

  get browser(): Browser {
    if (!this.browserHandle) throw new Error('The browser has not started.')
    return this.browserHandle
  }

  get baseUrl(): string {
    return this.server.baseUrl
  }

  async start(): Promise<void> {
    // Both at once: the browser starts while the database migrates.
    const [server, browser] = await Promise.allSettled([
      Promise.resolve(this.options.env?.() ?? {}).then((env) => startE2eServer(env)),
      launchBrowser(),
    ])
    if (server.status === 'fulfilled') this.serverHandle = server.value
    if (browser.status === 'fulfilled') this.browserHandle = browser.value
    if (server.status === 'rejected' || browser.status === 'rejected') {
      await this.stop()
      throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason
    }
  }

  async stop(): Promise<void> {
    await this.closeContexts()
    await this.browserHandle?.close()
    await this.serverHandle?.close()
    this.browserHandle = null
    this.serverHandle = null
  }

  /** A new page in a new browser context, with the app's address as its base URL. */
  async newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
    const context = await this.browser.newContext({
      baseURL: this.baseUrl,
      javaScriptEnabled: options.javaScriptEnabled ?? true,
    })
    context.setDefaultTimeout(10_000)
    this.contexts.push(context)
    const page = await context.newPage()
    if (options.javaScriptEnabled === false) markJavaScriptDisabled(page)
    const record: PageRecord = { failedRequests: [], consoleErrors: [], documentStatus: null }
    records.set(page, record)
    page.on('response', (response) => {
      const request = response.request()
      // The last document response of the main frame: after a redirect, the page's own status.
      if (request.isNavigationRequest() && request.frame() === page.mainFrame())
        record.documentStatus = response.status()
      const url = new URL(response.url())
      const isAsset = /^\/(assets|moj|public)\//.test(url.pathname)
      if (isAsset && response.status() >= 400) record.failedRequests.push(`${response.status()} ${url.pathname}`)
    })
    page.on('requestfailed', (request) => {
      const reason = request.failure()?.errorText ?? ''
      // A navigation replaced by the next one (a form's redirect) is not a failure.
      if (reason !== 'net::ERR_ABORTED') record.failedRequests.push(`failed ${request.url()}: ${reason}`)
    })
    page.on('console', (message) => {
      // A page answered with 4xx (a 404 or 403 page) logs "Failed to load resource" for the
      // document itself: expected; broken assets are caught by the response check above.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
        record.consoleErrors.push(message.text())
    })
    page.on('pageerror', (error) => record.consoleErrors.push(error.message))
    return page
  }

  async closeContexts(): Promise<void> {
    const open = this.contexts
    this.contexts = []
    await Promise.all(open.map((c) => c.close().catch(() => undefined)))
  }

  /** A new account with the test password and a unique e-mail address. */
  async addUser(roles: Role[], name = 'user'): Promise<{ email: string; password: string; displayName: string }> {
    this.userCount += 1
    const email = `${name}-${this.userCount}@candour.test`
    const displayName = `${name[0]!.toUpperCase()}${name.slice(1)} ${this.userCount}`
    await addUser(this.server.services, { email, roles, displayName })
    return { email, password: TEST_PASSWORD, displayName }
  }
}

/** What went wrong on a page so far: asset requests that failed and console errors. */
export function pageProblems(page: Page): PageProblems {
  const record = records.get(page)
  return { failedRequests: [...(record?.failedRequests ?? [])], consoleErrors: [...(record?.consoleErrors ?? [])] }
}

/** The HTTP status of the document the page shows now (after redirects), if it came over HTTP. */
export function documentStatus(page: Page): number | null {
  return records.get(page)?.documentStatus ?? null
}

/** Fails if any stylesheet, font, image or script of the service failed to load, or a script threw. */
export function expectNoPageProblems(page: Page): void {
  const { failedRequests, consoleErrors } = pageProblems(page)
  if (failedRequests.length || consoleErrors.length) {
    throw new Error(
      `Problems loading ${page.url()}:\n${[...failedRequests, ...consoleErrors].map((p) => `- ${p}`).join('\n')}`,
    )
  }
}

/**
 * With E2E_SCREENSHOTS=DIR set, saves a full-page screenshot as DIR/e2e-NAME.png (to look at
 * the pages as a person would); otherwise does nothing.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.E2E_SCREENSHOTS
  if (dir) await page.screenshot({ path: `${dir}/e2e-${name}.png`, fullPage: true })
}

/**
 * Registers the file's hooks: start the server and browser before its tests, close each
 * test's contexts after it, and stop both at the end.
 */
export function useE2eHarness(options: E2eHarnessOptions = {}): E2eHarness {
  const harness = new E2eHarness(options)
  before(() => harness.start())
  afterEach(() => harness.closeContexts())
  after(() => harness.stop())
  return harness
}
