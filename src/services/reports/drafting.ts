/**
 * Drafting the report: its overview, the choices its sections refer to, saving a version, and
 * reading and comparing versions.
 */
import { uuidv7 } from 'uuidv7'
import { REPORT_STATUS_LABELS, comparableSections } from '../../domain/report.js'
import { diffStatistics, diffText, isUnchanged } from '../../domain/textDiff.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as repo from '../../data/repositories/reports.js'
import type { ReportSections } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, InvalidTransition } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { ReportSectionsInput, sectionsOf, reportStatus, type ReportSectionsInputType } from './schemas.js'
import type { ReportKit } from './kit.js'

export function draftingUseCases(kit: ReportKit) {
  const { db, access, auditRead, subjectNames, checkReferences, resolve, requireReport, requireVersion } = kit
  return {
    /** The report's state: status, current version's sections, history, reviews, determinations, and what the actor may do. */
    async overview(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await repo.findByInvestigation(db, investigationId)
      const [versionRows, reviews, subjects, determinations] = await Promise.all([
        report ? repo.versions(db, report.id) : Promise.resolve([]),
        report ? repo.reviews(db, report.id) : Promise.resolve([]),
        subjectNames(db, investigationId),
        repo.determinationsOfInvestigation(db, investigationId),
      ])
      const current = versionRows[0]
      await auditRead(ctx, {
        action: 'report.read',
        entityType: 'report',
        entityId: report?.id ?? null,
        caseId: investigationId,
        detail: {
          versionNumber: current?.version_number ?? null,
          fields: subjects.length
            ? ['officers.given_name', 'officers.family_name', 'officers.warrant_number', 'determinations.rationale']
            : [],
        },
      })
      const byId = new Map(determinations.map((d) => [d.subject_id, d]))
      const status = report ? reportStatus(report.status) : null
      return {
        investigation: loaded.investigation,
        report: report ?? null,
        status,
        statusLabel: status ? REPORT_STATUS_LABELS[status] : 'Not started',
        currentVersion: current ? { ...current, sections: sectionsOf(current) } : null,
        versions: versionRows.map((v) => ({
          versionNumber: v.version_number,
          savedBy: v.saved_by,
          savedAt: v.saved_at,
          pdfSha256: v.pdf_sha256,
        })),
        reviews,
        subjects: subjects.map((s) => ({
          id: s.id,
          name: s.name,
          status: s.status,
          determination: byId.get(s.id) ?? null,
        })),
        canDraft:
          access.may(ctx, 'report:draft', loaded) && (status === null || status === 'draft' || status === 'returned'),
        canSubmit:
          access.may(ctx, 'report:draft', loaded) &&
          report !== undefined &&
          report.current_version_number > 0 &&
          (status === 'draft' || status === 'returned'),
        canDecide: access.may(ctx, 'report:decide', loaded),
        canRecordCps: access.may(ctx, 'report:send', loaded),
      }
    },

    /** The chronology events and documents that can be referenced, and the subjects with their allegations. */
    async choices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [events, documents, subjects, allegations] = await Promise.all([
        repo.chronologyChoices(db, investigationId),
        repo.documentChoices(db, investigationId),
        subjectNames(db, investigationId),
        repo.allegationsOfCase(db, investigationId),
      ])
      return {
        events,
        documents,
        subjects: subjects.map((s) => ({
          id: s.id,
          name: s.name,
          allegations: allegations.filter((a) => a.subject_id === s.id),
        })),
      }
    },

    /**
     * Saves the sections as a new version (the first save creates the report). expectedVersion is
     * the report's version as read (0 when there is no report yet). Only a draft or returned
     * report can be revised; saving a returned one makes it a draft again.
     */
    async save(investigationId: string, input: ReportSectionsInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const sections: ReportSections = parseOrThrow(ReportSectionsInput, input)
      sections.chronologyEventIds = [...new Set(sections.chronologyEventIds)]
      sections.documentIds = [...new Set(sections.documentIds)]
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'report:draft', { forUpdate: true })
        let report = await repo.findByInvestigationForUpdate(trx, investigationId)
        if ((report?.version ?? 0) !== expectedVersion) throw new Conflict()
        const before = report ? reportStatus(report.status) : null
        if (before === 'submitted')
          throw new InvalidTransition('The report is with the decision maker; it can be revised once they return it.')
        if (before === 'approved') throw new InvalidTransition('The report has been approved; it cannot be revised.')
        await checkReferences(trx, investigationId, sections)
        if (!report)
          report = await repo.insert(trx, {
            id: uuidv7(),
            investigation_id: investigationId,
            status: 'draft',
            current_version_number: 0,
            approved_version_number: null,
          })
        const versionNumber = report.current_version_number + 1
        const saved = await repo.insertVersion(trx, {
          id: uuidv7(),
          report_id: report.id,
          investigation_id: investigationId,
          version_number: versionNumber,
          sections,
          saved_by: actor.userId,
        })
        const updated = await repo.update(
          trx,
          report.id,
          { status: 'draft', current_version_number: versionNumber },
          report.version,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: versionNumber === 1 ? 'report.drafted' : 'report.revised',
          entityType: 'report',
          entityId: report.id,
          caseId: investigationId,
          detail: {
            before: before ? { status: before, versionNumber: versionNumber - 1 } : null,
            after: {
              status: 'draft',
              versionNumber,
              chronologyEvents: sections.chronologyEventIds.length,
              documents: sections.documentIds.length,
              findings: sections.findings.length,
            },
          },
        })
        return { report: updated, version: { ...saved, sections } }
      })
    },

    async versions(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      return (await repo.versions(db, report.id)).map((v) => ({ ...v, sections: sectionsOf(v) }))
    },

    async version(investigationId: string, versionNumber: number, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const row = await requireVersion(db, report, versionNumber)
      return { ...row, sections: sectionsOf(row) }
    },

    /** A readable comparison of two versions, section by section, with word counts of the changes. */
    async compare(investigationId: string, from: number, to: number, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const report = await requireReport(db, investigationId)
      const [a, b] = [await requireVersion(db, report, from), await requireVersion(db, report, to)]
      const [sa, sb] = [sectionsOf(a), sectionsOf(b)]
      const resolved = await resolve(db, loaded, {
        ...sb,
        chronologyEventIds: [...new Set([...sa.chronologyEventIds, ...sb.chronologyEventIds])],
      })
      const left = comparableSections(sa, resolved)
      const right = comparableSections(sb, resolved)
      const sections = right.map((section, i) => {
        const pieces = diffText(left[i]!.text, section.text)
        return {
          id: section.id,
          heading: section.heading,
          changed: !isUnchanged(pieces),
          ...diffStatistics(pieces),
          pieces,
        }
      })
      return {
        from: { versionNumber: a.version_number, savedAt: a.saved_at },
        to: { versionNumber: b.version_number, savedAt: b.saved_at },
        sections,
      }
    },
  }
}
