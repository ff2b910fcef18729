/**
 * Parsing a service's input with its zod schema: a failure becomes ValidationFailed with one
 * GOV.UK-style problem per field (its path and message), which pages show in their error summary
 * and the API as problem+json. Every service parses its input here, so it has a home of its own
 * rather than living in one service that the others then import.
 */
import type { z } from 'zod'
import { ValidationFailed, type FieldProblem } from './errors.js'

export function problemsOf(error: z.ZodError): FieldProblem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (!parsed.success) throw new ValidationFailed(problemsOf(parsed.error))
  return parsed.data
}
