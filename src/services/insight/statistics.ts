/**
 * Figures across every case, live and historical (docs/officer-record.md "Concentration figures"):
 * how many officers, allegations and cases; the share of allegations held by the top 1 %, 5 % and
 * 10 % of officers by allegation count; allegations by finding. Computed in SQL over every
 * allegation, exactly, never sampled. Aggregates name no one, so reading them is not audited.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../data/schema.js'
import * as repo from '../../data/repositories/officerRecords.js'
import { authorise } from '../../domain/policy.js'
import type { RequestContext } from '../context.js'
import { Forbidden, ValidationFailed } from '../errors.js'

const year = z.coerce
  .number()
  .int('Enter a year such as 2019')
  .min(1900, 'Enter a year from 1900')
  .max(2100, 'Enter a year up to 2100')

export const ConcentrationFilterInput = z
  .object({
    forceId: z.uuid('Choose a force').optional(),
    fromYear: year.optional(),
    toYear: year.optional(),
  })
  .refine((f) => f.fromYear === undefined || f.toYear === undefined || f.fromYear <= f.toYear, {
    path: ['toYear'],
    message: 'The last year must not be before the first',
  })

export const CONCENTRATION_PERCENTS = [1, 5, 10] as const

export interface AllegationConcentration {
  filter: { forceId: string | null; fromYear: number | null; toYear: number | null }
  officers: number
  allegations: number
  cases: number
  /** For the top 1 %, 5 % and 10 %: how many officers that is (ceil), the allegations they hold, and the share. */
  top: { percent: number; officers: number; allegations: number; share: number }[]
  byFinding: { finding: string | null; allegations: number }[]
}

export function statisticsService(db: Kysely<Database>) {
  return {
    async allegationConcentration(
      input: z.input<typeof ConcentrationFilterInput>,
      ctx: RequestContext,
    ): Promise<AllegationConcentration> {
      const decision = ctx.actor
        ? authorise(ctx.actor, 'statistics:read')
        : { allowed: false as const, reason: 'Sign in to see figures.' }
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const parsed = ConcentrationFilterInput.safeParse(input)
      if (!parsed.success)
        throw new ValidationFailed(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
      const filter = parsed.data
      const [row, byFinding] = await Promise.all([repo.concentration(db, filter), repo.countsByFinding(db, filter)])
      const held = { 1: row.top1, 5: row.top5, 10: row.top10 }
      const officers = { 1: row.top1_officers, 5: row.top5_officers, 10: row.top10_officers }
      return {
        filter: { forceId: filter.forceId ?? null, fromYear: filter.fromYear ?? null, toYear: filter.toYear ?? null },
        officers: row.officers,
        allegations: row.allegations,
        cases: row.cases,
        top: CONCENTRATION_PERCENTS.map((percent) => ({
          percent,
          officers: row.officers ? officers[percent] : 0,
          allegations: held[percent],
          share: row.allegations ? held[percent] / row.allegations : 0,
        })),
        byFinding,
      }
    },
  }
}

export type StatisticsService = ReturnType<typeof statisticsService>
