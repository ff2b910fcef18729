/**
 * The oversight body's recommendations, and directions where the authority disagrees, with the
 * force's acceptance and compliance.
 */
import { uuidv7 } from 'uuidv7'
import { escalationProblem } from '../../domain/proceedings.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/outcomes.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  RecommendationInput,
  RecommendationChange,
  type RecommendationInputType,
  type RecommendationChangeType,
} from './schemas.js'
import type { OutcomeKit } from './kit.js'

export function recommendationUseCases(kit: OutcomeKit) {
  const { db, access, requireForceSubject, actionFor, readableSubjects, requireReadable } = kit
  return {
    /**
     * The oversight body recommends proceedings where the authority disagrees, and directs them
     * where a recommendation was not accepted.
     */
    async makeRecommendation(
      subjectId: string,
      kind: 'recommendation' | 'direction',
      input: RecommendationInputType,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RecommendationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, 'report:send')
        const [response, recommendation, direction] = await Promise.all([
          repo.responseOfSubject(trx, subjectId),
          repo.recommendationOfSubject(trx, subjectId, 'recommendation'),
          repo.recommendationOfSubject(trx, subjectId, 'direction'),
        ])
        const problem = escalationProblem(kind, {
          responded: response !== undefined,
          agrees: response?.agrees ?? null,
          recommendation: recommendation ? { accepted: recommendation.accepted } : null,
          direction: direction !== undefined,
        })
        if (problem) throw new InvalidTransition(problem + '.')
        const row = await repo.insertRecommendation(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          kind,
          proceedings_kind: data.proceedingsKind,
          made_on: data.madeOn,
          reasons: data.reasons,
          made_by: requireActor(ctx).userId,
          accepted: kind === 'direction' ? null : null,
          responded_on: null,
          complied: null,
          complied_on: null,
          notes: null,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: `${kind}.made`,
          entityType: kind,
          entityId: row.id,
          caseId: subject.investigation_id,
          detail: { after: { subjectId, proceedingsKind: data.proceedingsKind, madeOn: data.madeOn } },
        })
        return row
      })
    },

    /**
     * The force's acceptance (a recommendation) and compliance (either). The authority records its
     * own acceptance; the team records it too, and tracks compliance.
     */
    async updateRecommendation(
      id: string,
      input: RecommendationChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RecommendationChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The recommendation')
        const before = await repo.findRecommendation(trx, id)
        if (!before) throw new NotFound('The recommendation')
        await requireForceSubject(trx, ctx, before.subject_id, actionFor(ctx, 'report:send'))
        if (before.kind === 'direction' && data.accepted !== undefined && data.accepted !== null) {
          throw new ValidationFailed([
            { path: 'accepted', message: 'A direction is not accepted or refused: record whether the force complied' },
          ])
        }
        const after = {
          accepted: data.accepted !== undefined ? data.accepted : before.accepted,
          responded_on: data.respondedOn !== undefined ? data.respondedOn : before.responded_on,
          complied: data.complied !== undefined ? data.complied : before.complied,
          complied_on: data.compliedOn !== undefined ? data.compliedOn : before.complied_on,
          notes: data.notes !== undefined ? data.notes : before.notes,
        }
        const problems = []
        if (after.accepted !== null && after.responded_on === null)
          problems.push({ path: 'respondedOn', message: 'Enter the date the force responded' })
        if (after.complied === true && after.complied_on === null)
          problems.push({ path: 'compliedOn', message: 'Enter the date the force complied' })
        if (after.complied_on !== null && after.complied !== true)
          problems.push({ path: 'complied', message: 'A compliance date needs the force to have complied' })
        if (problems.length) throw new ValidationFailed(problems)
        const updated = await repo.updateRecommendation(trx, id, after, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: `${before.kind}.changed`,
          entityType: before.kind,
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: { accepted: before.accepted, complied: before.complied, compliedOn: before.complied_on },
            after: { accepted: after.accepted, complied: after.complied, compliedOn: after.complied_on },
          },
        })
        return updated
      })
    },

    async recommendation(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The recommendation')
      const row = await repo.findRecommendation(db, id)
      if (!row) throw new NotFound('The recommendation')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    async recommendations(investigationId: string, kind: 'recommendation' | 'direction', ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.recommendationsOf(db, investigationId, kind)).filter(
        (r) => own === null || own.has(r.subject_id),
      )
    },

    // Proceedings ------------------------------------------------------------------------------------
  }
}
