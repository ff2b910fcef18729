/**
 * Typed table definitions for Kysely. One interface per table; column names are snake_case in SQL
 * and here, so a query reads the same in TypeScript as in psql.
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { ProposedProceedings } from '../domain/vocabulary.js'

/** A timestamptz: written as a Date, read back as a Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamptz the database fills in by default. */
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface OrganisationTable {
  id: string
  name: string
  kind: 'oversight_body' | 'police_force'
  code: string
  /** The name the shipped reference list last gave it; null when an operator added it. */
  reference_name: string | null
  /** Retired organisations are not offered for new cases or accounts; references to them stay. */
  retired_at: Timestamp | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

/** The names an organisation had before a rename, for history. */
export interface OrganisationPreviousNameTable {
  organisation_id: string
  name: string
  replaced_at: Timestamp
}

export interface UserTable {
  id: string
  email: string
  display_name: string
  password_hash: string | null
  roles: string[]
  organisation_id: string
  status: 'active' | 'disabled'
  totp_secret: string | null
  totp_enabled_at: Timestamp | null
  /** The last TOTP time step accepted, so a code cannot be replayed. */
  totp_last_time_step: number | null
  failed_sign_in_count: Generated<number>
  locked_until: Timestamp | null
  last_signed_in_at: Timestamp | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface SessionTable {
  /** SHA-256 of the cookie value: a copy of the table does not yield usable cookies. */
  id_hash: string
  user_id: string
  stage: 'authenticated' | 'second_factor_required' | 'second_factor_setup_required'
  created_at: Timestamp
  last_seen_at: Timestamp
  expires_at: Timestamp
  /** The success message to show once on the next page (after a change); null when there is none. */
  confirmation: ColumnType<string | null, string | null | undefined, string | null>
}

/** A counter of failed attempts (ADR 0026); the key is a SHA-256 of what it counts. */
export interface AttemptThrottleTable {
  key_hash: string
  kind: 'address' | 'account' | 'device'
  failures: number
  last_failure_at: ColumnType<Date | null, Date | string | null, Date | string | null>
  /** When a refusal in the current wait was last audited: one audit entry per wait, not per request. */
  refusal_audited_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
}

/** A device a person has signed in on (a long-lived cookie); its SHA-256 is the key. */
export interface KnownDeviceTable {
  token_hash: string
  user_id: string
  created_at: Timestamp
  last_signed_in_at: Timestamp
}

export interface AuditLogTable {
  seq: Generated<number>
  id: string
  occurred_at: Timestamp
  actor_user_id: string | null
  action: string
  entity_type: string
  entity_id: string | null
  case_id: string | null
  request_id: string | null
  detail: ColumnType<Record<string, unknown>, string, string>
  /** Null until the sealer chains the entry (ADR 0005); then set once and never again. */
  prev_hash: string | null
  hash: string | null
  chain_position: number | null
}

/** A plain calendar date, 'YYYY-MM-DD' (Europe/London), never an instant. */
export type PlainDate = string

export interface OfficerTable {
  id: string
  force_id: string
  warrant_number: string
  kind: 'police_officer' | 'police_staff'
  given_name: string
  family_name: string
  rank: string
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface InvestigationReferenceCounterTable {
  year: number
  last_number: number
}

export interface InvestigationTable {
  id: string
  reference: string
  title: string
  status: string
  status_before_suspension: string | null
  form: string | null
  force_id: string
  lead_investigator_id: string | null
  decision_maker_id: string | null
  came_to_attention_on: PlainDate | null
  opened_on: PlainDate
  closed_on: PlainDate | null
  next_deadline_on: PlainDate | null
  /** The investigation this one re-investigates (migration 0011). */
  predecessor_investigation_id: ColumnType<string | null, string | null | undefined, string | null>
  search_text: Generated<string>
  search_vector: ColumnType<string, never, never>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface InvestigationMemberTable {
  investigation_id: string
  user_id: string
  role_in_case: 'lead_investigator' | 'investigator' | 'decision_maker' | 'case_worker'
  added_at: GeneratedTimestamp
}

export interface TermsOfReferenceTable {
  investigation_id: string
  version_number: number
  text: string
  recorded_by: string | null
  recorded_at: GeneratedTimestamp
}

export interface ReferralTable {
  id: string
  matter_type: 'complaint' | 'conduct_matter' | 'dsi_matter'
  referring_force_id: string
  received_on: PlainDate
  came_to_attention_on: PlainDate | null
  category: string
  summary: string
  investigation_id: string | null
  recorded_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface InvolvedPersonTable {
  id: string
  referral_id: string
  role: 'deceased' | 'seriously_injured' | 'complainant' | 'witness' | 'other'
  full_name: string
  date_of_birth: PlainDate | null
  date_of_death: PlainDate | null
  place_of_death: string | null
  created_at: GeneratedTimestamp
}

export interface AssessmentTable {
  id: string
  referral_id: string
  form: 'independent' | 'directed' | 'local' | 'supervised' | 'managed' | 'returned_to_force' | 'not_investigated'
  rationale: string
  decided_by: string
  decided_on: PlainDate
  recorded_at: GeneratedTimestamp
}

export interface SubjectTable {
  id: string
  investigation_id: string
  officer_id: string
  role_at_time: string
  rank_at_time: string
  status: Generated<string>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface AllegationTable {
  id: string
  investigation_id: string
  subject_id: string
  description: string
  standards: string[]
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface SeverityAssessmentTable {
  id: string
  investigation_id: string
  subject_id: string
  severity: 'misconduct' | 'gross_misconduct' | 'neither'
  rationale: string
  assessed_by: string
  assessed_on: PlainDate
  recorded_at: GeneratedTimestamp
}

export interface DocumentTable {
  id: string
  investigation_id: string
  exhibit_reference: string
  title: string
  description: string | null
  sha256: string
  size_bytes: number
  media_type: string
  original_filename: string
  sealed: Generated<boolean>
  uploaded_by: string | null
  uploaded_at: GeneratedTimestamp
  withdrawn_at: Timestamp | null
  withdrawn_by: string | null
  withdrawn_reason: string | null
  version: Generated<number>
}

export interface CustodyEntryTable {
  id: string
  document_id: string
  occurred_at: Timestamp
  action: string
  from_party: string | null
  to_party: string | null
  note: string | null
  recorded_by: string | null
  recorded_at: GeneratedTimestamp
}

export interface NoticeTable {
  id: string
  investigation_id: string
  subject_id: string
  kind: Generated<string>
  document_id: string | null
  content_sha256: string | null
  generated_at: GeneratedTimestamp
  generated_by: string | null
  served_on: PlainDate | null
  service_method: string | null
  response_due_on: PlainDate | null
  response_received_on: PlainDate | null
  response_summary: string | null
  /** The severity the notice told the subject of (migration 0003). */
  severity: 'misconduct' | 'gross_misconduct' | 'neither' | null
  /** Size of the generated PDF in bytes (migration 0003). */
  content_size_bytes: ColumnType<number | null, number | null | undefined, number | null>
  version: Generated<number>
}

export interface InterviewTable {
  id: string
  investigation_id: string
  subject_id: string
  kind: string
  held_on: PlainDate
  summary: string | null
  recorded_by: string | null
  recorded_at: GeneratedTimestamp
}

export interface ChronologyEventTable {
  id: string
  investigation_id: string
  occurred_on: PlainDate
  occurred_time: string | null
  kind: 'underlying_fact' | 'investigation'
  title: string
  description: string | null
  missed_opportunity: Generated<boolean>
  missed_opportunity_reason: string | null
  subject_ids: Generated<string[]>
  document_ids: Generated<string[]>
  recorded_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface ApiTokenTable {
  id: string
  user_id: string
  name: string
  token_hash: string
  scopes: string[]
  created_at: GeneratedTimestamp
  expires_at: Timestamp | null
  last_used_at: Timestamp | null
  revoked_at: Timestamp | null
}

export interface IdempotencyKeyTable {
  user_id: string
  key: string
  method: string
  path: string
  request_sha256: string
  response_status: number | null
  response_headers: ColumnType<Record<string, string> | null, string | null, string | null>
  response_body: string | null
  created_at: GeneratedTimestamp
}

export interface InterestedPersonTable {
  id: string
  investigation_id: string
  full_name: string
  kind: 'bereaved_family' | 'complainant' | 'injured_person' | 'other'
  relationship: string | null
  consent_to_be_kept_informed: boolean
  consent_recorded_on: PlainDate | null
  became_interested_on: PlainDate
  /** An update is due by this date whatever the cadence says, until one is given on or after it (migration 0012). */
  update_due_on: ColumnType<PlainDate | null, PlainDate | null | undefined, PlainDate | null>
  preferred_channel: 'email' | 'letter' | 'phone'
  email: string | null
  phone: string | null
  postal_address: string | null
  language: string | null
  accessibility_needs: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface RepresentativeTable {
  id: string
  investigation_id: string
  interested_person_id: string
  firm: string | null
  full_name: string
  email: string | null
  phone: string | null
  receives_updates: Generated<boolean>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface KeepInformedUpdateTable {
  id: string
  investigation_id: string
  channel: 'letter' | 'email' | 'meeting' | 'call' | 'portal'
  given_on: PlainDate
  given_by: string | null
  summary: string
  covers_progress: Generated<boolean>
  covers_provisional_findings: Generated<boolean>
  covers_report_submitted: Generated<boolean>
  withheld_under_harm_test: Generated<boolean>
  harm_ground: string | null
  withheld_summary: string | null
  letter_sha256: string | null
  created_at: GeneratedTimestamp
}

export interface UpdateRecipientTable {
  update_id: string
  interested_person_id: string
  representative_id: string | null
}

export interface UpdateAttachmentTable {
  id: string
  update_id: string
  sha256: string
  filename: string
  media_type: string
  size_bytes: number
}

export interface MeetingTable {
  id: string
  investigation_id: string
  held_on: PlainDate
  attendees: string
  agenda: string | null
  notes: string | null
  recorded_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface MeetingInterestedPersonTable {
  meeting_id: string
  interested_person_id: string
}

export interface MeetingActionTable {
  id: string
  meeting_id: string
  description: string
  owner: string
  due_on: PlainDate | null
  done_on: PlainDate | null
  version: Generated<number>
}

export interface TimelinessNoticeTable {
  id: string
  investigation_id: string
  period_number: number
  period_ends_on: PlainDate
  due_on: PlainDate
  status: 'draft' | 'approved' | 'sent' | 'withheld'
  contents: ColumnType<Record<string, unknown>, string, string>
  withheld_reason: string | null
  drafted_at: GeneratedTimestamp
  approved_by: string | null
  approved_at: Timestamp | null
  sent_on: PlainDate | null
  letter_sha256: string | null
  version: Generated<number>
}

export interface TimelinessNoticeCopyTable {
  notice_id: string
  recipient_kind: 'interested_person' | 'subject'
  recipient_id: string
  status: 'sent' | 'withheld'
  harm_ground: string | null
  recorded_at: GeneratedTimestamp
}

export interface LetterTable {
  id: string
  investigation_id: string
  interested_person_id: string | null
  kind: 'update_letter' | 'timeliness_notice'
  sha256: string
  filename: string
  created_by: string | null
  created_at: GeneratedTimestamp
}

export interface PortalAccessTable {
  user_id: string
  investigation_id: string
  interested_person_id: string
  representative_id: string | null
  granted_at: GeneratedTimestamp
  revoked_at: Timestamp | null
}

export interface InvitationTable {
  id: string
  investigation_id: string
  interested_person_id: string
  representative_id: string | null
  email: string
  token_hash: string
  expires_at: Timestamp
  accepted_at: Timestamp | null
  accepted_user_id: string | null
  revoked_at: Timestamp | null
  created_by: string | null
  created_at: GeneratedTimestamp
}

export interface PortalSubmissionTable {
  id: string
  investigation_id: string
  interested_person_id: string
  submitted_by: string
  kind: 'message' | 'document'
  body: string | null
  sha256: string | null
  filename: string | null
  media_type: string | null
  size_bytes: number | null
  submitted_at: GeneratedTimestamp
  reviewed_at: Timestamp | null
  reviewed_by: string | null
}

export interface OutboundEmailTable {
  id: string
  investigation_id: string | null
  to_address: string
  subject: string
  body_text: string
  status: 'pending' | 'sent' | 'failed'
  attempts: Generated<number>
  next_attempt_at: GeneratedTimestamp
  last_error: string | null
  message_id: string | null
  created_at: GeneratedTimestamp
  sent_at: Timestamp | null
}

export interface ReminderSentTable {
  kind: string
  subject_key: string
  due_on: PlainDate
  sent_at: GeneratedTimestamp
}

export interface ScheduledJobTable {
  name: string
  last_started_at: Timestamp | null
  last_finished_at: Timestamp | null
  last_result: ColumnType<Record<string, unknown> | null, string | null, string | null>
}

export interface CalendarFeedTable {
  id: string
  user_id: string
  token_hash: string
  created_at: GeneratedTimestamp
  revoked_at: Timestamp | null
}

/** The report's structured sections, as saved in each version (migration 0009). */
export interface ReportSections {
  summary: string
  termsOfReference: string
  /** Ids of the chronology events the report's chronology extract includes. */
  chronologyEventIds: string[]
  evidenceAnalysis: string
  /** Ids of the evidence documents the analysis refers to. */
  documentIds: string[]
  /** Findings per subject and allegation. */
  findings: { subjectId: string; allegationId: string | null; text: string }[]
  learning: string
}

export interface ReportTable {
  id: string
  investigation_id: string
  status: Generated<'draft' | 'submitted' | 'returned' | 'approved'>
  current_version_number: Generated<number>
  approved_version_number: number | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface ReportVersionTable {
  id: string
  report_id: string
  investigation_id: string
  version_number: number
  sections: ColumnType<ReportSections, string, string>
  saved_by: string | null
  saved_at: GeneratedTimestamp
  pdf_sha256: string | null
  pdf_size_bytes: ColumnType<number | null, number | null | undefined, number | null>
  pdf_generated_at: Timestamp | null
}

export interface ReportReviewTable {
  id: string
  report_id: string
  investigation_id: string
  kind: 'submitted' | 'returned' | 'approved'
  version_number: number
  comments: string | null
  reviewed_by: string | null
  reviewed_at: GeneratedTimestamp
}

export interface DeterminationTable {
  id: string
  investigation_id: string
  subject_id: string
  determination: string
  rationale: string
  cps_referral: boolean
  cps_decision: 'charge' | 'no_further_action' | 'pending' | null
  cps_decision_on: PlainDate | null
  cps_decision_note: string | null
  decided_by: string | null
  decided_on: PlainDate
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface LinkedProceedingTable {
  id: string
  kind: 'inquest' | 'criminal_trial' | 'judicial_review' | 'civil_claim'
  title: string
  court: string | null
  court_reference: string | null
  status: string
  opened_on: PlainDate | null
  quashed_on: PlainDate | null
  fresh_inquest_ordered_on: PlainDate | null
  concluded_on: PlainDate | null
  conclusion: string | null
  jury_findings: string | null
  charge: string | null
  verdict: string | null
  sentence: string | null
  holds_publication: Generated<boolean>
  created_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface InvestigationProceedingTable {
  investigation_id: string
  proceeding_id: string
  linked_at: GeneratedTimestamp
}

export interface ProceedingInvolvedPersonTable {
  proceeding_id: string
  involved_person_id: string
}

export interface ProceedingEventTable {
  id: string
  proceeding_id: string
  occurred_on: PlainDate
  kind: string
  description: string
  status_after: string | null
  recorded_by: string | null
  recorded_at: GeneratedTimestamp
}

export interface ProceedingPartyTable {
  id: string
  proceeding_id: string
  role: string
  name: string
  organisation: string | null
}

export interface ProceedingDocumentTable {
  id: string
  proceeding_id: string
  title: string
  sha256: string
  filename: string
  media_type: string
  size_bytes: number
  uploaded_by: string | null
  uploaded_at: GeneratedTimestamp
}

export interface PreventionOfFutureDeathsReportTable {
  id: string
  proceeding_id: string
  issued_on: PlainDate
  addressed_to: string
  concerns: string
  response_due_on: PlainDate
  response_received_on: PlainDate | null
  response_summary: string | null
  version: Generated<number>
}

export interface PublicationHoldTable {
  id: string
  investigation_id: string
  proceeding_id: string | null
  reason: string
  placed_on: PlainDate
  placed_by: string | null
  lifted_on: PlainDate | null
  lifted_by: string | null
  lift_reason: string | null
  lifted_because: 'proceeding_concluded' | 'decision' | null
  /** When the hold was recorded (placed_on is the date of the event that placed it). */
  placed_recorded_at: GeneratedTimestamp
  /** When the lifting was recorded (lifted_on is the date of the event that lifted it). */
  lifted_recorded_at: Timestamp | null
  version: Generated<number>
}

export interface RedactionTable {
  id: string
  investigation_id: string
  report_version_number: number
  section: string
  redacted_text: string
  occurrence: Generated<number>
  reason: string
  created_by: string | null
  created_at: GeneratedTimestamp
  removed_at: Timestamp | null
  removed_by: string | null
}

export interface PublicationTable {
  id: string
  investigation_id: string
  report_version_number: number
  title: string
  summary: string
  force_id: string
  themes: Generated<string[]>
  redacted_html: string
  redacted_pdf_sha256: string
  status: 'released_to_interested_persons' | 'published' | 'withdrawn'
  released_to_interested_persons_at: Timestamp
  public_from: Timestamp | null
  published_at: Timestamp | null
  created_by: string | null
  created_at: GeneratedTimestamp
  version: Generated<number>
  search_vector: ColumnType<string, never, never>
}

export interface ReinvestigationTable {
  id: string
  original_investigation_id: string
  new_investigation_id: string | null
  ground: 'materially_flawed' | 'significant_new_information' | 'public_interest'
  grounds_detail: string
  public_interest: string | null
  proposed_by: string | null
  proposed_at: GeneratedTimestamp
  decision: 'approved' | 'refused' | null
  decided_by: string | null
  decided_on: PlainDate | null
  decision_reason: string | null
  version: Generated<number>
}

export interface Database {
  linked_proceedings: LinkedProceedingTable
  investigation_proceedings: InvestigationProceedingTable
  proceeding_involved_people: ProceedingInvolvedPersonTable
  proceeding_events: ProceedingEventTable
  proceeding_parties: ProceedingPartyTable
  proceeding_documents: ProceedingDocumentTable
  prevention_of_future_deaths_reports: PreventionOfFutureDeathsReportTable
  publication_holds: PublicationHoldTable
  redactions: RedactionTable
  publications: PublicationTable
  reinvestigations: ReinvestigationTable
  organisations: OrganisationTable
  organisation_previous_names: OrganisationPreviousNameTable
  users: UserTable
  sessions: SessionTable
  attempt_throttles: AttemptThrottleTable
  known_devices: KnownDeviceTable
  audit_log: AuditLogTable
  officers: OfficerTable
  investigation_reference_counters: InvestigationReferenceCounterTable
  investigations: InvestigationTable
  investigation_members: InvestigationMemberTable
  terms_of_reference: TermsOfReferenceTable
  referrals: ReferralTable
  involved_people: InvolvedPersonTable
  assessments: AssessmentTable
  subjects: SubjectTable
  allegations: AllegationTable
  severity_assessments: SeverityAssessmentTable
  documents: DocumentTable
  custody_entries: CustodyEntryTable
  notices: NoticeTable
  interviews: InterviewTable
  chronology_events: ChronologyEventTable
  api_tokens: ApiTokenTable
  idempotency_keys: IdempotencyKeyTable
  interested_persons: InterestedPersonTable
  representatives: RepresentativeTable
  keep_informed_updates: KeepInformedUpdateTable
  update_recipients: UpdateRecipientTable
  update_attachments: UpdateAttachmentTable
  meetings: MeetingTable
  meeting_interested_persons: MeetingInterestedPersonTable
  meeting_actions: MeetingActionTable
  timeliness_notices: TimelinessNoticeTable
  timeliness_notice_copies: TimelinessNoticeCopyTable
  letters: LetterTable
  portal_access: PortalAccessTable
  invitations: InvitationTable
  portal_submissions: PortalSubmissionTable
  outbound_emails: OutboundEmailTable
  reminders_sent: ReminderSentTable
  scheduled_jobs: ScheduledJobTable
  calendar_feeds: CalendarFeedTable
  reports: ReportTable
  report_versions: ReportVersionTable
  report_reviews: ReportReviewTable
  determinations: DeterminationTable
  report_sendings: ReportSendingTable
  webhook_subscriptions: WebhookSubscriptionTable
  webhook_deliveries: WebhookDeliveryTable
  authority_responses: AuthorityResponseTable
  recommendations: RecommendationTable
  proceedings: ProceedingTable
  learning_recommendations: LearningRecommendationTable
}

export type UserRow = Selectable<UserTable>
export type NewUserRow = Insertable<UserTable>
export type UserUpdate = Updateable<UserTable>
export type OrganisationRow = Selectable<OrganisationTable>
export type SessionRow = Selectable<SessionTable>
export type AuditLogRow = Selectable<AuditLogTable>

// From report to outcome (migration 0010) ---------------------------------------------------------

export interface ReportSendingTable {
  id: string
  investigation_id: string
  force_id: string
  sent_on: PlainDate
  response_due_on: PlainDate
  sent_by: string | null
  sent_at: GeneratedTimestamp
  version: Generated<number>
}

export interface AuthorityResponseTable {
  id: string
  investigation_id: string
  subject_id: string
  agrees: boolean
  /** The determination the authority responded to (as it stood when it responded). */
  determination: string
  proposed_proceedings: ProposedProceedings
  reasons: string
  responded_on: PlainDate
  recorded_by: string | null
  recorded_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface RecommendationTable {
  id: string
  investigation_id: string
  subject_id: string
  kind: 'recommendation' | 'direction'
  proceedings_kind: 'meeting' | 'hearing'
  made_on: PlainDate
  reasons: string
  made_by: string | null
  accepted: boolean | null
  responded_on: PlainDate | null
  complied: boolean | null
  complied_on: PlainDate | null
  notes: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface Adjournment {
  on: PlainDate
  reason: string
  resumesOn: PlainDate | null
}

export interface ProceedingTable {
  id: string
  investigation_id: string
  subject_id: string
  kind: 'meeting' | 'hearing' | 'none'
  accelerated: boolean
  scheduled_on: PlainDate | null
  held_on: PlainDate | null
  chair_name: string | null
  chair_legally_qualified: boolean
  panel: string[]
  adjournments: ColumnType<Adjournment[], string, string>
  left_force: 'resigned' | 'retired' | null
  left_force_on: PlainDate | null
  outcome: string | null
  outcome_on: PlainDate | null
  would_have_been_dismissed: boolean
  appeal_lodged_on: PlainDate | null
  appeal_result: 'upheld' | 'dismissed' | 'withdrawn' | 'pending' | null
  barred_list_entry_on: PlainDate | null
  advisory_list_entry_on: PlainDate | null
  recorded_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface FollowUpAction {
  action: string
  dueOn: PlainDate | null
  doneOn: PlainDate | null
}

export interface LearningRecommendationTable {
  id: string
  investigation_id: string
  recipient_kind: 'force' | 'national_body'
  recipient_name: string
  text: string
  made_on: PlainDate
  response_due_on: PlainDate
  response: 'accepted' | 'partly_accepted' | 'not_accepted' | null
  responded_on: PlainDate | null
  response_text: string | null
  follow_up_actions: ColumnType<FollowUpAction[], string, string>
  made_by: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
  version: Generated<number>
}

export interface WebhookSubscriptionTable {
  id: string
  organisation_id: string
  url: string
  events: string[]
  description: string | null
  /** The whsec_ signing secret: kept, since every delivery is signed with it (ADR 0015). */
  secret: string
  created_by: string | null
  created_at: GeneratedTimestamp
  deleted_at: Timestamp | null
  deleted_by: string | null
}

export interface WebhookDeliveryTable {
  id: string
  subscription_id: string
  event: string
  /** The exact JSON body sent (and signed) on every attempt. */
  body: string
  dedupe_key: string | null
  status: 'pending' | 'delivered' | 'failed' | 'cancelled'
  attempts: Generated<number>
  next_attempt_at: GeneratedTimestamp
  last_attempt_at: Timestamp | null
  last_status_code: number | null
  last_error: string | null
  created_at: GeneratedTimestamp
  delivered_at: Timestamp | null
}
