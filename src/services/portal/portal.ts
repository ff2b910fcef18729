/**
 * The family portal, for interested persons and their representatives: their own case's
 * progress in plain English, the updates and meeting notes addressed to them, letters sent to
 * them, and messages and documents they send to the team. Every call checks that the signed-in
 * person holds portal access to that case, and narrows every read to the interested persons that
 * access is for: an id in a URL is never trusted on its own. Nothing about subjects (officers),
 * evidence, internal notes or other families is ever read here.
 *
 * The team's side: the submissions waiting to be reviewed on a case, marking one reviewed, and
 * a case's notices (unreviewed submissions, failed e-mails) for its overview.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { authorise } from '../../domain/policy.js'
import { portalProgressOf } from '../../domain/portalProgress.js'
import type { Executor } from '../../data/database.js'
import { keepInformedClockRule } from '../../domain/keepInformed.js'
import * as interestedPersons from '../../data/repositories/interestedPersons.js'
import * as portal from '../../data/repositories/portal.js'
import * as publications from '../../data/repositories/publications.js'
import * as reminders from '../../data/repositories/reminders.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { isUuid, requireActor, type CaseAccess } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Forbidden, NotFound, ValidationFailed } from '../errors.js'
import { MAX_DOCUMENT_BYTES, safeFilename, type UploadedFile } from '../evidence.js'
import { enqueueEmail } from '../mail/outbox.js'
import type { DocumentStore } from '../storage/documentStore.js'

export const SubmissionInput = z.object({
  message: z.string().trim().max(20_000, 'Your message must be 20,000 characters or fewer').optional(),
})

export function portalService(
  db: Kysely<Database>,
  access: CaseAccess,
  documentStore: DocumentStore,
  options: { publicUrl: string },
) {
  const base = options.publicUrl.replace(/\/+$/, '')

  async function refuse(ctx: RequestContext, investigationId: string, reason: string): Promise<never> {
    await auditTrail.record(db, ctx, {
      action: 'access.denied',
      entityType: 'investigation',
      entityId: isUuid(investigationId) ? investigationId : null,
      caseId: isUuid(investigationId) ? investigationId : null,
      detail: { action: 'portal:use', reason },
    })
    // Not found rather than forbidden: a portal user learns nothing about cases that are not theirs.
    throw new NotFound('The investigation')
  }

  /** The case and the interested persons this portal user may see it for; refuses anything else. */
  async function requirePortalCase(executor: Executor, ctx: RequestContext, investigationId: string) {
    const actor = requireActor(ctx)
    const decision = authorise(actor, 'portal:use')
    if (!decision.allowed) throw new Forbidden(decision.reason)
    if (!isUuid(investigationId)) return refuse(ctx, investigationId, 'not an investigation id')
    const rows = await portal.accessFor(executor, actor.userId, investigationId)
    if (rows.length === 0) return refuse(ctx, investigationId, 'no portal access to this investigation')
    const investigation = await portal.portalCase(executor, investigationId)
    return { investigation, personIds: rows.map((r) => r.interested_person_id), access: rows }
  }

  const caseJson = (i: {
    id: string
    reference: string
    title: string
    status: string
    opened_on: string
    publication_status: string | null
    reinvestigated: boolean
  }) => ({
    id: i.id,
    reference: i.reference,
    title: i.title,
    openedOn: i.opened_on,
    // The stage follows the case to its end: the released or published report, closure, re-investigation.
    progress: portalProgressOf({
      status: i.status,
      publication:
        i.publication_status === 'published' || i.publication_status === 'released_to_interested_persons'
          ? i.publication_status
          : null,
      reinvestigated: Boolean(i.reinvestigated),
    }),
  })

  return {
    /** The cases this person follows (usually one). */
    async cases(ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'portal:use')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      return (await portal.casesFor(db, actor.userId)).map(caseJson)
    },

    async overview(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      // When their next keep-informed update is due: their own interested person(s) only.
      const due = await interestedPersons.keepInformedDue(db, {
        clock: keepInformedClockRule(),
        dueOnOrBefore: '9999-12-31',
        investigationId,
        order: 'asc',
        limit: 100,
      })
      const mine = due.filter((d) => c.personIds.includes(d.interested_person_id))
      return { ...caseJson(c.investigation), nextUpdateDueOn: mine[0]?.due_on ?? null }
    },

    /**
     * Who to contact about the case: its family liaison contacts (the case workers on its team),
     * by name and work e-mail address, so the portal can say who they are and how to reach them.
     */
    async liaisonContacts(investigationId: string, ctx: RequestContext) {
      await requirePortalCase(db, ctx, investigationId)
      return (await portal.liaisonContactsOf(db, investigationId)).map((u) => ({
        name: u.display_name,
        email: u.email,
      }))
    },

    /** Keep-informed updates addressed to this person's interested person(s) on the case. */
    async updates(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      return (await portal.updatesFor(db, investigationId, c.personIds)).map((u) => ({
        id: u.id,
        givenOn: u.given_on,
        channel: u.channel,
        summary: u.summary,
        coversProgress: u.covers_progress,
        coversProvisionalFindings: u.covers_provisional_findings,
        coversReportSubmitted: u.covers_report_submitted,
      }))
    },

    /** Meetings they were part of, with the agenda and notes. */
    async meetings(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      return (await portal.meetingsFor(db, investigationId, c.personIds)).map((m) => ({
        id: m.id,
        heldOn: m.held_on,
        agenda: m.agenda,
        notes: m.notes,
      }))
    },

    async letters(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      return (await portal.lettersFor(db, investigationId, c.personIds)).map((l) => ({
        id: l.id,
        kind: l.kind,
        filename: l.filename,
        sentAt: new Date(l.created_at),
      }))
    },

    async letter(investigationId: string, letterId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      const letter = (await portal.lettersFor(db, investigationId, c.personIds)).find((l) => l.id === letterId)
      if (!letter) throw new NotFound('The letter')
      const bytes = await documentStore.get(letter.sha256)
      if (!bytes) throw new NotFound('The letter')
      await auditTrail.record(db, ctx, {
        action: 'portal.letter-downloaded',
        entityType: 'letter',
        entityId: letter.id,
        caseId: investigationId,
      })
      return { filename: letter.filename, sha256: letter.sha256, bytes }
    },

    /** The final report as released to interested persons (redacted), once the decision maker has released it. */
    async releasedReport(investigationId: string, ctx: RequestContext) {
      await requirePortalCase(db, ctx, investigationId)
      const row = await publications.currentPublicationOf(db, investigationId)
      if (row)
        await auditTrail.record(db, ctx, {
          action: 'portal.report-read',
          entityType: 'publication',
          entityId: row.id,
          caseId: investigationId,
        })
      return row
        ? {
            id: row.id,
            title: row.title,
            releasedAt: new Date(row.released_to_interested_persons_at),
            onPublicSite: row.status === 'published',
          }
        : null
    },

    async releasedReportPdf(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      const row = await publications.currentPublicationOf(db, investigationId)
      const bytes = row ? await documentStore.get(row.redacted_pdf_sha256) : null
      if (!row || !bytes) throw new NotFound('The report')
      await auditTrail.record(db, ctx, {
        action: 'portal.report-downloaded',
        entityType: 'publication',
        entityId: row.id,
        caseId: investigationId,
      })
      return {
        filename: `report-${c.investigation.reference.replace('/', '-')}.pdf`,
        sha256: row.redacted_pdf_sha256,
        bytes,
      }
    },

    /** What this person has sent in on the case. */
    async submissions(investigationId: string, ctx: RequestContext) {
      const c = await requirePortalCase(db, ctx, investigationId)
      return (await portal.submissionsBy(db, investigationId, c.personIds)).map((s) => ({
        id: s.id,
        kind: s.kind,
        body: s.body,
        filename: s.filename,
        submittedAt: new Date(s.submitted_at),
      }))
    },

    /** A message and/or a document to the team; each lands on the case for review and tells the case workers. */
    async submit(
      investigationId: string,
      input: { message?: string | undefined; file?: UploadedFile | null },
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const parsed = SubmissionInput.safeParse({ message: input.message })
      if (!parsed.success)
        throw new ValidationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
      const message = parsed.data.message || undefined
      const file = input.file && input.file.bytes.byteLength > 0 ? input.file : null
      if (!message && !file)
        throw new ValidationFailed([{ path: 'message', message: 'Enter a message or choose a document to send' }])
      if (file && file.bytes.byteLength > MAX_DOCUMENT_BYTES)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 50 MB' }])
      const c = await requirePortalCase(db, ctx, investigationId)
      const stored = file ? await documentStore.put(file.bytes) : null
      const personId = c.personIds[0]!
      return db.transaction().execute(async (trx) => {
        const ids: string[] = []
        if (message) {
          const row = await portal.insertSubmission(trx, {
            id: uuidv7(),
            investigation_id: investigationId,
            interested_person_id: personId,
            submitted_by: actor.userId,
            kind: 'message',
            body: message,
          })
          ids.push(row.id)
        }
        if (file && stored) {
          const row = await portal.insertSubmission(trx, {
            id: uuidv7(),
            investigation_id: investigationId,
            interested_person_id: personId,
            submitted_by: actor.userId,
            kind: 'document',
            sha256: stored.sha256,
            filename: safeFilename(file.filename) || 'document',
            media_type: file.mediaType || 'application/octet-stream',
            size_bytes: stored.size,
          })
          ids.push(row.id)
        }
        await auditTrail.record(trx, ctx, {
          action: 'portal.submission-received',
          entityType: 'portal_submission',
          entityId: ids[0] ?? null,
          caseId: investigationId,
          detail: { ids, message: Boolean(message), document: Boolean(file) },
        })
        const team = await reminders.teamRecipients(trx, [investigationId])
        const caseWorkers = team.filter((t) => t.roleInCase === 'case_worker')
        const recipients = caseWorkers.length ? caseWorkers : team.filter((t) => t.roleInCase === 'lead_investigator')
        for (const person of new Map(recipients.map((r) => [r.userId, r])).values()) {
          await enqueueEmail(trx, {
            to: person.email,
            investigationId,
            subject: `Candour: a family has sent something on investigation ${c.investigation.reference}`,
            text: [
              `Dear ${person.displayName},`,
              '',
              `Something new has arrived through the family portal on investigation ${c.investigation.reference}${file ? ' (including a document)' : ''}. It is waiting for review.`,
              '',
              `Review it: ${base}/investigations/${investigationId}/invitations`,
            ].join('\n'),
          })
        }
        return { ids }
      })
    },

    // ---- the team's side

    async submissionsForCase(investigationId: string, ctx: RequestContext, options: { unreviewedOnly?: boolean } = {}) {
      await access.require(db, ctx, investigationId, 'family:read')
      return (
        await portal.submissionsForCase(db, investigationId, { unreviewedOnly: options.unreviewedOnly ?? true })
      ).map((s) => ({
        id: s.id,
        kind: s.kind,
        body: s.body,
        filename: s.filename,
        mediaType: s.media_type,
        sizeBytes: s.size_bytes,
        interestedPersonName: s.interested_person_name,
        submittedByName: s.submitted_by_name,
        submittedAt: new Date(s.submitted_at),
        reviewedAt: s.reviewed_at ? new Date(s.reviewed_at) : null,
      }))
    },

    async markReviewed(investigationId: string, submissionId: string, ctx: RequestContext): Promise<void> {
      const actor = requireActor(ctx)
      if (!isUuid(submissionId)) throw new NotFound('The submission')
      await access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'family:contribute')
        if (!(await portal.findSubmission(trx, investigationId, submissionId))) throw new NotFound('The submission')
        const row = await portal.markReviewed(trx, submissionId, actor.userId, new Date())
        if (row)
          await auditTrail.record(trx, ctx, {
            action: 'portal.submission-reviewed',
            entityType: 'portal_submission',
            entityId: submissionId,
            caseId: investigationId,
          })
      })
    },

    async submissionDocument(investigationId: string, submissionId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      const s = isUuid(submissionId) ? await portal.findSubmission(db, investigationId, submissionId) : undefined
      if (!s || s.kind !== 'document' || !s.sha256) throw new NotFound('The document')
      const bytes = await documentStore.get(s.sha256)
      if (!bytes) throw new NotFound('The document')
      await auditTrail.record(db, ctx, {
        action: 'portal.submission-downloaded',
        entityType: 'portal_submission',
        entityId: s.id,
        caseId: investigationId,
      })
      return {
        document: {
          original_filename: s.filename ?? 'document',
          media_type: s.media_type ?? 'application/octet-stream',
          sha256: s.sha256,
        },
        bytes,
      }
    },

    /**
     * For the case overview: how many family submissions wait for review and how many e-mails
     * about the case could not be delivered. Null when the person may not see the families' side.
     */
    async caseNotices(
      investigationId: string,
      ctx: RequestContext,
    ): Promise<{ unreviewedSubmissions: number; failedEmails: number } | null> {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      if (!access.may(ctx, 'family:read', loaded)) return null
      return portal.caseNoticeCounts(db, investigationId)
    },
  }
}

export type PortalService = ReturnType<typeof portalService>
