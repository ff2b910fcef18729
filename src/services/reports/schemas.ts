/**
 * The report journey's input schemas (what a page or the API may send), its row types, and the
 * subject facts its determinations need.
 */
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../../domain/calendar.js'
import { CPS_DECISIONS, type ReportStatus } from '../../domain/report.js'
import { isSubjectStatus, orderedSeverityHistory, type SubjectFacts } from '../../domain/subjectLifecycle.js'
import { OPINIONS, isNoticeServiceMethod, isOpinion, isSeverity, type Opinion } from '../../domain/vocabulary.js'
import type { Executor } from '../../data/database.js'
import type * as repo from '../../data/repositories/reports.js'
import * as subjectsRepo from '../../data/repositories/subjects.js'
import type { ReportSections } from '../../data/schema.js'

export const text = (what: string, max = 100_000) =>
  z
    .string()
    .max(max, `${what} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .default('')

export const ReportSectionsInput = z.object({
  summary: text('The summary'),
  termsOfReference: text('The terms of reference'),
  chronologyEventIds: z
    .array(z.uuid({ message: 'Choose events from the chronology' }))
    .max(2000)
    .default([]),
  evidenceAnalysis: text('The evidence analysis'),
  documentIds: z
    .array(z.uuid({ message: 'Choose documents from the evidence register' }))
    .max(2000)
    .default([]),
  findings: z
    .array(
      z.object({
        subjectId: z.uuid({ message: 'Choose a subject of the investigation' }),
        allegationId: z.uuid({ message: 'Choose an allegation of the subject' }).nullable().default(null),
        text: z.string().max(100_000, 'Findings must be 100,000 characters or fewer'),
      }),
    )
    .max(2000)
    .default([]),
  learning: text('The learning'),
})
export type ReportSectionsInputType = z.input<typeof ReportSectionsInput>

export const ReturnInput = z.object({
  comments: z
    .string()
    .trim()
    .min(1, 'Enter your comments for the investigators')
    .max(20000, 'Comments must be 20,000 characters or fewer'),
})

export const DeterminationInput = z.object({
  determination: z.enum(OPINIONS, { message: 'Choose the determination' }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the determination')
    .max(20000, 'Rationale must be 20,000 characters or fewer'),
  cpsReferral: z
    .boolean({ message: 'Say whether the matter is referred to the Crown Prosecution Service' })
    .default(false),
  decidedOn: z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the determination' }).optional(),
})
export type DeterminationInputType = z.input<typeof DeterminationInput>

export const CpsDecisionInput = z.object({
  decision: z.enum(CPS_DECISIONS, { message: 'Choose the CPS decision' }),
  decidedOn: z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the decision' }).optional(),
  note: z.string().trim().max(5000, 'The note must be 5,000 characters or fewer').optional(),
})
export type CpsDecisionInputType = z.input<typeof CpsDecisionInput>

export type ReportRow = NonNullable<Awaited<ReturnType<typeof repo.findByInvestigation>>>
export type ReportVersionRow = Awaited<ReturnType<typeof repo.versions>>[number]
export type DeterminationRow = NonNullable<Awaited<ReturnType<typeof repo.determinationOfSubject>>>

export const EMPTY_SECTIONS: ReportSections = {
  summary: '',
  termsOfReference: '',
  chronologyEventIds: [],
  evidenceAnalysis: '',
  documentIds: [],
  findings: [],
  learning: '',
}

export function sectionsOf(row: { sections: unknown }): ReportSections {
  const raw = typeof row.sections === 'string' ? (JSON.parse(row.sections) as unknown) : row.sections
  return { ...EMPTY_SECTIONS, ...(raw as Partial<ReportSections>) }
}

export function reportStatus(status: string): ReportStatus {
  return status === 'submitted' || status === 'returned' || status === 'approved' ? status : 'draft'
}

/** The subject lifecycle's facts, with the determination as the opinion. */
export async function subjectFacts(
  executor: Executor,
  subject: { id: string; status: string },
  opinion: Opinion,
): Promise<SubjectFacts> {
  const [severityRows, notices] = await Promise.all([
    subjectsRepo.severityAssessmentsOfSubject(executor, subject.id),
    subjectsRepo.noticesOfSubject(executor, subject.id),
  ])
  const history = orderedSeverityHistory(
    severityRows
      .filter((r) => isSeverity(r.severity))
      .map((r) => ({ severity: r.severity, assessedOn: r.assessed_on })),
  )
  const latest = notices[0]
  const notice =
    latest &&
    latest.served_on &&
    latest.service_method &&
    isNoticeServiceMethod(latest.service_method) &&
    latest.severity &&
    isSeverity(latest.severity)
      ? { servedOn: latest.served_on, method: latest.service_method, severity: latest.severity }
      : null
  return {
    status: isSubjectStatus(subject.status) ? subject.status : 'identified',
    severityHistory: history,
    notice,
    responseReceivedOn: latest?.response_received_on ?? null,
    today: londonDateOf(new Date()),
    opinion: isOpinion(opinion) ? opinion : null,
    proceedingsDecision: null,
    hasLiveFinalWrittenWarning: false,
    outcome: null,
  }
}
