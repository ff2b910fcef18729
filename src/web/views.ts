/**
 * Nunjucks, set up with the GOV.UK and MoJ component templates and the filters pages use.
 * Autoescaping is on: nothing a user typed reaches a page unescaped.
 */
import path from 'node:path'
import nunjucks from 'nunjucks'
import { govukFrontendDist, mojFrontendRoot, webRoot } from './frontendPackages.js'
import { paths } from './paths.js'
import { ROLE_LABELS, isRole } from '../domain/roles.js'
import { rankTitle } from '../domain/vocabulary.js'

const LONDON_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
})
const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
})

/** "4 March 2026" for a plain date (YYYY-MM-DD) or an instant. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [y, m, d] = value.split('-').map(Number)
    return LONDON_DATE.format(new Date(Date.UTC(y!, m! - 1, d!, 12)))
  }
  return LONDON_DATE.format(new Date(value))
}

/** "4 March 2026 at 2:05pm", in UK time. */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const parts = LONDON_DATE_TIME.formatToParts(new Date(value))
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
  return `${get('day')} ${get('month')} ${get('year')} at ${get('hour')}:${get('minute')}${get('dayPeriod').toLowerCase().replace(/\s/g, '')}`
}

export function createViewEnvironment(options: { watch?: boolean; feedbackEmail?: string } = {}): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [path.join(webRoot, 'views'), path.join(webRoot, 'routes'), govukFrontendDist, mojFrontendRoot],
      { watch: options.watch ?? false, noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  )
  env.addFilter('date', formatDate)
  env.addFilter('dateTime', formatDateTime)
  env.addFilter('formatCount', (n: number) => new Intl.NumberFormat('en-GB').format(n))
  env.addFilter('rankTitle', rankTitle)
  env.addFilter('roleLabel', (role: string) => (isRole(role) ? ROLE_LABELS[role] : role))
  env.addGlobal('paths', paths)
  env.addGlobal('serviceName', 'Candour')
  env.addGlobal('feedbackEmail', options.feedbackEmail ?? 'feedback@localhost')
  return env
}
