/**
 * The appropriate authority's side of the API (ADR 0014): the reports sent to the actor's own
 * force, and one of them as the force receives it — the approved report cut to the force's
 * sections with the redactions that apply (domain/authorityReport.ts), as JSON and as a PDF, and
 * the subjects of that force it must respond about with what is addressed to it. Access is the
 * one policy's: 'authority:read-report' on the case, which holds only for the investigated
 * force once the report is sent. Nothing here reads the families' records.
 */
import type { Kysely } from 'kysely'
import { authorityDocument } from '../domain/authorityReport.js'
import { londonDateOf } from '../domain/calendar.js'
import { authorise } from '../domain/policy.js'
import { decodeReason } from '../domain/redaction.js'
import { reportDocument, subjectDisplayName, type ReportDocument } from '../domain/report.js'
import * as authorityReports from '../data/repositories/authorityReports.js'
import * as investigations from '../data/repositories/investigations.js'
import * as organisations from '../data/repositories/organisations.js'
import * as outcomesRepo from '../data/repositories/outcomes.js'
import * as publicationsRepo from '../data/repositories/publications.js'
import * as reportsRepo from '../data/repositories/reports.js'
import * as subjectsRepo from '../data/repositories/subjects.js'
import type { Database, ReportSections } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Forbidden, NotFound } from './errors.js'
import type { OutcomeService } from './outcomes.js'
import { renderReportPdf } from './reportPdf.js'
import { EMPTY_SECTIONS } from './reports.js'

export function authorityReportService(db: Kysely<Database>, outcomes: OutcomeService) {
  const access = caseAccess(db)

  /** The force's copy of the approved report (null before approval, which cannot happen once sent). */
  async function forceDocument(investigationId: string, ownSubjectIds: ReadonlySet<string>) {
    const approved = await outcomesRepo.approvedReportSections(db, investigationId)
    if (!approved) return null
    const sections: ReportSections = { ...EMPTY_SECTIONS, ...(approved.sections as Partial<ReportSections>) }
    const investigation = await investigations.findById(db, investigationId)
    if (!investigation) return null
    const [events, docs, subjects, allegations, determinations, force, redactions] = await Promise.all([
      reportsRepo.chronologyEventsOfCase(db, investigationId, sections.chronologyEventIds),
      reportsRepo.documentChoices(db, investigationId, 100_000),
      subjectsRepo.subjectsOfInvestigation(db, investigationId),
      reportsRepo.allegationsOfCase(db, investigationId),
      reportsRepo.determinationsOfInvestigation(db, investigationId),
      organisations.findById(db, investigation.force_id),
      publicationsRepo.redactionsOf(db, investigationId, approved.version_number),
    ])
    // The whole report first, resolved as the oversight body's copy is, so redactions land on the same text.
    const full = reportDocument(
      sections,
      {
        reference: investigation.reference,
        title: investigation.title,
        forceName: force?.name ?? '',
        chronology: new Map(
          events.map((e) => [
            e.id,
            {
              occurredOn: e.occurred_on,
              occurredTime: e.occurred_time,
              title: e.title,
              description: e.description,
              missedOpportunity: e.missed_opportunity,
            },
          ]),
        ),
        documents: new Map(
          docs.map((d) => [
            d.id,
            { exhibitReference: d.exhibit_reference, title: d.title, withdrawn: d.withdrawn_at !== null },
          ]),
        ),
        subjects: new Map(
          subjects.map((s) => [
            s.id,
            {
              name: subjectDisplayName({
                givenName: s.given_name,
                familyName: s.family_name,
                rank: s.rank_at_time || s.officer_rank,
                warrantNumber: s.warrant_number,
              }),
            },
          ]),
        ),
        allegations: new Map(allegations.map((a) => [a.id, { description: a.description }])),
        determinations: new Map(
          determinations.map((d) => [d.subject_id, { determination: d.determination, cpsReferral: d.cps_referral }]),
        ),
      },
      { versionNumber: approved.version_number, status: 'approved' },
    )
    return authorityDocument(
      full,
      redactions.map((r) => ({
        id: r.id,
        section: r.section,
        text: r.redacted_text,
        occurrence: r.occurrence,
        reason: decodeReason(r.reason).reason,
      })),
      ownSubjectIds,
    )
  }

  return {
    /** The reports sent to the actor's force, newest sending first, a keyset page at a time. */
    async list(ctx: RequestContext, options: { after?: { sentOn: string; investigationId: string }; limit: number }) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'authority:read-report')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      return authorityReports.sentToForcePage(db, actor.organisationId, options)
    },

    /**
     * One report as the force receives it, with its own subjects and what is addressed to it
     * (outcomes.forAuthority, which checks access and audits the read), and the force's copy of
     * the report's text.
     */
    async get(investigationId: string, ctx: RequestContext) {
      const view = await outcomes.forAuthority(investigationId, ctx)
      const own = new Set(view.subjects.map((s) => s.id))
      const document = await forceDocument(investigationId, own)
      return { ...view, document }
    },

    /** The force's copy as a PDF (rendered on request: it depends on the redactions in force). */
    async pdf(investigationId: string, ctx: RequestContext): Promise<{ bytes: Buffer; filename: string }> {
      const loaded = await access.require(db, ctx, investigationId, 'authority:read-report')
      const actor = requireActor(ctx)
      const own = new Set((await outcomesRepo.subjectsOf(db, investigationId, actor.organisationId)).map((s) => s.id))
      const document: ReportDocument | null = await forceDocument(investigationId, own)
      if (!document) throw new NotFound('The report')
      const bytes = await renderReportPdf(document, { generatedOn: londonDateOf(new Date()) })
      await auditTrail.record(db, ctx, {
        action: 'report.downloaded-by-authority',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { versionNumber: document.versionNumber, forceId: actor.organisationId },
      })
      return { bytes, filename: `report-${loaded.investigation.reference.replace('/', '-')}-force-copy.pdf` }
    },
  }
}

export type AuthorityReportService = ReturnType<typeof authorityReportService>
