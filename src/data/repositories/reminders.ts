/**
 * What the deadline sweep reads (what falls due on open cases, and who is on each team), and the
 * two tables that make it safe to run anywhere, any number of times: reminders_sent (a reminder
 * is claimed by inserting its key; a second claim finds the row and sends nothing) and
 * scheduled_jobs (when each job last ran, for operators).
 */
import { sql } from 'kysely'
import type { CaseRole } from '../../domain/policy.js'
import type { Executor } from '../database.js'
import type { PlainDate } from '../schema.js'

export interface NoticeResponseDue {
  noticeId: string
  investigationId: string
  reference: string
  dueOn: PlainDate
}

/** Served notices with no response yet, due on or before `until`, on cases not closed. */
export async function noticeResponsesDueBy(db: Executor, until: PlainDate): Promise<NoticeResponseDue[]> {
  const rows = await db
    .selectFrom('notices as n')
    .innerJoin('investigations as i', 'i.id', 'n.investigation_id')
    .select(['n.id as noticeId', 'i.id as investigationId', 'i.reference', 'n.response_due_on as dueOn'])
    .where('n.served_on', 'is not', null)
    .where('n.response_received_on', 'is', null)
    .where('n.response_due_on', '<=', until)
    .where('i.status', '!=', 'closed')
    .orderBy('n.response_due_on')
    .orderBy('n.id')
    .execute()
  return rows.map((r) => ({ ...r, dueOn: r.dueOn! }))
}

export interface KeepInformedContact {
  interestedPersonId: string
  investigationId: string
  reference: string
  becameInterestedOn: PlainDate
  lastUpdateOn: PlainDate | null
}

/** Every interested person who consented to be kept informed, on cases not closed, with their last update. */
export async function keepInformedContacts(
  db: Executor,
  investigationIds?: readonly string[],
): Promise<KeepInformedContact[]> {
  if (investigationIds && investigationIds.length === 0) return []
  let q = db
    .selectFrom('interested_persons as p')
    .innerJoin('investigations as i', 'i.id', 'p.investigation_id')
    .leftJoin('update_recipients as r', 'r.interested_person_id', 'p.id')
    .leftJoin('keep_informed_updates as u', 'u.id', 'r.update_id')
    .select([
      'p.id as interestedPersonId',
      'i.id as investigationId',
      'i.reference',
      'p.became_interested_on as becameInterestedOn',
      sql<PlainDate | null>`max(u.given_on)::text`.as('lastUpdateOn'),
    ])
    .where('p.consent_to_be_kept_informed', '=', true)
    .where('i.status', '!=', 'closed')
  if (investigationIds) q = q.where('i.id', 'in', investigationIds)
  return q.groupBy(['p.id', 'i.id', 'i.reference', 'p.became_interested_on']).orderBy('p.id').execute()
}

export interface OpenCaseAttention {
  investigationId: string
  reference: string
  cameToAttentionOn: PlainDate
}

export async function openCasesWithAttentionDate(
  db: Executor,
  investigationIds?: readonly string[],
): Promise<OpenCaseAttention[]> {
  if (investigationIds && investigationIds.length === 0) return []
  let q = db
    .selectFrom('investigations')
    .select(['id as investigationId', 'reference', 'came_to_attention_on as cameToAttentionOn'])
    .where('status', '!=', 'closed')
    .where('came_to_attention_on', 'is not', null)
  if (investigationIds) q = q.where('id', 'in', investigationIds)
  const rows = await q.orderBy('id').execute()
  return rows.map((r) => ({ ...r, cameToAttentionOn: r.cameToAttentionOn! }))
}

/** Timeliness periods already dealt with (notice sent or withheld), as "investigationId:period". */
export async function timelinessPeriodsDealtWith(db: Executor): Promise<Set<string>> {
  const rows = await db
    .selectFrom('timeliness_notices')
    .select(['investigation_id', 'period_number'])
    .where('status', 'in', ['sent', 'withheld'])
    .execute()
  return new Set(rows.map((r) => `${r.investigation_id}:${r.period_number}`))
}

export interface TeamRecipient {
  investigationId: string
  userId: string
  email: string
  displayName: string
  roleInCase: CaseRole
}

/** Active team members of the cases, with the place on the team. */
export async function teamRecipients(db: Executor, investigationIds: readonly string[]): Promise<TeamRecipient[]> {
  if (investigationIds.length === 0) return []
  return db
    .selectFrom('investigation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select([
      'm.investigation_id as investigationId',
      'u.id as userId',
      'u.email',
      'u.display_name as displayName',
      'm.role_in_case as roleInCase',
    ])
    .where('m.investigation_id', 'in', investigationIds)
    .where('u.status', '=', 'active')
    .orderBy('u.id')
    .execute()
}

/** Claims one reminder; false when it was already sent (by this instance, another, or an earlier run). */
export async function claimReminder(
  db: Executor,
  kind: string,
  subjectKey: string,
  dueOn: PlainDate,
): Promise<boolean> {
  const row = await db
    .insertInto('reminders_sent')
    .values({ kind, subject_key: subjectKey, due_on: dueOn })
    .onConflict((oc) => oc.columns(['kind', 'subject_key', 'due_on']).doNothing())
    .returning('kind')
    .executeTakeFirst()
  return row !== undefined
}

export async function jobStarted(db: Executor, name: string, now: Date): Promise<void> {
  await db
    .insertInto('scheduled_jobs')
    .values({ name, last_started_at: now })
    .onConflict((oc) => oc.column('name').doUpdateSet({ last_started_at: now }))
    .execute()
}

export async function jobFinished(
  db: Executor,
  name: string,
  now: Date,
  result: Record<string, unknown>,
): Promise<void> {
  await db
    .updateTable('scheduled_jobs')
    .set({ last_finished_at: now, last_result: JSON.stringify(result) })
    .where('name', '=', name)
    .execute()
}

export async function jobs(db: Executor) {
  return db.selectFrom('scheduled_jobs').selectAll().orderBy('name').execute()
}
