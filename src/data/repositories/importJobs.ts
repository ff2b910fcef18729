/**
 * Imports as jobs (ADR 0030): an uploaded import's row waits as `queued` with its files' bytes in
 * the database; one instance's job runner claims it (FOR UPDATE SKIP LOCKED), runs it, and deletes
 * the bytes. The history tables are not in the query builder's schema (they are written by COPY
 * and set-based SQL, historicalImports.ts), so these statements are SQL too.
 */
import { sql } from 'kysely'
import type { BulkSession } from '../bulk.js'
import type { Executor } from '../database.js'

/** Uploaded bytes are kept in rows of this size. */
export const UPLOAD_CHUNK_BYTES = 1 << 20

export interface ImportProgressRow {
  phase: 'queued' | 'reading' | 'checking' | 'writing' | 'done'
  file: string
  rowsRead: number
  rowsByKind?: Record<string, number>
  bytesRead: number
  bytesTotal: number | null
}

export interface ImportJobRow {
  id: string
  source: string
  status: 'queued' | 'running' | 'completed' | 'failed' | 'validated' | 'undone'
  dry_run: boolean
  skip_invalid: boolean
  files: string[]
  counts: Record<string, unknown>
  unmapped: { vocabulary: string; value: string; rows: number }[]
  error_count: number
  failure: string | null
  started_by: string | null
  started_by_name: string | null
  started_at: Date
  finished_at: Date | null
  undone_at: Date | null
  mapping: Record<string, Record<string, string>> | null
  max_file_bytes: string | number | null
  progress: ImportProgressRow | null
  progress_at: Date | null
}

export async function insertQueuedImport(s: BulkSession, row: { id: string; startedBy: string | null }): Promise<void> {
  // The source and options are set by completeQueuedImport once the whole form has been read
  // (a form's fields may follow its files); the transaction hides the row until then.
  await s.query(`insert into imports (id, source, status, started_by) values ($1, 'upload', 'queued', $2)`, [
    row.id,
    row.startedBy,
  ])
}

export async function completeQueuedImport(
  s: BulkSession,
  row: {
    id: string
    source: string
    dryRun: boolean
    skipInvalid: boolean
    files: readonly string[]
    mapping: object | null
    maxFileBytes: number
    bytesTotal: number
  },
): Promise<void> {
  const progress: ImportProgressRow = {
    phase: 'queued',
    file: '',
    rowsRead: 0,
    bytesRead: 0,
    bytesTotal: row.bytesTotal,
  }
  await s.query(
    `update imports set source = $2, dry_run = $3, skip_invalid = $4, files = $5, mapping = $6, max_file_bytes = $7,
       progress = $8, progress_at = now() where id = $1`,
    [
      row.id,
      row.source,
      row.dryRun,
      row.skipInvalid,
      JSON.stringify(row.files),
      row.mapping ? JSON.stringify(row.mapping) : null,
      row.maxFileBytes,
      JSON.stringify(progress),
    ],
  )
}

export async function insertUpload(s: BulkSession, importId: string, fileNo: number, name: string): Promise<void> {
  await s.query(`insert into import_uploads (import_id, file_no, name, size) values ($1, $2, $3, 0)`, [
    importId,
    fileNo,
    name,
  ])
}

export async function insertUploadChunk(
  s: BulkSession,
  importId: string,
  fileNo: number,
  seq: number,
  bytes: Uint8Array,
): Promise<void> {
  // As base64 text, decoded by the database: PGlite's own bytea serialiser goes through an array of
  // every byte and a string per byte (tens of MB of garbage and seconds per 1 MB chunk, measured in
  // docs/performance.md); Buffer's base64 is native and one string.
  await s.query(
    `insert into import_upload_chunks (import_id, file_no, seq, bytes) values ($1, $2, $3, decode($4, 'base64'))`,
    [importId, fileNo, seq, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')],
  )
}

export async function setUploadSize(s: BulkSession, importId: string, fileNo: number, size: number): Promise<void> {
  await s.query(`update import_uploads set size = $3 where import_id = $1 and file_no = $2`, [importId, fileNo, size])
}

export interface ClaimedImport {
  id: string
  source: string
  dry_run: boolean
  skip_invalid: boolean
  mapping: Record<string, Record<string, string>> | null
  max_file_bytes: string | number | null
  started_by: string | null
}

/** Takes the oldest queued import for this instance; another instance's runner skips it. */
export async function claimQueuedImport(s: BulkSession): Promise<ClaimedImport | undefined> {
  const rows = await s.query<ClaimedImport>(
    `update imports set status = 'running', claimed_at = now(), progress_at = now()
     where id = (select id from imports where status = 'queued' order by started_at, id limit 1 for update skip locked)
     returning id, source, dry_run, skip_invalid, mapping, max_file_bytes, started_by`,
  )
  return rows[0]
}

/**
 * Imports whose runner stopped saying anything (its instance stopped mid-import) are failed: the
 * records are written in one transaction at the end, so such an import wrote none of them.
 */
export async function failStalledImports(s: BulkSession, staleMinutes: number): Promise<string[]> {
  const rows = await s.query<{ id: string }>(
    `update imports set status = 'failed', finished_at = now(),
       failure = 'The instance running this import stopped before it finished: nothing was written. Start the import again.'
     where status = 'running' and claimed_at is not null and progress_at < now() - make_interval(mins => $1)
     returning id`,
    [staleMinutes],
  )
  await s.query(
    `delete from import_uploads u using imports i where u.import_id = i.id and i.status not in ('queued', 'running')`,
  )
  return rows.map((r) => r.id)
}

export async function uploadsOf(
  s: BulkSession,
  importId: string,
): Promise<{ file_no: number; name: string; size: string | number }[]> {
  return s.query(`select file_no, name, size from import_uploads where import_id = $1 order by file_no`, [importId])
}

export async function uploadChunk(
  db: Executor,
  importId: string,
  fileNo: number,
  seq: number,
): Promise<Uint8Array | undefined> {
  // Read back as base64 for the same reason (PGlite's bytea parser makes a string per byte).
  const { rows } = await sql<{ bytes: string }>`
    select encode(bytes, 'base64') as bytes from import_upload_chunks
    where import_id = ${importId} and file_no = ${fileNo} and seq = ${seq}`.execute(db)
  const text = rows[0]?.bytes
  return text === undefined ? undefined : Buffer.from(text, 'base64')
}

export async function deleteUploads(s: BulkSession, importId: string): Promise<void> {
  await s.query(`delete from import_uploads where import_id = $1`, [importId])
}

export async function recordProgress(s: BulkSession, importId: string, progress: ImportProgressRow): Promise<void> {
  await s.query(`update imports set progress = $2, progress_at = now() where id = $1`, [
    importId,
    JSON.stringify(progress),
  ])
}

const IMPORT_COLUMNS = sql`i.id, i.source, i.status, i.dry_run, i.skip_invalid, i.files, i.counts, i.unmapped,
  i.error_count, i.failure, i.started_by, u.display_name as started_by_name, i.started_at, i.finished_at, i.undone_at,
  i.mapping, i.max_file_bytes, i.progress, i.progress_at`

export async function findImportJob(db: Executor, id: string): Promise<ImportJobRow | undefined> {
  const { rows } = await sql<ImportJobRow>`
    select ${IMPORT_COLUMNS} from imports i left join users u on u.id = i.started_by where i.id = ${id}`.execute(db)
  return rows[0]
}

/** Newest first, a page at a time (keyset on started_at, id: imports_started_idx). */
export async function listImportJobs(
  db: Executor,
  options: { limit: number; before?: { startedAt: Date; id: string } },
): Promise<ImportJobRow[]> {
  const { rows } = options.before
    ? await sql<ImportJobRow>`
        select ${IMPORT_COLUMNS} from imports i left join users u on u.id = i.started_by
        where (i.started_at, i.id) < (${options.before.startedAt}, ${options.before.id})
        order by i.started_at desc, i.id desc limit ${options.limit}`.execute(db)
    : await sql<ImportJobRow>`
        select ${IMPORT_COLUMNS} from imports i left join users u on u.id = i.started_by
        order by i.started_at desc, i.id desc limit ${options.limit}`.execute(db)
  return rows
}
