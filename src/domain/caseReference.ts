/**
 * Human case references, 'YYYY/NNNNNN' (ARCHITECTURE.md "Conventions"): the year the case was
 * opened, by the London calendar, and a sequence number that restarts each year. They are for
 * people to quote on the phone and in letters; records are keyed by UUID, never by reference.
 */
import { londonDateOf } from './calendar.js'

export interface CaseReference {
  readonly year: number
  readonly sequence: number
}

export const MAX_SEQUENCE = 999_999

const REFERENCE_PATTERN = /^(\d{4})\/(\d{6})$/
/** What people type: spaces around, a dash or slash, and the leading zeros left off. */
const LENIENT_PATTERN = /^(\d{4})\s*[/\-–]\s*(\d{1,6})$/

function checkParts(year: number, sequence: number): string | null {
  if (!Number.isSafeInteger(year) || year < 1000 || year > 9999) return `The year must be four digits, not ${year}`
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE) {
    return `The case number must be from 1 to ${MAX_SEQUENCE}, not ${sequence}`
  }
  return null
}

/** '2026/000123'. Throws RangeError when the year or number cannot be written that way. */
export function formatCaseReference(year: number, sequence: number): string {
  const problem = checkParts(year, sequence)
  if (problem) throw new RangeError(problem)
  return `${year}/${String(sequence).padStart(6, '0')}`
}

/** The reference for the n-th case opened at this instant's London date. */
export function caseReferenceAt(instant: Date, sequence: number): string {
  return formatCaseReference(Number(londonDateOf(instant).slice(0, 4)), sequence)
}

export type ParsedCaseReference = { ok: true; reference: CaseReference; text: string } | { ok: false; problem: string }

function fromMatch(match: RegExpExecArray | null): ParsedCaseReference {
  if (!match) return { ok: false, problem: 'Enter a case reference like 2026/000123' }
  const year = Number(match[1])
  const sequence = Number(match[2])
  const problem = checkParts(year, sequence)
  if (problem) return { ok: false, problem }
  return { ok: true, reference: { year, sequence }, text: formatCaseReference(year, sequence) }
}

/** Strict: exactly 'YYYY/NNNNNN', as stored and printed. */
export function parseCaseReference(text: string): ParsedCaseReference {
  return fromMatch(REFERENCE_PATTERN.exec(text))
}

/**
 * Forgiving, for search boxes: '2026/123', ' 2026-000123 ' and '2026 / 123' all read as
 * 2026/000123; the result's `text` is the normal form.
 */
export function parseCaseReferenceInput(text: string): ParsedCaseReference {
  return fromMatch(LENIENT_PATTERN.exec(text.trim()))
}

export function isCaseReference(text: string): boolean {
  return parseCaseReference(text).ok
}

/** Year, then number: the order cases were opened in. */
export function compareCaseReferences(a: CaseReference, b: CaseReference): -1 | 0 | 1 {
  const d = a.year - b.year || a.sequence - b.sequence
  return d < 0 ? -1 : d > 0 ? 1 : 0
}
