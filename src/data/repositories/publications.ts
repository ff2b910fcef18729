/**
 * Redactions marked on a report version, and publications: the redacted report released to
 * interested persons and then to the public site. The public queries here are the only way the
 * public site reads publications, and each one filters to what is public (status published).
 */
import { sql, type Insertable, type Selectable } from 'kysely'
import type { Executor } from '../database.js'
import type { PublicationTable, RedactionTable } from '../schema.js'

export type RedactionRow = Selectable<RedactionTable>
export type PublicationRow = Omit<Selectable<PublicationTable>, 'search_vector'>

const PUBLICATION_COLUMNS = [
  'id',
  'investigation_id',
  'report_version_number',
  'title',
  'summary',
  'force_id',
  'themes',
  'redacted_html',
  'redacted_pdf_sha256',
  'status',
  'released_to_interested_persons_at',
  'public_from',
  'published_at',
  'created_by',
  'created_at',
  'version',
] as const

// Redactions -------------------------------------------------------------------------------------

export async function insertRedaction(db: Executor, row: Insertable<RedactionTable>): Promise<RedactionRow> {
  return db.insertInto('redactions').values(row).returningAll().executeTakeFirstOrThrow()
}

/** The redactions in force on a version of the report, in the order they were marked. */
export async function redactionsOf(
  db: Executor,
  investigationId: string,
  versionNumber: number,
): Promise<RedactionRow[]> {
  return db
    .selectFrom('redactions')
    .selectAll()
    .where('investigation_id', '=', investigationId)
    .where('report_version_number', '=', versionNumber)
    .where('removed_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute()
}

export async function findRedaction(db: Executor, id: string): Promise<RedactionRow | undefined> {
  return db.selectFrom('redactions').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function removeRedaction(
  db: Executor,
  id: string,
  userId: string,
  now: Date,
): Promise<RedactionRow | undefined> {
  return db
    .updateTable('redactions')
    .set({ removed_at: now, removed_by: userId })
    .where('id', '=', id)
    .where('removed_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

// Publications -----------------------------------------------------------------------------------

export async function insertPublication(db: Executor, row: Insertable<PublicationTable>): Promise<PublicationRow> {
  return db.insertInto('publications').values(row).returning(PUBLICATION_COLUMNS).executeTakeFirstOrThrow()
}

export async function publicationsOf(db: Executor, investigationId: string): Promise<PublicationRow[]> {
  return db
    .selectFrom('publications')
    .select(PUBLICATION_COLUMNS)
    .where('investigation_id', '=', investigationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute()
}

/** The publication of the case that is not withdrawn, if any (at most one at a time). */
export async function currentPublicationOf(
  db: Executor,
  investigationId: string,
  options: { forUpdate?: boolean } = {},
): Promise<PublicationRow | undefined> {
  let q = db
    .selectFrom('publications')
    .select(PUBLICATION_COLUMNS)
    .where('investigation_id', '=', investigationId)
    .where('status', '!=', 'withdrawn')
  if (options.forUpdate) q = q.forUpdate()
  return q.orderBy('created_at', 'desc').executeTakeFirst()
}

export async function updatePublication(
  db: Executor,
  id: string,
  set: Partial<Pick<PublicationRow, 'status' | 'public_from' | 'published_at'>>,
  expectedVersion: number,
): Promise<PublicationRow | undefined> {
  return db
    .updateTable('publications')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .returning(PUBLICATION_COLUMNS)
    .executeTakeFirst()
}

/** Releases to the public every scheduled publication whose time has come; returns those it published. */
export async function publishDue(db: Executor, now: Date): Promise<PublicationRow[]> {
  return db
    .updateTable('publications')
    .set((eb) => ({ status: 'published', published_at: eb.ref('public_from'), version: eb('version', '+', 1) }))
    .where('status', '=', 'released_to_interested_persons')
    .where('public_from', 'is not', null)
    .where('public_from', '<=', now)
    .returning(PUBLICATION_COLUMNS)
    .execute()
}

// The public site: published rows only ----------------------------------------------------------

export interface PublicFilter {
  q?: string | undefined
  forceId?: string | undefined
  year?: number | undefined
  theme?: string | undefined
  /** Keyset: the published_at and id of the last row of the previous page. */
  after?: { publishedAt: Date; id: string } | undefined
  limit: number
}

/** The published rows a filter (search, force, year, theme) keeps; the list and its count share it. */
function publicMatching(db: Executor, filter: Omit<PublicFilter, 'after' | 'limit'>) {
  let q = db
    .selectFrom('publications as p')
    .innerJoin('organisations as o', 'o.id', 'p.force_id')
    .innerJoin('investigations as i', 'i.id', 'p.investigation_id')
    .where('p.status', '=', 'published')
  if (filter.q) q = q.where(sql<boolean>`p.search_vector @@ plainto_tsquery('english', ${filter.q})`)
  if (filter.forceId) q = q.where('p.force_id', '=', filter.forceId)
  if (filter.year !== undefined)
    q = q
      .where('p.published_at', '>=', new Date(Date.UTC(filter.year, 0, 1)))
      .where('p.published_at', '<', new Date(Date.UTC(filter.year + 1, 0, 1)))
  if (filter.theme) q = q.where(sql<boolean>`${filter.theme} = any(p.themes)`)
  return q
}

export async function publicList(db: Executor, filter: PublicFilter) {
  let q = publicMatching(db, filter).select([
    'p.id',
    'p.title',
    'p.summary',
    'p.themes',
    'p.published_at',
    'p.force_id',
    'o.name as force_name',
    'i.reference',
  ])
  if (filter.after) {
    const { publishedAt, id } = filter.after
    q = q.where((eb) =>
      eb.or([
        eb('p.published_at', '<', publishedAt),
        eb.and([eb('p.published_at', '=', publishedAt), eb('p.id', '<', id)]),
      ]),
    )
  }
  return q.orderBy('p.published_at', 'desc').orderBy('p.id', 'desc').limit(filter.limit).execute()
}

/** How many published reports a filter keeps, for "N reports" above the list. */
export async function publicCount(db: Executor, filter: Omit<PublicFilter, 'after' | 'limit'>): Promise<number> {
  const row = await publicMatching(db, filter)
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

export async function publicFind(db: Executor, id: string) {
  return db
    .selectFrom('publications as p')
    .innerJoin('organisations as o', 'o.id', 'p.force_id')
    .innerJoin('investigations as i', 'i.id', 'p.investigation_id')
    .select([
      'p.id',
      'p.investigation_id',
      'p.report_version_number',
      'p.title',
      'p.summary',
      'p.themes',
      'p.published_at',
      'p.redacted_html',
      'p.redacted_pdf_sha256',
      'p.version',
      'o.name as force_name',
      'i.reference',
    ])
    .where('p.id', '=', id)
    .where('p.status', '=', 'published')
    .executeTakeFirst()
}

/** The forces, years and themes that published reports have, for the filters. */
export async function publicFacets(db: Executor) {
  const [forces, years, themes, latest] = await Promise.all([
    db
      .selectFrom('publications as p')
      .innerJoin('organisations as o', 'o.id', 'p.force_id')
      .select(['o.id', 'o.name'])
      .distinct()
      .where('p.status', '=', 'published')
      .orderBy('o.name')
      .execute(),
    db
      .selectFrom('publications')
      .select(sql<number>`cast(extract(year from published_at at time zone 'UTC') as integer)`.as('year'))
      .distinct()
      .where('status', '=', 'published')
      .orderBy('year', 'desc')
      .execute(),
    db
      .selectFrom('publications')
      .select(sql<string>`unnest(themes)`.as('theme'))
      .distinct()
      .where('status', '=', 'published')
      .orderBy('theme')
      .execute(),
    db
      .selectFrom('publications')
      .select([(eb) => eb.fn.max('published_at').as('latest'), (eb) => eb.fn.countAll<string>().as('count')])
      .where('status', '=', 'published')
      .executeTakeFirst(),
  ])
  return {
    forces,
    years: years.map((y) => Number(y.year)),
    themes: themes.map((t) => t.theme),
    latest: latest?.latest ? new Date(latest.latest) : null,
    count: Number(latest?.count ?? 0),
  }
}

/** Learning recommendations of a case, with the responses, for its public page. */
export async function learningRecommendationsOf(db: Executor, investigationId: string) {
  return db
    .selectFrom('learning_recommendations')
    .select(['id', 'recipient_kind', 'recipient_name', 'text', 'made_on', 'response', 'responded_on', 'response_text'])
    .where('investigation_id', '=', investigationId)
    .orderBy('made_on')
    .orderBy('id')
    .execute()
}

/**
 * Everyone recorded on a case with the identifiers the case holds for them (subjects with their
 * officer record, interested persons, their representatives, the people named on the referral),
 * so that redacting a person removes every one of them from what is published.
 */
export async function peopleOfCase(db: Executor, investigationId: string) {
  const [subjects, interested, representatives, involved] = await Promise.all([
    db
      .selectFrom('subjects as s')
      .innerJoin('officers as o', 'o.id', 's.officer_id')
      .select(['s.id', 'o.given_name', 'o.family_name', 'o.warrant_number', 'o.rank', 's.rank_at_time'])
      .where('s.investigation_id', '=', investigationId)
      .orderBy('s.id')
      .execute(),
    db
      .selectFrom('interested_persons')
      .select(['id', 'full_name', 'email', 'phone', 'postal_address'])
      .where('investigation_id', '=', investigationId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('representatives')
      .select(['id', 'full_name', 'email', 'phone'])
      .where('investigation_id', '=', investigationId)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('involved_people as p')
      .innerJoin('referrals as r', 'r.id', 'p.referral_id')
      .select(['p.id', 'p.full_name', 'p.date_of_birth'])
      .where('r.investigation_id', '=', investigationId)
      .orderBy('p.id')
      .execute(),
  ])
  return { subjects, interested, representatives, involved }
}
