/**
 * Re-investigation (DOMAIN.md "Re-investigation"): a closed investigation can be re-investigated
 * when it was materially flawed, there is significant new information (e.g. evidence first heard
 * at an inquest), or it is in the public interest. The lead investigator or decision maker
 * proposes it with the ground; only the decision maker decides, with a reason. Approval opens a
 * NEW investigation (the old one stays closed: see docs/domain-decisions.md) that links to the
 * old, has the same team, carries the subjects over (the same officer records) and shows the old
 * chronology and evidence by reference; each consenting interested person of the old case becomes
 * one of the new case with an update due at once. Re-opening the same case in place
 * (closed → reopened through the lifecycle guard) is the other route a decision may take.
 */
import { reinvestigationKit } from './reinvestigations/kit.js'
import { decisionUseCases } from './reinvestigations/decisions.js'
import { predecessorUseCases } from './reinvestigations/predecessors.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
export { ProposeReinvestigationInput, DecideReinvestigationInput } from './reinvestigations/schemas.js'
export type { ProposeReinvestigationInputType, DecideReinvestigationInputType } from './reinvestigations/schemas.js'

export function reinvestigationService(db: Kysely<Database>, store: DocumentStore) {
  const kit = reinvestigationKit(db, store)
  return {
    ...decisionUseCases(kit),
    ...predecessorUseCases(kit),
  }
}

export type ReinvestigationService = ReturnType<typeof reinvestigationService>
