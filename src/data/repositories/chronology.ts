/**
 * The chronology: dated events of the case and of the underlying facts, read oldest first on
 * chronology_events_timeline_idx (investigation_id, occurred_on, occurred_time, id). Events
 * without a time of day sort after the timed events of their day (the index's NULLS LAST), and
 * the keyset condition spells that out, so pages neither repeat nor skip an event.
 */
import { sql, type Insertable, type Updateable, type ExpressionBuilder, type SqlBool, type Expression } from 'kysely'
import type { Executor } from '../database.js'
import type { ChronologyEventTable, Database } from '../schema.js'

export interface TimelinePosition {
  occurredOn: string
  /** 'HH:MM:SS', or null for an event with a date only. */
  occurredTime: string | null
  id: string
}

export interface TimelineFilter {
  investigationId: string
  kind?: 'underlying_fact' | 'investigation'
  missedOnly?: boolean
  from?: string
  to?: string
  subjectId?: string
  after?: TimelinePosition
  limit: number
}

export async function insert(db: Executor, row: Insertable<ChronologyEventTable>) {
  return db.insertInto('chronology_events').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('chronology_events').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom('chronology_events').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

/** Applies changes if the event is still at expectedVersion; undefined means someone else got there first. */
export async function update(
  db: Executor,
  id: string,
  changes: Updateable<ChronologyEventTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('chronology_events')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

function afterPosition(eb: ExpressionBuilder<Database, 'chronology_events'>, p: TimelinePosition): Expression<SqlBool> {
  const sameDayLater =
    p.occurredTime === null
      ? eb.and([eb('occurred_time', 'is', null), eb('id', '>', p.id)])
      : eb.or([
          eb('occurred_time', '>', p.occurredTime),
          eb.and([eb('occurred_time', '=', p.occurredTime), eb('id', '>', p.id)]),
          eb('occurred_time', 'is', null),
        ])
  return eb.or([eb('occurred_on', '>', p.occurredOn), eb.and([eb('occurred_on', '=', p.occurredOn), sameDayLater])])
}

/** One page of the timeline, oldest first. Fetch limit + 1 to learn whether another page follows. */
export async function timeline(db: Executor, filter: TimelineFilter) {
  let q = db
    .selectFrom('chronology_events')
    .selectAll()
    .select(sql<string | null>`to_char(occurred_time, 'HH24:MI:SS')`.as('occurred_time_key'))
    .where('investigation_id', '=', filter.investigationId)
  if (filter.kind) q = q.where('kind', '=', filter.kind)
  if (filter.missedOnly) q = q.where('missed_opportunity', '=', true)
  if (filter.from) q = q.where('occurred_on', '>=', filter.from)
  if (filter.to) q = q.where('occurred_on', '<=', filter.to)
  if (filter.subjectId) q = q.where(sql<SqlBool>`subject_ids @> array[${filter.subjectId}]::uuid[]`)
  const after = filter.after
  if (after) q = q.where((eb) => afterPosition(eb, after))
  return q
    .orderBy('occurred_on', 'asc')
    .orderBy(sql`occurred_time asc nulls last`)
    .orderBy('id', 'asc')
    .limit(filter.limit)
    .execute()
}

export type TimelineRow = Awaited<ReturnType<typeof timeline>>[number]

/** Of the given ids, those that are subjects of the investigation. */
export async function subjectsOfCase(db: Executor, investigationId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('subjects')
    .innerJoin('officers', 'officers.id', 'subjects.officer_id')
    .select([
      'subjects.id',
      'officers.given_name',
      'officers.family_name',
      'subjects.rank_at_time',
      'officers.warrant_number',
    ])
    .where('subjects.investigation_id', '=', investigationId)
    .where('subjects.id', 'in', ids)
    .execute()
}

/** Every subject of the investigation, by name (for link and filter choices). */
export async function allSubjectsOfCase(db: Executor, investigationId: string) {
  return db
    .selectFrom('subjects')
    .innerJoin('officers', 'officers.id', 'subjects.officer_id')
    .select([
      'subjects.id',
      'officers.given_name',
      'officers.family_name',
      'subjects.rank_at_time',
      'officers.warrant_number',
    ])
    .where('subjects.investigation_id', '=', investigationId)
    .orderBy('officers.family_name')
    .orderBy('officers.given_name')
    .limit(1000)
    .execute()
}

/** Of the given ids, those that are documents of the investigation. */
export async function documentsOfCase(db: Executor, investigationId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('documents')
    .select(['id', 'exhibit_reference', 'title', 'withdrawn_at'])
    .where('investigation_id', '=', investigationId)
    .where('id', 'in', ids)
    .execute()
}
