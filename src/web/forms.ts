/**
 * Form validation that speaks GOV.UK: a zod schema per form, and on failure the error-summary
 * items (linking to each field) plus per-field messages, with what the user typed kept.
 */
import type { z } from 'zod'
import type { FieldProblem } from '../services/errors.js'
import { parseOrThrow } from '../services/validation.js'

export interface ErrorSummaryItem {
  text: string
  href: string
}

export interface FormErrors {
  summary: ErrorSummaryItem[]
  /** field name → { text } as the GOV.UK components' errorMessage parameter expects. */
  fields: Record<string, { text: string }>
}

export function formErrors(problems: FieldProblem[], fieldIds: Record<string, string> = {}): FormErrors {
  const fields: Record<string, { text: string }> = {}
  const summary: ErrorSummaryItem[] = []
  for (const p of problems) {
    const name = p.path.split('.')[0] || 'form'
    if (fields[name]) continue
    fields[name] = { text: p.message }
    summary.push({ text: p.message, href: `#${fieldIds[name] ?? name}` })
  }
  return { summary, fields }
}

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors }

export function parseForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
  fieldIds: Record<string, string> = {},
): FormResult<z.output<S>> {
  const parsed = schema.safeParse(body ?? {})
  if (parsed.success) return { ok: true, data: parsed.data }
  return {
    ok: false,
    errors: formErrors(
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
      fieldIds,
    ),
  }
}

/** Form values come as a string or, for repeated fields (checkboxes), an array of strings. */
export function asArray(value: unknown): string[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value.map(String) : [String(value)]
}

/**
 * Form values read into a service's input with the service's own schema (whose enums are built from
 * the domain vocabularies), so the compiler checks the journey end to end instead of a cast. A bad
 * value throws the very ValidationFailed the service would (same fields, same messages), which the
 * route shows as a GOV.UK error summary; the service still validates its own input.
 */
export function serviceInput<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  return parseOrThrow(schema, values)
}

/** A date that is always valid and in the past: stands in for a date the form could not read. */
const STAND_IN_DATE = '2000-01-01'

/**
 * Every problem of a form at once (GOV.UK: one error summary lists them all). A form reads some
 * fields itself first (its dates); when those fail, the service's own schema is still run over the
 * rest, with a stand-in for each unreadable date, so an empty form shows every error together
 * instead of the dates' first and the others only once the dates are mended.
 */
export function everyProblem<S extends z.ZodType>(
  schema: S,
  input: Record<string, unknown>,
  found: FieldProblem[],
  dateFields: readonly string[] = [],
): FieldProblem[] {
  const standIns = Object.fromEntries(
    dateFields.filter((name) => !input[name]).map((name) => [name, STAND_IN_DATE] as const),
  )
  const parsed = schema.safeParse({ ...input, ...standIns })
  const seen = new Set(found.map((p) => p.path.split('.')[0]))
  const rest = parsed.success
    ? []
    : parsed.error.issues
        .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
        .filter((p) => !seen.has(p.path.split('.')[0]))
  return [...found, ...rest]
}
