/**
 * Families kept informed: interested persons and their representatives, keep-informed updates
 * (and to whom), meetings with their actions, letters, and the keep-informed clock queries. The
 * clock's due date is computed in SQL the same way the domain does (keepInformed.ts): the latest
 * of the investigation's opening, the person's becoming interested and their last update, plus
 * the cadence the caller passes in from the rule set.
 */
import { sql, type Insertable, type Updateable } from 'kysely'
import type { KeepInformedClockRule } from '../../domain/keepInformed.js'
import type { Executor } from '../database.js'
import type {
  InterestedPersonTable,
  UpdateAttachmentTable,
  KeepInformedUpdateTable,
  LetterTable,
  MeetingActionTable,
  MeetingTable,
  RepresentativeTable,
} from '../schema.js'

// Interested persons ---------------------------------------------------------------------------

export async function insertPerson(db: Executor, row: Insertable<InterestedPersonTable>) {
  return db.insertInto('interested_persons').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findPerson(db: Executor, id: string) {
  return db.selectFrom('interested_persons').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPersonForUpdate(db: Executor, id: string) {
  return db.selectFrom('interested_persons').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export type PersonChanges = Omit<
  Updateable<InterestedPersonTable>,
  'id' | 'investigation_id' | 'created_at' | 'version'
>

export async function updatePerson(db: Executor, id: string, changes: PersonChanges, expectedVersion: number) {
  return db
    .updateTable('interested_persons')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

/** The case's interested persons with the date of each one's last update (null: none yet). */
export async function personsOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('interested_persons as ip')
    .selectAll('ip')
    .select((eb) =>
      eb
        .selectFrom('update_recipients as r')
        .innerJoin('keep_informed_updates as u', 'u.id', 'r.update_id')
        .whereRef('r.interested_person_id', '=', 'ip.id')
        .select(sql<string | null>`max(u.given_on)`.as('m'))
        .as('last_update_on'),
    )
    .where('ip.investigation_id', '=', investigationId)
    .orderBy('ip.full_name')
    .orderBy('ip.id')
    .execute()
}

export async function lastUpdateOf(db: Executor, personId: string): Promise<string | null> {
  const row = await db
    .selectFrom('update_recipients as r')
    .innerJoin('keep_informed_updates as u', 'u.id', 'r.update_id')
    .where('r.interested_person_id', '=', personId)
    .select(sql<string | null>`max(u.given_on)`.as('last'))
    .executeTakeFirst()
  return row?.last ?? null
}

// Representatives ------------------------------------------------------------------------------

export async function insertRepresentative(db: Executor, row: Insertable<RepresentativeTable>) {
  return db.insertInto('representatives').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findRepresentative(db: Executor, id: string) {
  return db.selectFrom('representatives').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findRepresentativeForUpdate(db: Executor, id: string) {
  return db.selectFrom('representatives').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export type RepresentativeChanges = Omit<
  Updateable<RepresentativeTable>,
  'id' | 'investigation_id' | 'interested_person_id' | 'created_at' | 'version'
>

export async function updateRepresentative(
  db: Executor,
  id: string,
  changes: RepresentativeChanges,
  expectedVersion: number,
) {
  return db
    .updateTable('representatives')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function representativesOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('representatives')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('full_name')
    .orderBy('id')
    .execute()
}

export async function representativesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('representatives')
    .selectAll()
    .where('interested_person_id', '=', personId)
    .orderBy('full_name')
    .orderBy('id')
    .execute()
}

// Keep-informed updates ------------------------------------------------------------------------

export async function insertUpdate(db: Executor, row: Insertable<KeepInformedUpdateTable>) {
  return db.insertInto('keep_informed_updates').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function insertRecipients(
  db: Executor,
  rows: { update_id: string; interested_person_id: string; representative_id: string | null }[],
) {
  if (rows.length) await db.insertInto('update_recipients').values(rows).execute()
}

export async function findUpdate(db: Executor, id: string) {
  return db.selectFrom('keep_informed_updates').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function setUpdateLetter(db: Executor, id: string, sha256: string) {
  await db.updateTable('keep_informed_updates').set({ letter_sha256: sha256 }).where('id', '=', id).execute()
}

export async function recipientsOfUpdates(db: Executor, updateIds: readonly string[]) {
  if (updateIds.length === 0) return []
  return db
    .selectFrom('update_recipients as r')
    .innerJoin('interested_persons as ip', 'ip.id', 'r.interested_person_id')
    .leftJoin('representatives as rep', 'rep.id', 'r.representative_id')
    .select([
      'r.update_id',
      'r.interested_person_id',
      'r.representative_id',
      'ip.full_name',
      'rep.full_name as representative_name',
    ])
    .where('r.update_id', 'in', updateIds)
    .orderBy('ip.full_name')
    .execute()
}

export async function updatesOfInvestigation(
  db: Executor,
  investigationId: string,
  page: { limit: number; after?: { givenOn: string; id: string } },
) {
  let q = db
    .selectFrom('keep_informed_updates as u')
    .leftJoin('users as g', 'g.id', 'u.given_by')
    .selectAll('u')
    .select('g.display_name as given_by_name')
    .where('u.investigation_id', '=', investigationId)
  if (page.after) q = q.where(sql<boolean>`(u.given_on, u.id) < (${page.after.givenOn}::date, ${page.after.id}::uuid)`)
  return q.orderBy('u.given_on', 'desc').orderBy('u.id', 'desc').limit(page.limit).execute()
}

export async function updatesOfPerson(db: Executor, personId: string) {
  return db
    .selectFrom('keep_informed_updates as u')
    .innerJoin('update_recipients as r', 'r.update_id', 'u.id')
    .selectAll('u')
    .where('r.interested_person_id', '=', personId)
    .orderBy('u.given_on', 'desc')
    .orderBy('u.id', 'desc')
    .execute()
}

// Meetings -------------------------------------------------------------------------------------

export async function insertMeeting(db: Executor, row: Insertable<MeetingTable>) {
  return db.insertInto('meetings').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findMeeting(db: Executor, id: string) {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findMeetingForUpdate(db: Executor, id: string) {
  return db.selectFrom('meetings').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export type MeetingChanges = Omit<
  Updateable<MeetingTable>,
  'id' | 'investigation_id' | 'created_at' | 'version' | 'recorded_by'
>

export async function updateMeeting(db: Executor, id: string, changes: MeetingChanges, expectedVersion: number) {
  return db
    .updateTable('meetings')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function setMeetingPersons(db: Executor, meetingId: string, personIds: readonly string[]) {
  await db.deleteFrom('meeting_interested_persons').where('meeting_id', '=', meetingId).execute()
  if (personIds.length) {
    await db
      .insertInto('meeting_interested_persons')
      .values(personIds.map((id) => ({ meeting_id: meetingId, interested_person_id: id })))
      .execute()
  }
}

export async function meetingPersons(db: Executor, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return []
  return db
    .selectFrom('meeting_interested_persons as mp')
    .innerJoin('interested_persons as ip', 'ip.id', 'mp.interested_person_id')
    .select(['mp.meeting_id', 'mp.interested_person_id', 'ip.full_name'])
    .where('mp.meeting_id', 'in', meetingIds)
    .orderBy('ip.full_name')
    .execute()
}

export async function meetingsOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('meetings')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('held_on', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

export async function insertAction(db: Executor, row: Insertable<MeetingActionTable>) {
  return db.insertInto('meeting_actions').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findAction(db: Executor, id: string) {
  return db.selectFrom('meeting_actions').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function updateAction(
  db: Executor,
  id: string,
  changes: Omit<Updateable<MeetingActionTable>, 'id' | 'meeting_id' | 'version'>,
  expectedVersion: number,
) {
  return db
    .updateTable('meeting_actions')
    .set({ ...changes, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst()
}

export async function actionsOfMeetings(db: Executor, meetingIds: readonly string[]) {
  if (meetingIds.length === 0) return []
  return db
    .selectFrom('meeting_actions')
    .selectAll()
    .where('meeting_id', 'in', meetingIds)
    .orderBy(sql`due_on nulls last`)
    .orderBy('id')
    .execute()
}

// Letters --------------------------------------------------------------------------------------

export async function insertLetter(db: Executor, row: Insertable<LetterTable>) {
  return db.insertInto('letters').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findLetter(db: Executor, id: string) {
  return db.selectFrom('letters').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function lettersOfInvestigation(db: Executor, investigationId: string) {
  return db
    .selectFrom('letters')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

// The keep-informed clock across cases ---------------------------------------------------------

export interface KeepInformedDueRow {
  interested_person_id: string
  investigation_id: string
  reference: string
  title: string
  full_name: string
  kind: string
  last_update_on: string | null
  due_on: string
}

export interface KeepInformedDueQuery {
  clock: KeepInformedClockRule
  /** Only people due on or before this date (today + the look-ahead). */
  dueOnOrBefore: string
  /** Only cases this user is on the team of; undefined: every case (the scheduled sweep). */
  memberUserId?: string
  /** Only this case (the case header's next deadline for a case worker). */
  investigationId?: string
  /** 'asc': earliest due (most overdue) first. */
  order: 'asc' | 'desc'
  after?: { dueOn: string; id: string }
  limit: number
}

/**
 * Consenting interested persons whose next keep-informed update is due by a date, across cases,
 * keyset-paged on (due_on, person id). With memberUserId the user's cases are found first (the
 * investigation_members (user_id, investigation_id) index), so the cost follows the size of the
 * user's case load, not of the whole database; each person's last update comes from
 * update_recipients (interested_person_id, update_id) joined to keep_informed_updates.
 */
export async function keepInformedDue(db: Executor, query: KeepInformedDueQuery): Promise<KeepInformedDueRow[]> {
  const stopped = query.clock.stoppedStatuses.length ? query.clock.stoppedStatuses : ['']
  const member = query.memberUserId
    ? sql`and i.id in (select m.investigation_id from investigation_members m where m.user_id = ${query.memberUserId}::uuid)`
    : sql``
  const oneCase = query.investigationId ? sql`and i.id = ${query.investigationId}::uuid` : sql``
  const after = query.after
    ? query.order === 'asc'
      ? sql`and (p.due_on, p.interested_person_id) > (${query.after.dueOn}::date, ${query.after.id}::uuid)`
      : sql`and (p.due_on, p.interested_person_id) < (${query.after.dueOn}::date, ${query.after.id}::uuid)`
    : sql``
  const direction = query.order === 'asc' ? sql`asc` : sql`desc`
  const result = await sql<KeepInformedDueRow>`
    with cases as (
      select i.id, i.reference, i.title, i.opened_on from investigations i
      where i.status not in (${sql.join(stopped.map((s) => sql`${s}`))}) ${member} ${oneCase}
    ), persons as (
      select ip.id as interested_person_id, ip.investigation_id, c.reference, c.title, ip.full_name, ip.kind, lu.last_update_on,
        case when ip.update_due_on is not null and (lu.last_update_on is null or lu.last_update_on < ip.update_due_on)
          then least(ip.update_due_on, greatest(ip.became_interested_on, c.opened_on, lu.last_update_on) + ${query.clock.cadenceDays}::integer)
          else greatest(ip.became_interested_on, c.opened_on, lu.last_update_on) + ${query.clock.cadenceDays}::integer end as due_on
      from cases c
      join interested_persons ip on ip.investigation_id = c.id and ip.consent_to_be_kept_informed
      left join lateral (
        select max(u.given_on) as last_update_on from update_recipients r join keep_informed_updates u on u.id = r.update_id
        where r.interested_person_id = ip.id
      ) lu on true
    )
    select p.* from persons p
    where p.due_on <= ${query.dueOnOrBefore}::date ${after}
    order by p.due_on ${direction}, p.interested_person_id ${direction}
    limit ${query.limit}
  `.execute(db)
  return result.rows
}

/** Each case's team (user ids), for the reminders the sweep sends. */
export async function teamsOf(db: Executor, investigationIds: readonly string[]) {
  if (investigationIds.length === 0) return new Map<string, string[]>()
  const rows = await db
    .selectFrom('investigation_members')
    .select(['investigation_id', 'user_id'])
    .where('investigation_id', 'in', [...new Set(investigationIds)])
    .execute()
  const byCase = new Map<string, string[]>()
  for (const r of rows) {
    const list = byCase.get(r.investigation_id) ?? []
    if (!list.includes(r.user_id)) list.push(r.user_id)
    byCase.set(r.investigation_id, list)
  }
  return byCase
}

export async function insertAttachment(db: Executor, row: Insertable<UpdateAttachmentTable>) {
  return db.insertInto('update_attachments').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function attachmentsOfUpdates(db: Executor, updateIds: readonly string[]) {
  if (updateIds.length === 0) return []
  return db
    .selectFrom('update_attachments')
    .selectAll()
    .where('update_id', 'in', updateIds)
    .orderBy('filename')
    .execute()
}

export async function findAttachment(db: Executor, id: string) {
  return db
    .selectFrom('update_attachments as a')
    .innerJoin('keep_informed_updates as u', 'u.id', 'a.update_id')
    .selectAll('a')
    .select('u.investigation_id')
    .where('a.id', '=', id)
    .executeTakeFirst()
}

export async function personsByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('interested_persons').selectAll().where('id', 'in', ids).execute()
}

export async function representativesByIds(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return []
  return db.selectFrom('representatives').selectAll().where('id', 'in', ids).execute()
}

/** The letters generated from an update (identified by the letter's hash). */
export async function lettersOfUpdate(db: Executor, investigationId: string, letterSha256: string | null) {
  if (!letterSha256) return []
  return db
    .selectFrom('letters')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('kind', '=', 'update_letter')
    .where('sha256', '=', letterSha256)
    .execute()
}

/** Everyone on the case who may be written to about it: interested persons and their representatives. */
export async function contactsOfInvestigation(db: Executor, investigationId: string) {
  const [people, representatives] = await Promise.all([
    db
      .selectFrom('interested_persons')
      .select(['id', 'full_name', 'email', 'consent_to_be_kept_informed', 'preferred_channel'])
      .where('investigation_id', '=', investigationId)
      .execute(),
    db
      .selectFrom('representatives')
      .select(['full_name', 'email', 'receives_updates'])
      .where('investigation_id', '=', investigationId)
      .execute(),
  ])
  return { people, representatives }
}

/** Makes every consenting interested person of the case due an update on the given date. */
export async function makeUpdatesDue(db: Executor, investigationId: string, on: string) {
  await db
    .updateTable('interested_persons')
    .set({ update_due_on: on })
    .where('investigation_id', '=', investigationId)
    .where('consent_to_be_kept_informed', '=', true)
    .execute()
}
