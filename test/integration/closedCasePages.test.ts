/**
 * A closed case offers no control that leads to a change closing freezes (issue 10): the service
 * refuses such a change with 409 (src/domain/caseFreeze.ts), so a page must not offer it. The
 * pages of the demo data's closed cases are crawled, as every person who may see them, from the
 * case's overview and the family portal by every link that stays on the case; on every page every
 * `<form method="post">` and every link to a form page (…/new, …/edit, …/change…) is matched to
 * the route it reaches in Fastify's route table, and that route's declared policy actions are put
 * to caseFreeze's rule. Nothing is listed by hand, so a page or a route added later is covered.
 *
 * By default one closed case is crawled; CLOSED_CASE_PAGES_FULL=1 crawls every closed demo case.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RouteOptions } from 'fastify'
import { frozenRefusal } from '../../src/domain/caseFreeze.js'
import { isCaseAction } from '../../src/domain/policy.js'
import { DEMO_PASSWORD } from '../../src/services/demoPassword.js'
import { DEMO_USERS, seedDemoData } from '../../src/services/demoData.js'
import type { RouteAccess } from '../../src/web/access.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'

const FULL = process.env.CLOSED_CASE_PAGES_FULL === '1'
const MAX_PAGES_PER_PERSON = 250
/** A page whose purpose is a form: "…/new", "…/edit", "…/change-…". */
const FORM_PAGE = /\/(new|edit|change[a-z-]*)$/

interface Route {
  method: string
  pattern: RegExp
  params: number
  url: string
  access: RouteAccess | undefined
}

const unescape = (s: string) =>
  s
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/g, '/')
    .replace(/&#39;/g, "'")

describe('a closed case offers no control to a change closing freezes, on any page, to anyone', () => {
  const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
  let t: TestApp
  const routes: Route[] = []
  let closedIds: string[] = []

  before(async () => {
    t = await startTestApp(
      kind,
      {},
      {
        onRoute: (route: RouteOptions) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method]
          const source = route.url
            .split('/')
            .map((segment) =>
              segment.startsWith(':')
                ? '[^/]+'
                : segment === '*'
                  ? '.*'
                  : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
            )
            .join('/')
          for (const method of methods)
            routes.push({
              method,
              url: route.url,
              pattern: new RegExp(`^${source}$`),
              params: (route.url.match(/:/g) ?? []).length,
              access: (route.config as { access?: RouteAccess } | undefined)?.access,
            })
        },
      },
    )
    await seedDemoData(t.services, async () => false)
    closedIds = (
      await t.database.db
        .selectFrom('investigations')
        .select('id')
        .where('status', '=', 'closed')
        .orderBy('reference')
        .execute()
    ).map((r) => r.id)
  })
  after(() => t.close())

  /** The route a request reaches: the most specific pattern that matches. */
  function routeOf(method: string, path: string): Route | undefined {
    return routes
      .filter((r) => r.method === method && r.pattern.test(path))
      .sort((a, b) => a.params - b.params || b.url.length - a.url.length)[0]
  }

  /** Why the freeze refuses what the route does on a closed case, or null when it does not. */
  function frozenBy(route: Route | undefined): string | null {
    const access = route?.access
    if (!access) return null
    const actions = access.kind === 'action' ? [access.action] : access.kind === 'any-action' ? access.actions : []
    if (actions.length === 0) return null
    // Refused only when every action the route may be reached by is frozen.
    const refused = actions.map((a) => (isCaseAction(a) ? frozenRefusal('closed', a) : null))
    return refused.every((r) => r !== null) ? `${access.kind === 'action' ? access.action : actions.join(' | ')}` : null
  }

  it('crawls every page of a closed case as each person who may see it', async () => {
    assert.ok(closedIds.length > 0, 'the demo data has closed cases')
    const cases = FULL ? closedIds : closedIds.slice(0, 1)
    const violations = new Set<string>()
    let pagesSeen = 0
    let formsSeen = 0
    const people = DEMO_USERS.filter((u) => u.role !== 'administrator')
    for (const person of people) {
      const client = new Client(t.app)
      const signedIn = await client.signIn(person.email, DEMO_PASSWORD)
      assert.equal(signedIn.statusCode, 303, `${person.email} signs in`)
      for (const id of cases) {
        const scope = [`/investigations/${id}`, `/portal/cases/${id}`]
        const queue = [...scope]
        const seen = new Set<string>(queue)
        const formPages = new Map<string, string[]>()
        const postsOn = async (page: string): Promise<string[]> => {
          const cached = formPages.get(page)
          if (cached) return cached
          const response = await client.get(page)
          const found =
            response.statusCode === 200 && String(response.headers['content-type']).startsWith('text/html')
              ? [...response.body.matchAll(/<form\b[^>]*>/g)]
                  .map((m) => m[0])
                  .filter((tag) => /method="post"/i.test(tag))
                  .map((tag) => unescape(/action="([^"]*)"/.exec(tag)?.[1] ?? page))
              : []
          formPages.set(page, found)
          return found
        }
        while (queue.length && seen.size <= MAX_PAGES_PER_PERSON) {
          const page = queue.shift()!
          const response = await client.get(page)
          if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html')) continue
          pagesSeen++
          const body = response.body
          for (const tag of body.match(/<form\b[^>]*>/g) ?? []) {
            if (!/method="post"/i.test(tag)) continue
            formsSeen++
            const action = new URL(unescape(/action="([^"]*)"/.exec(tag)?.[1] ?? page), 'http://x').pathname
            const frozen = frozenBy(routeOf('POST', action))
            if (frozen) violations.add(`${person.role}: ${page} has a form to POST ${action} (${frozen})`)
          }
          for (const [, raw] of body.matchAll(/<a\b[^>]*href="([^"#]+)"/g)) {
            const target = new URL(unescape(raw!), 'http://x')
            if (target.host !== 'x') continue
            const path = target.pathname
            if (FORM_PAGE.test(path)) {
              const getFrozen = frozenBy(routeOf('GET', path))
              if (getFrozen) violations.add(`${person.role}: ${page} links to ${path} (${getFrozen})`)
              for (const post of await postsOn(path + target.search)) {
                const postPath = new URL(post, 'http://x').pathname
                const frozen = frozenBy(routeOf('POST', postPath))
                if (frozen)
                  violations.add(`${person.role}: ${page} links to ${path}, a form to POST ${postPath} (${frozen})`)
              }
            }
            if (scope.some((s) => path === s || path.startsWith(`${s}/`)) && !seen.has(path + target.search)) {
              seen.add(path + target.search)
              queue.push(path + target.search)
            }
          }
        }
      }
    }
    assert.ok(pagesSeen > 50, `the crawl reached the case's pages (${pagesSeen})`)
    assert.ok(formsSeen > 0, 'and saw forms (sign out, at least)')
    assert.deepEqual([...violations].sort(), [])
  })

  it('the crawl can see a violation: an open case’s pages offer frozen-on-close changes', async () => {
    // The control for the test above: the same rule, on a case that is not closed, finds forms
    // whose routes closing would freeze — so an empty list above is not an empty net.
    const open = await t.database.db
      .selectFrom('investigations')
      .select('id')
      .where('status', '=', 'investigating')
      .executeTakeFirstOrThrow()
    const client = new Client(t.app)
    const investigator = DEMO_USERS.find((u) => u.role === 'investigator')!
    assert.equal((await client.signIn(investigator.email, DEMO_PASSWORD)).statusCode, 303)
    let found = 0
    for (const tab of ['subjects', 'chronology', 'evidence', 'actions', 'decisions']) {
      const page = await client.get(`/investigations/${open.id}/${tab}`)
      for (const [, raw] of page.body.matchAll(/<a\b[^>]*href="([^"#]+)"/g)) {
        const path = new URL(unescape(raw!), 'http://x').pathname
        if (FORM_PAGE.test(path) && frozenBy(routeOf('GET', path))) found++
      }
      for (const tag of page.body.match(/<form\b[^>]*method="post"[^>]*>/g) ?? []) {
        const action = /action="([^"]*)"/.exec(tag)?.[1]
        if (action && frozenBy(routeOf('POST', new URL(unescape(action), 'http://x').pathname))) found++
      }
    }
    assert.ok(found > 0, 'an open case offers changes that closing freezes')
  })
})
