/**
 * The family portal's data: invitations, who has portal access to which interested person on
 * which case, what families send in (portal_submissions), and the reads the portal shows —
 * always narrowed to the interested persons the portal user holds access for.
 */
import { sql } from 'kysely'
import type { Insertable, Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { InvitationTable, PortalAccessTable, PortalSubmissionTable } from '../schema.js'

export type InvitationRow = Selectable<InvitationTable>
export type PortalAccessRow = Selectable<PortalAccessTable>
export type PortalSubmissionRow = Selectable<PortalSubmissionTable>

// ---- invitations

export async function insertInvitation(db: Executor, row: Insertable<InvitationTable>): Promise<InvitationRow> {
  return db.insertInto('invitations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findInvitationByHash(db: Executor, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst()
}

export async function findInvitationById(db: Executor, id: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function listInvitations(db: Executor, investigationId: string) {
  return db
    .selectFrom('invitations as v')
    .innerJoin('interested_persons as p', 'p.id', 'v.interested_person_id')
    .leftJoin('representatives as r', 'r.id', 'v.representative_id')
    .selectAll('v')
    .select(['p.full_name as interested_person_name', 'r.full_name as representative_name'])
    .where('v.investigation_id', '=', investigationId)
    .orderBy('v.created_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(500)
    .execute()
}

/** Uses the invitation, once: only an invitation still open (not used, revoked or expired) is marked. */
export async function markInvitationAccepted(
  db: Executor,
  id: string,
  userId: string,
  now: Date,
): Promise<InvitationRow | undefined> {
  return db
    .updateTable('invitations')
    .set({ accepted_at: now, accepted_user_id: userId })
    .where('id', '=', id)
    .where('accepted_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst()
}

export async function revokeInvitation(db: Executor, id: string, now: Date): Promise<InvitationRow | undefined> {
  return db
    .updateTable('invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** Ends a portal user's access to one interested person's case. */
export async function revokeAccess(db: Executor, userId: string, interestedPersonId: string, now: Date): Promise<void> {
  await db
    .updateTable('portal_access')
    .set({ revoked_at: now })
    .where('user_id', '=', userId)
    .where('interested_person_id', '=', interestedPersonId)
    .where('revoked_at', 'is', null)
    .execute()
}

// ---- interested persons and representatives (read only: the families service owns them)

export async function findInterestedPerson(db: Executor, investigationId: string, id: string) {
  return db
    .selectFrom('interested_persons')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function findRepresentative(db: Executor, interestedPersonId: string, id: string) {
  return db
    .selectFrom('representatives')
    .selectAll()
    .where('interested_person_id', '=', interestedPersonId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function interestedPeopleOf(db: Executor, investigationId: string) {
  const people = await db
    .selectFrom('interested_persons')
    .select(['id', 'full_name', 'email', 'preferred_channel', 'consent_to_be_kept_informed'])
    .where('investigation_id', '=', investigationId)
    .orderBy('full_name')
    .execute()
  const reps = await db
    .selectFrom('representatives')
    .select(['id', 'interested_person_id', 'full_name', 'firm', 'email', 'receives_updates'])
    .where('investigation_id', '=', investigationId)
    .orderBy('full_name')
    .execute()
  return people.map((p) => ({ ...p, representatives: reps.filter((r) => r.interested_person_id === p.id) }))
}

// ---- access

export async function grantAccess(db: Executor, row: Insertable<PortalAccessTable>): Promise<void> {
  await db
    .insertInto('portal_access')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['user_id', 'interested_person_id']).doUpdateSet({
        revoked_at: null,
        representative_id: row.representative_id ?? null,
        investigation_id: row.investigation_id,
      }),
    )
    .execute()
}

/** The user's live access rows, optionally for one case. */
export async function accessFor(db: Executor, userId: string, investigationId?: string): Promise<PortalAccessRow[]> {
  let q = db.selectFrom('portal_access').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null)
  if (investigationId) q = q.where('investigation_id', '=', investigationId)
  return q.orderBy('granted_at').execute()
}

/**
 * What decides the family's stage besides the status (domain/portalProgress.ts portalStageOf):
 * the current publication's status, and whether a re-investigation was approved as a new investigation.
 */
const stageColumns = [
  sql<string | null>`(select p.status from publications p where p.investigation_id = i.id and p.status <> 'withdrawn'
    order by p.created_at desc limit 1)`.as('publication_status'),
  sql<boolean>`exists (select 1 from reinvestigations r where r.original_investigation_id = i.id
    and r.decision = 'approved' and r.new_investigation_id is not null)`.as('reinvestigated'),
]

export async function casesFor(db: Executor, userId: string) {
  return db
    .selectFrom('portal_access as a')
    .innerJoin('investigations as i', 'i.id', 'a.investigation_id')
    .select(['i.id', 'i.reference', 'i.title', 'i.status', 'i.opened_on', ...stageColumns])
    .distinct()
    .where('a.user_id', '=', userId)
    .where('a.revoked_at', 'is', null)
    .orderBy('i.reference')
    .execute()
}

// ---- what the portal shows (narrowed to the given interested persons)

export async function updatesFor(db: Executor, investigationId: string, interestedPersonIds: readonly string[]) {
  if (interestedPersonIds.length === 0) return []
  return db
    .selectFrom('keep_informed_updates as u')
    .select([
      'u.id',
      'u.given_on',
      'u.channel',
      'u.summary',
      'u.covers_progress',
      'u.covers_provisional_findings',
      'u.covers_report_submitted',
      'u.created_at',
    ])
    .where('u.investigation_id', '=', investigationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('update_recipients as r')
          .select('r.update_id')
          .whereRef('r.update_id', '=', 'u.id')
          .where('r.interested_person_id', 'in', interestedPersonIds),
      ),
    )
    .orderBy('u.given_on', 'desc')
    .orderBy('u.id', 'desc')
    .limit(500)
    .execute()
}

export async function meetingsFor(db: Executor, investigationId: string, interestedPersonIds: readonly string[]) {
  if (interestedPersonIds.length === 0) return []
  return db
    .selectFrom('meetings as m')
    .select(['m.id', 'm.held_on', 'm.agenda', 'm.notes'])
    .where('m.investigation_id', '=', investigationId)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('meeting_interested_persons as mp')
          .select('mp.meeting_id')
          .whereRef('mp.meeting_id', '=', 'm.id')
          .where('mp.interested_person_id', 'in', interestedPersonIds),
      ),
    )
    .orderBy('m.held_on', 'desc')
    .orderBy('m.id', 'desc')
    .limit(500)
    .execute()
}

export async function lettersFor(db: Executor, investigationId: string, interestedPersonIds: readonly string[]) {
  if (interestedPersonIds.length === 0) return []
  return db
    .selectFrom('letters')
    .select(['id', 'kind', 'filename', 'sha256', 'created_at'])
    .where('investigation_id', '=', investigationId)
    .where('interested_person_id', 'in', interestedPersonIds)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute()
}

// ---- submissions

export async function insertSubmission(
  db: Executor,
  row: Insertable<PortalSubmissionTable>,
): Promise<PortalSubmissionRow> {
  return db.insertInto('portal_submissions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function submissionsBy(db: Executor, investigationId: string, interestedPersonIds: readonly string[]) {
  if (interestedPersonIds.length === 0) return []
  return db
    .selectFrom('portal_submissions')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('interested_person_id', 'in', interestedPersonIds)
    .orderBy('submitted_at', 'desc')
    .limit(200)
    .execute()
}

export async function submissionsForCase(db: Executor, investigationId: string, options: { unreviewedOnly: boolean }) {
  let q = db
    .selectFrom('portal_submissions as s')
    .innerJoin('interested_persons as p', 'p.id', 's.interested_person_id')
    .innerJoin('users as u', 'u.id', 's.submitted_by')
    .selectAll('s')
    .select(['p.full_name as interested_person_name', 'u.display_name as submitted_by_name'])
    .where('s.investigation_id', '=', investigationId)
  if (options.unreviewedOnly) q = q.where('s.reviewed_at', 'is', null)
  return q.orderBy('s.submitted_at', 'desc').limit(200).execute()
}

export async function findSubmission(db: Executor, investigationId: string, id: string) {
  return db
    .selectFrom('portal_submissions')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export async function markReviewed(db: Executor, id: string, userId: string, now: Date) {
  return db
    .updateTable('portal_submissions')
    .set({ reviewed_at: now, reviewed_by: userId })
    .where('id', '=', id)
    .where('reviewed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/**
 * What the case overview flags for the team, in one query: messages and documents from families
 * not yet reviewed, and e-mails about the case that could not be delivered.
 */
export async function caseNoticeCounts(
  db: Executor,
  investigationId: string,
): Promise<{ unreviewedSubmissions: number; failedEmails: number }> {
  const row = await sql<{ unreviewed: string | number; failed: string | number }>`
    select
      (select count(*) from portal_submissions where investigation_id = ${investigationId} and reviewed_at is null) as unreviewed,
      (select count(*) from outbound_emails where investigation_id = ${investigationId} and status = 'failed') as failed
  `.execute(db)
  const counts = row.rows[0]
  return { unreviewedSubmissions: Number(counts?.unreviewed ?? 0), failedEmails: Number(counts?.failed ?? 0) }
}

// ---- notifications

/** Who an update was addressed to, with the contact details an e-mail needs. */
export async function updateRecipientsForMail(db: Executor, updateId: string) {
  return db
    .selectFrom('update_recipients as r')
    .innerJoin('interested_persons as p', 'p.id', 'r.interested_person_id')
    .leftJoin('representatives as rep', 'rep.id', 'r.representative_id')
    .select([
      'p.id as interestedPersonId',
      'p.investigation_id as investigationId',
      'p.full_name as personName',
      'p.email as personEmail',
      'p.preferred_channel as preferredChannel',
      'p.consent_to_be_kept_informed as consent',
      'rep.full_name as representativeName',
      'rep.email as representativeEmail',
      'rep.receives_updates as representativeReceivesUpdates',
    ])
    .where('r.update_id', '=', updateId)
    .execute()
}

/** The update and its case's reference, for the notification e-mail. */
export async function updateForNotification(db: Executor, updateId: string) {
  return db
    .selectFrom('keep_informed_updates as u')
    .innerJoin('investigations as i', 'i.id', 'u.investigation_id')
    .select(['u.id', 'u.summary', 'u.given_on', 'i.id as investigationId', 'i.reference'])
    .where('u.id', '=', updateId)
    .executeTakeFirst()
}

/** Live portal access to a case: who (person, representative) can sign in to see it. */
export async function liveAccessToCase(db: Executor, investigationId: string) {
  return db
    .selectFrom('portal_access')
    .select(['interested_person_id', 'representative_id'])
    .where('investigation_id', '=', investigationId)
    .where('revoked_at', 'is', null)
    .execute()
}

/** What a portal user may see of the investigation itself: reference, title, stage, opening date. */
export async function portalCase(db: Executor, investigationId: string) {
  return db
    .selectFrom('investigations as i')
    .select(['i.id', 'i.reference', 'i.title', 'i.status', 'i.opened_on', ...stageColumns])
    .where('i.id', '=', investigationId)
    .executeTakeFirstOrThrow()
}

/** The case's family liaison contacts: its active case workers, for the portal to name. */
export async function liaisonContactsOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('investigation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.display_name', 'u.email'])
    .where('m.investigation_id', '=', investigationId)
    .where('m.role_in_case', '=', 'case_worker')
    .where('u.status', '=', 'active')
    .orderBy('m.added_at')
    .execute()
}
