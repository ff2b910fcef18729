/**
 * Redaction and publication of the final report (DOMAIN.md "Publication"; issue 6).
 *
 * - Redactions: the investigators mark passages (exact text in a section of the APPROVED version,
 *   with which occurrence) and fields (a text removed wherever it appears), each with a reason
 *   from a small vocabulary plus free text. The unredacted version is never changed.
 * - Release: the decision maker releases the redacted version (HTML kept on the publication, the
 *   PDF in the document store by its SHA-256) to interested persons first — it appears on their
 *   portal case page and an e-mail is queued in the same transaction — and chooses when it goes to
 *   the public site: now, a future instant, or later. Refused while any publication hold is in
 *   force, naming each hold and what lifts it.
 * - A scheduled publication becomes public when the jobs runner calls publishDue() after its
 *   public_from has passed; the public site shows only rows whose status is 'published'.
 * - The public site's reads (list, page, PDF, feed) need no actor and only ever see published rows.
 */
import * as interestedPersons from '../data/repositories/interestedPersons.js'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import {
  ALL_SECTIONS,
  EVERY_OCCURRENCE,
  REDACTION_REASONS,
  REDACTION_REASON_LABELS,
  countOccurrences,
  decodeReason,
  encodeReason,
  redactDocument,
  redactPeopleInDocument,
  redactPeopleInText,
  redactableSections,
  redactedPeople,
  type PersonRedaction,
  type RecordedPerson,
  type RedactionMark,
} from '../domain/redaction.js'
import { rankForms, type ReportDocument } from '../domain/report.js'
import type { Executor } from '../data/database.js'
import * as holdsRepo from '../data/repositories/publicationHolds.js'
import * as repo from '../data/repositories/publications.js'
import * as reportsRepo from '../data/repositories/reports.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import { systemContext, type RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './investigations.js'
import { enqueueEmail } from './mail/outbox.js'
import { reportHtml } from './publicationHtml.js'
import { renderReportPdf } from './reportPdf.js'
import type { ReportService } from './reports.js'
import type { DocumentStore } from './storage/documentStore.js'
import { londonDateOf } from '../domain/calendar.js'

export const PUBLICATION_THEMES = [
  'deaths_following_contact',
  'domestic_abuse',
  'missed_opportunities',
  'use_of_force',
  'custody',
  'road_traffic',
  'mental_health',
  'discrimination',
  'corruption',
] as const
export const PUBLICATION_THEME_LABELS: Record<(typeof PUBLICATION_THEMES)[number], string> = {
  deaths_following_contact: 'Deaths following police contact',
  domestic_abuse: 'Domestic abuse',
  missed_opportunities: 'Missed opportunities',
  use_of_force: 'Use of force',
  custody: 'Custody',
  road_traffic: 'Road traffic',
  mental_health: 'Mental health',
  discrimination: 'Discrimination',
  corruption: 'Corruption',
}

export const RedactionInput = z.object({
  section: z.string().trim().min(1, 'Choose the section').max(100),
  text: z.string().min(1, 'Enter the exact text to redact').max(5000, 'The text must be 5,000 characters or fewer'),
  occurrence: z
    .number({ message: 'Choose which occurrence' })
    .int()
    .min(EVERY_OCCURRENCE, 'Choose which occurrence')
    .default(EVERY_OCCURRENCE),
  reason: z.enum(REDACTION_REASONS, { message: 'Choose the reason for the redaction' }),
  note: z.string().trim().max(900, 'The explanation must be 900 characters or fewer').optional(),
})
export type RedactionInputType = z.input<typeof RedactionInput>

const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))])

export const ReleaseInput = z.object({
  summary: z
    .string()
    .trim()
    .min(1, 'Enter a summary for the public site')
    .max(5000, 'The summary must be 5,000 characters or fewer'),
  themes: z
    .array(z.enum(PUBLICATION_THEMES, { message: 'Choose themes from the list' }))
    .max(PUBLICATION_THEMES.length)
    .default([]),
  /** When it goes to the public site: now (the current instant or earlier), a future instant, or null to decide later. */
  publicFrom: instant.nullable().default(null),
})
export type ReleaseInputType = z.input<typeof ReleaseInput>

export const ScheduleInput = z.object({ publicFrom: instant })
export const WithdrawInput = z.object({
  reason: z.string().trim().min(1, 'Enter why the publication is withdrawn').max(2000),
})

export type PublicationRow = repo.PublicationRow

const PUBLIC_PAGE_SIZE = 20

/** A hold in force, described for a person: what holds publication and what lifts it. */
function describeHold(h: Awaited<ReturnType<typeof holdsRepo.holdsOfInvestigation>>[number]): string {
  const lifts = h.proceeding_id
    ? `lifted when ${h.proceeding_title ? `“${h.proceeding_title}”` : 'the linked proceeding'} concludes, or by a recorded decision`
    : 'lifted only by a recorded decision of the lead investigator or the decision maker'
  return `Publication hold “${h.reason}” (placed ${h.placed_on}; ${lifts})`
}

export interface PublicationServiceOptions {
  publicUrl: string
  /** The publication-holds capability (services.publicationHolds); by default its repository is read directly. */
  holds?: { active(investigationId: string, executor?: Executor): Promise<unknown[]> }
}

export function publicationService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  reports: ReportService,
  options: PublicationServiceOptions,
) {
  const access = caseAccess(db)
  const base = options.publicUrl.replace(/\/+$/, '')

  async function approvedVersionOf(executor: Executor, investigationId: string): Promise<number> {
    const report = await reportsRepo.findByInvestigation(executor, investigationId)
    if (!report || report.status !== 'approved' || report.approved_version_number === null)
      throw new InvalidTransition(
        'The report must be approved by the decision maker before it can be redacted or published.',
      )
    return report.approved_version_number
  }

  const markOf = (r: repo.RedactionRow): RedactionMark => ({
    id: r.id,
    section: r.section,
    text: r.redacted_text,
    occurrence: r.occurrence,
    reason: decodeReason(r.reason).reason,
  })

  /**
   * The people the redactions remove: a redaction naming anyone recorded on the case (by any form
   * of their name, their warrant number or e-mail) removes the person, every identifier of theirs.
   */
  async function peopleRedacted(
    executor: Executor,
    investigationId: string,
    marks: readonly RedactionMark[],
  ): Promise<PersonRedaction[]> {
    if (!marks.length) return []
    const { subjects, interested, representatives, involved } = await repo.peopleOfCase(executor, investigationId)
    const people: (RecordedPerson & { ranks: string[] })[] = [
      ...subjects.map((s) => ({
        id: s.id,
        givenName: s.given_name,
        familyName: s.family_name,
        fullName: `${s.given_name} ${s.family_name}`,
        rank: s.rank_at_time,
        warrantNumber: s.warrant_number,
        ranks: [...new Set([...rankForms(s.rank_at_time), ...rankForms(s.rank)])],
      })),
      ...interested.map((p) => ({
        id: p.id,
        fullName: p.full_name,
        email: p.email,
        phone: p.phone,
        address: p.postal_address,
        ranks: [],
      })),
      ...representatives.map((p) => ({ id: p.id, fullName: p.full_name, email: p.email, phone: p.phone, ranks: [] })),
      ...involved.map((p) => ({ id: p.id, fullName: p.full_name, dateOfBirth: p.date_of_birth, ranks: [] })),
    ]
    return redactedPeople(marks, people, (p) => p.ranks)
  }

  /** The approved version's document model, unredacted and redacted, with the redactions. */
  async function documents(investigationId: string, ctx: RequestContext) {
    const versionNumber = await approvedVersionOf(db, investigationId)
    const { document } = await reports.document(investigationId, ctx, versionNumber)
    const rows = await repo.redactionsOf(db, investigationId, versionNumber)
    const marks = rows.map(markOf)
    const result = redactDocument(document, marks)
    const people = await peopleRedacted(db, investigationId, marks)
    const redacted = redactPeopleInDocument(result.document, people)
    return { versionNumber, original: document, redacted, unmatched: result.unmatched, rows, people }
  }

  async function activeHoldProblems(executor: Executor, investigationId: string): Promise<string[]> {
    const active = options.holds
      ? await options.holds.active(investigationId, executor)
      : await holdsRepo.activeHolds(executor, investigationId)
    if (!active.length) return []
    const described = (await holdsRepo.holdsOfInvestigation(executor, investigationId)).filter(
      (h) => h.lifted_on === null,
    )
    return described.map(describeHold)
  }

  /** Interested persons (and their representatives who receive updates) to e-mail about a release. */
  async function notifyInterestedPersons(trx: Executor, investigationId: string, reference: string): Promise<number> {
    const { people, representatives: reps } = await interestedPersons.contactsOfInvestigation(trx, investigationId)
    const sent = new Set<string>()
    const send = async (to: string, name: string) => {
      const address = to.trim().toLowerCase()
      if (sent.has(address)) return
      sent.add(address)
      await enqueueEmail(trx, {
        to: address,
        investigationId,
        subject: `The report of investigation ${reference} has been released to you`,
        text: [
          `Dear ${name},`,
          '',
          `The final report of investigation ${reference} has been released to you before it is published.`,
          '',
          `Sign in to the family portal to read and download it: ${base}/portal`,
        ].join('\n'),
      })
    }
    for (const p of people) if (p.consent_to_be_kept_informed && p.email) await send(p.email, p.full_name)
    for (const r of reps) if (r.receives_updates && r.email) await send(r.email, r.full_name)
    return sent.size
  }

  async function requirePublication(executor: Executor, investigationId: string, forUpdate = false) {
    const row = await repo.currentPublicationOf(executor, investigationId, { forUpdate })
    if (!row) throw new NotFound('The publication')
    return row
  }

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

    /**
     * Releases the redacted approved version to interested persons (portal and e-mail) and, from
     * publicFrom, to the public site. Refused while a publication hold is in force.
     */
    async release(investigationId: string, input: ReleaseInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ReleaseInput, input)
      await access.require(db, ctx, investigationId, 'publication:publish')
      const holds = await activeHoldProblems(db, investigationId)
      if (holds.length)
        throw new InvalidTransition(
          `The report cannot be published while ${holds.length === 1 ? 'a publication hold is' : 'publication holds are'} in force. ${holds.join('. ')}.`,
        )
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
        const stillHeld = await activeHoldProblems(trx, investigationId)
        if (stillHeld.length)
          throw new InvalidTransition(
            `The report cannot be published while a publication hold is in force. ${stillHeld.join('. ')}.`,
          )
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
        if (holds.length)
          throw new InvalidTransition(
            `The report cannot be published while a publication hold is in force. ${holds.join('. ')}.`,
          )
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

    /** The released publication of a case, for its interested persons' portal (the caller has checked portal access). */
    async forInterestedPersons(executor: Executor, investigationId: string) {
      const row = await repo.currentPublicationOf(executor, investigationId)
      return row
        ? {
            id: row.id,
            title: row.title,
            releasedAt: new Date(row.released_to_interested_persons_at),
            sha256: row.redacted_pdf_sha256,
            publicFrom: row.public_from ? new Date(row.public_from) : null,
          }
        : null
    },

    // The public site -------------------------------------------------------------------------------

    public: {
      async list(filter: {
        q?: string | undefined
        force?: string | undefined
        year?: string | undefined
        theme?: string | undefined
        after?: string | undefined
      }) {
        const year = filter.year && /^\d{4}$/.test(filter.year) ? Number(filter.year) : undefined
        let after: { publishedAt: Date; id: string } | undefined
        if (filter.after) {
          const [ts, id] = filter.after.split('_')
          const at = ts ? new Date(Number(ts)) : null
          if (at && !Number.isNaN(at.getTime()) && id && isUuid(id)) after = { publishedAt: at, id }
        }
        const q = filter.q?.trim().slice(0, 200) || undefined
        const forceId = filter.force && isUuid(filter.force) ? filter.force : undefined
        const theme =
          filter.theme && (PUBLICATION_THEMES as readonly string[]).includes(filter.theme) ? filter.theme : undefined
        const rows = await repo.publicList(db, { q, forceId, year, theme, after, limit: PUBLIC_PAGE_SIZE + 1 })
        const page = rows.slice(0, PUBLIC_PAGE_SIZE).map((r) => ({ ...r, published_at: new Date(r.published_at!) }))
        const last = page[page.length - 1]
        return {
          items: page,
          next: rows.length > PUBLIC_PAGE_SIZE && last ? `${last.published_at.getTime()}_${last.id}` : null,
          filter: { q: q ?? '', force: forceId ?? '', year: year ? String(year) : '', theme: theme ?? '' },
        }
      },

      facets: () => repo.publicFacets(db),

      /** A published publication with the case's learning recommendations, or null (never anything unpublished). */
      async find(id: string) {
        if (!isUuid(id)) return null
        const row = await repo.publicFind(db, id)
        if (!row) return null
        const found = await repo.learningRecommendationsOf(db, row.investigation_id)
        // Recommendations and responses are written after the report: the people it redacts come out of them too.
        const marks = (await repo.redactionsOf(db, row.investigation_id, row.report_version_number)).map(markOf)
        const people = await peopleRedacted(db, row.investigation_id, marks)
        const recommendations = found.map((r) => ({
          ...r,
          recipient_name: redactPeopleInText(r.recipient_name, people),
          text: redactPeopleInText(r.text, people),
          response_text: r.response_text === null ? null : redactPeopleInText(r.response_text, people),
        }))
        return { ...row, published_at: new Date(row.published_at!), recommendations }
      },

      async pdf(id: string) {
        if (!isUuid(id)) return null
        const row = await repo.publicFind(db, id)
        if (!row) return null
        const bytes = await documentStore.get(row.redacted_pdf_sha256)
        return bytes
          ? {
              bytes,
              sha256: row.redacted_pdf_sha256,
              filename: `report-${row.reference.replace('/', '-')}.pdf`,
              publishedAt: new Date(row.published_at!),
            }
          : null
      },

      /** The newest publications, for the Atom feed. */
      async latest(limit = 50) {
        return (await repo.publicList(db, { limit })).map((r) => ({ ...r, published_at: new Date(r.published_at!) }))
      },
    },
  }
}

export { ALL_SECTIONS, EVERY_OCCURRENCE, REDACTION_REASONS, REDACTION_REASON_LABELS }
export type PublicationService = ReturnType<typeof publicationService>
