/**
 * Witnesses and statements of a case, by number (W1…, S1…) on their (investigation_id, number)
 * unique indexes; statements of one witness or officer on their partial indexes; the actions
 * that cite a statement on actions_statements_idx (GIN over actions.statement_ids).
 */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type { StatementTable, WitnessTable } from '../workSchema.js'

export async function insertWitness(db: Executor, row: Insertable<WitnessTable>) {
  return db.insertInto('witnesses').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findWitness(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('witnesses').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export type WitnessRow = NonNullable<Awaited<ReturnType<typeof findWitness>>>

export async function updateWitness(
  db: Executor,
  id: string,
  changes: Updateable<WitnessTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('witnesses')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** A page of the case's witnesses by number, with how many statements each has given. */
export async function witnessesOfCase(db: Executor, investigationId: string, afterNumber: number, limit: number) {
  return db
    .selectFrom('witnesses as w')
    .selectAll('w')
    .select((eb) =>
      eb
        .selectFrom('statements as s')
        .select(sql<number>`count(*)::int`.as('n'))
        .whereRef('s.witness_id', '=', 'w.id')
        .as('statement_count'),
    )
    .where('w.investigation_id', '=', investigationId)
    .where('w.number', '>', afterNumber)
    .orderBy('w.number')
    .limit(limit)
    .execute()
}

export async function insertStatement(db: Executor, row: Insertable<StatementTable>) {
  return db.insertInto('statements').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findStatement(db: Executor, id: string, forUpdate = false) {
  let q = db.selectFrom('statements').selectAll().where('id', '=', id)
  if (forUpdate) q = q.forUpdate()
  return q.executeTakeFirst()
}

export type StatementRow = NonNullable<Awaited<ReturnType<typeof findStatement>>>

export async function updateStatement(
  db: Executor,
  id: string,
  changes: Updateable<StatementTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('statements')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export interface StatementFilter {
  investigationId: string
  witnessId?: string
  subjectId?: string
  afterNumber: number
  limit: number
}

/** A page of the case's statements by number, optionally of one witness or one officer. */
export async function statementsOfCase(db: Executor, filter: StatementFilter) {
  let q = db.selectFrom('statements').selectAll().where('investigation_id', '=', filter.investigationId)
  if (filter.witnessId) q = q.where('witness_id', '=', filter.witnessId)
  if (filter.subjectId) q = q.where('subject_id', '=', filter.subjectId)
  return q.where('number', '>', filter.afterNumber).orderBy('number').limit(filter.limit).execute()
}

/** Of the given ids, those that are statements of the investigation. */
export async function statementIdsOfCase(db: Executor, investigationId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('statements')
    .select('id')
    .where('investigation_id', '=', investigationId)
    .where('id', 'in', ids)
    .execute()
  return rows.map((r) => r.id)
}

/** Of the given ids, those that are witnesses of the investigation. */
export async function witnessIdsOfCase(db: Executor, investigationId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  const rows = await db
    .selectFrom('witnesses')
    .select('id')
    .where('investigation_id', '=', investigationId)
    .where('id', 'in', ids)
    .execute()
  return rows.map((r) => r.id)
}

/** Who gave each statement and what document holds it: names and exhibit references for display. */
export async function labelsFor(
  db: Executor,
  ids: { witnessIds: string[]; subjectIds: string[]; documentIds: string[] },
) {
  const [witnesses, subjects, documents] = await Promise.all([
    ids.witnessIds.length
      ? db
          .selectFrom('witnesses')
          .select(['id', 'number', 'full_name', 'kind'])
          .where('id', 'in', ids.witnessIds)
          .execute()
      : Promise.resolve([]),
    ids.subjectIds.length
      ? db
          .selectFrom('subjects')
          .innerJoin('officers', 'officers.id', 'subjects.officer_id')
          .select(['subjects.id', 'officers.given_name', 'officers.family_name', 'subjects.rank_at_time'])
          .where('subjects.id', 'in', ids.subjectIds)
          .execute()
      : Promise.resolve([]),
    ids.documentIds.length
      ? db
          .selectFrom('documents')
          .select(['id', 'exhibit_reference', 'title', 'sha256', 'withdrawn_at'])
          .where('id', 'in', ids.documentIds)
          .execute()
      : Promise.resolve([]),
  ])
  return { witnesses, subjects, documents }
}

/** The actions whose results cite a statement (A-numbers), on actions_statements_idx. */
export async function actionsCiting(db: Executor, statementId: string) {
  return db
    .selectFrom('actions')
    .select(['id', 'number', 'title', 'status'])
    .where(sql<boolean>`statement_ids @> array[${statementId}]::uuid[]`)
    .orderBy('number')
    .limit(500)
    .execute()
}

/** The case's statements for choosing links (an action's result), at most 1,000 by number. */
export async function statementChoices(db: Executor, investigationId: string) {
  return db
    .selectFrom('statements as s')
    .leftJoin('witnesses as w', 'w.id', 's.witness_id')
    .leftJoin('subjects as sub', 'sub.id', 's.subject_id')
    .leftJoin('officers as o', 'o.id', 'sub.officer_id')
    .select(['s.id', 's.number', 'w.full_name', 'o.given_name', 'o.family_name'])
    .where('s.investigation_id', '=', investigationId)
    .orderBy('s.number')
    .limit(1000)
    .execute()
}
