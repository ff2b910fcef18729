import { int32 } from '../../../domain/inputBounds.js'
import { z } from 'zod'
import { CASE_ROLES } from '../../../domain/policy.js'
import { asArray } from '../../forms.js'

export const CaseListQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.string().trim().max(60).optional().catch(undefined),
  form: z.string().trim().max(60).optional().catch(undefined),
  force: z.uuid().optional().catch(undefined),
  lead: z.uuid().optional().catch(undefined),
  overdue: z.enum(['yes']).optional().catch(undefined),
  cursor: z.string().max(300).optional().catch(undefined),
  // The historical records' own keyset position (received_on_id), apart from the live list's.
  hafter: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}_[0-9a-f-]{36}$/)
    .optional()
    .catch(undefined),
})

export const OpenInvestigationForm = z.object({
  referralIds: z.preprocess(asArray, z.array(z.uuid()).min(1, 'Choose at least one assessed referral')),
  title: z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
  termsOfReference: z
    .string()
    .trim()
    .min(1, 'Enter the terms of reference')
    .max(20000, 'Terms of reference must be 20,000 characters or fewer'),
  leadInvestigatorId: z.uuid({ message: 'Choose the lead investigator' }),
  decisionMakerId: z.uuid({ message: 'Choose the decision maker' }),
  investigatorIds: z.preprocess(asArray, z.array(z.uuid())),
  caseWorkerIds: z.preprocess(asArray, z.array(z.uuid())),
})

export const TermsOfReferenceForm = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Enter the terms of reference')
    .max(20000, 'Terms of reference must be 20,000 characters or fewer'),
  version: int32().positive(),
})

export const TeamMemberForm = z.object({
  userId: z.uuid({ message: 'Choose a person' }),
  role: z.enum(CASE_ROLES, { message: 'Choose their role on the investigation' }),
})

export const StatusChangeForm = z.object({
  status: z.string({ message: 'Choose the new status' }).trim().min(1, 'Choose the new status').max(60),
  reason: z.string().trim().max(5000, 'Reason must be 5,000 characters or fewer').optional(),
  version: int32().positive(),
})
