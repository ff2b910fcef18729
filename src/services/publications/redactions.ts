/**
 * Preparing the report for publication: the overview, redactions, and the redacted preview.
 */
import { uuidv7 } from 'uuidv7'
import { countOccurrences, decodeReason, encodeReason, redactableSections } from '../../domain/redaction.js'
import type { ReportDocument } from '../../domain/report.js'
import * as repo from '../../data/repositories/publications.js'
import * as reportsRepo from '../../data/repositories/reports.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor } from '../caseAccess.js'
import { type RequestContext } from '../context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { RedactionInput, type RedactionInputType } from './schemas.js'
import type { PublicationKit } from './kit.js'

export function redactionUseCases(kit: PublicationKit) {
  const { db, access, base, approvedVersionOf, documents, activeHoldProblems } = kit
  return {
    /** The service's public address, for links in the Atom feed. */
    publicUrl: base,

    /** The Publication tab: holds, the approved version, its redactions, the redacted preview and the publication. */
    async overview(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await reportsRepo.findByInvestigation(db, investigationId)
      const holds = await activeHoldProblems(db, investigationId)
      const publications = await repo.publicationsOf(db, investigationId)
      const approved = report?.status === 'approved' && report.approved_version_number !== null
      const docs = approved ? await documents(investigationId, ctx) : null
      return {
        investigation: loaded.investigation,
        approvedVersionNumber: docs?.versionNumber ?? null,
        holds,
        redactions: (docs?.rows ?? []).map((r) => ({
          ...r,
          ...decodeReason(r.reason),
          unmatched: docs!.unmatched.some((u) => u.id === r.id),
        })),
        sections: docs ? redactableSections(docs.original) : [],
        redacted: docs?.redacted ?? null,
        current: publications.find((p) => p.status !== 'withdrawn') ?? null,
        publications,
        canRedact: access.may(ctx, 'publication:redact', loaded),
        canPublish: access.may(ctx, 'publication:publish', loaded),
      }
    },

    async redactions(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const versionNumber = await approvedVersionOf(db, investigationId)
      return (await repo.redactionsOf(db, investigationId, versionNumber)).map((r) => ({
        ...r,
        ...decodeReason(r.reason),
      }))
    },

    /** Marks a passage or field of the approved version; refused when the text does not occur there. */
    async addRedaction(investigationId: string, input: RedactionInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(RedactionInput, input)
      await access.require(db, ctx, investigationId, 'publication:redact')
      const { versionNumber, original } = await documents(investigationId, ctx)
      const sectionIds = redactableSections(original).map((s) => s.id)
      if (!sectionIds.includes(data.section))
        throw new ValidationFailed([{ path: 'section', message: 'Choose a section of the report' }])
      const found = countOccurrences(original, data.section, data.text)
      if (found === 0)
        throw new ValidationFailed([
          {
            path: 'text',
            message: 'That text does not appear in the chosen section of the approved report; copy it exactly',
          },
        ])
      if (data.occurrence >= found)
        throw new ValidationFailed([
          {
            path: 'occurrence',
            message: `That text appears ${found} time${found === 1 ? '' : 's'} in the section; choose one of them or every occurrence`,
          },
        ])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'publication:redact', { forUpdate: true })
        if ((await approvedVersionOf(trx, investigationId)) !== versionNumber) throw new Conflict()
        if (await repo.currentPublicationOf(trx, investigationId))
          throw new InvalidTransition(
            'The report has been released; withdraw the publication before changing its redactions.',
          )
        const row = await repo.insertRedaction(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          report_version_number: versionNumber,
          section: data.section,
          redacted_text: data.text,
          occurrence: data.occurrence,
          reason: encodeReason(data.reason, data.note),
          created_by: actor.userId,
        })
        // The redacted text is itself sensitive: the audit names where and why, not what.
        await auditTrail.record(trx, ctx, {
          action: 'redaction.added',
          entityType: 'redaction',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            versionNumber,
            section: data.section,
            occurrence: data.occurrence,
            reason: data.reason,
            length: data.text.length,
          },
        })
        return { ...row, ...decodeReason(row.reason) }
      })
    },

    async removeRedaction(investigationId: string, redactionId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'publication:redact', { forUpdate: true })
        const existing = isUuid(redactionId) ? await repo.findRedaction(trx, redactionId) : undefined
        if (!existing || existing.investigation_id !== investigationId || existing.removed_at)
          throw new NotFound('The redaction')
        if (await repo.currentPublicationOf(trx, investigationId))
          throw new InvalidTransition(
            'The report has been released; withdraw the publication before changing its redactions.',
          )
        const removed = await repo.removeRedaction(trx, redactionId, actor.userId, new Date())
        if (!removed) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'redaction.removed',
          entityType: 'redaction',
          entityId: redactionId,
          caseId: investigationId,
          detail: { section: existing.section },
        })
        return removed
      })
    },

    /** The redacted document model of the approved version, as it would be released. */
    async preview(investigationId: string, ctx: RequestContext): Promise<ReportDocument> {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      return (await documents(investigationId, ctx)).redacted
    },
  }
}
