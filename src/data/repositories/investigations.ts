/**
 * Investigations: the gap-free reference counter, the team, terms of reference, and the case
 * list. The list is keyset-paginated on (updated_at, id) so page 5,000 costs what page 1 does,
 * and search uses the trigram and full-text indexes of migration 0002.
 */
import { sql, type Insertable, type Kysely, type SqlBool, type Expression } from 'kysely'
import type { CaseRole } from '../../domain/policy.js'
import { keepInformedClockRule, type KeepInformedClockRule } from '../../domain/keepInformed.js'
import { isInvestigationStatus, type InvestigationStatus } from '../../domain/investigationLifecycle.js'
import { nextDeadline, type CaseDeadlineFacts } from '../../domain/liveDeadlines.js'
import { isSubjectStatus, type SubjectStatus } from '../../domain/subjectLifecycle.js'
import type { Executor } from '../database.js'
import type { Database } from '../schema.js'
import type { InvestigationTable } from '../schema.js'

/**
 * The next reference number for a year. The counter row is locked until the transaction ends,
 * so numbers are unique and, because a rolled-back transaction also rolls back the counter,
 * gap-free.
 */
export async function nextReferenceNumber(trx: Executor, year: number): Promise<number> {
  const row = await trx
    .insertInto('investigation_reference_counters')
    .values({ year, last_number: 1 })
    .onConflict((oc) =>
      oc.column('year').doUpdateSet({ last_number: sql`investigation_reference_counters.last_number + 1` }),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow()
  return row.last_number
}

export async function insert(trx: Executor, row: Insertable<InvestigationTable>) {
  return trx.insertInto('investigations').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('investigations').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * The investigation, the person's places on its team and the names of its lead investigator and
 * force, in one round trip (locking the investigation's row when asked, for a change): every page about a case starts with this (services/caseAccess), so it
 * is one primary-key lookup, an index-only read of the person's membership rows and two rows by key.
 */
export async function findWithMembership(
  db: Executor,
  id: string,
  userId: string,
  options: { forUpdate?: boolean } = {},
) {
  let query = db
    .selectFrom('investigations as i')
    // Every column but the search text and vector, which can run to kilobytes on a case with many
    // subjects and are only ever searched, never shown.
    .select([
      'i.id',
      'i.reference',
      'i.title',
      'i.status',
      'i.status_before_suspension',
      'i.form',
      'i.force_id',
      'i.lead_investigator_id',
      'i.decision_maker_id',
      'i.came_to_attention_on',
      'i.opened_on',
      'i.closed_on',
      'i.next_deadline_on',
      'i.predecessor_investigation_id',
      'i.created_at',
      'i.updated_at',
      'i.version',
    ])
    .select(
      sql<
        CaseRole[]
      >`(select coalesce(json_agg(m.role_in_case), '[]'::json) from investigation_members m where m.investigation_id = i.id and m.user_id = ${userId})`.as(
        'membership_roles',
      ),
    )
    .select(
      sql<string | null>`(select u.display_name from users u where u.id = i.lead_investigator_id)`.as(
        'lead_investigator_name',
      ),
    )
    .select(sql<string | null>`(select o.name from organisations o where o.id = i.force_id)`.as('force_name'))
    .where('i.id', '=', id)
  // Locks the investigation row only: FOR UPDATE applies to the FROM list, not the subselects.
  if (options.forUpdate) query = query.forUpdate()
  const row = await query.executeTakeFirst()
  if (!row) return undefined
  const { membership_roles, lead_investigator_name, force_name, ...investigation } = row
  return {
    investigation,
    membership: typeof membership_roles === 'string' ? (JSON.parse(membership_roles) as CaseRole[]) : membership_roles,
    names: { lead: lead_investigator_name, force: force_name },
  }
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom('investigations').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findByReference(db: Executor, reference: string) {
  return db.selectFrom('investigations').selectAll().where('reference', '=', reference).executeTakeFirst()
}

export type InvestigationChanges = Partial<
  Pick<
    InvestigationTable,
    | 'title'
    | 'status'
    | 'status_before_suspension'
    | 'form'
    | 'lead_investigator_id'
    | 'decision_maker_id'
    | 'came_to_attention_on'
    | 'closed_on'
    | 'next_deadline_on'
  >
>

/** Applies changes if the row is still at expectedVersion; undefined means someone else got there first. */
export async function update(db: Executor, id: string, changes: InvestigationChanges, expectedVersion?: number) {
  let q = db
    .updateTable('investigations')
    .set({ ...changes, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion)
  return q.returningAll().executeTakeFirst()
}

/** Marks the investigation as changed (a subject or event was added) without a field change. */
export async function touch(db: Executor, id: string) {
  await db.updateTable('investigations').set({ updated_at: new Date() }).where('id', '=', id).execute()
}

/** Rebuilds the text the case search matches: reference, title, and every subject's name and warrant number. */
export async function refreshSearchText(db: Executor, id: string) {
  await sql`
    update investigations i set search_text = lower(concat_ws(' ', i.reference, i.title, (
      select string_agg(concat_ws(' ', o.given_name, o.family_name, o.warrant_number), ' ')
      from subjects s join officers o on o.id = s.officer_id
      where s.investigation_id = i.id
    )))
    where i.id = ${id}
  `.execute(db)
}

export async function membership(db: Executor, investigationId: string, userId: string): Promise<CaseRole[]> {
  const rows = await db
    .selectFrom('investigation_members')
    .select('role_in_case')
    .where('investigation_id', '=', investigationId)
    .where('user_id', '=', userId)
    .execute()
  return rows.map((r) => r.role_in_case)
}

export async function addMember(db: Executor, investigationId: string, userId: string, role: CaseRole) {
  await db
    .insertInto('investigation_members')
    .values({ investigation_id: investigationId, user_id: userId, role_in_case: role })
    .onConflict((oc) => oc.doNothing())
    .execute()
}

export async function removeMember(db: Executor, investigationId: string, userId: string, role: CaseRole) {
  const result = await db
    .deleteFrom('investigation_members')
    .where('investigation_id', '=', investigationId)
    .where('user_id', '=', userId)
    .where('role_in_case', '=', role)
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

export async function members(db: Executor, investigationId: string) {
  return db
    .selectFrom('investigation_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.user_id', 'm.role_in_case', 'm.added_at', 'u.display_name', 'u.email'])
    .where('m.investigation_id', '=', investigationId)
    .orderBy('m.role_in_case')
    .orderBy('u.display_name')
    .execute()
}

export async function latestTermsOfReference(db: Executor, investigationId: string) {
  return db
    .selectFrom('terms_of_reference')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .orderBy('version_number', 'desc')
    .limit(1)
    .executeTakeFirst()
}

export async function termsOfReferenceHistory(db: Executor, investigationId: string) {
  return db
    .selectFrom('terms_of_reference as t')
    .leftJoin('users as u', 'u.id', 't.recorded_by')
    .select(['t.version_number', 't.text', 't.recorded_at', 'u.display_name as recorded_by_name'])
    .where('t.investigation_id', '=', investigationId)
    .orderBy('t.version_number', 'desc')
    .execute()
}

export async function addTermsOfReference(
  db: Executor,
  investigationId: string,
  text: string,
  recordedBy: string | null,
) {
  const latest = await latestTermsOfReference(db, investigationId)
  const version = (latest?.version_number ?? 0) + 1
  await db
    .insertInto('terms_of_reference')
    .values({ investigation_id: investigationId, version_number: version, text, recorded_by: recordedBy })
    .execute()
  return version
}

export interface CaseListFilter {
  /** Only investigations this user is a member of; undefined lists all (for roles that see all). */
  memberUserId?: string
  status?: string
  form?: string
  forceId?: string
  leadInvestigatorId?: string
  /** Only cases with a deadline on or before this date. */
  deadlineOnOrBefore?: string
  search?: string
  /** Keyset cursor: the last row of the previous page (updatedAt in PostgreSQL's text form, exact to the microsecond). */
  after?: { updatedAt: string; id: string }
  limit: number
}

export interface CaseListRow {
  id: string
  reference: string
  title: string
  status: string
  form: string | null
  force_id: string
  force_name: string
  lead_investigator_id: string | null
  lead_investigator_name: string | null
  next_deadline_on: string | null
  updated_at: Date
  /** updated_at exactly as PostgreSQL holds it (microseconds), for the keyset cursor. */
  updated_at_key: string
}

/** Turns free text into a trigram-friendly lower-case needle; empty when nothing searchable remains. */
export function searchNeedle(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 200)
}

/**
 * One page of the case list. The page's keys are found first, from the investigations table
 * alone (an index-only scan where the filters allow: the updated_at index, or force and status),
 * with the member filter as a semi-join on investigation_members(user_id); only the page's own
 * rows are then read and joined to their force and lead. Joining first would read every
 * candidate row from the table just to discard most of them (docs/performance.md).
 */
export async function list(db: Executor, filter: CaseListFilter): Promise<CaseListRow[]> {
  let keys = db.selectFrom('investigations as k').select(['k.id'])
  if (filter.memberUserId) {
    const userId = filter.memberUserId
    keys = keys.where((eb) =>
      eb.exists(
        eb
          .selectFrom('investigation_members as m')
          .select(sql`1`.as('one'))
          .whereRef('m.investigation_id', '=', 'k.id')
          .where('m.user_id', '=', userId),
      ),
    )
  }
  if (filter.status) keys = keys.where('k.status', '=', filter.status)
  if (filter.form) keys = keys.where('k.form', '=', filter.form)
  if (filter.forceId) keys = keys.where('k.force_id', '=', filter.forceId)
  if (filter.leadInvestigatorId) keys = keys.where('k.lead_investigator_id', '=', filter.leadInvestigatorId)
  if (filter.deadlineOnOrBefore) keys = keys.where('k.next_deadline_on', '<=', filter.deadlineOnOrBefore)
  const needle = filter.search ? searchNeedle(filter.search) : ''
  if (needle) {
    // A reference, a warrant number or a name fragment matches by trigram (the GIN index makes
    // ILIKE '%…%' an index scan); words of the title match by full text, stemmed.
    const condition: Expression<SqlBool> = sql<SqlBool>`(k.search_text like ${'%' + needle.replace(/[\\%_]/g, (c) => '\\' + c) + '%'} or k.search_vector @@ websearch_to_tsquery('english', ${needle}))`
    keys = keys.where(condition)
  }
  if (filter.after) {
    const { updatedAt, id } = filter.after
    keys = keys.where(sql<SqlBool>`(k.updated_at, k.id) < (${updatedAt}::timestamptz, ${id}::uuid)`)
  }
  const page = keys.orderBy('k.updated_at', 'desc').orderBy('k.id', 'desc').limit(filter.limit)

  const rows = await db
    .selectFrom(page.as('page'))
    .innerJoin('investigations as i', 'i.id', 'page.id')
    .innerJoin('organisations as f', 'f.id', 'i.force_id')
    .leftJoin('users as lead', 'lead.id', 'i.lead_investigator_id')
    .select([
      'i.id',
      'i.reference',
      'i.title',
      'i.status',
      'i.form',
      'i.force_id',
      'f.name as force_name',
      'i.lead_investigator_id',
      'lead.display_name as lead_investigator_name',
      'i.next_deadline_on',
      'i.updated_at',
      sql<string>`i.updated_at::text`.as('updated_at_key'),
    ])
    .orderBy('i.updated_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute()
  return rows.map((r) => ({ ...r, updated_at: new Date(r.updated_at) }))
}

/**
 * Gathers what decides the investigation's deadlines (domain/liveDeadlines.ts): its notices with
 * their subjects' statuses, each consenting interested person's next keep-informed update (the
 * latest of the start, their becoming interested and their last update, plus the cadence, or the
 * date a person set if sooner), the report's sending and whether a subject of the investigated
 * force still lacks the authority's response, open learning recommendations and prevention of
 * future deaths reports. The domain decides which still apply.
 */
export async function deadlineFacts(
  db: Executor,
  id: string,
  keepInformed: KeepInformedClockRule = keepInformedClockRule(),
): Promise<CaseDeadlineFacts | undefined> {
  const { rows } = await sql<{ kind: string; due_on: string | null; received_on: string | null; flag: string | null }>`
    select 'case' as kind, null::date::text as due_on, null::date::text as received_on,
      i.status || '|' || coalesce(i.status_before_suspension, '') as flag
    from investigations i where i.id = ${id}
    union all
    select 'notice', n.response_due_on::text, n.response_received_on::text, s.status
    from notices n join subjects s on s.id = n.subject_id
    where n.investigation_id = ${id} and n.response_due_on is not null
    union all
    select 'keep_informed', (case when ip.update_due_on is not null and (lu.last_update_on is null or lu.last_update_on < ip.update_due_on)
        then least(ip.update_due_on, greatest(ip.became_interested_on, i.opened_on, lu.last_update_on) + ${keepInformed.cadenceDays}::integer)
        else greatest(ip.became_interested_on, i.opened_on, lu.last_update_on) + ${keepInformed.cadenceDays}::integer end)::text,
      null, null
    from interested_persons ip
    join investigations i on i.id = ip.investigation_id
    left join lateral (
      select max(u.given_on) as last_update_on from update_recipients r join keep_informed_updates u on u.id = r.update_id
      where r.interested_person_id = ip.id
    ) lu on true
    where ip.investigation_id = ${id} and ip.consent_to_be_kept_informed
    union all
    select 'authority', rs.response_due_on::text, null,
      case when exists (
        select 1 from subjects su join officers o on o.id = su.officer_id
        where su.investigation_id = i.id and o.force_id = i.force_id
          and not exists (select 1 from authority_responses ar where ar.subject_id = su.id)
      ) then 'outstanding' else null end
    from report_sendings rs join investigations i on i.id = rs.investigation_id
    where rs.investigation_id = ${id}
    union all
    select 'learning', lr.response_due_on::text, null, null from learning_recommendations lr
    where lr.investigation_id = ${id} and lr.response is null and lr.response_due_on is not null
    union all
    select 'pfd', pfd.response_due_on::text, null, null from prevention_of_future_deaths_reports pfd
    join investigation_proceedings lp on lp.proceeding_id = pfd.proceeding_id
    where lp.investigation_id = ${id} and pfd.response_received_on is null and pfd.response_due_on is not null
  `.execute(db)
  const head = rows.find((r) => r.kind === 'case')
  if (!head) return undefined
  const [status, before] = (head.flag ?? '|').split('|')
  const dates = (kind: string) => rows.filter((r) => r.kind === kind && r.due_on).map((r) => r.due_on!)
  const authority = rows.find((r) => r.kind === 'authority' && r.due_on)
  return {
    status: (isInvestigationStatus(status) ? status : 'investigating') as InvestigationStatus,
    statusBeforeSuspension: before && isInvestigationStatus(before) ? before : null,
    notices: rows
      .filter((r) => r.kind === 'notice')
      .map((r) => ({
        responseDueOn: r.due_on,
        responseReceivedOn: r.received_on,
        subjectStatus: (isSubjectStatus(r.flag) ? r.flag : 'notice_served') as SubjectStatus,
      })),
    keepInformedDueOn: dates('keep_informed'),
    keepInformedStoppedStatuses: keepInformed.stoppedStatuses,
    authorityResponse: authority
      ? { responseDueOn: authority.due_on!, outstanding: authority.flag === 'outstanding' }
      : null,
    learningResponsesDueOn: dates('learning'),
    pfdResponsesDueOn: dates('pfd'),
  }
}

/**
 * Recomputes the investigation's next deadline (shown in the identity bar and used by the "due
 * or overdue" filter): the earliest deadline that still applies, as the domain's liveDeadlines
 * decides from deadlineFacts. Call it in the same transaction as any change to a due date, to a
 * subject's path or to the case's status.
 */
export async function refreshNextDeadline(
  db: Executor,
  id: string,
  keepInformed: KeepInformedClockRule = keepInformedClockRule(),
) {
  const facts = await deadlineFacts(db, id, keepInformed)
  if (!facts) return
  await db
    .updateTable('investigations')
    .set({ next_deadline_on: nextDeadline(facts) })
    .where('id', '=', id)
    .execute()
}

/**
 * Recomputes every investigation's stored next deadline, a page of ids at a time (keyset), each
 * case as refreshNextDeadline does. For a release that changes what the stored date means (issue
 * 11: only deadlines that still apply), and for `candour deadlines recompute`. Returns how many
 * cases now store a different date.
 */
export async function refreshEveryNextDeadline(db: Kysely<Database>, pageSize = 500): Promise<number> {
  let changed = 0
  let after: string | null = null
  for (;;) {
    let query = db.selectFrom('investigations').select('id').orderBy('id').limit(pageSize)
    if (after) query = query.where('id', '>', after)
    const page = await query.execute()
    for (const row of page) {
      // One case at a time, its row locked: a change made meanwhile refreshes the date itself.
      const differs = await db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('investigations')
          .select('next_deadline_on')
          .where('id', '=', row.id)
          .forUpdate()
          .executeTakeFirst()
        const facts = await deadlineFacts(trx, row.id)
        if (!locked || !facts) return false
        const next = nextDeadline(facts)
        if (next === locked.next_deadline_on) return false
        await trx.updateTable('investigations').set({ next_deadline_on: next }).where('id', '=', row.id).execute()
        return true
      })
      if (differs) changed++
    }
    if (page.length < pageSize) return changed
    after = page[page.length - 1]!.id
  }
}

/** Each subject's lifecycle status with the officer's name, for the lifecycle guards' messages. */
export async function subjectStatuses(db: Executor, investigationId: string) {
  return (
    db
      .selectFrom('subjects')
      .innerJoin('officers', 'officers.id', 'subjects.officer_id')
      .select(['subjects.status', 'officers.given_name', 'officers.family_name'])
      // The current severity: the latest assessment by date, then by when recorded (domain: currentSeverity).
      .select((eb) =>
        eb
          .selectFrom('severity_assessments as a')
          .select('a.severity')
          .whereRef('a.subject_id', '=', 'subjects.id')
          .orderBy('a.assessed_on', 'desc')
          .orderBy('a.recorded_at', 'desc')
          .orderBy('a.id', 'desc')
          .limit(1)
          .as('severity'),
      )
      .where('subjects.investigation_id', '=', investigationId)
      .orderBy('officers.family_name')
      .orderBy('officers.given_name')
      .execute()
  )
}
