/** Re-investigations: the proposal to re-open a closed investigation, the decision, and the new investigation it opened. */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { ReinvestigationTable } from '../schema.js'

export type ReinvestigationRow = Selectable<ReinvestigationTable>

export async function insert(db: Executor, row: Insertable<ReinvestigationTable>) {
  return db.insertInto('reinvestigations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('reinvestigations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom('reinvestigations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** The proposals about re-opening this investigation, newest first. */
export async function ofOriginal(db: Executor, investigationId: string) {
  return db
    .selectFrom('reinvestigations')
    .selectAll()
    .where('original_investigation_id', '=', investigationId)
    .orderBy('proposed_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/**
 * In one query, for the case's links: the re-investigations proposed for this investigation
 * (newest first) and the one that opened it, if it is a re-investigation.
 */
export async function linksOf(db: Executor, investigationId: string) {
  const rows = await db
    .selectFrom('reinvestigations')
    .selectAll()
    .where((eb) =>
      eb.or([eb('original_investigation_id', '=', investigationId), eb('new_investigation_id', '=', investigationId)]),
    )
    .orderBy('proposed_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
  return {
    proposals: rows.filter((r) => r.original_investigation_id === investigationId),
    opening: rows.find((r) => r.new_investigation_id === investigationId),
  }
}

/** The approved re-investigation that opened this investigation, if it is one. */
export async function openingOf(db: Executor, newInvestigationId: string) {
  return db
    .selectFrom('reinvestigations')
    .selectAll()
    .where('new_investigation_id', '=', newInvestigationId)
    .executeTakeFirst()
}

/** The latest approved re-investigation that re-opens this investigation in place (opening no new one), if any. */
export async function latestApprovedInPlace(db: Executor, investigationId: string) {
  return db
    .selectFrom('reinvestigations')
    .selectAll()
    .where('original_investigation_id', '=', investigationId)
    .where('decision', '=', 'approved')
    .where('new_investigation_id', 'is', null)
    .orderBy('decided_on', 'desc')
    .orderBy('proposed_at', 'desc')
    .executeTakeFirst()
}

export async function decide(
  db: Executor,
  id: string,
  decision: {
    decision: 'approved' | 'refused'
    decided_by: string
    decided_on: string
    decision_reason: string
    new_investigation_id: string | null
  },
  expectedVersion: number,
) {
  return db
    .updateTable('reinvestigations')
    .set({ ...decision, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('decision', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Whether one of the investigation's referrals has a determination decided on or after `since`. */
export async function assessedSince(db: Executor, investigationId: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('assessments as a')
    .innerJoin('referrals as r', 'r.id', 'a.referral_id')
    .select('a.id')
    .where('r.investigation_id', '=', investigationId)
    .where('a.decided_on', '>=', since)
    .executeTakeFirst()
  return row !== undefined
}
