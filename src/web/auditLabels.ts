/**
 * The audit trail in words for the History tab: "Subject changed" rather than "subject.changed",
 * and the entry's detail as labelled lines rather than JSON. Actions not named here are
 * worded from their code, so an action added later still reads as words.
 */
import { formatDate, formatDateTime } from './views.js'

const ACTION_LABELS: Record<string, string> = {
  'access.denied': 'Access refused',
  'home.family-submissions-read': 'Family messages seen on the home page',
  'organisation.reference_name_noted': 'Organisation’s reference name noted',
  'report.downloaded-by-authority': 'Report downloaded by the appropriate authority',
  'report.sent-to-authority': 'Report sent to the appropriate authority',
  'determination.cps-decision-recorded': 'CPS decision recorded',
}

const VERBS: Record<string, string> = { read: 'viewed', searched: 'searched' }

function words(code: string): string {
  return code
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase()
    .trim()
}

function sentence(text: string): string {
  return text ? text[0]!.toUpperCase() + text.slice(1) : text
}

/** "investigation.read" → "Investigation viewed"; "team.member-added" → "Team member added". */
export function auditActionLabel(action: string): string {
  const known = ACTION_LABELS[action]
  if (known) return known
  const parts = words(action).split(' ')
  const last = parts.pop() ?? ''
  return sentence([...parts, VERBS[last] ?? last].join(' '))
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function valueText(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'None'
  if (typeof value === 'boolean') return value ? 'Yes' : 'No'
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value)
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return formatDateTime(value)
    // A field read or changed, named table.column: "officer rank", not "officers.rank".
    const field = /^([a-z_]+)\.([a-z_]+)$/.exec(value)
    if (field) return `${words(field[1]!.replace(/s$/, ''))} ${words(field[2]!)}`
    // A code from a vocabulary (an opinion, a status): words, not snake_case.
    if (/^[a-z]+(_[a-z]+)+$/.test(value)) return sentence(words(value))
    return value
  }
  if (Array.isArray(value)) return value.map(valueText).join(', ')
  if (typeof value === 'object') return detailLines(value as Record<string, unknown>).join('; ')
  return String(value)
}

/**
 * The detail of an entry as "Label: value" lines. Internal ids are left out (they mean nothing
 * to a reader, and the entry's own row already says what it is about).
 */
export function detailLines(detail: Record<string, unknown> | null | undefined): string[] {
  if (!detail || typeof detail !== 'object') return []
  const lines: string[] = []
  for (const [key, value] of Object.entries(detail)) {
    if (typeof value === 'string' && UUID.test(value)) continue
    if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'string' && UUID.test(v))) continue
    lines.push(`${sentence(words(key))}: ${valueText(value)}`)
  }
  return lines
}
