/**
 * The published report as the public reads it. (Interested persons read the released report
 * through the portal service, src/services/portal/portal.ts.)
 */
import * as repo from '../../data/repositories/publications.js'
import { isUuid } from '../caseAccess.js'
import { redactPeopleInText } from '../../domain/redaction.js'
import { PUBLICATION_THEMES, PUBLIC_PAGE_SIZE } from './schemas.js'
import type { PublicationKit } from './kit.js'

export function readingUseCases(kit: PublicationKit) {
  const { db, documentStore } = kit
  return {
    // The public site -------------------------------------------------------------------------------

    public: {
      async list(filter: {
        q?: string | undefined
        force?: string | undefined
        year?: string | undefined
        theme?: string | undefined
        after?: string | undefined
      }) {
        const year = filter.year && /^\d{4}$/.test(filter.year) ? Number(filter.year) : undefined
        let after: { publishedAt: Date; id: string } | undefined
        if (filter.after) {
          const [ts, id] = filter.after.split('_')
          const at = ts ? new Date(Number(ts)) : null
          if (at && !Number.isNaN(at.getTime()) && id && isUuid(id)) after = { publishedAt: at, id }
        }
        const q = filter.q?.trim().slice(0, 200) || undefined
        const forceId = filter.force && isUuid(filter.force) ? filter.force : undefined
        const theme =
          filter.theme && (PUBLICATION_THEMES as readonly string[]).includes(filter.theme) ? filter.theme : undefined
        const [rows, total] = await Promise.all([
          repo.publicList(db, { q, forceId, year, theme, after, limit: PUBLIC_PAGE_SIZE + 1 }),
          repo.publicCount(db, { q, forceId, year, theme }),
        ])
        const page = rows.slice(0, PUBLIC_PAGE_SIZE).map((r) => ({ ...r, published_at: new Date(r.published_at!) }))
        const last = page[page.length - 1]
        return {
          items: page,
          /** Every published report the filter keeps, on all pages. */
          total,
          /** Whether any filter is applied (so the page offers to clear them). */
          filtered: Boolean(q || forceId || year || theme),
          next: rows.length > PUBLIC_PAGE_SIZE && last ? `${last.published_at.getTime()}_${last.id}` : null,
          filter: { q: q ?? '', force: forceId ?? '', year: year ? String(year) : '', theme: theme ?? '' },
        }
      },

      facets: () => repo.publicFacets(db),

      /** A published publication with the case's learning recommendations, or null (never anything unpublished). */
      async find(id: string) {
        if (!isUuid(id)) return null
        const row = await repo.publicFind(db, id)
        if (!row) return null
        const found = await repo.learningRecommendationsOf(db, row.investigation_id)
        // Recommendations and responses are written after the report: the people it redacts come out of them too.
        const marks = (await repo.redactionsOf(db, row.investigation_id, row.report_version_number)).map(kit.markOf)
        const people = await kit.peopleRedacted(db, row.investigation_id, marks)
        const recommendations = found.map((r) => ({
          ...r,
          recipient_name: redactPeopleInText(r.recipient_name, people),
          text: redactPeopleInText(r.text, people),
          response_text: r.response_text === null ? null : redactPeopleInText(r.response_text, people),
        }))
        return { ...row, published_at: new Date(row.published_at!), recommendations }
      },

      async pdf(id: string) {
        if (!isUuid(id)) return null
        const row = await repo.publicFind(db, id)
        if (!row) return null
        const bytes = await documentStore.get(row.redacted_pdf_sha256)
        return bytes
          ? {
              bytes,
              sha256: row.redacted_pdf_sha256,
              filename: `report-${row.reference.replace('/', '-')}.pdf`,
              publishedAt: new Date(row.published_at!),
            }
          : null
      },

      /** The newest publications, for the Atom feed. */
      async latest(limit = 50) {
        return (await repo.publicList(db, { limit })).map((r) => ({ ...r, published_at: new Date(r.published_at!) }))
      },
    },
  }
}
