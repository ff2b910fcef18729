import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import * as organisations from '../data/repositories/organisations.js'
import type { Database, OrganisationRow } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'

export interface OrganisationInput {
  code: string
  name: string
  kind: OrganisationRow['kind']
}

/** The oversight body and the police forces: reference data, readable by any signed-in user. */
export function organisationService(db: Kysely<Database>) {
  return {
    list: (): Promise<OrganisationRow[]> => organisations.list(db),

    /** Adds the organisation unless one with its code exists; returns it either way. */
    async ensure(input: OrganisationInput, ctx: RequestContext): Promise<OrganisationRow> {
      return db.transaction().execute(async (trx) => {
        const existing = await organisations.findByCode(trx, input.code)
        if (existing) return existing
        const row = await organisations.insert(trx, { id: uuidv7(), ...input })
        await auditTrail.record(trx, ctx, {
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: row.id,
          detail: { after: input },
        })
        return row
      })
    },
  }
}
