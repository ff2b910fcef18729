/**
 * The linked proceedings journey's input schemas (what a page or the API may send).
 */
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import { PROCEEDING_KINDS, PROCEEDING_STATUSES } from '../../domain/linkedProceedings.js'

export const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)
export const date = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const optionalText = (max: number, label: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
      .optional(),
  )

export const LinkedProceedingInput = z.object({
  kind: z.enum(PROCEEDING_KINDS, { message: 'Choose the kind of proceeding' }),
  title: z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
  court: optionalText(300, 'Court'),
  courtReference: optionalText(100, 'Court reference'),
  openedOn: z.preprocess(emptyToUndefined, date('Enter a real date the proceeding opened').optional()),
  charge: optionalText(2000, 'Charge'),
  /** Whether it holds publication while open; by default an inquest or criminal trial does. */
  holdsPublication: z.boolean().optional(),
  /** For an inquest: the deaths it covers (people from the investigation's referrals). */
  involvedPersonIds: z.array(z.uuid()).max(50).default([]),
})
export type LinkedProceedingInputType = z.input<typeof LinkedProceedingInput>

export const ProceedingMoveInput = z.object({
  status: z.enum(PROCEEDING_STATUSES, { message: 'Choose the new status' }),
  on: date('Enter a real date'),
  description: optionalText(5000, 'Description'),
  conclusion: optionalText(20000, 'Conclusion'),
  juryFindings: optionalText(20000, 'Jury findings'),
  verdict: optionalText(2000, 'Verdict'),
  sentence: optionalText(2000, 'Sentence'),
})
export type ProceedingMoveInputType = z.input<typeof ProceedingMoveInput>

export const ProceedingEventInput = z.object({
  occurredOn: date('Enter a real date of the hearing or event'),
  kind: z
    .string()
    .trim()
    .min(1, 'Enter what kind of event it was (for example, pre-inquest review hearing)')
    .max(60, 'The kind must be 60 characters or fewer'),
  description: z
    .string()
    .trim()
    .min(1, 'Describe the event')
    .max(5000, 'Description must be 5,000 characters or fewer'),
})
export type ProceedingEventInputType = z.input<typeof ProceedingEventInput>

export const ProceedingPartyInput = z.object({
  role: z
    .string()
    .trim()
    .min(1, 'Enter the role (for example, coroner)')
    .max(100, 'Role must be 100 characters or fewer'),
  name: z.string().trim().min(1, 'Enter the name').max(200, 'Name must be 200 characters or fewer'),
  organisation: optionalText(200, 'Organisation'),
})
export type ProceedingPartyInputType = z.input<typeof ProceedingPartyInput>

export const PfdReportInput = z.object({
  issuedOn: date('Enter a real date the report was issued'),
  addressedTo: z
    .string()
    .trim()
    .min(1, 'Enter who the report is addressed to')
    .max(300, 'Must be 300 characters or fewer'),
  concerns: z
    .string()
    .trim()
    .min(1, 'Enter the coroner’s concerns')
    .max(20000, 'Concerns must be 20,000 characters or fewer'),
})
export type PfdReportInputType = z.input<typeof PfdReportInput>

export const PfdResponseInput = z.object({
  receivedOn: date('Enter a real date the response was sent'),
  summary: z.string().trim().min(1, 'Summarise the response').max(20000, 'Summary must be 20,000 characters or fewer'),
})
export type PfdResponseInputType = z.input<typeof PfdResponseInput>
