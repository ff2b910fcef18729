/**
 * The vocabularies of DOMAIN.md: each is a const array of the stored values (snake_case, never
 * renamed once stored) and a label for pages and documents. Order is meaningful: it is the
 * order options are shown in. Values that only exist for cases from before the 2020 reforms
 * are kept so imported cases still read correctly, and marked so new records cannot use them.
 */

/** Builds a type guard for one vocabulary. */
function guard<const T extends readonly string[]>(values: T): (value: unknown) => value is T[number] {
  return (value: unknown): value is T[number] =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
}

// Matter ----------------------------------------------------------------------------------------

export const MATTER_TYPES = ['complaint', 'conduct_matter', 'dsi_matter'] as const
export type MatterType = (typeof MATTER_TYPES)[number]
export const MATTER_TYPE_LABELS: Record<MatterType, string> = {
  complaint: 'Complaint',
  conduct_matter: 'Conduct matter',
  dsi_matter: 'Death or serious injury (DSI) matter',
}
export const isMatterType = guard(MATTER_TYPES)

// Referral --------------------------------------------------------------------------------------

/**
 * Why a matter was referred: the mandatory referral criteria (Police (Complaints and
 * Misconduct) Regulations 2020 and IOPC Statutory Guidance), a matter the Director General
 * required to be referred ("call in"), or a voluntary referral by the force.
 */
export const REFERRAL_CATEGORIES = [
  'death_or_serious_injury',
  'serious_assault',
  'serious_sexual_offence',
  'serious_corruption',
  'discrimination_aggravated',
  'relevant_offence',
  'same_incident',
  'called_in',
  'voluntary',
] as const
export type ReferralCategory = (typeof REFERRAL_CATEGORIES)[number]
export const REFERRAL_CATEGORY_LABELS: Record<ReferralCategory, string> = {
  death_or_serious_injury: 'Death or serious injury',
  serious_assault: 'Serious assault by a person serving with the police',
  serious_sexual_offence: 'Serious sexual offence',
  serious_corruption: 'Serious corruption, including abuse of position for a sexual purpose',
  discrimination_aggravated:
    'Criminal offence or behaviour liable to lead to disciplinary proceedings, aggravated by discriminatory behaviour',
  relevant_offence: 'Relevant offence (sentence fixed by law, or seven years’ imprisonment or more)',
  same_incident: 'Arising from the same incident as a matter that must be referred',
  called_in: 'Required to be referred by the Director General (called in)',
  voluntary: 'Voluntary referral',
}
/** The categories a force has no discretion about. */
export const MANDATORY_REFERRAL_CATEGORIES: readonly ReferralCategory[] = REFERRAL_CATEGORIES.filter(
  (c) => c !== 'voluntary' && c !== 'called_in',
)
export const isReferralCategory = guard(REFERRAL_CATEGORIES)

// Assessment: the form of investigation -----------------------------------------------------------

/**
 * The outcome of an assessment (Police Reform Act 2002, Sch. 3 para 15(4)): one of the forms
 * of investigation, or a decision not to investigate. Supervised and managed investigations
 * were abolished by the 2020 reforms and are kept for historical cases only.
 */
export const INVESTIGATION_FORMS = [
  'independent',
  'directed',
  'local',
  'supervised',
  'managed',
  'returned_to_force',
  'not_investigated',
] as const
export type InvestigationForm = (typeof INVESTIGATION_FORMS)[number]
export const INVESTIGATION_FORM_LABELS: Record<InvestigationForm, string> = {
  independent: 'Independent investigation',
  directed: 'Directed investigation',
  local: 'Local investigation (by the appropriate authority on its own behalf)',
  supervised: 'Supervised investigation (before 2020)',
  managed: 'Managed investigation (before 2020)',
  returned_to_force: 'Returned to the appropriate authority to handle otherwise than by investigation',
  not_investigated: 'Not to be investigated',
}
export const HISTORICAL_INVESTIGATION_FORMS: readonly InvestigationForm[] = ['supervised', 'managed']
/** Forms a new assessment may choose today. */
export const CURRENT_INVESTIGATION_FORMS: readonly InvestigationForm[] = INVESTIGATION_FORMS.filter(
  (f) => !HISTORICAL_INVESTIGATION_FORMS.includes(f),
)
/**
 * Forms in which the oversight body carries out, directs, manages or supervises the
 * investigation, so that Candour runs it. A local investigation is the force's own, and a
 * matter returned or not investigated has no investigation here.
 */
export const OVERSIGHT_INVESTIGATION_FORMS: readonly InvestigationForm[] = [
  'independent',
  'directed',
  'supervised',
  'managed',
]
export const isInvestigationForm = guard(INVESTIGATION_FORMS)
export function isOversightInvestigationForm(form: InvestigationForm): boolean {
  return OVERSIGHT_INVESTIGATION_FORMS.includes(form)
}

// Allegation --------------------------------------------------------------------------------------

/** The Standards of Professional Behaviour (Police (Conduct) Regulations 2020, Sch. 2). */
export const STANDARDS_OF_PROFESSIONAL_BEHAVIOUR = [
  'honesty_and_integrity',
  'authority_respect_and_courtesy',
  'equality_and_diversity',
  'use_of_force',
  'orders_and_instructions',
  'duties_and_responsibilities',
  'confidentiality',
  'fitness_for_work',
  'discreditable_conduct',
  'challenging_and_reporting_improper_conduct',
] as const
export type StandardOfProfessionalBehaviour = (typeof STANDARDS_OF_PROFESSIONAL_BEHAVIOUR)[number]
export const STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS: Record<StandardOfProfessionalBehaviour, string> = {
  honesty_and_integrity: 'Honesty and integrity',
  authority_respect_and_courtesy: 'Authority, respect and courtesy',
  equality_and_diversity: 'Equality and diversity',
  use_of_force: 'Use of force',
  orders_and_instructions: 'Orders and instructions',
  duties_and_responsibilities: 'Duties and responsibilities',
  confidentiality: 'Confidentiality',
  fitness_for_work: 'Fitness for work',
  discreditable_conduct: 'Discreditable conduct',
  challenging_and_reporting_improper_conduct: 'Challenging and reporting improper conduct',
}
export const isStandardOfProfessionalBehaviour = guard(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR)

// Severity ----------------------------------------------------------------------------------------

export const SEVERITIES = ['misconduct', 'gross_misconduct', 'neither'] as const
export type Severity = (typeof SEVERITIES)[number]
export const SEVERITY_LABELS: Record<Severity, string> = {
  misconduct: 'Misconduct',
  gross_misconduct: 'Gross misconduct',
  neither: 'Neither misconduct nor gross misconduct',
}
export const isSeverity = guard(SEVERITIES)

// Final report: opinion on each subject ------------------------------------------------------------

export const OPINIONS = [
  'case_to_answer_gross_misconduct',
  'case_to_answer_misconduct',
  'no_case_to_answer',
  'unsatisfactory_performance',
  'reflective_practice',
] as const
export type Opinion = (typeof OPINIONS)[number]
export const OPINION_LABELS: Record<Opinion, string> = {
  case_to_answer_gross_misconduct: 'Case to answer for gross misconduct',
  case_to_answer_misconduct: 'Case to answer for misconduct',
  no_case_to_answer: 'No case to answer',
  unsatisfactory_performance: 'Unsatisfactory performance',
  reflective_practice: 'Reflective practice',
}
export const isOpinion = guard(OPINIONS)
/** The severity an opinion finds a case to answer for, or null when it finds none. */
export function severityOfOpinion(opinion: Opinion): Extract<Severity, 'misconduct' | 'gross_misconduct'> | null {
  return opinion === 'case_to_answer_gross_misconduct'
    ? 'gross_misconduct'
    : opinion === 'case_to_answer_misconduct'
      ? 'misconduct'
      : null
}

// Misconduct proceedings ---------------------------------------------------------------------------

/**
 * What the appropriate authority proposes in answer to a determination: misconduct proceedings,
 * or — for a determination of unsatisfactory performance or reflective practice — the
 * unsatisfactory performance procedure (Police (Performance) Regulations 2020) or the reflective
 * practice review process (Police (Conduct) Regulations 2020, Part 6), or nothing.
 */
export const PROPOSED_PROCEEDINGS = [
  'meeting',
  'hearing',
  'unsatisfactory_performance_procedure',
  'reflective_practice_review',
  'none',
] as const
export type ProposedProceedings = (typeof PROPOSED_PROCEEDINGS)[number]
export const PROPOSED_PROCEEDINGS_LABELS: Record<ProposedProceedings, string> = {
  meeting: 'Misconduct meeting',
  hearing: 'Misconduct hearing',
  unsatisfactory_performance_procedure: 'Unsatisfactory performance procedure (UPP)',
  reflective_practice_review: 'Reflective practice review process',
  none: 'No proceedings',
}
export const isProposedProceedings = guard(PROPOSED_PROCEEDINGS)

export const PROCEEDINGS_KINDS = ['meeting', 'hearing'] as const
export type ProceedingsKind = (typeof PROCEEDINGS_KINDS)[number]
export const PROCEEDINGS_KIND_LABELS: Record<ProceedingsKind, string> = {
  meeting: 'Misconduct meeting',
  hearing: 'Misconduct hearing (legally qualified chair)',
}
export const isProceedingsKind = guard(PROCEEDINGS_KINDS)

export const OUTCOMES = [
  'no_action',
  'management_advice',
  'reflective_practice',
  'written_warning',
  'final_written_warning',
  'reduction_in_rank',
  'dismissal_without_notice',
] as const
export type Outcome = (typeof OUTCOMES)[number]
export const OUTCOME_LABELS: Record<Outcome, string> = {
  no_action: 'No action',
  management_advice: 'Management advice',
  reflective_practice: 'Referral to reflective practice',
  written_warning: 'Written warning',
  final_written_warning: 'Final written warning',
  reduction_in_rank: 'Reduction in rank',
  dismissal_without_notice: 'Dismissal without notice',
}
export const isOutcome = guard(OUTCOMES)
/**
 * Which outcomes each route can reach: a meeting cannot reduce in rank or dismiss; a written
 * warning or more needs proceedings; without proceedings only learning outcomes remain.
 */
export const OUTCOMES_AVAILABLE: Record<ProceedingsKind | 'without_proceedings', readonly Outcome[]> = {
  without_proceedings: ['no_action', 'management_advice', 'reflective_practice'],
  meeting: ['no_action', 'management_advice', 'reflective_practice', 'written_warning', 'final_written_warning'],
  hearing: OUTCOMES,
}
/** Outcomes that put a dismissed officer on the barred list. */
export const BARRING_OUTCOMES: readonly Outcome[] = ['dismissal_without_notice']

// Investigation steps --------------------------------------------------------------------------------

export const INTERVIEW_KINDS = [
  'under_caution',
  'misconduct',
  'no_comment',
  'prepared_statement',
  'written_statement',
  'significant_witness',
  'witness',
] as const
export type InterviewKind = (typeof INTERVIEW_KINDS)[number]
export const INTERVIEW_KIND_LABELS: Record<InterviewKind, string> = {
  under_caution: 'Criminal interview under caution',
  misconduct: 'Misconduct interview (not under caution)',
  no_comment: 'Interview in which no comment was made',
  prepared_statement: 'Prepared statement read or handed in at interview',
  written_statement: 'Written statement instead of interview',
  significant_witness: 'Significant witness interview',
  witness: 'Witness account',
}
export const isInterviewKind = guard(INTERVIEW_KINDS)

/** How a notice of investigation reached the subject. */
export const NOTICE_SERVICE_METHODS = [
  'in_person',
  'by_post',
  'by_email',
  'via_federation_representative',
  'via_legal_representative',
  'via_professional_standards',
] as const
export type NoticeServiceMethod = (typeof NOTICE_SERVICE_METHODS)[number]
export const NOTICE_SERVICE_METHOD_LABELS: Record<NoticeServiceMethod, string> = {
  in_person: 'Handed to the subject in person',
  by_post: 'By post',
  by_email: 'By e-mail',
  via_federation_representative: 'Through their Police Federation, staff association or trade union representative',
  via_legal_representative: 'Through their legal representative',
  via_professional_standards: 'Through the force’s professional standards department',
}
export const isNoticeServiceMethod = guard(NOTICE_SERVICE_METHODS)

/** Why a closed investigation may be re-opened (DOMAIN.md "Re-investigation"). */
export const REOPENING_GROUNDS = ['materially_flawed', 'significant_new_information', 'public_interest'] as const
export type ReopeningGround = (typeof REOPENING_GROUNDS)[number]
export const REOPENING_GROUND_LABELS: Record<ReopeningGround, string> = {
  materially_flawed: 'The investigation was materially flawed',
  significant_new_information: 'There is significant new information',
  public_interest: 'It is in the public interest',
}
export const isReopeningGround = guard(REOPENING_GROUNDS)

// Subjects -------------------------------------------------------------------------------------------

export const SUBJECT_KINDS = ['police_officer', 'police_staff'] as const
export type SubjectKind = (typeof SUBJECT_KINDS)[number]
export const SUBJECT_KIND_LABELS: Record<SubjectKind, string> = {
  police_officer: 'Police officer',
  police_staff: 'Member of police staff',
}
export const isSubjectKind = guard(SUBJECT_KINDS)

/**
 * Police ranks in England and Wales, lowest first. Detectives hold the same ranks. Above chief
 * superintendent the Metropolitan Police and City of London Police use their own titles; each
 * stands beside its nearest provincial equivalent, so the order there is approximate.
 */
export const RANKS = [
  'special_constable',
  'constable',
  'sergeant',
  'inspector',
  'chief_inspector',
  'superintendent',
  'chief_superintendent',
  'commander',
  'assistant_chief_constable',
  'deputy_assistant_commissioner',
  'deputy_chief_constable',
  'assistant_commissioner',
  'chief_constable',
  'deputy_commissioner',
  'commissioner',
] as const
export type Rank = (typeof RANKS)[number]
export const RANK_LABELS: Record<Rank, string> = {
  special_constable: 'Special constable',
  constable: 'Constable',
  sergeant: 'Sergeant',
  inspector: 'Inspector',
  chief_inspector: 'Chief inspector',
  superintendent: 'Superintendent',
  chief_superintendent: 'Chief superintendent',
  commander: 'Commander',
  assistant_chief_constable: 'Assistant chief constable',
  deputy_assistant_commissioner: 'Deputy assistant commissioner',
  deputy_chief_constable: 'Deputy chief constable',
  assistant_commissioner: 'Assistant commissioner',
  chief_constable: 'Chief constable',
  deputy_commissioner: 'Deputy commissioner',
  commissioner: 'Commissioner',
}
export const isRank = guard(RANKS)
/**
 * Chief officers: for a complaint or conduct matter about one of these the appropriate
 * authority is the local policing body (police and crime commissioner, or the Mayor's Office
 * for Policing and Crime), not the force.
 */
export const CHIEF_OFFICER_RANKS: readonly Rank[] = ['chief_constable', 'commissioner', 'deputy_commissioner']

/**
 * A rank as a title before a name, each word capitalised: "Sergeant", "Chief Inspector". A known
 * rank code takes its label; free text (a rank at the time typed in by hand, such as "detective
 * sergeant") is capitalised the same way, so "sergeant Ian Carne" never reaches a page.
 */
export function rankTitle(rank: string | null | undefined): string {
  const text = (rank ?? '').trim()
  if (!text) return ''
  const label = isRank(text) ? RANK_LABELS[text] : text.replace(/_/g, ' ')
  return label.replace(/(^|[\s-])(\p{Ll})/gu, (_, before: string, letter: string) => before + letter.toUpperCase())
}

/** An officer's name with their rank as a title: "Sergeant Ian Carne", or just the name. */
export function officerName(person: { rank?: string | null; givenName: string; familyName: string }): string {
  const title = rankTitle(person.rank)
  return `${title ? `${title} ` : ''}${person.givenName} ${person.familyName}`
}

/**
 * A label (sentence case, "Quashed by the High Court") inside a sentence: only its first letter
 * lowered, so proper nouns and acronyms keep their capitals ("quashed by the High Court",
 * "CPS decision" stays as it is).
 */
export function inSentence(label: string): string {
  if (!label || /^.[A-Z]/.test(label)) return label
  return label[0]!.toLowerCase() + label.slice(1)
}
