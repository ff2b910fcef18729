/**
 * The Evidence tab: the register (withdrawn documents stay listed, marked), uploading a document
 * (multipart; the CSRF token travels in the form action's query string, since the body is read
 * only by the handler), a document's page with its chain of custody, adding custody entries,
 * withdrawing, and the audited download.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { decodeCursor, encodeCursor } from '../../../http/cursor.js'
import { z } from 'zod'
import { Conflict, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsOf } from '../../dates.js'
import { formErrors, parseForm } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { readUpload, registerUploads, sendDocument, UploadRejected } from '../../uploads.js'
import { readCustodyForm, uploadMetadata, WithdrawalForm } from './evidenceValidation.js'

type IdParams = { Params: { id: string } }
type DocParams = { Params: { id: string; documentId: string } }
type Body = Record<string, unknown>

const RegisterPosition = z.object({ uploadedAt: z.string().max(40), id: z.uuid() })

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / (1024 * 1024)).toFixed(1)} MB`
}

export default function evidenceRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    await registerUploads(app)
    const base = `${paths.investigations()}/:id/evidence`

    app.get<IdParams & { Querystring: { cursor?: string } }>(
      base,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        let after
        try {
          after = decodeCursor(
            typeof request.query.cursor === 'string' ? request.query.cursor : undefined,
            RegisterPosition,
          )
        } catch {
          after = undefined
        }
        const [header, register] = await Promise.all([
          services.investigations.header(request.params.id, ctx),
          services.evidence.register(request.params.id, ctx, { limit: 50, ...(after ? { after } : {}) }),
        ])
        const carried =
          header.investigation.predecessor_investigation_id && !after
            ? await services.reinvestigations.predecessorEvidence(request.params.id, ctx)
            : null
        return reply.render('evidence/register.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'evidence',
          carried,
          documents: register.items.map((d) => ({ ...d, size: formatBytes(Number(d.size_bytes)) })),
          canContribute: register.canContribute,
          nextHref: register.next
            ? `${paths.investigationTab(request.params.id, 'evidence')}?cursor=${encodeCursor(register.next)}`
            : null,
          firstHref: after ? paths.investigationTab(request.params.id, 'evidence') : null,
        })
      },
    )

    const renderUpload = async (
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body = {},
      problems: FieldProblem[] = [],
      status = 200,
    ) => {
      const header = await services.investigations.header(request.params.id, contextOf(request))
      return reply.code(status).render('evidence/upload.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'evidence',
        values,
        errors: problems.length ? formErrors(problems) : undefined,
        backLink: {
          text: 'Back to the evidence register',
          href: paths.investigationTab(request.params.id, 'evidence'),
        },
      })
    }

    app.get<IdParams>(`${base}/new`, { config: requires('investigation:contribute') }, async (request, reply) =>
      renderUpload(request, reply),
    )

    app.post<IdParams>(
      base,
      {
        config: {
          ...requires('investigation:contribute'),
          confirms: 'The document has been added to the evidence register',
        },
      },
      async (request, reply) => {
        let fields: Record<string, string> = {}
        try {
          const upload = await readUpload(request)
          fields = upload.fields
          if (!upload.file)
            return renderUpload(request, reply, fields, [{ path: 'file', message: 'Select a file' }], 400)
          const document = await services.evidence.upload(
            request.params.id,
            uploadMetadata(fields),
            upload.file,
            contextOf(request),
          )
          return reply.redirect(paths.evidenceDocument(request.params.id, document.id), 303)
        } catch (error) {
          if (error instanceof UploadRejected) return renderUpload(request, reply, error.fields, error.problems, 400)
          if (error instanceof ValidationFailed) return renderUpload(request, reply, fields, error.problems, 400)
          throw error
        }
      },
    )

    const renderDocument = async (
      request: FastifyRequest<DocParams>,
      reply: FastifyReply,
      extra: Body = {},
      status = 200,
    ) => {
      const ctx = contextOf(request)
      const [header, detail] = await Promise.all([
        services.investigations.header(request.params.id, ctx),
        services.evidence.get(request.params.documentId, ctx),
      ])
      if (detail.document.investigation_id !== request.params.id) return reply.callNotFound()
      return reply.code(status).render('evidence/document.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'evidence',
        d: { ...detail.document, size: formatBytes(Number(detail.document.size_bytes)) },
        custody: detail.custody,
        canContribute: detail.canContribute,
        canDownload: !detail.document.sealed || detail.canReadSealed,
        values: {},
        parts: {},
        backLink: {
          text: 'Back to the evidence register',
          href: paths.investigationTab(request.params.id, 'evidence'),
        },
        ...extra,
      })
    }

    app.get<DocParams>(
      `${base}/:documentId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderDocument(request, reply),
    )

    app.get<DocParams>(
      `${base}/:documentId/download`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { document, bytes } = await services.evidence.content(request.params.documentId, contextOf(request))
        if (document.investigation_id !== request.params.id) return reply.callNotFound()
        return sendDocument(reply, document, bytes)
      },
    )

    app.post<DocParams>(
      `${base}/:documentId/custody-entries`,
      { config: { ...requires('investigation:contribute'), confirms: 'The custody entry has been recorded' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const { input, problems } = readCustodyForm(body)
        const rerender = (list: FieldProblem[]) =>
          renderDocument(
            request,
            reply,
            {
              custodyErrors: formErrors(list, { occurredOn: 'occurredOn-day' }),
              values: body,
              parts: { occurredOn: partsOf(body, 'occurredOn') },
            },
            400,
          )
        if (problems.length) return rerender(problems)
        try {
          const { document } = await services.evidence.get(request.params.documentId, contextOf(request))
          if (document.investigation_id !== request.params.id) return reply.callNotFound()
          await services.evidence.addCustodyEntry(request.params.documentId, input, contextOf(request))
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          throw error
        }
        return reply.redirect(`${paths.evidenceDocument(request.params.id, request.params.documentId)}#custody`, 303)
      },
    )

    app.post<DocParams>(
      `${base}/:documentId/withdrawal`,
      { config: { ...requires('investigation:contribute'), confirms: 'The document has been withdrawn' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const form = parseForm(WithdrawalForm, body)
        const rerender = (list: FieldProblem[], status = 400) =>
          renderDocument(request, reply, { withdrawErrors: formErrors(list), values: body }, status)
        if (!form.ok) return renderDocument(request, reply, { withdrawErrors: form.errors, values: body }, 400)
        try {
          const { document } = await services.evidence.get(request.params.documentId, contextOf(request))
          if (document.investigation_id !== request.params.id) return reply.callNotFound()
          await services.evidence.withdraw(
            request.params.documentId,
            { reason: form.data.reason },
            form.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          if (error instanceof Conflict) return rerender([{ path: 'reason', message: error.message }], 409)
          throw error
        }
        return reply.redirect(paths.evidenceDocument(request.params.id, request.params.documentId), 303)
      },
    )
  }
}
