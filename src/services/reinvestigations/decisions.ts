/**
 * Proposing a re-investigation and deciding it (re-opening in place or opening a new case).
 */
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import { transition } from '../../domain/investigationLifecycle.js'
import { REOPENING_GROUND_LABELS, isReopeningGround } from '../../domain/vocabulary.js'
import * as repo from '../../data/repositories/reinvestigations.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as interestedPersons from '../../data/repositories/interestedPersons.js'
import * as subjects from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  ProposeReinvestigationInput,
  DecideReinvestigationInput,
  type ProposeReinvestigationInputType,
  type DecideReinvestigationInputType,
} from './schemas.js'
import type { ReinvestigationKit } from './kit.js'

export function decisionUseCases(kit: ReinvestigationKit) {
  const { access, cases, requireProposal, carryInterestedPersons } = kit
  return {
    /** Proposes re-investigating a closed investigation, with the ground. */
    async propose(investigationId: string, input: ProposeReinvestigationInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProposeReinvestigationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'reinvestigation:propose', {
          forUpdate: true,
        })
        if (investigation.status !== 'closed')
          throw new InvalidTransition('Only a closed investigation can be re-investigated.')
        if ((await repo.ofOriginal(trx, investigationId)).some((r) => r.decision === null)) {
          throw new ValidationFailed([
            { path: 'ground', message: 'A re-investigation of this case is already awaiting the decision maker' },
          ])
        }
        const row = await repo.insert(trx, {
          id: uuidv7(),
          original_investigation_id: investigationId,
          new_investigation_id: null,
          ground: data.ground,
          grounds_detail: data.detail,
          public_interest: data.publicInterest ?? null,
          proposed_by: actor.userId,
          decision: null,
          decided_by: null,
          decided_on: null,
          decision_reason: null,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'reinvestigation.proposed',
          entityType: 'reinvestigation',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: { ground: row.ground } },
        })
        return row
      })
    },

    /** The decision maker's decision (If-Match: the proposal's version); approval opens the new case. */
    async decide(
      reinvestigationId: string,
      input: DecideReinvestigationInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DecideReinvestigationInput, input)
      return access.transaction(ctx, async (trx) => {
        const proposal = await requireProposal(trx, reinvestigationId, true)
        const { investigation: original } = await access.require(
          trx,
          ctx,
          proposal.original_investigation_id,
          'reinvestigation:decide',
          { forUpdate: true },
        )
        if (proposal.decision !== null)
          throw new ValidationFailed([{ path: 'decision', message: 'This re-investigation has already been decided' }])
        if (proposal.version !== expectedVersion) throw new Conflict()
        if (data.decision === 'approved' && original.status !== 'closed')
          throw new InvalidTransition('Only a closed investigation can be re-investigated.')
        const on = data.decidedOn ?? londonDateOf(new Date())
        const ground = isReopeningGround(proposal.ground)
          ? REOPENING_GROUND_LABELS[proposal.ground].toLowerCase()
          : proposal.ground
        let successor = null
        if (data.decision === 'approved' && data.route === 'new_investigation') {
          successor = await cases.openReinvestigation(
            trx,
            original,
            {
              title: data.title ?? `Re-investigation: ${original.title}`.slice(0, 300),
              termsOfReference:
                data.termsOfReference ??
                `To re-investigate ${original.reference} (${original.title}) because ${ground}: ${proposal.grounds_detail}`.slice(
                  0,
                  20000,
                ),
              openedOn: on,
              reinvestigationId: proposal.id,
            },
            ctx,
          )
        }
        const decided = await repo.decide(
          trx,
          proposal.id,
          {
            decision: data.decision,
            decided_by: actor.userId,
            decided_on: on,
            decision_reason: data.reason,
            new_investigation_id: successor?.id ?? null,
          },
          expectedVersion,
        )
        if (!decided) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'reinvestigation.decided',
          entityType: 'reinvestigation',
          entityId: proposal.id,
          caseId: original.id,
          detail: {
            before: { decision: null },
            after: {
              decision: data.decision,
              route: data.decision === 'approved' ? data.route : null,
              newInvestigationId: successor?.id ?? null,
              decidedOn: on,
            },
          },
        })
        if (successor) {
          // Subjects carried over: the same officers in the register, each a subject of the new case.
          const carriedSubjects = []
          for (const s of await subjects.subjectsOfInvestigation(trx, original.id)) {
            carriedSubjects.push(
              await subjects.insertSubject(trx, {
                id: uuidv7(),
                investigation_id: successor.id,
                officer_id: s.officer_id,
                role_at_time: s.role_at_time,
                rank_at_time: s.rank_at_time,
              }),
            )
          }
          const carriedPersons = await carryInterestedPersons(trx, original.id, successor.id, on)
          await investigations.refreshSearchText(trx, successor.id)
          await investigations.refreshNextDeadline(trx, successor.id)
          await auditTrail.record(trx, ctx, {
            action: 'reinvestigation.carried-over',
            entityType: 'investigation',
            entityId: successor.id,
            caseId: successor.id,
            detail: {
              after: {
                from: original.id,
                subjects: carriedSubjects.map((s) => s.officer_id),
                interestedPersons: carriedPersons.map((p) => p.id),
                updateDueOn: on,
              },
            },
          })
          await investigations.touch(trx, original.id)
        } else if (data.decision === 'approved') {
          // Re-opened in place: closed → reopened through the lifecycle guard, which reads the approval just recorded.
          const facts = await cases.lifecycleFacts(trx, original)
          const result = transition(facts, 'reopened')
          if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
          const updated = await investigations.update(trx, original.id, { status: 'reopened', closed_on: null })
          if (!updated) throw new Conflict()
          await auditTrail.record(trx, ctx, {
            action: 'investigation.status-changed',
            entityType: 'investigation',
            entityId: original.id,
            caseId: original.id,
            detail: { before: { status: 'closed' }, after: { status: 'reopened' }, reason: data.reason },
          })
          await interestedPersons.makeUpdatesDue(trx, original.id, on)
          await investigations.refreshNextDeadline(trx, original.id)
        } else {
          await investigations.touch(trx, original.id)
        }
        return { reinvestigation: decided, newInvestigation: successor }
      })
    },
  }
}
