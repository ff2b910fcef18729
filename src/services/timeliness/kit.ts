/**
 * What the timeliness notice sub-journeys share: case access, loading a notice with the case access
 * its action needs, and drafting the notices owed on one investigation.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { timelinessNoticesOwed } from '../../domain/keepInformed.js'
import type { CaseAction } from '../../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../../domain/ruleSet.js'
import type { Executor } from '../../data/database.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/timelinessNotices.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { caseAccess, isUuid, requireActor } from '../caseAccess.js'
import { type RequestContext } from '../context.js'
import { NotFound } from '../errors.js'
import type { DocumentStore } from '../storage/documentStore.js'
import type { TimelinessContentsType, TimelinessNoticeRow } from './schemas.js'

export function timelinessKit(db: Kysely<Database>, documentStore: DocumentStore, rules: RuleSet = ENGLAND_AND_WALES) {
  const access = caseAccess(db)

  async function requireNotice(
    executor: Executor,
    ctx: RequestContext,
    id: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(id)) throw new NotFound('The timeliness notice')
    const notice = options.forUpdate ? await repo.findForUpdate(executor, id) : await repo.find(executor, id)
    if (!notice) throw new NotFound('The timeliness notice')
    const loaded = await access.require(executor, ctx, notice.investigation_id, action, options)
    return { notice, loaded }
  }

  /** Drafts the notices owed for one investigation on `today`, within a transaction already open. */
  async function draftIn(trx: Executor, ctx: RequestContext, investigationId: string, today: string) {
    const investigation = await investigations.findByIdForUpdate(trx, investigationId)
    if (!investigation) throw new NotFound('The investigation')
    const owed = timelinessNoticesOwed(
      { cameToAttentionOn: investigation.came_to_attention_on, status: investigation.status },
      today,
      rules,
    )
    if (owed.length === 0) return []
    const served = await repo.regulation17ServiceDates(trx, investigationId)
    const drafted: TimelinessNoticeRow[] = []
    for (const period of owed) {
      const contents: TimelinessContentsType = {
        periodStartsOn: period.startsOn,
        cameToAttentionOn: investigation.came_to_attention_on!,
        regulation17NoticesGivenOn: [...new Set(served.map((s) => s.served_on!))],
        progress: '',
        estimatedConclusionOn: null,
        estimatedReportSubmissionOn: null,
        reasonForTimeTaken: '',
        plannedSteps: '',
      }
      const notice = await repo.insertIfAbsent(trx, {
        id: uuidv7(),
        investigation_id: investigationId,
        period_number: period.number,
        period_ends_on: period.endsOn,
        due_on: period.noticeDueOn,
        status: 'draft',
        contents: JSON.stringify(contents),
        withheld_reason: null,
        approved_by: null,
        approved_at: null,
        sent_on: null,
        letter_sha256: null,
      })
      if (!notice) continue
      drafted.push(notice)
      await auditTrail.record(trx, ctx, {
        action: 'timeliness-notice.drafted',
        entityType: 'timeliness_notice',
        entityId: notice.id,
        caseId: investigationId,
        detail: { after: { periodNumber: period.number, periodEndsOn: period.endsOn, dueOn: period.noticeDueOn } },
      })
    }
    if (drafted.length) await investigations.touch(trx, investigationId)
    return drafted
  }

  return { db, documentStore, rules, access, requireNotice, draftIn }
}

export type TimelinessKit = ReturnType<typeof timelinessKit>
