/**
 * The chronology forms: an event (date input, optional time, kind, what happened, description,
 * missed opportunity with its reason, links) and the timeline's filters.
 */
import { int32 } from '../../../domain/inputBounds.js'
import { z } from 'zod'
import { CHRONOLOGY_KINDS, ChronologyEventInput } from '../../../services/chronology.js'
import type { FieldProblem } from '../../../services/errors.js'
import { readDates } from '../../dates.js'
import { asArray } from '../../forms.js'

export const EVENT_DATE = [{ name: 'occurredOn', what: 'the date the event happened' }] as const
export const FILTER_DATES = [
  { name: 'from', what: 'the from date', optional: true },
  { name: 'to', what: 'the to date', optional: true },
] as const

/** The event form's body as the service's input, or the problems to show. */
export function readEventForm(body: Record<string, unknown>) {
  const dates = readDates(body, EVENT_DATE)
  const missed = body.missedOpportunity === 'yes'
  const input = {
    occurredOn: dates.values.occurredOn ?? '',
    occurredTime: String(body.occurredTime ?? '').trim(),
    kind: String(body.kind ?? '') as (typeof CHRONOLOGY_KINDS)[number],
    title: String(body.title ?? ''),
    description: String(body.description ?? ''),
    missedOpportunity: missed,
    missedOpportunityReason: missed ? String(body.missedOpportunityReason ?? '') : '',
    subjectIds: asArray(body.subjectIds),
    documentIds: asArray(body.documentIds),
  }
  return { input, dateProblems: dates.problems as FieldProblem[] }
}

export const VersionField = z.object({ version: int32().positive() })

export const TimelineQueryForm = z.object({
  kind: z.enum(CHRONOLOGY_KINDS).optional().catch(undefined),
  missed: z.enum(['yes']).optional().catch(undefined),
  subject: z.uuid().optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
})

/** The date's problems and every other field's, so the error summary lists them all at once. */
export function withOtherProblems(
  input: ReturnType<typeof readEventForm>['input'],
  dateProblems: FieldProblem[],
): FieldProblem[] {
  const other = ChronologyEventInput.safeParse({ ...input, occurredOn: '2000-01-01' })
  return [
    ...dateProblems,
    ...(other.success
      ? []
      : other.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))),
  ]
}
