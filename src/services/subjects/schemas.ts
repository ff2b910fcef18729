/**
 * The subjects journey's input schemas (what a page or the API may send) and small pure helpers.
 */
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../../domain/calendar.js'
import { orderedSeverityHistory, isSubjectStatus, type SubjectStatus } from '../../domain/subjectLifecycle.js'
import {
  INTERVIEW_KINDS,
  NOTICE_SERVICE_METHODS,
  SEVERITIES,
  STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
  SUBJECT_KINDS,
  isRank,
  isSeverity,
  type Severity,
} from '../../domain/vocabulary.js'
import type * as repo from '../../data/repositories/subjects.js'

export const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
export const notInFuture = (what: string) => (value: string) =>
  value <= londonDateOf(new Date()) || `${what} must be today or in the past`

export const standards = z
  .array(z.enum(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR, { message: 'Choose standards from the list' }))
  .min(1, 'Choose at least one Standard of Professional Behaviour')
  .transform((list) => [...new Set(list)])

export const AddSubjectInput = z
  .object({
    givenName: z.string().trim().min(1, 'Enter the given name').max(100, 'Given name must be 100 characters or fewer'),
    familyName: z
      .string()
      .trim()
      .min(1, 'Enter the family name')
      .max(100, 'Family name must be 100 characters or fewer'),
    warrantNumber: z
      .string()
      .trim()
      .min(1, 'Enter the warrant (collar) or staff number')
      .max(40, 'Warrant number must be 40 characters or fewer')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 /-]*$/,
        'Warrant number must contain only letters, numbers, spaces, hyphens and slashes',
      ),
    kind: z.enum(SUBJECT_KINDS, { message: 'Choose whether they are a police officer or a member of police staff' }),
    rank: z.string().trim().max(100, 'Rank or grade must be 100 characters or fewer').default(''),
    /** The force they serve with; the investigated force when omitted. */
    forceId: z.uuid({ message: 'Choose the force' }).optional(),
    roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer').default(''),
    /** Their rank at the time of the events; their current rank when omitted. */
    rankAtTime: z.string().trim().max(100, 'Rank at the time must be 100 characters or fewer').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'police_officer' && !isRank(v.rank))
      ctx.addIssue({ code: 'custom', path: ['rank'], message: 'Choose the officer’s rank' })
    if (v.kind === 'police_officer' && v.rankAtTime && !isRank(v.rankAtTime)) {
      ctx.addIssue({ code: 'custom', path: ['rankAtTime'], message: 'Choose the rank at the time' })
    }
  })
export type AddSubjectInputType = z.input<typeof AddSubjectInput>

export const SubjectChange = z.object({
  roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer').optional(),
  rankAtTime: z.string().trim().max(100, 'Rank at the time must be 100 characters or fewer').optional(),
})
export type SubjectChangeType = z.input<typeof SubjectChange>

export const AllegationInput = z.object({
  description: z
    .string()
    .trim()
    .min(1, 'Describe what is alleged')
    .max(10000, 'Allegation must be 10,000 characters or fewer'),
  standards,
})
export type AllegationInputType = z.input<typeof AllegationInput>

export const AllegationChange = AllegationInput.partial()
export type AllegationChangeType = z.input<typeof AllegationChange>

export const SeverityInput = z.object({
  severity: z.enum(SEVERITIES, { message: 'Choose the severity' }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the assessment')
    .max(10000, 'Rationale must be 10,000 characters or fewer'),
  assessedOn: plainDate('Enter a real date of the assessment').refine(
    (d) => notInFuture('The date of the assessment')(d) === true,
    {
      message: 'The date of the assessment must be today or in the past',
    },
  ),
})
export type SeverityInputType = z.input<typeof SeverityInput>

export const NoticeChange = z.object({
  servedOn: plainDate('Enter a real date the notice was served')
    .refine((d) => notInFuture('x')(d) === true, {
      message: 'The date the notice was served must be today or in the past',
    })
    .optional(),
  serviceMethod: z.enum(NOTICE_SERVICE_METHODS, { message: 'Choose how the notice was served' }).optional(),
  responseReceivedOn: plainDate('Enter a real date the response was received')
    .refine((d) => notInFuture('x')(d) === true, {
      message: 'The date the response was received must be today or in the past',
    })
    .optional(),
  responseSummary: z.string().trim().max(20000, 'Summary must be 20,000 characters or fewer').optional(),
})
export type NoticeChangeType = z.input<typeof NoticeChange>

export const InterviewInput = z.object({
  kind: z.enum(INTERVIEW_KINDS, { message: 'Choose the kind of interview' }),
  heldOn: plainDate('Enter a real date of the interview').refine((d) => notInFuture('x')(d) === true, {
    message: 'The date of the interview must be today or in the past',
  }),
  summary: z.string().trim().max(20000, 'Summary must be 20,000 characters or fewer').optional(),
})
export type InterviewInputType = z.input<typeof InterviewInput>

/** The personal data a subject record shows, named in read audits. */
export const SUBJECT_FIELDS = [
  'officers.given_name',
  'officers.family_name',
  'officers.warrant_number',
  'officers.rank',
  'subjects.role_at_time',
  'subjects.rank_at_time',
]

export type SubjectRow = repo.SubjectWithOfficer

export interface SubjectSummary extends SubjectRow {
  currentSeverity: Severity | null
  /** The latest notice's response due date while the response is outstanding. */
  noticeResponseDueOn: string | null
}

export function severityHistoryOf<T extends { severity: string; assessed_on: string }>(rows: readonly T[]) {
  return orderedSeverityHistory(
    rows
      .filter((r): r is T & { severity: Severity } => isSeverity(r.severity))
      .map((r) => ({ ...r, assessedOn: r.assessed_on })),
  )
}

export function subjectStatus(status: string): SubjectStatus {
  return isSubjectStatus(status) ? status : 'identified'
}
