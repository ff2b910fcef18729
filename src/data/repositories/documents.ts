/**
 * The evidence register: documents (metadata; the bytes live in the content-addressed document
 * store under their SHA-256) and their chain-of-custody entries. Nothing here deletes: a
 * document is withdrawn with a reason and stays on the register.
 */
import { sql, type Insertable } from 'kysely'
import type { Executor } from '../database.js'
import type { CustodyEntryTable, DocumentTable } from '../schema.js'

export interface RegisterPosition {
  /** uploaded_at as microsecond text, so the position is exact. */
  uploadedAt: string
  id: string
}

export async function insert(db: Executor, row: Insertable<DocumentTable>) {
  return db.insertInto('documents').values(row).returningAll().executeTakeFirstOrThrow()
}

export async function findById(db: Executor, id: string) {
  return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByIdForUpdate(db: Executor, id: string) {
  return db.selectFrom('documents').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()
}

export async function findByExhibitReference(db: Executor, investigationId: string, exhibitReference: string) {
  return db
    .selectFrom('documents')
    .select(['id'])
    .where('investigation_id', '=', investigationId)
    .where(sql`lower(exhibit_reference)`, '=', exhibitReference.toLowerCase())
    .executeTakeFirst()
}

export async function withdraw(db: Executor, id: string, by: string, reason: string, expectedVersion: number) {
  return db
    .updateTable('documents')
    .set({ withdrawn_at: new Date(), withdrawn_by: by, withdrawn_reason: reason, version: sql`version + 1` })
    .where('id', '=', id)
    .where('version', '=', expectedVersion)
    .where('withdrawn_at', 'is', null)
    .returningAll()
    .executeTakeFirst()
}

/** The register, newest first, on documents_investigation_idx; withdrawn documents included. */
export async function register(
  db: Executor,
  investigationId: string,
  options: { limit: number; after?: RegisterPosition },
) {
  let q = db
    .selectFrom('documents')
    .selectAll()
    .select(sql<string>`to_char(uploaded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('uploaded_at_key'))
    .where('investigation_id', '=', investigationId)
  const after = options.after
  if (after) {
    q = q.where((eb) =>
      eb.or([
        eb('uploaded_at', '<', sql<Date>`${after.uploadedAt}::timestamptz`),
        eb.and([eb('uploaded_at', '=', sql<Date>`${after.uploadedAt}::timestamptz`), eb('id', '<', after.id)]),
      ]),
    )
  }
  return q.orderBy('uploaded_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute()
}

export type RegisterRow = Awaited<ReturnType<typeof register>>[number]

export async function insertCustodyEntry(db: Executor, row: Insertable<CustodyEntryTable>) {
  return db.insertInto('custody_entries').values(row).returningAll().executeTakeFirstOrThrow()
}

/** The chain of custody of a document, in the order things happened. */
export async function custodyEntries(db: Executor, documentId: string) {
  return db
    .selectFrom('custody_entries')
    .leftJoin('users', 'users.id', 'custody_entries.recorded_by')
    .selectAll('custody_entries')
    .select('users.display_name as recorded_by_name')
    .where('document_id', '=', documentId)
    .orderBy('occurred_at', 'asc')
    .orderBy('recorded_at', 'asc')
    .limit(5000)
    .execute()
}

export async function touch(db: Executor, id: string) {
  await db
    .updateTable('documents')
    .set({ version: sql`version + 1` })
    .where('id', '=', id)
    .execute()
}

/** The case's documents for choosing links (at most 1,000, by exhibit reference). */
export async function linkChoices(db: Executor, investigationId: string) {
  return db
    .selectFrom('documents')
    .select(['id', 'exhibit_reference', 'title', 'withdrawn_at'])
    .where('investigation_id', '=', investigationId)
    .orderBy('exhibit_reference')
    .limit(1000)
    .execute()
}
