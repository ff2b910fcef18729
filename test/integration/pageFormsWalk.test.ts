/**
 * Every form and every choice on every page the demo's people reach, found by walking the links
 * from each person's home (no hand-kept list: a form added later is checked once a page links to
 * it). Two classes of defect (issue 16):
 *
 * 1. Validate at once. Each form with fields to fill, posted empty, answers one GOV.UK error
 *    summary; then its dates and text fields named there are filled in (choices left empty, so
 *    that no conditional question is switched on) and it is posted again. A problem with a field
 *    still left empty that the first summary did not name is a problem shown one at a time (the
 *    dates first, the rest once the dates are mended).
 * 2. Choices that can be made. Every radios group, checkboxes group and select on every page has
 *    at least one option, and no select option is without a label.
 *
 * Bounded: pages are kept one per route shape (as the reflow crawl does), each person's walk
 * stops after PAGE_FORMS_MAX_FETCHES requests (300 unless set), and only one database kind runs
 * (what is checked is pages, not SQL). Forms posted after the walk may change the demo data; only
 * answers that show an error summary are judged.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../src/services/demoData.js'
import { linksIn, shapeOf } from '../e2e/support/crawl.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'

const MAX_FETCHES = Number(process.env.PAGE_FORMS_MAX_FETCHES ?? 300)
const BASE = new URL('http://candour.test/')

interface Page {
  who: string
  url: string
  shape: string
  html: string
}

interface Control {
  kind: 'text' | 'textarea' | 'date' | 'choice'
  /** The field as the error summary links to it: its id, or a date input's name. */
  target: string
  /** The names posted for it (a date input posts three). */
  names: string[]
  type: string
}

interface Form {
  who: string
  page: string
  action: string
  hidden: Record<string, string[]>
  controls: Control[]
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1]?.replace(/&amp;/g, '&') ?? undefined

/** A person's pages, one per route shape, by following links from `start`. */
async function walk(client: Client, who: string, start: string, serverErrors: string[]): Promise<Page[]> {
  const pages: Page[] = []
  const seen = new Set<string>()
  const queue: URL[] = []
  const enqueue = (url: URL) => {
    const shape = shapeOf(url)
    if (seen.has(shape)) return
    seen.add(shape)
    queue.push(url)
  }
  enqueue(new URL(start, BASE))
  let fetches = 0
  while (queue.length && fetches < MAX_FETCHES) {
    const url = queue.shift()!
    fetches += 1
    const response = await client.get(url.pathname + url.search)
    // A link the service itself offered must never end in a server error.
    if (response.statusCode >= 500)
      serverErrors.push(`${who}: GET ${url.pathname + url.search} → ${response.statusCode}`)
    // A home that sends the person on is followed once.
    if (response.statusCode === 302 || response.statusCode === 303) {
      const location = response.headers.location
      if (typeof location === 'string') enqueue(new URL(location, url))
      continue
    }
    if (response.statusCode !== 200 || !String(response.headers['content-type']).includes('text/html')) continue
    pages.push({ who, url: url.pathname + url.search, shape: shapeOf(url), html: response.body })
    for (const link of linksIn(response.body, url)) if (!/\/sign-out/.test(link.pathname)) enqueue(link)
  }
  return pages
}

/** The post forms on a page with something to fill in (a form of buttons only is an action, not a question). */
function formsOn(page: Page): Form[] {
  const forms: Form[] = []
  for (const m of page.html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const open = m[1]!
    const inner = m[2]!
    if ((attr(open, 'method') ?? 'get').toLowerCase() !== 'post') continue
    if (/multipart/i.test(attr(open, 'enctype') ?? '')) continue
    const action = new URL(attr(open, 'action') ?? page.url, new URL(page.url, BASE))
    if (/\/sign-(in|out)/.test(action.pathname)) continue
    const hidden: Record<string, string[]> = {}
    const controls = new Map<string, Control>()
    for (const tag of inner.match(/<(input|textarea|select)\b[^>]*>/gi) ?? []) {
      const name = attr(tag, 'name')
      if (!name || name === '_csrf') continue
      const element = /^<(\w+)/.exec(tag)![1]!.toLowerCase()
      const type = (attr(tag, 'type') ?? (element === 'input' ? 'text' : element)).toLowerCase()
      if (type === 'hidden') {
        ;(hidden[name] ??= []).push(attr(tag, 'value') ?? '')
        continue
      }
      if (type === 'submit' || type === 'button' || type === 'file') continue
      const date = /^(.*)-(day|month|year)$/.exec(name)
      if (date) {
        const target = date[1]!
        const c = controls.get(target) ?? { kind: 'date', target, names: [], type }
        c.names.push(name)
        controls.set(target, c)
        continue
      }
      const kind =
        type === 'radio' || type === 'checkbox' || element === 'select'
          ? 'choice'
          : element === 'textarea'
            ? 'textarea'
            : 'text'
      if (!controls.has(name)) controls.set(name, { kind, target: attr(tag, 'id') ?? name, names: [name], type })
    }
    if (controls.size)
      forms.push({ who: page.who, page: page.url, action: action.pathname, hidden, controls: [...controls.values()] })
  }
  return forms
}

/** The fields an error summary links to ('form' for a problem with the whole form). */
function summaryTargets(html: string): string[] | null {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0]
  if (!summary) return null
  return [...summary.matchAll(/<a href="#([^"]+)"/g)].map((x) => x[1]!.replace(/-day$/, ''))
}

const today = new Date()
function plausible(c: Control): Record<string, string> {
  if (c.kind === 'date') {
    return Object.fromEntries(
      c.names.map((n) => [
        n,
        n.endsWith('-day')
          ? String(today.getUTCDate())
          : n.endsWith('-month')
            ? String(today.getUTCMonth() + 1)
            : String(today.getUTCFullYear()),
      ]),
    )
  }
  const value = c.type === 'email' ? 'someone@example.test' : c.type === 'number' ? '1' : 'Checked by the page walk'
  return Object.fromEntries(c.names.map((n) => [n, value]))
}

const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
describe(`every form and choice on every page the demo's people reach (${kind})`, () => {
  let t: TestApp
  const clients = new Map<string, Client>()
  const pages: Page[] = []
  const serverErrors: string[] = []

  before(async () => {
    t = await startTestApp(kind)
    await seedDemoData(t.services, async () => false)
    for (const u of DEMO_USERS) {
      const client = new Client(t.app)
      const signedIn = await client.signIn(u.email, DEMO_PASSWORD)
      assert.equal(signedIn.statusCode, 303, `${u.email} signs in`)
      clients.set(u.email, client)
      pages.push(...(await walk(client, u.email, '/', serverErrors)))
    }
    const publicClient = new Client(t.app)
    pages.push(...(await walk(publicClient, 'public', '/publications', serverErrors)))
  })
  after(() => t.close())

  it('no link any page offers leads to a server error', () => {
    assert.ok(pages.length > 100, `only ${pages.length} pages reached`)
    assert.deepEqual(serverErrors, [])
  })

  it('every radios group, checkboxes group and select offers at least one option, each select option labelled', () => {
    const problems: string[] = []
    let groups = 0
    for (const p of pages) {
      const html = p.html
      for (const kindOf of ['radios', 'checkboxes'] as const) {
        const starts = [...html.matchAll(new RegExp(`class="govuk-${kindOf}(?:"| )`, 'g'))].map((x) => x.index!)
        starts.forEach((start, i) => {
          groups += 1
          const end = Math.min(starts[i + 1] ?? html.length, html.indexOf('</form>', start) + 1 || html.length)
          if (!html.slice(start, end).includes(`class="govuk-${kindOf}__input"`))
            problems.push(`${p.url} (${p.who}): a ${kindOf} group with no option`)
        })
      }
      for (const s of html.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
        groups += 1
        const name = attr(s[1]!, 'name') ?? '?'
        const options = [...s[2]!.matchAll(/<option\b([^>]*)>([\s\S]*?)<\/option>/gi)]
        if (!options.length) problems.push(`${p.url} (${p.who}): select "${name}" has no option`)
        for (const o of options) {
          const label = (attr(o[1]!, 'label') ?? o[2]!.replace(/<[^>]*>/g, '')).trim()
          if (!label) problems.push(`${p.url} (${p.who}): select "${name}" has an option without a label`)
        }
      }
    }
    assert.ok(pages.length > 50, `the walk reaches the demo's pages (${pages.length})`)
    assert.ok(groups > 20, `the walk finds choices to check (${groups})`)
    assert.deepEqual(problems, [], 'choices with nothing to choose')
  })

  it('every form posted empty lists every problem at once: filling in what it named reveals no new one', async (ctx) => {
    const forms = new Map<string, Form>()
    for (const p of pages)
      for (const f of formsOn(p)) {
        const key = shapeOf(new URL(f.action, BASE))
        if (!forms.has(key)) forms.set(key, f)
      }
    const problems: string[] = []
    let judged = 0
    for (const [shape, form] of forms) {
      const client = clients.get(form.who)
      if (!client) continue
      const page = await client.get(form.page)
      const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1]
      if (!token) continue
      const first = await client.postFormWithToken(form.action, form.hidden, token)
      const named = first.statusCode === 400 ? summaryTargets(first.body) : null
      if (!named) continue
      judged += 1
      const filled = form.controls.filter((c) => c.kind !== 'choice' && named.includes(c.target))
      const body = { ...form.hidden, ...Object.assign({}, ...filled.map(plausible)) }
      const second = await client.postFormWithToken(form.action, body, token)
      const later = second.statusCode === 400 ? (summaryTargets(second.body) ?? []) : []
      const stillEmpty = new Set(form.controls.filter((c) => !filled.includes(c)).map((c) => c.target))
      const revealed = later.filter((target) => stillEmpty.has(target) && !named.includes(target))
      if (revealed.length)
        problems.push(
          `${shape} (${form.who}): posted empty it named ${named.join(', ')}; once those were filled it also named ${revealed.join(', ')}`,
        )
    }
    ctx.diagnostic(
      `${pages.length} pages, ${forms.size} forms with fields, ${judged} answered an empty post with errors`,
    )
    assert.ok(judged >= 20, `enough forms are judged (${judged})`)
    assert.deepEqual(problems, [], 'forms that show their problems one at a time')
  })
})
