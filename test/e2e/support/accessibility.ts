/**
 * axe-core against the page as it stands: WCAG 2.0, 2.1 and 2.2 A and AA rules, plus axe's
 * landmark and page-heading rules (tagged best-practice rather than WCAG, but what lets screen
 * reader users move around a GOV.UK page). Zero violations are allowed; a failure lists each
 * rule, its impact and the offending elements.
 */
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** Rules run as well as the WCAG-tagged ones: all content in landmarks, one of each, one h1. */
export const LANDMARK_RULES = [
  'region',
  'landmark-one-main',
  'landmark-unique',
  'landmark-no-duplicate-banner',
  'landmark-no-duplicate-contentinfo',
  'landmark-no-duplicate-main',
  'landmark-banner-is-top-level',
  'landmark-contentinfo-is-top-level',
  'landmark-main-is-top-level',
  'page-has-heading-one',
]

interface Violation {
  id: string
  impact?: string | null
  help: string
  helpUrl: string
  nodes: { target: unknown[]; failureSummary?: string }[]
}

export function describeViolations(url: string, violations: Violation[]): string {
  const lines = [`${violations.length} accessibility violation(s) on ${url}:`]
  for (const v of violations) {
    lines.push(`- [${v.impact ?? 'unknown'}] ${v.id}: ${v.help} (${v.helpUrl})`)
    for (const node of v.nodes) {
      lines.push(`    at ${node.target.map(String).join(' ')}`)
      if (node.failureSummary) lines.push(`      ${node.failureSummary.replace(/\n/g, '\n      ')}`)
    }
  }
  return lines.join('\n')
}

/**
 * axe runs inside the page, which a page with JavaScript turned off does not allow. Such a page
 * is checked as a copy: its DOM, scripts removed, served at the same address (so its styles
 * load as they did) in a scratch page that may run axe.
 */
async function expectAccessibleWithoutJavaScript(page: Page): Promise<void> {
  const browser = page.context().browser()
  if (!browser) throw new Error('No browser to check the page in')
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, '')
  const url = page.url()
  const context = await browser.newContext()
  try {
    const copy = await context.newPage()
    await copy.route(url, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }),
    )
    await copy.goto(url)
    await expectAccessible(copy)
  } finally {
    await context.close()
  }
}

const withoutJavaScript = new WeakSet<Page>()

/** Marks a page whose context has JavaScript turned off (the harness does this). */
export function markJavaScriptDisabled(page: Page): void {
  withoutJavaScript.add(page)
}

export async function expectAccessible(page: Page): Promise<void> {
  if (withoutJavaScript.has(page)) return expectAccessibleWithoutJavaScript(page)
  const rules = Object.fromEntries(LANDMARK_RULES.map((id) => [id, { enabled: true }]))
  // options() replaces what was set before, so the tags come after it.
  const results = await new AxeBuilder({ page }).options({ rules }).withTags(WCAG_TAGS).analyze()
  if (results.violations.length > 0) throw new Error(describeViolations(page.url(), results.violations))
}
