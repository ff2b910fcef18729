/**
 * Imports submitted through the API or the administrators' page (docs/import.md "Through the API
 * and the page", ADR 0030). Submitting stores the files' bytes in the database and queues the
 * import, in one transaction: a refused upload (too large, a wrong field) leaves nothing. The job
 * runner of whichever instance is free claims it and runs the same import as the CLI, which
 * writes its progress into the import's row; the page and the API read that row.
 */
import { Readable } from 'node:stream'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { withBulkSession } from '../../data/bulk.js'
import type { DatabaseHandle } from '../../data/database.js'
import * as repo from '../../data/repositories/historicalImports.js'
import * as jobs from '../../data/repositories/importJobs.js'
import { vocabularyMappingSchema, type VocabularyMapping } from '../../domain/historicalImport.js'
import { authorise } from '../../domain/policy.js'
import { systemContext, type RequestContext } from '../context.js'
import { Forbidden, NotFound, ServiceError, ValidationFailed, type FieldProblem } from '../errors.js'
import { historyImportService, importErrors, importSourceSchema } from './historyImport.js'

/** The default limit on one uploaded file (IMPORT_UPLOAD_MAX_BYTES); the CLI streams files of any size. */
export const DEFAULT_UPLOAD_MAX_BYTES = 256 * 1024 ** 2
/** A running import that has said nothing for this long is taken to have stopped with its instance. */
export const STALLED_AFTER_MINUTES = 60
const MAX_MAPPING_BYTES = 1 << 20

export const IMPORT_FILE_FIELDS = ['cases', 'officers', 'allegations'] as const
const FORM_FIELDS = new Set(['source', 'dryRun', 'skipInvalid', 'mapping', '_csrf'])

/** One part of the submitted form, as the web layer read it. */
export type SubmittedPart =
  | { type: 'field'; name: string; value: string }
  | { type: 'file'; name: string; filename: string; stream: AsyncIterable<Buffer | Uint8Array> }

/** A file over the upload limit: nothing was stored. */
export class ImportUploadTooLarge extends ServiceError {}

export interface ImportJob {
  id: string
  source: string
  status: jobs.ImportJobRow['status']
  dryRun: boolean
  skipInvalid: boolean
  files: string[]
  startedBy: string | null
  submittedAt: Date
  finishedAt: Date | null
  progress: jobs.ImportProgressRow | null
  /** Reading's share done, 0–100, while the sizes are known. */
  percent: number | null
  counts: Record<string, { created: number; updated: number; unchanged: number }> | null
  rowsRead: Record<string, number> | null
  errorCount: number
  unmapped: jobs.ImportJobRow['unmapped']
  failure: string | null
}

const flag = z.enum(['true', 'false', 'on', ''], { message: 'Send true or false' })

function jobOf(row: jobs.ImportJobRow): ImportJob {
  const p = row.progress
  const merged = row.status === 'completed' || row.status === 'undone'
  const counts = merged ? (row.counts as ImportJob['counts']) : null
  const rowsRead =
    p?.rowsByKind ??
    ((row.counts as { rowsRead?: Record<string, number> }).rowsRead as Record<string, number> | undefined) ??
    null
  const percent =
    !p || !p.bytesTotal
      ? null
      : p.phase === 'queued'
        ? 0
        : p.phase === 'reading'
          ? Math.min(99, Math.floor((p.bytesRead / p.bytesTotal) * 100))
          : p.phase === 'done'
            ? 100
            : 99
  return {
    id: row.id,
    source: row.source,
    status: row.status,
    dryRun: row.dry_run,
    skipInvalid: row.skip_invalid,
    files: row.files,
    startedBy: row.started_by_name,
    submittedAt: row.started_at,
    finishedAt: row.finished_at,
    progress: p,
    percent: row.status === 'completed' || row.status === 'validated' ? 100 : percent,
    counts,
    rowsRead,
    errorCount: row.error_count,
    unmapped: row.unmapped,
    failure: row.failure,
  }
}

export function importJobService(handle: DatabaseHandle | undefined, options: { uploadMaxBytes?: number } = {}) {
  const uploadMaxBytes = options.uploadMaxBytes ?? DEFAULT_UPLOAD_MAX_BYTES
  const database = () => {
    if (!handle) throw new Error('Imports need the database handle (services(…, { database }))')
    return handle
  }
  const authoriseImport = (ctx: RequestContext) => {
    if (!ctx.actor || !authorise(ctx.actor, 'history:import').allowed)
      throw new Forbidden('Only administrators can import history')
  }

  /** Reads one uploaded file into the database in chunks, never holding more than one chunk. */
  async function storeFile(
    s: Parameters<typeof jobs.insertUploadChunk>[0],
    id: string,
    fileNo: number,
    name: string,
    stream: AsyncIterable<Buffer | Uint8Array>,
  ): Promise<number> {
    await jobs.insertUpload(s, id, fileNo, name)
    let size = 0
    let seq = 0
    let pending: Buffer[] = []
    let pendingBytes = 0
    const flush = async () => {
      if (!pendingBytes) return
      await jobs.insertUploadChunk(s, id, fileNo, seq++, Buffer.concat(pending, pendingBytes))
      pending = []
      pendingBytes = 0
    }
    for await (const chunk of stream) {
      size += chunk.byteLength
      if (size > uploadMaxBytes) throw new ImportUploadTooLarge(tooLarge(name))
      pending.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
      pendingBytes += chunk.byteLength
      if (pendingBytes >= jobs.UPLOAD_CHUNK_BYTES) await flush()
    }
    await flush()
    await jobs.setUploadSize(s, id, fileNo, size)
    return size
  }

  const mib = (n: number) =>
    n >= 1024 ** 3
      ? `${(n / 1024 ** 3).toFixed(1)} GB`
      : n >= 1024 ** 2
        ? `${Math.round(n / 1024 ** 2)} MB`
        : `${Math.round(n / 1024)} KB`
  const tooLarge = (name: string) =>
    `${name} is larger than ${mib(uploadMaxBytes)}, the most an upload may be: nothing was imported. ` +
    'Split it into several files of the same kind (cases-1.csv, cases-2.csv …) and import them with the command line, ' +
    '`candour import --source NAME FILES…`, which streams files of any size (a 2 GB file included) on the server.'

  async function submit(parts: AsyncIterable<SubmittedPart>, ctx: RequestContext): Promise<ImportJob> {
    authoriseImport(ctx)
    const id = uuidv7()
    await withBulkSession(database(), (session) =>
      session.transaction(async (s) => {
        await jobs.insertQueuedImport(s, { id, startedBy: ctx.actor!.userId })
        const fields: Record<string, string> = {}
        const problems: FieldProblem[] = []
        const names: string[] = []
        let bytesTotal = 0
        let mappingText: string | undefined
        for await (const part of parts) {
          if (part.type === 'field') {
            if (!FORM_FIELDS.has(part.name))
              problems.push({ path: `body.${part.name}`, message: `“${part.name}” is not a field of this request` })
            else if (!(part.name in fields)) fields[part.name] = part.value
            continue
          }
          if (part.name === 'mapping') {
            let text = ''
            for await (const chunk of part.stream) {
              text += Buffer.from(chunk).toString('utf8')
              if (text.length > MAX_MAPPING_BYTES)
                throw new ImportUploadTooLarge('The mapping file is larger than 1 MB: nothing was imported.')
            }
            if (text.trim()) mappingText = text
            continue
          }
          const kind = IMPORT_FILE_FIELDS.find((k) => k === part.name)
          if (!kind) {
            for await (const _ of part.stream) void _
            problems.push({
              path: `body.${part.name}`,
              message: `Send the files in parts named cases, officers and allegations (and mapping), not “${part.name}”`,
            })
            continue
          }
          const jsonl = /\.(jsonl|ndjson)$/i.test(part.filename)
          const n = names.filter((f) => f.startsWith(kind)).length
          const name = `${kind}${n ? `-${n + 1}` : ''}.${jsonl ? 'jsonl' : 'csv'}`
          const size = await storeFile(s, id, names.length + 1, name, part.stream)
          // A form's file input left empty arrives as a part with no name and no bytes.
          if (!size && !part.filename) {
            await s.query(`delete from import_uploads where import_id = $1 and file_no = $2`, [id, names.length + 1])
            continue
          }
          names.push(name)
          bytesTotal += size
        }
        const source = importSourceSchema.safeParse(fields.source ?? '')
        if (!source.success) problems.push({ path: 'body.source', message: source.error.issues[0]!.message })
        for (const key of ['dryRun', 'skipInvalid'] as const)
          if (fields[key] !== undefined && !flag.safeParse(fields[key]).success)
            problems.push({ path: `body.${key}`, message: `${key} is true or false` })
        if (!names.some((n) => n.startsWith('cases') || n.startsWith('allegations') || n.startsWith('officers')))
          problems.push({ path: 'body.cases', message: 'Select at least one file to import' })
        let mapping: VocabularyMapping | null = null
        if (mappingText !== undefined) {
          let json: unknown
          try {
            json = JSON.parse(mappingText)
          } catch {
            problems.push({ path: 'body.mapping', message: 'The mapping file must be JSON (docs/import.md)' })
          }
          if (json !== undefined) {
            const parsed = vocabularyMappingSchema.safeParse(json)
            if (parsed.success) mapping = parsed.data
            else
              problems.push({
                path: 'body.mapping',
                message: `The mapping file is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
              })
          }
        }
        if (problems.length) throw new ValidationFailed(problems)
        const yes = (v: string | undefined) => v === 'true' || v === 'on'
        await jobs.completeQueuedImport(s, {
          id,
          source: source.data!,
          dryRun: yes(fields.dryRun),
          skipInvalid: yes(fields.skipInvalid),
          files: names,
          mapping,
          maxFileBytes: uploadMaxBytes,
          bytesTotal,
        })
        await repo.insertAudit(s, {
          action: 'import.queued',
          entityId: id,
          actorUserId: ctx.actor!.userId,
          requestId: ctx.requestId,
          detail: { source: source.data, files: names, bytes: bytesTotal, dryRun: yes(fields.dryRun) },
        })
      }),
    )
    return (await get(id, ctx))!
  }

  async function* chunks(id: string, fileNo: number): AsyncGenerator<Buffer> {
    for (let seq = 0; ; seq++) {
      const bytes = await jobs.uploadChunk(database().db, id, fileNo, seq)
      if (!bytes) return
      yield Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    }
  }

  let inFlight: Promise<number> | null = null

  /**
   * Runs queued imports one after another until none is left; the number run. Other instances'
   * runners take other imports (SKIP LOCKED). In one process one runs at a time: the embedded
   * database has one session, whose staging tables one import at a time may use.
   */
  function runQueued(log: (message: string, detail: object) => void = () => undefined): Promise<number> {
    inFlight ??= (async () => {
      const h = database()
      const stalled = await withBulkSession(h, (s) => jobs.failStalledImports(s, STALLED_AFTER_MINUTES))
      if (stalled.length) log('imports whose runner stopped were failed', { stalled })
      let ran = 0
      for (;;) {
        const claimed = await withBulkSession(h, (s) => jobs.claimQueuedImport(s))
        if (!claimed) return ran
        ran++
        try {
          const uploads = await withBulkSession(h, (s) => jobs.uploadsOf(s, claimed.id))
          const report = await historyImportService(h).run(
            {
              source: claimed.source,
              files: uploads.map((u) => ({
                name: u.name,
                size: Number(u.size),
                open: () => Readable.from(chunks(claimed.id, u.file_no)),
              })),
              dryRun: claimed.dry_run,
              skipInvalid: claimed.skip_invalid,
              ...(claimed.mapping ? { mapping: claimed.mapping } : {}),
              ...(claimed.max_file_bytes ? { maxFileBytes: Number(claimed.max_file_bytes) } : {}),
              queued: { id: claimed.id, startedBy: claimed.started_by },
            },
            systemContext(`import-${claimed.id}`),
          )
          log('import finished', { id: claimed.id, status: report.status, errors: report.errorCount })
        } catch (error) {
          // run() marks the import failed itself once it has started; this covers what comes before.
          const message = error instanceof Error ? error.message : String(error)
          await withBulkSession(h, (s) =>
            repo.finishImport(s, claimed.id, {
              status: 'failed',
              counts: {},
              unmapped: [],
              errorCount: 0,
              failure: message,
            }),
          ).catch(() => undefined)
          log('import failed', { id: claimed.id, error: message })
        } finally {
          await withBulkSession(h, (s) => jobs.deleteUploads(s, claimed.id)).catch(() => undefined)
        }
      }
    })().finally(() => {
      inFlight = null
    })
    return inFlight
  }

  async function get(id: string, ctx: RequestContext): Promise<ImportJob | undefined> {
    authoriseImport(ctx)
    if (!z.uuid().safeParse(id).success) return undefined
    const row = await jobs.findImportJob(database().db, id)
    return row ? jobOf(row) : undefined
  }

  async function list(
    ctx: RequestContext,
    options: { limit?: number; before?: { startedAt: Date; id: string } } = {},
  ): Promise<{ items: ImportJob[]; next: { startedAt: Date; id: string } | null }> {
    authoriseImport(ctx)
    const limit = options.limit ?? 25
    const rows = await jobs.listImportJobs(database().db, {
      limit: limit + 1,
      ...(options.before ? { before: options.before } : {}),
    })
    const items = rows.slice(0, limit).map(jobOf)
    const last = items[items.length - 1]
    return { items, next: rows.length > limit && last ? { startedAt: last.submittedAt, id: last.id } : null }
  }

  /** The error report, a row at a time (its values are the source's data: the read is audited). */
  async function errors(id: string, ctx: RequestContext): Promise<AsyncGenerator<repo.StoredError>> {
    const job = await get(id, ctx)
    if (!job) throw new NotFound('The import')
    await withBulkSession(database(), (s) =>
      repo.insertAudit(s, {
        action: 'import.errors.read',
        entityId: id,
        actorUserId: ctx.actor?.userId ?? null,
        requestId: ctx.requestId,
        detail: { source: job.source, errorCount: job.errorCount },
      }),
    )
    return importErrors(database(), id)
  }

  return { submit, runQueued, get, list, errors, uploadMaxBytes }
}

export type ImportJobService = ReturnType<typeof importJobService>
