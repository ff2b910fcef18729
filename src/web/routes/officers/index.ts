/**
 * The officer's whole record (every live and historical case, with filters by date and category,
 * in keyset pages) and the list of officers meeting an early-intervention threshold, newest first.
 * Both follow the one policy: the route turns away roles that can never see a record; the service
 * decides for the officer (a force's professional standards department sees only its own).
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { isPlainDate } from '../../../domain/calendar.js'
import { describeRule, type EarlyInterventionFlag } from '../../../domain/earlyIntervention.js'
import { HISTORICAL_FINDING_LABELS } from '../../../domain/historicalImport.js'
import {
  OPINION_LABELS,
  OUTCOME_LABELS,
  STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
} from '../../../domain/vocabulary.js'
import { decodeCursor, encodeCursor } from '../../../http/cursor.js'
import { ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { officerName } from '../../../services/insight/officerRecords.js'
import { requires } from '../../access.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

const LABELS: Record<string, string> = {
  ...STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
  ...HISTORICAL_FINDING_LABELS,
  ...OPINION_LABELS,
  ...OUTCOME_LABELS,
}
/** Candour's words for its own values; a source's unmapped value is shown as it came. */
export const valueLabel = (value: string | null) => (value === null ? null : (LABELS[value] ?? value))

/** A flag ready for the page: its rule in words and its evidence. */
export function flagView(f: EarlyInterventionFlag) {
  return {
    rule: describeRule(f.rule),
    reason: f.reason,
    metOn: f.metOn,
    category: valueLabel(f.category),
    allegations: f.allegations.map((a) => ({ ...a, categoryLabel: valueLabel(a.category) })),
    colleague: f.colleague,
  }
}

const Query = z.object({
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
  category: z.string().max(200).optional().catch(undefined),
  cursor: z.string().max(500).optional().catch(undefined),
  rule: z.string().max(100).optional().catch(undefined),
})
const RecordPosition = z.object({ on: z.string().refine(isPlainDate), caseId: z.uuid() })
const FlaggedPosition = z.object({ on: z.string().refine(isPlainDate), officerId: z.uuid() })

const safeCursor = <S extends z.ZodType>(cursor: string | undefined, schema: S): z.output<S> | undefined => {
  try {
    return decodeCursor(cursor, schema)
  } catch {
    return undefined
  }
}

const withQuery = (base: string, query: Record<string, string | undefined>) => {
  const params = new URLSearchParams()
  for (const [k, v] of Object.entries(query)) if (v) params.set(k, v)
  const text = params.toString()
  return text ? `${base}?${text}` : base
}

export default function officerRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.officersFlagged(), { config: requires('officers:read-record') }, async (request, reply) => {
      const q = Query.parse(request.query ?? {})
      const rules = services.officerRecords.rules
      const ruleId = rules.some((r) => r.id === q.rule) ? q.rule : undefined
      const after = safeCursor(q.cursor, FlaggedPosition)
      const page = await services.officerRecords.flagged(contextOf(request), {
        limit: 50,
        ...(ruleId ? { ruleId } : {}),
        ...(after ? { after } : {}),
      })
      return reply.render('officers/flagged.njk', {
        items: page.items.map((i) => ({
          href: paths.officer(i.officer.id),
          name: officerName(i.officer.surname, i.officer.forenames),
          warrantNumber: i.officer.warrantNumber,
          force: i.officer.force.name,
          metOn: i.metOn,
          rules: i.rules.map(describeRule),
        })),
        ruleOptions: [
          { value: '', text: 'Any rule' },
          ...rules.map((r) => ({ value: r.id, text: describeRule(r), selected: r.id === ruleId })),
        ],
        nextHref: page.next
          ? withQuery(paths.officersFlagged(), { rule: ruleId, cursor: encodeCursor(page.next) })
          : null,
        firstHref: q.cursor ? withQuery(paths.officersFlagged(), { rule: ruleId }) : null,
      })
    })

    app.get<{ Params: { id: string } }>(
      '/officers/:id',
      { config: requires('officers:read-record') },
      async (request, reply) => {
        const q = Query.parse(request.query ?? {})
        const filter = {
          ...(q.from ? { from: q.from } : {}),
          ...(q.to ? { to: q.to } : {}),
          ...(q.category ? { category: q.category } : {}),
        }
        const after = safeCursor(q.cursor, RecordPosition)
        const ctx = contextOf(request)
        let record
        let errors
        try {
          record = await services.officerRecords.get(request.params.id, ctx, {
            filter,
            limit: 20,
            ...(after ? { after } : {}),
          })
        } catch (error) {
          if (!(error instanceof ValidationFailed)) throw error
          // A filter that is not valid: say so, and show the record unfiltered beneath.
          errors = formErrors(error.problems)
          record = await services.officerRecords.get(request.params.id, ctx, { limit: 20 })
        }
        const base = paths.officer(record.officer.id)
        return reply.code(errors ? 400 : 200).render('officers/show.njk', {
          officer: { ...record.officer, name: officerName(record.officer.surname, record.officer.forenames) },
          flags: record.flags.map(flagView),
          cases: record.cases.map((c) => ({
            ...c,
            href: c.origin === 'live' ? paths.investigation(c.id) : null,
            allegations: c.allegations.map((a) => ({
              ...a,
              categoryLabel: valueLabel(a.category),
              findingLabel: valueLabel(a.finding),
              outcomeLabel: valueLabel(a.outcome),
            })),
            coSubjects: c.coSubjects.map((s) => ({ ...s, href: s.id ? paths.officer(s.id) : null })),
          })),
          filter: { from: q.from ?? '', to: q.to ?? '', category: q.category ?? '' },
          filtered: Object.keys(filter).length > 0,
          clearHref: base,
          nextHref: record.next ? withQuery(base, { ...filter, cursor: encodeCursor(record.next) }) : null,
          firstHref: q.cursor ? withQuery(base, filter) : null,
          ...(errors ? { errors } : {}),
        })
      },
    )
  }
}
