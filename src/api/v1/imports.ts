/**
 * Imports of history through the API (docs/import.md "Through the API and the page", ADR 0030):
 * upload the files (multipart/form-data) → 202 with the queued import; read its status, progress,
 * counts and error report. Administrators only. The import itself runs in the job runner.
 */
import { Readable } from 'node:stream'
import { z } from 'zod'
import { csvRow } from '../../domain/csv.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { ApiProblem, problemTypes } from '../../http/problem.js'
import { ImportUploadTooLarge, type ImportJob } from '../../services/import/importJobs.js'
import { NotFound } from '../../services/errors.js'
import { ensureMultipart, streamedParts } from '../../web/uploads.js'
import { defineOperation, type ApiModule } from '../operations.js'
import { PageQuery, pageOf } from '../pagination.js'

const Counts = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() })

export const ImportJson = z
  .object({
    id: z.uuid(),
    source: z.string(),
    status: z.enum(['queued', 'running', 'completed', 'failed', 'validated', 'undone']).meta({
      description:
        'queued (waiting for a job runner), running, completed (written), validated (a dry run that found no error), failed (nothing written: see failure and the error report), undone',
    }),
    dryRun: z.boolean(),
    skipInvalid: z.boolean(),
    files: z.array(z.string()).meta({ description: 'The files as the import names them in its report' }),
    submittedAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    progress: z
      .object({
        phase: z.enum(['queued', 'reading', 'checking', 'writing', 'done']),
        file: z.string().meta({ description: 'The file being read' }),
        rowsRead: z.number().int(),
        bytesRead: z.number().int(),
        bytesTotal: z.number().int().nullable(),
        percent: z.number().int().min(0).max(100).nullable(),
      })
      .nullable(),
    rowsRead: z.record(z.string(), z.number().int()).nullable().meta({ description: 'Rows read, by file kind' }),
    counts: z
      .record(z.string(), Counts)
      .nullable()
      .meta({ description: 'Records created, updated and unchanged, by kind (a completed import)' }),
    errorCount: z.number().int(),
    errorsUrl: z.string().meta({ description: 'The whole error report as CSV: file, row, column, value, message' }),
    unmapped: z.array(z.object({ vocabulary: z.string(), value: z.string(), rows: z.number().int() })),
    failure: z.string().nullable().meta({ description: 'Why nothing was written, when the import failed' }),
  })
  .meta({ id: 'Import' })

export function importJson(job: ImportJob): z.input<typeof ImportJson> {
  return {
    id: job.id,
    source: job.source,
    status: job.status,
    dryRun: job.dryRun,
    skipInvalid: job.skipInvalid,
    files: job.files,
    submittedAt: job.submittedAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: job.progress
      ? {
          phase: job.progress.phase,
          file: job.progress.file,
          rowsRead: job.progress.rowsRead,
          bytesRead: job.progress.bytesRead,
          bytesTotal: job.progress.bytesTotal,
          percent: job.percent,
        }
      : null,
    rowsRead: job.rowsRead,
    counts: job.counts,
    errorCount: job.errorCount,
    errorsUrl: `/api/v1/imports/${job.id}/errors.csv`,
    unmapped: job.unmapped,
    failure: job.failure,
  }
}

const Params = z.object({ id: z.uuid() })
const Position = z.object({ startedAt: z.iso.datetime(), id: z.uuid() })

/** A file over the upload limit is 413 problem+json, naming the limit and the CLI. */
export function uploadProblem(error: unknown): unknown {
  if (error instanceof ImportUploadTooLarge)
    return new ApiProblem({
      status: 413,
      type: problemTypes.payloadTooLarge,
      title: 'File too large to upload',
      detail: error.message,
    })
  return error
}

export const importOperations: ApiModule = async ({ app, registry, services }) => {
  const tags = ['Imports']
  // Multipart as the documents read it; an import's limits are given per request (streamedParts).
  await ensureMultipart(app)
  const maxFileBytes = services.importJobs.uploadMaxBytes
  {
    defineOperation(app, registry, {
      method: 'post',
      path: '/api/v1/imports',
      operationId: 'startImport',
      summary: 'Import history: upload the files (multipart/form-data); the import runs as a job',
      description:
        'Send multipart/form-data with the field source (the source system’s name), optionally dryRun and skipInvalid ' +
        '("true"), and the files in parts named cases, officers and allegations (CSV, or JSON Lines when the file name ends ' +
        '.jsonl), and optionally mapping (the JSON mapping file, docs/import.md). Each file may be at most ' +
        'IMPORT_UPLOAD_MAX_BYTES (256 MB by default; a larger file is refused with 413 and nothing stored: the CLI streams ' +
        'files of any size). The answer is 202 with the queued import; follow Location for its progress. Every row is then ' +
        'checked: an import with errors writes nothing (status failed, errors in errorsUrl) unless skipInvalid.',
      tags,
      access: 'history:import',
      idempotency: false,
      streamedUpload: { maxFileBytes },
      responses: {
        202: {
          description: 'The import, queued',
          schema: ImportJson,
          headers: { Location: { description: 'The import’s address' } },
        },
        413: { description: 'A file is larger than the upload limit: nothing was stored', problem: true },
      },
      async handler({ ctx }, request, reply) {
        let job: ImportJob
        try {
          job = await services.importJobs.submit(streamedParts(request, maxFileBytes), ctx)
        } catch (error) {
          throw uploadProblem(error)
        }
        return reply.code(202).header('location', `/api/v1/imports/${job.id}`).send(importJson(job))
      },
    })
  }

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/imports',
    operationId: 'listImports',
    summary: 'Imports of history, newest first (from the API, the page and the command line)',
    tags,
    access: 'history:import',
    query: PageQuery,
    responses: { 200: { description: 'A page of imports', schema: pageOf(ImportJson) } },
    async handler({ query, ctx }) {
      const after = decodeCursor(query.cursor, Position)
      const page = await services.importJobs.list(ctx, {
        limit: query.limit,
        ...(after ? { before: { startedAt: new Date(after.startedAt), id: after.id } } : {}),
      })
      return {
        items: page.items.map(importJson),
        nextCursor: page.next ? encodeCursor({ startedAt: page.next.startedAt.toISOString(), id: page.next.id }) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/imports/:id',
    operationId: 'getImport',
    summary: 'One import: status, progress while it runs, counts, rows read, the number of errors and unmapped values',
    tags,
    access: 'history:import',
    params: Params,
    responses: { 200: { description: 'The import', schema: ImportJson } },
    async handler({ params, ctx }) {
      const job = await services.importJobs.get(params.id, ctx)
      if (!job) throw new NotFound('The import')
      return importJson(job)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/imports/:id/errors.csv',
    operationId: 'getImportErrors',
    summary: 'An import’s error report as CSV (file, row, column, value, message), streamed; the read is audited',
    tags,
    access: 'history:import',
    params: Params,
    responses: { 200: { description: 'errors.csv' } },
    async handler({ params, ctx }, _request, reply) {
      const rows = await services.importJobs.errors(params.id, ctx)
      async function* csv() {
        yield csvRow(['file', 'row', 'column', 'value', 'message'])
        for await (const e of rows) yield csvRow([e.file, e.row, e.column, e.value, e.message])
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${params.id}-errors.csv"`)
        .send(Readable.from(csv()))
    },
  })
}
