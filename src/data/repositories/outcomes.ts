/**
 * From report to outcome: the report's sending to the appropriate authority, the authority's
 * responses, recommendations and directions, misconduct proceedings and learning
 * recommendations. Plain SQL through Kysely; the service decides, this only stores and reads.
 */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { Executor } from '../database.js'
import type {
  AuthorityResponseTable,
  LearningRecommendationTable,
  ProceedingTable,
  RecommendationTable,
  ReportSendingTable,
} from '../schema.js'

type Versioned<T> = Omit<Updateable<T>, 'id' | 'investigation_id' | 'version' | 'created_at' | 'updated_at'>

// Report sending -----------------------------------------------------------------------------------

export async function insertSending(db: Executor, row: Insertable<ReportSendingTable>) {
  return db.insertInto('report_sendings').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function sendingOf(db: Executor, investigationId: string) {
  return db.selectFrom('report_sendings').selectAll().where('investigation_id', '=', investigationId).executeTakeFirst()
}

/**
 * The appropriate authority has responded to the report: it was sent, and every subject who
 * serves with the investigated force has a response recorded.
 */
export async function authorityHasResponded(db: Executor, investigationId: string, forceId: string): Promise<boolean> {
  const row = await db
    .selectFrom('report_sendings as rs')
    .select((eb) =>
      eb
        .selectFrom('subjects as su')
        .innerJoin('officers as o', 'o.id', 'su.officer_id')
        .leftJoin('authority_responses as r', 'r.subject_id', 'su.id')
        .whereRef('su.investigation_id', '=', 'rs.investigation_id')
        .where('o.force_id', '=', forceId)
        .where('r.id', 'is', null)
        .select(sql<number>`count(*)::integer`.as('n'))
        .as('unanswered'),
    )
    .where('rs.investigation_id', '=', investigationId)
    .executeTakeFirst()
  return row !== undefined && Number(row.unanswered ?? 0) === 0
}

export interface SentReportRow {
  investigation_id: string
  reference: string
  title: string
  status: string
  sent_on: string
  response_due_on: string
  subjects: number
  responses: number
}

/** The reports sent to one force, newest first, with how many of its subjects have a response. */
export async function sentToForce(db: Executor, forceId: string): Promise<SentReportRow[]> {
  const rows = await db
    .selectFrom('report_sendings as s')
    .innerJoin('investigations as i', 'i.id', 's.investigation_id')
    .select(['s.investigation_id', 'i.reference', 'i.title', 'i.status', 's.sent_on', 's.response_due_on'])
    .select((eb) => [
      eb
        .selectFrom('subjects as su')
        .innerJoin('officers as o', 'o.id', 'su.officer_id')
        .whereRef('su.investigation_id', '=', 's.investigation_id')
        .where('o.force_id', '=', forceId)
        .select(sql<number>`count(*)::integer`.as('n'))
        .as('subjects'),
      eb
        .selectFrom('authority_responses as r')
        .innerJoin('subjects as su', 'su.id', 'r.subject_id')
        .innerJoin('officers as o', 'o.id', 'su.officer_id')
        .whereRef('r.investigation_id', '=', 's.investigation_id')
        .where('o.force_id', '=', forceId)
        .select(sql<number>`count(*)::integer`.as('n'))
        .as('responses'),
    ])
    .where('s.force_id', '=', forceId)
    .where('i.force_id', '=', forceId)
    .orderBy('s.sent_on', 'desc')
    .orderBy('i.reference', 'desc')
    .execute()
  return rows.map((r) => ({ ...r, subjects: Number(r.subjects ?? 0), responses: Number(r.responses ?? 0) }))
}

/** The sections of the approved version of the investigation's report, if it has one. */
export async function approvedReportSections(db: Executor, investigationId: string) {
  const row = await db
    .selectFrom('reports as r')
    .innerJoin('report_versions as v', (j) =>
      j.onRef('v.report_id', '=', 'r.id').onRef('v.version_number', '=', 'r.approved_version_number'),
    )
    .select(['v.version_number', 'v.sections', 'v.pdf_sha256'])
    .where('r.investigation_id', '=', investigationId)
    .where('r.status', '=', 'approved')
    .executeTakeFirst()
  return row ?? null
}

// Subjects as the outcome pages need them ------------------------------------------------------------

export interface OutcomeSubjectRow {
  id: string
  investigation_id: string
  status: string
  version: number
  given_name: string
  family_name: string
  rank: string
  warrant_number: string
  force_id: string
  determination: string | null
}

/**
 * The investigation's subjects with their officer and the decision maker's determination; with
 * forceId, only the subjects who serve with that force (the appropriate authority's view).
 */
export async function subjectsOf(
  db: Executor,
  investigationId: string,
  forceId?: string,
): Promise<OutcomeSubjectRow[]> {
  let q = db
    .selectFrom('subjects as s')
    .innerJoin('officers as o', 'o.id', 's.officer_id')
    .leftJoin('determinations as d', 'd.subject_id', 's.id')
    .select([
      's.id',
      's.investigation_id',
      's.status',
      's.version',
      'o.given_name',
      'o.family_name',
      'o.rank',
      'o.warrant_number',
      'o.force_id',
      'd.determination',
    ])
    .where('s.investigation_id', '=', investigationId)
  if (forceId !== undefined) q = q.where('o.force_id', '=', forceId)
  return q.orderBy('o.family_name').orderBy('o.given_name').orderBy('s.id').execute()
}

export async function subjectForUpdate(db: Executor, subjectId: string) {
  return db
    .selectFrom('subjects as s')
    .innerJoin('officers as o', 'o.id', 's.officer_id')
    .leftJoin('determinations as d', 'd.subject_id', 's.id')
    .select([
      's.id',
      's.investigation_id',
      's.status',
      's.version',
      'o.given_name',
      'o.family_name',
      'o.force_id',
      'd.determination',
    ])
    .where('s.id', '=', subjectId)
    .forUpdate('s')
    .executeTakeFirst()
}

export async function setSubjectStatus(db: Executor, subjectId: string, status: string) {
  await db
    .updateTable('subjects')
    .set({ status, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', subjectId)
    .execute()
}

// Authority responses --------------------------------------------------------------------------------

export async function responsesOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('authority_responses')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('recorded_at')
    .execute()
}

export async function responseOfSubject(db: Executor, subjectId: string) {
  return db.selectFrom('authority_responses').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

export async function findResponse(db: Executor, id: string) {
  return db.selectFrom('authority_responses').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertResponse(db: Executor, row: Insertable<AuthorityResponseTable>) {
  return db.insertInto('authority_responses').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateResponse(
  db: Executor,
  id: string,
  changes: Versioned<AuthorityResponseTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('authority_responses')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

// Recommendations and directions -----------------------------------------------------------------------

export async function recommendationsOf(db: Executor, investigationId: string, kind?: 'recommendation' | 'direction') {
  let q = db.selectFrom('recommendations').selectAll().where('investigation_id', '=', investigationId)
  if (kind) q = q.where('kind', '=', kind)
  return q.orderBy('made_on').orderBy('created_at').execute()
}

export async function findRecommendation(db: Executor, id: string) {
  return db.selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function recommendationOfSubject(db: Executor, subjectId: string, kind: 'recommendation' | 'direction') {
  return db
    .selectFrom('recommendations')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .where('kind', '=', kind)
    .executeTakeFirst()
}

export async function insertRecommendation(db: Executor, row: Insertable<RecommendationTable>) {
  return db.insertInto('recommendations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateRecommendation(
  db: Executor,
  id: string,
  changes: Versioned<RecommendationTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('recommendations')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

// Proceedings ----------------------------------------------------------------------------------------

export async function proceedingsOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('proceedings')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('created_at')
    .execute()
}

export async function findProceeding(db: Executor, id: string) {
  return db.selectFrom('proceedings').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function proceedingOfSubject(db: Executor, subjectId: string) {
  return db.selectFrom('proceedings').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

export async function insertProceeding(db: Executor, row: Insertable<ProceedingTable>) {
  return db.insertInto('proceedings').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateProceeding(
  db: Executor,
  id: string,
  changes: Versioned<ProceedingTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('proceedings')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

// Learning recommendations -------------------------------------------------------------------------------

export async function learningOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('learning_recommendations')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('made_on')
    .orderBy('created_at')
    .execute()
}

export async function findLearning(db: Executor, id: string) {
  return db.selectFrom('learning_recommendations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertLearning(db: Executor, row: Insertable<LearningRecommendationTable>) {
  return db.insertInto('learning_recommendations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateLearning(
  db: Executor,
  id: string,
  changes: Versioned<LearningRecommendationTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('learning_recommendations')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}
