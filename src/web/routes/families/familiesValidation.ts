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
