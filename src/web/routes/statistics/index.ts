/**
 * The statistics page: how concentrated allegations are among officers, across live and
 * historical cases (docs/officer-record.md "Concentration figures"), filtered by force and years.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { HISTORICAL_FINDING_LABELS } from '../../../domain/historicalImport.js'
import { OPINION_LABELS } from '../../../domain/vocabulary.js'
import { ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

const Query = z.object({
  forceId: z.string().max(100).optional().catch(undefined),
  fromYear: z.string().max(10).optional().catch(undefined),
  toYear: z.string().max(10).optional().catch(undefined),
})
const FINDINGS: Record<string, string> = { ...HISTORICAL_FINDING_LABELS, ...OPINION_LABELS }
const percent = (share: number) => `${(share * 100).toFixed(1)}%`

export default function statisticsRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.statistics(), { config: requires('statistics:read') }, async (request, reply) => {
      const q = Query.parse(request.query ?? {})
      const input = {
        ...(q.forceId ? { forceId: q.forceId } : {}),
        ...(q.fromYear ? { fromYear: q.fromYear } : {}),
        ...(q.toYear ? { toYear: q.toYear } : {}),
      }
      const ctx = contextOf(request)
      let figures
      let errors
      try {
        figures = await services.statistics.allegationConcentration(input, ctx)
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error
        errors = formErrors(error.problems)
        figures = await services.statistics.allegationConcentration({}, ctx)
      }
      const forces = (await services.organisations.list()).filter((o) => o.kind === 'police_force')
      return reply.code(errors ? 400 : 200).render('statistics/page.njk', {
        figures,
        top: figures.top.map((t) => ({ ...t, shareText: percent(t.share) })),
        byFinding: figures.byFinding.map((f) => ({
          label: f.finding === null ? 'Not recorded' : (FINDINGS[f.finding] ?? f.finding),
          allegations: f.allegations,
          shareText: percent(figures.allegations ? f.allegations / figures.allegations : 0),
        })),
        forceOptions: [
          { value: '', text: 'Every force' },
          ...forces.map((f) => ({ value: f.id, text: f.name, selected: f.id === q.forceId })),
        ],
        values: { fromYear: q.fromYear ?? '', toYear: q.toYear ?? '' },
        ...(errors ? { errors } : {}),
      })
    })
  }
}
