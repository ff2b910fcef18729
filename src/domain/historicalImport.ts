/**
 * The import format for history brought in from earlier systems (docs/import.md): the three
 * files and their fixed columns, the mapping file, and the check of one row. Pure: the caller
 * streams rows in and says which forces exist; checks that need every row (duplicate source ids,
 * references between files and to earlier imports) are set-based and run in the database.
 */
import { z } from 'zod'
import { OUTCOMES } from './vocabulary.js'

export const IMPORT_FILE_KINDS = ['cases', 'officers', 'allegations'] as const
export type ImportFileKind = (typeof IMPORT_FILE_KINDS)[number]

export const IMPORT_COLUMNS: Record<ImportFileKind, { required: readonly string[]; all: readonly string[] }> = {
  cases: {
    required: ['source_id', 'force_code', 'received_on'],
    all: [
      'source_id',
      'force_code',
      'kind',
      'received_on',
      'incident_on',
      'incident_time',
      'location',
      'postcode',
      'latitude',
      'longitude',
      'category',
      'summary',
      'closed_on',
    ],
  },
  officers: {
    required: ['source_id', 'force_code'],
    all: [
      'source_id',
      'force_code',
      'warrant_number',
      'surname',
      'forenames',
      'rank',
      'sex',
      'ethnicity',
      'appointed_on',
      'birth_year',
    ],
  },
  allegations: {
    required: ['case_source_id'],
    all: [
      'case_source_id',
      'officer_source_id',
      'force_code',
      'warrant_number',
      'category',
      'standard',
      'finding',
      'outcome',
    ],
  },
}

export const HISTORICAL_CASE_KINDS = [
  'complaint',
  'conduct_matter',
  'death_or_serious_injury',
  'investigation',
] as const

/** What a source's findings map to: the finding on an allegation, whatever process reached it. */
export const HISTORICAL_FINDINGS = [
  'upheld',
  'not_upheld',
  'case_to_answer',
  'no_case_to_answer',
  'not_determined',
  'withdrawn',
] as const

export const HISTORICAL_FINDING_LABELS: Record<(typeof HISTORICAL_FINDINGS)[number], string> = {
  upheld: 'Upheld',
  not_upheld: 'Not upheld',
  case_to_answer: 'Case to answer',
  no_case_to_answer: 'No case to answer',
  not_determined: 'Not determined',
  withdrawn: 'Withdrawn',
}

/** Longest value any column takes; a longer one is an error, never truncated. */
export const MAX_VALUE_LENGTH = 10_000

const mappingTable = (targets?: readonly string[]) =>
  z.record(
    z.string().min(1).max(500),
    targets
      ? z.enum(targets as [string, ...string[]])
      : z
          .string()
          .min(1)
          .max(200)
          .regex(/^[a-z0-9_]+$/, 'a mapped value is lower case letters, digits and underscores'),
  )

/**
 * The optional mapping file: for each vocabulary, source value → Candour value. Matching is
 * exact after trimming; a value with no entry is kept as it is and listed in the import report.
 */
export const vocabularyMappingSchema = z
  .object({
    category: mappingTable().optional(),
    finding: mappingTable(HISTORICAL_FINDINGS).optional(),
    outcome: mappingTable(OUTCOMES).optional(),
    rank: mappingTable().optional(),
  })
  .strict()
export type VocabularyMapping = z.infer<typeof vocabularyMappingSchema>
export type MappedVocabulary = keyof VocabularyMapping

export interface RowError {
  column: string | null
  value: string | null
  message: string
}

/** Header problems: a missing required column or a column the format does not have. */
export function checkHeader(kind: ImportFileKind, header: readonly string[]): RowError[] {
  const errors: RowError[] = []
  const known = new Set(IMPORT_COLUMNS[kind].all)
  const seen = new Set<string>()
  for (const name of header) {
    if (!known.has(name))
      errors.push({
        column: name,
        value: null,
        message: `${name} is not a column of ${kind} files (the columns are: ${IMPORT_COLUMNS[kind].all.join(', ')})`,
      })
    else if (seen.has(name)) errors.push({ column: name, value: null, message: `${name} appears twice in the header` })
    seen.add(name)
  }
  for (const name of IMPORT_COLUMNS[kind].required)
    if (!seen.has(name)) errors.push({ column: name, value: null, message: `the required column ${name} is missing` })
  if (
    kind === 'allegations' &&
    !seen.has('officer_source_id') &&
    !(seen.has('force_code') && seen.has('warrant_number'))
  )
    errors.push({
      column: 'officer_source_id',
      value: null,
      message: 'allegations need an officer_source_id column, or force_code and warrant_number columns',
    })
  return errors
}

export interface RowContext {
  /** Force codes Candour knows → organisation id. */
  forces: ReadonlyMap<string, string>
  mapping: VocabularyMapping
}

export interface HistoricalCaseRow {
  sourceId: string
  forceId: string
  kind: string | null
  receivedOn: string
  incidentOn: string | null
  incidentTime: string | null
  location: string | null
  postcode: string | null
  latitude: string | null
  longitude: string | null
  category: string | null
  categoryMapped: string | null
  summary: string | null
  closedOn: string | null
}

export interface HistoricalOfficerRow {
  sourceId: string
  forceId: string
  warrantNumber: string | null
  surname: string | null
  forenames: string | null
  rank: string | null
  rankMapped: string | null
  sex: string | null
  ethnicity: string | null
  appointedOn: string | null
  birthYear: number | null
}

export interface HistoricalAllegationRow {
  caseSourceId: string
  officerSourceId: string | null
  forceId: string | null
  warrantNumber: string | null
  category: string | null
  categoryMapped: string | null
  standard: string | null
  finding: string | null
  findingMapped: string | null
  outcome: string | null
  outcomeMapped: string | null
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: RowError[] }

/** Reads one row's values, trimming each and treating an empty cell as absent. */
class RowReader {
  readonly errors: RowError[] = []
  constructor(private readonly raw: Readonly<Record<string, string | undefined>>) {}

  text(column: string, required = false): string | null {
    const value = (this.raw[column] ?? '').trim()
    if (value === '') {
      if (required) this.errors.push({ column, value: null, message: `${column} is required` })
      return null
    }
    if (value.length > MAX_VALUE_LENGTH) {
      this.errors.push({
        column,
        value: value.slice(0, 60) + '…',
        message: `${column} is longer than ${MAX_VALUE_LENGTH} characters`,
      })
      return null
    }
    return value
  }

  date(column: string, required = false): string | null {
    const value = this.text(column, required)
    if (value === null) return null
    if (!isCalendarDate(value)) {
      this.errors.push({ column, value, message: `${column} must be a real date written YYYY-MM-DD` })
      return null
    }
    return value
  }

  oneOf(column: string, values: readonly string[]): string | null {
    const value = this.text(column)
    if (value !== null && !values.includes(value)) {
      this.errors.push({ column, value, message: `${column} must be one of: ${values.join(', ')}` })
      return null
    }
    return value
  }

  force(column: string, ctx: RowContext, required: boolean): string | null {
    const code = this.text(column, required)
    if (code === null) return null
    const id = ctx.forces.get(code)
    if (!id) {
      this.errors.push({
        column,
        value: code,
        message: `unknown force ${code}: add it with candour organisations add --code ${code} --name NAME`,
      })
      return null
    }
    return id
  }

  decimal(column: string, min: number, max: number): string | null {
    const value = this.text(column)
    if (value === null) return null
    const n = Number(value)
    if (!/^-?\d{1,3}(\.\d{1,6})?$/.test(value) || n < min || n > max) {
      this.errors.push({ column, value, message: `${column} must be a number from ${min} to ${max}, to 6 places` })
      return null
    }
    return value
  }

  mapped(column: string, vocabulary: MappedVocabulary, ctx: RowContext): [string | null, string | null] {
    const value = this.text(column)
    if (value === null) return [null, null]
    return [value, ctx.mapping[vocabulary]?.[value] ?? null]
  }
}

/** A real calendar date written YYYY-MM-DD (no 2023-02-30), years 1900 to 2199. */
export function isCalendarDate(value: string): boolean {
  const m = /^(19|20|21)(\d\d)-(\d\d)-(\d\d)$/.exec(value)
  if (!m) return false
  const year = Number(m[1]! + m[2]!)
  const month = Number(m[3])
  const day = Number(m[4])
  if (month < 1 || month > 12 || day < 1) return false
  const days = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ]
  return day <= days[month - 1]!
}

function result<T>(reader: RowReader, value: T): RowResult<T> {
  return reader.errors.length ? { ok: false, errors: reader.errors } : { ok: true, value }
}

export function checkCaseRow(
  raw: Readonly<Record<string, string | undefined>>,
  ctx: RowContext,
): RowResult<HistoricalCaseRow> {
  const r = new RowReader(raw)
  const sourceId = r.text('source_id', true)
  const forceId = r.force('force_code', ctx, true)
  const receivedOn = r.date('received_on', true)
  const incidentOn = r.date('incident_on')
  const closedOn = r.date('closed_on')
  const incidentTime = r.text('incident_time')
  if (incidentTime !== null && !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(incidentTime))
    r.errors.push({
      column: 'incident_time',
      value: incidentTime,
      message: 'incident_time must be a time written HH:MM',
    })
  if (receivedOn && closedOn && closedOn < receivedOn)
    r.errors.push({ column: 'closed_on', value: closedOn, message: 'closed_on cannot be before received_on' })
  const [category, categoryMapped] = r.mapped('category', 'category', ctx)
  return result(r, {
    sourceId: sourceId!,
    forceId: forceId!,
    kind: r.oneOf('kind', HISTORICAL_CASE_KINDS),
    receivedOn: receivedOn!,
    incidentOn,
    incidentTime,
    location: r.text('location'),
    postcode: r.text('postcode'),
    latitude: r.decimal('latitude', -90, 90),
    longitude: r.decimal('longitude', -180, 180),
    category,
    categoryMapped,
    summary: r.text('summary'),
    closedOn,
  })
}

export function checkOfficerRow(
  raw: Readonly<Record<string, string | undefined>>,
  ctx: RowContext,
): RowResult<HistoricalOfficerRow> {
  const r = new RowReader(raw)
  const sourceId = r.text('source_id', true)
  const forceId = r.force('force_code', ctx, true)
  const birth = r.text('birth_year')
  let birthYear: number | null = null
  if (birth !== null) {
    if (/^(19|20)\d\d$/.test(birth)) birthYear = Number(birth)
    else r.errors.push({ column: 'birth_year', value: birth, message: 'birth_year must be a year written YYYY' })
  }
  const [rank, rankMapped] = r.mapped('rank', 'rank', ctx)
  return result(r, {
    sourceId: sourceId!,
    forceId: forceId!,
    warrantNumber: r.text('warrant_number'),
    surname: r.text('surname'),
    forenames: r.text('forenames'),
    rank,
    rankMapped,
    sex: r.text('sex'),
    ethnicity: r.text('ethnicity'),
    appointedOn: r.date('appointed_on'),
    birthYear,
  })
}

export function checkAllegationRow(
  raw: Readonly<Record<string, string | undefined>>,
  ctx: RowContext,
): RowResult<HistoricalAllegationRow> {
  const r = new RowReader(raw)
  const caseSourceId = r.text('case_source_id', true)
  const officerSourceId = r.text('officer_source_id')
  const warrantNumber = r.text('warrant_number')
  // The officer's source id wins when both are given; force and warrant number are then ignored.
  const forceId = officerSourceId === null ? r.force('force_code', ctx, false) : null
  if (officerSourceId === null && (warrantNumber === null || (forceId === null && !r.errors.length)))
    r.errors.push({
      column: 'officer_source_id',
      value: null,
      message: 'an allegation needs officer_source_id, or force_code and warrant_number',
    })
  const [category, categoryMapped] = r.mapped('category', 'category', ctx)
  const [finding, findingMapped] = r.mapped('finding', 'finding', ctx)
  const [outcome, outcomeMapped] = r.mapped('outcome', 'outcome', ctx)
  return result(r, {
    caseSourceId: caseSourceId!,
    officerSourceId,
    forceId: officerSourceId === null ? forceId : null,
    warrantNumber: officerSourceId === null ? warrantNumber : null,
    category,
    categoryMapped,
    standard: r.text('standard'),
    finding,
    findingMapped,
    outcome,
    outcomeMapped,
  })
}

/** Which of the three files a file name is: cases.csv, officers-2019.jsonl, allegations_b.csv … */
export function fileKindOf(fileName: string): { kind: ImportFileKind; format: 'csv' | 'jsonl' } | null {
  const m = /^(cases|officers|allegations)([-_.][^/\\]*)?\.(csv|jsonl|ndjson)$/i.exec(fileName)
  if (!m) return null
  return { kind: m[1]!.toLowerCase() as ImportFileKind, format: m[3]!.toLowerCase() === 'csv' ? 'csv' : 'jsonl' }
}
