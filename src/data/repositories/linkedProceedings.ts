/**
 * Linked proceedings and what belongs to them: the investigations they are linked to, the
 * deaths an inquest covers, the timeline of hearings and events, the parties, documents and
 * prevention of future deaths reports.
 */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type {
  LinkedProceedingTable,
  PreventionOfFutureDeathsReportTable,
  ProceedingDocumentTable,
  ProceedingEventTable,
  ProceedingPartyTable,
} from '../schema.js'

export type LinkedProceedingRow = Selectable<LinkedProceedingTable>
export type ProceedingEventRow = Selectable<ProceedingEventTable>
export type ProceedingPartyRow = Selectable<ProceedingPartyTable>
export type PfdReportRow = Selectable<PreventionOfFutureDeathsReportTable>

export async function insertProceeding(db: Executor, row: Insertable<LinkedProceedingTable>) {
  return db.insertInto('linked_proceedings').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findProceeding(db: Executor, id: string) {
  return db.selectFrom('linked_proceedings').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findProceedingForUpdate(db: Executor, id: string) {
  return db.selectFrom('linked_proceedings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export type ProceedingChanges = Partial<
  Pick<
    LinkedProceedingTable,
    | 'title'
    | 'court'
    | 'court_reference'
    | 'status'
    | 'quashed_on'
    | 'fresh_inquest_ordered_on'
    | 'concluded_on'
    | 'conclusion'
    | 'jury_findings'
    | 'charge'
    | 'verdict'
    | 'sentence'
  >
> & { holds_publication?: boolean }

export async function updateProceeding(db: Executor, id: string, changes: ProceedingChanges, expectedVersion: number) {
  return db
    .updateTable('linked_proceedings')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function link(db: Executor, investigationId: string, proceedingId: string): Promise<boolean> {
  const inserted = await db
    .insertInto('investigation_proceedings')
    .values({ investigation_id: investigationId, proceeding_id: proceedingId })
    .onConflict((oc) => oc.columns(['investigation_id', 'proceeding_id']).doNothing())
    .returning('proceeding_id')
    .executeTakeFirst()
  return inserted !== undefined
}

export async function isLinked(db: Executor, investigationId: string, proceedingId: string): Promise<boolean> {
  const row = await db
    .selectFrom('investigation_proceedings')
    .select('proceeding_id')
    .where('investigation_id', '=', investigationId)
    .where('proceeding_id', '=', proceedingId)
    .executeTakeFirst()
  return row !== undefined
}

export async function investigationIdsOf(db: Executor, proceedingId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('investigation_proceedings')
    .select('investigation_id')
    .where('proceeding_id', '=', proceedingId)
    .orderBy('linked_at')
    .execute()
  return rows.map((r) => r.investigation_id)
}

/** The investigations a proceeding is linked to, with their references and titles. */
export async function linkedInvestigations(db: Executor, proceedingId: string) {
  return db
    .selectFrom('investigation_proceedings as ip')
    .innerJoin('investigations as i', 'i.id', 'ip.investigation_id')
    .select(['i.id', 'i.reference', 'i.title', 'i.status'])
    .where('ip.proceeding_id', '=', proceedingId)
    .orderBy('i.reference')
    .execute()
}

export async function proceedingsOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('investigation_proceedings as ip')
    .innerJoin('linked_proceedings as p', 'p.id', 'ip.proceeding_id')
    .selectAll('p')
    .where('ip.investigation_id', '=', investigationId)
    .orderBy('p.created_at')
    .orderBy('p.id')
    .execute()
}

export async function addInvolvedPeople(db: Executor, proceedingId: string, involvedPersonIds: readonly string[]) {
  if (involvedPersonIds.length === 0) return
  await db
    .insertInto('proceeding_involved_people')
    .values(involvedPersonIds.map((id) => ({ proceeding_id: proceedingId, involved_person_id: id })))
    .onConflict((oc) => oc.columns(['proceeding_id', 'involved_person_id']).doNothing())
    .execute()
}

/** The deaths (people from the referrals) an inquest covers. */
export async function involvedPeople(db: Executor, proceedingId: string) {
  return db
    .selectFrom('proceeding_involved_people as pp')
    .innerJoin('involved_people as p', 'p.id', 'pp.involved_person_id')
    .innerJoin('referrals as r', 'r.id', 'p.referral_id')
    .select(['p.id', 'p.full_name', 'p.role', 'p.date_of_death', 'r.investigation_id'])
    .where('pp.proceeding_id', '=', proceedingId)
    .orderBy('p.full_name')
    .execute()
}

export async function insertEvent(db: Executor, row: Insertable<ProceedingEventTable>) {
  return db.insertInto('proceeding_events').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function events(db: Executor, proceedingId: string) {
  return db
    .selectFrom('proceeding_events')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('occurred_on')
    .orderBy('recorded_at')
    .orderBy('id')
    .execute()
}

export async function insertParty(db: Executor, row: Insertable<ProceedingPartyTable>) {
  return db.insertInto('proceeding_parties').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function parties(db: Executor, proceedingId: string) {
  return db
    .selectFrom('proceeding_parties')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('role')
    .orderBy('name')
    .execute()
}

export async function insertDocument(db: Executor, row: Insertable<ProceedingDocumentTable>) {
  return db.insertInto('proceeding_documents').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function documents(db: Executor, proceedingId: string) {
  return db
    .selectFrom('proceeding_documents')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('uploaded_at')
    .execute()
}

export async function findDocument(db: Executor, id: string) {
  return db.selectFrom('proceeding_documents').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertPfdReport(db: Executor, row: Insertable<PreventionOfFutureDeathsReportTable>) {
  return db.insertInto('prevention_of_future_deaths_reports').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function pfdReports(db: Executor, proceedingId: string) {
  return db
    .selectFrom('prevention_of_future_deaths_reports')
    .selectAll()
    .where('proceeding_id', '=', proceedingId)
    .orderBy('issued_on')
    .execute()
}

export async function findPfdReportForUpdate(db: Executor, id: string) {
  return db
    .selectFrom('prevention_of_future_deaths_reports')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export async function recordPfdResponse(
  db: Executor,
  id: string,
  response: { response_received_on: string; response_summary: string },
  expectedVersion: number,
) {
  return db
    .updateTable('prevention_of_future_deaths_reports')
    .set({ ...response, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** Proceedings linked to other investigations the user is on and not yet to this one: what they may link here. */
export async function linkCandidates(db: Executor, investigationId: string, memberUserId: string) {
  return db
    .selectFrom('linked_proceedings as p')
    .select(['p.id', 'p.kind', 'p.title', 'p.status'])
    .where('p.id', 'in', (eb) =>
      eb
        .selectFrom('investigation_proceedings as ip')
        .innerJoin('investigation_members as m', 'm.investigation_id', 'ip.investigation_id')
        .select('ip.proceeding_id')
        .where('m.user_id', '=', memberUserId),
    )
    .where('p.id', 'not in', (eb) =>
      eb
        .selectFrom('investigation_proceedings')
        .select('proceeding_id')
        .where('investigation_id', '=', investigationId),
    )
    .orderBy('p.title')
    .limit(200)
    .execute()
}
