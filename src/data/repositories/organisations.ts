import type { Executor } from '../database.js'
import type { OrganisationRow, OrganisationTable } from '../schema.js'
import type { Insertable } from 'kysely'

export async function findByCode(db: Executor, code: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst()
}

export async function findById(db: Executor, id: string): Promise<OrganisationRow | undefined> {
  return db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insert(db: Executor, org: Insertable<OrganisationTable>): Promise<OrganisationRow> {
  return db.insertInto('organisations').values(org).returningAll().executeTakeFirstOrThrow()
}

export async function list(db: Executor): Promise<OrganisationRow[]> {
  return db.selectFrom('organisations').selectAll().orderBy('name').execute()
}
