/**
 * Releasing the redacted report, scheduling its publication, withdrawing it, and the sweep that
 * publishes what is due.
 */
import { uuidv7 } from 'uuidv7'
import type { ReportDocument } from '../../domain/report.js'
import { redactPeopleInText } from '../../domain/redaction.js'
import * as repo from '../../data/repositories/publications.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import { systemContext, type RequestContext } from '../context.js'
import { Conflict, InvalidTransition } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { reportHtml } from '../publicationHtml.js'
import { renderReportPdf } from '../reportPdf.js'
import { londonDateOf } from '../../domain/calendar.js'
import { ReleaseInput, ScheduleInput, WithdrawInput, type ReleaseInputType } from './schemas.js'
import type { PublicationKit } from './kit.js'

/** The refusal naming every hold in force (each described with what lifts it). */
function heldBy(holds: readonly string[]): InvalidTransition {
  const what = holds.length === 1 ? 'a publication hold is' : 'publication holds are'
  return new InvalidTransition(`The report cannot be published while ${what} in force. ${holds.join('. ')}.`)
}

export function releaseUseCases(kit: PublicationKit) {
  const {
    db,
    documentStore,
    access,
    approvedVersionOf,
    documents,
    activeHoldProblems,
    notifyInterestedPersons,
    requirePublication,
  } = kit
  return {
    /**
     * Releases the redacted approved version to interested persons (portal and e-mail) and, from
     * publicFrom, to the public site. Refused while a publication hold is in force.
     */
    async release(investigationId: string, input: ReleaseInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ReleaseInput, input)
      await access.require(db, ctx, investigationId, 'publication:publish')
      const holds = await activeHoldProblems(db, investigationId)
      if (holds.length) throw heldBy(holds)
      const { versionNumber, redacted, unmatched, people } = await documents(investigationId, ctx)
      // The summary is typed for the public site: the redacted people come out of it too.
      const summary = redactPeopleInText(data.summary, people)
      if (unmatched.length)
        throw new InvalidTransition(
          `${unmatched.length} redaction${unmatched.length === 1 ? ' no longer matches' : 's no longer match'} the report; remove and mark again before releasing.`,
        )
      const now = new Date()
      const releasedDoc: ReportDocument = { ...redacted, statusLabel: 'Approved – redacted for publication' }
      const html = reportHtml(releasedDoc)
      const pdf = await renderReportPdf(releasedDoc, { generatedOn: londonDateOf(now) })
      const stored = await documentStore.put(pdf)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'publication:publish', {
          forUpdate: true,
        })
        // A hold placed while the PDF was being made: checked again now that the case is locked.
        const stillHeld = await activeHoldProblems(trx, investigationId)
        if (stillHeld.length) throw heldBy(stillHeld)
        if ((await approvedVersionOf(trx, investigationId)) !== versionNumber) throw new Conflict()
        if (await repo.currentPublicationOf(trx, investigationId))
          throw new InvalidTransition(
            'The report has already been released; withdraw that publication first to release it again.',
          )
        const publicNow = data.publicFrom !== null && data.publicFrom <= now
        const row = await repo.insertPublication(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          report_version_number: versionNumber,
          title: releasedDoc.title,
          summary,
          force_id: investigation.force_id,
          themes: [...new Set(data.themes)],
          redacted_html: html,
          redacted_pdf_sha256: stored.sha256,
          status: publicNow ? 'published' : 'released_to_interested_persons',
          released_to_interested_persons_at: now,
          public_from: data.publicFrom === null ? null : publicNow ? now : data.publicFrom,
          published_at: publicNow ? now : null,
          created_by: actor.userId,
        })
        const emails = await notifyInterestedPersons(trx, investigationId, investigation.reference)
        await auditTrail.record(trx, ctx, {
          action: 'publication.released',
          entityType: 'publication',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            versionNumber,
            pdfSha256: stored.sha256,
            publicFrom: row.public_from,
            status: row.status,
            emailsQueued: emails,
          },
        })
        return row
      })
    },

    /** Sets (or moves) when the released publication goes to the public site; a past instant publishes now. */
    async schedule(
      investigationId: string,
      input: { publicFrom: Date | string },
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const { publicFrom } = parseOrThrow(ScheduleInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'publication:publish', { forUpdate: true })
        const current = await requirePublication(trx, investigationId, true)
        if (current.version !== expectedVersion) throw new Conflict()
        if (current.status !== 'released_to_interested_persons')
          throw new InvalidTransition('The report is already on the public site.')
        const holds = await activeHoldProblems(trx, investigationId)
        if (holds.length) throw heldBy(holds)
        const now = new Date()
        const publicNow = publicFrom <= now
        const updated = await repo.updatePublication(
          trx,
          current.id,
          publicNow ? { public_from: now, status: 'published', published_at: now } : { public_from: publicFrom },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: publicNow ? 'publication.published' : 'publication.scheduled',
          entityType: 'publication',
          entityId: current.id,
          caseId: investigationId,
          detail: {
            before: { publicFrom: current.public_from, status: current.status },
            after: { publicFrom: updated.public_from, status: updated.status },
          },
        })
        return updated
      })
    },

    /** Takes the publication off the public site and the portal; the record is kept. */
    async withdraw(investigationId: string, input: { reason: string }, expectedVersion: number, ctx: RequestContext) {
      const { reason } = parseOrThrow(WithdrawInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'publication:publish', { forUpdate: true })
        const current = await requirePublication(trx, investigationId, true)
        if (current.version !== expectedVersion) throw new Conflict()
        const updated = await repo.updatePublication(trx, current.id, { status: 'withdrawn' }, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'publication.withdrawn',
          entityType: 'publication',
          entityId: current.id,
          caseId: investigationId,
          detail: { before: { status: current.status }, reason },
        })
        return updated
      })
    },

    /** For the jobs runner: publishes every scheduled publication whose public_from has passed (safe on several instances). */
    async publishDue(now: Date = new Date()): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const published = await repo.publishDue(trx, now)
        for (const p of published)
          await auditTrail.record(trx, systemContext(), {
            action: 'publication.published',
            entityType: 'publication',
            entityId: p.id,
            caseId: p.investigation_id,
            detail: { publicFrom: p.public_from, scheduled: true },
          })
        return published.length
      })
    },
  }
}
