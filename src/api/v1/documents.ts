/**
 * The evidence register over the API: list, upload (multipart/form-data), metadata (ETag),
 * content (bytes, audited; sealed documents only for those allowed), withdrawal (If-Match; never
 * deletion) and the chain of custody.
 */
import { z } from 'zod'
import { ValidationFailed } from '../../services/errors.js'
import { CustodyEntryInput, WithdrawalInput, type DocumentRow } from '../../services/evidence.js'
import { readUpload, registerUploads, sendDocument } from '../../web/uploads.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'

export const DocumentJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    exhibitReference: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    sizeBytes: z.number().int(),
    mediaType: z.string(),
    originalFilename: z.string(),
    sealed: z.boolean(),
    uploadedAt: z.iso.datetime(),
    withdrawn: z.boolean(),
    withdrawnAt: z.iso.datetime().nullable(),
    withdrawnReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Document', description: 'A document on the evidence register (its bytes are at /content)' })

export function documentJson(d: DocumentRow): z.output<typeof DocumentJson> {
  return {
    id: d.id,
    investigationId: d.investigation_id,
    exhibitReference: d.exhibit_reference,
    title: d.title,
    description: d.description,
    sha256: d.sha256,
    sizeBytes: Number(d.size_bytes),
    mediaType: d.media_type,
    originalFilename: d.original_filename,
    sealed: d.sealed,
    uploadedAt: new Date(d.uploaded_at).toISOString(),
    withdrawn: d.withdrawn_at !== null,
    withdrawnAt: d.withdrawn_at ? new Date(d.withdrawn_at).toISOString() : null,
    withdrawnReason: d.withdrawn_reason,
    version: d.version,
  }
}

export const CustodyEntryJson = z
  .object({
    id: z.uuid(),
    documentId: z.uuid(),
    occurredAt: z.iso.datetime(),
    action: z.string(),
    fromParty: z.string().nullable(),
    toParty: z.string().nullable(),
    note: z.string().nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'CustodyEntry', description: 'An entry in a document’s chain of custody' })

type CustodyRow = {
  id: string
  document_id: string
  occurred_at: Date
  action: string
  from_party: string | null
  to_party: string | null
  note: string | null
  recorded_at: Date
}
const custodyJson = (e: CustodyRow): z.output<typeof CustodyEntryJson> => ({
  id: e.id,
  documentId: e.document_id,
  occurredAt: new Date(e.occurred_at).toISOString(),
  action: e.action,
  fromParty: e.from_party,
  toParty: e.to_party,
  note: e.note,
  recordedAt: new Date(e.recorded_at).toISOString(),
})

const InvestigationParams = z.object({ id: z.uuid() })
const DocumentParams = z.object({ id: z.uuid() })
const RegisterPosition = z.object({ uploadedAt: z.string().max(40), id: z.uuid() })
const CustodyEntryBody = CustodyEntryInput.extend({
  occurredAt: z.iso.datetime({ offset: true }).meta({ description: 'When it happened (ISO 8601 with offset)' }),
})

export const documentOperations: ApiModule = async ({ app, registry, services }) => {
  await registerUploads(app)

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/documents',
    operationId: 'listDocuments',
    summary: 'The investigation’s evidence register, newest first (withdrawn documents included)',
    tags: ['Evidence'],
    access: 'investigation:read-case-file',
    params: InvestigationParams,
    query: PageQuery,
    responses: { 200: { description: 'A page of documents', schema: pageOf(DocumentJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, RegisterPosition)
      const page = await services.evidence.register(params.id, ctx, { limit: query.limit, ...(after ? { after } : {}) })
      return { items: page.items.map(documentJson), nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/documents',
    operationId: 'uploadDocument',
    summary: 'Upload a document to the evidence register (multipart/form-data)',
    description:
      'Send multipart/form-data with the fields exhibitReference (unique in the investigation), title, description (optional), ' +
      'sealed ("true" to seal) and one part named file (at most 50 MB). The bytes are stored once per content, named by their SHA-256. ' +
      'Idempotency-Key is not accepted: a repeat is refused as a duplicate exhibit reference instead.',
    tags: ['Evidence'],
    access: 'investigation:contribute',
    params: InvestigationParams,
    idempotency: false,
    responses: {
      201: {
        description: 'The document as registered',
        schema: DocumentJson,
        headers: { ...etagHeader, Location: { description: 'The document’s address' } },
      },
    },
    async handler({ params, ctx }, request, reply) {
      const { fields, file } = await readUpload(request)
      if (!file) {
        throw new ValidationFailed(
          [{ path: 'body.file', message: 'Send the document in a part named file' }],
          'The request is not valid',
        )
      }
      const document = await services.evidence.upload(
        params.id,
        {
          exhibitReference: fields.exhibitReference ?? '',
          title: fields.title ?? '',
          description: fields.description ?? '',
          sealed: fields.sealed === 'true',
        },
        file,
        ctx,
      )
      setETag(reply, document.version)
      return reply.code(201).header('location', `/api/v1/documents/${document.id}`).send(documentJson(document))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/documents/:id',
    operationId: 'getDocument',
    summary: 'A document’s metadata',
    tags: ['Evidence'],
    access: 'investigation:read-case-file',
    params: DocumentParams,
    responses: {
      200: { description: 'The document', schema: DocumentJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { document } = await services.evidence.get(params.id, ctx)
      if (notModified(request, reply, document.version)) return reply
      return documentJson(document)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/documents/:id/content',
    operationId: 'getDocumentContent',
    summary:
      'A document’s bytes, as an attachment (an audited read; sealed documents only for the lead investigator and the decision maker)',
    tags: ['Evidence'],
    access: 'investigation:read-case-file',
    params: DocumentParams,
    responses: { 200: { description: 'The bytes, with Content-Disposition: attachment and Repr-Digest (SHA-256)' } },
    async handler({ params, ctx }, _request, reply) {
      const { document, bytes } = await services.evidence.content(params.id, ctx)
      return sendDocument(reply, document, bytes)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/documents/:id/withdrawal',
    operationId: 'withdrawDocument',
    summary: 'Withdraw a document with a reason (it stays on the register, marked withdrawn; nothing is deleted)',
    tags: ['Evidence'],
    access: 'investigation:contribute',
    params: DocumentParams,
    body: WithdrawalInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The document as withdrawn', schema: DocumentJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const document = await services.evidence.withdraw(params.id, body, expectedVersion, ctx)
      setETag(reply, document.version)
      return documentJson(document)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/documents/:id/custody-entries',
    operationId: 'listCustodyEntries',
    summary: 'A document’s chain of custody, in the order things happened',
    tags: ['Evidence'],
    access: 'investigation:read-case-file',
    params: DocumentParams,
    responses: { 200: { description: 'Every entry (one page)', schema: pageOf(CustodyEntryJson) } },
    async handler({ params, ctx }) {
      const entries = await services.evidence.custodyEntries(params.id, ctx)
      return { items: entries.map(custodyJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/documents/:id/custody-entries',
    operationId: 'addCustodyEntry',
    summary: 'Add an entry to a document’s chain of custody',
    tags: ['Evidence'],
    access: 'investigation:contribute',
    params: DocumentParams,
    body: CustodyEntryBody,
    responses: { 201: { description: 'The entry as recorded', schema: CustodyEntryJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const entry = await services.evidence.addCustodyEntry(
        params.id,
        { ...body, occurredAt: new Date(body.occurredAt) },
        ctx,
      )
      return reply.code(201).send(custodyJson(entry))
    },
  })
}
