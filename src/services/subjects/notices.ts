/**
 * Notices of investigation to a subject: generating one, reading it, and its PDF.
 */
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import { currentSeverity } from '../../domain/subjectLifecycle.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as repo from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { InvalidTransition, NotFound } from '../errors.js'
import { renderNoticePdf } from '../noticeOfInvestigation.js'
import { severityHistoryOf } from './schemas.js'
import type { SubjectKit } from './kit.js'

export function noticeUseCases(kit: SubjectKit) {
  const { db, documentStore, access, requireSubject, requireNotice, auditRead } = kit
  return {
    /**
     * Generates the regulation 17 notice as a PDF from the case's facts, stores it in the document
     * store and records the notice with the hash of its content and the severity it states. It
     * needs at least one allegation and a current severity of misconduct or gross misconduct.
     */
    async generateNotice(subjectId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        const { subject, loaded } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', {
          forUpdate: true,
        })
        const [row, allegations, severityRows] = await Promise.all([
          repo.subjectWithOfficer(trx, subject.id),
          repo.allegationsOfSubject(trx, subject.id),
          repo.severityAssessmentsOfSubject(trx, subject.id),
        ])
        const severity = currentSeverity(severityHistoryOf(severityRows))
        const missing: string[] = []
        if (allegations.length === 0)
          missing.push('At least one allegation must be recorded before a notice is generated')
        if (severity === null) missing.push('The severity must be assessed before a notice is served')
        else if (severity === 'neither')
          missing.push('A notice is served only when the severity is assessed as misconduct or gross misconduct')
        if (missing.length || !row || severity === null || severity === 'neither')
          throw new InvalidTransition(missing.join('. ') + '.')
        const issuedOn = londonDateOf(new Date())
        const force = await organisations.findById(trx, loaded.investigation.force_id)
        const pdf = await renderNoticePdf({
          reference: loaded.investigation.reference,
          title: loaded.investigation.title,
          forceName: force?.name ?? row.force_name,
          subject: {
            givenName: row.given_name,
            familyName: row.family_name,
            rank: row.rank_at_time || row.officer_rank,
            warrantNumber: row.warrant_number,
            kind: row.kind,
            roleAtTime: row.role_at_time,
          },
          allegations: allegations.map((a) => ({ description: a.description, standards: a.standards })),
          severity,
          issuedOn,
        })
        const stored = await documentStore.put(pdf)
        const notice = await repo.insertNotice(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          kind: 'regulation_17',
          document_id: null,
          content_sha256: stored.sha256,
          content_size_bytes: stored.size,
          generated_by: actor.userId,
          severity,
          served_on: null,
          service_method: null,
          response_due_on: null,
          response_received_on: null,
          response_summary: null,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'notice.generated',
          entityType: 'notice',
          entityId: notice.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: {
              severity,
              allegations: allegations.map((a) => a.id),
              contentSha256: stored.sha256,
              sizeBytes: stored.size,
            },
          },
        })
        return notice
      })
    },

    async notice(noticeId: string, ctx: RequestContext) {
      const { notice } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      await auditRead(ctx, {
        action: 'notice.read',
        entityType: 'notice',
        entityId: notice.id,
        caseId: notice.investigation_id,
        detail: {
          subjectId: notice.subject_id,
          fields: [
            'notices.served_on',
            'notices.service_method',
            'notices.response_received_on',
            'notices.response_summary',
          ],
        },
      })
      return notice
    },

    /** The notice's PDF bytes (audited: it holds the subject's personal data). */
    async noticePdf(noticeId: string, ctx: RequestContext) {
      const { notice, loaded } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      const bytes = notice.content_sha256 ? await documentStore.get(notice.content_sha256) : null
      if (!bytes) throw new NotFound('The notice document')
      await auditRead(ctx, {
        action: 'notice.downloaded',
        entityType: 'notice',
        entityId: notice.id,
        caseId: notice.investigation_id,
        detail: { subjectId: notice.subject_id, contentSha256: notice.content_sha256, fields: ['notice_pdf'] },
      })
      return {
        bytes,
        filename: `notice-of-investigation-${loaded.investigation.reference.replace('/', '-')}-${notice.id.slice(-8)}.pdf`,
      }
    },
  }
}
