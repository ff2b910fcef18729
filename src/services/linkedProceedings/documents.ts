/**
 * Documents of a linked proceeding.
 */
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import * as repo from '../../data/repositories/linkedProceedings.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'
import { MAX_DOCUMENT_BYTES, safeFilename, safeMediaType, type UploadedFile } from '../evidence.js'
import { parseOrThrow } from '../validation.js'
import type { LinkedProceedingKit } from './kit.js'

export function documentUseCases(kit: LinkedProceedingKit) {
  const { db, store, access, requireProceeding } = kit
  return {
    async addDocument(proceedingId: string, input: { title: string }, file: UploadedFile, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const title = parseOrThrow(
        z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
        input.title,
      )
      if (file.bytes.byteLength === 0)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file is empty' }])
      if (file.bytes.byteLength > MAX_DOCUMENT_BYTES)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 50 MB' }])
      await requireProceeding(db, ctx, proceedingId, 'linked-proceedings:manage')
      const stored = await store.put(file.bytes)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const row = await repo.insertDocument(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          title,
          sha256: stored.sha256,
          filename: safeFilename(file.filename),
          media_type: safeMediaType(file.mediaType),
          size_bytes: stored.size,
          uploaded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.document-uploaded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { documentId: row.id, title, sha256: row.sha256, sizeBytes: row.size_bytes } },
        })
        return row
      })
    },

    async documentContent(proceedingId: string, documentId: string, ctx: RequestContext) {
      await requireProceeding(db, ctx, proceedingId, 'investigation:read-case-file')
      const document = isUuid(documentId) ? await repo.findDocument(db, documentId) : undefined
      if (!document || document.proceeding_id !== proceedingId) throw new NotFound('The document')
      const bytes = await store.get(document.sha256)
      if (!bytes) throw new NotFound('The document’s content')
      return { document, bytes }
    },
  }
}
