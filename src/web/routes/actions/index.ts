/**
 * The Actions tab: lines of enquiry and actions. One thing per page — raise, allocate, result,
 * refer back, file; open, answer or close a line — each followed by a success banner on the
 * page it returns to; the lead's view of open work by person and age.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  ACTION_PRIORITIES,
  ACTION_PRIORITY_LABELS,
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  ACTION_STEP_LABELS,
  LINE_OF_ENQUIRY_STATUS_LABELS,
  ageBand,
} from '../../../domain/actions.js'
import { ValidationFailed, Conflict, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsOf, readDates } from '../../dates.js'
import { asArray, formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { formatDate } from '../../views.js'

type IdParams = { Params: { id: string } }
type ActionParams = { Params: { id: string; actionId: string } }
type LineParams = { Params: { id: string; lineId: string } }
type Body = Record<string, unknown>

const MAX_INT = 2147483647
export const VersionField = z.object({ version: z.coerce.number().int().positive().max(MAX_INT) })

const DONE = {
  raised: 'Action raised',
  allocated: 'Action allocated',
  resulted: 'Result recorded',
  'referred-back': 'Action referred back for more work',
  filed: 'Action filed',
  opened: 'Line of enquiry opened',
  'line-changed': 'Line of enquiry updated',
} as const

const ListQuery = z.object({
  status: z.enum(ACTION_STATUSES).optional().catch(undefined),
  line: z.uuid().optional().catch(undefined),
  after: z.coerce.number().int().min(0).max(MAX_INT).optional().catch(undefined),
})

const text = (body: Body, name: string) => {
  const v = body[name]
  return typeof v === 'string' ? v : ''
}

const FIELD_IDS = { dueOn: 'dueOn-day', priority: 'priority', allocatedTo: 'allocatedTo', status: 'status' }

export default function actionRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id`

    async function page<P extends IdParams['Params']>(
      request: FastifyRequest<{ Params: P }>,
      reply: FastifyReply,
      template: string,
      values: Record<string, unknown>,
      status = 200,
    ) {
      const header = await services.investigations.header((request.params as IdParams['Params']).id, contextOf(request))
      return reply.code(status).render(template, { caseHeader: caseHeader(header), activeTab: 'actions', ...values })
    }

    const errorsOf = (problems: FieldProblem[]) => formErrors(problems, FIELD_IDS)

    // The tab: lines of enquiry, then the actions (filtered, by number, in pages).
    app.get<IdParams>(
      `${base}/actions`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const q = ListQuery.parse(request.query ?? {})
        const [lines, list] = await Promise.all([
          services.actions.listLines(request.params.id, ctx, { limit: 500 }),
          services.actions.list(request.params.id, ctx, {
            ...(q.status ? { status: q.status } : {}),
            ...(q.line ? { lineOfEnquiryId: q.line } : {}),
            afterNumber: q.after ?? 0,
            limit: 50,
          }),
        ])
        const keep = new URLSearchParams()
        if (q.status) keep.set('status', q.status)
        if (q.line) keep.set('line', q.line)
        const next = new URLSearchParams(keep)
        if (list.next !== null) next.set('after', String(list.next))
        return page(request, reply, 'actions/tab.njk', {
          lines: lines.items,
          actions: list.items,
          statusLabels: ACTION_STATUS_LABELS,
          priorityLabels: ACTION_PRIORITY_LABELS,
          lineStatusLabels: LINE_OF_ENQUIRY_STATUS_LABELS,
          statusOptions: [
            { value: '', text: 'Any status' },
            ...ACTION_STATUSES.map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s], selected: q.status === s })),
          ],
          lineOptions: [
            { value: '', text: 'Any line of enquiry' },
            ...lines.items.map((l) => ({ value: l.id, text: `${l.reference}: ${l.title}`, selected: q.line === l.id })),
          ],
          nextHref: list.next !== null ? paths.actions(request.params.id, next.toString()) : null,
          firstHref: q.after ? paths.actions(request.params.id, keep.toString()) : null,
        })
      },
    )

    // The lead's view: open actions by person and age.
    app.get<IdParams>(
      `${base}/actions/by-person`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const groups = await services.actions.openByPerson(request.params.id, contextOf(request))
        return page(request, reply, 'actions/by-person.njk', {
          groups: groups.map((g) => ({
            ...g,
            overdue: g.actions.filter((a) => a.overdue).length,
            actions: g.actions.map((a) => ({ ...a, band: ageBand(a.ageDays) })),
          })),
          statusLabels: ACTION_STATUS_LABELS,
          priorityLabels: ACTION_PRIORITY_LABELS,
          backLink: { text: 'Back to actions', href: paths.actions(request.params.id) },
        })
      },
    )

    // Raise an action.
    async function renderRaise(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
    ) {
      const choices = await services.actions.choices(request.params.id, contextOf(request))
      const chosen = asArray(values.subjectIds)
      return page(
        request,
        reply,
        'actions/raise.njk',
        {
          values,
          parts: { dueOn: partsOf(values, 'dueOn') },
          errors: problems?.length ? errorsOf(problems) : undefined,
          priorityItems: ACTION_PRIORITIES.map((p) => ({
            value: p,
            text: ACTION_PRIORITY_LABELS[p],
            checked: values.priority === p,
          })),
          lineOptions: [
            { value: '', text: 'None' },
            ...choices.lines
              .filter((l) => l.status === 'open')
              .map((l) => ({
                value: l.id,
                text: `${l.reference}: ${l.title}`,
                selected: values.lineOfEnquiryId === l.id,
              })),
          ],
          subjectItems: choices.subjects.map((s) => ({ value: s.id, text: s.name, checked: chosen.includes(s.id) })),
          backLink: { text: 'Back to actions', href: paths.actions(request.params.id) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(`${base}/actions/new`, { config: requires('actions:raise') }, async (request, reply) => {
      const q = z.object({ line: z.uuid().optional().catch(undefined) }).parse(request.query ?? {})
      return renderRaise(request, reply, q.line ? { lineOfEnquiryId: q.line } : {})
    })

    app.post<IdParams>(
      `${base}/actions`,
      { config: { ...requires('actions:raise'), confirms: DONE.raised } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const dates = readDates(body, [{ name: 'dueOn', what: 'the due date', optional: true }])
        const input = {
          title: text(body, 'title'),
          description: text(body, 'description'),
          priority: text(body, 'priority') as (typeof ACTION_PRIORITIES)[number],
          lineOfEnquiryId: text(body, 'lineOfEnquiryId'),
          dueOn: dates.values.dueOn ?? '',
          subjectIds: asArray(body.subjectIds),
        }
        try {
          if (dates.problems.length) throw new ValidationFailed(dates.problems)
          const action = await services.actions.raise(request.params.id, input, contextOf(request))
          return reply.redirect(paths.action(request.params.id, action.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderRaise(request, reply, body, [...error.problems])
          throw error
        }
      },
    )

    // One action: its details, every step, and what the person may do next.
    app.get<ActionParams>(
      `${base}/actions/:actionId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { action, steps, may } = await services.actions.get(request.params.actionId, contextOf(request))
        if (action.investigationId !== request.params.id) return reply.callNotFound()
        return page(request, reply, 'actions/action.njk', {
          action,
          steps,
          may,
          statusLabels: ACTION_STATUS_LABELS,
          priorityLabels: ACTION_PRIORITY_LABELS,
          stepLabels: ACTION_STEP_LABELS,
          backLink: { text: 'Back to actions', href: paths.actions(request.params.id) },
        })
      },
    )

    /** A step's page: a form with a version field, re-shown with errors; success goes back to the action. */
    function stepRoutes(
      step: 'allocation' | 'result' | 'refer-back' | 'filing',
      access: 'actions:supervise' | 'actions:result',
      done: keyof typeof DONE,
      extra: (request: FastifyRequest<ActionParams>) => Promise<Record<string, unknown>>,
      take: (request: FastifyRequest<ActionParams>, body: Body, version: number) => Promise<unknown>,
    ) {
      const render = async (
        request: FastifyRequest<ActionParams>,
        reply: FastifyReply,
        values: Body,
        problems?: FieldProblem[],
        status = 200,
      ) => {
        const { action } = await services.actions.get(request.params.actionId, contextOf(request))
        if (action.investigationId !== request.params.id) return reply.callNotFound()
        return page(
          request,
          reply,
          `actions/${step}.njk`,
          {
            action,
            values: { version: String(action.version), ...values },
            parts: { dueOn: partsOf(values, 'dueOn') },
            errors: problems?.length ? errorsOf(problems) : undefined,
            ...(await extra(request)),
            backLink: { text: `Back to ${action.reference}`, href: paths.action(request.params.id, action.id) },
          },
          status,
        )
      }
      const url = `${base}/actions/:actionId/${step}`
      app.get<ActionParams>(url, { config: requires(access) }, async (request, reply) => render(request, reply, {}))
      app.post<ActionParams>(url, { config: { ...requires(access), confirms: DONE[done] } }, async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        if (!version.success)
          return render(request, reply, body, [{ path: 'form', message: 'Reload the page and try again' }], 400)
        try {
          const current = await services.actions.get(request.params.actionId, contextOf(request))
          if (current.action.investigationId !== request.params.id) return reply.callNotFound()
          await take(request, body, version.data.version)
        } catch (error) {
          if (error instanceof ValidationFailed) return render(request, reply, body, error.problems, 400)
          if (error instanceof Conflict)
            return render(request, reply, {}, [{ path: 'form', message: error.message }], 409)
          throw error
        }
        return reply.redirect(paths.action(request.params.id, request.params.actionId), 303)
      })
    }

    stepRoutes(
      'allocation',
      'actions:supervise',
      'allocated',
      async (request) => {
        const choices = await services.actions.choices(request.params.id, contextOf(request))
        return { people: choices.allocatable }
      },
      async (request, body, version) => {
        const dates = readDates(body, [{ name: 'dueOn', what: 'the due date', optional: true }])
        if (dates.problems.length) throw new ValidationFailed(dates.problems)
        return services.actions.allocate(
          request.params.actionId,
          { allocatedTo: text(body, 'allocatedTo'), dueOn: dates.values.dueOn ?? '', note: text(body, 'note') },
          version,
          contextOf(request),
        )
      },
    )

    stepRoutes(
      'result',
      'actions:result',
      'resulted',
      async (request) => {
        const ctx = contextOf(request)
        const [choices, statements] = await Promise.all([
          services.actions.choices(request.params.id, ctx),
          services.witnesses.statementLinkChoices(request.params.id, ctx),
        ])
        return {
          documents: choices.documents,
          // The event's date as people write it, not the stored ISO form.
          events: choices.chronologyEvents.map((e) => ({ id: e.id, label: `${formatDate(e.occurredOn)}: ${e.title}` })),
          statements,
        }
      },
      async (request, body, version) =>
        services.actions.result(
          request.params.actionId,
          {
            result: text(body, 'result'),
            documentIds: asArray(body.documentIds),
            chronologyEventIds: asArray(body.chronologyEventIds),
            statementIds: asArray(body.statementIds),
          },
          version,
          contextOf(request),
        ),
    )

    stepRoutes(
      'refer-back',
      'actions:supervise',
      'referred-back',
      async () => ({}),
      async (request, body, version) =>
        services.actions.referBack(request.params.actionId, { note: text(body, 'note') }, version, contextOf(request)),
    )

    stepRoutes(
      'filing',
      'actions:supervise',
      'filed',
      async () => ({}),
      async (request, body, version) =>
        services.actions.file(request.params.actionId, { reason: text(body, 'reason') }, version, contextOf(request)),
    )

    // Lines of enquiry.
    async function renderLineForm(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
    ) {
      const choices = await services.actions.choices(request.params.id, contextOf(request))
      const chosen = (name: string) => asArray(values[name])
      return page(
        request,
        reply,
        'actions/line-new.njk',
        {
          values,
          errors: problems?.length ? errorsOf(problems) : undefined,
          subjectItems: choices.subjects.map((s) => ({
            value: s.id,
            text: s.name,
            checked: chosen('subjectIds').includes(s.id),
          })),
          allegationItems: choices.allegations.map((a) => ({
            value: a.id,
            text: a.description.length > 120 ? `${a.description.slice(0, 117)}…` : a.description,
            checked: chosen('allegationIds').includes(a.id),
          })),
          backLink: { text: 'Back to actions', href: paths.actions(request.params.id) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(
      `${base}/lines-of-enquiry/new`,
      { config: requires('lines-of-enquiry:manage') },
      async (request, reply) => renderLineForm(request, reply, {}),
    )

    app.post<IdParams>(
      `${base}/lines-of-enquiry`,
      { config: { ...requires('lines-of-enquiry:manage'), confirms: DONE.opened } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        try {
          const line = await services.actions.addLine(
            request.params.id,
            {
              title: text(body, 'title'),
              description: text(body, 'description'),
              termsOfReferencePoint: text(body, 'termsOfReferencePoint'),
              subjectIds: asArray(body.subjectIds),
              allegationIds: asArray(body.allegationIds),
            },
            contextOf(request),
          )
          return reply.redirect(paths.lineOfEnquiry(request.params.id, line.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderLineForm(request, reply, body, error.problems)
          throw error
        }
      },
    )

    app.get<LineParams>(
      `${base}/lines-of-enquiry/:lineId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const { line, actions } = await services.actions.getLine(request.params.lineId, ctx)
        if (line.investigationId !== request.params.id) return reply.callNotFound()
        const choices = await services.actions.choices(request.params.id, ctx)
        return page(request, reply, 'actions/line.njk', {
          line,
          actions,
          subjects: choices.subjects.filter((s) => line.subjectIds.includes(s.id)),
          allegations: choices.allegations.filter((a) => line.allegationIds.includes(a.id)),
          statusLabels: ACTION_STATUS_LABELS,
          lineStatusLabels: LINE_OF_ENQUIRY_STATUS_LABELS,
          backLink: { text: 'Back to actions', href: paths.actions(request.params.id) },
        })
      },
    )

    const renderLineStatus = async (
      request: FastifyRequest<LineParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
      status = 200,
    ) => {
      const { line } = await services.actions.getLine(request.params.lineId, contextOf(request))
      if (line.investigationId !== request.params.id) return reply.callNotFound()
      const options =
        line.status === 'open'
          ? [
              { value: 'answered', text: 'Answered', hint: { text: 'Say what was established' } },
              { value: 'closed', text: 'Closed', hint: { text: 'Say why it is not pursued' } },
            ]
          : [{ value: 'open', text: 'Reopen it' }]
      return page(
        request,
        reply,
        'actions/line-status.njk',
        {
          line,
          values: { version: String(line.version), ...values },
          statusItems: options.map((o) => ({ ...o, checked: values.status === o.value })),
          errors: problems?.length ? errorsOf(problems) : undefined,
          backLink: { text: `Back to ${line.reference}`, href: paths.lineOfEnquiry(request.params.id, line.id) },
        },
        status,
      )
    }

    app.get<LineParams>(
      `${base}/lines-of-enquiry/:lineId/status`,
      { config: requires('lines-of-enquiry:manage') },
      async (request, reply) => renderLineStatus(request, reply, {}),
    )

    app.post<LineParams>(
      `${base}/lines-of-enquiry/:lineId/status`,
      { config: { ...requires('lines-of-enquiry:manage'), confirms: DONE['line-changed'] } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        const status = z.enum(['open', 'answered', 'closed']).safeParse(body.status)
        if (!version.success)
          return renderLineStatus(
            request,
            reply,
            body,
            [{ path: 'form', message: 'Reload the page and try again' }],
            400,
          )
        if (!status.success)
          return renderLineStatus(
            request,
            reply,
            body,
            [{ path: 'status', message: 'Choose what happens to the line of enquiry' }],
            400,
          )
        try {
          const { line } = await services.actions.getLine(request.params.lineId, contextOf(request))
          if (line.investigationId !== request.params.id) return reply.callNotFound()
          await services.actions.changeLine(
            request.params.lineId,
            { status: status.data, outcome: text(body, 'outcome') },
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed) return renderLineStatus(request, reply, body, error.problems, 400)
          if (error instanceof Conflict)
            return renderLineStatus(request, reply, {}, [{ path: 'form', message: error.message }], 409)
          throw error
        }
        return reply.redirect(paths.lineOfEnquiry(request.params.id, request.params.lineId), 303)
      },
    )
  }
}
