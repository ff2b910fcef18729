/**
 * Every page a person can reach, found as they would find it: signed in as one of the demo's
 * people, follow every link from their home page (and the public site's from /publications),
 * breadth first, over plain GETs. Pages are grouped by route shape — ids, references and page
 * cursors replaced by placeholders — so "every page" means every kind of page each role can see,
 * not all 20 subjects of the worked example. The first address met for each shape is kept.
 *
 * No hand-kept list: a page added later is found once something links to it.
 */
import type { BrowserContext } from 'playwright-core'

export interface CrawledPage {
  /** The address as met (path and query). */
  url: string
  /** The route shape it stands for, e.g. /investigations/:id/subjects/:id. */
  shape: string
  /** The HTML the server sent. */
  html: string
}

/** Links that are not pages: files, feeds, the service's own assets and the API. */
const NOT_A_PAGE =
  /^\/(assets|moj|public|api|openapi|health|favicon)|\.(pdf|csv|ics|json|png|svg|ico|txt)$|\/(download|pdf|export)$/

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The route shape of a path and query: ids become :id, numbers :n; query values are dropped. */
export function shapeOf(url: URL): string {
  const segments = url.pathname.split('/').map((s) => {
    const decoded = decodeURIComponent(s)
    if (UUID.test(decoded)) return ':id'
    if (/^\d+$/.test(decoded)) return ':n'
    if (/^\d{4}\/\d+$/.test(decoded)) return ':reference'
    return s
  })
  // Keys only, and not the ones that merely page through or sort the same list.
  const keys = [...new Set(url.searchParams.keys())].filter((k) => !/^(after|before|cursor|page|sort|order)$/.test(k))
  return segments.join('/') + (keys.length ? `?${keys.sort().join('&')}` : '')
}

/** Same-origin page links in an HTML document, absolute, without fragments. */
export function linksIn(html: string, base: URL): URL[] {
  const out: URL[] = []
  for (const m of html.matchAll(/<a\b[^>]*\bhref="([^"]+)"/gi)) {
    const href = m[1]!.replace(/&amp;/g, '&')
    if (/^(mailto|tel|javascript):/i.test(href) || href.startsWith('#')) continue
    let url: URL
    try {
      url = new URL(href, base)
    } catch {
      continue
    }
    if (url.origin !== base.origin || NOT_A_PAGE.test(url.pathname)) continue
    url.hash = ''
    out.push(url)
  }
  return out
}

/**
 * Crawls from `start` with the context's cookies (so as the person signed in there). Stops after
 * `maxFetches` requests; only HTML answers with status 200 count as pages.
 */
export async function crawl(
  context: BrowserContext,
  baseUrl: string,
  start: string[],
  maxFetches = 600,
): Promise<CrawledPage[]> {
  const base = new URL(baseUrl)
  const pages = new Map<string, CrawledPage>()
  const queued = new Set<string>()
  const queue: URL[] = []
  const enqueue = (url: URL) => {
    const shape = shapeOf(url)
    if (queued.has(shape)) return
    queued.add(shape)
    queue.push(url)
  }
  for (const s of start) enqueue(new URL(s, base))
  let fetches = 0
  while (queue.length && fetches < maxFetches) {
    const url = queue.shift()!
    fetches += 1
    const response = await context.request.get(url.href, { maxRedirects: 0, failOnStatusCode: false })
    // A page that sends the person on (a family's home is their case) leads to where it sends them.
    const location = response.headers()['location']
    if (response.status() >= 300 && response.status() < 400 && location) {
      const target = new URL(location, url)
      if (target.origin === base.origin) enqueue(target)
      continue
    }
    if (response.status() !== 200 || !(response.headers()['content-type'] ?? '').startsWith('text/html')) continue
    const html = await response.text()
    const shape = shapeOf(url)
    pages.set(shape, { url: url.pathname + url.search, shape, html })
    for (const link of linksIn(html, base)) enqueue(link)
  }
  return [...pages.values()]
}

/** A small deterministic generator (mulberry32), so a failing sample can be repeated. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** `count` items picked at random (without repeats), in their original order. */
export function sample<T>(items: T[], count: number, next: () => number): T[] {
  if (count >= items.length) return items
  const indexes = items.map((_, i) => i)
  for (let i = indexes.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1))
    ;[indexes[i], indexes[j]] = [indexes[j]!, indexes[i]!]
  }
  return indexes
    .slice(0, count)
    .sort((a, b) => a - b)
    .map((i) => items[i]!)
}
