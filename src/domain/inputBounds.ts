/**
 * What any value arriving from outside may hold, whatever the field (issue 10, finding 3): text
 * with a NUL (U+0000) or half of a surrogate pair cannot be stored by PostgreSQL or encoded as
 * UTF-8, and no number Candour keeps is beyond a 32-bit integer (versions, page sizes, counts,
 * positions), so such values are refused at the boundary, naming the field, before any service
 * or query sees them. Pure.
 */
import { z } from 'zod'

export const INT32_MIN = -2_147_483_648
export const INT32_MAX = 2_147_483_647

/** An integer from a form or query string, within what PostgreSQL's integer holds. */
export const int32 = () =>
  z.coerce
    .number({ message: 'Enter a whole number' })
    .int('Enter a whole number')
    .min(INT32_MIN, 'Enter a larger number')
    .max(INT32_MAX, 'Enter a smaller number')

/**
 * A whole number from a query string, or undefined when absent; null when present but not a
 * whole number within range (the caller answers 4xx).
 */
export function queryInt(value: unknown, { min = 1 }: { min?: number } = {}): number | undefined | null {
  if (value === undefined || value === '') return undefined
  if (typeof value !== 'string' || !/^-?\d{1,10}$/.test(value.trim())) return null
  const n = Number(value)
  return n >= min && n <= INT32_MAX ? n : null
}

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Why a text value cannot be accepted, or null when it can. */
export function textProblem(value: string): string | null {
  if (NUL.test(value)) return 'must not contain a NUL character'
  if (LONE_SURROGATE.test(value)) return 'contains a character that is not valid text'
  return null
}

/** Why a JSON number cannot be accepted, or null when it can. */
export function numberProblem(value: number): string | null {
  if (!Number.isFinite(value)) return 'must be a finite number'
  if (Number.isInteger(value) && (value < INT32_MIN || value > INT32_MAX))
    return `must be between ${INT32_MIN} and ${INT32_MAX}`
  return null
}

/**
 * Every problem in a value as parsed from a query string, route parameters, a form or a JSON body:
 * [path, message] pairs, the path naming the field ("q", "allegations.0.description"). Keys are
 * checked too (a NUL in a key is as unstorable as in a value).
 */
export function hostileValueProblems(value: unknown, path: string[] = [], out: [string, string][] = [], depth = 0) {
  if (out.length >= 20) return out
  if (typeof value === 'string') {
    const p = textProblem(value)
    if (p) out.push([path.join('.'), p])
  } else if (typeof value === 'number') {
    const p = numberProblem(value)
    if (p) out.push([path.join('.'), p])
  } else if (Array.isArray(value)) {
    if (depth < 32) value.forEach((v, i) => hostileValueProblems(v, [...path, String(i)], out, depth + 1))
  } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    if (depth < 32)
      for (const [k, v] of Object.entries(value)) {
        const kp = textProblem(k)
        if (kp) out.push([[...path, k.split('\u0000').join('\\u0000')].join('.'), `has a name that ${kp}`])
        else hostileValueProblems(v, [...path, k], out, depth + 1)
      }
  }
  return out
}
