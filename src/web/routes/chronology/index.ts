/**
 * The Chronology tab: the timeline (oldest first, missed opportunities marked with a tag,
 * filters, keyset pages), adding and editing events, and the CSV export.
 */
import { Readable } from 'node:stream'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { decodeCursor, encodeCursor } from '../../../http/cursor.js'
import {
  CHRONOLOGY_KIND_LABELS,
  CHRONOLOGY_KINDS,
  TimelinePosition,
  type ChronologyEvent,
  type TimelineQuery,
} from '../../../services/chronology.js'
import { Conflict, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsFromDate, partsOf, readDates } from '../../dates.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import {
  FILTER_DATES,
  TimelineQueryForm,
  VersionField,
  readEventForm,
  withOtherProblems,
} from './chronologyValidation.js'

type IdParams = { Params: { id: string } }
type EventParams = { Params: { id: string; eventId: string } }
type Body = Record<string, unknown>

const FIELD_IDS = {
  occurredOn: 'occurredOn-day',
  kind: 'kind',
  subjectIds: 'subjectIds',
  documentIds: 'documentIds',
  missedOpportunityReason: 'missedOpportunityReason',
}

const kindItems = (selected?: string) =>
  CHRONOLOGY_KINDS.map((k) => ({ value: k, text: CHRONOLOGY_KIND_LABELS[k], checked: selected === k }))

function valuesOf(e: ChronologyEvent) {
  return {
    occurredTime: e.occurredTime ?? '',
    kind: e.kind,
    title: e.title,
    description: e.description ?? '',
    missedOpportunity: e.missedOpportunity ? 'yes' : '',
    missedOpportunityReason: e.missedOpportunityReason ?? '',
    subjectIds: e.subjects.map((s) => s.id),
    documentIds: e.documents.map((d) => d.id),
    version: String(e.version),
  }
}

export default function chronologyRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/chronology`

    function readFilter(request: FastifyRequest<IdParams>) {
      const query = (request.query ?? {}) as Record<string, unknown>
      const form = TimelineQueryForm.parse(query)
      const dates = readDates(query, FILTER_DATES)
      const filter: TimelineQuery = {
        ...(form.kind ? { kind: form.kind } : {}),
        ...(form.missed ? { missedOnly: true } : {}),
        ...(form.subject ? { subjectId: form.subject } : {}),
        ...(dates.values.from ? { from: dates.values.from } : {}),
        ...(dates.values.to ? { to: dates.values.to } : {}),
      }
      const keep = new URLSearchParams()
      for (const k of [
        'kind',
        'missed',
        'subject',
        'from-day',
        'from-month',
        'from-year',
        'to-day',
        'to-month',
        'to-year',
      ]) {
        const v = query[k]
        if (typeof v === 'string' && v) keep.set(k, v)
      }
      return {
        form,
        filter,
        problems: dates.problems,
        keep,
        parts: { from: partsOf(query, 'from'), to: partsOf(query, 'to') },
      }
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) => {
      const ctx = contextOf(request)
      const { form, filter, problems, keep, parts } = readFilter(request)
      let after
      try {
        after = decodeCursor(form.cursor, TimelinePosition)
      } catch {
        after = undefined
      }
      const header = await services.investigations.header(request.params.id, ctx)
      const [page, choices] = await Promise.all([
        services.chronology.timeline(request.params.id, ctx, { ...filter, limit: 50, ...(after ? { after } : {}) }),
        services.chronology.linkChoices(request.params.id, ctx),
      ])
      const next = new URLSearchParams(keep)
      if (page.next) next.set('cursor', encodeCursor(page.next))
      const filtered = keep.size > 0
      const carried =
        header.investigation.predecessor_investigation_id && !form.cursor
          ? await services.reinvestigations.predecessorChronology(request.params.id, ctx)
          : null
      return reply.render('chronology/timeline.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'chronology',
        carried,
        events: page.items,
        kindLabels: CHRONOLOGY_KIND_LABELS,
        query: form,
        parts,
        errors: problems.length ? formErrors(problems, { from: 'from-day', to: 'to-day' }) : undefined,
        kindOptions: [
          { value: '', text: 'Any kind' },
          ...CHRONOLOGY_KINDS.map((k) => ({ value: k, text: CHRONOLOGY_KIND_LABELS[k], selected: form.kind === k })),
        ],
        subjectOptions: [
          { value: '', text: 'Any subject' },
          ...choices.subjects.map((s) => ({ value: s.id, text: s.name, selected: form.subject === s.id })),
        ],
        nextHref: page.next ? `${paths.investigationTab(request.params.id, 'chronology')}?${next}` : null,
        firstHref: form.cursor
          ? `${paths.investigationTab(request.params.id, 'chronology')}${keep.size ? `?${keep}` : ''}`
          : null,
        exportHref: paths.chronologyExport(request.params.id, keep.toString()),
        filtered,
      })
    })

    app.get<IdParams>(
      `${base}/export.csv`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { filter } = readFilter(request)
        const { reference, lines } = await services.chronology.exportCsv(request.params.id, contextOf(request), filter)
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="chronology-${reference.replace('/', '-')}.csv"`)
          .send(Readable.from(lines))
      },
    )

    async function renderForm(
      request: FastifyRequest<IdParams | EventParams>,
      reply: FastifyReply,
      options: {
        eventId?: string
        values: Body
        dateParts: Record<string, { day: string; month: string; year: string }>
        problems?: FieldProblem[]
        status?: number
      },
    ) {
      const ctx = contextOf(request)
      const [header, choices] = await Promise.all([
        services.investigations.header(request.params.id, ctx),
        services.chronology.linkChoices(request.params.id, ctx),
      ])
      const values = options.values
      const chosen = (name: string) =>
        Array.isArray(values[name]) ? (values[name] as string[]) : values[name] ? [String(values[name])] : []
      return reply.code(options.status ?? 200).render('chronology/event-form.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'chronology',
        eventId: options.eventId,
        action: options.eventId
          ? paths.chronologyEvent(request.params.id, options.eventId)
          : paths.investigationTab(request.params.id, 'chronology'),
        values,
        parts: options.dateParts,
        errors: options.problems?.length ? formErrors(options.problems, FIELD_IDS) : undefined,
        kindItems: kindItems(String(values.kind ?? '')),
        subjectItems: choices.subjects.map((s) => ({
          value: s.id,
          text: s.name,
          hint: { text: `Warrant number ${s.warrantNumber}` },
          checked: chosen('subjectIds').includes(s.id),
        })),
        documentItems: choices.documents.map((d) => ({
          value: d.id,
          text: `${d.exhibitReference}: ${d.title}${d.withdrawn ? ' (withdrawn)' : ''}`,
          checked: chosen('documentIds').includes(d.id),
        })),
        backLink: { text: 'Back to the chronology', href: paths.investigationTab(request.params.id, 'chronology') },
      })
    }

    app.get<IdParams>(`${base}/new`, { config: requires('investigation:contribute') }, async (request, reply) =>
      renderForm(request, reply, { values: {}, dateParts: {} }),
    )

    app.post<IdParams>(
      base,
      { config: { ...requires('investigation:contribute'), confirms: 'The chronology event has been added' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const { input, dateProblems } = readEventForm(body)
        const rerender = (problems: FieldProblem[]) =>
          renderForm(request, reply, {
            values: body,
            dateParts: { occurredOn: partsOf(body, 'occurredOn') },
            problems,
            status: 400,
          })
        if (dateProblems.length) return rerender(withOtherProblems(input, dateProblems))
        try {
          await services.chronology.add(request.params.id, input, contextOf(request))
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          throw error
        }
        return reply.redirect(paths.investigationTab(request.params.id, 'chronology'), 303)
      },
    )

    app.get<EventParams>(
      `${base}/:eventId/edit`,
      { config: requires('investigation:contribute') },
      async (request, reply) => {
        const event = await services.chronology.get(request.params.eventId, contextOf(request))
        if (event.investigationId !== request.params.id) return reply.callNotFound()
        return renderForm(request, reply, {
          eventId: event.id,
          values: valuesOf(event),
          dateParts: { occurredOn: partsFromDate(event.occurredOn) },
        })
      },
    )

    app.post<EventParams>(
      `${base}/:eventId`,
      { config: { ...requires('investigation:contribute'), confirms: 'The chronology event has been changed' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const { input, dateProblems } = readEventForm(body)
        const version = VersionField.safeParse(body)
        const rerender = (problems: FieldProblem[], status = 400) =>
          renderForm(request, reply, {
            eventId: request.params.eventId,
            values: body,
            dateParts: { occurredOn: partsOf(body, 'occurredOn') },
            problems,
            status,
          })
        if (dateProblems.length) return rerender(withOtherProblems(input, dateProblems))
        if (!version.success)
          return rerender([{ path: 'title', message: 'Reload the page and make your change again' }])
        try {
          const current = await services.chronology.get(request.params.eventId, contextOf(request))
          if (current.investigationId !== request.params.id) return reply.callNotFound()
          await services.chronology.update(request.params.eventId, input, version.data.version, contextOf(request))
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(error.problems)
          if (error instanceof Conflict) return rerender([{ path: 'title', message: error.message }], 409)
          throw error
        }
        return reply.redirect(
          `${paths.investigationTab(request.params.id, 'chronology')}#event-${request.params.eventId}`,
          303,
        )
      },
    )
  }
}
