/** Every URL the service links to, made in one place (as in hmpps-manage-adjudications). */
export const paths = {
  home: () => '/',
  signIn: () => '/sign-in',
  signInTwoFactor: () => '/sign-in/two-factor',
  signInSetUpTwoFactor: () => '/sign-in/set-up-two-factor',
  signOut: () => '/sign-out',
  account: () => '/account',
  accountTwoFactor: () => '/account/two-factor',
  accountSignOutEverywhere: () => '/account/sign-out-everywhere',
  accountApiTokens: () => '/account/api-tokens',
  accountApiTokenNew: () => '/account/api-tokens/new',
  accountApiTokenRevoke: (id: string) => `/account/api-tokens/${id}/revoke`,
  adminUsers: () => '/admin/users',
  adminUserNew: () => '/admin/users/new',
  adminUser: (id: string) => `/admin/users/${id}`,
  adminUserAction: (id: string, action: 'disable' | 'enable' | 'reset-password' | 'roles' | 'reset-two-factor') =>
    `/admin/users/${id}/${action}`,
  adminAudit: () => '/admin/audit',
  adminAuditVerify: () => '/admin/audit/verify',
  investigations: () => '/investigations',
  officer: (id: string) => `/officers/${id}`,
  officersFlagged: () => '/officers/flagged',
  historicalCase: (id: string) => `/historical-cases/${id}`,
  statistics: () => '/statistics',
  investigationNew: (referralId?: string) =>
    referralId ? `/investigations/new?referral=${referralId}` : '/investigations/new',
  investigation: (id: string) => `/investigations/${id}`,
  investigationTab: (
    id: string,
    tab:
      | 'subjects'
      | 'chronology'
      | 'evidence'
      | 'report'
      | 'team'
      | 'history'
      | 'terms-of-reference'
      | 'status'
      | 'details'
      | 'families',
  ) => `/investigations/${id}/${tab}`,
  chronologyEventNew: (id: string) => `/investigations/${id}/chronology/new`,
  chronologyEvent: (id: string, eventId: string) => `/investigations/${id}/chronology/${eventId}`,
  chronologyEventEdit: (id: string, eventId: string) => `/investigations/${id}/chronology/${eventId}/edit`,
  chronologyExport: (id: string, query = '') =>
    `/investigations/${id}/chronology/export.csv${query ? `?${query}` : ''}`,
  evidenceNew: (id: string) => `/investigations/${id}/evidence/new`,
  evidenceDocument: (id: string, documentId: string) => `/investigations/${id}/evidence/${documentId}`,
  evidenceDownload: (id: string, documentId: string) => `/investigations/${id}/evidence/${documentId}/download`,
  evidenceCustody: (id: string, documentId: string) => `/investigations/${id}/evidence/${documentId}/custody-entries`,
  evidenceWithdrawal: (id: string, documentId: string) => `/investigations/${id}/evidence/${documentId}/withdrawal`,
  investigationSubjectNew: (id: string) => `/investigations/${id}/subjects/new`,
  subject: (investigationId: string, subjectId: string) => `/investigations/${investigationId}/subjects/${subjectId}`,
  subjectAction: (
    investigationId: string,
    subjectId: string,
    action: 'details' | 'allegations' | 'severity-assessments' | 'notices' | 'interviews',
  ) => `/investigations/${investigationId}/subjects/${subjectId}/${action}`,
  noticeAction: (
    investigationId: string,
    subjectId: string,
    noticeId: string,
    action: 'service' | 'response' | 'pdf',
  ) => `/investigations/${investigationId}/subjects/${subjectId}/notices/${noticeId}/${action}`,
  keepInformed: () => '/keep-informed',
  familyNew: (id: string, what: 'persons' | 'updates' | 'meetings') => `/investigations/${id}/families/${what}/new`,
  familyPerson: (id: string, personId: string) => `/investigations/${id}/families/persons/${personId}`,
  familyUpdate: (id: string, updateId: string) => `/investigations/${id}/families/updates/${updateId}`,
  familyUpdateLetter: (id: string, updateId: string) => `/investigations/${id}/families/updates/${updateId}/letters`,
  familyUpdateAttachments: (id: string, updateId: string) =>
    `/investigations/${id}/families/updates/${updateId}/attachments`,
  familyUpdateAttachment: (id: string, attachmentId: string) =>
    `/investigations/${id}/families/update-attachments/${attachmentId}`,
  familyLetterPdf: (id: string, letterId: string) => `/investigations/${id}/families/letters/${letterId}/pdf`,
  familyMeetingActionDone: (id: string, actionId: string) =>
    `/investigations/${id}/families/meeting-actions/${actionId}/done`,
  timelinessNotice: (id: string, noticeId: string) => `/investigations/${id}/families/timeliness-notices/${noticeId}`,
  timelinessNoticePdf: (id: string, noticeId: string) =>
    `/investigations/${id}/families/timeliness-notices/${noticeId}/pdf`,
  timelinessNoticeAction: (id: string, noticeId: string, action: 'edit' | 'decision' | 'copies') =>
    `/investigations/${id}/families/timeliness-notices/${noticeId}/${action}`,
  referrals: () => '/referrals',
  referralNew: () => '/referrals/new',
  referral: (id: string) => `/referrals/${id}`,
  referralAssess: (id: string) => `/referrals/${id}/assessment`,
  health: () => '/health',
  openApi: () => '/api/v1/openapi.json',
  // Families kept informed: portal invitations on a case, the family portal, the outbox, calendar feeds.
  investigationInvitations: (id: string) => `/investigations/${id}/invitations`,
  investigationInvitationRevoke: (id: string, invitationId: string) =>
    `/investigations/${id}/invitations/${invitationId}/revoke`,
  investigationSubmissionReviewed: (id: string, submissionId: string) =>
    `/investigations/${id}/submissions/${submissionId}/reviewed`,
  investigationSubmissionDocument: (id: string, submissionId: string) =>
    `/investigations/${id}/submissions/${submissionId}/document`,
  portal: () => '/portal',
  portalCase: (id: string) => `/portal/cases/${id}`,
  portalCaseMessage: (id: string) => `/portal/cases/${id}/messages`,
  portalCaseMessageNew: (id: string) => `/portal/cases/${id}/messages/new`,
  portalLetter: (id: string, letterId: string) => `/portal/cases/${id}/letters/${letterId}`,
  portalInvitation: (token: string) => `/portal/invitations/${token}`,
  portalWelcome: () => '/portal/welcome',
  adminOutbox: () => '/admin/outbox',
  adminImports: () => '/admin/imports',
  adminImportNew: () => '/admin/imports/new',
  adminImport: (id: string) => `/admin/imports/${id}`,
  adminImportErrors: (id: string) => `/admin/imports/${id}/errors.csv`,
  adminOutboxRetry: (id: string) => `/admin/outbox/${id}/retry`,
  accountCalendarFeeds: () => '/account/calendar-feeds',
  accountCalendarFeedRevoke: (id: string) => `/account/calendar-feeds/${id}/revoke`,
  outcome: (id: string) => `/investigations/${id}/outcome`,
  proceedings: (id: string) => `/investigations/${id}/proceedings`,
  proceeding: (id: string, proceedingId: string) => `/investigations/${id}/proceedings/${proceedingId}`,
  outcomeAction: (id: string, action: string) => `/investigations/${id}/outcome/${action}`,
  outcomeSubject: (id: string, subjectId: string) => `/investigations/${id}/outcome/subjects/${subjectId}`,
  outcomeSubjectAction: (id: string, subjectId: string, action: string) =>
    `/investigations/${id}/outcome/subjects/${subjectId}/${action}`,
  authorityReports: () => '/authority',
  authorityReport: (id: string) => `/authority/${id}`,
  authorityResponse: (id: string, subjectId: string) => `/authority/${id}/subjects/${subjectId}/response`,
  authoritySubject: (id: string, subjectId: string) => `/authority/${id}/subjects/${subjectId}`,
  authorityProceedings: (id: string, subjectId: string) => `/authority/${id}/subjects/${subjectId}/proceedings`,
  authorityRecommendation: (id: string, recommendationId: string) =>
    `/authority/${id}/recommendations/${recommendationId}`,
  // The day-to-day work (issue 13): lines of enquiry, actions, the decision log.
  actions: (id: string, query = '') => `/investigations/${id}/actions${query ? `?${query}` : ''}`,
  actionNew: (id: string) => `/investigations/${id}/actions/new`,
  actionsByPerson: (id: string) => `/investigations/${id}/actions/by-person`,
  action: (id: string, actionId: string, done?: string) =>
    `/investigations/${id}/actions/${actionId}${done ? `?done=${done}` : ''}`,
  actionStep: (id: string, actionId: string, step: 'allocation' | 'result' | 'refer-back' | 'filing') =>
    `/investigations/${id}/actions/${actionId}/${step}`,
  lineOfEnquiryNew: (id: string) => `/investigations/${id}/lines-of-enquiry/new`,
  linesOfEnquiry: (id: string) => `/investigations/${id}/lines-of-enquiry`,
  lineOfEnquiry: (id: string, lineId: string, done?: string) =>
    `/investigations/${id}/lines-of-enquiry/${lineId}${done ? `?done=${done}` : ''}`,
  lineOfEnquiryStatus: (id: string, lineId: string) => `/investigations/${id}/lines-of-enquiry/${lineId}/status`,
  decisions: (id: string) => `/investigations/${id}/decisions`,
  decisionNew: (id: string, supersedes?: string) =>
    `/investigations/${id}/decisions/new${supersedes ? `?supersedes=${supersedes}` : ''}`,
  decision: (id: string, decisionId: string, done?: string) =>
    `/investigations/${id}/decisions/${decisionId}${done ? `?done=${done}` : ''}`,
  decisionStep: (id: string, decisionId: string, step: 'signature' | 'review') =>
    `/investigations/${id}/decisions/${decisionId}/${step}`,
  decisionLogPdf: (id: string) => `/investigations/${id}/decisions/log.pdf`,
  decisionEdit: (id: string, decisionId: string) => `/investigations/${id}/decisions/${decisionId}/edit`,
  decisionDelete: (id: string, decisionId: string) => `/investigations/${id}/decisions/${decisionId}/delete`,
  witnesses: (id: string, done?: string) => `/investigations/${id}/witnesses${done ? `?done=${done}` : ''}`,
  witnessNew: (id: string) => `/investigations/${id}/witnesses/new`,
  witness: (id: string, witnessId: string, done?: string) =>
    `/investigations/${id}/witnesses/${witnessId}${done ? `?done=${done}` : ''}`,
  witnessChange: (id: string, witnessId: string, part: string) =>
    `/investigations/${id}/witnesses/${witnessId}/change/${part}`,
  statements: (id: string) => `/investigations/${id}/statements`,
  statementChange: (id: string, statementId: string, part: string) =>
    `/investigations/${id}/statements/${statementId}/change/${part}`,
  statementNew: (id: string, witnessId?: string) =>
    `/investigations/${id}/statements/new${witnessId ? `?witness=${witnessId}` : ''}`,
  statement: (id: string, statementId: string, done?: string) =>
    `/investigations/${id}/statements/${statementId}${done ? `?done=${done}` : ''}`,
  statementSignature: (id: string, statementId: string) => `/investigations/${id}/statements/${statementId}/signature`,
  disclosureSchedules: (id: string) => `/investigations/${id}/disclosure`,
  disclosureScheduleNew: (id: string) => `/investigations/${id}/disclosure/new`,
  disclosureSchedule: (id: string, scheduleId: string, done?: string) =>
    `/investigations/${id}/disclosure/${scheduleId}${done ? `?done=${done}` : ''}`,
  disclosureItemNew: (id: string, scheduleId: string) => `/investigations/${id}/disclosure/${scheduleId}/items/new`,
  disclosureItems: (id: string, scheduleId: string) => `/investigations/${id}/disclosure/${scheduleId}/items`,
  disclosureItem: (id: string, scheduleId: string, itemId: string) =>
    `/investigations/${id}/disclosure/${scheduleId}/items/${itemId}`,
  disclosureItemRemove: (id: string, scheduleId: string, itemId: string) =>
    `/investigations/${id}/disclosure/${scheduleId}/items/${itemId}/remove`,
  disclosureIssue: (id: string, scheduleId: string) => `/investigations/${id}/disclosure/${scheduleId}/issue`,
  disclosureExport: (id: string, scheduleId: string, format: 'pdf' | 'csv', version?: number) =>
    `/investigations/${id}/disclosure/${scheduleId}/schedule.${format}${version ? `?version=${version}` : ''}`,
}
