/**
 * Every page works at 320 CSS pixels wide (WCAG 2.2 SC 1.4.10 Reflow; issue 16). On the demo
 * data, each of the demo's people signs in and every page they can reach by links from their
 * home is found by crawling (test/e2e/support/crawl.ts: one address per route shape, so a page
 * added later is covered without anyone listing it), and the public site is crawled from
 * /publications signed out. Each page is then opened in Chromium in a 320 px wide viewport and
 * must not scroll sideways: document.documentElement.scrollWidth <= clientWidth. A failure names
 * the page, the role and the elements that stick out.
 *
 * By default a seeded sample of each role's pages is opened (REFLOW_SAMPLE per role, 6 unless
 * set; the seed is printed and REFLOW_SEED=<n> repeats it); REFLOW_ALL=1 opens every page found.
 * See docs/quality.md.
 */
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import type { BrowserContext, Page } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../src/services/demoData.js'
import { historyImportService } from '../../src/services/import/historyImport.js'
import { systemContext } from '../../src/services/context.js'
import { expectAccessible } from './support/accessibility.js'
import type { DatabaseHandle } from '../../src/data/database.js'
import { crawl, random, sample, type CrawledPage } from './support/crawl.js'
import { useE2eHarness } from './support/harness.js'
import { setUpSecondFactor } from './support/journeys.js'
import { SetUpTwoFactorPage } from './pages/SetUpTwoFactorPage.js'

const ALL = process.env.REFLOW_ALL === '1'
const SEED = Number(process.env.REFLOW_SEED ?? Math.floor(Math.random() * 2 ** 31))
const SAMPLE = Number(process.env.REFLOW_SAMPLE ?? 6)
const WIDTH = 320
/** A page with more forms than this is several things at once: break it up (GOV.UK one thing per page). */
const MAX_FORMS = 4
/**
 * Pages still to be broken up (issue 16): their route shapes, each to come off this list when
 * its forms move to pages of their own.
 */
const STILL_LONG: RegExp[] = []
/** Only the pages whose route shape matches (a regular expression), to look again at a few while fixing them. */
const ONLY = process.env.REFLOW_PAGES ? new RegExp(process.env.REFLOW_PAGES) : null

interface Overflow {
  scrollWidth: number
  clientWidth: number
  /** The innermost elements, not inside a box that scrolls sideways, whose right edge is past the viewport's. */
  culprits: string[]
}

/** How far the page scrolls sideways, and which elements make it. */
async function horizontalOverflow(page: Page): Promise<Overflow> {
  // A string, not a function: tsx names inner functions with a helper the page does not have.
  return page.evaluate(`(() => {
    const root = document.documentElement
    const width = root.clientWidth
    const culprits = []
    const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5
    // Inside a box that scrolls or clips sideways, so not widening the page (an absolutely
    // positioned element escapes a box that is not positioned, so is taken as not contained).
    const contained = (el) => {
      if (/absolute|fixed/.test(getComputedStyle(el).position)) return false
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
        if (getComputedStyle(a).overflowX !== 'visible') return true
      return false
    }
    const describe = (el) => {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : ''
      return el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ')'
    }
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!sticksOut(el) || contained(el)) continue
      // Only the innermost cause: an element with a child that sticks out is widened by that child.
      if (Array.from(el.children).some((c) => sticksOut(c) && !contained(c))) continue
      culprits.push(describe(el))
      if (culprits.length >= 5) break
    }
    return { scrollWidth: root.scrollWidth, clientWidth: width, culprits }
  })()`)
}

/**
 * Text set in the browser's default font rather than the GOV.UK font stack ("GDS Transport",
 * arial, sans-serif): an element holding text with no GOV.UK typography class above it.
 * Code and monospace text are meant to differ.
 */
async function textOutsideTheGovukFont(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      const hasText = Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').trim())
      if (!hasText || el.closest('code, pre, script, style, template, noscript')) continue
      const style = getComputedStyle(el)
      if (style.display === 'none' || style.visibility === 'hidden') continue
      const family = style.fontFamily.toLowerCase()
      if (family.includes('gds transport') || family.includes('monospace')) continue
      out.push(`${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" in ${style.fontFamily}`)
      if (out.length >= 3) break
    }
    return out
  })
}

async function signInAs(context: BrowserContext, email: string): Promise<void> {
  const page = await context.newPage()
  await page.goto('/sign-in')
  await page.getByLabel('Email address').fill(email)
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD)
  await Promise.all([
    page.waitForURL((url) => url.pathname !== '/sign-in'),
    page.getByRole('button', { name: 'Sign in' }).click(),
  ])
  // Administrators set up a second factor at their first sign-in.
  if (new URL(page.url()).pathname === SetUpTwoFactorPage.signInPath)
    await setUpSecondFactor(new SetUpTwoFactorPage(page))
  // Each person lands on their home; a family member's home is their case (or the list of theirs).
  assert.match(new URL(page.url()).pathname, /^\/(portal(\/cases\/[0-9a-f-]+)?)?$/, `${email} signed in`)
  await page.close()
}

const EXAMPLE = path.join(import.meta.dirname, '..', '..', 'docs', 'import-example')
/** A search that finds historical records of the example set. */
const HISTORY_SEARCH = '/investigations?q=street'
/** The pages of history (issue 12): imports, historical records, officers' records, flags, figures. */
const HISTORY_PAGES = /^\/(admin\/imports|historical-cases|officers|statistics)|^\/investigations\?q$/

/** The example set of docs/import.md brought in as history: an import, historical records, officers' records. */
async function importHistory(database: DatabaseHandle) {
  const mapping = JSON.parse(fs.readFileSync(path.join(EXAMPLE, 'mapping.json'), 'utf8'))
  const files = ['officers.csv', 'cases.csv', 'allegations.csv'].map((name) => ({
    name,
    open: () => Readable.from([fs.readFileSync(path.join(EXAMPLE, name))]),
  }))
  const report = await historyImportService(database).run(
    { source: 'Legacy CMS', files, mapping },
    systemContext('e2e'),
  )
  assert.equal(report.status, 'completed', JSON.stringify(report.errors))
}

/** Who looks (a demo e-mail address, or "public"), their signed-in browser context and the pages they reach. */
interface Looker {
  who: string
  context: BrowserContext
  pages: CrawledPage[]
}

/**
 * The text a person reads on a page: no tags, attributes, scripts, styles or form fields' values
 * (a date input's own value is not prose), entities decoded.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<(script|style|textarea|select|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

describe('every page the demo’s people reach (reflow at 320 px, words)', () => {
  const harness = useE2eHarness()
  const lookers: Looker[] = []

  before(async () => {
    await seedDemoData(harness.server.services, async () => false)
    await importHistory(harness.server.database)
    for (const who of [...DEMO_USERS.map((u) => u.email), 'public']) {
      // One context per person, for the crawl and the look: signed in once.
      const context = await harness.browser.newContext({
        baseURL: harness.baseUrl,
        viewport: { width: WIDTH, height: 640 },
      })
      lookers.push({ who, context, pages: [] })
      if (who !== 'public') await signInAs(context, who)
      lookers[lookers.length - 1]!.pages = await crawl(
        context,
        harness.baseUrl,
        // A search is a form, which the crawl does not submit: its result page (with historical
        // records, and through them officers' records) is a start of its own.
        who === 'public' ? ['/publications'] : ['/', HISTORY_SEARCH],
      )
    }
  })
  after(async () => {
    for (const l of lookers) await l.context.close().catch(() => undefined)
  })

  test('every page fits 320 px without sideways scrolling (WCAG 1.4.10), all its text in the GOV.UK font', async (t) => {
    const next = random(SEED)
    const failures: string[] = []
    let opened = 0
    for (const { who, context, pages } of lookers) {
      assert.ok(pages.length >= 1, `${who} reaches at least one page`)
      const page = await context.newPage()
      const chosen = ONLY ? pages.filter((p) => ONLY.test(p.shape)) : ALL ? pages : sample(pages, SAMPLE, next)
      for (const p of chosen) {
        await page.goto(p.url)
        opened += 1
        const fonts = await textOutsideTheGovukFont(page)
        if (fonts.length) failures.push(`${p.url} as ${who}: text not in the GOV.UK font\n    ${fonts.join('\n    ')}`)
        const overflow = await horizontalOverflow(page)
        if (overflow.scrollWidth > overflow.clientWidth)
          failures.push(
            `${p.url} as ${who}: ${overflow.scrollWidth} px wide in ${overflow.clientWidth} px (${p.shape})\n    ${overflow.culprits.join('\n    ')}`,
          )
      }
      await page.close()
    }
    const found = lookers.reduce((n, l) => n + l.pages.length, 0)
    t.diagnostic(`${found} pages found, ${opened} opened at ${WIDTH} px (REFLOW_SEED=${SEED}${ALL ? ', all' : ''})`)
    assert.deepEqual(
      failures,
      [],
      `Pages that scroll sideways at ${WIDTH} px (REFLOW_SEED=${SEED}):\n${failures.join('\n')}`,
    )
  })

  test('the pages of history pass axe and fit 320 px, as the people who see them see them', async () => {
    const failures: string[] = []
    const seen = new Set<string>()
    for (const { who, context, pages } of lookers) {
      const page = await context.newPage()
      for (const p of pages.filter((p) => HISTORY_PAGES.test(p.shape))) {
        seen.add(p.shape.replace(/\?.*/, ''))
        await page.goto(p.url)
        try {
          await expectAccessible(page)
        } catch (error) {
          failures.push(`${p.url} as ${who}: ${(error as Error).message}`)
        }
        const overflow = await horizontalOverflow(page)
        if (overflow.scrollWidth > overflow.clientWidth)
          failures.push(`${p.url} as ${who}: ${overflow.scrollWidth} px wide\n    ${overflow.culprits.join('\n    ')}`)
      }
      await page.close()
    }
    // Each kind of history page was reached by someone (a page no one reaches is not checked).
    for (const shape of [
      '/admin/imports',
      '/admin/imports/new',
      '/admin/imports/:id',
      '/historical-cases/:id',
      '/officers/:id',
      '/officers/flagged',
      '/statistics',
    ])
      assert.ok(seen.has(shape), `someone reaches ${shape} (reached: ${[...seen].sort().join(', ')})`)
    assert.deepEqual(failures, [])
  })

  test('one thing per page: no page carries more than a few forms (the sign-out button aside)', (t) => {
    const counts: { label: string; shape: string; forms: number }[] = []
    for (const { who, pages } of lookers)
      for (const p of pages) {
        const forms =
          (p.html.match(/<form\b/gi) ?? []).length - (p.html.match(/<form\b[^>]*action="\/sign-out"/gi) ?? []).length
        counts.push({ label: `${p.url} as ${who}: ${forms} forms`, shape: p.shape, forms })
      }
    counts.sort((a, b) => b.forms - a.forms)
    t.diagnostic(
      `most forms: ${counts
        .slice(0, 8)
        .map((c) => `${c.shape} ${c.forms}`)
        .join(', ')}`,
    )
    const over = counts.filter((c) => c.forms > MAX_FORMS && !STILL_LONG.some((r) => r.test(c.shape)))
    assert.deepEqual(
      over.map((c) => c.label),
      [],
    )
  })

  test('the History tab shows the audit trail in words: no action codes, no JSON', () => {
    const histories = lookers.flatMap(({ who, pages }) =>
      pages.filter((p) => p.shape.endsWith('/history')).map((p) => ({ who, p })),
    )
    assert.ok(histories.length >= 1, 'someone reaches a History tab')
    const failures: string[] = []
    for (const { who, p } of histories) {
      const main = visibleText(p.html.slice(p.html.indexOf('<main')))
      const codes = main.match(/\b[a-z]+(?:[._-][a-z]+)*\.[a-z]+(?:-[a-z]+)*\b|[{]"/g)
      if (codes) failures.push(`${p.url} as ${who}: ${[...new Set(codes)].slice(0, 5).join(', ')}`)
    }
    assert.deepEqual(failures, [])
  })

  test('no page shows a date in its stored form (2026-03-04) rather than as people write it', () => {
    const failures: string[] = []
    for (const { who, pages } of lookers)
      for (const p of pages) {
        const iso = visibleText(p.html).match(/.{0,40}\b\d{4}-\d{2}-\d{2}\b.{0,20}/g)
        if (iso) failures.push(`${p.url} as ${who}: ${iso.slice(0, 3).join(' | ')}`)
      }
    assert.deepEqual(failures, [])
  })
})
