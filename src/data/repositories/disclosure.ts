/** Disclosure schedules, their items (by number) and their issued versions (immutable snapshots). */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type { DisclosureItemTable, DisclosureScheduleTable, DisclosureScheduleVersionTable } from '../workSchema.js'

export async function insertSchedule(db: Executor, row: Insertable<DisclosureScheduleTable>) {
  return db.insertInto('disclosure_schedules').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findSchedule(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('disclosure_schedules').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export type ScheduleRow = NonNullable<Awaited<ReturnType<typeof findSchedule>>>

/** Moves the schedule on (an item added, changed or removed, a version issued) if it is still at expectedVersion. */
export async function bumpSchedule(
  db: Executor,
  id: string,
  expectedVersion: number,
  changes: { item_count?: number; removed_item_count?: number; issued_version?: number },
) {
  return db
    .updateTable('disclosure_schedules')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function schedulesOfCase(db: Executor, investigationId: string, afterNumber: number, limit: number) {
  return db
    .selectFrom('disclosure_schedules')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('number', '>', afterNumber)
    .orderBy('number')
    .limit(limit)
    .execute()
}

export async function insertItem(db: Executor, row: Insertable<DisclosureItemTable>) {
  return db.insertInto('disclosure_items').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findItem(db: Executor, scheduleId: string, itemId: string) {
  return db
    .selectFrom('disclosure_items')
    .selectAll()
    .where('schedule_id', '=', scheduleId)
    .where('id', '=', itemId)
    .executeTakeFirst()
}

export async function updateItem(
  db: Executor,
  itemId: string,
  changes: Pick<
    Updateable<DisclosureItemTable>,
    'category' | 'sensitive' | 'description' | 'sensitivity_reason' | 'document_id' | 'location'
  >,
) {
  return db
    .updateTable('disclosure_items')
    .set(changes)
    .where('id', '=', itemId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function deleteItem(db: Executor, itemId: string) {
  await db.deleteFrom('disclosure_items').where('id', '=', itemId).execute()
}

/** The schedule's items by number, with the exhibit reference and hash of the document each lists. */
export async function itemsOf(db: Executor, scheduleId: string) {
  return db
    .selectFrom('disclosure_items as i')
    .leftJoin('documents as d', 'd.id', 'i.document_id')
    .leftJoin('users as u', 'u.id', 'i.added_by')
    .selectAll('i')
    .select(['d.exhibit_reference', 'd.sha256', 'u.display_name as added_by_name'])
    .where('i.schedule_id', '=', scheduleId)
    .orderBy('i.number')
    .limit(10000)
    .execute()
}

export type ItemRow = Awaited<ReturnType<typeof itemsOf>>[number]

export async function insertVersion(db: Executor, row: Insertable<DisclosureScheduleVersionTable>) {
  return db.insertInto('disclosure_schedule_versions').values(row).returningAll().executeTakeFirstOrThrow()
}

/** The issued versions, newest first, without their items. */
export async function versionsOf(db: Executor, scheduleId: string) {
  return db
    .selectFrom('disclosure_schedule_versions as v')
    .innerJoin('users as u', 'u.id', 'v.issued_by')
    .select(['v.id', 'v.version', 'v.issued_at', 'u.display_name as issued_by_name'])
    .select(sql<number>`jsonb_array_length(v.items)`.as('item_count'))
    .where('v.schedule_id', '=', scheduleId)
    .orderBy('v.version', 'desc')
    .limit(1000)
    .execute()
}

export async function findVersion(db: Executor, scheduleId: string, version: number) {
  return db
    .selectFrom('disclosure_schedule_versions as v')
    .innerJoin('users as u', 'u.id', 'v.issued_by')
    .selectAll('v')
    .select('u.display_name as issued_by_name')
    .where('v.schedule_id', '=', scheduleId)
    .where('v.version', '=', version)
    .executeTakeFirst()
}
