/**
 * The timeliness notice journey's input schemas (what a page or the API may send) and a notice's contents.
 */
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../../domain/calendar.js'
import { HARM_TEST_GROUNDS } from '../../domain/familyVocabulary.js'
import type * as repo from '../../data/repositories/timelinessNotices.js'

export const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' ? null : v), plainDate(message).nullable().optional())

/** What a notice says (timeliness_notices.contents). */
export const TimelinessContents = z.object({
  periodStartsOn: z.string(),
  cameToAttentionOn: z.string(),
  regulation17NoticesGivenOn: z.array(z.string()),
  progress: z.string(),
  estimatedConclusionOn: z.string().nullable(),
  estimatedReportSubmissionOn: z.string().nullable(),
  reasonForTimeTaken: z.string(),
  plannedSteps: z.string(),
})
export type TimelinessContentsType = z.output<typeof TimelinessContents>

export const TimelinessDraftChange = z.object({
  progress: z.string().trim().max(20000, 'Progress must be 20,000 characters or fewer').optional(),
  estimatedConclusionOn: optionalDate('Enter a real estimated date of conclusion'),
  estimatedReportSubmissionOn: optionalDate('Enter a real estimated date of report submission'),
  reasonForTimeTaken: z.string().trim().max(20000, 'Reason must be 20,000 characters or fewer').optional(),
  plannedSteps: z.string().trim().max(20000, 'Planned steps must be 20,000 characters or fewer').optional(),
})
export type TimelinessDraftChangeType = z.input<typeof TimelinessDraftChange>

export const TimelinessDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({
    decision: z.literal('send'),
    sentOn: plainDate('Enter a real date the notice was sent').refine((d) => d <= londonDateOf(new Date()), {
      message: 'The date sent must be today or in the past',
    }),
  }),
  z.object({
    decision: z.literal('withhold'),
    reason: z
      .string()
      .trim()
      .min(1, 'Enter why the notice is withheld')
      .max(5000, 'Reason must be 5,000 characters or fewer'),
  }),
])
export type TimelinessDecisionType = z.input<typeof TimelinessDecision>

export const TimelinessCopyInput = z
  .object({
    recipientKind: z.enum(['interested_person', 'subject'], { message: 'Choose who the copy is for' }),
    recipientId: z.uuid({ message: 'Choose the recipient' }),
    status: z.enum(['sent', 'withheld'], { message: 'Say whether the copy was sent or withheld' }),
    harmGround: z.preprocess(
      (v) => (v === '' ? null : v),
      z.enum(HARM_TEST_GROUNDS, { message: 'Choose the harm-test ground' }).nullable().optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'withheld' && !v.harmGround)
      ctx.addIssue({ code: 'custom', path: ['harmGround'], message: 'Choose the ground on which the copy is withheld' })
  })
export type TimelinessCopyInputType = z.input<typeof TimelinessCopyInput>

export type TimelinessNoticeRow = NonNullable<Awaited<ReturnType<typeof repo.find>>>

export function contentsOf(notice: TimelinessNoticeRow): TimelinessContentsType {
  const parsed = TimelinessContents.safeParse(notice.contents)
  return parsed.success
    ? parsed.data
    : {
        periodStartsOn: '',
        cameToAttentionOn: '',
        regulation17NoticesGivenOn: [],
        progress: '',
        estimatedConclusionOn: null,
        estimatedReportSubmissionOn: null,
        reasonForTimeTaken: '',
        plannedSteps: '',
      }
}
