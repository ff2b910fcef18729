/**
 * Allegations against a subject and the severity assessments of their conduct.
 */
import { uuidv7 } from 'uuidv7'
import { currentSeverity, recordSeverityAssessment, type SeverityAssessment } from '../../domain/subjectLifecycle.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  AllegationInput,
  AllegationChange,
  SeverityInput,
  severityHistoryOf,
  type AllegationInputType,
  type AllegationChangeType,
  type SeverityInputType,
} from './schemas.js'
import type { SubjectKit } from './kit.js'

export function allegationUseCases(kit: SubjectKit) {
  const { db, access, requireSubject, auditRead } = kit
  return {
    async addAllegation(subjectId: string, input: AllegationInputType, ctx: RequestContext) {
      const data = parseOrThrow(AllegationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const allegation = await repo.insertAllegation(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          description: data.description,
          standards: data.standards,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'allegation.added',
          entityType: 'allegation',
          entityId: allegation.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: { description: allegation.description, standards: allegation.standards },
          },
        })
        return allegation
      })
    },

    async updateAllegation(
      allegationId: string,
      input: AllegationChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(AllegationChange, input)
      return access.transaction(ctx, async (trx) => {
        requireActor(ctx)
        if (!isUuid(allegationId)) throw new NotFound('The allegation')
        const allegation = await repo.findAllegationForUpdate(trx, allegationId)
        if (!allegation) throw new NotFound('The allegation')
        await access.require(trx, ctx, allegation.investigation_id, 'investigation:contribute', { forUpdate: true })
        if (allegation.version !== expectedVersion) throw new Conflict()
        const updated = await repo.updateAllegation(
          trx,
          allegationId,
          {
            ...(data.description !== undefined ? { description: data.description } : {}),
            ...(data.standards !== undefined ? { standards: data.standards } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, allegation.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'allegation.changed',
          entityType: 'allegation',
          entityId: allegationId,
          caseId: allegation.investigation_id,
          detail: {
            subjectId: allegation.subject_id,
            before: { description: allegation.description, standards: allegation.standards },
            after: { description: updated.description, standards: updated.standards },
          },
        })
        return updated
      })
    },

    /** Adds a severity assessment; earlier ones are kept, and the latest (by date) is current. */
    async assessSeverity(subjectId: string, input: SeverityInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(SeverityInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(trx, subject.id))
        const before = currentSeverity(history)
        const result = recordSeverityAssessment<SeverityAssessment>(history, {
          severity: data.severity,
          assessedOn: data.assessedOn,
        })
        if (!result.ok) throw new ValidationFailed([{ path: 'assessedOn', message: result.problem }])
        const assessment = await repo.insertSeverityAssessment(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          severity: data.severity,
          rationale: data.rationale,
          assessed_by: actor.userId,
          assessed_on: data.assessedOn,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: before === null ? 'severity.assessed' : 'severity.reassessed',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: before === null ? null : { severity: before },
            after: { severity: data.severity, assessedOn: data.assessedOn },
          },
        })
        return { assessment, currentSeverity: currentSeverity(result.history) }
      })
    },

    /** Every severity assessment of the subject, in the order they took effect (the last is current). */
    async severityHistory(subjectId: string, ctx: RequestContext) {
      const { subject } = await requireSubject(db, ctx, subjectId, 'investigation:read-case-file')
      const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(db, subject.id))
      await auditRead(ctx, {
        action: 'severity.read',
        entityType: 'subject',
        entityId: subject.id,
        caseId: subject.investigation_id,
        detail: { fields: history.length ? ['severity_assessments.severity', 'severity_assessments.rationale'] : [] },
      })
      return { history, currentSeverity: currentSeverity(history) }
    },
  }
}
