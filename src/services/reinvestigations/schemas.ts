/**
 * The re-investigation journey's input schemas (what a page or the API may send).
 */
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import { REOPENING_GROUNDS } from '../../domain/vocabulary.js'

export const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

export const ProposeReinvestigationInput = z.object({
  ground: z.enum(REOPENING_GROUNDS, { message: 'Choose the ground for re-investigation' }),
  detail: z
    .string()
    .trim()
    .min(1, 'Explain the ground: what was flawed, or what the new information is')
    .max(20000, 'Must be 20,000 characters or fewer'),
  publicInterest: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'Must be 5,000 characters or fewer').optional(),
  ),
})
export type ProposeReinvestigationInputType = z.input<typeof ProposeReinvestigationInput>

export const DecideReinvestigationInput = z.object({
  decision: z.enum(['approved', 'refused'], { message: 'Choose whether to approve or refuse the re-investigation' }),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for the decision')
    .max(20000, 'Must be 20,000 characters or fewer'),
  /** Approval opens a new investigation (the default) or re-opens this one in place. */
  route: z.enum(['new_investigation', 'reopen']).default('new_investigation'),
  title: z.preprocess(emptyToUndefined, z.string().trim().max(300, 'Title must be 300 characters or fewer').optional()),
  termsOfReference: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(20000, 'Terms of reference must be 20,000 characters or fewer').optional(),
  ),
  decidedOn: z.preprocess(
    emptyToUndefined,
    z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the decision' }).optional(),
  ),
})
export type DecideReinvestigationInputType = z.input<typeof DecideReinvestigationInput>
