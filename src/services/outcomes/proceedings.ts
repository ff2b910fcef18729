/**
 * Misconduct proceedings per subject, with their outcome (moving the subject on when it is final).
 */
import { uuidv7 } from 'uuidv7'
import { isOutcome } from '../../domain/vocabulary.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/outcomes.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { ProceedingInput, ProceedingChange, type ProceedingInputType, type ProceedingChangeType } from './schemas.js'
import type { OutcomeKit } from './kit.js'

export function proceedingUseCases(kit: OutcomeKit) {
  const {
    db,
    access,
    requireForceSubject,
    actionFor,
    advanceSubject,
    recordOf,
    rowOf,
    checkProceeding,
    readableSubjects,
    requireReadable,
  } = kit
  return {
    /**
     * Records the decision on proceedings for a subject (meeting, hearing, or none) and whatever
     * is known already; the subject moves to "facing proceedings" (and to "outcome" once one is
     * recorded) through the domain lifecycle.
     */
    async recordProceeding(subjectId: string, input: ProceedingInputType, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingInput, input)
      const record = recordOf(data)
      checkProceeding(record)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, actionFor(ctx, 'report:send'))
        if (await repo.proceedingOfSubject(trx, subjectId))
          throw new Conflict('Proceedings for this subject have already been recorded; change those instead.')
        const row = await repo.insertProceeding(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          ...rowOf(record),
          panel: data.panel ?? [],
          adjournments: JSON.stringify(data.adjournments ?? []),
          recorded_by: requireActor(ctx).userId,
        })
        await advanceSubject(trx, ctx, subject, { kind: record.kind, outcome: record.outcome })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'proceedings.recorded',
          entityType: 'proceedings',
          entityId: row.id,
          caseId: subject.investigation_id,
          detail: { after: { subjectId, kind: record.kind, outcome: record.outcome, outcomeOn: record.outcomeOn } },
        })
        return row
      })
    },

    /** Changes a proceeding (dates, chair, adjournments, outcome, appeal, list entries). */
    async updateProceeding(id: string, input: ProceedingChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The proceedings')
        const before = await repo.findProceeding(trx, id)
        if (!before) throw new NotFound('The proceedings')
        const { subject } = await requireForceSubject(trx, ctx, before.subject_id, actionFor(ctx, 'report:send'))
        if (before.version !== expectedVersion) throw new Conflict()
        const merged = {
          kind: before.kind,
          accelerated: data.accelerated ?? before.accelerated,
          scheduledOn: data.scheduledOn !== undefined ? data.scheduledOn : before.scheduled_on,
          heldOn: data.heldOn !== undefined ? data.heldOn : before.held_on,
          chairName: data.chairName !== undefined ? data.chairName : before.chair_name,
          chairLegallyQualified: data.chairLegallyQualified ?? before.chair_legally_qualified,
          leftForce: data.leftForce !== undefined ? data.leftForce : before.left_force,
          leftForceOn: data.leftForceOn !== undefined ? data.leftForceOn : before.left_force_on,
          outcome:
            data.outcome !== undefined
              ? data.outcome
              : before.outcome !== null && isOutcome(before.outcome)
                ? before.outcome
                : null,
          outcomeOn: data.outcomeOn !== undefined ? data.outcomeOn : before.outcome_on,
          wouldHaveBeenDismissed: data.wouldHaveBeenDismissed ?? before.would_have_been_dismissed,
          appealLodgedOn: data.appealLodgedOn !== undefined ? data.appealLodgedOn : before.appeal_lodged_on,
          appealResult: data.appealResult !== undefined ? data.appealResult : before.appeal_result,
          barredListEntryOn:
            data.barredListEntryOn !== undefined ? data.barredListEntryOn : before.barred_list_entry_on,
          advisoryListEntryOn:
            data.advisoryListEntryOn !== undefined ? data.advisoryListEntryOn : before.advisory_list_entry_on,
        }
        checkProceeding(merged)
        if (before.outcome !== null && merged.outcome === null) {
          throw new ValidationFailed([
            { path: 'outcome', message: 'An outcome once recorded cannot be removed; record the appeal instead' },
          ])
        }
        const updated = await repo.updateProceeding(
          trx,
          id,
          {
            ...rowOf(merged),
            ...(data.panel !== undefined ? { panel: data.panel } : {}),
            ...(data.adjournments !== undefined ? { adjournments: JSON.stringify(data.adjournments) } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        if (before.outcome === null && merged.outcome !== null)
          await advanceSubject(trx, ctx, subject, { kind: merged.kind, outcome: merged.outcome })
        await investigations.touch(trx, before.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'proceedings.changed',
          entityType: 'proceedings',
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: {
              outcome: before.outcome,
              heldOn: before.held_on,
              barredListEntryOn: before.barred_list_entry_on,
              appealResult: before.appeal_result,
            },
            after: {
              outcome: merged.outcome,
              heldOn: merged.heldOn,
              barredListEntryOn: merged.barredListEntryOn,
              appealResult: merged.appealResult,
            },
          },
        })
        return updated
      })
    },

    async proceeding(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The proceedings')
      const row = await repo.findProceeding(db, id)
      if (!row) throw new NotFound('The proceedings')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    async proceedings(investigationId: string, ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.proceedingsOf(db, investigationId)).filter((r) => own === null || own.has(r.subject_id))
    },
  }
}
