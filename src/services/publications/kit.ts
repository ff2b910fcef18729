/**
 * What the publication sub-journeys share: case access, the approved report version, the documents
 * behind a preview, the holds that block release, and telling interested persons.
 */
import * as interestedPersons from '../../data/repositories/interestedPersons.js'
import type { Kysely } from 'kysely'
import { decodeReason, redactDocument, type RedactionMark } from '../../domain/redaction.js'
import type { Executor } from '../../data/database.js'
import * as holdsRepo from '../../data/repositories/publicationHolds.js'
import * as repo from '../../data/repositories/publications.js'
import * as reportsRepo from '../../data/repositories/reports.js'
import type { Database } from '../../data/schema.js'
import { caseAccess } from '../caseAccess.js'
import { type RequestContext } from '../context.js'
import { InvalidTransition, NotFound } from '../errors.js'
import { enqueueEmail } from '../mail/outbox.js'
import type { ReportService } from '../reports.js'
import type { DocumentStore } from '../storage/documentStore.js'
import { describeHold, type PublicationServiceOptions } from './schemas.js'

export function publicationKit(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  reports: ReportService,
  options: PublicationServiceOptions,
) {
  const access = caseAccess(db)
  const base = options.publicUrl.replace(/\/+$/, '')

  async function approvedVersionOf(executor: Executor, investigationId: string): Promise<number> {
    const report = await reportsRepo.findByInvestigation(executor, investigationId)
    if (!report || report.status !== 'approved' || report.approved_version_number === null)
      throw new InvalidTransition(
        'The report must be approved by the decision maker before it can be redacted or published.',
      )
    return report.approved_version_number
  }

  const markOf = (r: repo.RedactionRow): RedactionMark => ({
    id: r.id,
    section: r.section,
    text: r.redacted_text,
    occurrence: r.occurrence,
    reason: decodeReason(r.reason).reason,
  })

  /** The approved version's document model, unredacted and redacted, with the redactions. */
  async function documents(investigationId: string, ctx: RequestContext) {
    const versionNumber = await approvedVersionOf(db, investigationId)
    const { document } = await reports.document(investigationId, ctx, versionNumber)
    const rows = await repo.redactionsOf(db, investigationId, versionNumber)
    const result = redactDocument(document, rows.map(markOf))
    return { versionNumber, original: document, redacted: result.document, unmatched: result.unmatched, rows }
  }

  async function activeHoldProblems(executor: Executor, investigationId: string): Promise<string[]> {
    const active = options.holds
      ? await options.holds.active(investigationId, executor)
      : await holdsRepo.activeHolds(executor, investigationId)
    if (!active.length) return []
    const described = (await holdsRepo.holdsOfInvestigation(executor, investigationId)).filter(
      (h) => h.lifted_on === null,
    )
    return described.map(describeHold)
  }

  /** Interested persons (and their representatives who receive updates) to e-mail about a release. */
  async function notifyInterestedPersons(trx: Executor, investigationId: string, reference: string): Promise<number> {
    const { people, representatives: reps } = await interestedPersons.contactsOfInvestigation(trx, investigationId)
    const sent = new Set<string>()
    const send = async (to: string, name: string) => {
      const address = to.trim().toLowerCase()
      if (sent.has(address)) return
      sent.add(address)
      await enqueueEmail(trx, {
        to: address,
        investigationId,
        subject: `The report of investigation ${reference} has been released to you`,
        text: [
          `Dear ${name},`,
          '',
          `The final report of investigation ${reference} has been released to you before it is published.`,
          '',
          `Sign in to the family portal to read and download it: ${base}/portal`,
        ].join('\n'),
      })
    }
    for (const p of people) if (p.consent_to_be_kept_informed && p.email) await send(p.email, p.full_name)
    for (const r of reps) if (r.receives_updates && r.email) await send(r.email, r.full_name)
    return sent.size
  }

  async function requirePublication(executor: Executor, investigationId: string, forUpdate = false) {
    const row = await repo.currentPublicationOf(executor, investigationId, { forUpdate })
    if (!row) throw new NotFound('The publication')
    return row
  }

  return {
    db,
    documentStore,
    reports,
    options,
    access,
    base,
    approvedVersionOf,
    markOf,
    documents,
    activeHoldProblems,
    notifyInterestedPersons,
    requirePublication,
  }
}

export type PublicationKit = ReturnType<typeof publicationKit>
