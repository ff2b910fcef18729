/**
 * Subjects and what hangs off them: the register of officers and police staff (shared across
 * investigations, one record per force and warrant number), subjects, allegations, severity
 * assessments (history, never overwritten), notices of investigation and interviews.
 */
import { sql, type Insertable, type SqlBool } from 'kysely'
import type { Executor } from '../database.js'
import type {
  AllegationTable,
  InterviewTable,
  NoticeTable,
  OfficerTable,
  SeverityAssessmentTable,
  SubjectTable,
} from '../schema.js'

// Officers -----------------------------------------------------------------------------------

/** The officer with this warrant number in this force (matched case-insensitively, as the unique index is). */
export async function findOfficer(db: Executor, forceId: string, warrantNumber: string) {
  return db
    .selectFrom('officers')
    .selectAll()
    .where('force_id', '=', forceId)
    .where(sql<SqlBool>`lower(warrant_number) = lower(${warrantNumber})`)
    .executeTakeFirst()
}

export async function findOfficerById(db: Executor, id: string) {
  return db.selectFrom('officers').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Inserts the officer unless the force already has one with that warrant number; returns the stored one either way. */
export async function insertOfficerIfAbsent(db: Executor, row: Insertable<OfficerTable>) {
  const inserted = await db
    .insertInto('officers')
    .values(row)
    .onConflict((oc) => oc.expression(sql`force_id, lower(warrant_number)`).doNothing())
    .returningAll()
    .executeTakeFirst()
  if (inserted) return { officer: inserted, created: true }
  const existing = await findOfficer(db, row.force_id, row.warrant_number)
  if (!existing) throw new Error('officer vanished between insert and select')
  return { officer: existing, created: false }
}

export async function updateOfficer(
  db: Executor,
  id: string,
  changes: Partial<Pick<OfficerTable, 'given_name' | 'family_name' | 'rank' | 'kind'>>,
) {
  return db
    .updateTable('officers')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow()
}

export interface OfficerSearchRow {
  id: string
  force_id: string
  force_name: string
  warrant_number: string
  kind: 'police_officer' | 'police_staff'
  given_name: string
  family_name: string
  rank: string
}

/**
 * Officers whose name or warrant number contains the needle (lower case). The expressions are
 * exactly those of the trigram indexes officers_name_trgm and officers_warrant_trgm, so ILIKE
 * '%…%' is an index scan; the closest matches come first.
 */
export async function searchOfficers(db: Executor, needle: string, limit: number): Promise<OfficerSearchRow[]> {
  const pattern = '%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%'
  return db
    .selectFrom('officers as o')
    .innerJoin('organisations as f', 'f.id', 'o.force_id')
    .select([
      'o.id',
      'o.force_id',
      'f.name as force_name',
      'o.warrant_number',
      'o.kind',
      'o.given_name',
      'o.family_name',
      'o.rank',
    ])
    .where(sql<SqlBool>`((o.given_name || ' ' || o.family_name) ilike ${pattern} or o.warrant_number ilike ${pattern})`)
    .orderBy(
      sql`greatest(similarity(o.given_name || ' ' || o.family_name, ${needle}), similarity(o.warrant_number, ${needle}))`,
      'desc',
    )
    .orderBy('o.family_name')
    .orderBy('o.id')
    .limit(limit)
    .execute()
}

// Subjects -----------------------------------------------------------------------------------

export async function insertSubject(db: Executor, row: Insertable<SubjectTable>) {
  return db.insertInto('subjects').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findSubject(db: Executor, id: string) {
  return db.selectFrom('subjects').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findSubjectForUpdate(db: Executor, id: string) {
  return db.selectFrom('subjects').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findSubjectByOfficer(db: Executor, investigationId: string, officerId: string) {
  return db
    .selectFrom('subjects')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('officer_id', '=', officerId)
    .executeTakeFirst()
}

export interface SubjectChanges {
  role_at_time?: string
  rank_at_time?: string
  status?: string
}

/** Applies changes if the row is still at expectedVersion (when given); undefined means someone else got there first. */
export async function updateSubject(db: Executor, id: string, changes: SubjectChanges, expectedVersion?: number) {
  let q = db
    .updateTable('subjects')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
  return q.returningAll().executeTakeFirst()
}

export interface SubjectWithOfficer {
  id: string
  investigation_id: string
  officer_id: string
  role_at_time: string
  rank_at_time: string
  status: string
  created_at: Date
  updated_at: Date
  version: number
  given_name: string
  family_name: string
  warrant_number: string
  kind: 'police_officer' | 'police_staff'
  officer_rank: string
  force_id: string
  force_name: string
}

function subjectsWithOfficers(db: Executor) {
  return db
    .selectFrom('subjects as s')
    .innerJoin('officers as o', 'o.id', 's.officer_id')
    .innerJoin('organisations as f', 'f.id', 'o.force_id')
    .select([
      's.id',
      's.investigation_id',
      's.officer_id',
      's.role_at_time',
      's.rank_at_time',
      's.status',
      's.created_at',
      's.updated_at',
      's.version',
      'o.given_name',
      'o.family_name',
      'o.warrant_number',
      'o.kind',
      'o.rank as officer_rank',
      'o.force_id',
      'f.name as force_name',
    ])
}

export async function subjectWithOfficer(db: Executor, id: string): Promise<SubjectWithOfficer | undefined> {
  return subjectsWithOfficers(db).where('s.id', '=', id).executeTakeFirst()
}

/** An investigation's subjects, by family name then given name. */
export async function subjectsOfInvestigation(db: Executor, investigationId: string): Promise<SubjectWithOfficer[]> {
  return subjectsWithOfficers(db)
    .where('s.investigation_id', '=', investigationId)
    .orderBy('o.family_name')
    .orderBy('o.given_name')
    .orderBy('s.id')
    .execute()
}

// Allegations ----------------------------------------------------------------------------------

export async function insertAllegation(db: Executor, row: Insertable<AllegationTable>) {
  return db.insertInto('allegations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findAllegationForUpdate(db: Executor, id: string) {
  return db.selectFrom('allegations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findAllegation(db: Executor, id: string) {
  return db.selectFrom('allegations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateAllegation(
  db: Executor,
  id: string,
  changes: Partial<Pick<AllegationTable, 'description' | 'standards'>>,
  expectedVersion: number,
) {
  return db
    .updateTable('allegations')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function allegationsOfSubject(db: Executor, subjectId: string) {
  return db
    .selectFrom('allegations')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

// Severity assessments -------------------------------------------------------------------------

export async function insertSeverityAssessment(db: Executor, row: Insertable<SeverityAssessmentTable>) {
  return db.insertInto('severity_assessments').values(row).returningAll().executeTakeFirstOrThrow()
}

/** Every assessment of the subject in the order recorded (the domain orders them by date). */
export async function severityAssessmentsOfSubject(db: Executor, subjectId: string) {
  return db
    .selectFrom('severity_assessments as a')
    .leftJoin('users as u', 'u.id', 'a.assessed_by')
    .selectAll('a')
    .select('u.display_name as assessed_by_name')
    .where('a.subject_id', '=', subjectId)
    .orderBy('a.recorded_at')
    .orderBy('a.id')
    .execute()
}

/** Every assessment of every subject of the investigation, in the order recorded. */
export async function severityAssessmentsOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('severity_assessments')
    .select(['subject_id', 'severity', 'assessed_on'])
    .where('investigation_id', '=', investigationId)
    .orderBy('recorded_at')
    .orderBy('id')
    .execute()
}

// Notices --------------------------------------------------------------------------------------

export async function insertNotice(db: Executor, row: Insertable<NoticeTable>) {
  return db.insertInto('notices').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findNotice(db: Executor, id: string) {
  return db.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findNoticeForUpdate(db: Executor, id: string) {
  return db.selectFrom('notices').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export type NoticeChanges = Partial<
  Pick<NoticeTable, 'served_on' | 'service_method' | 'response_due_on' | 'response_received_on' | 'response_summary'>
>

export async function updateNotice(db: Executor, id: string, changes: NoticeChanges, expectedVersion: number) {
  return db
    .updateTable('notices')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** The subject's notices, newest first. */
export async function noticesOfSubject(db: Executor, subjectId: string) {
  return db
    .selectFrom('notices')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('generated_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** Every notice of the investigation, newest first (the list page picks each subject's latest). */
export async function noticesOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('notices')
    .select(['id', 'subject_id', 'served_on', 'response_due_on', 'response_received_on', 'generated_at'])
    .where('investigation_id', '=', investigationId)
    .orderBy('generated_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

// Interviews -----------------------------------------------------------------------------------

export async function insertInterview(db: Executor, row: Insertable<InterviewTable>) {
  return db.insertInto('interviews').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function interviewsOfSubject(db: Executor, subjectId: string) {
  return db
    .selectFrom('interviews as i')
    .leftJoin('users as u', 'u.id', 'i.recorded_by')
    .selectAll('i')
    .select('u.display_name as recorded_by_name')
    .where('i.subject_id', '=', subjectId)
    .orderBy('i.held_on')
    .orderBy('i.recorded_at')
    .execute()
}
