/**
 * A historical record's page (ADR 0030): what was imported, read-only — no statutory clock, no
 * team, no edit controls. Who may see it is the officer record's rule (the service decides).
 */
import type { FastifyInstance } from 'fastify'
import { HISTORICAL_FINDING_LABELS } from '../../../domain/historicalImport.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { contextOf } from '../../requestContext.js'

const KIND: Record<string, string> = {
  complaint: 'Complaint',
  conduct_matter: 'Conduct matter',
  death_or_serious_injury: 'Death or serious injury matter',
  investigation: 'Investigation',
}
const FINDINGS: Record<string, string> = HISTORICAL_FINDING_LABELS
const words = (code: string | null) => (code ? code.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()) : null)

/** A mapped value in Candour's words, with the source's own when it differs. */
function shown(mapped: string | null, source: string | null, labels: Record<string, string> = {}): string {
  if (!mapped) return source ?? 'Not recorded'
  const label = labels[mapped] ?? words(mapped)!
  return source && source !== label ? `${label} (recorded as “${source}”)` : label
}

export default function historicalCaseRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string } }>(
      '/historical-cases/:id',
      { config: requires('officers:read-record') },
      async (request, reply) => {
        const record = await services.historicalCases.get(request.params.id, contextOf(request))
        return reply.render('historicalCases/show.njk', {
          record,
          kindText: record.kind ? (KIND[record.kind] ?? record.kind) : 'Not recorded',
          categoryText: shown(record.category_mapped, record.category),
          allegations: record.allegations.map((a) => ({
            ...a,
            name: a.visible
              ? [a.forenames, a.surname].filter(Boolean).join(' ') || 'Name not recorded'
              : 'An officer of another force',
            categoryText: shown(a.category_mapped, a.category),
            findingText: shown(a.finding_mapped, a.finding, FINDINGS),
            outcomeText: shown(a.outcome_mapped, a.outcome),
          })),
        })
      },
    )
  }
}
