/**
 * Learning recommendations to the force or the wider police service, with follow-ups.
 */
import { uuidv7 } from 'uuidv7'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/outcomes.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { LearningInput, LearningChange, type LearningInputType, type LearningChangeType } from './schemas.js'
import type { OutcomeKit } from './kit.js'

export function learningUseCases(kit: OutcomeKit) {
  const { db, access } = kit
  return {
    async addLearning(investigationId: string, input: LearningInputType, ctx: RequestContext) {
      const data = parseOrThrow(LearningInput, input)
      if (data.responseDueOn < data.madeOn)
        throw new ValidationFailed([
          { path: 'responseDueOn', message: 'The response cannot be due before the recommendation is made' },
        ])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'report:send', { forUpdate: true })
        const row = await repo.insertLearning(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          recipient_kind: data.recipientKind,
          recipient_name: data.recipientName,
          text: data.text,
          made_on: data.madeOn,
          response_due_on: data.responseDueOn,
          response: null,
          responded_on: null,
          response_text: null,
          follow_up_actions: '[]',
          made_by: requireActor(ctx).userId,
        })
        await investigations.touch(trx, investigationId)
        await investigations.refreshNextDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'learning-recommendation.made',
          entityType: 'learning_recommendation',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            after: {
              recipientKind: data.recipientKind,
              recipientName: data.recipientName,
              madeOn: data.madeOn,
              responseDueOn: data.responseDueOn,
            },
          },
        })
        return row
      })
    },

    async updateLearning(id: string, input: LearningChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(LearningChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The learning recommendation')
        const before = await repo.findLearning(trx, id)
        if (!before) throw new NotFound('The learning recommendation')
        await access.require(trx, ctx, before.investigation_id, 'report:send', { forUpdate: true })
        const after = {
          response: data.response !== undefined ? data.response : before.response,
          responded_on: data.respondedOn !== undefined ? data.respondedOn : before.responded_on,
          response_text: data.responseText !== undefined ? data.responseText : before.response_text,
          response_due_on: data.responseDueOn ?? before.response_due_on,
        }
        if (after.response !== null && after.responded_on === null)
          throw new ValidationFailed([{ path: 'respondedOn', message: 'Enter the date of the response' }])
        const updated = await repo.updateLearning(
          trx,
          id,
          {
            ...after,
            ...(data.followUpActions !== undefined ? { follow_up_actions: JSON.stringify(data.followUpActions) } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, before.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'learning-recommendation.changed',
          entityType: 'learning_recommendation',
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: { response: before.response, responseDueOn: before.response_due_on },
            after: {
              response: after.response,
              responseDueOn: after.response_due_on,
              followUpActions: data.followUpActions?.length,
            },
          },
        })
        return updated
      })
    },

    async learningRecommendation(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The learning recommendation')
      const row = await repo.findLearning(db, id)
      if (!row) throw new NotFound('The learning recommendation')
      await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      return row
    },

    async learningRecommendations(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      return repo.learningOf(db, investigationId)
    },
  }
}
