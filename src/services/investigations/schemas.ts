/**
 * The investigation journey's input schemas (what a page or the API may send), the list's keyset
 * cursor, and the facts of a re-opened case.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import { type InvestigationFacts } from '../../domain/investigationLifecycle.js'
import { INVOLVED_PERSON_ROLES } from '../../domain/involvedPeople.js'
import {
  CURRENT_INVESTIGATION_FORMS,
  isReopeningGround,
  MATTER_TYPES,
  REFERRAL_CATEGORIES,
  type InvestigationForm,
} from '../../domain/vocabulary.js'
import * as reinvestigations from '../../data/repositories/reinvestigations.js'
import type { Database } from '../../data/schema.js'
import { isUuid, type InvestigationRow } from '../caseAccess.js'
import { ValidationFailed } from '../errors.js'

export const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const optionalPlainDate = (message: string) =>
  z.preprocess((v) => (v === '' || v === null ? undefined : v), plainDate(message).optional())

export const InvolvedPersonInput = z.object({
  role: z.enum(INVOLVED_PERSON_ROLES, { message: 'Choose how the person was involved' }),
  fullName: z.string().trim().min(1, 'Enter the person’s full name').max(200, 'Name must be 200 characters or fewer'),
  dateOfBirth: optionalPlainDate('Enter a real date of birth'),
  dateOfDeath: optionalPlainDate('Enter a real date of death'),
  placeOfDeath: z.string().trim().max(300, 'Place of death must be 300 characters or fewer').optional(),
})

export const ReferralInput = z.object({
  matterType: z.enum(MATTER_TYPES, { message: 'Choose the type of matter' }),
  referringForceId: z.uuid({ message: 'Choose the referring force' }),
  receivedOn: plainDate('Enter a real date the referral was received'),
  cameToAttentionOn: optionalPlainDate('Enter a real date the allegation came to the force’s attention'),
  category: z.enum(REFERRAL_CATEGORIES, { message: 'Choose the mandatory referral category, or voluntary' }),
  summary: z
    .string()
    .trim()
    .min(1, 'Enter a summary of the matter')
    .max(20000, 'Summary must be 20,000 characters or fewer'),
  people: z.array(InvolvedPersonInput).max(50, 'Record at most 50 people on one referral').default([]),
})
export type ReferralInputType = z.input<typeof ReferralInput>

export const AssessmentInput = z.object({
  form: z.enum(CURRENT_INVESTIGATION_FORMS as [InvestigationForm, ...InvestigationForm[]], {
    message: 'Choose the form of investigation',
  }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the decision')
    .max(20000, 'Rationale must be 20,000 characters or fewer'),
  decidedOn: plainDate('Enter a real date of the decision'),
})
export type AssessmentInputType = z.input<typeof AssessmentInput>

export const OpenInvestigationInput = z.object({
  referralIds: z.array(z.uuid()).min(1, 'Choose at least one assessed referral'),
  title: z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
  termsOfReference: z
    .string()
    .trim()
    .min(1, 'Enter the terms of reference')
    .max(20000, 'Terms of reference must be 20,000 characters or fewer'),
  leadInvestigatorId: z.uuid({ message: 'Choose the lead investigator' }),
  decisionMakerId: z.uuid({ message: 'Choose the decision maker' }),
  investigatorIds: z.array(z.uuid()).max(100).default([]),
  caseWorkerIds: z.array(z.uuid()).max(20).default([]),
  openedOn: optionalPlainDate('Enter a real date the investigation opened'),
})
export type OpenInvestigationInputType = z.input<typeof OpenInvestigationInput>

/**
 * Re-opening in place (closed → reopened → assessed): the ground is that of the latest approved
 * re-investigation that re-opens this case rather than opening a new one; the re-opened case is
 * assessed again once one of its referrals has a determination recorded since that approval.
 */
export async function reopeningFacts(
  executor: Kysely<Database>,
  investigation: InvestigationRow,
): Promise<Pick<InvestigationFacts, 'reopeningGround' | 'assessedSinceReopened'>> {
  const approval = await reinvestigations.latestApprovedInPlace(executor, investigation.id)
  if (!approval?.decided_on) return { reopeningGround: null, assessedSinceReopened: false }
  const reassessed = await reinvestigations.assessedSince(executor, investigation.id, approval.decided_on)
  return {
    reopeningGround: isReopeningGround(approval.ground) ? approval.ground : null,
    assessedSinceReopened: reassessed,
  }
}

/** Opaque keyset cursor: the last row's updated_at (microsecond text) and id. */
export function encodeCursor(updatedAtKey: string, id: string): string {
  return Buffer.from(JSON.stringify([updatedAtKey, id])).toString('base64url')
}

/** A cursor this service did not make is refused (not silently treated as the first page). */
export function decodeCursor(cursor: string | undefined): { updatedAt: string; id: string } | undefined {
  if (!cursor) return undefined
  const invalid = () =>
    new ValidationFailed([
      { path: 'query.cursor', message: 'The cursor is not valid: use nextCursor from the previous page' },
    ])
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    throw invalid()
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) throw invalid()
  const [updatedAt, id] = decoded as [unknown, unknown]
  if (
    typeof updatedAt !== 'string' ||
    typeof id !== 'string' ||
    !isUuid(id) ||
    !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(updatedAt)
  )
    throw invalid()
  return { updatedAt, id }
}
