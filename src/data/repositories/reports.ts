/** The final report, its versions and reviews, and the decision maker's determinations. */
import type { Insertable, Updateable } from 'kysely'
import { sql } from 'kysely'
import type { Executor } from '../database.js'
import type { DeterminationTable, ReportReviewTable, ReportSections, ReportTable } from '../schema.js'

export async function findByInvestigation(db: Executor, investigationId: string) {
  return db.selectFrom('reports').selectAll().where('investigation_id', '=', investigationId).executeTakeFirst()
}

export async function findByInvestigationForUpdate(db: Executor, investigationId: string) {
  return db
    .selectFrom('reports')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .forUpdate()
    .executeTakeFirst()
}

export async function insert(db: Executor, row: Insertable<ReportTable>) {
  return db.insertInto('reports').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Updates the report if it is still at expectedVersion; undefined when someone else changed it. */
export async function update(db: Executor, id: string, changes: Updateable<ReportTable>, expectedVersion: number) {
  return db
    .updateTable('reports')
    .set({ ...changes, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function insertVersion(
  db: Executor,
  row: {
    id: string
    report_id: string
    investigation_id: string
    version_number: number
    sections: ReportSections
    saved_by: string | null
  },
) {
  return db
    .insertInto('report_versions')
    .values({ ...row, sections: JSON.stringify(row.sections) })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function versions(db: Executor, reportId: string) {
  return db
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('version_number', 'desc')
    .execute()
}

export async function version(db: Executor, reportId: string, versionNumber: number) {
  return db
    .selectFrom('report_versions')
    .selectAll()
    .where('report_id', '=', reportId)
    .where('version_number', '=', versionNumber)
    .executeTakeFirst()
}

export async function recordPdf(db: Executor, versionId: string, sha256: string, size: number) {
  return db
    .updateTable('report_versions')
    .set({ pdf_sha256: sha256, pdf_size_bytes: size, pdf_generated_at: sql`now()` })
    .where('id', '=', versionId)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function insertReview(db: Executor, row: Insertable<ReportReviewTable>) {
  return db.insertInto('report_reviews').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function reviews(db: Executor, reportId: string) {
  return db
    .selectFrom('report_reviews')
    .leftJoin('users', 'users.id', 'report_reviews.reviewed_by')
    .selectAll('report_reviews')
    .select('users.display_name as reviewer_name')
    .where('report_id', '=', reportId)
    .orderBy('reviewed_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function determinationsOfInvestigation(db: Executor, investigationId: string) {
  return db.selectFrom('determinations').selectAll().where('investigation_id', '=', investigationId).execute()
}

export async function determinationOfSubject(db: Executor, subjectId: string) {
  return db.selectFrom('determinations').selectAll().where('subject_id', '=', subjectId).executeTakeFirst()
}

export async function insertDetermination(db: Executor, row: Insertable<DeterminationTable>) {
  return db.insertInto('determinations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function updateDetermination(
  db: Executor,
  id: string,
  changes: Updateable<DeterminationTable>,
  expectedVersion: number,
) {
  return db
    .updateTable('determinations')
    .set({ ...changes, updated_at: sql`now()`, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** Chronology events of the case among the ids (for resolving the report's extract). */
export async function chronologyEventsOfCase(db: Executor, investigationId: string, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db
    .selectFrom('chronology_events')
    .select(['id', 'occurred_on', 'occurred_time', 'title', 'description', 'missed_opportunity'])
    .where('investigation_id', '=', investigationId)
    .where('id', 'in', ids)
    .execute()
}

/** Allegations of the case (for findings per subject and allegation). */
export async function allegationsOfCase(db: Executor, investigationId: string) {
  return db
    .selectFrom('allegations')
    .select(['id', 'subject_id', 'description'])
    .where('investigation_id', '=', investigationId)
    .orderBy('created_at')
    .execute()
}

/** Every chronology event of the case, in date order (choices for the extract; capped). */
export async function chronologyChoices(db: Executor, investigationId: string, limit = 2000) {
  return db
    .selectFrom('chronology_events')
    .select(['id', 'occurred_on', 'occurred_time', 'title', 'missed_opportunity'])
    .where('investigation_id', '=', investigationId)
    .orderBy('occurred_on')
    .orderBy('occurred_time')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Every document in the evidence register (choices for references; capped). */
export async function documentChoices(db: Executor, investigationId: string, limit = 2000) {
  return db
    .selectFrom('documents')
    .select(['id', 'exhibit_reference', 'title', 'withdrawn_at', 'sealed'])
    .where('investigation_id', '=', investigationId)
    .orderBy('exhibit_reference')
    .limit(limit)
    .execute()
}
