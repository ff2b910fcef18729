/**
 * The benchmark data set: a realistic, deterministic Candour database of any size (100,000
 * investigations by default, with 30,000 officers, 300,000 allegations and 1,000,000 chronology
 * events), bulk-loaded with COPY into a database the migrations have just brought up to date.
 *
 * Everything comes from a seeded PRNG (never Math.random), so the same seed and size give the
 * same rows, ids and references on every run and on either database. Names are fictional. The
 * loader is a data-layer tool: it writes SQL and COPY streams directly rather than through the
 * services, because a million audited, one-at-a-time service calls would take hours. The audit
 * trail is therefore empty after loading; everything else is what the services would have
 * written (gap-free references per year, search_text as refreshSearchText builds it, one lead and
 * decision maker per case on the team, assessments kept with their referrals).
 */
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { Kysely, PGliteDialect } from 'kysely'
import fs from 'node:fs'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { REFERRAL_CATEGORIES, STANDARDS_OF_PROFESSIONAL_BEHAVIOUR } from '../../domain/vocabulary.js'
import { openDatabase } from '../database.js'
import { migrateToLatest } from '../migrator.js'
import type { Database } from '../schema.js'

export interface BenchDataOptions {
  /** Number of investigations; everything else scales with it (default 100,000). */
  investigations?: number
  seed?: number
  /** The last day of the data set (default 2026-11-01, so a run does not depend on today). */
  endDate?: string
  /** The user the benchmark signs in as. */
  benchUser?: { email: string; passwordHash: string | null }
  /** Progress lines (table, rows, seconds). */
  log?: (line: string) => void
}

export interface BenchDataSummary {
  rows: Record<string, number>
  seconds: number
  benchUserId: string
  benchUserEmail: string
  /** Investigations the bench user is on the team of. */
  benchUserCases: number
  largestInvestigationId: string
  largestChronologyEvents: number
  /** A force with cases where the bench user is on the team, for the list filter. */
  listForceId: string
  /** A surname that occurs among subjects, for the search. */
  searchSurname: string
}

export const BENCH_USER_EMAIL = 'bench.lead@candour.example'

/** Where rows go: a COPY stream per table, plus plain statements. */
interface Sink {
  kind: 'postgres' | 'pglite'
  exec(sql: string): Promise<void>
  rows<T>(sql: string): Promise<T[]>
  copy(table: string, columns: readonly string[], lines: Iterable<string>): Promise<number>
  close(): Promise<void>
}

// Seeded randomness ------------------------------------------------------------------------------

/** mulberry32: small, fast and good enough for test data. Returns floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A stream of randomness for one entity, independent of every other entity's. */
function streamFor(seed: number, tag: number, index: number): Rng {
  let h = (seed ^ Math.imul(tag, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
  return new Rng(prng(h ^ (h >>> 16)))
}

class Rng {
  constructor(readonly next: () => number) {}
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!
  }
  chance(p: number): boolean {
    return this.next() < p
  }
  /** Picks by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0)
    let r = this.next() * total
    for (const [value, weight] of choices) {
      r -= weight
      if (r < 0) return value
    }
    return choices[choices.length - 1]![0]
  }
}

// Ids, dates and COPY text -----------------------------------------------------------------------

const TAG = {
  organisation: 1,
  user: 2,
  officer: 3,
  investigation: 4,
  referral: 5,
  involvedPerson: 6,
  assessment: 7,
  subject: 8,
  allegation: 9,
  severity: 10,
  chronology: 11,
} as const

/**
 * A deterministic UUID v7: the millisecond timestamp first (so ids sort roughly by creation, as
 * uuidv7() ids do), then the table tag and the row's index where v7 has random bits.
 */
function uuid(tag: number, index: number, ms: number): string {
  const t = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12)
  const tg = tag.toString(16).padStart(3, '0')
  const ix = index.toString(16).padStart(15, '0')
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${tg}-8${ix.slice(0, 3)}-${ix.slice(3, 15)}`
}

const DAY_MS = 86_400_000
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const instantOf = (ms: number) => new Date(ms).toISOString()

/** COPY text format: tab-separated, \N for null, backslash escapes. */
function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '\\N'
  if (typeof value === 'number') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
}
const line = (values: readonly (string | number | boolean | null | undefined)[]) => values.map(field).join('\t') + '\n'
const pgArray = (values: readonly string[]) => `{${values.join(',')}}`

// Vocabulary for fictional names and places ------------------------------------------------------

const GIVEN_NAMES = [
  'Aaron',
  'Abigail',
  'Adam',
  'Aisha',
  'Alan',
  'Alice',
  'Amara',
  'Amelia',
  'Amir',
  'Andrew',
  'Anna',
  'Arjun',
  'Ben',
  'Beth',
  'Bilal',
  'Bronwen',
  'Callum',
  'Carys',
  'Charlotte',
  'Chloe',
  'Chris',
  'Ciaran',
  'Claire',
  'Connor',
  'Daniel',
  'Deborah',
  'Declan',
  'Dylan',
  'Eilidh',
  'Eleanor',
  'Ellis',
  'Emily',
  'Emma',
  'Ethan',
  'Faisal',
  'Fatima',
  'Finn',
  'Fiona',
  'Freya',
  'Gareth',
  'Gemma',
  'George',
  'Grace',
  'Hannah',
  'Harriet',
  'Harry',
  'Hassan',
  'Helen',
  'Ian',
  'Imran',
  'Isla',
  'Jack',
  'Jade',
  'James',
  'Jasmine',
  'Jason',
  'Jessica',
  'Joanne',
  'John',
  'Jordan',
  'Joseph',
  'Karen',
  'Kieran',
  'Laura',
  'Leah',
  'Liam',
  'Lily',
  'Lucy',
  'Luke',
  'Mark',
  'Martin',
  'Matthew',
  'Megan',
  'Michael',
  'Mohammed',
  'Molly',
  'Naomi',
  'Nathan',
  'Neil',
  'Nia',
  'Niamh',
  'Nicola',
  'Oliver',
  'Olivia',
  'Owen',
  'Paul',
  'Peter',
  'Priya',
  'Rachel',
  'Rebecca',
  'Rhys',
  'Richard',
  'Robert',
  'Rosie',
  'Ruth',
  'Ryan',
  'Sam',
  'Sarah',
  'Scott',
  'Sean',
  'Sian',
  'Simon',
  'Sophie',
  'Stephen',
  'Stuart',
  'Tariq',
  'Thomas',
  'Tom',
  'Tyler',
  'Victoria',
  'William',
  'Zara',
]
const SURNAME_STEMS = [
  'Ash',
  'Bark',
  'Black',
  'Bram',
  'Brook',
  'Burn',
  'Cald',
  'Cart',
  'Clay',
  'Cold',
  'Crom',
  'Dale',
  'Dun',
  'East',
  'Elm',
  'Fair',
  'Fern',
  'Fox',
  'Gale',
  'Glen',
  'Gold',
  'Green',
  'Hal',
  'Hart',
  'Hay',
  'Heath',
  'Holl',
  'Kings',
  'Lang',
  'Lea',
  'Lock',
  'Marsh',
  'Mill',
  'Moor',
  'Nor',
  'Oak',
  'Pen',
  'Red',
  'Ridge',
  'Rook',
  'Rush',
  'Sand',
  'Shaw',
  'Stan',
  'Stock',
  'Thorn',
  'Wal',
  'Wood',
]
const SURNAME_ENDS = ['by', 'combe', 'den', 'field', 'ford', 'ham', 'hurst', 'ley', 'more', 'ridge', 'ton', 'well']
/** 576 fictional surnames, e.g. 'Thornley', 'Brookfield'. */
const SURNAMES = SURNAME_STEMS.flatMap((s) => SURNAME_ENDS.map((e) => s + e))

const PLACE_STEMS = [
  'Ald',
  'Bex',
  'Carn',
  'Dray',
  'Elling',
  'Fen',
  'Gris',
  'Hol',
  'Ivy',
  'Kel',
  'Lud',
  'Mor',
  'Nether',
  'Or',
  'Pel',
  'Quen',
  'Ros',
  'Stow',
  'Tarn',
  'Ulv',
  'Wen',
  'Yar',
]
const PLACE_ENDS = [
  'bridge',
  'bury',
  'caster',
  'chester',
  'dale',
  'field',
  'ford',
  'gate',
  'ham',
  'mouth',
  'port',
  'wick',
]
const PLACES = PLACE_STEMS.flatMap((s) => PLACE_ENDS.map((e) => s + e))

const FORCE_NAMES = [
  'Northshire Police',
  'Westmarch Constabulary',
  'Eastvale Police',
  'Southmoor Constabulary',
  'Aldenshire Police',
  'Bramfordshire Constabulary',
  'Carrowdale Police',
  'Dunmere Constabulary',
  'Elmsworth Police',
  'Fenland Marches Police',
  'Glenhallow Constabulary',
  'Harrowgate Vale Police',
  'Ivel Valley Police',
  'Kestrel Coast Constabulary',
  'Lowmoor Police',
  'Marshland Police',
  'Nethercombe Constabulary',
  'Oakridge Police',
  'Pennine Reach Police',
  'Queensmere Constabulary',
  'Ravensholt Police',
  'Severnside Constabulary',
  'Thornbury Weald Police',
  'Upper Tarn Police',
  'Vale of Wenlow Police',
  'Wealdshire Constabulary',
  'Yarrowdale Police',
  'Ashcombe Police',
  'Blackwater Constabulary',
  'Coldharbour Police',
  'Downsmere Police',
  'Eskvale Constabulary',
  'Fairhaven Police',
  'Greystone Constabulary',
  'Highcliffe Police',
  'Kingsmoor Police',
  'Longmarsh Constabulary',
  'Millbrook Police',
  'Northfleet Constabulary',
  'Redcastle Police',
  'Stonebridge Police',
  'Tidewater Constabulary',
  'Metropolis Police Service',
]

const INCIDENTS = [
  'Death following police contact in',
  'Serious injury after arrest in',
  'Use of force during a stop and search in',
  'Police pursuit and collision in',
  'Handling of a domestic abuse report in',
  'Death in custody at',
  'Alleged abuse of position for a sexual purpose in',
  'Alleged corruption in the handling of evidence in',
  'Response to a missing person report in',
  'Discriminatory behaviour during an arrest in',
  'Use of a Taser in',
  'Firearms discharge in',
  'Handling of a mental health crisis in',
  'Alleged assault in a custody suite at',
  'Disclosure of confidential information in',
]

const EVENT_TITLES = [
  'Call received by the control room',
  'Officers deployed',
  'Officers arrive at the scene',
  'Person detained',
  'Handcuffs applied',
  'Taser drawn and red-dotted',
  'Person taken to custody',
  'Booked in at custody',
  'Cell check recorded',
  'Ambulance requested',
  'Paramedics arrive',
  'Person taken to hospital',
  'Force referral received',
  'Scene attended by investigators',
  'Body-worn video footage secured',
  'CCTV footage requested',
  'Witness statement taken',
  'Post-mortem examination',
  'Family liaison meeting',
  'Subject interviewed under caution',
  'Notice of investigation served',
  'Expert report received',
  'Decision maker briefed',
  'Terms of reference agreed',
]

const ALLEGATIONS = [
  'used force that was not necessary, proportionate or reasonable',
  'failed to carry out adequate checks on a detained person',
  'gave an inaccurate account of events in a statement',
  'failed to respond to a report of domestic abuse with sufficient urgency',
  'treated a member of the public less favourably because of their race',
  'accessed police systems without a policing purpose',
  'failed to challenge improper conduct by a colleague',
  'pursued a vehicle without authority',
  'disclosed confidential information to a third party',
  'used their position to pursue a relationship with a vulnerable person',
]

const ROLES_AT_TIME = [
  'Response officer',
  'Custody sergeant',
  'Detention officer',
  'Control room operator',
  'Driver of the pursuing vehicle',
  'Arresting officer',
  'Duty inspector',
  'Investigating officer',
]

// Sizes ------------------------------------------------------------------------------------------

function sizes(n: number) {
  return {
    investigations: n,
    officers: Math.max(200, Math.round(n * 0.3)),
    /** Oversight body staff; the bench user is the first. */
    leads: Math.max(5, Math.round(n / 2500)),
    investigators: Math.max(10, Math.round(n / 700)),
    decisionMakers: Math.max(3, Math.round(n / 3500)),
    caseWorkers: Math.max(3, Math.round(n / 3500)),
    administrators: 5,
    /** The bench user is on the team of about 2% of cases (2,000 of 100,000). */
    benchMembershipRate: 0.02,
    chronologyEvents: n * 10,
    largestChronology: Math.min(20_000, Math.max(200, Math.round(n * 0.2))),
    unassignedReferrals: Math.max(10, Math.round(n * 0.02)),
  }
}

const STATUS_BY_AGE: Record<'recent' | 'middle' | 'old', readonly (readonly [string, number])[]> = {
  recent: [
    ['assessed', 15],
    ['investigating', 63],
    ['report_drafting', 10],
    ['report_with_decision_maker', 4],
    ['suspended', 3],
    ['closed', 5],
  ],
  middle: [
    ['investigating', 25],
    ['report_drafting', 10],
    ['report_with_decision_maker', 8],
    ['report_sent_to_appropriate_authority', 7],
    ['awaiting_proceedings', 7],
    ['suspended', 3],
    ['closed', 40],
  ],
  old: [
    ['investigating', 3],
    ['report_sent_to_appropriate_authority', 3],
    ['awaiting_proceedings', 6],
    ['suspended', 2],
    ['reopened', 1],
    ['closed', 85],
  ],
}

// The generator ----------------------------------------------------------------------------------

interface Staff {
  id: string
  email: string
  name: string
  roles: string[]
}

interface Officer {
  id: string
  forceIndex: number
  warrant: string
  given: string
  family: string
  rank: string
  kind: 'police_officer' | 'police_staff'
}

interface CasePlan {
  index: number
  id: string
  openedMs: number
  createdMs: number
  updatedMs: number
  forceIndex: number
  status: string
  form: 'independent' | 'directed'
  lead: Staff
  decisionMaker: Staff
  investigators: Staff[]
  caseWorker: Staff | null
  benchMember: boolean
  subjects: { id: string; officer: Officer; ordinal: number }[]
  chronologyCount: number
  title: string
  reference: string
}

/** Fills an empty, migrated database with the benchmark data set. */
async function load(sink: Sink, options: BenchDataOptions): Promise<BenchDataSummary> {
  const started = performance.now()
  const log = options.log ?? (() => {})
  const n = Math.max(100, Math.floor(options.investigations ?? 100_000))
  const seed = options.seed ?? 20_260_101
  const size = sizes(n)
  const endMs = Date.parse(`${options.endDate ?? '2026-11-01'}T12:00:00Z`)
  const startMs = endMs - 8 * 365 * DAY_MS
  const rows: Record<string, number> = {}
  const copy = async (table: string, columns: readonly string[], lines: Iterable<string>) => {
    const t = performance.now()
    rows[table] = (rows[table] ?? 0) + (await sink.copy(table, columns, lines))
    log(
      `  ${table.padEnd(32)} ${String(rows[table]).padStart(9)} rows  ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
  }

  const existing = await sink.rows<{ n: number | string }>('select count(*) as n from investigations')
  if (Number(existing[0]?.n ?? 0) > 0)
    throw new Error('The database already has investigations: benchmark data goes into an empty database only.')

  // Bulk load without the secondary indexes (rebuilt afterwards from their own definitions, so
  // the schema ends exactly as the migrations made it) and without per-row foreign-key triggers.
  const tables = [
    'officers',
    'investigations',
    'investigation_members',
    'terms_of_reference',
    'referrals',
    'involved_people',
    'assessments',
    'subjects',
    'allegations',
    'severity_assessments',
    'chronology_events',
    'users',
  ]
  const indexes = await sink.rows<{ name: string; definition: string }>(`
    select i.indexname as name, i.indexdef as definition
    from pg_indexes i
    where i.schemaname = 'public' and i.tablename in (${tables.map((t) => `'${t}'`).join(', ')})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)
    order by i.indexname`)
  for (const ix of indexes) await sink.exec(`drop index ${ix.name}`)
  let triggersOff = false
  try {
    await sink.exec(`set session_replication_role = replica`)
    triggersOff = true
  } catch {
    log('  (foreign-key triggers stay on: not a superuser)')
  }

  // Organisations: the oversight body and 43 fictional forces.
  const oversightId = uuid(TAG.organisation, 0, startMs)
  const forceIds = FORCE_NAMES.map((_, i) => uuid(TAG.organisation, i + 1, startMs))
  const forceCodes = FORCE_NAMES.map(
    (name, i) =>
      name
        .split(' ')[0]!
        .toUpperCase()
        .replace(/[^A-Z]/g, '') + String(i + 1).padStart(2, '0'),
  )
  const taken = await sink.rows<{ code: string }>(`select code from organisations where code like 'BENCH-%'`)
  if (taken.length)
    throw new Error(
      'The database already has benchmark organisations: benchmark data goes into an empty database only.',
    )
  await copy(
    'organisations',
    ['id', 'name', 'kind', 'code', 'created_at'],
    [
      line([
        oversightId,
        'Independent Office for Conduct Oversight (benchmark)',
        'oversight_body',
        'BENCH-OVERSIGHT',
        instantOf(startMs),
      ]),
      ...FORCE_NAMES.map((name, i) =>
        line([forceIds[i]!, name, 'police_force', `BENCH-${forceCodes[i]}`, instantOf(startMs)]),
      ),
    ],
  )
  // Big forces have more cases: weights 1..10 by a fixed pattern.
  const forceWeights = FORCE_NAMES.map((_, i) => [i, i === FORCE_NAMES.length - 1 ? 12 : 1 + ((i * 7) % 6)] as const)

  // Staff of the oversight body. The bench user leads and investigates.
  const staff: Staff[] = []
  const addStaff = (roles: string[], count: number, label: string) => {
    const rng = streamFor(seed, TAG.user, staff.length)
    for (let k = 0; k < count; k++) {
      const i = staff.length
      const given = rng.pick(GIVEN_NAMES)
      const family = rng.pick(SURNAMES)
      staff.push({
        id: uuid(TAG.user, i, startMs),
        email: `${label}.${i}@bench.candour.example`,
        name: `${given} ${family}`,
        roles,
      })
    }
  }
  const benchEmail = options.benchUser?.email ?? BENCH_USER_EMAIL
  staff.push({
    id: uuid(TAG.user, 0, startMs),
    email: benchEmail,
    name: 'Bench Lead Investigator',
    roles: ['lead_investigator', 'investigator'],
  })
  addStaff(['lead_investigator'], size.leads, 'lead')
  addStaff(['investigator'], size.investigators, 'investigator')
  addStaff(['decision_maker'], size.decisionMakers, 'decision-maker')
  addStaff(['case_worker'], size.caseWorkers, 'case-worker')
  addStaff(['administrator'], size.administrators, 'admin')
  const benchUser = staff[0]!
  const leads = staff.filter((s) => s.roles[0] === 'lead_investigator' && s !== benchUser)
  const investigatorStaff = staff.filter((s) => s.roles[0] === 'investigator')
  const decisionMakers = staff.filter((s) => s.roles[0] === 'decision_maker')
  const caseWorkers = staff.filter((s) => s.roles[0] === 'case_worker')
  await copy(
    'users',
    ['id', 'email', 'display_name', 'password_hash', 'roles', 'organisation_id', 'status', 'created_at', 'updated_at'],
    staff.map((s) =>
      line([
        s.id,
        s.email,
        s.name,
        s === benchUser ? (options.benchUser?.passwordHash ?? null) : null,
        pgArray(s.roles),
        oversightId,
        'active',
        instantOf(startMs),
        instantOf(startMs),
      ]),
    ),
  )

  // The register of officers and police staff: unique by force and warrant number.
  const officers: Officer[] = []
  const officersByForce: Officer[][] = FORCE_NAMES.map(() => [])
  {
    const rng = streamFor(seed, TAG.officer, 0)
    const perForceCount = new Array<number>(FORCE_NAMES.length).fill(0)
    for (let i = 0; i < size.officers; i++) {
      const forceIndex = rng.weighted(forceWeights)
      const kind = rng.chance(0.85) ? 'police_officer' : 'police_staff'
      const number = ++perForceCount[forceIndex]!
      const officer: Officer = {
        id: uuid(TAG.officer, i, startMs),
        forceIndex,
        warrant:
          kind === 'police_officer'
            ? `${forceCodes[forceIndex]!.slice(0, 2)}${String(1000 + number * 7).padStart(5, '0')}`
            : `S${forceCodes[forceIndex]!.slice(0, 2)}${String(number).padStart(6, '0')}`,
        given: rng.pick(GIVEN_NAMES),
        family: rng.pick(SURNAMES),
        rank:
          kind === 'police_officer'
            ? rng.weighted([
                ['constable', 70],
                ['sergeant', 18],
                ['inspector', 8],
                ['chief_inspector', 2],
                ['superintendent', 2],
              ])
            : 'Police staff',
        kind,
      }
      officers.push(officer)
      officersByForce[forceIndex]!.push(officer)
    }
  }
  await copy(
    'officers',
    ['id', 'force_id', 'warrant_number', 'kind', 'given_name', 'family_name', 'rank', 'created_at', 'updated_at'],
    officers.map((o) =>
      line([
        o.id,
        forceIds[o.forceIndex]!,
        o.warrant,
        o.kind,
        o.given,
        o.family,
        o.rank,
        instantOf(startMs),
        instantOf(startMs),
      ]),
    ),
  )

  // Plan every case first (small: ids, dates, team, subjects), then stream each table from the plan.
  const largestIndex = Math.floor(n * 0.9)
  const otherEvents = size.chronologyEvents - size.largestChronology
  const counters = new Map<number, number>()
  const plans: CasePlan[] = []
  for (let i = 0; i < n; i++) {
    const rng = streamFor(seed, TAG.investigation, i)
    // Opened dates spread evenly over eight years, so references follow the calendar.
    const openedMs = startMs + ((endMs - startMs - 30 * DAY_MS) * i) / n + rng.int(0, 3_600_000)
    const ageDays = (endMs - openedMs) / DAY_MS
    let status = rng.weighted(STATUS_BY_AGE[ageDays < 365 ? 'recent' : ageDays < 730 ? 'middle' : 'old'])
    const forceIndex = rng.weighted(forceWeights)
    const isLargest = i === largestIndex
    if (isLargest) status = 'investigating'
    const benchMember = isLargest || rng.chance(size.benchMembershipRate)
    const lead = rng.pick(leads)
    const decisionMaker = rng.pick(decisionMakers)
    const investigators: Staff[] = []
    for (let k = rng.int(1, 3); k > 0; k--) {
      const s = rng.pick(investigatorStaff)
      if (!investigators.includes(s)) investigators.push(s)
    }
    if (benchMember) investigators.push(benchUser)
    const caseWorker = rng.chance(0.3) ? rng.pick(caseWorkers) : null
    const subjectCount = isLargest
      ? 12
      : rng.weighted([
          [0, 10],
          [1, 45],
          [2, 30],
          [3, 10],
          [4, 5],
        ])
    const subjects: CasePlan['subjects'] = []
    const pool = rng.chance(0.9) && officersByForce[forceIndex]!.length > 20 ? officersByForce[forceIndex]! : officers
    for (let k = 0; k < subjectCount; k++) {
      const officer = rng.pick(pool)
      if (!subjects.some((s) => s.officer === officer)) subjects.push({ id: '', officer, ordinal: k })
    }
    const year = new Date(openedMs).getUTCFullYear()
    const number = (counters.get(year) ?? 0) + 1
    counters.set(year, number)
    const title = `${rng.pick(INCIDENTS)} ${rng.pick(PLACES)}`
    const lastChangeMs =
      status === 'closed'
        ? Math.min(endMs, openedMs + rng.int(200, 700) * DAY_MS)
        : endMs - rng.int(0, Math.min(ageDays, 400)) * DAY_MS
    plans.push({
      index: i,
      id: uuid(TAG.investigation, i, openedMs),
      openedMs,
      createdMs: openedMs,
      updatedMs: Math.max(openedMs, lastChangeMs - rng.int(0, DAY_MS - 1)) + rng.next(),
      forceIndex,
      status,
      form: rng.chance(0.7) ? 'independent' : 'directed',
      lead,
      decisionMaker,
      investigators,
      caseWorker,
      benchMember,
      subjects,
      chronologyCount: isLargest ? size.largestChronology : 0,
      title,
      reference: `${year}/${String(number).padStart(6, '0')}`,
    })
  }
  // Chronology events for the other cases: between 0 and 2×average, summing to the target.
  {
    const rng = streamFor(seed, TAG.chronology, -1)
    const avg = otherEvents / (n - 1)
    let assigned = 0
    for (const p of plans) if (p.index !== largestIndex) assigned += p.chronologyCount = rng.int(0, Math.round(2 * avg))
    let k = 0
    while (assigned !== otherEvents) {
      const p = plans[k++ % n]!
      if (p.index === largestIndex) continue
      if (assigned < otherEvents) {
        p.chronologyCount++
        assigned++
      } else if (p.chronologyCount > 0) {
        p.chronologyCount--
        assigned--
      }
    }
  }
  let subjectIndex = 0
  for (const p of plans) for (const s of p.subjects) s.id = uuid(TAG.subject, subjectIndex++, p.createdMs + DAY_MS)

  const microInstant = (ms: number) => {
    const whole = Math.floor(ms)
    const micros = Math.floor((ms - whole) * 1000)
    return new Date(whole).toISOString().replace('Z', `${String(micros).padStart(3, '0')}Z`)
  }

  await copy(
    'investigations',
    [
      'id',
      'reference',
      'title',
      'status',
      'status_before_suspension',
      'form',
      'force_id',
      'lead_investigator_id',
      'decision_maker_id',
      'came_to_attention_on',
      'opened_on',
      'closed_on',
      'next_deadline_on',
      'search_text',
      'created_at',
      'updated_at',
      'version',
    ],
    (function* () {
      for (const p of plans) {
        const rng = streamFor(seed, TAG.investigation + 100, p.index)
        const names = p.subjects.map((s) => `${s.officer.given} ${s.officer.family} ${s.officer.warrant}`)
        // As refreshSearchText builds it: lower(concat_ws(' ', reference, title, subject names and warrant numbers)).
        const searchText = [p.reference, p.title, ...(names.length ? [names.join(' ')] : [])].join(' ').toLowerCase()
        const open = p.status !== 'closed'
        yield line([
          p.id,
          p.reference,
          p.title,
          p.status,
          p.status === 'suspended' ? 'investigating' : null,
          p.form,
          forceIds[p.forceIndex]!,
          p.lead.id,
          p.decisionMaker.id,
          dateOf(p.openedMs - rng.int(1, 60) * DAY_MS),
          dateOf(p.openedMs),
          open ? null : dateOf(Math.min(p.updatedMs, endMs)),
          open && p.subjects.length && rng.chance(0.4) ? dateOf(endMs + rng.int(-30, 60) * DAY_MS) : null,
          searchText,
          instantOf(p.createdMs),
          microInstant(p.updatedMs),
          rng.int(1, 12),
        ])
      }
    })(),
  )
  await copy(
    'investigation_reference_counters',
    ['year', 'last_number'],
    [...counters].map(([year, last]) => line([year, last])),
  )

  await copy(
    'investigation_members',
    ['investigation_id', 'user_id', 'role_in_case', 'added_at'],
    (function* () {
      for (const p of plans) {
        const at = instantOf(p.createdMs)
        yield line([p.id, p.lead.id, 'lead_investigator', at])
        yield line([p.id, p.decisionMaker.id, 'decision_maker', at])
        for (const s of p.investigators) yield line([p.id, s.id, 'investigator', at])
        if (p.caseWorker) yield line([p.id, p.caseWorker.id, 'case_worker', at])
      }
    })(),
  )

  await copy(
    'terms_of_reference',
    ['investigation_id', 'version_number', 'text', 'recorded_by', 'recorded_at'],
    (function* () {
      for (const p of plans) {
        const versions = p.index % 5 === 0 ? 2 : 1
        for (let v = 1; v <= versions; v++) {
          yield line([
            p.id,
            v,
            `To investigate the circumstances of the matter referred by ${FORCE_NAMES[p.forceIndex]}, including the actions and decisions of the officers involved, ` +
              `whether any person serving with the police may have committed a criminal offence or behaved in a manner justifying disciplinary proceedings, ` +
              `and whether any organisational learning arises.${v > 1 ? ' Revised to include the handling of the initial call.' : ''}`,
            p.lead.id,
            instantOf(p.createdMs + (v - 1) * 30 * DAY_MS),
          ])
        }
      }
    })(),
  )

  // Referrals (one per case, a tenth with a second; plus unassigned ones), the people named in
  // them, and their assessments.
  interface ReferralPlan {
    id: string
    caseId: string | null
    forceIndex: number
    receivedMs: number
    form: string
    decidedBy: Staff
    recordedBy: Staff
    index: number
  }
  const referralPlans: ReferralPlan[] = []
  for (const p of plans) {
    const count = p.index % 10 === 3 ? 2 : 1
    for (let k = 0; k < count; k++) {
      const index = referralPlans.length
      const receivedMs = p.openedMs - (k + 1) * 2 * DAY_MS
      referralPlans.push({
        id: uuid(TAG.referral, index, receivedMs),
        caseId: p.id,
        forceIndex: p.forceIndex,
        receivedMs,
        form: p.form,
        decidedBy: p.decisionMaker,
        recordedBy: p.lead,
        index,
      })
    }
  }
  for (let k = 0; k < size.unassignedReferrals; k++) {
    const index = referralPlans.length
    const receivedMs = endMs - (k * DAY_MS) / 3
    referralPlans.push({
      id: uuid(TAG.referral, index, receivedMs),
      caseId: null,
      forceIndex: k % FORCE_NAMES.length,
      receivedMs,
      form: 'independent',
      decidedBy: decisionMakers[k % decisionMakers.length]!,
      recordedBy: leads[k % leads.length]!,
      index,
    })
  }
  await copy(
    'referrals',
    [
      'id',
      'matter_type',
      'referring_force_id',
      'received_on',
      'came_to_attention_on',
      'category',
      'summary',
      'investigation_id',
      'recorded_by',
      'created_at',
      'updated_at',
    ],
    (function* () {
      for (const r of referralPlans) {
        const rng = streamFor(seed, TAG.referral, r.index)
        yield line([
          r.id,
          rng.weighted([
            ['complaint', 35],
            ['conduct_matter', 30],
            ['dsi_matter', 35],
          ]),
          forceIds[r.forceIndex]!,
          dateOf(r.receivedMs),
          dateOf(r.receivedMs - rng.int(0, 20) * DAY_MS),
          rng.pick(REFERRAL_CATEGORIES),
          `Referral from ${FORCE_NAMES[r.forceIndex]} concerning an incident in ${rng.pick(PLACES)}. The force's professional standards department assessed the matter as meeting the referral criteria.`,
          r.caseId,
          r.recordedBy.id,
          instantOf(r.receivedMs),
          instantOf(r.receivedMs),
        ])
      }
    })(),
  )
  await copy(
    'involved_people',
    ['id', 'referral_id', 'role', 'full_name', 'date_of_birth', 'date_of_death', 'place_of_death', 'created_at'],
    (function* () {
      let index = 0
      for (const r of referralPlans) {
        const rng = streamFor(seed, TAG.involvedPerson, r.index)
        for (
          let k = rng.weighted([
            [0, 20],
            [1, 40],
            [2, 30],
            [3, 10],
          ]);
          k > 0;
          k--
        ) {
          const role = rng.weighted([
            ['deceased', 10],
            ['seriously_injured', 15],
            ['complainant', 45],
            ['witness', 25],
            ['other', 5],
          ] as const)
          yield line([
            uuid(TAG.involvedPerson, index++, r.receivedMs),
            r.id,
            role,
            `${rng.pick(GIVEN_NAMES)} ${rng.pick(SURNAMES)}`,
            dateOf(r.receivedMs - rng.int(18, 80) * 365 * DAY_MS),
            role === 'deceased' ? dateOf(r.receivedMs - rng.int(1, 5) * DAY_MS) : null,
            role === 'deceased' ? `${rng.pick(PLACES)} General Hospital` : null,
            instantOf(r.receivedMs),
          ])
        }
      }
    })(),
  )
  await copy(
    'assessments',
    ['id', 'referral_id', 'form', 'rationale', 'decided_by', 'decided_on', 'recorded_at'],
    referralPlans.map((r) =>
      line([
        uuid(TAG.assessment, r.index, r.receivedMs + DAY_MS),
        r.id,
        r.form,
        'The seriousness of the matter and the public interest require an investigation by the oversight body.',
        r.decidedBy.id,
        dateOf(r.receivedMs + DAY_MS),
        instantOf(r.receivedMs + DAY_MS),
      ]),
    ),
  )

  await copy(
    'subjects',
    ['id', 'investigation_id', 'officer_id', 'role_at_time', 'rank_at_time', 'status', 'created_at', 'updated_at'],
    (function* () {
      for (const p of plans) {
        const rng = streamFor(seed, TAG.subject, p.index)
        for (const s of p.subjects) {
          const status =
            p.status === 'closed'
              ? rng.weighted([
                  ['outcome', 60],
                  ['opinion_given', 25],
                  ['responded', 15],
                ])
              : p.status === 'assessed'
                ? 'identified'
                : rng.weighted([
                    ['identified', 30],
                    ['notice_served', 40],
                    ['responded', 30],
                  ])
          yield line([
            s.id,
            p.id,
            s.officer.id,
            rng.pick(ROLES_AT_TIME),
            s.officer.rank,
            status,
            instantOf(p.createdMs + DAY_MS),
            instantOf(p.createdMs + DAY_MS),
          ])
        }
      }
    })(),
  )
  await copy(
    'allegations',
    ['id', 'investigation_id', 'subject_id', 'description', 'standards', 'created_at', 'updated_at'],
    (function* () {
      let index = 0
      for (const p of plans) {
        const rng = streamFor(seed, TAG.allegation, p.index)
        for (const s of p.subjects) {
          for (
            let k = rng.weighted([
              [1, 35],
              [2, 35],
              [3, 20],
              [4, 10],
            ]);
            k > 0;
            k--
          ) {
            const first = rng.pick(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR)
            const second = rng.pick(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR)
            const at = instantOf(p.createdMs + 2 * DAY_MS + k * 60_000)
            yield line([
              uuid(TAG.allegation, index++, p.createdMs),
              p.id,
              s.id,
              `It is alleged that ${s.officer.given} ${s.officer.family} ${rng.pick(ALLEGATIONS)}.`,
              pgArray(first === second ? [first] : [first, second]),
              at,
              at,
            ])
          }
        }
      }
    })(),
  )
  await copy(
    'severity_assessments',
    ['id', 'investigation_id', 'subject_id', 'severity', 'rationale', 'assessed_by', 'assessed_on', 'recorded_at'],
    (function* () {
      let index = 0
      for (const p of plans) {
        const rng = streamFor(seed, TAG.severity, p.index)
        for (const s of p.subjects) {
          for (let k = rng.chance(0.15) ? 2 : 1; k > 0; k--) {
            const at = p.createdMs + (3 + k * 40) * DAY_MS
            yield line([
              uuid(TAG.severity, index++, at),
              p.id,
              s.id,
              rng.weighted([
                ['misconduct', 50],
                ['gross_misconduct', 35],
                ['neither', 15],
              ]),
              'Assessed on the evidence available at this stage of the investigation.',
              p.lead.id,
              dateOf(Math.min(at, endMs)),
              instantOf(Math.min(at, endMs)),
            ])
          }
        }
      }
    })(),
  )

  await copy(
    'chronology_events',
    [
      'id',
      'investigation_id',
      'occurred_on',
      'occurred_time',
      'kind',
      'title',
      'description',
      'missed_opportunity',
      'missed_opportunity_reason',
      'subject_ids',
      'recorded_by',
      'created_at',
      'updated_at',
    ],
    (function* () {
      let index = 0
      for (const p of plans) {
        const rng = streamFor(seed, TAG.chronology, p.index)
        const incidentMs = p.openedMs - 10 * DAY_MS
        const spanDays = Math.max(30, Math.min(900, (endMs - incidentMs) / DAY_MS))
        const authors = [p.lead, ...p.investigators]
        for (let k = 0; k < p.chronologyCount; k++) {
          const factual = rng.chance(0.45)
          const dayOffset = factual ? -rng.int(0, 9) : rng.int(0, Math.floor(spanDays))
          const occurredMs = incidentMs + dayOffset * DAY_MS
          const missed = factual && rng.chance(0.04)
          const linked = p.subjects.length && rng.chance(0.3) ? [rng.pick(p.subjects).id] : []
          const created = instantOf(Math.min(endMs, Math.max(p.createdMs, occurredMs) + rng.int(0, 5) * DAY_MS))
          yield line([
            uuid(TAG.chronology, index++, p.createdMs),
            p.id,
            dateOf(occurredMs),
            rng.chance(0.7)
              ? `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00`
              : null,
            factual ? 'underlying_fact' : 'investigation',
            rng.pick(EVENT_TITLES),
            rng.chance(0.6)
              ? `Recorded from ${rng.pick(['body-worn video', 'the custody record', 'the control room log', 'a witness statement', 'CCTV', 'the officer’s pocket notebook'])}.`
              : null,
            missed,
            missed ? 'An opportunity to reassess the detained person’s condition was missed.' : null,
            pgArray(linked),
            rng.pick(authors).id,
            created,
            created,
          ])
        }
      }
    })(),
  )

  if (triggersOff) await sink.exec(`set session_replication_role = origin`)
  {
    const t = performance.now()
    await sink.exec(`set maintenance_work_mem = '${sink.kind === 'postgres' ? '512MB' : '64MB'}'`).catch(() => {})
    for (const ix of indexes) await sink.exec(ix.definition)
    log(`  ${indexes.length} indexes rebuilt                  ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  {
    const t = performance.now()
    // VACUUM as well as ANALYZE: sets the visibility map, as autovacuum would on a live database,
    // so index-only scans are index-only.
    await sink.exec('vacuum analyze')
    log(`  vacuum analyze                                ${((performance.now() - t) / 1000).toFixed(1)} s`)
  }
  if (sink.kind === 'postgres') {
    // Write the load's dirty pages out now, rather than in a checkpoint during whatever runs next.
    const t = performance.now()
    await sink.exec('checkpoint').then(
      () => log(`  checkpoint                                    ${((performance.now() - t) / 1000).toFixed(1)} s`),
      () => log('  (no checkpoint: not permitted for this role)'),
    )
  }

  // What the benchmark needs to know: a busy force among the bench user's cases, and a surname.
  const forceCounts = new Map<number, number>()
  for (const p of plans)
    if (p.benchMember && p.status === 'investigating')
      forceCounts.set(p.forceIndex, (forceCounts.get(p.forceIndex) ?? 0) + 1)
  const listForce = [...forceCounts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]?.[0] ?? 0
  const largest = plans[largestIndex]!
  return {
    rows,
    seconds: (performance.now() - started) / 1000,
    benchUserId: benchUser.id,
    benchUserEmail: benchUser.email,
    benchUserCases: plans.filter((p) => p.benchMember).length,
    largestInvestigationId: largest.id,
    largestChronologyEvents: largest.chronologyCount,
    listForceId: forceIds[listForce]!,
    searchSurname: largest.subjects[0]?.officer.family ?? SURNAMES[0]!,
  }
}

// Sinks ------------------------------------------------------------------------------------------

/** Lines in batches of about `bytes`, so neither side holds a whole table in memory. */
function* batches(lines: Iterable<string>, bytes: number): Generator<{ text: string; count: number }> {
  let parts: string[] = []
  let size = 0
  for (const l of lines) {
    parts.push(l)
    size += l.length
    if (size >= bytes) {
      yield { text: parts.join(''), count: parts.length }
      parts = []
      size = 0
    }
  }
  if (parts.length) yield { text: parts.join(''), count: parts.length }
}

async function postgresSink(url: string): Promise<Sink> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  await client.query(`set synchronous_commit = off`)
  return {
    kind: 'postgres',
    async exec(sql) {
      await client.query(sql)
    },
    async rows<T>(sql: string) {
      return (await client.query(sql)).rows as T[]
    },
    async copy(table, columns, lines) {
      let count = 0
      const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`))
      async function* chunks() {
        for (const batch of batches(lines, 1 << 20)) {
          count += batch.count
          yield batch.text
        }
      }
      await pipeline(chunks, stream)
      return count
    },
    async close() {
      await client.end()
    },
  }
}

function pgliteSink(pglite: PGlite): Sink {
  return {
    kind: 'pglite',
    async exec(sql) {
      await pglite.exec(sql)
    },
    async rows<T>(sql: string) {
      return (await pglite.query<T>(sql)).rows
    },
    async copy(table, columns, lines) {
      let count = 0
      // PGlite reads COPY data from a Blob handed over as '/dev/blob'.
      for (const batch of batches(lines, 32 << 20)) {
        await pglite.query(`copy ${table} (${columns.join(', ')}) from '/dev/blob'`, [], {
          blob: new Blob([batch.text]),
        })
        count += batch.count
      }
      return count
    },
    async close() {
      await pglite.close()
    },
  }
}

/**
 * Migrates the database to the latest schema, then loads the data set: PostgreSQL when
 * `databaseUrl` is given (COPY FROM STDIN), otherwise PGlite in `pgliteDir` (COPY from a Blob).
 */
export async function generateBenchData(
  target: { databaseUrl?: string | undefined; pgliteDir?: string },
  options: BenchDataOptions = {},
): Promise<BenchDataSummary> {
  if (target.databaseUrl) {
    const handle = await openDatabase({ databaseUrl: target.databaseUrl, poolSize: 1 })
    try {
      await migrateToLatest(handle.db)
    } finally {
      await handle.close()
    }
    const sink = await postgresSink(target.databaseUrl)
    try {
      return await load(sink, options)
    } finally {
      await sink.close()
    }
  }
  const dir = path.resolve(target.pgliteDir ?? './data/pglite')
  fs.mkdirSync(dir, { recursive: true })
  const pglite = await PGlite.create(dir, { extensions: { pg_trgm } })
  const sink = pgliteSink(pglite)
  try {
    // Kysely only for the migrator; the PGlite instance is closed by the sink.
    await migrateToLatest(new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) }))
    return await load(sink, options)
  } finally {
    await sink.close()
  }
}
