/** Form fields of the families pages, as strings from the browser, turned into service input. */
import { z } from 'zod'
import { asArray } from '../../forms.js'

const text = z.string().trim().optional().default('')
const yes = z.preprocess((v) => v === 'yes' || (Array.isArray(v) && v.includes('yes')), z.boolean())

export const PersonForm = z.object({
  fullName: text,
  kind: text,
  relationship: text,
  consentToBeKeptInformed: z.enum(['yes', 'no'], { message: 'Say whether they have consented to be kept informed' }),
  preferredChannel: text,
  email: text,
  phone: text,
  postalAddress: text,
  language: text,
  accessibilityNeeds: text,
})

export const UpdateForm = z.object({
  channel: text,
  interestedPersonIds: z.preprocess(asArray, z.array(z.string())),
  summary: text,
  covers: z.preprocess(asArray, z.array(z.string())),
  withheldUnderHarmTest: yes,
  harmGround: text,
  withheldSummary: text,
})

export const MeetingForm = z.object({
  attendees: text,
  agenda: text,
  notes: text,
  interestedPersonIds: z.preprocess(asArray, z.array(z.string())),
})

export const DashboardQuery = z.object({
  sort: z.enum(['most_overdue', 'least_overdue']).optional().catch(undefined),
  cursor: z.string().max(300).optional().catch(undefined),
})

/** Editing a timeliness notice's draft: the free-text parts (the two estimated dates are date inputs). */
export const TimelinessDraftForm = z.object({
  progress: text,
  reasonForTimeTaken: text,
  plannedSteps: text,
})

/** Deciding on a timeliness notice: approve, record it sent (a date input), or withhold with a reason. */
export const TimelinessDecisionForm = z.object({
  decision: z.enum(['approve', 'send', 'withhold'], { message: 'Choose what to do with the notice' }),
  reason: text,
})

/** Recording a copy of a timeliness notice: the recipient as 'interested_person:<id>' or 'subject:<id>'. */
export const TimelinessCopyForm = z.object({
  recipient: z
    .string({ message: 'Choose who the copy is for' })
    .regex(/^(interested_person|subject):[0-9a-f-]{36}$/i, { message: 'Choose who the copy is for' }),
  status: z.enum(['sent', 'withheld'], { message: 'Say whether the copy was sent or withheld' }),
  harmGround: text,
})
