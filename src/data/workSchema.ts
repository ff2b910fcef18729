/**
 * The tables of the investigation's day-to-day work (issue 13): lines of enquiry, actions and
 * their steps, the decision log, witnesses, statements and disclosure schedules. They join the
 * `Database` interface of schema.ts by declaration merging, so this capability's tables live
 * beside one another and schema.ts need not change for them.
 */
import type { Generated } from 'kysely'
import type { GeneratedTimestamp, PlainDate, Timestamp } from './schema.js'

export interface CaseCounterTable {
  investigation_id: string
  kind: 'line_of_enquiry' | 'action' | 'decision' | 'witness' | 'statement' | 'disclosure_schedule'
  last_number: number
}

export interface LineOfEnquiryTable {
  id: string
  investigation_id: string
  number: number
  title: string
  description: string | null
  terms_of_reference_point: string | null
  subject_ids: Generated<string[]>
  allegation_ids: Generated<string[]>
  status: Generated<'open' | 'answered' | 'closed'>
  outcome: string | null
  raised_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface ActionTable {
  id: string
  investigation_id: string
  number: number
  title: string
  description: string | null
  priority: 'high' | 'medium' | 'low'
  line_of_enquiry_id: string | null
  due_on: PlainDate | null
  status: Generated<'raised' | 'allocated' | 'resulted' | 'referred_back' | 'filed'>
  allocated_to: string | null
  result: string | null
  filed_reason: string | null
  subject_ids: Generated<string[]>
  allegation_ids: Generated<string[]>
  document_ids: Generated<string[]>
  chronology_event_ids: Generated<string[]>
  statement_ids: Generated<string[]>
  raised_by: string
  raised_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface ActionStepTable {
  id: string
  action_id: string
  step: 'raise' | 'allocate' | 'result' | 'refer_back' | 'file'
  from_status: string | null
  to_status: string
  actor_id: string | null
  allocated_to: string | null
  note: string | null
  occurred_at: GeneratedTimestamp
}

export interface DecisionTable {
  id: string
  investigation_id: string
  number: number
  kind: 'scope' | 'line_of_enquiry' | 'not_to_interview' | 'not_to_seize' | 'disclosure' | 'severity' | 'other'
  decision: string
  options_considered: string
  rationale: string
  information_relied_on: string | null
  document_ids: Generated<string[]>
  chronology_event_ids: Generated<string[]>
  line_of_enquiry_ids: Generated<string[]>
  decided_at: Timestamp
  author_id: string
  supersedes_id: string | null
  supersession_reason: string | null
  needs_review: Generated<boolean>
  signed_at: Timestamp | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface DecisionReviewTable {
  id: string
  decision_id: string
  reviewer_id: string
  outcome: 'agreed' | 'concerns'
  comment: string | null
  reviewed_at: GeneratedTimestamp
}

export interface WitnessTable {
  id: string
  investigation_id: string
  number: number
  kind: 'civilian' | 'police' | 'expert'
  full_name: string
  role_in_events: string | null
  organisation: string | null
  collar_number: string | null
  address: string | null
  phone: string | null
  email: string | null
  preferred_contact: string | null
  special_measures: Generated<string[]>
  needs: string | null
  created_by: string
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface StatementTable {
  id: string
  investigation_id: string
  number: number
  witness_id: string | null
  subject_id: string | null
  taken_by: string
  taken_at: Timestamp
  place: string
  summary: string | null
  signed: Generated<boolean>
  signed_on: PlainDate | null
  document_id: string | null
  allegation_ids: Generated<string[]>
  chronology_event_ids: Generated<string[]>
  recorded_by: string
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface DisclosureScheduleTable {
  id: string
  investigation_id: string
  number: number
  title: string
  purpose: string | null
  /** Numbers handed out to items (a removed item's number is not used again). */
  item_count: Generated<number>
  removed_item_count: Generated<number>
  issued_version: Generated<number>
  created_by: string
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface DisclosureItemTable {
  id: string
  schedule_id: string
  number: number
  category: 'used' | 'unused'
  sensitive: Generated<boolean>
  description: string
  sensitivity_reason: string | null
  document_id: string | null
  location: string | null
  added_by: string
  added_at: GeneratedTimestamp
}

export interface DisclosureScheduleVersionTable {
  id: string
  schedule_id: string
  version: number
  /** The items as issued (DisclosureSnapshotItem[]), frozen. */
  items: unknown
  issued_by: string
  issued_at: GeneratedTimestamp
}

declare module './schema.js' {
  interface Database {
    case_counters: CaseCounterTable
    lines_of_enquiry: LineOfEnquiryTable
    actions: ActionTable
    action_steps: ActionStepTable
    decisions: DecisionTable
    decision_reviews: DecisionReviewTable
    witnesses: WitnessTable
    statements: StatementTable
    disclosure_schedules: DisclosureScheduleTable
    disclosure_items: DisclosureItemTable
    disclosure_schedule_versions: DisclosureScheduleVersionTable
  }
}
