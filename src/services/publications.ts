/**
 * Redaction and publication of the final report (DOMAIN.md "Publication"; issue 6).
 *
 * - Redactions: the investigators mark passages (exact text in a section of the APPROVED version,
 *   with which occurrence) and fields (a text removed wherever it appears), each with a reason
 *   from a small vocabulary plus free text. The unredacted version is never changed.
 * - Release: the decision maker releases the redacted version (HTML kept on the publication, the
 *   PDF in the document store by its SHA-256) to interested persons first — it appears on their
 *   portal case page and an e-mail is queued in the same transaction — and chooses when it goes to
 *   the public site: now, a future instant, or later. Refused while any publication hold is in
 *   force, naming each hold and what lifts it.
 * - A scheduled publication becomes public when the jobs runner calls publishDue() after its
 *   public_from has passed; the public site shows only rows whose status is 'published'.
 * - The public site's reads (list, page, PDF, feed) need no actor and only ever see published rows.
 */
import { publicationKit } from './publications/kit.js'
import { redactionUseCases } from './publications/redactions.js'
import { releaseUseCases } from './publications/release.js'
import { readingUseCases } from './publications/reading.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import type { ReportService } from './reports.js'
import type { DocumentStore } from './storage/documentStore.js'
import type { PublicationServiceOptions } from './publications/schemas.js'
export {
  PUBLICATION_THEMES,
  PUBLICATION_THEME_LABELS,
  RedactionInput,
  ReleaseInput,
  ScheduleInput,
  WithdrawInput,
  ALL_SECTIONS,
  EVERY_OCCURRENCE,
  REDACTION_REASONS,
  REDACTION_REASON_LABELS,
} from './publications/schemas.js'
export type {
  RedactionInputType,
  ReleaseInputType,
  PublicationRow,
  PublicationServiceOptions,
} from './publications/schemas.js'

export function publicationService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  reports: ReportService,
  options: PublicationServiceOptions,
) {
  const kit = publicationKit(db, documentStore, reports, options)
  return {
    ...redactionUseCases(kit),
    ...releaseUseCases(kit),
    ...readingUseCases(kit),
  }
}

export type PublicationService = ReturnType<typeof publicationService>
