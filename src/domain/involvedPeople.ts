/** How a person named in a referral was involved in the matter. */
export const INVOLVED_PERSON_ROLES = ['deceased', 'seriously_injured', 'complainant', 'witness', 'other'] as const
export type InvolvedPersonRole = (typeof INVOLVED_PERSON_ROLES)[number]
export const INVOLVED_PERSON_ROLE_LABELS: Record<InvolvedPersonRole, string> = {
  deceased: 'Person who died',
  seriously_injured: 'Person seriously injured',
  complainant: 'Complainant',
  witness: 'Witness',
  other: 'Other',
}
