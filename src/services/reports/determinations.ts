/**
 * The report's determination per subject, and the Crown Prosecution Service's decision.
 */
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import { transitionSubject } from '../../domain/subjectLifecycle.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/reports.js'
import * as subjectsRepo from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  DeterminationInput,
  CpsDecisionInput,
  subjectFacts,
  type DeterminationInputType,
  type CpsDecisionInputType,
} from './schemas.js'
import type { ReportKit } from './kit.js'

export function determinationUseCases(kit: ReportKit) {
  const { db, access, auditRead, requireSubject } = kit
  return {
    async determination(subjectId: string, ctx: RequestContext) {
      const { subject } = await requireSubject(db, ctx, subjectId, 'investigation:read-case-file')
      const row = await repo.determinationOfSubject(db, subject.id)
      if (!row) throw new NotFound('The determination')
      await auditRead(ctx, {
        action: 'determination.read',
        entityType: 'subject',
        entityId: subject.id,
        caseId: subject.investigation_id,
        detail: { fields: ['determinations.determination', 'determinations.rationale'] },
      })
      return row
    },

    /**
     * Records (or revises, before the report is approved) the decision maker's determination for a
     * subject. expectedVersion is the determination's version, 0 for the first. The first moves
     * the subject to "opinion given" through the subject lifecycle's guard.
     */
    async determine(subjectId: string, input: DeterminationInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DeterminationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'report:decide', { forUpdate: true })
        const report = await repo.findByInvestigation(trx, subject.investigation_id)
        if (report?.status === 'approved')
          throw new InvalidTransition('The report has been approved; its determinations can no longer be changed.')
        const existing = await repo.determinationOfSubject(trx, subject.id)
        if ((existing?.version ?? 0) !== expectedVersion) throw new Conflict()
        const decidedOn = data.decidedOn ?? londonDateOf(new Date())
        const values = {
          determination: data.determination,
          rationale: data.rationale,
          cps_referral: data.cpsReferral,
          decided_by: actor.userId,
          decided_on: decidedOn,
          ...(data.cpsReferral ? {} : { cps_decision: null, cps_decision_on: null, cps_decision_note: null }),
        }
        if (subject.status !== 'opinion_given') {
          const facts = await subjectFacts(trx, subject, data.determination)
          const result = transitionSubject(facts, 'opinion_given')
          if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
          await subjectsRepo.updateSubject(trx, subject.id, { status: 'opinion_given' })
          await auditTrail.record(trx, ctx, {
            action: 'subject.status-changed',
            entityType: 'subject',
            entityId: subject.id,
            caseId: subject.investigation_id,
            detail: { before: { status: subject.status }, after: { status: 'opinion_given' } },
          })
        }
        const saved = existing
          ? await repo.updateDetermination(trx, existing.id, values, expectedVersion)
          : await repo.insertDetermination(trx, {
              id: uuidv7(),
              investigation_id: subject.investigation_id,
              subject_id: subject.id,
              ...values,
              cps_decision: data.cpsReferral ? 'pending' : null,
              cps_decision_on: null,
              cps_decision_note: null,
            })
        if (!saved) throw new Conflict()
        await investigations.touch(trx, subject.investigation_id)
        // The subject's path has moved past the notice: its response deadline no longer applies.
        await investigations.refreshNextDeadline(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: existing ? 'determination.revised' : 'determination.recorded',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: existing ? { determination: existing.determination, cpsReferral: existing.cps_referral } : null,
            after: { determination: data.determination, cpsReferral: data.cpsReferral, decidedOn },
          },
        })
        return saved
      })
    },

    /** Records the Crown Prosecution Service's decision on a subject referred to it. */
    async recordCpsDecision(
      subjectId: string,
      input: CpsDecisionInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(CpsDecisionInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'report:send', { forUpdate: true })
        const existing = await repo.determinationOfSubject(trx, subject.id)
        if (!existing) throw new NotFound('The determination')
        if (existing.version !== expectedVersion) throw new Conflict()
        if (!existing.cps_referral)
          throw new InvalidTransition('The matter was not referred to the Crown Prosecution Service.')
        const decidedOn = data.decision === 'pending' ? null : (data.decidedOn ?? londonDateOf(new Date()))
        const saved = await repo.updateDetermination(
          trx,
          existing.id,
          { cps_decision: data.decision, cps_decision_on: decidedOn, cps_decision_note: data.note || null },
          expectedVersion,
        )
        if (!saved) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'determination.cps-decision-recorded',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: { cpsDecision: existing.cps_decision, on: existing.cps_decision_on },
            after: { cpsDecision: data.decision, on: decidedOn },
          },
        })
        return saved
      })
    },
  }
}
