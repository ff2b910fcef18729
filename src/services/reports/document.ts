/**
 * The report as a document: the resolved sections of a version, and its PDF.
 */
import { londonDateOf } from '../../domain/calendar.js'
import { reportDocument } from '../../domain/report.js'
import * as repo from '../../data/repositories/reports.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { renderReportPdf } from '../reportPdf.js'
import { sectionsOf, reportStatus } from './schemas.js'
import type { ReportKit } from './kit.js'

export function documentUseCases(kit: ReportKit) {
  const { db, documentStore, access, auditRead, resolve, requireReport, requireVersion } = kit
  return {
    /** The report as a document model (the approved version, else the current one, unless a version is named). */
    async document(investigationId: string, ctx: RequestContext, versionNumber?: number) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const chosen = versionNumber ?? report.approved_version_number ?? report.current_version_number
      const row = await requireVersion(db, report, chosen)
      const sections = sectionsOf(row)
      const doc = reportDocument(sections, await resolve(db, loaded, sections), {
        versionNumber: row.version_number,
        status:
          row.version_number === report.approved_version_number
            ? 'approved'
            : reportStatus(report.status) === 'approved'
              ? 'draft'
              : reportStatus(report.status),
      })
      await auditRead(ctx, {
        action: 'report.viewed',
        entityType: 'report',
        entityId: report.id,
        caseId: investigationId,
        detail: { versionNumber: row.version_number },
      })
      return { document: doc, version: row, report }
    },

    /**
     * The PDF of a version (by default the approved one, else the current): rendered once, stored
     * in the document store, its SHA-256 recorded on the version; later requests return the
     * stored bytes, so the recorded hash always names the document people received.
     */
    async pdf(investigationId: string, ctx: RequestContext, versionNumber?: number) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const chosen = versionNumber ?? report.approved_version_number ?? report.current_version_number
      let row = await requireVersion(db, report, chosen)
      let bytes = row.pdf_sha256 ? await documentStore.get(row.pdf_sha256) : null
      if (!bytes) {
        const sections = sectionsOf(row)
        const approved = row.version_number === report.approved_version_number
        const doc = reportDocument(sections, await resolve(db, loaded, sections), {
          versionNumber: row.version_number,
          status: approved ? 'approved' : 'draft',
        })
        const pdf = await renderReportPdf(doc, { generatedOn: londonDateOf(new Date()) })
        const stored = await documentStore.put(pdf)
        bytes = pdf
        row = await db.transaction().execute(async (trx) => {
          const updated = await repo.recordPdf(trx, row.id, stored.sha256, stored.size)
          await auditTrail.record(trx, ctx, {
            action: 'report.rendered',
            entityType: 'report',
            entityId: report.id,
            caseId: investigationId,
            detail: { versionNumber: row.version_number, contentSha256: stored.sha256, sizeBytes: stored.size },
          })
          return updated
        })
      }
      await auditRead(ctx, {
        action: 'report.downloaded',
        entityType: 'report',
        entityId: report.id,
        caseId: investigationId,
        detail: { versionNumber: row.version_number, contentSha256: row.pdf_sha256 },
      })
      return {
        bytes,
        sha256: row.pdf_sha256!,
        versionNumber: row.version_number,
        filename: `report-${loaded.investigation.reference.replace('/', '-')}-v${row.version_number}.pdf`,
      }
    },
  }
}
