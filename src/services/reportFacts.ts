/**
 * What the investigation lifecycle needs to know about the final report. A module of its own so
 * that the investigation service reads it without importing the report service (which itself
 * uses the investigation service's lifecycle).
 */
import type { Executor } from '../data/database.js'
import * as repo from '../data/repositories/reports.js'

/** Whether the report exists with a saved version and whether its current version is approved: for the investigation lifecycle. */
export async function reportFacts(
  db: Executor,
  investigationId: string,
): Promise<{ hasDraftReport: boolean; reportApproved: boolean }> {
  const report = await repo.findByInvestigation(db, investigationId)
  return {
    hasDraftReport: report !== undefined && report.current_version_number > 0,
    reportApproved:
      report !== undefined &&
      report.status === 'approved' &&
      report.approved_version_number === report.current_version_number,
  }
}
