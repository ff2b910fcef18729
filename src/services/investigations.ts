/**
 * The investigation's own record: recording a referral, assessing it (the form of
 * investigation, kept as history), opening the investigation with its reference, team and terms
 * of reference, moving it through its lifecycle, and the case list and overview.
 */
import { investigationKit } from './investigations/kit.js'
import { referralUseCases } from './investigations/referrals.js'
import { openingUseCases } from './investigations/opening.js'
import { detailUseCases } from './investigations/details.js'
import { caseListUseCases } from './investigations/caseList.js'
import { lifecycleUseCases } from './investigations/lifecycle.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
export {
  InvolvedPersonInput,
  ReferralInput,
  AssessmentInput,
  OpenInvestigationInput,
  encodeCursor,
  decodeCursor,
} from './investigations/schemas.js'
/** Kept for imports written before it had a module of its own; new code imports it from ./validation.js. */
export { parseOrThrow } from './validation.js'
export type { ReferralInputType, AssessmentInputType, OpenInvestigationInputType } from './investigations/schemas.js'

export function investigationService(db: Kysely<Database>) {
  const kit = investigationKit(db)
  return {
    ...referralUseCases(kit),
    ...openingUseCases(kit),
    ...detailUseCases(kit),
    ...caseListUseCases(kit),
    ...lifecycleUseCases(kit),
  }
}

export type InvestigationService = ReturnType<typeof investigationService>
