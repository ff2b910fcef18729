/**
 * The evidence register: documents uploaded to an investigation, stored content-addressed by
 * SHA-256 in the document store (the same bytes are stored once, and what comes back can be
 * checked against its name), with an exhibit reference unique in the case, a chain of custody,
 * and sealing. Documents are never deleted: a document is withdrawn with a reason and stays on
 * the register, marked withdrawn. Downloads are audited reads; sealed documents open only to
 * those the policy allows 'evidence:read-sealed'.
 */
import { createHash } from 'node:crypto'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import * as documents from '../data/repositories/documents.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Database } from '../data/schema.js'
import type { Executor } from '../data/database.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ServiceError, ValidationFailed } from './errors.js'
import { parseOrThrow } from './validation.js'
import type { DocumentStore } from './storage/documentStore.js'

/** The largest document Candour accepts (the upload routes enforce it while reading). */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

export const DocumentMetadataInput = z.object({
  exhibitReference: z
    .string({ message: 'Enter the exhibit reference' })
    .trim()
    .min(1, 'Enter the exhibit reference')
    .max(60, 'Exhibit reference must be 60 characters or fewer')
    .regex(
      /^[\p{L}\p{N}][\p{L}\p{N} ./_-]*$/u,
      'Exhibit reference must start with a letter or number and use only letters, numbers, spaces and . / _ -',
    ),
  title: z
    .string({ message: 'Enter a title' })
    .trim()
    .min(1, 'Enter a title')
    .max(300, 'Title must be 300 characters or fewer'),
  description: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'Description must be 5,000 characters or fewer').optional(),
  ),
  sealed: z.boolean().default(false),
})
export type DocumentMetadataInputType = z.input<typeof DocumentMetadataInput>

export interface UploadedFile {
  bytes: Buffer
  /** As the client named it; reduced to a safe base name here. */
  filename: string
  /** As the client declared it; anything that is not a plain type/subtype is stored as application/octet-stream. */
  mediaType: string
}

export const CustodyEntryInput = z.object({
  occurredAt: z
    .date({ message: 'Enter when it happened' })
    .refine((d) => !Number.isNaN(d.getTime()) && d.getTime() <= Date.now() + 5 * 60_000, {
      message: 'When it happened must be a real time, not in the future',
    }),
  action: z
    .string({ message: 'Enter what was done' })
    .trim()
    .min(1, 'Enter what was done')
    .max(100, 'What was done must be 100 characters or fewer'),
  fromParty: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(300, 'From must be 300 characters or fewer').optional(),
  ),
  toParty: z.preprocess(emptyToUndefined, z.string().trim().max(300, 'To must be 300 characters or fewer').optional()),
  note: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'Note must be 5,000 characters or fewer').optional(),
  ),
})
export type CustodyEntryInputType = z.input<typeof CustodyEntryInput>

export const WithdrawalInput = z.object({
  reason: z
    .string({ message: 'Enter why the document is withdrawn' })
    .trim()
    .min(1, 'Enter why the document is withdrawn')
    .max(5000, 'Reason must be 5,000 characters or fewer'),
})

/** The stored bytes do not match their name: the store has been tampered with or corrupted. */
export class DocumentIntegrityError extends ServiceError {}

/** A file name safe to store and to offer back: the base name, no control characters, at most 200 characters. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? ''
  const cleaned = base
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .replace(/^\.+/, '')
    .trim()
    .slice(0, 200)
  return cleaned || 'document'
}

export function safeMediaType(type: string): string {
  const t = type.trim().toLowerCase().split(';')[0]!.trim()
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/.test(t) ? t : 'application/octet-stream'
}

export type DocumentRow = NonNullable<Awaited<ReturnType<typeof documents.findById>>>

export function evidenceService(db: Kysely<Database>, store: DocumentStore) {
  const access = caseAccess(db)

  async function loadDocument(executor: Executor, documentId: string, forUpdate = false): Promise<DocumentRow> {
    if (!isUuid(documentId)) throw new NotFound('The document')
    const row = forUpdate
      ? await documents.findByIdForUpdate(executor, documentId)
      : await documents.findById(executor, documentId)
    if (!row) throw new NotFound('The document')
    return row
  }

  return {
    /**
     * Stores the bytes (once per content) and registers the document. The bytes go to the store
     * first: if the registration then fails, the store holds unreferenced content, which is
     * harmless (and is reused if the same content is uploaded again).
     */
    async upload(
      investigationId: string,
      metadata: DocumentMetadataInputType,
      file: UploadedFile,
      ctx: RequestContext,
    ): Promise<DocumentRow> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DocumentMetadataInput, metadata)
      if (file.bytes.byteLength === 0)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file is empty' }])
      if (file.bytes.byteLength > MAX_DOCUMENT_BYTES)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 50 MB' }])
      // Refuse early (and audited) before writing anything to the store.
      await access.require(db, ctx, investigationId, 'investigation:contribute')
      if (await documents.findByExhibitReference(db, investigationId, data.exhibitReference)) {
        throw new ValidationFailed([
          { path: 'exhibitReference', message: 'Another document of this investigation has that exhibit reference' },
        ])
      }
      const stored = await store.put(file.bytes)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'investigation:contribute', { forUpdate: true })
        if (await documents.findByExhibitReference(trx, investigationId, data.exhibitReference)) {
          throw new ValidationFailed([
            { path: 'exhibitReference', message: 'Another document of this investigation has that exhibit reference' },
          ])
        }
        const row = await documents.insert(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          exhibit_reference: data.exhibitReference,
          title: data.title,
          description: data.description ?? null,
          sha256: stored.sha256,
          size_bytes: stored.size,
          media_type: safeMediaType(file.mediaType),
          original_filename: safeFilename(file.filename),
          sealed: data.sealed,
          uploaded_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'document.uploaded',
          entityType: 'document',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            after: {
              exhibitReference: row.exhibit_reference,
              title: row.title,
              sha256: row.sha256,
              sizeBytes: row.size_bytes,
              mediaType: row.media_type,
              sealed: row.sealed,
            },
          },
        })
        return row
      })
    },

    /** The register, newest first, withdrawn documents included (and marked). */
    async register(
      investigationId: string,
      ctx: RequestContext,
      options: { after?: documents.RegisterPosition; limit?: number } = {},
    ) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const rows = await documents.register(db, investigationId, {
        limit: limit + 1,
        ...(options.after ? { after: options.after } : {}),
      })
      const items = rows.slice(0, limit)
      const last = items[items.length - 1]
      return {
        items,
        next: rows.length > limit && last ? { uploadedAt: last.uploaded_at_key, id: last.id } : null,
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
        canReadSealed: access.may(ctx, 'evidence:read-sealed', loaded),
      }
    },

    /** A document's metadata and chain of custody. */
    async get(documentId: string, ctx: RequestContext) {
      const document = await loadDocument(db, documentId)
      const loaded = await access.require(db, ctx, document.investigation_id, 'investigation:read-case-file')
      const custody = await documents.custodyEntries(db, documentId)
      return {
        document,
        custody,
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
        canReadSealed: access.may(ctx, 'evidence:read-sealed', loaded),
      }
    },

    /**
     * The document's bytes, checked against their SHA-256. An audited read; a sealed document
     * only for those allowed 'evidence:read-sealed' (a refusal is audited too).
     */
    async content(documentId: string, ctx: RequestContext): Promise<{ document: DocumentRow; bytes: Buffer }> {
      const document = await loadDocument(db, documentId)
      await access.require(db, ctx, document.investigation_id, 'investigation:read-case-file')
      if (document.sealed) await access.require(db, ctx, document.investigation_id, 'evidence:read-sealed')
      const bytes = await store.get(document.sha256)
      if (!bytes) throw new DocumentIntegrityError(`The stored content of document ${document.id} is missing`)
      if (createHash('sha256').update(bytes).digest('hex') !== document.sha256) {
        throw new DocumentIntegrityError(`The stored content of document ${document.id} does not match its SHA-256`)
      }
      await auditTrail.record(db, ctx, {
        action: 'document.downloaded',
        entityType: 'document',
        entityId: document.id,
        caseId: document.investigation_id,
        detail: { exhibitReference: document.exhibit_reference, sha256: document.sha256, sealed: document.sealed },
      })
      return { document, bytes }
    },

    /** Withdraws a document with a reason. It stays on the register, marked withdrawn; nothing is deleted. */
    async withdraw(
      documentId: string,
      input: { reason: string },
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<DocumentRow> {
      const actor = requireActor(ctx)
      const { reason } = parseOrThrow(WithdrawalInput, input)
      return access.transaction(ctx, async (trx) => {
        const document = await loadDocument(trx, documentId, true)
        await access.require(trx, ctx, document.investigation_id, 'investigation:contribute')
        if (document.version !== expectedVersion) throw new Conflict()
        if (document.withdrawn_at)
          throw new ValidationFailed([{ path: 'reason', message: 'This document has already been withdrawn' }])
        const updated = await documents.withdraw(trx, documentId, actor.userId, reason, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, document.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'document.withdrawn',
          entityType: 'document',
          entityId: documentId,
          caseId: document.investigation_id,
          detail: { before: { withdrawn: false }, after: { withdrawn: true, reason } },
        })
        return updated
      })
    },

    async custodyEntries(documentId: string, ctx: RequestContext) {
      const document = await loadDocument(db, documentId)
      await access.require(db, ctx, document.investigation_id, 'investigation:read-case-file')
      return documents.custodyEntries(db, documentId)
    },

    /** Adds an entry to the document's chain of custody (entries are never changed or removed). */
    async addCustodyEntry(documentId: string, input: CustodyEntryInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(CustodyEntryInput, input)
      return access.transaction(ctx, async (trx) => {
        const document = await loadDocument(trx, documentId, true)
        await access.require(trx, ctx, document.investigation_id, 'investigation:contribute')
        const entry = await documents.insertCustodyEntry(trx, {
          id: uuidv7(),
          document_id: documentId,
          occurred_at: data.occurredAt,
          action: data.action,
          from_party: data.fromParty ?? null,
          to_party: data.toParty ?? null,
          note: data.note ?? null,
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, document.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'custody-entry.added',
          entityType: 'document',
          entityId: documentId,
          caseId: document.investigation_id,
          detail: {
            after: {
              occurredAt: data.occurredAt.toISOString(),
              action: data.action,
              fromParty: data.fromParty ?? null,
              toParty: data.toParty ?? null,
            },
          },
        })
        return entry
      })
    },
  }
}

export type EvidenceService = ReturnType<typeof evidenceService>
