/**
 * Publication holds: what stops a case's report or documents being published, and what lifted
 * each hold (its proceeding concluding, or a recorded decision).
 */
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { PublicationHoldTable } from '../schema.js'

export type PublicationHoldRow = Selectable<PublicationHoldTable>

/** The holds in force on an investigation, oldest first. */
export async function activeHolds(db: Executor, investigationId: string): Promise<PublicationHoldRow[]> {
  return db
    .selectFrom('publication_holds')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('lifted_on', 'is', null)
    .orderBy('placed_on')
    .orderBy('id')
    .execute()
}

/** Every hold ever placed on an investigation (in force first), with the proceeding's title when it has one. */
export async function holdsOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('publication_holds as h')
    .leftJoin('linked_proceedings as p', 'p.id', 'h.proceeding_id')
    .selectAll('h')
    .select(['p.title as proceeding_title', 'p.kind as proceeding_kind', 'p.status as proceeding_status'])
    .where('h.investigation_id', '=', investigationId)
    .orderBy(({ eb }) => eb.case().when('h.lifted_on', 'is', null).then(0).else(1).end())
    .orderBy('h.placed_on', 'desc')
    .orderBy('h.id', 'desc')
    .execute()
}

export async function insertHold(db: Executor, row: Insertable<PublicationHoldTable>) {
  return db.insertInto('publication_holds').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findHold(db: Executor, id: string) {
  return db.selectFrom('publication_holds').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findHoldForUpdate(db: Executor, id: string) {
  return db.selectFrom('publication_holds').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The hold in force for this investigation and proceeding, if any (at most one, by the unique index). */
export async function activeHoldFor(db: Executor, investigationId: string, proceedingId: string) {
  return db
    .selectFrom('publication_holds')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('proceeding_id', '=', proceedingId)
    .where('lifted_on', 'is', null)
    .executeTakeFirst()
}

/** The holds in force that a proceeding imposes, on every investigation it is linked to. */
export async function activeHoldsOfProceeding(db: Executor, proceedingId: string) {
  return db
    .selectFrom('publication_holds')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .where('lifted_on', 'is', null)
    .forUpdate()
    .execute()
}

export async function liftHold(
  db: Executor,
  id: string,
  lift: {
    lifted_on: string
    lifted_by: string | null
    lift_reason: string
    lifted_because: 'proceeding_concluded' | 'decision'
  },
  expectedVersion?: number,
) {
  let query = db
    .updateTable('publication_holds')
    .set((eb) => ({ ...lift, lifted_recorded_at: new Date(), version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('lifted_on', 'is', null)
  if (expectedVersion !== undefined) query = query.where('version', '=', expectedVersion)
  return query.returningAll().executeTakeFirst()
}
