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
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { addCalendarDays, addMonths, isPlainDate, londonDateOf } from '../domain/calendar.js'
import { HARM_TEST_GROUNDS } from '../domain/familyVocabulary.js'
import { COMPLETED_INVESTIGATION_STATUSES, timelinessNoticesOwed } from '../domain/keepInformed.js'
import type { CaseAction } from '../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import * as letters from '../data/repositories/interestedPersons.js'
import * as organisations from '../data/repositories/organisations.js'
import * as repo from '../data/repositories/timelinessNotices.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import { systemContext, type RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { renderTimelinessNoticePdf } from './familyLetters.js'
import { parseOrThrow } from './investigations.js'
import type { DocumentStore } from './storage/documentStore.js'

const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' ? null : v), plainDate(message).nullable().optional())

/** What a notice says (timeliness_notices.contents). */
export const TimelinessContents = z.object({
  periodStartsOn: z.string(),
  cameToAttentionOn: z.string(),
  regulation17NoticesGivenOn: z.array(z.string()),
  progress: z.string(),
  estimatedConclusionOn: z.string().nullable(),
  estimatedReportSubmissionOn: z.string().nullable(),
  reasonForTimeTaken: z.string(),
  plannedSteps: z.string(),
})
export type TimelinessContentsType = z.output<typeof TimelinessContents>

export const TimelinessDraftChange = z.object({
  progress: z.string().trim().max(20000, 'Progress must be 20,000 characters or fewer').optional(),
  estimatedConclusionOn: optionalDate('Enter a real estimated date of conclusion'),
  estimatedReportSubmissionOn: optionalDate('Enter a real estimated date of report submission'),
  reasonForTimeTaken: z.string().trim().max(20000, 'Reason must be 20,000 characters or fewer').optional(),
  plannedSteps: z.string().trim().max(20000, 'Planned steps must be 20,000 characters or fewer').optional(),
})
export type TimelinessDraftChangeType = z.input<typeof TimelinessDraftChange>

export const TimelinessDecision = z.discriminatedUnion('decision', [
  z.object({ decision: z.literal('approve') }),
  z.object({
    decision: z.literal('send'),
    sentOn: plainDate('Enter a real date the notice was sent').refine((d) => d <= londonDateOf(new Date()), {
      message: 'The date sent must be today or in the past',
    }),
  }),
  z.object({
    decision: z.literal('withhold'),
    reason: z
      .string()
      .trim()
      .min(1, 'Enter why the notice is withheld')
      .max(5000, 'Reason must be 5,000 characters or fewer'),
  }),
])
export type TimelinessDecisionType = z.input<typeof TimelinessDecision>

export const TimelinessCopyInput = z
  .object({
    recipientKind: z.enum(['interested_person', 'subject'], { message: 'Choose who the copy is for' }),
    recipientId: z.uuid({ message: 'Choose the recipient' }),
    status: z.enum(['sent', 'withheld'], { message: 'Say whether the copy was sent or withheld' }),
    harmGround: z.preprocess(
      (v) => (v === '' ? null : v),
      z.enum(HARM_TEST_GROUNDS, { message: 'Choose the harm-test ground' }).nullable().optional(),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'withheld' && !v.harmGround)
      ctx.addIssue({ code: 'custom', path: ['harmGround'], message: 'Choose the ground on which the copy is withheld' })
  })
export type TimelinessCopyInputType = z.input<typeof TimelinessCopyInput>

export type TimelinessNoticeRow = NonNullable<Awaited<ReturnType<typeof repo.find>>>

export function contentsOf(notice: TimelinessNoticeRow): TimelinessContentsType {
  const parsed = TimelinessContents.safeParse(notice.contents)
  return parsed.success
    ? parsed.data
    : {
        periodStartsOn: '',
        cameToAttentionOn: '',
        regulation17NoticesGivenOn: [],
        progress: '',
        estimatedConclusionOn: null,
        estimatedReportSubmissionOn: null,
        reasonForTimeTaken: '',
        plannedSteps: '',
      }
}

export function timelinessService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
) {
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

    /**
     * approve: a complete draft becomes approved and its PDF is generated and stored;
     * send: an approved notice is recorded as sent to the local policing body on sentOn;
     * withhold: a draft or approved notice is withheld with a reason.
     */
    async decide(noticeId: string, input: TimelinessDecisionType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(TimelinessDecision, input)
      return access.transaction(ctx, async (trx) => {
        const { notice, loaded } = await requireNotice(trx, ctx, noticeId, 'timeliness:decide', { forUpdate: true })
        if (notice.version !== expectedVersion) throw new Conflict()
        const contents = contentsOf(notice)
        let changes: repo.NoticeChanges
        if (data.decision === 'approve') {
          if (notice.status !== 'draft') throw new InvalidTransition('Only a draft notice can be approved.')
          const missing = [
            !contents.progress && {
              path: 'progress',
              message: 'Describe the progress of the investigation before approving',
            },
            !contents.reasonForTimeTaken && {
              path: 'reasonForTimeTaken',
              message: 'Give the reason for the time taken before approving',
            },
            !contents.plannedSteps && { path: 'plannedSteps', message: 'Set out the planned steps before approving' },
            !contents.estimatedConclusionOn && {
              path: 'estimatedConclusionOn',
              message: 'Estimate when the investigation will conclude before approving',
            },
            !contents.estimatedReportSubmissionOn && {
              path: 'estimatedReportSubmissionOn',
              message: 'Estimate when the report will be submitted before approving',
            },
          ].filter((p): p is { path: string; message: string } => Boolean(p))
          if (missing.length) throw new ValidationFailed(missing)
          const issuedOn = londonDateOf(new Date())
          const force = await organisations.findById(trx, loaded.investigation.force_id)
          const pdf = await renderTimelinessNoticePdf({
            reference: loaded.investigation.reference,
            title: loaded.investigation.title,
            forceName: force?.name ?? '',
            periodNumber: notice.period_number,
            periodStartsOn: contents.periodStartsOn || contents.cameToAttentionOn,
            periodEndsOn: notice.period_ends_on,
            cameToAttentionOn: contents.cameToAttentionOn,
            regulation17NoticesGivenOn: contents.regulation17NoticesGivenOn,
            progress: contents.progress,
            estimatedConclusionOn: contents.estimatedConclusionOn,
            estimatedReportSubmissionOn: contents.estimatedReportSubmissionOn,
            reasonForTimeTaken: contents.reasonForTimeTaken,
            plannedSteps: contents.plannedSteps,
            issuedOn,
          })
          const stored = await documentStore.put(pdf)
          await letters.insertLetter(trx, {
            id: uuidv7(),
            investigation_id: notice.investigation_id,
            interested_person_id: null,
            kind: 'timeliness_notice',
            sha256: stored.sha256,
            filename: `timeliness-notice-${loaded.investigation.reference.replace('/', '-')}-period-${notice.period_number}.pdf`,
            created_by: actor.userId,
          })
          changes = {
            status: 'approved',
            approved_by: actor.userId,
            approved_at: new Date(),
            letter_sha256: stored.sha256,
          }
        } else if (data.decision === 'send') {
          if (notice.status !== 'approved')
            throw new InvalidTransition('Approve the notice before recording it as sent.')
          changes = { status: 'sent', sent_on: data.sentOn }
        } else {
          if (notice.status !== 'draft' && notice.status !== 'approved')
            throw new InvalidTransition('A notice already sent cannot be withheld.')
          changes = { status: 'withheld', withheld_reason: data.reason }
        }
        const updated = await repo.update(trx, noticeId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, notice.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: `timeliness-notice.${data.decision === 'approve' ? 'approved' : data.decision === 'send' ? 'sent' : 'withheld'}`,
          entityType: 'timeliness_notice',
          entityId: noticeId,
          caseId: notice.investigation_id,
          detail: {
            before: { status: notice.status },
            after: {
              status: updated.status,
              sentOn: updated.sent_on,
              withheldReason: updated.withheld_reason,
              letterSha256: updated.letter_sha256,
            },
          },
        })
        return updated
      })
    },

    /** Records a copy to an interested person or a subject of the case: sent, or withheld on a harm-test ground. */
    async recordCopy(noticeId: string, input: TimelinessCopyInputType, ctx: RequestContext) {
      const data = parseOrThrow(TimelinessCopyInput, input)
      return access.transaction(ctx, async (trx) => {
        const { notice } = await requireNotice(trx, ctx, noticeId, 'timeliness:decide', { forUpdate: true })
        if (notice.status !== 'approved' && notice.status !== 'sent')
          throw new InvalidTransition('Copies are recorded once the notice is approved or sent.')
        const recipient = await repo.recipientCase(trx, data.recipientKind, data.recipientId)
        if (!recipient || recipient.investigation_id !== notice.investigation_id) {
          throw new ValidationFailed([
            {
              path: 'recipientId',
              message: `Choose ${data.recipientKind === 'subject' ? 'a subject' : 'an interested person'} of this investigation`,
            },
          ])
        }
        const copy = await repo.upsertCopy(trx, {
          notice_id: notice.id,
          recipient_kind: data.recipientKind,
          recipient_id: data.recipientId,
          status: data.status,
          harm_ground: data.status === 'withheld' ? (data.harmGround ?? null) : null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'timeliness-notice.copy-recorded',
          entityType: 'timeliness_notice',
          entityId: notice.id,
          caseId: notice.investigation_id,
          detail: {
            after: {
              recipientKind: copy.recipient_kind,
              recipientId: copy.recipient_id,
              status: copy.status,
              harmGround: copy.harm_ground,
            },
          },
        })
        return copy
      })
    },

    /** The approved notice's PDF. */
    async pdf(noticeId: string, ctx: RequestContext) {
      const { notice, loaded } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      const bytes = notice.letter_sha256 ? await documentStore.get(notice.letter_sha256) : null
      if (!bytes) throw new NotFound('The notice document')
      await auditTrail.record(db, ctx, {
        action: 'timeliness-notice.downloaded',
        entityType: 'timeliness_notice',
        entityId: notice.id,
        caseId: notice.investigation_id,
        detail: { sha256: notice.letter_sha256, fields: ['timeliness_notice_pdf'] },
      })
      return {
        bytes,
        filename: `timeliness-notice-${loaded.investigation.reference.replace('/', '-')}-period-${notice.period_number}.pdf`,
      }
    },
  }
}

export type TimelinessService = ReturnType<typeof timelinessService>
