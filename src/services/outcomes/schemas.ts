/**
 * The outcome journey's input schemas (what a page or the API may send) and small pure helpers.
 */
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../../domain/calendar.js'
import { futureDateProblem } from '../../domain/plausibleDates.js'
import { isSubjectStatus, type SubjectStatus } from '../../domain/subjectLifecycle.js'
import { isOpinion, OUTCOMES, PROCEEDINGS_KINDS, PROPOSED_PROCEEDINGS, type Opinion } from '../../domain/vocabulary.js'

export const date = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), date(message).nullable())
/** The date of something that has happened: a real date, today or earlier (domain/plausibleDates.ts). */
export const pastDate = (message: string, what: string) =>
  date(message).superRefine((d, ctx) => {
    const problem = futureDateProblem(what, d)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
export const optionalPastDate = (message: string, what: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), pastDate(message, what).nullable())
export const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z.string().trim().max(max, message).nullable(),
  )
export const yesNo = (message: string) =>
  z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean({ message }))
export const optionalYesNo = (message: string) =>
  z.preprocess(
    (v) => (v === 'yes' ? true : v === 'no' ? false : v === '' || v === undefined ? null : v),
    z.boolean({ message }).nullable(),
  )
export const reasons = z
  .string()
  .trim()
  .min(1, 'Enter the reasons')
  .max(20000, 'Reasons must be 20,000 characters or fewer')

export const SendReportInput = z.object({
  sentOn: date('Enter a real date the report was sent').refine((d) => d <= londonDateOf(new Date()), {
    message: 'The date the report was sent must be today or in the past',
  }),
})
export type SendReportInputType = z.input<typeof SendReportInput>

export const AuthorityResponseInput = z.object({
  agrees: yesNo('Choose whether the appropriate authority agrees with the determination'),
  proposedProceedings: z.enum(PROPOSED_PROCEEDINGS, { message: 'Choose the proceedings proposed' }),
  reasons,
  respondedOn: pastDate('Enter a real date of the response', 'The date of the response'),
})
export type AuthorityResponseInputType = z.input<typeof AuthorityResponseInput>

export const RecommendationInput = z.object({
  proceedingsKind: z.enum(PROCEEDINGS_KINDS, { message: 'Choose the proceedings recommended or directed' }),
  madeOn: pastDate('Enter a real date it was made', 'The date it was made'),
  reasons,
})
export type RecommendationInputType = z.input<typeof RecommendationInput>

export const RecommendationChange = z.object({
  accepted: optionalYesNo('Choose whether it was accepted').optional(),
  respondedOn: optionalPastDate('Enter a real date of the response', 'The date of the response').optional(),
  complied: optionalYesNo('Choose whether the force complied').optional(),
  compliedOn: optionalPastDate('Enter a real date of compliance', 'The date of compliance').optional(),
  notes: optionalText(20000, 'Notes must be 20,000 characters or fewer').optional(),
})
export type RecommendationChangeType = z.input<typeof RecommendationChange>

export const Adjournment = z.object({
  on: pastDate('Enter a real date of the adjournment', 'The date of the adjournment'),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for the adjournment')
    .max(2000, 'Reason must be 2,000 characters or fewer'),
  resumesOn: optionalDate('Enter a real date the proceedings resume')
    .optional()
    .transform((v) => v ?? null),
})

export const proceedingFields = {
  accelerated: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  scheduledOn: optionalDate('Enter a real date the proceedings are arranged for').optional(),
  heldOn: optionalPastDate(
    'Enter a real date the proceedings were held',
    'The date the proceedings were held',
  ).optional(),
  chairName: optionalText(200, 'Chair’s name must be 200 characters or fewer').optional(),
  chairLegallyQualified: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  panel: z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z
        .array(z.string().trim().min(1).max(200, 'Each panel member’s name must be 200 characters or fewer'))
        .max(10, 'A panel has at most 10 members'),
    )
    .optional(),
  adjournments: z.array(Adjournment).max(50).optional(),
  leftForce: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z.enum(['resigned', 'retired'], { message: 'Choose resigned or retired' }).nullable(),
    )
    .optional(),
  leftForceOn: optionalPastDate('Enter a real date the officer left', 'The date the officer left').optional(),
  outcome: z
    .preprocess((v) => (v === '' ? null : v), z.enum(OUTCOMES, { message: 'Choose the outcome' }).nullable())
    .optional(),
  outcomeOn: optionalPastDate('Enter a real date of the outcome', 'The date of the outcome').optional(),
  wouldHaveBeenDismissed: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  appealLodgedOn: optionalPastDate(
    'Enter a real date the appeal was lodged',
    'The date the appeal was lodged',
  ).optional(),
  appealResult: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z
        .enum(['upheld', 'dismissed', 'withdrawn', 'pending'], { message: 'Choose the result of the appeal' })
        .nullable(),
    )
    .optional(),
  barredListEntryOn: optionalPastDate(
    'Enter a real date of the barred list entry',
    'The date of the barred list entry',
  ).optional(),
  advisoryListEntryOn: optionalPastDate(
    'Enter a real date of the advisory list entry',
    'The date of the advisory list entry',
  ).optional(),
}

export const ProceedingInput = z.object({
  kind: z.enum(['meeting', 'hearing', 'none'], {
    message: 'Choose a misconduct meeting, a misconduct hearing, or no proceedings',
  }),
  ...proceedingFields,
})
export type ProceedingInputType = z.input<typeof ProceedingInput>

export const ProceedingChange = z.object(proceedingFields)
export type ProceedingChangeType = z.input<typeof ProceedingChange>

export const FollowUp = z.object({
  action: z
    .string()
    .trim()
    .min(1, 'Describe the follow-up action')
    .max(2000, 'Action must be 2,000 characters or fewer'),
  dueOn: optionalDate('Enter a real due date')
    .optional()
    .transform((v) => v ?? null),
  doneOn: optionalDate('Enter a real date it was done')
    .optional()
    .transform((v) => v ?? null),
})

export const LearningInput = z.object({
  recipientKind: z.enum(['force', 'national_body'], { message: 'Choose the force or a national body' }),
  recipientName: z.string().trim().min(1, 'Enter the recipient').max(300, 'Recipient must be 300 characters or fewer'),
  text: z
    .string()
    .trim()
    .min(1, 'Enter the recommendation')
    .max(20000, 'Recommendation must be 20,000 characters or fewer'),
  madeOn: date('Enter a real date the recommendation was made'),
  responseDueOn: date('Enter a real date the response is due'),
})
export type LearningInputType = z.input<typeof LearningInput>

export const LearningChange = z.object({
  response: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z.enum(['accepted', 'partly_accepted', 'not_accepted'], { message: 'Choose the response' }).nullable(),
    )
    .optional(),
  respondedOn: optionalPastDate('Enter a real date of the response', 'The date of the response').optional(),
  responseText: optionalText(20000, 'Response must be 20,000 characters or fewer').optional(),
  responseDueOn: date('Enter a real date the response is due').optional(),
  followUpActions: z.array(FollowUp).max(100).optional(),
})
export type LearningChangeType = z.input<typeof LearningChange>

export function statusOf(value: string): SubjectStatus {
  return isSubjectStatus(value) ? value : 'identified'
}

export function opinionOf(value: string | null): Opinion | null {
  return value !== null && isOpinion(value) ? value : null
}
