/**
 * The final report (DOMAIN.md "Final report", "Decision maker"): drafted in structured sections
 * with the chronology and evidence referenced from the case, every saved version kept and any two
 * compared; submitted to the decision maker, who returns it with comments or approves it once
 * every subject has a determination; each subject's determination (with the CPS referral and,
 * later, the CPS decision) moves the subject to "opinion given" through the subject lifecycle.
 * The report renders to a PDF (its SHA-256 recorded on the version it renders) and to an
 * accessible HTML page from one document model.
 *
 * Writes follow the house pattern: caseAccess.require inside access.transaction, a stale version
 * is a Conflict, and every change is audited in the same transaction.
 */
import { reportKit } from './reports/kit.js'
import { draftingUseCases } from './reports/drafting.js'
import { reviewUseCases } from './reports/review.js'
import { determinationUseCases } from './reports/determinations.js'
import { documentUseCases } from './reports/document.js'
import { taskUseCases } from './reports/tasks.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
export {
  ReportSectionsInput,
  ReturnInput,
  DeterminationInput,
  CpsDecisionInput,
  EMPTY_SECTIONS,
} from './reports/schemas.js'
export type {
  ReportSectionsInputType,
  DeterminationInputType,
  CpsDecisionInputType,
  ReportRow,
  ReportVersionRow,
  DeterminationRow,
} from './reports/schemas.js'

export function reportService(db: Kysely<Database>, documentStore: DocumentStore) {
  const kit = reportKit(db, documentStore)
  const drafting = draftingUseCases(kit)
  return {
    ...drafting,
    ...taskUseCases(kit, drafting),
    ...reviewUseCases(kit),
    ...determinationUseCases(kit),
    ...documentUseCases(kit),
  }
}

export type ReportService = ReturnType<typeof reportService>
