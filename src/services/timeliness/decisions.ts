/**
 * Deciding a notice (sending or withholding it), recording its copies, and its PDF.
 */
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as letters from '../../data/repositories/interestedPersons.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as repo from '../../data/repositories/timelinessNotices.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import { type RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../errors.js'
import { renderTimelinessNoticePdf } from '../familyLetters.js'
import { parseOrThrow } from '../validation.js'
import {
  TimelinessDecision,
  TimelinessCopyInput,
  contentsOf,
  type TimelinessDecisionType,
  type TimelinessCopyInputType,
} from './schemas.js'
import type { TimelinessKit } from './kit.js'

export function decisionUseCases(kit: TimelinessKit) {
  const { db, documentStore, access, requireNotice } = kit
  return {
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
