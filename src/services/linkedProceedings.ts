/**
 * Linked proceedings (DOMAIN.md "Linked proceeding"): inquests (one can cover several deaths),
 * criminal trials, judicial reviews and civil claims, each linked to one or more investigations,
 * with a timeline of hearings and events, the people involved, documents, and the coroner's
 * prevention of future deaths reports with the force's 56-day response clock. An open inquest or
 * trial holds publication of every investigation it is linked to; its conclusion lifts the hold.
 */
import { linkedProceedingKit } from './linkedProceedings/kit.js'
import { linkingUseCases } from './linkedProceedings/linking.js'
import { progressUseCases } from './linkedProceedings/progress.js'
import { documentUseCases } from './linkedProceedings/documents.js'
import { preventionOfFutureDeathsUseCases } from './linkedProceedings/preventionOfFutureDeaths.js'
import type { Kysely } from 'kysely'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
export {
  LinkedProceedingInput,
  ProceedingMoveInput,
  ProceedingEventInput,
  ProceedingPartyInput,
  PfdReportInput,
  PfdResponseInput,
} from './linkedProceedings/schemas.js'
export type {
  LinkedProceedingInputType,
  ProceedingMoveInputType,
  ProceedingEventInputType,
  ProceedingPartyInputType,
  PfdReportInputType,
  PfdResponseInputType,
} from './linkedProceedings/schemas.js'

export function linkedProceedingService(
  db: Kysely<Database>,
  store: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
) {
  const kit = linkedProceedingKit(db, store, rules)
  return {
    ...linkingUseCases(kit),
    ...progressUseCases(kit),
    ...documentUseCases(kit),
    ...preventionOfFutureDeathsUseCases(kit),
  }
}

export type LinkedProceedingService = ReturnType<typeof linkedProceedingService>
