/**
 * Outcome fixtures: an investigation whose report the decision maker has approved, with a
 * determination for each subject. The report itself is written straight to its tables (the
 * report workflow is tested on its own); the subjects are added through the real service.
 */
import { uuidv7 } from 'uuidv7'
import type { Opinion } from '../../src/domain/vocabulary.js'
import type { TestApp } from './app.js'
import { openInvestigation, type Team } from './investigations.js'

let warrant = 5000

export interface SubjectSpec {
  givenName: string
  familyName: string
  determination: Opinion
  /** Organisation code of the force they serve with; the investigated force when omitted. */
  forceCode?: string
}

export async function approvedReportCase(t: TestApp, team: Team, specs: SubjectSpec[]) {
  const { investigation } = await openInvestigation(t.services, team)
  const db = t.database.db
  const forces = await t.services.organisations.list()
  const subjects = []
  for (const spec of specs) {
    const forceId = spec.forceCode ? forces.find((o) => o.code === spec.forceCode)?.id : undefined
    const { subject } = await t.services.subjects.add(
      investigation.id,
      {
        givenName: spec.givenName,
        familyName: spec.familyName,
        warrantNumber: `OC${++warrant}`,
        kind: 'police_officer',
        rank: 'constable',
        roleAtTime: 'Response officer',
        ...(forceId ? { forceId } : {}),
      },
      team.investigator,
    )
    await db.updateTable('subjects').set({ status: 'opinion_given' }).where('id', '=', subject.id).execute()
    await db
      .insertInto('determinations')
      .values({
        id: uuidv7(),
        investigation_id: investigation.id,
        subject_id: subject.id,
        determination: spec.determination,
        rationale: 'Findings in the report',
        cps_referral: false,
        cps_decision: null,
        cps_decision_on: null,
        cps_decision_note: null,
        decided_by: team.decisionMaker.userId,
        decided_on: '2026-09-01',
      })
      .execute()
    subjects.push(subject)
  }
  const reportId = uuidv7()
  await db
    .insertInto('reports')
    .values({
      id: reportId,
      investigation_id: investigation.id,
      status: 'approved',
      current_version_number: 1,
      approved_version_number: 1,
    })
    .execute()
  await db
    .insertInto('report_versions')
    .values({
      id: uuidv7(),
      report_id: reportId,
      investigation_id: investigation.id,
      version_number: 1,
      sections: JSON.stringify({
        summary: 'The force failed to link the deaths.',
        termsOfReference: 'Terms',
        chronologyEventIds: [],
        evidenceAnalysis: 'Analysis naming everyone',
        documentIds: [],
        findings: subjects.map((s, i) => ({
          subjectId: s.id,
          allegationId: null,
          text: `Finding about ${specs[i]!.givenName} ${specs[i]!.familyName}`,
        })),
        learning: 'Learning',
      }),
      saved_by: team.lead.userId,
    })
    .execute()
  await db
    .updateTable('investigations')
    // An approved report: the case is "ready to send", as the report's workflow leaves it.
    .set({ status: 'report_approved' })
    .where('id', '=', investigation.id)
    .execute()
  const current = await t.services.investigations.header(investigation.id, team.lead)
  return { investigation: current.investigation, subjects }
}
