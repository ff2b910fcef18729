import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'

/** Records refused requests: repeated denials are what an investigation of misuse looks for. */
export function accessAuditService(db: Kysely<Database>) {
  return {
    async recordDenial(
      ctx: RequestContext,
      detail: { method: string; route: string; action: string; reason: string; caseId?: string },
    ) {
      await auditTrail.record(db, ctx, {
        action: 'access.denied',
        entityType: 'route',
        entityId: `${detail.method} ${detail.route}`,
        caseId: detail.caseId ?? null,
        detail: { action: detail.action, reason: detail.reason },
      })
    },
  }
}
