/**
 * Wires the services from the data access they need, in the style of the HMPPS template:
 * `services(...)` builds everything once, and `Services` is its type.
 */
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../data/schema.js'
import { accessAuditService } from './accessAudit.js'
import { actionService } from './actions.js'
import { decisionService } from './decisions.js'
import { statementsOfCase, witnessService } from './witnesses.js'
import { disclosureService } from './disclosure.js'
import { apiTokenService } from './apiTokens.js'
import { auditQueryService } from './auditQueries.js'
import { authenticationService } from './authentication.js'
import { attemptThrottleService } from './attemptThrottle.js'
import { throttleSettingsOf } from '../domain/attemptThrottle.js'
import { authorityReportService } from './authorityReports.js'
import { calendarFeedService } from './calendarFeeds.js'
import { caseAccess } from './caseAccess.js'
import { caseProgressService } from './caseProgress.js'
import { deadlineReminderService } from './deadlineReminders.js'
import { housekeepingService } from './housekeeping.js'
import { mailService, type DeliverySettings } from './mail/index.js'
import { transportFor, type MailTransport } from './mail/transport.js'
import { invitationService } from './portal/invitations.js'
import { notifyUpdateRecorded } from './portal/notifications.js'
import { portalService } from './portal/portal.js'
import { publicationService } from './publications.js'
import type { Executor } from '../data/database.js'
import * as demoStory from '../data/repositories/demoStory.js'
import { chronologyService } from './chronology.js'
import { evidenceService } from './evidence.js'
import { familyService } from './families.js'
import { healthService } from './health.js'
import { idempotencyService } from './idempotency.js'
import { investigationService } from './investigations.js'
import { keepInformedService } from './keepInformed.js'
import { homeService } from './home.js'
import { linkedProceedingService } from './linkedProceedings.js'
import { organisationService } from './organisations.js'
import { outcomeService } from './outcomes.js'
import { publicationHoldService } from './publicationHolds.js'
import { reinvestigationService } from './reinvestigations.js'
import { fileSystemDocumentStore } from './storage/fileSystemDocumentStore.js'
import { subjectService } from './subjects.js'
import { officerRecordService } from './insight/officerRecords.js'
import { statisticsService } from './insight/statistics.js'
import { historyExportService } from './import/historyExport.js'
import { importJobService } from './import/importJobs.js'
import { historicalCaseService } from './insight/historicalCases.js'
import type { DatabaseHandle } from '../data/database.js'
import { reportService } from './reports.js'
import { timelinessService } from './timeliness.js'
import type { DocumentStore } from './storage/documentStore.js'
import { userAdministrationService } from './userAdministration.js'
import { DEFAULT_WEBHOOK_DELIVERY, webhookService, type WebhookDeliverySettings } from './webhooks.js'

export interface ServiceOptions {
  /** Where document bytes live; by default `<dataDir>/documents` on disk. */
  documentStore?: DocumentStore
  /** How e-mail leaves; by default SMTP when SMTP_HOST is set, else .eml files in <dataDir>/outbox. */
  mailTransport?: MailTransport
  mailDelivery?: Partial<DeliverySettings>
  /** Webhook delivery: retries, time-outs, and whether the production URL rules apply (by default config.isProduction). */
  webhookDelivery?: Partial<WebhookDeliverySettings>
  /** The database as opened (for imports, which load by COPY: data/bulk.ts); without it imports refuse. */
  database?: DatabaseHandle
}

export function services(
  db: Kysely<Database>,
  config: Pick<Config, 'session' | 'signIn' | 'dataDir' | 'smtp' | 'publicUrl'> &
    Partial<Pick<Config, 'isProduction' | 'importUploadMaxBytes'>>,
  options: ServiceOptions = {},
) {
  const documentStore = options.documentStore ?? fileSystemDocumentStore(path.join(config.dataDir, 'documents'))
  const access = caseAccess(db)
  const idempotency = idempotencyService(db)
  const publicUrl = config.publicUrl
  const keepInformed = keepInformedService(db)
  const outcomes = outcomeService(db)
  const attemptThrottle = attemptThrottleService(db, throttleSettingsOf(config.signIn))
  return {
    documentStore,
    attemptThrottle,
    authentication: authenticationService(
      db,
      { idleMinutes: config.session.idleMinutes, absoluteHours: config.session.absoluteHours },
      attemptThrottle,
    ),
    users: userAdministrationService(db),
    audit: auditQueryService(db),
    accessAudit: accessAuditService(db),
    health: healthService(db),
    organisations: organisationService(db),
    apiTokens: apiTokenService(db),
    idempotency,
    investigations: investigationService(db),
    subjects: subjectService(db, documentStore),
    officerRecords: officerRecordService(db),
    statistics: statisticsService(db),
    historyExport: historyExportService(db),
    historicalCases: historicalCaseService(db),
    importJobs: importJobService(options.database, {
      ...(config.importUploadMaxBytes ? { uploadMaxBytes: config.importUploadMaxBytes } : {}),
    }),
    chronology: chronologyService(db),
    actions: actionService(db, { statementsOfCase }),
    witnesses: witnessService(db),
    disclosure: disclosureService(db),
    decisions: decisionService(db),
    evidence: evidenceService(db, documentStore),
    outcomes,
    authorityReports: authorityReportService(db, outcomes),
    reports: reportService(db, documentStore),
    caseProgress: caseProgressService(db),
    families: familyService(db, documentStore, undefined, {
      onUpdateRecorded: (trx, updateId) => notifyUpdateRecorded(trx, updateId, { publicUrl }),
    }),
    keepInformed,
    home: homeService(db, keepInformed),
    linkedProceedings: linkedProceedingService(db, documentStore),
    publicationHolds: publicationHoldService(db),
    reinvestigations: reinvestigationService(db, documentStore),
    timeliness: timelinessService(db, documentStore),
    mail: mailService(db, options.mailTransport ?? transportFor(config), access, options.mailDelivery),
    deadlineReminders: deadlineReminderService(db, keepInformed, { publicUrl }),
    housekeeping: housekeepingService(db, idempotency, attemptThrottle),
    /** Only for the demo seed: moves the database's own stamps into the demo's story (ADR 0029). */
    demoStory: {
      async dateToTheStory() {
        return {
          notices: await demoStory.dateNoticesBeforeService(db),
          reviews: await demoStory.dateReviewsBeforeSending(db),
        }
      },
    },
    invitations: invitationService(db, access, { publicUrl }, attemptThrottle),
    portal: portalService(db, access, documentStore, { publicUrl }),
    calendarFeeds: calendarFeedService(db, { publicUrl }),
    webhooks: webhookService(db, {
      ...DEFAULT_WEBHOOK_DELIVERY,
      production: config.isProduction ?? false,
      ...options.webhookDelivery,
    }),
    publications: publicationService(db, documentStore, reportService(db, documentStore), {
      publicUrl,
      holds: publicationHoldService(db),
    }),
    /** For the keep-informed service: call inside the transaction that records an update, after its recipients. */
    familyNotifications: {
      updateRecorded: (trx: Executor, updateId: string) => notifyUpdateRecorded(trx, updateId, { publicUrl }),
    },
  }
}

export type Services = ReturnType<typeof services>
