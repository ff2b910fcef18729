/** The subject pages' forms: zod schemas whose messages feed the GOV.UK error summary. */
import { int32 } from '../../../domain/inputBounds.js'
import { z } from 'zod'
import {
  INTERVIEW_KINDS,
  NOTICE_SERVICE_METHODS,
  SEVERITIES,
  STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
  SUBJECT_KINDS,
} from '../../../domain/vocabulary.js'
import { asArray } from '../../forms.js'

export const AddSubjectForm = z.object({
  givenName: z.string().trim().min(1, 'Enter the given name').max(100, 'Given name must be 100 characters or fewer'),
  familyName: z.string().trim().min(1, 'Enter the family name').max(100, 'Family name must be 100 characters or fewer'),
  warrantNumber: z
    .string()
    .trim()
    .min(1, 'Enter the warrant (collar) or staff number')
    .max(40, 'Warrant number must be 40 characters or fewer'),
  kind: z.enum(SUBJECT_KINDS, { message: 'Choose whether they are a police officer or a member of police staff' }),
  rank: z.string().trim().max(100).default(''),
  staffRole: z.string().trim().max(100, 'Role or grade must be 100 characters or fewer').default(''),
  forceId: z.uuid({ message: 'Choose the force' }),
  roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer').default(''),
})

export const SubjectDetailsForm = z.object({
  roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer'),
  rankAtTime: z.string().trim().max(100, 'Rank at the time must be 100 characters or fewer'),
  version: int32().positive(),
})

export const AllegationForm = z.object({
  description: z
    .string()
    .trim()
    .min(1, 'Describe what is alleged')
    .max(10000, 'Allegation must be 10,000 characters or fewer'),
  standards: z.preprocess(
    asArray,
    z
      .array(z.enum(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR))
      .min(1, 'Choose at least one Standard of Professional Behaviour'),
  ),
})

export const SeverityForm = z.object({
  severity: z.enum(SEVERITIES, { message: 'Choose the severity' }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the assessment')
    .max(10000, 'Rationale must be 10,000 characters or fewer'),
})

export const ServiceForm = z.object({
  serviceMethod: z.enum(NOTICE_SERVICE_METHODS, { message: 'Choose how the notice was served' }),
  version: int32().positive(),
})

export const ResponseForm = z.object({
  responseSummary: z
    .string()
    .trim()
    .min(1, 'Summarise the response')
    .max(20000, 'Summary must be 20,000 characters or fewer'),
  version: int32().positive(),
})

export const InterviewForm = z.object({
  interviewKind: z.enum(INTERVIEW_KINDS, { message: 'Choose the kind of interview' }),
  interviewSummary: z.string().trim().max(20000, 'Summary must be 20,000 characters or fewer').default(''),
})
