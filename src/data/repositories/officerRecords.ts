/**
 * The officer's whole record, early-intervention flags across every officer, and the allegation
 * concentration figures (docs/officer-record.md). Reads the views of migration 0052: live subjects
 * and historical officers meet by force + warrant number when read. One officer's record is read
 * through the base tables' indexes (by the register's id, and the historical ids that match it);
 * the figures and the flagged list scan the views, with window functions doing the counting.
 */
import { sql, type RawBuilder } from 'kysely'
import type { EarlyInterventionRule } from '../../domain/earlyIntervention.js'
import type { Executor } from '../database.js'

const ids = (values: readonly string[]) => (values.length ? sql.join(values.map((v) => sql`${v}::uuid`)) : sql`null`)

export interface OfficerIdentityRow {
  officer_id: string
  force_id: string
  force_code: string
  force_name: string
  warrant_number: string | null
  surname: string | null
  forenames: string | null
  rank: string | null
  known_from: 'register' | 'history'
  /** The register's id for this officer, when they are on it. */
  live_officer_id: string | null
  /** Every historical officer that is this officer (force + warrant number, or the one id). */
  historical_ids: string[]
}

/**
 * The officer an id names: the register's id, or a historical officer's id. A historical officer
 * who is on the register (same force and warrant number) is the register's officer: the record
 * has one id whichever is asked for.
 */
export async function findOfficer(db: Executor, id: string): Promise<OfficerIdentityRow | undefined> {
  const live = await sql<{ id: string }>`
    select o.id from officers o where o.id = ${id}
    union all
    select o.id from historical_officers h
      join officers o on o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number)
     where h.id = ${id}`.execute(db)
  const liveId = live.rows[0]?.id ?? null
  if (liveId) {
    const row = await sql<Omit<OfficerIdentityRow, 'historical_ids' | 'live_officer_id' | 'known_from'>>`
      select o.id as officer_id, o.force_id, f.code as force_code, f.name as force_name, o.warrant_number,
             o.family_name as surname, o.given_name as forenames, o.rank
        from officers o join organisations f on f.id = o.force_id where o.id = ${liveId}`.execute(db)
    const historical = await sql<{ id: string }>`
      select h.id from historical_officers h join officers o on o.force_id = h.force_id
         and lower(h.warrant_number) = lower(o.warrant_number) where o.id = ${liveId}`.execute(db)
    return {
      ...row.rows[0]!,
      known_from: 'register',
      live_officer_id: liveId,
      historical_ids: historical.rows.map((r) => r.id),
    }
  }
  const row = await sql<Omit<OfficerIdentityRow, 'historical_ids' | 'live_officer_id' | 'known_from'>>`
    select h.id as officer_id, h.force_id, f.code as force_code, f.name as force_name, h.warrant_number,
           h.surname, h.forenames, coalesce(h.rank_mapped, h.rank) as rank
      from historical_officers h join organisations f on f.id = h.force_id where h.id = ${id}`.execute(db)
  const found = row.rows[0]
  return found
    ? { ...found, known_from: 'history', live_officer_id: null, historical_ids: [found.officer_id] }
    : undefined
}

/** Every source id the officer was known by in imports (historical_officer_aliases). */
export async function aliasesOf(db: Executor, historicalIds: readonly string[]) {
  if (!historicalIds.length) return []
  const result = await sql<{ source: string; source_id: string }>`
    select source, source_id from historical_officer_aliases
     where historical_officer_id in (${ids(historicalIds)}) order by source, source_id`.execute(db)
  return result.rows
}

export interface RecordFilter {
  from?: string | undefined
  to?: string | undefined
  category?: string | undefined
}

export interface RecordCaseRow {
  case_id: string
  origin: 'live' | 'historical'
  reference: string
  case_on: string
  force_id: string
  force_name: string
  kind: string | null
  title: string | null
  status: string | null
  closed_on: string | null
  /** The officer's subject id on a live case. */
  subject_id: string | null
}

/**
 * A page of the cases an officer is named on, newest first (by the case's date, then id), filtered
 * by date and by the category of the officer's allegations on it.
 */
export async function recordCases(
  db: Executor,
  officer: { liveOfficerId: string | null; historicalIds: readonly string[] },
  filter: RecordFilter,
  page: { after?: { on: string; caseId: string } | undefined; limit: number },
): Promise<RecordCaseRow[]> {
  const liveCategory = filter.category
    ? sql`and exists (select 1 from allegations a where a.subject_id = s.id and a.standards[1] = ${filter.category})`
    : sql``
  const historicalCategory = filter.category
    ? sql`and coalesce(ha.category_mapped, ha.category) = ${filter.category}`
    : sql``
  const where: RawBuilder<unknown>[] = [sql`true`]
  if (filter.from) where.push(sql`x.case_on >= ${filter.from}::date`)
  if (filter.to) where.push(sql`x.case_on <= ${filter.to}::date`)
  if (page.after) where.push(sql`(x.case_on, x.case_id) < (${page.after.on}::date, ${page.after.caseId}::uuid)`)
  const result = await sql<RecordCaseRow>`
    select x.*, f.name as force_name from (
      select i.id as case_id, 'live' as origin, i.reference, coalesce(i.came_to_attention_on, i.opened_on) as case_on,
             i.force_id, null::text as kind, i.title, i.status, i.closed_on, s.id as subject_id
        from subjects s join investigations i on i.id = s.investigation_id
       where s.officer_id = ${officer.liveOfficerId}::uuid ${liveCategory}
      union all
      select c.id, 'historical', c.source || ' ' || c.source_id, c.received_on, c.force_id, c.kind,
             c.category, null, c.closed_on, null
        from historical_cases c
       where c.id in (select ha.historical_case_id from historical_allegations ha
                       where ha.historical_officer_id in (${ids(officer.historicalIds)}) ${historicalCategory})
    ) x join organisations f on f.id = x.force_id
    where ${sql.join(where, sql` and `)}
    order by x.case_on desc, x.case_id desc
    limit ${page.limit}`.execute(db)
  return result.rows
}

export interface RecordAllegationRow {
  allegation_id: string
  case_id: string
  description: string | null
  category: string | null
  category_source: string | null
  standard: string | null
  finding: string | null
  finding_source: string | null
  outcome: string | null
  outcome_source: string | null
}

/** The officer's allegations on the given cases (live: by their subject ids; historical: by case). */
export async function allegationsOnCases(
  db: Executor,
  args: { subjectIds: readonly string[]; historicalCaseIds: readonly string[]; historicalIds: readonly string[] },
): Promise<RecordAllegationRow[]> {
  const rows: RecordAllegationRow[] = []
  if (args.subjectIds.length) {
    const live = await sql<RecordAllegationRow>`
      select a.id as allegation_id, a.investigation_id as case_id, a.description, a.standards[1] as category,
             null::text as category_source, array_to_string(a.standards, ', ') as standard,
             d.determination as finding, null::text as finding_source, p.outcome, null::text as outcome_source
        from allegations a
        left join determinations d on d.subject_id = a.subject_id
        left join proceedings p on p.subject_id = a.subject_id
       where a.subject_id in (${ids(args.subjectIds)})
       order by a.created_at, a.id`.execute(db)
    rows.push(...live.rows)
  }
  if (args.historicalCaseIds.length && args.historicalIds.length) {
    const historical = await sql<RecordAllegationRow>`
      select ha.id as allegation_id, ha.historical_case_id as case_id, null::text as description,
             coalesce(ha.category_mapped, ha.category) as category, ha.category as category_source, ha.standard,
             coalesce(ha.finding_mapped, ha.finding) as finding, ha.finding as finding_source,
             coalesce(ha.outcome_mapped, ha.outcome) as outcome, ha.outcome as outcome_source
        from historical_allegations ha
       where ha.historical_case_id in (${ids(args.historicalCaseIds)})
         and ha.historical_officer_id in (${ids(args.historicalIds)})
       order by ha.ordinal, ha.id`.execute(db)
    rows.push(...historical.rows)
  }
  return rows
}

export interface CoSubjectRow {
  case_id: string
  officer_id: string
  force_id: string
  force_name: string
  surname: string | null
  forenames: string | null
}

/** The other officers named on the given cases (each by their record's id). */
export async function coSubjectsOnCases(
  db: Executor,
  args: {
    liveCaseIds: readonly string[]
    historicalCaseIds: readonly string[]
    liveOfficerId: string | null
    historicalIds: readonly string[]
  },
): Promise<CoSubjectRow[]> {
  const rows: CoSubjectRow[] = []
  if (args.liveCaseIds.length) {
    const live = await sql<CoSubjectRow>`
      select s.investigation_id as case_id, o.id as officer_id, o.force_id, f.name as force_name,
             o.family_name as surname, o.given_name as forenames
        from subjects s join officers o on o.id = s.officer_id join organisations f on f.id = o.force_id
       where s.investigation_id in (${ids(args.liveCaseIds)})
         and s.officer_id is distinct from ${args.liveOfficerId}::uuid
       order by o.family_name, o.given_name, o.id`.execute(db)
    rows.push(...live.rows)
  }
  if (args.historicalCaseIds.length) {
    const historical = await sql<CoSubjectRow>`
      select distinct ha.historical_case_id as case_id, coalesce(o.id, h.id) as officer_id, h.force_id,
             f.name as force_name, coalesce(o.family_name, h.surname) as surname,
             coalesce(o.given_name, h.forenames) as forenames
        from historical_allegations ha
        join historical_officers h on h.id = ha.historical_officer_id
        join organisations f on f.id = h.force_id
        left join officers o on o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number)
       where ha.historical_case_id in (${ids(args.historicalCaseIds)})
         and ha.historical_officer_id not in (${ids(args.historicalIds)})
       order by surname, forenames, officer_id`.execute(db)
    rows.push(...historical.rows.filter((r) => r.officer_id !== args.liveOfficerId))
  }
  return rows
}

export interface AllegationFactRow {
  allegation_id: string
  case_id: string
  case_reference: string
  case_on: string
  category: string | null
}

/** Every allegation against the officer, as the early-intervention rules read them. */
export async function allegationFacts(
  db: Executor,
  officer: { liveOfficerId: string | null; historicalIds: readonly string[] },
): Promise<AllegationFactRow[]> {
  const result = await sql<AllegationFactRow>`
    select a.id as allegation_id, i.id as case_id, i.reference as case_reference,
           coalesce(i.came_to_attention_on, i.opened_on) as case_on, a.standards[1] as category
      from allegations a join subjects s on s.id = a.subject_id join investigations i on i.id = a.investigation_id
     where s.officer_id = ${officer.liveOfficerId}::uuid
    union all
    select ha.id, c.id, c.source || ' ' || c.source_id, c.received_on, coalesce(ha.category_mapped, ha.category)
      from historical_allegations ha join historical_cases c on c.id = ha.historical_case_id
     where ha.historical_officer_id in (${ids(officer.historicalIds)})`.execute(db)
  return result.rows
}

export interface SharedCaseRow {
  officer_id: string
  surname: string | null
  forenames: string | null
  case_id: string
  case_reference: string
  case_on: string
}

/** Every (colleague, case) pair: the cases the officer shares with each other officer named on them. */
export async function sharedCases(
  db: Executor,
  officer: { liveOfficerId: string | null; historicalIds: readonly string[] },
): Promise<SharedCaseRow[]> {
  const result = await sql<SharedCaseRow>`
    with mine as (
      select s.investigation_id as case_id from subjects s where s.officer_id = ${officer.liveOfficerId}::uuid
      union
      select ha.historical_case_id from historical_allegations ha
       where ha.historical_officer_id in (${ids(officer.historicalIds)})
    ),
    theirs as (
      select s.officer_id, s.investigation_id as case_id from subjects s where s.investigation_id in (select case_id from mine)
      union
      select coalesce(o.id, h.id), ha.historical_case_id
        from historical_allegations ha
        join historical_officers h on h.id = ha.historical_officer_id
        left join officers o on o.force_id = h.force_id and lower(o.warrant_number) = lower(h.warrant_number)
       where ha.historical_case_id in (select case_id from mine)
    )
    select t.officer_id, i.surname, i.forenames, t.case_id,
           coalesce(inv.reference, c.source || ' ' || c.source_id) as case_reference,
           coalesce(coalesce(inv.came_to_attention_on, inv.opened_on), c.received_on) as case_on
      from theirs t
      join officer_identities i on i.officer_id = t.officer_id
      left join investigations inv on inv.id = t.case_id
      left join historical_cases c on c.id = t.case_id
     where t.officer_id is distinct from ${officer.liveOfficerId}::uuid
       and t.officer_id not in (${ids(officer.historicalIds)})`.execute(db)
  return result.rows
}

// Early intervention across every officer ---------------------------------------------------------

/** A validated whole number, inlined (window frame offsets must be constants). */
function months(n: number): RawBuilder<unknown> {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`months must be a whole number, not ${n}`)
  // A period of M months ending on day E holds the days after E − M months: E − (M months − 1 day) on.
  return sql.raw(`interval '${n} months -1 day'`)
}

function ruleQuery(rule: EarlyInterventionRule): RawBuilder<unknown> {
  switch (rule.kind) {
    case 'allegations_in_period':
      return sql`select officer_id, max(case_on) as met_on, ${rule.id}::text as rule_id from (
          select officer_id, case_on, count(*) over (partition by officer_id order by case_on
                 range between ${months(rule.months)} preceding and current row) as n
            from officer_allegations) w
        where n >= ${rule.threshold} group by officer_id`
    case 'same_category_in_period':
      return sql`select officer_id, max(case_on) as met_on, ${rule.id}::text as rule_id from (
          select officer_id, case_on, count(*) over (partition by officer_id, category order by case_on
                 range between ${months(rule.months)} preceding and current row) as n
            from officer_allegations where category is not null) w
        where n >= ${rule.threshold} group by officer_id`
    case 'same_colleague_cases':
      return sql`select officer_id, max(met_on) as met_on, ${rule.id}::text as rule_id from (
          select x.officer_id, max(x.case_on) as met_on
            from officer_cases x join officer_cases y on y.case_id = x.case_id and y.officer_id <> x.officer_id
           group by x.officer_id, y.officer_id
          having count(distinct x.case_id) >= ${rule.threshold}) p
        group by officer_id`
  }
}

export interface FlaggedOfficerRow {
  officer_id: string
  met_on: string
  rule_ids: string[]
  force_id: string
  force_name: string
  warrant_number: string | null
  surname: string | null
  forenames: string | null
  rank: string | null
}

/**
 * Every officer meeting at least one rule, newest first: by the latest day they met one, then id.
 * `forceId` keeps to the officers of one force (a professional standards department's own).
 */
export async function flaggedOfficers(
  db: Executor,
  rules: readonly EarlyInterventionRule[],
  options: {
    forceId?: string | undefined
    ruleId?: string | undefined
    after?: { on: string; officerId: string } | undefined
    limit: number
  },
): Promise<FlaggedOfficerRow[]> {
  const chosen = rules.filter((r) => !options.ruleId || r.id === options.ruleId)
  if (!chosen.length) return []
  const where: RawBuilder<unknown>[] = [sql`true`]
  if (options.forceId) where.push(sql`i.force_id = ${options.forceId}::uuid`)
  if (options.after)
    where.push(sql`(m.met_on, m.officer_id) < (${options.after.on}::date, ${options.after.officerId}::uuid)`)
  const result = await sql<FlaggedOfficerRow>`
    with met as (${sql.join(chosen.map(ruleQuery), sql` union all `)}),
    m as (select officer_id, max(met_on) as met_on, array_agg(rule_id order by rule_id) as rule_ids
            from met group by officer_id)
    select m.officer_id, m.met_on, m.rule_ids, i.force_id, f.name as force_name, i.warrant_number, i.surname,
           i.forenames, i.rank
      from m join officer_identities i on i.officer_id = m.officer_id join organisations f on f.id = i.force_id
     where ${sql.join(where, sql` and `)}
     order by m.met_on desc, m.officer_id desc
     limit ${options.limit}`.execute(db)
  return result.rows
}

// Concentration -----------------------------------------------------------------------------------

export interface ConcentrationFilter {
  forceId?: string | undefined
  fromYear?: number | undefined
  toYear?: number | undefined
}

export interface ConcentrationRow {
  officers: number
  allegations: number
  cases: number
  top1: number
  top5: number
  top10: number
  top1_officers: number
  top5_officers: number
  top10_officers: number
}

function scope(filter: ConcentrationFilter): RawBuilder<unknown> {
  const where: RawBuilder<unknown>[] = [sql`true`]
  if (filter.forceId) where.push(sql`case_force_id = ${filter.forceId}::uuid`)
  if (filter.fromYear !== undefined) where.push(sql`case_on >= make_date(${filter.fromYear}::int, 1, 1)`)
  if (filter.toYear !== undefined) where.push(sql`case_on < make_date(${filter.toYear}::int + 1, 1, 1)`)
  return sql.join(where, sql` and `)
}

/**
 * How many officers, allegations and cases; how many allegations the top 1 %, 5 % and 10 % of
 * officers hold. The top N % is the first ceil(N × officers / 100) officers after sorting by
 * allegation count, most first: at a tie on the boundary only that many are counted, and as tied
 * officers hold the same count, which of them does not change the figure (docs/officer-record.md).
 */
export async function concentration(db: Executor, filter: ConcentrationFilter): Promise<ConcentrationRow> {
  const result = await sql<ConcentrationRow>`
    with scoped as (select officer_id, case_id from officer_allegations where ${scope(filter)}),
    per_officer as (select officer_id, count(*)::int as n from scoped group by officer_id),
    ranked as (
      select n, row_number() over (order by n desc, officer_id) as position from per_officer
    ),
    cut as (
      select officers,
             ((officers * 1 + 99) / 100) as c1, ((officers * 5 + 99) / 100) as c5, ((officers * 10 + 99) / 100) as c10
        from (select count(*)::bigint as officers from per_officer) o
    )
    select cut.officers::int as officers,
           (select count(*)::int from scoped) as allegations,
           (select count(distinct case_id)::int from scoped) as cases,
           coalesce((select sum(n) from ranked where position <= cut.c1), 0)::int as top1,
           coalesce((select sum(n) from ranked where position <= cut.c5), 0)::int as top5,
           coalesce((select sum(n) from ranked where position <= cut.c10), 0)::int as top10,
           cut.c1::int as top1_officers, cut.c5::int as top5_officers, cut.c10::int as top10_officers
      from cut`.execute(db)
  return result.rows[0]!
}

/** Allegations by finding (null: none recorded), most first. */
export async function countsByFinding(db: Executor, filter: ConcentrationFilter) {
  const result = await sql<{ finding: string | null; allegations: number }>`
    select finding, count(*)::int as allegations from officer_allegations where ${scope(filter)}
     group by finding order by allegations desc, finding nulls last`.execute(db)
  return result.rows
}
