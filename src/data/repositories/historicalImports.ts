/**
 * Imports of history (docs/import.md): staging tables filled by COPY, the set-based checks that
 * need every row (duplicates, references between files and to earlier imports), and the merge of
 * staged rows into the historical records in one transaction. Staging tables are temporary:
 * private to the import's session and gone with it, so a crashed import leaves nothing behind.
 */
import type { BulkSession } from '../bulk.js'
import { copyLine } from '../bulk.js'
import type {
  HistoricalAllegationRow,
  HistoricalCaseRow,
  HistoricalOfficerRow,
  RowError,
} from '../../domain/historicalImport.js'

export const STAGE_CASE_COLUMNS = [
  'file_no',
  'row_no',
  'source_id',
  'force_id',
  'kind',
  'received_on',
  'incident_on',
  'incident_time',
  'location',
  'postcode',
  'latitude',
  'longitude',
  'category',
  'category_mapped',
  'summary',
  'closed_on',
] as const
export const STAGE_OFFICER_COLUMNS = [
  'file_no',
  'row_no',
  'source_id',
  'force_id',
  'warrant_number',
  'surname',
  'forenames',
  'rank',
  'rank_mapped',
  'sex',
  'ethnicity',
  'appointed_on',
  'birth_year',
] as const
export const STAGE_ALLEGATION_COLUMNS = [
  'file_no',
  'row_no',
  'case_source_id',
  'officer_source_id',
  'force_id',
  'warrant_number',
  'category',
  'category_mapped',
  'standard',
  'finding',
  'finding_mapped',
  'outcome',
  'outcome_mapped',
] as const
const ERROR_COLUMNS = ['import_id', 'seq', 'file', 'row_number', 'column_name', 'value', 'message'] as const

export const caseLine = (fileNo: number, rowNo: number, c: HistoricalCaseRow) =>
  copyLine([
    fileNo,
    rowNo,
    c.sourceId,
    c.forceId,
    c.kind,
    c.receivedOn,
    c.incidentOn,
    c.incidentTime,
    c.location,
    c.postcode,
    c.latitude,
    c.longitude,
    c.category,
    c.categoryMapped,
    c.summary,
    c.closedOn,
  ])
export const officerLine = (fileNo: number, rowNo: number, o: HistoricalOfficerRow) =>
  copyLine([
    fileNo,
    rowNo,
    o.sourceId,
    o.forceId,
    o.warrantNumber,
    o.surname,
    o.forenames,
    o.rank,
    o.rankMapped,
    o.sex,
    o.ethnicity,
    o.appointedOn,
    o.birthYear,
  ])
export const allegationLine = (fileNo: number, rowNo: number, a: HistoricalAllegationRow) =>
  copyLine([
    fileNo,
    rowNo,
    a.caseSourceId,
    a.officerSourceId,
    a.forceId,
    a.warrantNumber,
    a.category,
    a.categoryMapped,
    a.standard,
    a.finding,
    a.findingMapped,
    a.outcome,
    a.outcomeMapped,
  ])

export const STAGE_TABLES = {
  cases: { table: 'stage_cases', columns: STAGE_CASE_COLUMNS },
  officers: { table: 'stage_officers', columns: STAGE_OFFICER_COLUMNS },
  allegations: { table: 'stage_allegations', columns: STAGE_ALLEGATION_COLUMNS },
} as const

export async function createStaging(s: BulkSession): Promise<void> {
  await dropStaging(s)
  // `bad` marks a row a set-based check set aside (the number of the check); null is a good row.
  await s.query(`create temp table stage_cases (
    file_no smallint not null, row_no bigint not null, source_id text not null, force_id uuid not null, kind text,
    received_on date not null, incident_on date, incident_time time, location text, postcode text,
    latitude numeric(9, 6), longitude numeric(9, 6), category text, category_mapped text, summary text, closed_on date,
    bad smallint, case_id uuid)`)
  await s.query(`create temp table stage_officers (
    file_no smallint not null, row_no bigint not null, source_id text, force_id uuid not null, warrant_number text,
    surname text, forenames text, rank text, rank_mapped text, sex text, ethnicity text, appointed_on date,
    birth_year integer, synthesised boolean not null default false, bad smallint, officer_id uuid,
    key text generated always as (case when warrant_number is not null then force_id::text || '/' || lower(warrant_number) else '#' || source_id end) stored)`)
  await s.query(`create temp table stage_allegations (
    file_no smallint not null, row_no bigint not null, case_source_id text not null, officer_source_id text,
    force_id uuid, warrant_number text, category text, category_mapped text, standard text, finding text,
    finding_mapped text, outcome text, outcome_mapped text, bad smallint, case_id uuid, officer_id uuid, ordinal integer)`)
}

export async function dropStaging(s: BulkSession): Promise<void> {
  for (const t of ['stage_cases', 'stage_officers', 'stage_allegations']) await s.query(`drop table if exists ${t}`)
}

export async function stage(s: BulkSession, kind: keyof typeof STAGE_TABLES, text: string): Promise<void> {
  if (text) await s.copy(STAGE_TABLES[kind].table, STAGE_TABLES[kind].columns, text)
}

export interface StoredError extends RowError {
  file: string
  row: number | null
}

export async function insertErrors(s: BulkSession, importId: string, firstSeq: number, errors: readonly StoredError[]) {
  if (!errors.length) return
  const text = errors
    .map((e, i) =>
      copyLine([importId, firstSeq + i, e.file, e.row, e.column, e.value?.slice(0, 500) ?? null, e.message]),
    )
    .join('')
  await s.copy('import_errors', ERROR_COLUMNS, text)
}

interface CheckArgs {
  importId: string
  source: string
  /** File names by file number (1-based in SQL). */
  files: readonly string[]
  /** The next error sequence number, and how many more errors may be stored. */
  firstSeq: number
  room: number
}

/**
 * The checks that need every row. Each marks the rows it sets aside and stores an error for each
 * (up to `room`); returns how many rows it set aside. Order matters: a case set aside as a
 * duplicate leaves its allegations without a case, and they are set aside in turn.
 */
export async function setBasedChecks(s: BulkSession, args: CheckArgs): Promise<number> {
  const checks: { table: string; mark: string; error: string }[] = [
    {
      table: 'stage_cases',
      mark: `update stage_cases t set bad = 1 from (
          select file_no, row_no, row_number() over w as n, first_value(file_no) over w as first_file,
            first_value(row_no) over w as first_row
          from stage_cases where bad is null window w as (partition by source_id order by file_no, row_no)) d
        where d.n > 1 and t.file_no = d.file_no and t.row_no = d.row_no`,
      error: `'source_id', source_id, 'duplicate source_id ' || source_id || ': the same case is already on an earlier row of this import'`,
    },
    {
      table: 'stage_officers',
      mark: `update stage_officers t set bad = 2 from (
          select file_no, row_no, row_number() over (partition by source_id order by file_no, row_no) as n
          from stage_officers where bad is null) d
        where d.n > 1 and t.file_no = d.file_no and t.row_no = d.row_no`,
      error: `'source_id', source_id, 'duplicate source_id ' || source_id || ': the same officer is already on an earlier row of this import'`,
    },
    {
      table: 'stage_allegations',
      mark: `update stage_allegations a set bad = 3 where bad is null
        and not exists (select 1 from stage_cases c where c.source_id = a.case_source_id and c.bad is null)
        and not exists (select 1 from historical_cases h where h.source = $1 and h.source_id = a.case_source_id)`,
      error: `'case_source_id', case_source_id, 'unknown case reference ' || case_source_id || ': no valid case with that source_id in this import or an earlier import from this source'`,
    },
    {
      table: 'stage_allegations',
      mark: `update stage_allegations a set bad = 4 where bad is null and officer_source_id is not null
        and not exists (select 1 from stage_officers o where o.source_id = a.officer_source_id and o.bad is null)
        and not exists (select 1 from historical_officer_aliases h where h.source = $1 and h.source_id = a.officer_source_id)`,
      error: `'officer_source_id', officer_source_id, 'unknown officer reference ' || officer_source_id || ': no valid officer with that source_id in this import or an earlier import from this source'`,
    },
  ]
  // Temporary tables are never analysed automatically: without statistics the planner guesses a
  // handful of rows and joins a million staged rows by nested loops.
  for (const t of ['stage_cases', 'stage_officers', 'stage_allegations']) await s.query(`analyze ${t}`)
  let setAside = 0
  let seq = args.firstSeq
  let room = args.room
  for (const [i, check] of checks.entries()) {
    const params = check.mark.includes('$1') ? [args.source] : []
    await s.query(check.mark, params)
    const [count] = await s.query<{ n: number }>(`select count(*)::int as n from ${check.table} where bad = ${i + 1}`)
    const n = count?.n ?? 0
    if (!n) continue
    setAside += n
    if (room > 0) {
      const stored = await s.query<{ n: number }>(
        `with e as (
           insert into import_errors (import_id, seq, file, row_number, column_name, value, message)
           select $1, $2 + row_number() over (order by file_no, row_no) - 1, ($3::text[])[file_no], row_no, ${check.error}
           from (select * from ${check.table} where bad = ${i + 1} order by file_no, row_no limit $4) x
           returning 1)
         select count(*)::int as n from e`,
        [args.importId, seq, args.files, room],
      )
      seq += stored[0]?.n ?? 0
      room -= stored[0]?.n ?? 0
    }
  }
  return setAside
}

export interface MergeCounts {
  cases: { created: number; updated: number; unchanged: number }
  officers: { created: number; updated: number; unchanged: number }
  allegations: { created: number; updated: number; unchanged: number }
}

export interface UnmappedValue {
  vocabulary: string
  value: string
  rows: number
}

/** Source values that no mapping entry covered, with how many rows carry each (for the report). */
export async function unmappedValues(s: BulkSession, limit = 500): Promise<UnmappedValue[]> {
  return s.query<UnmappedValue>(
    `select vocabulary, value, count(*)::int as rows from (
       select 'category' as vocabulary, category as value from stage_cases where bad is null and category is not null and category_mapped is null
       union all select 'rank', rank from stage_officers where bad is null and rank is not null and rank_mapped is null
       union all select 'category', category from stage_allegations where bad is null and category is not null and category_mapped is null
       union all select 'finding', finding from stage_allegations where bad is null and finding is not null and finding_mapped is null
       union all select 'outcome', outcome from stage_allegations where bad is null and outcome is not null and outcome_mapped is null
     ) u group by vocabulary, value order by vocabulary, rows desc, value limit $1`,
    [limit],
  )
}

const CASE_FIELDS = [
  'force_id',
  'kind',
  'received_on',
  'incident_on',
  'incident_time',
  'location',
  'postcode',
  'latitude',
  'longitude',
  'category',
  'category_mapped',
  'summary',
  'closed_on',
]
const OFFICER_FIELDS = [
  'force_id',
  'warrant_number',
  'surname',
  'forenames',
  'rank',
  'rank_mapped',
  'sex',
  'ethnicity',
  'appointed_on',
  'birth_year',
]
const ALLEGATION_FIELDS = [
  'category',
  'category_mapped',
  'standard',
  'finding',
  'finding_mapped',
  'outcome',
  'outcome_mapped',
]

const list = (fields: readonly string[], prefix = '') => fields.map((f) => prefix + f).join(', ')
const jsonOf = (fields: readonly string[], prefix: string) =>
  `jsonb_build_object(${fields.map((f) => `'${f}', ${prefix}${f}`).join(', ')})`

interface MergeArgs {
  importId: string
  source: string
  actorUserId: string | null
  requestId: string | null
}

/**
 * Updates the records whose staged values differ, recording before and after in the audit trail
 * first (in the same transaction), and returns how many changed.
 */
async function updateChanged(
  s: BulkSession,
  args: MergeArgs,
  target: string,
  entityType: string,
  fields: readonly string[],
  from: string,
): Promise<number> {
  const differs = `(${list(fields, 't.')}) is distinct from (${list(fields, 'f.')})`
  await s.query(
    `insert into audit_log (id, occurred_at, actor_user_id, action, entity_type, entity_id, request_id, detail)
     select gen_random_uuid(), date_trunc('milliseconds', now()), $2, '${entityType}.updated_by_import', '${entityType}', t.id::text, $3,
       jsonb_build_object('importId', $1::text, 'before', ${jsonOf(fields, 't.')}, 'after', ${jsonOf(fields, 'f.')})
     from ${target} t join (${from}) f on f.id = t.id where ${differs}`,
    [args.importId, args.actorUserId, args.requestId],
  )
  const rows = await s.query<{ n: number }>(
    `with u as (update ${target} t set ${fields.map((c) => `${c} = f.${c}`).join(', ')}, last_import_id = $1, updated_at = now()
       from (${from}) f where f.id = t.id and ${differs} returning 1)
     select count(*)::int as n from u`,
    [args.importId],
  )
  return rows[0]?.n ?? 0
}

/**
 * Imports and undos write the historical records one at a time: their references are checked
 * per statement, not by row-locking foreign keys (migration 0056, ADR 0025), so no undo may
 * delete a record between an import's check and its commit. Held until the transaction ends.
 */
async function lockHistory(s: BulkSession): Promise<void> {
  await s.query(`select pg_advisory_xact_lock(hashtext('candour.historical-records'))`)
}

/**
 * Runs an insert into an historical table; when the table is empty (history brought in for the
 * first time, usually the largest import there will be) its secondary indexes are dropped first
 * and built again after, which is several times cheaper than maintaining them row by row. The
 * index definitions are read from the catalogue, so an index a later migration adds is rebuilt as
 * it was defined. Constraint indexes (primary key, unique) stay: the insert relies on them. Nobody
 * can be reading an empty table, and the drop's lock ends with the import's transaction.
 */
async function insertRebuildingIndexesWhenEmpty(s: BulkSession, table: string, insert: () => Promise<number>) {
  const [empty] = await s.query<{ empty: boolean }>(`select not exists (select 1 from ${table}) as empty`)
  if (!empty?.empty) return insert()
  const indexes = await s.query<{ name: string; definition: string }>(
    `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition
     from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = $1::regclass
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)
     order by i.relname`,
    [table],
  )
  for (const index of indexes) await s.query(`drop index ${index.name}`)
  const inserted = await insert()
  for (const index of indexes) await s.query(index.definition)
  return inserted
}

/** Writes the staged good rows into the historical records. Call inside one transaction. */
export async function merge(s: BulkSession, args: MergeArgs): Promise<MergeCounts> {
  const one = async (text: string, params: readonly unknown[] = []) =>
    (await s.query<{ n: number }>(text, params))[0]?.n ?? 0
  await lockHistory(s)

  // Officers named only by force and warrant number on an allegation are officers too.
  await s.query(
    `insert into stage_officers (file_no, row_no, source_id, force_id, warrant_number, synthesised)
     select distinct on (force_id, lower(warrant_number)) file_no, row_no, null, force_id, warrant_number, true
     from stage_allegations a where bad is null and officer_source_id is null
       and not exists (select 1 from stage_officers o where o.bad is null and o.force_id = a.force_id
                       and lower(o.warrant_number) = lower(a.warrant_number))
     order by force_id, lower(warrant_number), file_no, row_no`,
  )
  await s.query(`analyze stage_officers`)
  // Who each staged officer is: this source's id for them, else force and warrant number, else new.
  await s.query(
    `update stage_officers o set officer_id = h.historical_officer_id from historical_officer_aliases h
     where o.bad is null and o.source_id is not null and h.source = $1 and h.source_id = o.source_id`,
    [args.source],
  )
  await s.query(
    `update stage_officers o set officer_id = h.id from historical_officers h
     where o.bad is null and o.officer_id is null and o.warrant_number is not null
       and h.force_id = o.force_id and lower(h.warrant_number) = lower(o.warrant_number)`,
  )
  await s.query(
    `update stage_officers o set officer_id = r.officer_id
     from (select distinct on (key) key, officer_id from stage_officers where bad is null and officer_id is not null order by key, file_no, row_no) r
     where o.bad is null and o.officer_id is null and o.key = r.key`,
  )
  await s.query(
    `update stage_officers o set officer_id = k.id
     from (select key, gen_random_uuid() as id from (select distinct key from stage_officers where bad is null and officer_id is null) d) k
     where o.bad is null and o.officer_id is null and o.key = k.key`,
  )
  // Each officer's values: their last row in the files (a synthesised row only when there is no other).
  await s.query(`drop table if exists final_officers`)
  await s.query(
    `create temp table final_officers as
     select distinct on (officer_id) officer_id as id, synthesised, ${list(OFFICER_FIELDS)}
     from stage_officers where bad is null order by officer_id, synthesised, file_no desc, row_no desc`,
  )
  await s.query(`analyze final_officers`)
  const officersCreated = await insertRebuildingIndexesWhenEmpty(s, 'historical_officers', () =>
    one(
      `with i as (insert into historical_officers (id, import_id, last_import_id, ${list(OFFICER_FIELDS)})
       select f.id, $1, $1, ${list(OFFICER_FIELDS, 'f.')} from final_officers f
       where not exists (select 1 from historical_officers h where h.id = f.id) returning 1)
     select count(*)::int as n from i`,
      [args.importId],
    ),
  )
  const officersUpdated = await updateChanged(
    s,
    args,
    'historical_officers',
    'historical_officer',
    // A synthesised row knows only force and warrant number: it never blanks out what a source said.
    OFFICER_FIELDS,
    `select * from final_officers where not synthesised`,
  )
  const officersTotal = await one(`select count(*)::int as n from final_officers`)
  await s.query(
    `insert into historical_officer_aliases (source, source_id, historical_officer_id, import_id)
     select distinct on (source_id) $1, source_id, officer_id, $2 from stage_officers
     where bad is null and source_id is not null order by source_id, file_no, row_no
     on conflict (source, source_id) do nothing`,
    [args.source, args.importId],
  )

  // Cases: matched on the source and its id.
  await s.query(
    `update stage_cases c set case_id = h.id from historical_cases h
     where c.bad is null and h.source = $1 and h.source_id = c.source_id`,
    [args.source],
  )
  await s.query(`update stage_cases set case_id = gen_random_uuid() where bad is null and case_id is null`)
  const casesCreated = await insertRebuildingIndexesWhenEmpty(s, 'historical_cases', () =>
    one(
      `with i as (insert into historical_cases (id, import_id, last_import_id, source, source_id, ${list(CASE_FIELDS)})
       select c.case_id, $1, $1, $2, c.source_id, ${list(CASE_FIELDS, 'c.')} from stage_cases c
       where c.bad is null and not exists (select 1 from historical_cases h where h.id = c.case_id) returning 1)
     select count(*)::int as n from i`,
      [args.importId, args.source],
    ),
  )
  const casesUpdated = await updateChanged(
    s,
    args,
    'historical_cases',
    'historical_case',
    CASE_FIELDS,
    `select case_id as id, ${list(CASE_FIELDS)} from stage_cases where bad is null`,
  )
  const casesTotal = await one(`select count(*)::int as n from stage_cases where bad is null`)

  // Allegations: each row's case and officer resolved, and its ordinal (the n-th against an
  // officer on a case, in file order), in one pass that writes each staged row once — updating
  // the staged rows column by column rewrote a million rows six times.
  await s.query(`analyze stage_cases`)
  await s.query(`drop table if exists final_allegations`)
  await s.query(
    `create temp table final_allegations as
     with resolved as (
       select a.file_no, a.row_no, coalesce(c.case_id, hc.id) as case_id,
         coalesce(o.officer_id, ha.historical_officer_id, w.officer_id) as officer_id, ${list(ALLEGATION_FIELDS, 'a.')}
       from stage_allegations a
       left join stage_cases c on c.bad is null and c.source_id = a.case_source_id
       left join historical_cases hc on c.source_id is null and hc.source = $1 and hc.source_id = a.case_source_id
       left join stage_officers o on a.officer_source_id is not null and o.bad is null and o.source_id = a.officer_source_id
       left join historical_officer_aliases ha on a.officer_source_id is not null and o.source_id is null
         and ha.source = $1 and ha.source_id = a.officer_source_id
       left join (select distinct on (key) key, officer_id from stage_officers
                  where bad is null and warrant_number is not null order by key) w
         on a.officer_source_id is null and w.key = a.force_id::text || '/' || lower(a.warrant_number)
       where a.bad is null),
     numbered as (
       select r.*, row_number() over (partition by case_id, officer_id order by file_no, row_no)::integer as ordinal
       from resolved r)
     select coalesce(h.id, gen_random_uuid()) as id, h.id is null as new, n.case_id, n.officer_id, n.ordinal, ${list(ALLEGATION_FIELDS, 'n.')}
     from numbered n left join historical_allegations h
       on h.historical_case_id = n.case_id and h.historical_officer_id = n.officer_id and h.ordinal = n.ordinal`,
    [args.source],
  )
  await s.query(`analyze final_allegations`)
  const allegationsCreated = await insertRebuildingIndexesWhenEmpty(s, 'historical_allegations', () =>
    one(
      `with i as (insert into historical_allegations (id, import_id, last_import_id, historical_case_id, historical_officer_id, ordinal, ${list(ALLEGATION_FIELDS)})
       select id, $1, $1, case_id, officer_id, ordinal, ${list(ALLEGATION_FIELDS)} from final_allegations where new returning 1)
     select count(*)::int as n from i`,
      [args.importId],
    ),
  )
  const allegationsUpdated = await updateChanged(
    s,
    args,
    'historical_allegations',
    'historical_allegation',
    ALLEGATION_FIELDS,
    `select * from final_allegations where not new`,
  )
  const allegationsTotal = await one(`select count(*)::int as n from final_allegations`)
  await s.query(`drop table if exists final_allegations`)
  await s.query(`drop table if exists final_officers`)

  const counts = (total: number, created: number, updated: number) => ({
    created,
    updated,
    unchanged: total - created - updated,
  })
  return {
    cases: counts(casesTotal, casesCreated, casesUpdated),
    officers: counts(officersTotal, officersCreated, officersUpdated),
    allegations: counts(allegationsTotal, allegationsCreated, allegationsUpdated),
  }
}

// The import's own row ---------------------------------------------------------------------------

export async function insertImport(
  s: BulkSession,
  row: {
    id: string
    source: string
    dryRun: boolean
    skipInvalid: boolean
    files: readonly string[]
    startedBy: string | null
  },
): Promise<void> {
  await s.query(
    `insert into imports (id, source, status, dry_run, skip_invalid, files, started_by) values ($1, $2, 'running', $3, $4, $5, $6)`,
    [row.id, row.source, row.dryRun, row.skipInvalid, JSON.stringify(row.files), row.startedBy],
  )
}

export async function finishImport(
  s: BulkSession,
  id: string,
  outcome: {
    status: 'completed' | 'failed' | 'validated'
    counts: object
    unmapped: readonly UnmappedValue[]
    errorCount: number
    failure: string | null
  },
): Promise<void> {
  await s.query(
    `update imports set status = $2, counts = $3, unmapped = $4, error_count = $5, failure = $6, finished_at = now() where id = $1`,
    [
      id,
      outcome.status,
      JSON.stringify(outcome.counts),
      JSON.stringify(outcome.unmapped),
      outcome.errorCount,
      outcome.failure,
    ],
  )
}

export async function insertAudit(
  s: BulkSession,
  entry: { action: string; entityId: string; actorUserId: string | null; requestId: string | null; detail: unknown },
): Promise<void> {
  await s.query(
    `insert into audit_log (id, occurred_at, actor_user_id, action, entity_type, entity_id, request_id, detail)
     values (gen_random_uuid(), date_trunc('milliseconds', now()), $1, $2, 'import', $3, $4, $5)`,
    [entry.actorUserId, entry.action, entry.entityId, entry.requestId, JSON.stringify(entry.detail)],
  )
}

// Undo ------------------------------------------------------------------------------------------

export interface ImportRow {
  id: string
  source: string
  status: string
  dry_run: boolean
}

export async function findImport(s: BulkSession, id: string, lock = false): Promise<ImportRow | undefined> {
  const rows = await s.query<ImportRow>(
    `select id, source, status, dry_run from imports where id = $1${lock ? ' for update' : ''}`,
    [id],
  )
  return rows[0]
}

/**
 * Why an import cannot be undone, if it cannot: its records changed by a later import, records of
 * earlier imports it changed (their earlier values live only in the audit trail), or anything
 * else that refers to its records.
 */
export async function undoBlockers(s: BulkSession, id: string): Promise<string[]> {
  const [row] = await s.query<Record<string, number>>(
    `select
       (select count(*)::int from historical_cases where import_id = $1 and last_import_id <> $1)
       + (select count(*)::int from historical_officers where import_id = $1 and last_import_id <> $1)
       + (select count(*)::int from historical_allegations where import_id = $1 and last_import_id <> $1) as changed_later,
       (select count(*)::int from historical_cases where last_import_id = $1 and import_id <> $1)
       + (select count(*)::int from historical_officers where last_import_id = $1 and import_id <> $1)
       + (select count(*)::int from historical_allegations where last_import_id = $1 and import_id <> $1) as changed_earlier,
       (select count(*)::int from historical_allegations a join historical_cases c on c.id = a.historical_case_id
          where c.import_id = $1 and a.import_id <> $1)
       + (select count(*)::int from historical_allegations a join historical_officers o on o.id = a.historical_officer_id
          where o.import_id = $1 and a.import_id <> $1)
       + (select count(*)::int from historical_officer_aliases al join historical_officers o on o.id = al.historical_officer_id
          where o.import_id = $1 and al.import_id <> $1) as referred_to`,
    [id],
  )
  const blockers: string[] = []
  if (row?.changed_later)
    blockers.push(`${row.changed_later} of its records were changed by a later import: undo that import first`)
  if (row?.changed_earlier)
    blockers.push(
      `it changed ${row.changed_earlier} records of earlier imports, whose earlier values are only in the audit trail`,
    )
  if (row?.referred_to) blockers.push(`${row.referred_to} records created since refer to its records`)
  return blockers
}

export async function deleteImportedRecords(
  s: BulkSession,
  id: string,
): Promise<{ cases: number; officers: number; allegations: number }> {
  const n = async (text: string) => (await s.query<{ n: number }>(text, [id]))[0]?.n ?? 0
  await lockHistory(s)
  const allegations = await n(
    `with d as (delete from historical_allegations where import_id = $1 returning 1) select count(*)::int as n from d`,
  )
  await s.query(`delete from historical_officer_aliases where import_id = $1`, [id])
  const cases = await n(
    `with d as (delete from historical_cases where import_id = $1 returning 1) select count(*)::int as n from d`,
  )
  const officers = await n(
    `with d as (delete from historical_officers where import_id = $1 returning 1) select count(*)::int as n from d`,
  )
  await s.query(`update imports set status = 'undone', undone_at = now() where id = $1`, [id])
  return { cases, officers, allegations }
}

export async function setUndoneBy(s: BulkSession, id: string, userId: string | null): Promise<void> {
  await s.query(`update imports set undone_by = $2 where id = $1`, [id, userId])
}

export async function errorPage(
  s: BulkSession,
  id: string,
  afterSeq: number,
  limit: number,
): Promise<(StoredError & { seq: number })[]> {
  const rows = await s.query<{
    seq: number
    file: string
    row_number: number | null
    column_name: string | null
    value: string | null
    message: string
  }>(
    `select seq, file, row_number, column_name, value, message from import_errors
     where import_id = $1 and seq > $2 order by seq limit $3`,
    [id, afterSeq, limit],
  )
  return rows.map((r) => ({
    seq: r.seq,
    file: r.file,
    row: r.row_number,
    column: r.column_name,
    value: r.value,
    message: r.message,
  }))
}

/** The forces an import may name (a handful: loaded once per import). */
export async function forces(s: BulkSession): Promise<{ id: string; code: string }[]> {
  return s.query(`select id, code from organisations where kind = 'police_force'`)
}
