/**
 * Keep-informed updates given to interested persons, with their attachments.
 */
import { uuidv7 } from 'uuidv7'
import * as repo from '../../data/repositories/interestedPersons.js'
import * as users from '../../data/repositories/users.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound, ValidationFailed } from '../errors.js'
import { safeFilename, safeMediaType, type UploadedFile } from '../evidence.js'
import { parseOrThrow } from '../validation.js'
import { KeepInformedUpdateInput, type KeepInformedUpdateInputType } from './schemas.js'
import type { FamilyKit } from './kit.js'

export function updateUseCases(kit: FamilyKit) {
  const { db, documentStore, hooks, access, auditRead, requirePersonsOfCase, refreshDeadline } = kit
  return {
    /**
     * Records an update given to one or more interested persons of the case (or to their
     * representatives on their behalf). Anything withheld under the harm test needs its ground.
     */
    async recordUpdate(investigationId: string, input: KeepInformedUpdateInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(KeepInformedUpdateInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute', { forUpdate: true })
        const persons = await requirePersonsOfCase(
          trx,
          investigationId,
          data.interestedPersonIds,
          'interestedPersonIds',
        )
        const reps = await repo.representativesByIds(trx, [...new Set(data.representativeIds)])
        if (
          reps.length !== new Set(data.representativeIds).size ||
          reps.some((r) => !persons.some((p) => p.id === r.interested_person_id))
        ) {
          throw new ValidationFailed([
            { path: 'representativeIds', message: 'Choose representatives of the people the update was given to' },
          ])
        }
        const update = await repo.insertUpdate(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          channel: data.channel,
          given_on: data.givenOn,
          given_by: actor.userId,
          summary: data.summary,
          covers_progress: data.coversProgress,
          covers_provisional_findings: data.coversProvisionalFindings,
          covers_report_submitted: data.coversReportSubmitted,
          withheld_under_harm_test: data.withheldUnderHarmTest,
          harm_ground: data.withheldUnderHarmTest ? (data.harmGround ?? null) : null,
          withheld_summary: data.withheldUnderHarmTest ? (data.withheldSummary ?? null) : null,
          letter_sha256: null,
        })
        await repo.insertRecipients(
          trx,
          persons.map((p) => ({
            update_id: update.id,
            interested_person_id: p.id,
            representative_id: reps.find((r) => r.interested_person_id === p.id)?.id ?? null,
          })),
        )
        await refreshDeadline(trx, investigationId)
        await hooks.onUpdateRecorded?.(trx, update.id)
        await auditTrail.record(trx, ctx, {
          action: 'keep-informed-update.recorded',
          entityType: 'keep_informed_update',
          entityId: update.id,
          caseId: investigationId,
          detail: {
            after: {
              channel: update.channel,
              givenOn: update.given_on,
              recipients: persons.map((p) => p.id),
              representatives: reps.map((r) => r.id),
              withheldUnderHarmTest: update.withheld_under_harm_test,
              harmGround: update.harm_ground,
            },
          },
        })
        return update
      })
    },

    async listUpdates(
      investigationId: string,
      ctx: RequestContext,
      page: { limit?: number; after?: { givenOn: string; id: string } } = {},
    ) {
      await access.require(db, ctx, investigationId, 'family:read')
      const rows = await repo.updatesOfInvestigation(db, investigationId, {
        limit: page.limit ?? 50,
        ...(page.after ? { after: page.after } : {}),
      })
      const recipients = await repo.recipientsOfUpdates(
        db,
        rows.map((r) => r.id),
      )
      await auditRead(ctx, {
        action: 'keep-informed-updates.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: {
          fields: rows.length ? ['keep_informed_updates.summary', 'interested_persons.full_name'] : [],
          count: rows.length,
        },
      })
      const attachments = await repo.attachmentsOfUpdates(
        db,
        rows.map((r) => r.id),
      )
      return rows.map((u) => ({
        ...u,
        recipients: recipients.filter((r) => r.update_id === u.id),
        attachments: attachments.filter((a) => a.update_id === u.id),
      }))
    },

    /** One update with its recipients and attachments, for its own page (audited as a read, as the list is). */
    async getUpdate(investigationId: string, updateId: string, ctx: RequestContext) {
      if (!isUuid(updateId)) throw new NotFound('The update')
      await access.require(db, ctx, investigationId, 'family:read')
      const row = await repo.findUpdate(db, updateId)
      if (!row || row.investigation_id !== investigationId) throw new NotFound('The update')
      const [recipients, attachments, givenBy] = await Promise.all([
        repo.recipientsOfUpdates(db, [updateId]),
        repo.attachmentsOfUpdates(db, [updateId]),
        row.given_by ? users.findById(db, row.given_by) : Promise.resolve(undefined),
      ])
      await auditRead(ctx, {
        action: 'keep-informed-update.read',
        entityType: 'keep_informed_update',
        entityId: updateId,
        caseId: investigationId,
        detail: { fields: ['keep_informed_updates.summary', 'interested_persons.full_name'] },
      })
      return { ...row, given_by_name: givenBy?.display_name ?? null, recipients, attachments }
    },

    /** Attaches a file (a letter enclosure, a document shown at a meeting) to an update; stored by its hash. */
    async attachToUpdate(updateId: string, file: UploadedFile | null, ctx: RequestContext) {
      if (!isUuid(updateId)) throw new NotFound('The update')
      if (!file || file.bytes.byteLength === 0)
        throw new ValidationFailed([{ path: 'file', message: 'Select a file to attach' }])
      const existing = await repo.findUpdate(db, updateId)
      if (!existing) throw new NotFound('The update')
      const stored = await documentStore.put(file.bytes)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, existing.investigation_id, 'family:contribute')
        const row = await repo.insertAttachment(trx, {
          id: uuidv7(),
          update_id: updateId,
          sha256: stored.sha256,
          filename: safeFilename(file.filename),
          media_type: safeMediaType(file.mediaType),
          size_bytes: stored.size,
        })
        await auditTrail.record(trx, ctx, {
          action: 'keep-informed-update.attachment-added',
          entityType: 'keep_informed_update',
          entityId: updateId,
          caseId: existing.investigation_id,
          detail: {
            after: { attachmentId: row.id, filename: row.filename, sha256: row.sha256, sizeBytes: row.size_bytes },
          },
        })
        return row
      })
    },

    /** An attachment's bytes, checked against their hash; an audited read. */
    async attachment(attachmentId: string, ctx: RequestContext) {
      if (!isUuid(attachmentId)) throw new NotFound('The attachment')
      const row = await repo.findAttachment(db, attachmentId)
      if (!row) throw new NotFound('The attachment')
      await access.require(db, ctx, row.investigation_id, 'family:read')
      const bytes = await documentStore.get(row.sha256)
      if (!bytes) throw new NotFound('The attachment’s file')
      await auditRead(ctx, {
        action: 'keep-informed-update.attachment-read',
        entityType: 'keep_informed_update',
        entityId: row.update_id,
        caseId: row.investigation_id,
        detail: { fields: ['update_attachments.content'], attachmentId },
      })
      return { attachment: row, bytes }
    },

    async update(updateId: string, ctx: RequestContext) {
      requireActor(ctx)
      if (!isUuid(updateId)) throw new NotFound('The update')
      const update = await repo.findUpdate(db, updateId)
      if (!update) throw new NotFound('The update')
      const loaded = await access.require(db, ctx, update.investigation_id, 'family:read')
      const [recipients, letters] = await Promise.all([
        repo.recipientsOfUpdates(db, [update.id]),
        repo.lettersOfUpdate(db, update.investigation_id, update.letter_sha256),
      ])
      const givenBy = update.given_by ? await users.findById(db, update.given_by) : undefined
      await auditRead(ctx, {
        action: 'keep-informed-update.read',
        entityType: 'keep_informed_update',
        entityId: update.id,
        caseId: update.investigation_id,
        detail: {
          fields: [
            'keep_informed_updates.summary',
            'keep_informed_updates.withheld_summary',
            'interested_persons.full_name',
          ],
        },
      })
      return {
        update,
        recipients,
        letters,
        givenByName: givenBy?.display_name ?? null,
        canContribute: access.may(ctx, 'family:contribute', loaded),
      }
    },
  }
}
