/**
 * Drafting the timeliness notices owed (per case, and the sweep over every open case), reading them,
 * and editing a draft.
 */
import { addCalendarDays, addMonths, isPlainDate } from '../../domain/calendar.js'
import { COMPLETED_INVESTIGATION_STATUSES, timelinessNoticesOwed } from '../../domain/keepInformed.js'
import * as repo from '../../data/repositories/timelinessNotices.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid } from '../caseAccess.js'
import { systemContext, type RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  TimelinessDraftChange,
  contentsOf,
  type TimelinessContentsType,
  type TimelinessDraftChangeType,
} from './schemas.js'
import type { TimelinessKit } from './kit.js'

export function draftingUseCases(kit: TimelinessKit) {
  const { db, rules, access, requireNotice, draftIn } = kit
  return {
    /**
     * Drafts one notice per relevant period that has ended on `today` while the investigation is
     * not completed. Idempotent: a period already drafted is left alone. Returns the new drafts.
     * With a signed-in actor, they must be able to contribute to the case; the sweep passes none.
     */
    async draftDueTimelinessNotices(investigationId: string, today: string, ctx: RequestContext = systemContext()) {
      if (!isPlainDate(today)) throw new RangeError(`today must be a plain date, not ${today}`)
      if (!isUuid(investigationId)) throw new NotFound('The investigation')
      return access.transaction(ctx, async (trx) => {
        if (ctx.actor) await access.require(trx, ctx, investigationId, 'investigation:contribute', { forUpdate: true })
        return draftIn(trx, ctx, investigationId, today)
      })
    },

    /**
     * The sweep: drafts every owed notice across all open investigations (each investigation in its
     * own transaction, so one failure does not hold back the rest). Safe to run on several
     * instances at once: the unique period number decides.
     */
    async draftDue(today: string) {
      if (!isPlainDate(today)) throw new RangeError(`today must be a plain date, not ${today}`)
      const ctx = systemContext()
      // No first period can have ended for attention after this date (a few days' slack for month-end clamping).
      const bound = addCalendarDays(addMonths(today, -rules.timelinessFirstPeriodMonths), 3)
      const candidates = await repo.candidates(db, bound, COMPLETED_INVESTIGATION_STATUSES)
      const drafted: { investigationId: string; noticeId: string; periodNumber: number; dueOn: string }[] = []
      const failed: { investigationId: string; error: string }[] = []
      for (const c of candidates) {
        const owed = timelinessNoticesOwed(
          { cameToAttentionOn: c.came_to_attention_on, status: c.status },
          today,
          rules,
        )
        if (owed.length <= (c.last_period ?? 0)) continue
        try {
          const notices = await db.transaction().execute((trx) => draftIn(trx, ctx, c.id, today))
          for (const n of notices)
            drafted.push({ investigationId: c.id, noticeId: n.id, periodNumber: n.period_number, dueOn: n.due_on })
        } catch (error) {
          failed.push({ investigationId: c.id, error: error instanceof Error ? error.message : String(error) })
        }
      }
      return { checked: candidates.length, drafted, failed }
    },

    async list(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const notices = await repo.ofInvestigation(db, investigationId)
      const copies = await repo.copiesOf(
        db,
        notices.map((n) => n.id),
      )
      return notices.map((n) => ({
        ...n,
        contentsParsed: contentsOf(n),
        copies: copies.filter((c) => c.notice_id === n.id),
      }))
    },

    async get(noticeId: string, ctx: RequestContext) {
      const { notice, loaded } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      const copies = await repo.copiesOf(db, [notice.id])
      return {
        notice,
        contents: contentsOf(notice),
        copies,
        canEdit: access.may(ctx, 'investigation:contribute', loaded),
        canDecide: access.may(ctx, 'timeliness:decide', loaded),
      }
    },

    /** Edits the draft's free-text parts and estimates (drafts only). */
    async editDraft(noticeId: string, input: TimelinessDraftChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(TimelinessDraftChange, input)
      return access.transaction(ctx, async (trx) => {
        const { notice } = await requireNotice(trx, ctx, noticeId, 'investigation:contribute', { forUpdate: true })
        if (notice.version !== expectedVersion) throw new Conflict()
        if (notice.status !== 'draft') throw new InvalidTransition('Only a draft notice can be edited.')
        const before = contentsOf(notice)
        const after: TimelinessContentsType = { ...before }
        if (data.progress !== undefined) after.progress = data.progress
        if (data.estimatedConclusionOn !== undefined) after.estimatedConclusionOn = data.estimatedConclusionOn
        if (data.estimatedReportSubmissionOn !== undefined)
          after.estimatedReportSubmissionOn = data.estimatedReportSubmissionOn
        if (data.reasonForTimeTaken !== undefined) after.reasonForTimeTaken = data.reasonForTimeTaken
        if (data.plannedSteps !== undefined) after.plannedSteps = data.plannedSteps
        const updated = await repo.update(trx, noticeId, { contents: JSON.stringify(after) }, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'timeliness-notice.edited',
          entityType: 'timeliness_notice',
          entityId: noticeId,
          caseId: notice.investigation_id,
          detail: { before, after },
        })
        return updated
      })
    },
  }
}
