import { sql, type Insertable } from 'kysely'
import type { Executor } from '../database.js'
import type { OrganisationRow, OrganisationTable } from '../schema.js'

export async function findByCode(db: Executor, code: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst()
}

/** Locks the row for the rest of the transaction: renames and retirements must not race. */
export async function findByCodeForUpdate(db: Executor, code: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).forUpdate().executeTakeFirst()
}

export async function findById(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insert(db: Executor, org: Insertable<OrganisationTable>): Promise<OrganisationRow> {
  return db.insertInto('organisations').values(org).returningAll().executeTakeFirstOrThrow()
}

/** True for the error raised when two organisations are inserted with the same code at once. */
export function isDuplicateCode(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null
  return e?.code === '23505' && e.constraint === 'organisations_code_key'
}

/** Every organisation, retired ones too, by name (reference data: a few hundred rows at most). */
export async function list(db: Executor): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').orderBy('code').execute()
}

export type OrganisationChanges = Partial<Pick<OrganisationRow, 'name' | 'reference_name' | 'retired_at'>>

/** Applies the changes and bumps the version; returns the row as it now is. */
export async function update(
  db: Executor,
  id: string,
  changes: OrganisationChanges,
): Promise<OrganisationRow | undefined> {
  return db
    .updateTable('organisations')
    .set({ ...changes, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst()
}

export async function insertPreviousName(db: Executor, organisationId: string, name: string): Promise<void> {
  await db
    .insertInto('organisation_previous_names')
    .values({ organisation_id: organisationId, name, replaced_at: sql<Date>`clock_timestamp()` })
    .execute()
}

/** The names each organisation had before, newest first. */
export async function previousNames(
  db: Executor,
  organisationIds: readonly string[],
): Promise<Map<string, { name: string; replacedAt: Date }[]>> {
  const out = new Map<string, { name: string; replacedAt: Date }[]>()
  if (organisationIds.length === 0) return out
  const rows = await db
    .selectFrom('organisation_previous_names')
    .selectAll()
    .where('organisation_id', 'in', [...new Set(organisationIds)])
    .orderBy('replaced_at', 'desc')
    .execute()
  for (const r of rows) {
    const list = out.get(r.organisation_id) ?? []
    list.push({ name: r.name, replacedAt: new Date(r.replaced_at) })
    out.set(r.organisation_id, list)
  }
  return out
}
