/**
 * The chronology journey's input schemas (what a page or the API may send), its filters, and the
 * event's public shape.
 */
import { hasHappenedBy } from '../../domain/plausibleDates.js'
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import type * as chronology from '../../data/repositories/chronology.js'

export const CHRONOLOGY_KINDS = ['underlying_fact', 'investigation'] as const
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number]
export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  underlying_fact: 'Underlying fact',
  investigation: 'Investigation event',
}

export const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

export const EventFields = z.object({
  occurredOn: z
    .string()
    .trim()
    .refine(isPlainDate, { message: 'Enter a real date the event happened' })
    .refine((d) => hasHappenedBy(d), { message: 'The date the event happened must be today or in the past' }),
  occurredTime: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as hours and minutes on the 24-hour clock, like 14:05')
      .optional(),
  ),
  kind: z.enum(CHRONOLOGY_KINDS, { message: 'Choose whether this is an underlying fact or an investigation event' }),
  title: z.string().trim().min(1, 'Enter what happened').max(300, 'What happened must be 300 characters or fewer'),
  description: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(20000, 'Description must be 20,000 characters or fewer').optional(),
  ),
  missedOpportunity: z.boolean({ message: 'Choose whether this was a missed opportunity' }),
  missedOpportunityReason: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'The reason must be 5,000 characters or fewer').optional(),
  ),
  subjectIds: z
    .array(z.uuid({ message: 'Choose subjects of this investigation' }))
    .max(200, 'Link at most 200 subjects'),
  documentIds: z
    .array(z.uuid({ message: 'Choose documents of this investigation' }))
    .max(200, 'Link at most 200 documents'),
})

export const ChronologyEventInput = EventFields.extend({
  missedOpportunity: EventFields.shape.missedOpportunity.default(false),
  subjectIds: EventFields.shape.subjectIds.default([]),
  documentIds: EventFields.shape.documentIds.default([]),
}).superRefine((v, ctx) => {
  if (v.missedOpportunity && !v.missedOpportunityReason) {
    ctx.addIssue({
      code: 'custom',
      path: ['missedOpportunityReason'],
      message: 'Enter why this was a missed opportunity',
    })
  }
})
export type ChronologyEventInputType = z.input<typeof ChronologyEventInput>
/** A change to an event: any of its fields; the rest stay as they are. */
export const ChronologyEventChange = EventFields.partial()
export type ChronologyEventChangeType = z.input<typeof ChronologyEventChange>

export interface TimelineQuery {
  kind?: ChronologyKind
  missedOnly?: boolean
  from?: string
  to?: string
  subjectId?: string
}

export const TimelinePosition = z.object({
  occurredOn: z.string().refine(isPlainDate),
  occurredTime: z
    .string()
    .regex(/^\d\d:\d\d:\d\d$/)
    .nullable(),
  id: z.uuid(),
})

export type EventRow = Awaited<ReturnType<typeof chronology.findById>> & {}

export interface ChronologyEvent {
  id: string
  investigationId: string
  occurredOn: string
  occurredTime: string | null
  kind: ChronologyKind
  title: string
  description: string | null
  missedOpportunity: boolean
  missedOpportunityReason: string | null
  subjects: { id: string; name: string }[]
  documents: { id: string; exhibitReference: string; title: string; withdrawn: boolean }[]
  createdAt: Date
  updatedAt: Date
  version: number
}

/** 'HH:MM:SS' or 'HH:MM' from the database → 'HH:MM'. */
export const hhmm = (t: string | null) => (t ? t.slice(0, 5) : null)

export function auditView(e: {
  occurred_on: string
  occurred_time: string | null
  kind: string
  title: string
  missed_opportunity: boolean
  subject_ids: string[]
  document_ids: string[]
}) {
  return {
    occurredOn: e.occurred_on,
    occurredTime: hhmm(e.occurred_time),
    kind: e.kind,
    title: e.title,
    missedOpportunity: e.missed_opportunity,
    subjectIds: e.subject_ids,
    documentIds: e.document_ids,
  }
}
