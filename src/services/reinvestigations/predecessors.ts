/**
 * Reading a re-investigation and what it carries over from its predecessor.
 */
import * as repo from '../../data/repositories/reinvestigations.js'
import * as investigations from '../../data/repositories/investigations.js'
import type { RequestContext } from '../context.js'
import type { ReinvestigationKit } from './kit.js'

export function predecessorUseCases(kit: ReinvestigationKit) {
  const { db, access, chronology, evidence, requirePredecessor, requireProposal } = kit
  return {
    /**
     * The predecessor's chronology, read-only on the re-investigation's Chronology tab: carried
     * over by reference (predecessor_investigation_id), never copied. Null when this case
     * re-investigates none.
     */
    async predecessorChronology(investigationId: string, ctx: RequestContext, options: { limit?: number } = {}) {
      const predecessor = await requirePredecessor(investigationId, ctx)
      if (!predecessor) return null
      const page = await chronology.timeline(predecessor.id, ctx, { limit: options.limit ?? 100 })
      return {
        predecessor: { id: predecessor.id, reference: predecessor.reference, title: predecessor.title },
        ...page,
      }
    },

    /** The predecessor's evidence register, read-only on the re-investigation's Evidence tab. */
    async predecessorEvidence(investigationId: string, ctx: RequestContext, options: { limit?: number } = {}) {
      const predecessor = await requirePredecessor(investigationId, ctx)
      if (!predecessor) return null
      const register = await evidence.register(predecessor.id, ctx, { limit: options.limit ?? 100 })
      return {
        predecessor: { id: predecessor.id, reference: predecessor.reference, title: predecessor.title },
        register,
      }
    },

    async get(reinvestigationId: string, ctx: RequestContext) {
      const row = await requireProposal(db, reinvestigationId, false)
      await access.require(db, ctx, row.original_investigation_id, 'investigation:read-case-file')
      return row
    },

    /** What the overview shows: the case this one re-investigates, the cases that re-investigate it, and every proposal. */
    async links(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const predecessorId = loaded.investigation.predecessor_investigation_id
      const [predecessor, { proposals, opening }] = await Promise.all([
        predecessorId ? investigations.findById(db, predecessorId) : Promise.resolve(undefined),
        repo.linksOf(db, investigationId),
      ])
      const successorIds = proposals.flatMap((p) => (p.new_investigation_id ? [p.new_investigation_id] : []))
      const successors = []
      for (const id of successorIds) {
        const row = await investigations.findById(db, id)
        if (row) successors.push({ id: row.id, reference: row.reference, title: row.title, status: row.status })
      }
      return {
        predecessor: predecessor
          ? {
              id: predecessor.id,
              reference: predecessor.reference,
              title: predecessor.title,
              status: predecessor.status,
            }
          : null,
        openedBy: opening ?? null,
        successors,
        proposals,
        canPropose: loaded.investigation.status === 'closed' && access.may(ctx, 'reinvestigation:propose', loaded),
        canDecide: access.may(ctx, 'reinvestigation:decide', loaded),
      }
    },
  }
}
