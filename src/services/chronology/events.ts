/**
 * Chronology events: adding one, changing it, reading it.
 */
import { uuidv7 } from 'uuidv7'
import * as chronology from '../../data/repositories/chronology.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  ChronologyEventInput,
  ChronologyEventChange,
  hhmm,
  auditView,
  type ChronologyEventInputType,
  type ChronologyEventChangeType,
  type ChronologyEvent,
} from './schemas.js'
import type { ChronologyKit } from './kit.js'

export function eventUseCases(kit: ChronologyKit) {
  const { db, access, checkLinks, present, loadEvent } = kit
  return {
    /** Records an event on the chronology. */
    async add(investigationId: string, input: ChronologyEventInputType, ctx: RequestContext): Promise<ChronologyEvent> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ChronologyEventInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'investigation:contribute')
        const subjectIds = [...new Set(data.subjectIds)]
        const documentIds = [...new Set(data.documentIds)]
        await checkLinks(trx, investigationId, subjectIds, documentIds)
        const row = await chronology.insert(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          occurred_on: data.occurredOn,
          occurred_time: data.occurredTime ?? null,
          kind: data.kind,
          title: data.title,
          description: data.description ?? null,
          missed_opportunity: data.missedOpportunity,
          missed_opportunity_reason: data.missedOpportunity ? (data.missedOpportunityReason ?? null) : null,
          subject_ids: subjectIds,
          document_ids: documentIds,
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'chronology-event.added',
          entityType: 'chronology_event',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: auditView(row) },
        })
        return (await present(trx, investigationId, [row]))[0]!
      })
    },

    /** Changes an event; expectedVersion guards against overwriting someone else's edit. */
    async update(
      eventId: string,
      changes: ChronologyEventChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<ChronologyEvent> {
      const partial = parseOrThrow(ChronologyEventChange, changes)
      return access.transaction(ctx, async (trx) => {
        const current = await loadEvent(trx, eventId, true)
        await access.require(trx, ctx, current.investigation_id, 'investigation:contribute')
        if (current.version !== expectedVersion) throw new Conflict()
        const merged = parseOrThrow(ChronologyEventInput, {
          occurredOn: current.occurred_on,
          occurredTime: hhmm(current.occurred_time) ?? undefined,
          kind: current.kind,
          title: current.title,
          description: current.description ?? undefined,
          missedOpportunity: current.missed_opportunity,
          missedOpportunityReason: current.missed_opportunity_reason ?? undefined,
          subjectIds: current.subject_ids,
          documentIds: current.document_ids,
          ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
          // An explicit clearing of the optional texts and time is a change too.
          ...('description' in changes && partial.description === undefined ? { description: undefined } : {}),
          ...('occurredTime' in changes && partial.occurredTime === undefined ? { occurredTime: undefined } : {}),
          ...('missedOpportunityReason' in changes && partial.missedOpportunityReason === undefined
            ? { missedOpportunityReason: undefined }
            : {}),
        })
        const subjectIds = [...new Set(merged.subjectIds)]
        const documentIds = [...new Set(merged.documentIds)]
        await checkLinks(trx, current.investigation_id, subjectIds, documentIds)
        const updated = await chronology.update(
          trx,
          eventId,
          {
            occurred_on: merged.occurredOn,
            occurred_time: merged.occurredTime ?? null,
            kind: merged.kind,
            title: merged.title,
            description: merged.description ?? null,
            missed_opportunity: merged.missedOpportunity,
            missed_opportunity_reason: merged.missedOpportunity ? (merged.missedOpportunityReason ?? null) : null,
            subject_ids: subjectIds,
            document_ids: documentIds,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'chronology-event.changed',
          entityType: 'chronology_event',
          entityId: eventId,
          caseId: current.investigation_id,
          detail: { before: auditView(current), after: auditView(updated) },
        })
        return (await present(trx, current.investigation_id, [updated]))[0]!
      })
    },

    /** One event (an audited read of the case file). */
    async get(eventId: string, ctx: RequestContext): Promise<ChronologyEvent> {
      const row = await loadEvent(db, eventId)
      await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'chronology-event.read',
        entityType: 'chronology_event',
        entityId: eventId,
        caseId: row.investigation_id,
      })
      return (await present(db, row.investigation_id, [row]))[0]!
    },
  }
}
