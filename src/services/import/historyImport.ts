/**
 * Bringing history in (docs/import.md, ADR 0008): streams each file through the row checks in
 * domain/, stages the good rows by COPY, runs the checks that need every row in the database, and
 * only then — when nothing is wrong, or the operator asked to set the wrong rows aside — merges
 * the staged rows into the historical records in one transaction. A file with errors writes no
 * record; the import's own row and its error report are kept so the operator can read them.
 */
import type { Readable } from 'node:stream'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import type { DatabaseHandle } from '../../data/database.js'
import { withBulkSession, type BulkSession } from '../../data/bulk.js'
import * as repo from '../../data/repositories/historicalImports.js'
import * as jobs from '../../data/repositories/importJobs.js'
import {
  checkAllegationRow,
  checkCaseRow,
  checkHeader,
  checkOfficerRow,
  fileKindOf,
  IMPORT_COLUMNS,
  type ImportFileKind,
  type RowContext,
  type RowError,
  type VocabularyMapping,
} from '../../domain/historicalImport.js'
import { authorise } from '../../domain/policy.js'
import type { RequestContext } from '../context.js'
import { Forbidden, NotFound, ServiceError, ValidationFailed } from '../errors.js'
import { ImportFileError, readRecords } from './reader.js'

/** At most this many errors are stored with an import; beyond it they are counted. */
export const MAX_STORED_ERRORS = 100_000
/** Staged rows go to the database in COPY chunks of about this size. */
const CHUNK_CHARS = 4 << 20

export interface ImportFile {
  /** The file's name: its kind is read from it (cases…, officers…, allegations…; .csv or .jsonl). */
  name: string
  open(): Readable
  /** Its size when known, for the time left. */
  size?: number
}

export interface ImportProgress {
  file: string
  rowsRead: number
  bytesRead: number
  bytesTotal: number | null
  elapsedMs: number
  phase: 'reading' | 'checking' | 'writing' | 'done'
}

export interface ImportRequest {
  source: string
  files: readonly ImportFile[]
  dryRun?: boolean
  skipInvalid?: boolean
  mapping?: VocabularyMapping
  maxFileBytes?: number
  onProgress?: (progress: ImportProgress) => void
  /**
   * An import submitted through the API or the page (importJobs.ts): its row exists already
   * (claimed by this runner), its submitter was authorised when it was submitted, and its progress
   * is written into its row for the page and the API to show.
   */
  queued?: { id: string; startedBy: string | null }
}

export interface ImportReport {
  id: string
  source: string
  status: 'completed' | 'failed' | 'validated'
  rowsRead: Record<ImportFileKind, number>
  counts: repo.MergeCounts | null
  /** Rows with errors (set aside with --skip-invalid, else the reason nothing was written). */
  errorCount: number
  /** The first errors, in file and row order (all of them are stored up to MAX_STORED_ERRORS). */
  errors: repo.StoredError[]
  unmapped: repo.UnmappedValue[]
  failure: string | null
  seconds: number
}

export const importSourceSchema = z
  .string()
  .trim()
  .min(1, 'Enter the source name')
  .max(100, 'The source name must be 100 characters or fewer')
  .regex(/^[A-Za-z0-9][A-Za-z0-9 _.\-/]*$/, 'The source name may use letters, digits, spaces and _ . - /')

const ORDER: Record<ImportFileKind, number> = { officers: 0, cases: 1, allegations: 2 }

function authoriseImport(ctx: RequestContext) {
  // The CLI acts as the system; a person must be allowed to administer the service.
  if (ctx.actor && !authorise(ctx.actor, 'history:import').allowed)
    throw new Forbidden('Only administrators can import or undo imports of history')
}

export function historyImportService(handle: DatabaseHandle) {
  async function forces(s: BulkSession): Promise<Map<string, string>> {
    return new Map((await repo.forces(s)).map((r) => [r.code, r.id]))
  }

  async function run(request: ImportRequest, ctx: RequestContext): Promise<ImportReport> {
    if (!request.queued) authoriseImport(ctx)
    const parsedSource = importSourceSchema.safeParse(request.source)
    if (!parsedSource.success)
      throw new ValidationFailed([{ path: 'source', message: parsedSource.error.issues[0]!.message }])
    const source = parsedSource.data
    if (!request.files.length) throw new ValidationFailed([{ path: 'files', message: 'Give at least one file' }])
    const files = request.files.map((f) => {
      const kind = fileKindOf(f.name)
      if (!kind)
        throw new ValidationFailed([
          {
            path: 'files',
            message: `${f.name}: a file's name says what it holds: cases…, officers… or allegations…, ending .csv or .jsonl`,
          },
        ])
      return { ...f, ...kind }
    })
    // Officers and cases first: allegations refer to them (the references are checked after all are read).
    files.sort((a, b) => ORDER[a.kind] - ORDER[b.kind])
    const fileNames = files.map((f) => f.name)
    const started = Date.now()
    const id = request.queued?.id ?? uuidv7()
    const actorUserId = request.queued ? request.queued.startedBy : (ctx.actor?.userId ?? null)
    const bytesTotal = files.every((f) => f.size !== undefined) ? files.reduce((n, f) => n + f.size!, 0) : null

    return withBulkSession(handle, async (s) => {
      if (!request.queued)
        await repo.insertImport(s, {
          id,
          source,
          dryRun: !!request.dryRun,
          skipInvalid: !!request.skipInvalid,
          files: fileNames,
          startedBy: actorUserId,
        })
      const rowCtx: RowContext = { forces: await forces(s), mapping: request.mapping ?? {} }
      const rowsRead: Record<ImportFileKind, number> = { cases: 0, officers: 0, allegations: 0 }
      let errorCount = 0
      let storedErrors = 0
      let pendingErrors: repo.StoredError[] = []
      const firstErrors: repo.StoredError[] = []
      let fatal: string | null = null
      let bytesRead = 0
      let totalRows = 0

      const flushErrors = async () => {
        const room = Math.max(0, MAX_STORED_ERRORS - storedErrors)
        const batch = pendingErrors.slice(0, room)
        await repo.insertErrors(s, id, storedErrors + 1, batch)
        storedErrors += batch.length
        pendingErrors = []
      }
      const addError = async (e: repo.StoredError) => {
        errorCount++
        if (firstErrors.length < 100) firstErrors.push(e)
        if (storedErrors + pendingErrors.length < MAX_STORED_ERRORS) pendingErrors.push(e)
        if (pendingErrors.length >= 1000) await flushErrors()
      }
      let savedAt = 0
      // Progress for the operator (the CLI's line), and in the import's row for the page and the
      // API: at most once a second while reading, and at each change of phase.
      const progress = async (file: string, phase: ImportProgress['phase']) => {
        request.onProgress?.({
          file,
          rowsRead: totalRows,
          bytesRead,
          bytesTotal,
          elapsedMs: Date.now() - started,
          phase,
        })
        const now = Date.now()
        if (phase === 'reading' && now - savedAt < 1000) return
        savedAt = now
        await jobs.recordProgress(s, id, {
          phase,
          file,
          rowsRead: totalRows,
          rowsByKind: { ...rowsRead },
          bytesRead,
          bytesTotal,
        })
      }

      try {
        await repo.createStaging(s)
        for (const [index, file] of files.entries()) {
          const fileNo = index + 1
          let text = ''
          let lastProgress = 0
          const check = { cases: checkCaseRow, officers: checkOfficerRow, allegations: checkAllegationRow }[file.kind]
          const line = { cases: repo.caseLine, officers: repo.officerLine, allegations: repo.allegationLine }[
            file.kind
          ] as (fileNo: number, rowNo: number, value: unknown) => string
          const known = new Set(IMPORT_COLUMNS[file.kind].all)
          try {
            const records = readRecords(file.open(), file.format, {
              ...(request.maxFileBytes ? { maxBytes: request.maxFileBytes } : {}),
              onBytes: (n) => (bytesRead += n),
            })
            for await (const record of records) {
              if (record.kind === 'header') {
                const problems = checkHeader(file.kind, record.columns)
                if (problems.length) {
                  for (const p of problems) await addError({ ...p, file: file.name, row: 1 })
                  throw new ImportFileError(
                    `${file.name} does not have the columns of a ${file.kind} file: ${problems.map((p) => p.message).join('; ')}`,
                    1,
                  )
                }
                continue
              }
              rowsRead[file.kind]++
              totalRows++
              let errors: RowError[]
              if (record.problem) errors = [{ column: null, value: null, message: record.problem }]
              else {
                // JSON Lines carry their own keys: an unknown one is an error as in a CSV header.
                const unknown = file.format === 'jsonl' ? Object.keys(record.values).filter((k) => !known.has(k)) : []
                const result = check(record.values, rowCtx)
                errors = [
                  ...unknown.map((k) => ({
                    column: k,
                    value: null,
                    message: `${k} is not a column of ${file.kind} files`,
                  })),
                  ...(result.ok ? [] : result.errors),
                ]
                if (!errors.length && result.ok) text += line(fileNo, record.row, result.value)
              }
              for (const e of errors) await addError({ ...e, file: file.name, row: record.row })
              if (text.length >= CHUNK_CHARS) {
                await repo.stage(s, file.kind, text)
                text = ''
              }
              if (totalRows - lastProgress >= 10_000) {
                lastProgress = totalRows
                await progress(file.name, 'reading')
              }
            }
            await repo.stage(s, file.kind, text)
          } catch (error) {
            if (!(error instanceof ImportFileError)) throw error
            fatal = `${file.name}: ${error.message}`
            if (!error.row || error.row !== 1)
              await addError({ file: file.name, row: error.row, column: null, value: null, message: error.message })
            break
          }
          await progress(file.name, 'reading')
        }
        await flushErrors()

        let setAside = 0
        if (!fatal) {
          await progress('', 'checking')
          setAside = await repo.setBasedChecks(s, {
            importId: id,
            source,
            files: fileNames,
            firstSeq: storedErrors + 1,
            room: MAX_STORED_ERRORS - storedErrors,
          })
          errorCount += setAside
        }
        const unmapped = fatal ? [] : await repo.unmappedValues(s)
        const failure =
          fatal ??
          (errorCount && !request.skipInvalid
            ? `${errorCount} ${errorCount === 1 ? 'row has an error' : 'rows have errors'}: nothing was imported (fix them, or import the valid rows with --skip-invalid)`
            : null)
        const status = failure ? 'failed' : request.dryRun ? 'validated' : 'completed'
        let counts: repo.MergeCounts | null = null
        const detail = () => ({ source, files: fileNames, rowsRead, counts, errorCount, dryRun: !!request.dryRun })
        if (status === 'completed') {
          await progress('', 'writing')
          await s.transaction(async (tx) => {
            counts = await repo.merge(tx, { importId: id, source, actorUserId, requestId: ctx.requestId })
            await repo.finishImport(tx, id, { status, counts, unmapped, errorCount, failure: null })
            await repo.insertAudit(tx, {
              action: 'import.completed',
              entityId: id,
              actorUserId,
              requestId: ctx.requestId,
              detail: detail(),
            })
          })
        } else {
          await repo.finishImport(s, id, { status, counts: { rowsRead }, unmapped, errorCount, failure })
          await repo.insertAudit(s, {
            action: status === 'failed' ? 'import.failed' : 'import.validated',
            entityId: id,
            actorUserId,
            requestId: ctx.requestId,
            detail: { ...detail(), failure },
          })
        }
        await repo.dropStaging(s)
        await progress('', 'done')
        const errors =
          firstErrors.length < 100 && setAside
            ? await errorsOf(s, id, 100)
            : firstErrors.sort((a, b) => fileNames.indexOf(a.file) - fileNames.indexOf(b.file))
        return {
          id,
          source,
          status,
          rowsRead,
          counts,
          errorCount,
          errors,
          unmapped,
          failure,
          seconds: (Date.now() - started) / 1000,
        }
      } catch (error) {
        // Whatever went wrong, the import says so rather than staying 'running' for ever.
        const message = error instanceof Error ? error.message : String(error)
        await repo
          .finishImport(s, id, { status: 'failed', counts: { rowsRead }, unmapped: [], errorCount, failure: message })
          .catch(() => undefined)
        throw error
      }
    })
  }

  async function errorsOf(s: BulkSession, id: string, limit: number): Promise<repo.StoredError[]> {
    const rows = await s.query<{
      file: string
      row_number: number | null
      column_name: string | null
      value: string | null
      message: string
    }>(
      `select file, row_number, column_name, value, message from import_errors where import_id = $1 order by seq limit $2`,
      [id, limit],
    )
    return rows.map((r) => ({
      file: r.file,
      row: r.row_number,
      column: r.column_name,
      value: r.value,
      message: r.message,
    }))
  }

  async function undo(id: string, ctx: RequestContext) {
    authoriseImport(ctx)
    if (!z.uuid().safeParse(id).success) throw new NotFound('The import')
    return withBulkSession(handle, (s) =>
      s.transaction(async (tx) => {
        const found = await repo.findImport(tx, id, true)
        if (!found) throw new NotFound('The import')
        if (found.status !== 'completed')
          throw new ServiceError(`Import ${id} is ${found.status}: only a completed import can be undone`)
        const blockers = await repo.undoBlockers(tx, id)
        if (blockers.length) throw new ServiceError(`Import ${id} cannot be undone: ${blockers.join('; ')}.`)
        const deleted = await repo.deleteImportedRecords(tx, id)
        await repo.setUndoneBy(tx, id, ctx.actor?.userId ?? null)
        await repo.insertAudit(tx, {
          action: 'import.undone',
          entityId: id,
          actorUserId: ctx.actor?.userId ?? null,
          requestId: ctx.requestId,
          detail: { source: found.source, deleted },
        })
        return deleted
      }),
    )
  }

  return { run, undo }
}

export type HistoryImportService = ReturnType<typeof historyImportService>

/** An import's stored errors in order, a page at a time (for the CSV report). */
export async function* importErrors(handle: DatabaseHandle, id: string): AsyncGenerator<repo.StoredError> {
  const rows = await withBulkSession(handle, (s) => repo.findImport(s, id))
  if (!rows) throw new NotFound('The import')
  let after = 0
  for (;;) {
    const page = await withBulkSession(handle, (s) => repo.errorPage(s, id, after, 5000))
    yield* page
    if (page.length < 5000) return
    after = page[page.length - 1]!.seq
  }
}
