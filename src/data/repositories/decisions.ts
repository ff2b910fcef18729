/** The decision log: entries in date order on decisions_log_idx, their reviews and who supersedes whom. */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type { DecisionReviewTable, DecisionTable } from '../workSchema.js'

export async function insert(db: Executor, row: Insertable<DecisionTable>) {
  return db.insertInto('decisions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findById(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('decisions').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export type DecisionRow = NonNullable<Awaited<ReturnType<typeof findById>>>

/** Signs a draft still at expectedVersion; undefined when it moved or was signed meanwhile. */
export async function sign(db: Executor, id: string, expectedVersion: number, needsReview: boolean) {
  return db
    .updateTable('decisions')
    .set({ signed_at: new Date(), needs_review: needsReview, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('signed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Changes a draft still at expectedVersion (a signed row is refused here and by the trigger). */
export async function updateDraft(
  db: Executor,
  id: string,
  changes: Updateable<DecisionTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('decisions')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('signed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Deletes a draft still at expectedVersion; false when it moved, was signed or is gone. */
export async function deleteDraft(db: Executor, id: string, expectedVersion: number) {
  const result = await db
    .deleteFrom('decisions')
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('signed_at', 'is', null)
    .executeTakeFirst()
  return result.numDeletedRows > 0n
}

export interface LogPosition {
  decidedAt: string
  id: string
}

/** A page of the log in date order (when decided, then id). */
export async function page(db: Executor, investigationId: string, after: LogPosition | undefined, limit: number) {
  let q = db.selectFrom('decisions').selectAll().where('investigation_id', '=', investigationId)
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('decided_at', '>', new Date(after.decidedAt)),
        eb.and([eb('decided_at', '=', new Date(after.decidedAt)), eb('id', '>', after.id)]),
      ]),
    )
  return q.orderBy('decided_at').orderBy('id').limit(limit).execute()
}

/**
 * For the given entries: the entry that supersedes each, if any. Only signed entries supersede;
 * with includeDrafts, a draft naming the entry counts too (it holds the entry's one supersession).
 */
export async function supersessionsOf(db: Executor, ids: readonly string[], includeDrafts = false) {
  if (ids.length === 0) return []
  let q = db.selectFrom('decisions').select(['id', 'number', 'supersedes_id']).where('supersedes_id', 'in', ids)
  if (!includeDrafts) q = q.where('signed_at', 'is not', null)
  return q.execute()
}

export async function numbersOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('decisions').select(['id', 'number']).where('id', 'in', ids).execute()
}

export async function insertReview(db: Executor, row: Insertable<DecisionReviewTable>) {
  return db.insertInto('decision_reviews').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function reviewsOf(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('decision_reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .selectAll('r')
    .select('u.display_name as reviewer_name')
    .where('r.decision_id', 'in', ids)
    .orderBy('r.reviewed_at')
    .execute()
}
