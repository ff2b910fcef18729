/** Referrals, the people involved in them, and the assessments (form of investigation) made of them. */
import type { Insertable } from 'kysely'
import type { Executor } from '../database.js'
import type { AssessmentTable, InvolvedPersonTable, ReferralTable } from '../schema.js'

export async function insert(trx: Executor, row: Insertable<ReferralTable>) {
  return trx.insertInto('referrals').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function insertInvolvedPeople(trx: Executor, rows: Insertable<InvolvedPersonTable>[]) {
  if (rows.length === 0) return []
  return trx.insertInto('involved_people').values(rows).returningAll().execute()
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom('referrals').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function involvedPeople(db: Executor, referralIds: readonly string[]) {
  if (referralIds.length === 0) return []
  return db
    .selectFrom('involved_people')
    .selectAll()
    .where('referral_id', 'in', referralIds)
    .orderBy('created_at')
    .execute()
}

export async function forInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('referrals as r')
    .innerJoin('organisations as f', 'f.id', 'r.referring_force_id')
    .selectAll('r')
    .select('f.name as referring_force_name')
    .where('r.investigation_id', '=', investigationId)
    .orderBy('r.received_on')
    .execute()
}

/** Referrals not yet attached to an investigation, newest first, keyset-paginated. */
export async function listUnassigned(
  db: Executor,
  options: { limit: number; after?: { receivedOn: string; id: string } },
) {
  let q = db
    .selectFrom('referrals as r')
    .innerJoin('organisations as f', 'f.id', 'r.referring_force_id')
    .selectAll('r')
    .select('f.name as referring_force_name')
    .where('r.investigation_id', 'is', null)
  if (options.after) {
    const { receivedOn, id } = options.after
    q = q.where((eb) =>
      eb.or([
        eb('r.received_on', '<', receivedOn),
        eb.and([eb('r.received_on', '=', receivedOn), eb('r.id', '<', id)]),
      ]),
    )
  }
  return q.orderBy('r.received_on', 'desc').orderBy('r.id', 'desc').limit(options.limit).execute()
}

export async function attachToInvestigation(trx: Executor, referralId: string, investigationId: string) {
  await trx
    .updateTable('referrals')
    .set({ investigation_id: investigationId, updated_at: new Date() })
    .where('id', '=', referralId)
    .execute()
}

export async function insertAssessment(trx: Executor, row: Insertable<AssessmentTable>) {
  return trx.insertInto('assessments').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Every determination for the referrals, newest first: the first is the one in force. */
export async function assessments(db: Executor, referralIds: readonly string[]) {
  if (referralIds.length === 0) return []
  return db
    .selectFrom('assessments as a')
    .innerJoin('users as u', 'u.id', 'a.decided_by')
    .selectAll('a')
    .select('u.display_name as decided_by_name')
    .where('a.referral_id', 'in', referralIds)
    .orderBy('a.recorded_at', 'desc')
    .execute()
}
