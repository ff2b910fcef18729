import { z } from 'zod'
import { INVOLVED_PERSON_ROLES } from '../../../domain/involvedPeople.js'
import {
  CURRENT_INVESTIGATION_FORMS,
  MATTER_TYPES,
  REFERRAL_CATEGORIES,
  type InvestigationForm,
} from '../../../domain/vocabulary.js'
import type { DateField } from '../../dates.js'

/** How many rows for people involved the form offers (empty rows are ignored). */
export const PERSON_ROWS = 4

const text = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)

export const ReferralForm = z.object({
  matterType: z.enum(MATTER_TYPES, { message: 'Choose the type of matter' }),
  referringForceId: z.uuid({ message: 'Choose the referring force' }),
  category: z.enum(REFERRAL_CATEGORIES, { message: 'Choose the mandatory referral category, or voluntary' }),
  summary: text(20000, 'Summary').min(1, 'Enter a summary of the matter'),
})

export const REFERRAL_DATES: DateField[] = [
  { name: 'receivedOn', what: 'the date the referral was received', notInFuture: true },
  {
    name: 'cameToAttentionOn',
    what: 'the date the allegation came to the force’s attention',
    optional: true,
    notInFuture: true,
  },
]

/** A person row's date of death is a date input named person-N-dateOfDeath. */
export const personDateOfDeath = (n: number): DateField => ({
  name: `person-${n}-dateOfDeath`,
  what: 'the date of death',
  optional: true,
  notInFuture: true,
})

export const PersonRow = z.object({
  role: z.enum(INVOLVED_PERSON_ROLES, { message: 'Choose how the person was involved' }),
  fullName: text(200, 'Name').min(1, 'Enter the person’s full name'),
  placeOfDeath: text(300, 'Place of death').optional(),
})

export const AssessmentForm = z.object({
  form: z.enum(CURRENT_INVESTIGATION_FORMS as [InvestigationForm, ...InvestigationForm[]], {
    message: 'Choose the form of investigation',
  }),
  rationale: text(20000, 'Rationale').min(1, 'Enter the rationale for the decision'),
})

export const ASSESSMENT_DATES: DateField[] = [
  { name: 'decidedOn', what: 'the date of the decision', notInFuture: true },
]
