/**
 * Timeliness notices (Police (Conduct) Regulations 2020 reg 19) and their copies. One notice per
 * (investigation, relevant period): the unique constraint makes drafting idempotent.
 */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type { TimelinessNoticeCopyTable, TimelinessNoticeTable } from '../schema.js'

/** Inserts the draft unless that period already has a notice; returns it only when inserted. */
export async function insertIfAbsent(db: Executor, row: Insertable<TimelinessNoticeTable>) {
  return db
    .insertInto('timeliness_notices')
    .values(row)
    .onConflict((oc) => oc.columns(['investigation_id', 'period_number']).doNothing())
    .returningAll()
    .executeTakeFirst()
}

export async function find(db: Executor, id: string) {
  return db.selectFrom('timeliness_notices').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findForUpdate(db: Executor, id: string) {
  return db.selectFrom('timeliness_notices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function ofInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('timeliness_notices')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('period_number', 'desc')
    .execute()
}

export type NoticeChanges = Omit<
  Updateable<TimelinessNoticeTable>,
  'id' | 'investigation_id' | 'period_number' | 'drafted_at' | 'version'
>

export async function update(db: Executor, id: string, changes: NoticeChanges, expectedVersion: number) {
  return db
    .updateTable('timeliness_notices')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function upsertCopy(db: Executor, row: Insertable<TimelinessNoticeCopyTable>) {
  return db
    .insertInto('timeliness_notice_copies')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['notice_id', 'recipient_kind', 'recipient_id'])
        .doUpdateSet({ status: row.status, harm_ground: row.harm_ground ?? null, recorded_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function copiesOf(db: Executor, noticeIds: readonly string[]) {
  if (noticeIds.length === 0) return []
  return db
    .selectFrom('timeliness_notice_copies')
    .selectAll()
    .where('notice_id', 'in', noticeIds)
    .orderBy('recorded_at')
    .execute()
}

/**
 * Open (not completed) investigations whose first relevant period may have ended by `attentionOnOrBefore`
 * (a conservative bound the caller computes from the rule set), with the highest period already
 * noticed. The caller decides with the domain which periods are owed.
 */
export async function candidates(db: Executor, attentionOnOrBefore: string, completedStatuses: readonly string[]) {
  const completed = completedStatuses.length ? completedStatuses : ['']
  const result = await sql<{ id: string; came_to_attention_on: string; status: string; last_period: number | null }>`
    select i.id, i.came_to_attention_on, i.status,
      (select max(t.period_number) from timeliness_notices t where t.investigation_id = i.id) as last_period
    from investigations i
    where i.came_to_attention_on is not null and i.came_to_attention_on <= ${attentionOnOrBefore}::date
      and i.status not in (${sql.join(completed.map((s) => sql`${s}`))})
    order by i.id
  `.execute(db)
  return result.rows
}

/** The dates on which regulation 17 notices were given to the case's subjects. */
export async function regulation17ServiceDates(db: Executor, investigationId: string) {
  return db
    .selectFrom('notices')
    .select(['subject_id', 'served_on'])
    .where('investigation_id', '=', investigationId)
    .where('served_on', 'is not', null)
    .orderBy('served_on')
    .execute()
}

/** The case a subject or interested person belongs to, to check a notice copy's recipient. */
export async function recipientCase(db: Executor, kind: 'subject' | 'interested_person', id: string) {
  const table = kind === 'subject' ? 'subjects' : 'interested_persons'
  return db.selectFrom(table).select(['id', 'investigation_id']).where('id', '=', id).executeTakeFirst()
}
