/**
 * What each person's home page lists: the work waiting for them in the cases whose team they are
 * on. Each query starts from the person's memberships (investigation_members_user_idx), so its
 * cost follows how many cases they are on, never how many cases there are; each is capped.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'

const memberOf = (userId: string, roles?: readonly string[]) =>
  sql<boolean>`exists (select 1 from investigation_members m where m.investigation_id = i.id and m.user_id = ${userId}${
    roles ? sql` and m.role_in_case in (${sql.join(roles.map((r) => sql`${r}`))})` : sql``
  })`

/** The person's open cases that have a deadline, the soonest (or most overdue) first. */
export async function casesByDeadline(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('investigations as i')
    .select(['i.id', 'i.reference', 'i.title', 'i.status', 'i.next_deadline_on'])
    .where(memberOf(userId))
    .where('i.next_deadline_on', 'is not', null)
    .where('i.status', '<>', 'closed')
    .orderBy('i.next_deadline_on', 'asc')
    .orderBy('i.reference', 'asc')
    .limit(limit)
    .execute()
}

/** Reports submitted for decision in the cases where the person is the decision maker, the longest waiting first. */
export async function reportsAwaitingDecision(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('reports as r')
    .innerJoin('investigations as i', 'i.id', 'r.investigation_id')
    .select(['i.id', 'i.reference', 'i.title', 'i.status', 'r.current_version_number', 'r.updated_at'])
    .where('r.status', '=', 'submitted')
    .where(memberOf(userId, ['decision_maker']))
    .orderBy('r.updated_at', 'asc')
    .orderBy('i.reference', 'asc')
    .limit(limit)
    .execute()
}

/** Messages and documents from families not yet reviewed, in the person's cases, newest first. */
export async function unreviewedFamilySubmissions(db: Executor, userId: string, limit: number) {
  return db
    .selectFrom('portal_submissions as s')
    .innerJoin('investigations as i', 'i.id', 's.investigation_id')
    .innerJoin('interested_persons as p', 'p.id', 's.interested_person_id')
    .select([
      's.id',
      's.kind',
      's.submitted_at',
      's.interested_person_id',
      'p.full_name as interested_person_name',
      'i.id as investigation_id',
      'i.reference',
      'i.title',
    ])
    .where('s.reviewed_at', 'is', null)
    .where(memberOf(userId))
    .orderBy('s.submitted_at', 'desc')
    .orderBy('s.id', 'desc')
    .limit(limit)
    .execute()
}
