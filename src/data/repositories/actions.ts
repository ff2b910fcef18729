/**
 * Lines of enquiry, actions and their steps. Numbers per case come from nextNumber(), whose
 * upsert locks the case's counter row until the transaction ends (gap-free, one at a time).
 */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type { ActionStepTable, ActionTable, CaseCounterTable, LineOfEnquiryTable } from '../workSchema.js'
import type { PlainDate } from '../schema.js'

/** The next number of its kind on the case; call inside the transaction that inserts the row. */
export async function nextNumber(db: Executor, investigationId: string, kind: CaseCounterTable['kind']) {
  const row = await db
    .insertInto('case_counters')
    .values({ investigation_id: investigationId, kind, last_number: 1 })
    .onConflict((oc) =>
      oc.columns(['investigation_id', 'kind']).doUpdateSet({ last_number: sql`case_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

// Lines of enquiry ---------------------------------------------------------------------------

export async function insertLine(db: Executor, row: Insertable<LineOfEnquiryTable>) {
  return db.insertInto('lines_of_enquiry').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findLine(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('lines_of_enquiry').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export async function updateLine(
  db: Executor,
  id: string,
  changes: Updateable<LineOfEnquiryTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('lines_of_enquiry')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** A page of the case's lines of enquiry by number, with counts of their actions. */
export async function linesOfCase(db: Executor, investigationId: string, afterNumber: number, limit: number) {
  return db
    .selectFrom('lines_of_enquiry as l')
    .selectAll('l')
    .select((eb) => [
      eb
        .selectFrom('actions as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.line_of_enquiry_id', '=', 'l.id')
        .as('action_count'),
      eb
        .selectFrom('actions as a')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('a.line_of_enquiry_id', '=', 'l.id')
        .where('a.status', 'in', ['raised', 'allocated', 'referred_back'])
        .as('open_action_count'),
    ])
    .where('l.investigation_id', '=', investigationId)
    .where('l.number', '>', afterNumber)
    .orderBy('l.number')
    .limit(limit)
    .execute()
}

// Actions ------------------------------------------------------------------------------------

export async function insertAction(db: Executor, row: Insertable<ActionTable>) {
  return db.insertInto('actions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findAction(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('actions').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export type ActionRow = NonNullable<Awaited<ReturnType<typeof findAction>>>

export async function updateAction(
  db: Executor,
  id: string,
  changes: Updateable<ActionTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('actions')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export interface ActionFilter {
  investigationId: string
  status?: 'raised' | 'allocated' | 'resulted' | 'referred_back' | 'filed'
  open?: boolean
  lineOfEnquiryId?: string
  allocatedTo?: string
  afterNumber: number
  limit: number
}

/** A page of the case's actions by number (A1, A2…), filtered. */
export async function actionsOfCase(db: Executor, filter: ActionFilter) {
  let q = db.selectFrom('actions').selectAll().where('investigation_id', '=', filter.investigationId)
  if (filter.status) q = q.where('status', '=', filter.status)
  if (filter.open) q = q.where('status', 'in', ['raised', 'allocated', 'referred_back'])
  if (filter.lineOfEnquiryId) q = q.where('line_of_enquiry_id', '=', filter.lineOfEnquiryId)
  if (filter.allocatedTo) q = q.where('allocated_to', '=', filter.allocatedTo)
  return q.where('number', '>', filter.afterNumber).orderBy('number').limit(filter.limit).execute()
}

export interface MyWorkPosition {
  /** '9999-12-31' stands for "no due date" so undated actions sort last in one keyset. */
  dueKey: PlainDate
  id: string
}

/**
 * A person's open allocated actions across the cases they are still on, earliest due first
 * (undated last), on actions_my_work_idx. Overdue ones come first because they are the
 * earliest due.
 */
export async function myWork(db: Executor, userId: string, after: MyWorkPosition | undefined, limit: number) {
  const dueKey = sql<string>`coalesce(a.due_on, '9999-12-31'::date)`
  let q = db
    .selectFrom('actions as a')
    .innerJoin('investigations as i', 'i.id', 'a.investigation_id')
    .leftJoin('lines_of_enquiry as l', 'l.id', 'a.line_of_enquiry_id')
    .select([
      'a.id',
      'a.investigation_id',
      'a.number',
      'a.title',
      'a.priority',
      'a.status',
      'a.due_on',
      'a.raised_at',
      'a.version',
      'i.reference',
      'i.title as investigation_title',
      'l.number as line_number',
    ])
    .select(sql<string>`to_char(coalesce(a.due_on, '9999-12-31'::date), 'YYYY-MM-DD')`.as('due_key'))
    .where('a.allocated_to', '=', userId)
    .where('a.status', 'in', ['allocated', 'referred_back'])
    // Only cases the person is still on: someone taken off a team no longer sees its work.
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('investigation_members as m')
          .select('m.user_id')
          .whereRef('m.investigation_id', '=', 'a.investigation_id')
          .where('m.user_id', '=', userId),
      ),
    )
  if (after)
    q = q.where((eb) =>
      eb.or([eb(dueKey, '>', after.dueKey), eb.and([eb(dueKey, '=', after.dueKey), eb('a.id', '>', after.id)])]),
    )
  return q.orderBy(dueKey).orderBy('a.id').limit(limit).execute()
}

/** The case's open actions with who holds them, for the lead's view (by person and age). */
export async function openActionsOfCase(db: Executor, investigationId: string, limit: number) {
  return db
    .selectFrom('actions as a')
    .leftJoin('users as u', 'u.id', 'a.allocated_to')
    .select([
      'a.id',
      'a.number',
      'a.title',
      'a.priority',
      'a.status',
      'a.due_on',
      'a.raised_at',
      'a.allocated_to',
      'u.display_name as allocated_name',
    ])
    .where('a.investigation_id', '=', investigationId)
    .where('a.status', 'in', ['raised', 'allocated', 'referred_back'])
    .orderBy('a.raised_at')
    .orderBy('a.id')
    .limit(limit)
    .execute()
}

export async function insertStep(db: Executor, row: Insertable<ActionStepTable>) {
  return db.insertInto('action_steps').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function stepsOf(db: Executor, actionId: string) {
  return db
    .selectFrom('action_steps as s')
    .leftJoin('users as actor', 'actor.id', 's.actor_id')
    .leftJoin('users as holder', 'holder.id', 's.allocated_to')
    .selectAll('s')
    .select(['actor.display_name as actor_name', 'holder.display_name as allocated_name'])
    .where('s.action_id', '=', actionId)
    .orderBy('s.occurred_at')
    .orderBy('s.id')
    .limit(1000)
    .execute()
}

/** Open allocated actions due on or before a date, on open cases, for the deadline sweep. */
export async function actionsDueBy(db: Executor, until: PlainDate) {
  return db
    .selectFrom('actions as a')
    .innerJoin('investigations as i', 'i.id', 'a.investigation_id')
    .select([
      'a.id',
      'a.investigation_id as investigationId',
      'a.number',
      'a.allocated_to as allocatedTo',
      'i.reference',
      sql<string>`to_char(a.due_on, 'YYYY-MM-DD')`.as('dueOn'),
    ])
    .where('a.status', 'in', ['allocated', 'referred_back'])
    .where('a.due_on', 'is not', null)
    .where('a.due_on', '<=', until)
    .where('i.status', '<>', 'closed')
    .orderBy('a.id')
    .execute()
}

/** Team members of a case (for allocation choices and checks). */
export async function teamOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('investigation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.display_name', 'm.role_in_case', 'u.status'])
    .where('m.investigation_id', '=', investigationId)
    .orderBy('u.display_name')
    .limit(500)
    .execute()
}

/** Of the given ids, those that are of the investigation, in a table with investigation_id. */
export async function idsOfCase(
  db: Executor,
  table: 'allegations' | 'chronology_events' | 'documents' | 'lines_of_enquiry' | 'subjects',
  investigationId: string,
  ids: readonly string[],
): Promise<string[]> {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom(table)
    .select('id')
    .where('investigation_id', '=', investigationId)
    .where('id', 'in', ids)
    .execute()
  return rows.map((r) => r.id)
}

/** Display names of users, by id. */
export async function userNames(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute()
}

export async function linesByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('lines_of_enquiry').select(['id', 'number', 'title']).where('id', 'in', ids).execute()
}

/** What an action, a line of enquiry or a decision can be linked to on a case. */
export async function linkChoices(db: Executor, investigationId: string) {
  const [subjects, allegations, documents, events] = await Promise.all([
    db
      .selectFrom('subjects')
      .innerJoin('officers', 'officers.id', 'subjects.officer_id')
      .select(['subjects.id', 'officers.given_name', 'officers.family_name', 'subjects.rank_at_time'])
      .where('subjects.investigation_id', '=', investigationId)
      .orderBy('officers.family_name')
      .limit(500)
      .execute(),
    db
      .selectFrom('allegations')
      .select(['id', 'description'])
      .where('investigation_id', '=', investigationId)
      .orderBy('created_at')
      .limit(500)
      .execute(),
    db
      .selectFrom('documents')
      .select(['id', 'exhibit_reference', 'title'])
      .where('investigation_id', '=', investigationId)
      .where('withdrawn_at', 'is', null)
      .orderBy('exhibit_reference')
      .limit(500)
      .execute(),
    db
      .selectFrom('chronology_events')
      .select(['id', 'occurred_on', 'title'])
      .where('investigation_id', '=', investigationId)
      .orderBy('occurred_on', 'desc')
      .limit(200)
      .execute(),
  ])
  return { subjects, allegations, documents, events }
}
