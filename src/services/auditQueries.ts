/** Reading the audit trail (the administrators' audit pages, `candour audit verify`) and sealing it. */
import type { Kysely } from 'kysely'
import { authorise } from '../domain/policy.js'
import * as auditLog from '../data/repositories/auditLog.js'
import * as users from '../data/repositories/users.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Forbidden } from './errors.js'
import { caseAccess } from './caseAccess.js'

export function auditQueryService(db: Kysely<Database>) {
  function assertAllowed(ctx: RequestContext, action: 'audit:view' | 'audit:verify') {
    if (ctx.actor === null) return
    const decision = authorise(ctx.actor, action)
    if (!decision.allowed) throw new Forbidden(decision.reason)
  }
  return {
    async recent(ctx: RequestContext, filter: { beforeSeq?: number; limit?: number; actorUserId?: string } = {}) {
      assertAllowed(ctx, 'audit:view')
      return auditLog.list(db, {
        limit: filter.limit ?? 50,
        ...(filter.beforeSeq !== undefined ? { beforeSeq: filter.beforeSeq } : {}),
        ...(filter.actorUserId ? { actorUserId: filter.actorUserId } : {}),
      })
    },
    /** An investigation's history, from the audit trail: for its team and decision maker. */
    async caseHistory(investigationId: string, ctx: RequestContext, page: { beforeSeq?: number; limit?: number } = {}) {
      await caseAccess(db).require(db, ctx, investigationId, 'investigation:read-case-file')
      const entries = await auditLog.list(db, {
        caseId: investigationId,
        limit: page.limit ?? 50,
        ...(page.beforeSeq !== undefined ? { beforeSeq: page.beforeSeq } : {}),
      })
      const names = await users.displayNames(
        db,
        entries.flatMap((e) => (e.actorUserId ? [e.actorUserId] : [])),
      )
      return entries.map((e) => ({
        ...e,
        actorName: e.actorUserId ? (names.get(e.actorUserId) ?? 'Unknown user') : 'System',
      }))
    },

    /** Seals recorded entries into the chain: the server's sealer and the scheduled jobs call this. */
    sealPending() {
      return auditTrail.seal(db)
    },

    /**
     * Seals whatever has been recorded but not yet sealed, so the check covers everything written
     * up to now, then recomputes the chain. Entries committed during the check are reported as
     * pending rather than checked.
     */
    async verify(ctx: RequestContext) {
      assertAllowed(ctx, 'audit:verify')
      await auditTrail.seal(db)
      return auditTrail.verify(db)
    },
  }
}
export type AuditQueryService = ReturnType<typeof auditQueryService>
