/**
 * The report's task lists (domain/taskLists.ts): the sections with the submission, and the
 * decision maker's determinations; and saving one section at a time, as the section pages do.
 */
import { determinationTaskList, reportTaskList, type ReportSectionKey } from '../../domain/taskLists.js'
import * as progress from '../../data/repositories/caseProgress.js'
import * as repo from '../../data/repositories/reports.js'
import type { RequestContext } from '../context.js'
import type { draftingUseCases } from './drafting.js'
import type { ReportKit } from './kit.js'
import { EMPTY_SECTIONS, sectionsOf, type ReportSectionsInputType } from './schemas.js'

/** Which fields of the sections each section's page changes. */
export const SECTION_FIELDS: Record<ReportSectionKey, readonly (keyof ReportSectionsInputType)[]> = {
  summary: ['summary'],
  'terms-of-reference': ['termsOfReference'],
  chronology: ['chronologyEventIds'],
  'evidence-analysis': ['evidenceAnalysis', 'documentIds'],
  findings: ['findings'],
  learning: ['learning'],
}

export function taskUseCases(kit: ReportKit, drafting: ReturnType<typeof draftingUseCases>) {
  const { db, lifecycle } = kit
  return {
    /**
     * The report's overview (read and audited as the Report tab reads it) with its two task lists:
     * the sections and the submission, and the determinations with the decision.
     */
    async taskLists(investigationId: string, ctx: RequestContext) {
      const o = await drafting.overview(investigationId, ctx)
      const [subjects, facts] = await Promise.all([
        progress.subjectProgress(db, investigationId),
        lifecycle.lifecycleFacts(db, o.investigation),
      ])
      const sections = o.currentVersion?.sections ?? EMPTY_SECTIONS
      const reportTasks = reportTaskList({
        reportStatus: o.report && o.report.current_version_number > 0 ? o.status : null,
        sections: {
          summary: sections.summary,
          termsOfReference: sections.termsOfReference,
          chronologyEvents: sections.chronologyEventIds.length,
          evidenceAnalysis: sections.evidenceAnalysis,
          documents: sections.documentIds.length,
          findingsFor: sections.findings.filter((f) => f.text.trim() !== '').map((f) => f.subjectId),
          learning: sections.learning,
        },
        subjects: subjects.map((s) => ({ id: s.id, assessed: s.severity !== null })),
        investigation: facts,
      })
      const determinationTasks = determinationTaskList({
        reportStatus: o.status,
        subjects: o.subjects.map((s) => ({ id: s.id, name: s.name, determined: s.determination !== null })),
      })
      return { overview: o, reportTasks, determinationTasks }
    },

    /**
     * Saves one section as a new version of the report: the current version's other sections are
     * kept as they are. A version saved meanwhile by someone else changes the report's version, so
     * the save is refused as a conflict rather than overwriting it.
     */
    async saveSection(
      investigationId: string,
      section: ReportSectionKey,
      input: ReportSectionsInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const report = await repo.findByInvestigation(db, investigationId)
      const current =
        report && report.current_version_number > 0
          ? await repo.version(db, report.id, report.current_version_number)
          : undefined
      const merged: ReportSectionsInputType = { ...(current ? sectionsOf(current) : EMPTY_SECTIONS) }
      for (const field of SECTION_FIELDS[section]) (merged as Record<string, unknown>)[field] = input[field]
      return drafting.save(investigationId, merged, expectedVersion, ctx)
    },
  }
}
