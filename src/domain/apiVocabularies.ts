/**
 * Every closed vocabulary the API accepts or returns, with its labels: docs/api.md
 * "Vocabularies" lists them (a test checks every code and label is there), so an integrator
 * can map "Detective Inspector" to `inspector` without reading the source.
 */
import {
  CONTACT_CHANNEL_LABELS,
  HARM_TEST_GROUND_LABELS,
  INTERESTED_PERSON_KIND_LABELS,
  TIMELINESS_NOTICE_STATUS_LABELS,
  UPDATE_CHANNEL_LABELS,
} from './familyVocabulary.js'
import { INVESTIGATION_STATUS_LABELS } from './investigationLifecycle.js'
import { INVOLVED_PERSON_ROLE_LABELS } from './involvedPeople.js'
import { PROCEEDING_KIND_LABELS, PROCEEDING_STATUS_LABELS } from './linkedProceedings.js'
import { REDACTION_REASON_LABELS } from './redaction.js'
import { CPS_DECISION_LABELS, REPORT_STATUS_LABELS } from './report.js'
import { SUBJECT_STATUS_LABELS } from './subjectLifecycle.js'
import {
  INTERVIEW_KIND_LABELS,
  INVESTIGATION_FORM_LABELS,
  MATTER_TYPE_LABELS,
  NOTICE_SERVICE_METHOD_LABELS,
  OPINION_LABELS,
  OUTCOME_LABELS,
  PROCEEDINGS_KIND_LABELS,
  PROPOSED_PROCEEDINGS_LABELS,
  RANK_LABELS,
  REFERRAL_CATEGORY_LABELS,
  REOPENING_GROUND_LABELS,
  SEVERITY_LABELS,
  STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
  SUBJECT_KIND_LABELS,
} from './vocabulary.js'
import { WEBHOOK_EVENT_LABELS } from './webhooks.js'

export const API_VOCABULARIES: readonly { name: string; labels: Readonly<Record<string, string>> }[] = [
  { name: 'Matter type (`matterType`)', labels: MATTER_TYPE_LABELS },
  { name: 'Referral category (`category`)', labels: REFERRAL_CATEGORY_LABELS },
  { name: 'Involved person’s role (`role`)', labels: INVOLVED_PERSON_ROLE_LABELS },
  { name: 'Form of investigation (`form`)', labels: INVESTIGATION_FORM_LABELS },
  { name: 'Investigation status (`status`)', labels: INVESTIGATION_STATUS_LABELS },
  { name: 'Subject kind (`kind`)', labels: SUBJECT_KIND_LABELS },
  {
    name: 'Rank (`rank`, `rankAtTime`; police officers — police staff give their grade as free text)',
    labels: RANK_LABELS,
  },
  { name: 'Subject status (`status`)', labels: SUBJECT_STATUS_LABELS },
  { name: 'Standards of Professional Behaviour (`standards[]`)', labels: STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS },
  { name: 'Severity (`severity`)', labels: SEVERITY_LABELS },
  { name: 'Interview kind (`kind`)', labels: INTERVIEW_KIND_LABELS },
  { name: 'Notice service method (`serviceMethod`)', labels: NOTICE_SERVICE_METHOD_LABELS },
  { name: 'Report status (`status`)', labels: REPORT_STATUS_LABELS },
  { name: 'Determination / opinion (`determination`)', labels: OPINION_LABELS },
  { name: 'CPS decision (`decision`)', labels: CPS_DECISION_LABELS },
  { name: 'Proceedings kind (`proceedingsKind`, `kind`)', labels: PROCEEDINGS_KIND_LABELS },
  { name: 'Proposed proceedings (`proposedProceedings`)', labels: PROPOSED_PROCEEDINGS_LABELS },
  { name: 'Outcome (`outcome`)', labels: OUTCOME_LABELS },
  { name: 'Interested person kind (`kind`)', labels: INTERESTED_PERSON_KIND_LABELS },
  { name: 'Contact channel (`channel`)', labels: CONTACT_CHANNEL_LABELS },
  { name: 'Update channel (`channel`)', labels: UPDATE_CHANNEL_LABELS },
  { name: 'Harm-test ground (`harmGround`)', labels: HARM_TEST_GROUND_LABELS },
  { name: 'Timeliness notice status (`status`)', labels: TIMELINESS_NOTICE_STATUS_LABELS },
  { name: 'Linked proceeding kind (`kind`)', labels: PROCEEDING_KIND_LABELS },
  { name: 'Linked proceeding status (`status`)', labels: PROCEEDING_STATUS_LABELS },
  { name: 'Redaction reason (`reason`)', labels: REDACTION_REASON_LABELS },
  { name: 'Re-investigation ground (`ground`)', labels: REOPENING_GROUND_LABELS },
  { name: 'Webhook event (`events[]`, `type`)', labels: WEBHOOK_EVENT_LABELS },
]

/** The markdown docs/api.md carries for them (regenerate with `npx tsx scripts/api-vocabularies.ts`). */
export function vocabulariesMarkdown(): string {
  const out: string[] = []
  for (const v of API_VOCABULARIES) {
    out.push(`**${v.name}**`, '', '| Code | Label |', '| --- | --- |')
    for (const [code, label] of Object.entries(v.labels)) out.push(`| \`${code}\` | ${label.replace(/\|/g, '\\|')} |`)
    out.push('')
  }
  return out.join('\n')
}
