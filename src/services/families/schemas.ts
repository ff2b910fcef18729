/**
 * The family liaison journey's input schemas (what a page or the API may send), the fields an
 * audit entry names, and small pure helpers.
 */
import type { Transaction } from 'kysely'
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../../domain/calendar.js'
import {
  CONTACT_CHANNELS,
  HARM_TEST_GROUNDS,
  INTERESTED_PERSON_KINDS,
  STAFF_UPDATE_CHANNELS,
} from '../../domain/familyVocabulary.js'
import { type PersonClock } from '../../domain/keepInformed.js'
import type * as repo from '../../data/repositories/interestedPersons.js'
import type { Database } from '../../data/schema.js'

export const today = () => londonDateOf(new Date())
export const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const pastDate = (message: string, future: string) =>
  plainDate(message).refine((d) => d <= today(), { message: future })
export const optionalText = (max: number, message: string) =>
  z.preprocess((v) => (v === '' ? null : v), z.string().trim().max(max, message).nullable().optional())
export const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' ? null : v), plainDate(message).nullable().optional())

export const personFields = {
  fullName: z.string().trim().min(1, 'Enter the person’s full name').max(200, 'Name must be 200 characters or fewer'),
  kind: z.enum(INTERESTED_PERSON_KINDS, { message: 'Choose what kind of interested person they are' }),
  relationship: optionalText(200, 'Relationship must be 200 characters or fewer').meta({
    description: 'Relationship to the person who died or was injured, e.g. mother',
  }),
  consentToBeKeptInformed: z.boolean({ message: 'Say whether they have consented to be kept informed' }),
  consentRecordedOn: optionalDate('Enter a real date consent was recorded'),
  becameInterestedOn: pastDate(
    'Enter a real date they became an interested person',
    'The date they became an interested person must be today or in the past',
  ),
  preferredChannel: z.enum(CONTACT_CHANNELS, { message: 'Choose how they prefer to be contacted' }),
  email: z.preprocess(
    (v) => (v === '' ? null : v),
    z
      .email({ message: 'Enter an e-mail address in the correct format, like name@example.com' })
      .max(320)
      .nullable()
      .optional(),
  ),
  phone: optionalText(40, 'Phone number must be 40 characters or fewer'),
  postalAddress: optionalText(1000, 'Address must be 1,000 characters or fewer'),
  language: optionalText(100, 'Language must be 100 characters or fewer'),
  accessibilityNeeds: optionalText(2000, 'Accessibility needs must be 2,000 characters or fewer'),
}

export type ContactFacts = {
  preferredChannel?: string
  email?: string | null
  phone?: string | null
  postalAddress?: string | null
}
export function contactProblems(v: ContactFacts): { path: string; message: string }[] {
  if (v.preferredChannel === 'email' && !v.email)
    return [{ path: 'email', message: 'Enter an e-mail address, as they prefer e-mail' }]
  if (v.preferredChannel === 'phone' && !v.phone)
    return [{ path: 'phone', message: 'Enter a phone number, as they prefer phone calls' }]
  if (v.preferredChannel === 'letter' && !v.postalAddress)
    return [{ path: 'postalAddress', message: 'Enter a postal address, as they prefer letters' }]
  return []
}

export const InterestedPersonInput = z.object(personFields).superRefine((v, ctx) => {
  for (const p of contactProblems(v)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message })
})
export type InterestedPersonInputType = z.input<typeof InterestedPersonInput>

export const InterestedPersonChange = z.object(personFields).partial()
export type InterestedPersonChangeType = z.input<typeof InterestedPersonChange>

export const representativeFields = {
  firm: optionalText(200, 'Firm must be 200 characters or fewer').meta({ description: 'The solicitor’s firm' }),
  fullName: z
    .string()
    .trim()
    .min(1, 'Enter the representative’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  email: z.preprocess(
    (v) => (v === '' ? null : v),
    z
      .email({ message: 'Enter an e-mail address in the correct format, like name@example.com' })
      .max(320)
      .nullable()
      .optional(),
  ),
  phone: optionalText(40, 'Phone number must be 40 characters or fewer'),
  receivesUpdates: z.boolean().default(true).meta({ description: 'Receives updates on the person’s behalf' }),
}
export const RepresentativeInput = z.object(representativeFields)
export type RepresentativeInputType = z.input<typeof RepresentativeInput>
export const RepresentativeChange = z
  .object({ ...representativeFields, receivesUpdates: z.boolean().optional() })
  .partial()
export type RepresentativeChangeType = z.input<typeof RepresentativeChange>

export const KeepInformedUpdateInput = z
  .object({
    channel: z.enum(STAFF_UPDATE_CHANNELS, { message: 'Choose how the update was given' }),
    givenOn: pastDate(
      'Enter a real date the update was given',
      'The date the update was given must be today or in the past',
    ),
    interestedPersonIds: z
      .array(z.uuid({ message: 'Choose interested persons of this investigation' }))
      .min(1, 'Choose who the update was given to')
      .max(100),
    /** Representatives who received it on a recipient's behalf. */
    representativeIds: z.array(z.uuid()).max(100).default([]),
    summary: z
      .string()
      .trim()
      .min(1, 'Enter what was said')
      .max(20000, 'What was said must be 20,000 characters or fewer'),
    coversProgress: z.boolean().default(true),
    coversProvisionalFindings: z.boolean().default(false),
    coversReportSubmitted: z.boolean().default(false),
    withheldUnderHarmTest: z.boolean().default(false),
    harmGround: z.preprocess(
      (v) => (v === '' ? null : v),
      z.enum(HARM_TEST_GROUNDS, { message: 'Choose the harm-test ground' }).nullable().optional(),
    ),
    withheldSummary: optionalText(5000, 'Summary of what was withheld must be 5,000 characters or fewer'),
  })
  .superRefine((v, ctx) => {
    if (v.withheldUnderHarmTest && !v.harmGround)
      ctx.addIssue({
        code: 'custom',
        path: ['harmGround'],
        message: 'Choose the ground on which information was withheld',
      })
  })
export type KeepInformedUpdateInputType = z.input<typeof KeepInformedUpdateInput>

export const meetingFields = {
  heldOn: plainDate('Enter a real date of the meeting'),
  attendees: z.string().trim().min(1, 'Enter who attended').max(5000, 'Attendees must be 5,000 characters or fewer'),
  agenda: optionalText(20000, 'Agenda must be 20,000 characters or fewer'),
  notes: optionalText(50000, 'Notes must be 50,000 characters or fewer'),
  interestedPersonIds: z
    .array(z.uuid({ message: 'Choose interested persons of this investigation' }))
    .max(100)
    .default([]),
}
export const MeetingInput = z.object(meetingFields)
export type MeetingInputType = z.input<typeof MeetingInput>
export const MeetingChange = z
  .object({ ...meetingFields, interestedPersonIds: z.array(z.uuid()).max(100).optional() })
  .partial()
export type MeetingChangeType = z.input<typeof MeetingChange>

export const MeetingActionInput = z.object({
  description: z.string().trim().min(1, 'Describe the action').max(2000, 'Action must be 2,000 characters or fewer'),
  owner: z.string().trim().min(1, 'Enter who owns the action').max(200, 'Owner must be 200 characters or fewer'),
  dueOn: optionalDate('Enter a real due date'),
})
export type MeetingActionInputType = z.input<typeof MeetingActionInput>
export const MeetingActionChange = MeetingActionInput.partial().extend({
  doneOn: optionalDate('Enter a real date the action was done').meta({
    description: 'When the action was done; null to reopen it',
  }),
})
export type MeetingActionChangeType = z.input<typeof MeetingActionChange>

/** The personal data a person record holds, named in read audits. */
export const PERSON_FIELDS = [
  'interested_persons.full_name',
  'interested_persons.relationship',
  'interested_persons.email',
  'interested_persons.phone',
  'interested_persons.postal_address',
  'interested_persons.language',
  'interested_persons.accessibility_needs',
]
export const REPRESENTATIVE_FIELDS = [
  'representatives.full_name',
  'representatives.firm',
  'representatives.email',
  'representatives.phone',
]

export type InterestedPersonRow = Awaited<ReturnType<typeof repo.findPerson>> & {}
export type PersonWithClock = InterestedPersonRow & { last_update_on: string | null; clock: PersonClock }

export function personView(p: InterestedPersonRow) {
  return {
    fullName: p.full_name,
    kind: p.kind,
    relationship: p.relationship,
    consentToBeKeptInformed: p.consent_to_be_kept_informed,
    consentRecordedOn: p.consent_recorded_on,
    becameInterestedOn: p.became_interested_on,
    preferredChannel: p.preferred_channel,
    email: p.email,
    phone: p.phone,
    postalAddress: p.postal_address,
    language: p.language,
    accessibilityNeeds: p.accessibility_needs,
  }
}

export interface FamilyServiceHooks {
  /** Called inside the transaction that records a keep-informed update, after its recipients (the family e-mails: services/portal/notifications.ts). */
  onUpdateRecorded?: (trx: Transaction<Database>, updateId: string) => Promise<unknown>
}
