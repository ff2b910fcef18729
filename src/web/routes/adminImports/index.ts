/**
 * Administrators' pages for imports of history (docs/import.md "Through the API and the page"):
 * every import newest first, a form to upload the files, and one import's progress while it runs
 * (refreshed by reloading the page: no script), its counts and its error report as CSV.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance } from 'fastify'
import { csvRow } from '../../../domain/csv.js'
import { NotFound, ValidationFailed } from '../../../services/errors.js'
import { ImportUploadTooLarge, type ImportJob } from '../../../services/import/importJobs.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { ensureMultipart, streamedParts } from '../../uploads.js'

const STATUS: Record<ImportJob['status'], { text: string; colour: string }> = {
  queued: { text: 'Waiting to start', colour: 'grey' },
  running: { text: 'Running', colour: 'blue' },
  completed: { text: 'Imported', colour: 'green' },
  validated: { text: 'Checked (dry run)', colour: 'turquoise' },
  failed: { text: 'Failed: nothing imported', colour: 'red' },
  undone: { text: 'Undone', colour: 'grey' },
}
const PHASE: Record<string, string> = {
  queued: 'Waiting for the job runner to start it',
  reading: 'Reading and checking every row',
  checking: 'Checking references and duplicates across the files',
  writing: 'Writing the records (in one transaction)',
  done: 'Finished',
}
const count = (n: number) => new Intl.NumberFormat('en-GB').format(n)

function view(job: ImportJob) {
  return {
    ...job,
    statusText: STATUS[job.status].text,
    statusColour: STATUS[job.status].colour,
    phaseText: job.progress ? (PHASE[job.progress.phase] ?? job.progress.phase) : null,
    running: job.status === 'queued' || job.status === 'running',
    rowsReadText: job.progress ? count(job.progress.rowsRead) : job.rowsRead ? count(sum(job.rowsRead)) : '',
  }
}
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0)

export default function adminImportRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    await ensureMultipart(app)
    const access = requires('history:import')
    const maxFileBytes = services.importJobs.uploadMaxBytes
    const limitText = `${Math.round(maxFileBytes / 1024 ** 2)} MB`

    app.get<{ Querystring: { before?: string } }>(paths.adminImports(), { config: access }, async (request, reply) => {
      const before = /^(\d{13})_([0-9a-f-]{36})$/.exec(request.query.before ?? '')
      const page = await services.importJobs.list(contextOf(request), {
        ...(before ? { before: { startedAt: new Date(Number(before[1])), id: before[2]! } } : {}),
      })
      return reply.render('adminImports/list.njk', {
        items: page.items.map(view),
        nextHref: page.next ? `${paths.adminImports()}?before=${page.next.startedAt.getTime()}_${page.next.id}` : null,
      })
    })

    const form = (values: Record<string, string> = {}, errors?: ReturnType<typeof formErrors>) => ({
      values,
      limitText,
      ...(errors ? { errors } : {}),
    })

    app.get(paths.adminImportNew(), { config: access }, async (_request, reply) =>
      reply.render('adminImports/new.njk', form()),
    )

    app.post(
      paths.adminImports(),
      {
        config: {
          ...access,
          streamedUpload: { maxFileBytes },
          confirms: 'The import is queued. This page shows its progress: reload it to see the latest.',
        },
      },
      async (request, reply) => {
        const fields: Record<string, string> = {}
        // The form's own fields are kept to fill it again if something is wrong.
        async function* remembered() {
          for await (const part of streamedParts(request, maxFileBytes)) {
            // The form's checkboxes ("options") are the API's dryRun and skipInvalid.
            if (part.type === 'field' && part.name === 'options') {
              if (part.value === 'dryRun' || part.value === 'skipInvalid') {
                fields[part.value] = 'true'
                yield { type: 'field' as const, name: part.value, value: 'true' }
              }
              continue
            }
            if (part.type === 'field') fields[part.name] = part.value
            yield part
          }
        }
        try {
          const job = await services.importJobs.submit(remembered(), contextOf(request))
          return reply.redirect(paths.adminImport(job.id), 303)
        } catch (error) {
          const problems =
            error instanceof ImportUploadTooLarge
              ? [{ path: 'cases', message: error.message }]
              : error instanceof ValidationFailed
                ? error.problems.map((p) => ({ ...p, path: p.path.replace(/^body\./, '') }))
                : null
          if (!problems) throw error
          return reply
            .code(error instanceof ImportUploadTooLarge ? 413 : 400)
            .render('adminImports/new.njk', form(fields, formErrors(problems)))
        }
      },
    )

    app.get<{ Params: { id: string } }>('/admin/imports/:id', { config: access }, async (request, reply) => {
      const job = await services.importJobs.get(request.params.id, contextOf(request))
      if (!job) throw new NotFound('The import')
      return reply.render('adminImports/show.njk', { job: view(job), checkedAt: new Date() })
    })

    app.get<{ Params: { id: string } }>('/admin/imports/:id/errors.csv', { config: access }, async (request, reply) => {
      const rows = await services.importJobs.errors(request.params.id, contextOf(request))
      async function* csv() {
        yield csvRow(['file', 'row', 'column', 'value', 'message'])
        for await (const e of rows) yield csvRow([e.file, e.row, e.column, e.value, e.message])
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="import-${request.params.id}-errors.csv"`)
        .header('cache-control', 'no-store')
        .send(Readable.from(csv()))
    })
  }
}
