/**
 * The timeline: a filtered, keyset-paginated page of it, what an event may link to, and its CSV export.
 */
import { officerName } from '../../domain/vocabulary.js'
import * as documentsRepo from '../../data/repositories/documents.js'
import { csvRow } from '../../domain/csv.js'
import * as chronology from '../../data/repositories/chronology.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { CHRONOLOGY_KIND_LABELS, type TimelineQuery } from './schemas.js'
import type { ChronologyKit } from './kit.js'

export function timelineUseCases(kit: ChronologyKit) {
  const { db, access, present, page } = kit
  return {
    /**
     * One page of the timeline, oldest first, filtered; `next` is the position to pass as
     * `after` for the following page (null on the last).
     */
    async timeline(
      investigationId: string,
      ctx: RequestContext,
      options: TimelineQuery & { after?: chronology.TimelinePosition; limit?: number } = {},
    ) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const { after, limit: _limit, ...filter } = options
      const { rows, next } = await page(db, investigationId, filter, after, limit)
      await auditTrail.record(db, ctx, {
        action: 'chronology.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { filter, events: rows.length },
      })
      return { items: await present(db, investigationId, rows), next }
    },

    /** Subjects of the case, for the link and filter choices. */
    async linkChoices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [subjects, documents] = await Promise.all([
        chronology.allSubjectsOfCase(db, investigationId),
        documentsRepo.linkChoices(db, investigationId),
      ])
      return {
        subjects: subjects.map((s) => ({
          id: s.id,
          name: officerName({ rank: s.rank_at_time, givenName: s.given_name, familyName: s.family_name }),
          warrantNumber: s.warrant_number,
        })),
        documents: documents.map((d) => ({
          id: d.id,
          exhibitReference: d.exhibit_reference,
          title: d.title,
          withdrawn: d.withdrawn_at !== null,
        })),
      }
    },

    /**
     * The whole (filtered) chronology as CSV lines, header first. Access is checked and the
     * export audited before the first line; the lines are then read a page at a time, so memory
     * stays flat however long the chronology is.
     */
    async exportCsv(
      investigationId: string,
      ctx: RequestContext,
      filter: TimelineQuery = {},
      pageSize = 1000,
    ): Promise<{ reference: string; lines: AsyncIterable<string> }> {
      const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'chronology.exported',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { filter, format: 'csv' },
      })
      async function* lines(): AsyncGenerator<string> {
        yield csvRow([
          'Date',
          'Time',
          'Kind',
          'What happened',
          'Description',
          'Missed opportunity',
          'Why it was missed',
          'Subjects',
          'Documents',
          'Event id',
          'Version',
        ])
        let after: chronology.TimelinePosition | undefined
        for (;;) {
          const { rows, next } = await page(db, investigationId, filter, after, pageSize)
          const events = await present(db, investigationId, rows)
          yield events
            .map((e) =>
              csvRow([
                e.occurredOn,
                e.occurredTime,
                CHRONOLOGY_KIND_LABELS[e.kind],
                e.title,
                e.description,
                e.missedOpportunity ? 'Yes' : 'No',
                e.missedOpportunityReason,
                e.subjects.map((s) => s.name).join('; '),
                e.documents.map((d) => d.exhibitReference).join('; '),
                e.id,
                e.version,
              ]),
            )
            .join('')
          if (!next) return
          after = next
        }
      }
      return { reference: investigation.reference, lines: lines() }
    },
  }
}
