/**
 * The appropriate authority's response per subject (agreeing or not with the report's opinion).
 */
import { uuidv7 } from 'uuidv7'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/outcomes.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { AuthorityResponseInput, type AuthorityResponseInputType } from './schemas.js'
import type { OutcomeKit } from './kit.js'

export function responseUseCases(kit: OutcomeKit) {
  const { db, access, requireForceSubject, readableSubjects, requireReadable } = kit
  return {
    /** The authority's response about one of its force's subjects (one per subject; change it with updateResponse). */
    async recordResponse(subjectId: string, input: AuthorityResponseInputType, ctx: RequestContext) {
      const data = parseOrThrow(AuthorityResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, 'authority:respond')
        if (!subject.determination)
          throw new InvalidTransition('The report has no determination for this subject to respond to.')
        if (await repo.responseOfSubject(trx, subjectId))
          throw new Conflict('A response about this subject has already been recorded; change that one instead.')
        const response = await repo.insertResponse(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          agrees: data.agrees,
          determination: subject.determination,
          proposed_proceedings: data.proposedProceedings,
          reasons: data.reasons,
          responded_on: data.respondedOn,
          recorded_by: requireActor(ctx).userId,
        })
        await investigations.touch(trx, subject.investigation_id)
        await investigations.refreshNextDeadline(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'authority-response.recorded',
          entityType: 'authority_response',
          entityId: response.id,
          caseId: subject.investigation_id,
          detail: {
            after: {
              subjectId,
              agrees: data.agrees,
              proposedProceedings: data.proposedProceedings,
              respondedOn: data.respondedOn,
            },
          },
        })
        return response
      })
    },

    async updateResponse(
      responseId: string,
      input: AuthorityResponseInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(AuthorityResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(responseId)) throw new NotFound('The response')
        const before = await repo.findResponse(trx, responseId)
        if (!before) throw new NotFound('The response')
        const { subject } = await requireForceSubject(trx, ctx, before.subject_id, 'authority:respond')
        const updated = await repo.updateResponse(
          trx,
          responseId,
          {
            agrees: data.agrees,
            proposed_proceedings: data.proposedProceedings,
            reasons: data.reasons,
            responded_on: data.respondedOn,
            determination: subject.determination ?? before.determination,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'authority-response.changed',
          entityType: 'authority_response',
          entityId: responseId,
          caseId: before.investigation_id,
          detail: {
            before: { agrees: before.agrees, proposedProceedings: before.proposed_proceedings },
            after: { agrees: data.agrees, proposedProceedings: data.proposedProceedings },
          },
        })
        return updated
      })
    },

    async response(responseId: string, ctx: RequestContext) {
      if (!isUuid(responseId)) throw new NotFound('The response')
      const row = await repo.findResponse(db, responseId)
      if (!row) throw new NotFound('The response')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    // Recommendations and directions --------------------------------------------------------------

    async responses(investigationId: string, ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.responsesOf(db, investigationId)).filter((r) => own === null || own.has(r.subject_id))
    },

    // Learning recommendations ---------------------------------------------------------------------
  }
}
