/**
 * Creating a linked proceeding (inquest, criminal trial, civil claim ...) and linking it to cases.
 */
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import {
  PROCEEDING_STATUS_LABELS,
  holdsByDefault,
  isProceedingKind,
  isProceedingStatus,
  proceedingHoldsPublication,
} from '../../domain/linkedProceedings.js'
import * as repo from '../../data/repositories/linkedProceedings.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as referrals from '../../data/repositories/referrals.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { ensureProceedingHold } from '../publicationHolds.js'
import { LinkedProceedingInput, type LinkedProceedingInputType } from './schemas.js'
import type { LinkedProceedingKit } from './kit.js'

export function linkingUseCases(kit: LinkedProceedingKit) {
  const { db, access, requireProceeding, refreshDeadlines } = kit
  return {
    /** Records a proceeding and links it to the investigation; an open inquest or trial holds its publication. */
    async create(investigationId: string, input: LinkedProceedingInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(LinkedProceedingInput, input)
      if (data.kind !== 'inquest' && data.involvedPersonIds.length)
        throw new ValidationFailed([{ path: 'involvedPersonIds', message: 'Only an inquest covers deaths' }])
      if (data.kind !== 'criminal_trial' && data.charge)
        throw new ValidationFailed([{ path: 'charge', message: 'Only a criminal trial has a charge' }])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'linked-proceedings:manage', { forUpdate: true })
        if (data.involvedPersonIds.length) {
          const people = await referrals.involvedPeople(
            trx,
            (await referrals.forInvestigation(trx, investigationId)).map((r) => r.id),
          )
          const known = new Set(people.map((p) => p.id))
          if (!data.involvedPersonIds.every((id) => known.has(id)))
            throw new ValidationFailed([
              { path: 'involvedPersonIds', message: 'Choose people named in this investigation’s referrals' },
            ])
        }
        const proceeding = await repo.insertProceeding(trx, {
          id: uuidv7(),
          kind: data.kind,
          title: data.title,
          court: data.court ?? null,
          court_reference: data.courtReference ?? null,
          status: 'opened',
          opened_on: data.openedOn ?? null,
          quashed_on: null,
          fresh_inquest_ordered_on: null,
          concluded_on: null,
          conclusion: null,
          jury_findings: null,
          charge: data.charge ?? null,
          verdict: null,
          sentence: null,
          holds_publication: data.holdsPublication ?? holdsByDefault(data.kind),
          created_by: actor.userId,
        })
        await repo.link(trx, investigationId, proceeding.id)
        await repo.addInvolvedPeople(trx, proceeding.id, [...new Set(data.involvedPersonIds)])
        await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.openedOn ?? londonDateOf(new Date()),
          kind: 'Opened',
          description: `${proceeding.title} recorded`,
          status_after: 'opened',
          recorded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: investigationId,
          detail: {
            after: {
              kind: proceeding.kind,
              title: proceeding.title,
              court: proceeding.court,
              holdsPublication: proceeding.holds_publication,
              deaths: data.involvedPersonIds.length,
            },
          },
        })
        const hold = proceedingHoldsPublication({
          kind: data.kind,
          status: 'opened',
          holdsPublication: proceeding.holds_publication,
        })
          ? await ensureProceedingHold(trx, ctx, investigationId, proceeding)
          : null
        await investigations.touch(trx, investigationId)
        return { proceeding, hold }
      })
    },

    /** Links an existing proceeding to another investigation (a proceeding can concern several). */
    async link(investigationId: string, proceedingId: string, ctx: RequestContext) {
      return access.transaction(ctx, async (trx) => {
        const { proceeding } = await requireProceeding(trx, ctx, proceedingId, 'linked-proceedings:manage', true)
        await access.require(trx, ctx, investigationId, 'linked-proceedings:manage', { forUpdate: true })
        const added = await repo.link(trx, investigationId, proceeding.id)
        if (!added)
          throw new ValidationFailed([
            { path: 'proceedingId', message: 'The proceeding is already linked to this investigation' },
          ])
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.linked',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: investigationId,
          detail: { after: { investigationId } },
        })
        const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
        const hold = proceedingHoldsPublication({
          kind,
          status: proceeding.status,
          holdsPublication: proceeding.holds_publication,
        })
          ? await ensureProceedingHold(trx, ctx, investigationId, proceeding)
          : null
        await refreshDeadlines(trx, [investigationId])
        return { proceeding, hold }
      })
    },

    /** Proceedings of the actor's other cases that could be linked to this one too. */
    async linkCandidates(investigationId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      await access.require(db, ctx, investigationId, 'linked-proceedings:manage')
      return repo.linkCandidates(db, investigationId, actor.userId)
    },

    async listForInvestigation(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const rows = await repo.proceedingsOfInvestigation(db, investigationId)
      return rows.map((p) => ({
        ...p,
        statusLabel: isProceedingStatus(p.status) ? PROCEEDING_STATUS_LABELS[p.status] : p.status,
      }))
    },
  }
}
