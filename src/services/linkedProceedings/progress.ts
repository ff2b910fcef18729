/**
 * A proceeding's detail and progress: its status, events and parties.
 */
import { uuidv7 } from 'uuidv7'
import {
  PROCEEDING_STATUS_LABELS,
  isProceedingConcluded,
  isProceedingKind,
  isProceedingStatus,
  proceedingChangesFor,
  proceedingHoldsPublication,
  proceedingTransition,
} from '../../domain/linkedProceedings.js'
import * as repo from '../../data/repositories/linkedProceedings.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { ensureProceedingHold, liftProceedingHolds } from '../publicationHolds.js'
import {
  ProceedingMoveInput,
  ProceedingEventInput,
  ProceedingPartyInput,
  type ProceedingMoveInputType,
  type ProceedingEventInputType,
  type ProceedingPartyInputType,
} from './schemas.js'
import type { LinkedProceedingKit } from './kit.js'

export function progressUseCases(kit: LinkedProceedingKit) {
  const { db, access, requireProceeding, refreshDeadlines, detail } = kit
  return {
    /** The proceeding with its investigations, deaths, timeline, parties, documents and PFD reports. */
    async get(proceedingId: string, ctx: RequestContext) {
      const { proceeding, loaded } = await requireProceeding(db, ctx, proceedingId, 'investigation:read-case-file')
      const result = await detail(db, proceeding)
      if (result.involvedPeople.length) {
        await auditTrail.record(db, ctx, {
          action: 'linked-proceeding.read',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { fields: ['involved_people.full_name', 'involved_people.date_of_death', 'proceeding_parties.name'] },
        })
      }
      return {
        ...result,
        canManage: access.may(ctx, 'linked-proceedings:manage', loaded),
        viewedFrom: loaded.investigation.id,
      }
    },

    /**
     * Moves the proceeding through its states (the domain decides), recording the move on its
     * timeline. Concluding lifts the holds it imposed; a quashed inquest holds publication again.
     */
    async changeStatus(
      proceedingId: string,
      input: ProceedingMoveInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProceedingMoveInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, investigationIds } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        if (proceeding.version !== expectedVersion) throw new Conflict()
        const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
        const status = isProceedingStatus(proceeding.status) ? proceeding.status : 'opened'
        const move = {
          to: data.status,
          on: data.on,
          conclusion: data.conclusion ?? null,
          juryFindings: data.juryFindings ?? null,
          verdict: data.verdict ?? null,
          sentence: data.sentence ?? null,
        }
        const result = proceedingTransition({ kind, status, openedOn: proceeding.opened_on }, move)
        if (!result.ok) throw new ValidationFailed(result.problems)
        const updated = await repo.updateProceeding(
          trx,
          proceeding.id,
          { status: data.status, ...proceedingChangesFor(move) },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        const label = PROCEEDING_STATUS_LABELS[data.status]
        await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.on,
          kind: label,
          description: data.description ?? [label, move.conclusion, move.verdict].filter(Boolean).join(': '),
          status_after: data.status,
          recorded_by: actor.userId,
        })
        for (const id of investigationIds) {
          await auditTrail.record(trx, ctx, {
            action: 'linked-proceeding.status-changed',
            entityType: 'linked_proceeding',
            entityId: proceeding.id,
            caseId: id,
            detail: { before: { status }, after: { status: data.status, on: data.on } },
          })
        }
        if (isProceedingConcluded(data.status)) await liftProceedingHolds(trx, ctx, updated, data.on)
        else if (
          proceedingHoldsPublication({ kind, status: data.status, holdsPublication: updated.holds_publication })
        ) {
          for (const id of investigationIds) await ensureProceedingHold(trx, ctx, id, updated, data.on)
        }
        await refreshDeadlines(trx, investigationIds)
        return updated
      })
    },

    async addEvent(proceedingId: string, input: ProceedingEventInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProceedingEventInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const event = await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.occurredOn,
          kind: data.kind,
          description: data.description,
          status_after: null,
          recorded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.event-recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { occurredOn: event.occurred_on, kind: event.kind } },
        })
        return event
      })
    },

    async addParty(proceedingId: string, input: ProceedingPartyInputType, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingPartyInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const party = await repo.insertParty(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          role: data.role,
          name: data.name,
          organisation: data.organisation ?? null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.party-added',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { role: party.role, name: party.name, organisation: party.organisation } },
        })
        return party
      })
    },
  }
}
