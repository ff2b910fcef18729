/**
 * Wires the services from the data access they need, in the style of the HMPPS template:
 * `services(...)` builds everything once, and `Services` is its type.
 */
import path from 'node:path'
import type { Kysely } from 'kysely'
import type { Config } from '../config.js'
import type { Database } from '../data/schema.js'
import { accessAuditService } from './accessAudit.js'
import { apiTokenService } from './apiTokens.js'
import { auditQueryService } from './auditQueries.js'
import { authenticationService } from './authentication.js'
import { chronologyService } from './chronology.js'
import { evidenceService } from './evidence.js'
import { healthService } from './health.js'
import { idempotencyService } from './idempotency.js'
import { investigationService } from './investigations.js'
import { organisationService } from './organisations.js'
import { fileSystemDocumentStore } from './storage/fileSystemDocumentStore.js'
import { subjectService } from './subjects.js'
import type { DocumentStore } from './storage/documentStore.js'
import { userAdministrationService } from './userAdministration.js'

export interface ServiceOptions {
  /** Where document bytes live; by default `<dataDir>/documents` on disk. */
  documentStore?: DocumentStore
}

export function services(db: Kysely<Database>, config: Pick<Config, 'session' | 'signIn' | 'dataDir'>, options: ServiceOptions = {}) {
  const documentStore = options.documentStore ?? fileSystemDocumentStore(path.join(config.dataDir, 'documents'))
  return {
    documentStore,
    authentication: authenticationService(db, {
      idleMinutes: config.session.idleMinutes,
      absoluteHours: config.session.absoluteHours,
      maxFailures: config.signIn.maxFailures,
      lockMinutes: config.signIn.lockMinutes,
    }),
    users: userAdministrationService(db),
    audit: auditQueryService(db),
    accessAudit: accessAuditService(db),
    health: healthService(db),
    organisations: organisationService(db),
    apiTokens: apiTokenService(db),
    idempotency: idempotencyService(db),
    investigations: investigationService(db),
    subjects: subjectService(db, documentStore),
    chronology: chronologyService(db),
    evidence: evidenceService(db, documentStore),
  }
}

export type Services = ReturnType<typeof services>
