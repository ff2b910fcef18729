/**
 * After the notice: its service and the subject's response, and the subject's interview.
 */
import { uuidv7 } from 'uuidv7'
import { compareDates } from '../../domain/calendar.js'
import { noticeResponseDue } from '../../domain/ruleSet.js'
import { isNoticeServiceMethod, isSeverity } from '../../domain/vocabulary.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  NoticeChange,
  InterviewInput,
  subjectStatus,
  type NoticeChangeType,
  type InterviewInputType,
} from './schemas.js'
import type { SubjectKit } from './kit.js'

export function noticeProgressUseCases(kit: SubjectKit) {
  const { access, requireSubject, requireNotice, subjectFacts, moveSubject } = kit
  return {
    /**
     * Records when and how the notice was served (the response is then due on the date the domain
     * calendar gives: 10 working days) and/or the subject's response. The first service moves the
     * subject to "notice served", the response to "responded", through the lifecycle guards.
     */
    async updateNotice(noticeId: string, input: NoticeChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(NoticeChange, input)
      return access.transaction(ctx, async (trx) => {
        const { notice } = await requireNotice(trx, ctx, noticeId, 'investigation:contribute', { forUpdate: true })
        if (notice.version !== expectedVersion) throw new Conflict()
        const subject = await repo.findSubjectForUpdate(trx, notice.subject_id)
        if (!subject) throw new NotFound('The subject')
        const latest = (await repo.noticesOfSubject(trx, subject.id))[0]
        const servedOn = data.servedOn ?? notice.served_on
        const method = data.serviceMethod ?? notice.service_method
        const receivedOn = data.responseReceivedOn ?? notice.response_received_on
        const problems = []
        if (
          (data.servedOn !== undefined) !== (data.serviceMethod !== undefined) &&
          (servedOn === null || method === null)
        ) {
          problems.push(
            data.servedOn === undefined
              ? { path: 'servedOn', message: 'Enter the date the notice was served' }
              : { path: 'serviceMethod', message: 'Choose how the notice was served' },
          )
        }
        if ((data.responseReceivedOn !== undefined || data.responseSummary !== undefined) && servedOn === null) {
          problems.push({
            path: 'responseReceivedOn',
            message: 'Record when the notice was served before recording the response',
          })
        }
        if (data.responseSummary !== undefined && receivedOn === null)
          problems.push({ path: 'responseReceivedOn', message: 'Enter the date the response was received' })
        if (servedOn && receivedOn && compareDates(receivedOn, servedOn) < 0) {
          problems.push({
            path: 'responseReceivedOn',
            message: 'The response cannot have been received before the notice was served',
          })
        }
        if (problems.length) throw new ValidationFailed(problems)

        const changes: repo.NoticeChanges = {}
        if (data.servedOn !== undefined || data.serviceMethod !== undefined) {
          changes.served_on = servedOn
          changes.service_method = method
          changes.response_due_on = servedOn ? noticeResponseDue(servedOn) : null
        }
        if (data.responseReceivedOn !== undefined) changes.response_received_on = data.responseReceivedOn
        if (data.responseSummary !== undefined) changes.response_summary = data.responseSummary || null

        const severity = notice.severity && isSeverity(notice.severity) ? notice.severity : null
        const isLatest = latest?.id === notice.id
        const status = subjectStatus(subject.status)
        if (isLatest && servedOn && method && isNoticeServiceMethod(method) && severity) {
          const served = { servedOn, method, severity }
          if (status === 'identified' && notice.served_on === null) {
            await moveSubject(trx, ctx, subject, await subjectFacts(trx, subject, served, null), 'notice_served')
          }
          if (
            receivedOn &&
            notice.response_received_on === null &&
            (status === 'notice_served' || status === 'identified')
          ) {
            await moveSubject(
              trx,
              ctx,
              { ...subject, status: 'notice_served' },
              await subjectFacts(trx, { ...subject, status: 'notice_served' }, served, receivedOn),
              'responded',
            )
          }
        }

        const updated = await repo.updateNotice(trx, noticeId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, notice.investigation_id)
        await investigations.touch(trx, notice.investigation_id)
        const view = (n: typeof notice) => ({
          servedOn: n.served_on,
          serviceMethod: n.service_method,
          responseDueOn: n.response_due_on,
          responseReceivedOn: n.response_received_on,
          responseSummary: n.response_summary,
        })
        await auditTrail.record(trx, ctx, {
          action:
            data.responseReceivedOn !== undefined || data.responseSummary !== undefined
              ? 'notice.response-recorded'
              : 'notice.service-recorded',
          entityType: 'notice',
          entityId: noticeId,
          caseId: notice.investigation_id,
          detail: { subjectId: notice.subject_id, before: view(notice), after: view(updated) },
        })
        return updated
      })
    },

    async recordInterview(subjectId: string, input: InterviewInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(InterviewInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const interview = await repo.insertInterview(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          kind: data.kind,
          held_on: data.heldOn,
          summary: data.summary || null,
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'interview.recorded',
          entityType: 'interview',
          entityId: interview.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: { kind: data.kind, heldOn: data.heldOn, summary: interview.summary },
          },
        })
        return interview
      })
    },
  }
}
