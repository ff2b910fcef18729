/**
 * The case's progress as a task list (domain/taskLists.ts caseProgress): the service gathers the
 * facts from the case's records and the domain derives each stage's status, so the list cannot
 * disagree with the lifecycle's guards. Counts only, no names: everyone who may see the case's
 * overview may see it (a case worker included), and each stage links to the tab where its work is
 * done for those who may open that tab.
 */
import type { Kysely } from 'kysely'
import { isInvestigationStatus } from '../domain/investigationLifecycle.js'
import { isSubjectStatus } from '../domain/subjectLifecycle.js'
import { caseProgress, type CaseProgressFacts, type CaseStage, type TaskRow } from '../domain/taskLists.js'
import { isSeverity } from '../domain/vocabulary.js'
import * as progress from '../data/repositories/caseProgress.js'
import * as investigations from '../data/repositories/investigations.js'
import * as outcomes from '../data/repositories/outcomes.js'
import * as holds from '../data/repositories/publicationHolds.js'
import * as publications from '../data/repositories/publications.js'
import * as reports from '../data/repositories/reports.js'
import type { Database } from '../data/schema.js'
import { caseAccess } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { reportStatus } from './reports/schemas.js'

/** The tab where each stage's work is done, and whether opening it needs the case file. */
const STAGE_TABS: Record<CaseStage, { path: string; caseFile: boolean }> = {
  'terms-of-reference': { path: 'terms-of-reference', caseFile: false },
  severity: { path: 'subjects', caseFile: true },
  notices: { path: 'subjects', caseFile: true },
  interviews: { path: 'subjects', caseFile: true },
  report: { path: 'report', caseFile: true },
  'decision-maker': { path: 'report', caseFile: true },
  sent: { path: 'outcome', caseFile: true },
  response: { path: 'outcome', caseFile: true },
  publication: { path: 'publication', caseFile: true },
}

export function caseProgressService(db: Kysely<Database>) {
  const access = caseAccess(db)
  return {
    /** The facts the stages are derived from (for the task list's tests as much as for the page). */
    async facts(investigationId: string, ctx: RequestContext): Promise<CaseProgressFacts> {
      const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read')
      const [terms, subjects, report, determinations, sending, responses, publication, active] = await Promise.all([
        investigations.latestTermsOfReference(db, investigationId),
        progress.subjectProgress(db, investigationId),
        reports.findByInvestigation(db, investigationId),
        reports.determinationsOfInvestigation(db, investigationId),
        outcomes.sendingOf(db, investigationId),
        progress.authorityResponseCounts(db, investigationId, investigation.force_id),
        publications.currentPublicationOf(db, investigationId),
        holds.activeHolds(db, investigationId),
      ])
      return {
        status: isInvestigationStatus(investigation.status) ? investigation.status : 'assessed',
        hasTermsOfReference: terms !== undefined,
        hasDecisionMaker: investigation.decision_maker_id !== null,
        subjects: subjects
          .filter((s) => isSubjectStatus(s.status))
          .map((s) => ({
            status: isSubjectStatus(s.status) ? s.status : 'identified',
            severity: s.severity && isSeverity(s.severity) ? s.severity : null,
            interviews: Number(s.interviews ?? 0),
          })),
        reportStatus: report && report.current_version_number > 0 ? reportStatus(report.status) : null,
        determinations: determinations.length,
        reportSent: sending !== undefined,
        responses,
        publication: publication ? publication.status : 'none',
        activeHolds: active.length,
      }
    },

    /** The stages with their statuses, each linked to its tab when the person may open it. */
    async taskList(
      investigationId: string,
      ctx: RequestContext,
    ): Promise<(TaskRow<CaseStage> & { href: string | null })[]> {
      const facts = await this.facts(investigationId, ctx)
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const caseFile = access.may(ctx, 'investigation:read-case-file', loaded)
      return caseProgress(facts).map((row) => {
        const tab = STAGE_TABS[row.key]
        return {
          ...row,
          href: tab.caseFile && !caseFile ? null : `/investigations/${investigationId}/${tab.path}`,
        }
      })
    },
  }
}

export type CaseProgressService = ReturnType<typeof caseProgressService>
