/**
 * Timeliness notices (Police (Conduct) Regulations 2020 reg 19): when an investigation is not
 * completed by the end of a relevant period (12 months from the day the allegation came to
 * attention, then every 6 months), a notice to the local policing body is drafted with what the
 * regulation requires; the drafter completes the free-text parts, the lead investigator or
 * decision maker approves it (which generates the PDF) and records it sent, or withholds it with a
 * reason. Copies to interested persons and to subjects are recorded as sent, or withheld on a
 * harm-test ground.
 *
 * draftDueTimelinessNotices() is idempotent: unique (investigation_id, period_number).
 * draftDue(today) is the scheduled sweep's entry point across every open investigation.
 */
import { timelinessKit } from './timeliness/kit.js'
import { draftingUseCases } from './timeliness/drafting.js'
import { decisionUseCases } from './timeliness/decisions.js'
import type { Kysely } from 'kysely'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
export {
  TimelinessContents,
  TimelinessDraftChange,
  TimelinessDecision,
  TimelinessCopyInput,
  contentsOf,
} from './timeliness/schemas.js'
export type {
  TimelinessContentsType,
  TimelinessDraftChangeType,
  TimelinessDecisionType,
  TimelinessCopyInputType,
  TimelinessNoticeRow,
} from './timeliness/schemas.js'

export function timelinessService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
) {
  const kit = timelinessKit(db, documentStore, rules)
  return {
    ...draftingUseCases(kit),
    ...decisionUseCases(kit),
  }
}

export type TimelinessService = ReturnType<typeof timelinessService>
