/**
 * Historical records (imported cases) in the case search and on a read-only page of their own
 * (ADR 0030). They are records, not live investigations: no statutory clock, nothing sent, no
 * change in any ordinary journey (ADR 0008). Who sees them is the officer record's policy
 * (authoriseOfficerRecord): the oversight body's staff every force's, a force's professional
 * standards department its own force's; families and subjects' representatives never.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../data/schema.js'
import * as repo from '../../data/repositories/historicalCases.js'
import { searchNeedle } from '../../data/repositories/investigations.js'
import { authorise, authoriseOfficerRecord, type Actor } from '../../domain/policy.js'
import type { RequestContext } from '../context.js'
import * as auditTrail from '../auditTrail.js'
import { Forbidden, NotFound } from '../errors.js'

export interface HistoricalCasePosition {
  receivedOn: string
  id: string
}

/** How a historical record is referred to: its source and the source's own id. */
export const historicalReference = (c: { source: string; source_id: string }) => `${c.source} ${c.source_id}`

export function historicalCaseService(db: Kysely<Database>) {
  /** Whether the actor may see historical records at all, and if only one force's. */
  function scope(ctx: RequestContext): { actor: Actor; forceId?: string } | null {
    const actor = ctx.actor
    if (!actor || !authorise(actor, 'officers:read-record').allowed) return null
    const everyForce = authoriseOfficerRecord(actor, { forceId: '' }).allowed
    return everyForce ? { actor } : { actor, forceId: actor.organisationId }
  }

  return {
    /** Whether search results should include historical records for this person at all. */
    canSearch(ctx: RequestContext): boolean {
      return scope(ctx) !== null
    },

    async search(ctx: RequestContext, options: { q: string; limit?: number; after?: HistoricalCasePosition }) {
      const s = scope(ctx)
      const needle = searchNeedle(options.q)
      if (!s || !needle) return { items: [], next: null }
      const limit = options.limit ?? 20
      const rows = await repo.search(db, {
        needle,
        limit: limit + 1,
        ...(s.forceId ? { forceId: s.forceId } : {}),
        ...(options.after ? { after: options.after } : {}),
      })
      const items = rows.slice(0, limit).map((r) => ({ ...r, reference: historicalReference(r) }))
      const last = items[items.length - 1]
      return { items, next: rows.length > limit && last ? { receivedOn: last.received_on, id: last.id } : null }
    },

    /** One historical record with its allegations; the read is audited (officers' names). */
    async get(id: string, ctx: RequestContext) {
      const s = scope(ctx)
      if (!s) throw new Forbidden('Historical records are for the oversight body’s staff and forces’ own departments.')
      if (!z.uuid().safeParse(id).success) throw new NotFound('The historical record')
      const found = await repo.find(db, id)
      if (!found) throw new NotFound('The historical record')
      const decision = authoriseOfficerRecord(s.actor, { forceId: found.force_id })
      if (!decision.allowed) {
        await auditTrail.record(db, ctx, {
          action: 'access.denied',
          entityType: 'historical_case',
          entityId: id,
          detail: { action: 'officers:read-record', reason: decision.reason },
        })
        throw new Forbidden(decision.reason)
      }
      const allegations = await repo.allegations(db, id)
      await auditTrail.record(db, ctx, {
        action: 'historical-case.read',
        entityType: 'historical_case',
        entityId: id,
        detail: { fields: ['case', 'allegations', 'officer_names'] },
      })
      return {
        ...found,
        reference: historicalReference(found),
        allegations: allegations.map((a) => ({
          ...a,
          // An officer of another force is not shown to a force's department (the record's rule).
          visible: authoriseOfficerRecord(s.actor, { forceId: a.force_id }).allowed,
        })),
      }
    },
  }
}

export type HistoricalCaseService = ReturnType<typeof historicalCaseService>
