/**
 * From report to outcome: sending the approved report to the appropriate authority (which starts
 * its response clock, computed by the domain), the authority's response per subject, the
 * oversight body's recommendation and then direction where the authority disagrees (with the
 * force's acceptance and compliance), misconduct proceedings per subject with their outcome, and
 * learning recommendations.
 *
 * Two audiences. The investigation team (case file; 'report:send' to change things) sees every
 * subject. The appropriate authority — users of the investigated force only, and only once the
 * report is sent ('authority:read-report', 'authority:respond') — sees the report's
 * determinations and the subjects who serve with its own force, never another force's officers,
 * and never anything about the families (nothing here reads them).
 *
 * Every change is audited in its transaction; versioned records refuse a stale version.
 */
import { outcomeKit } from './outcomes/kit.js'
import { authorityUseCases } from './outcomes/authority.js'
import { responseUseCases } from './outcomes/responses.js'
import { recommendationUseCases } from './outcomes/recommendations.js'
import { proceedingUseCases } from './outcomes/proceedings.js'
import { learningUseCases } from './outcomes/learning.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
export {
  SendReportInput,
  AuthorityResponseInput,
  RecommendationInput,
  RecommendationChange,
  ProceedingInput,
  ProceedingChange,
  LearningInput,
  LearningChange,
} from './outcomes/schemas.js'
export type {
  SendReportInputType,
  AuthorityResponseInputType,
  RecommendationInputType,
  RecommendationChangeType,
  ProceedingInputType,
  ProceedingChangeType,
  LearningInputType,
  LearningChangeType,
} from './outcomes/schemas.js'

export function outcomeService(db: Kysely<Database>) {
  const kit = outcomeKit(db)
  return {
    ...authorityUseCases(kit),
    ...responseUseCases(kit),
    ...recommendationUseCases(kit),
    ...proceedingUseCases(kit),
    ...learningUseCases(kit),
  }
}

export type OutcomeService = ReturnType<typeof outcomeService>
