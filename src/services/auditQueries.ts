/** Reading the audit trail: the administrators' audit pages and `candour audit verify`. */
import type { Kysely } from 'kysely'
import { authorise } from '../domain/policy.js'
import * as auditLog from '../data/repositories/auditLog.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Forbidden } from './errors.js'

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
    async verify(ctx: RequestContext) {
      assertAllowed(ctx, 'audit:verify')
      return auditTrail.verify(db)
    },
  }
}
export type AuditQueryService = ReturnType<typeof auditQueryService>
