/**
 * The vocabularies of families kept informed (DOMAIN.md "Interested person", "Keep-informed
 * update", "Harm test"): each a const array of stored values (snake_case, never renamed once
 * stored) with labels for pages, letters and the API. Order is the order options are shown in.
 */

function guard<const T extends readonly string[]>(values: T): (value: unknown) => value is T[number] {
  return (value: unknown): value is T[number] =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
}

export const INTERESTED_PERSON_KINDS = ['bereaved_family', 'complainant', 'injured_person', 'other'] as const
export type InterestedPersonKind = (typeof INTERESTED_PERSON_KINDS)[number]
export const INTERESTED_PERSON_KIND_LABELS: Record<InterestedPersonKind, string> = {
  bereaved_family: 'Bereaved family member',
  complainant: 'Complainant',
  injured_person: 'Person seriously injured',
  other: 'Other interested person',
}
export const isInterestedPersonKind = guard(INTERESTED_PERSON_KINDS)

/** How an interested person prefers to be contacted. */
export const CONTACT_CHANNELS = ['email', 'letter', 'phone'] as const
export type ContactChannel = (typeof CONTACT_CHANNELS)[number]
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = {
  email: 'E-mail',
  letter: 'Letter',
  phone: 'Phone',
}
export const isContactChannel = guard(CONTACT_CHANNELS)

/** How a keep-informed update was given ('portal' is recorded by the family portal itself). */
export const UPDATE_CHANNELS = ['letter', 'email', 'meeting', 'call', 'portal'] as const
export type UpdateChannel = (typeof UPDATE_CHANNELS)[number]
export const UPDATE_CHANNEL_LABELS: Record<UpdateChannel, string> = {
  letter: 'Letter',
  email: 'E-mail',
  meeting: 'Meeting',
  call: 'Phone or video call',
  portal: 'Family portal',
}
/** The channels a member of staff records by hand. */
export const STAFF_UPDATE_CHANNELS = ['letter', 'email', 'meeting', 'call'] as const satisfies readonly UpdateChannel[]
export const isUpdateChannel = guard(UPDATE_CHANNELS)

/**
 * The harm test: the grounds on which information may be withheld from an interested person (or
 * a copy of a timeliness notice from a subject). Every withholding records one.
 */
export const HARM_TEST_GROUNDS = [
  'prejudice_to_proceedings',
  'prejudice_to_investigation',
  'third_party_safety',
  'national_security',
  'prevention_or_detection_of_crime',
  'public_interest',
] as const
export type HarmTestGround = (typeof HARM_TEST_GROUNDS)[number]
export const HARM_TEST_GROUND_LABELS: Record<HarmTestGround, string> = {
  prejudice_to_proceedings: 'Prejudice to criminal, misconduct or other proceedings',
  prejudice_to_investigation: 'Prejudice to this or another investigation',
  third_party_safety: 'Welfare and safety of a third party',
  national_security: 'National security',
  prevention_or_detection_of_crime: 'Prevention or detection of crime, or the apprehension or prosecution of offenders',
  public_interest: 'Otherwise necessary and proportionate in the public interest',
}
export const isHarmTestGround = guard(HARM_TEST_GROUNDS)

export function harmTestGroundLabel(ground: string | null | undefined): string {
  if (!ground) return ''
  return isHarmTestGround(ground) ? HARM_TEST_GROUND_LABELS[ground] : ground
}

export const TIMELINESS_NOTICE_STATUSES = ['draft', 'approved', 'sent', 'withheld'] as const
export type TimelinessNoticeStatus = (typeof TIMELINESS_NOTICE_STATUSES)[number]
export const TIMELINESS_NOTICE_STATUS_LABELS: Record<TimelinessNoticeStatus, string> = {
  draft: 'Draft',
  approved: 'Approved',
  sent: 'Sent to the local policing body',
  withheld: 'Withheld',
}
