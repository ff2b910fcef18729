/**
 * The Disclosure tab: the case's disclosure schedules; starting one; listing material on it as
 * used or unused (sensitive or not), changing or removing an item on the working list (each on
 * its own page); issuing a version (the lead); exporting as PDF or CSV.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { SCHEDULE_PARTS, SCHEDULE_PART_LABELS, partOf } from '../../../domain/disclosure.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import type { ItemInputType } from '../../../services/disclosure.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { VersionField } from '../actions/index.js'

type IdParams = { Params: { id: string } }
type ScheduleParams = { Params: { id: string; scheduleId: string } }
type ItemParams = { Params: { id: string; scheduleId: string; itemId: string } }
type Body = Record<string, unknown>

const DONE = {
  created: 'Schedule started',
  added: 'Material listed',
  changed: 'Item on the schedule changed',
  removed: 'Item removed from the schedule',
  issued: 'Version issued',
} as const
const text = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')

/** The form's one question "the material is" (used / unused / unused and sensitive) as the service's fields. */
function itemInputOf(body: Body): ItemInputType {
  const kind = text(body, 'kind')
  if (!['used', 'unused', 'sensitive'].includes(kind))
    throw new ValidationFailed([{ path: 'kind', message: 'Choose used, unused or unused and sensitive' }])
  return {
    category: kind === 'used' ? 'used' : 'unused',
    sensitive: kind === 'sensitive',
    description: text(body, 'description'),
    sensitivityReason: kind === 'sensitive' ? text(body, 'sensitivityReason') : '',
    documentId: text(body, 'documentId'),
    location: text(body, 'location'),
  }
}

export default function disclosureRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/disclosure`

    async function page(request: FastifyRequest, reply: FastifyReply, template: string, values: object, status = 200) {
      const id = (request.params as { id: string }).id
      const header = await services.investigations.header(id, contextOf(request))
      return reply.code(status).render(template, { caseHeader: caseHeader(header), activeTab: 'disclosure', ...values })
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) => {
      const list = await services.disclosure.list(request.params.id, contextOf(request), { limit: 500 })
      return page(request, reply, 'disclosure/list.njk', { schedules: list.items, may: list.may })
    })

    async function renderNew(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
    ) {
      return page(
        request,
        reply,
        'disclosure/new.njk',
        {
          values,
          errors: problems?.length ? formErrors(problems) : undefined,
          backLink: { text: 'Back to disclosure', href: paths.disclosureSchedules(request.params.id) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(`${base}/new`, { config: requires('disclosure:prepare') }, async (request, reply) =>
      renderNew(request, reply, {}),
    )

    app.post<IdParams>(
      base,
      { config: { ...requires('disclosure:prepare'), confirms: DONE.created } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        try {
          const s = await services.disclosure.create(
            request.params.id,
            { title: text(body, 'title'), purpose: text(body, 'purpose') },
            contextOf(request),
          )
          return reply.redirect(paths.disclosureSchedule(request.params.id, s.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderNew(request, reply, body, error.problems)
          throw error
        }
      },
    )

    async function renderSchedule(
      request: FastifyRequest<ScheduleParams>,
      reply: FastifyReply,
      extra: { values?: Body; problems?: FieldProblem[] } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const got = await services.disclosure.get(request.params.scheduleId, ctx)
      if (got.schedule.investigationId !== request.params.id) return reply.callNotFound()
      const documents = got.may.prepare ? (await services.actions.choices(request.params.id, ctx)).documents : []
      const values = extra.values ?? {}
      return page(
        request,
        reply,
        'disclosure/schedule.njk',
        {
          ...got,
          parts: SCHEDULE_PARTS.map((p) => ({
            part: p,
            label: SCHEDULE_PART_LABELS[p],
            items: got.items.filter((i) => partOf(i) === p),
          })),
          values,
          errors: extra.problems?.length ? formErrors(extra.problems) : undefined,
          documentOptions: [
            { value: '', text: 'Not in the evidence register' },
            ...documents.map((d) => ({ value: d.id, text: d.label, selected: values.documentId === d.id })),
          ],
          backLink: { text: 'Back to disclosure', href: paths.disclosureSchedules(request.params.id) },
        },
        status,
      )
    }

    app.get<ScheduleParams>(
      `${base}/:scheduleId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderSchedule(request, reply),
    )

    app.post<ScheduleParams>(
      `${base}/:scheduleId/items`,
      { config: { ...requires('disclosure:prepare'), confirms: DONE.added } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        try {
          if (!version.success) throw new ValidationFailed([{ path: 'form', message: 'Reload the page and try again' }])
          await services.disclosure.addItem(
            request.params.scheduleId,
            itemInputOf(body),
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderSchedule(request, reply, { values: body, problems: error.problems }, 400)
          if (error instanceof Conflict)
            return renderSchedule(
              request,
              reply,
              { values: body, problems: [{ path: 'form', message: error.message }] },
              409,
            )
          throw error
        }
        return reply.redirect(paths.disclosureSchedule(request.params.id, request.params.scheduleId), 303)
      },
    )

    // Changing or removing an item on the working list, each on its own page -----------------

    async function loadItem(request: FastifyRequest<ItemParams>) {
      const got = await services.disclosure.get(request.params.scheduleId, contextOf(request))
      if (got.schedule.investigationId !== request.params.id) return undefined
      const item = got.items.find((i) => i.id === request.params.itemId)
      return item ? { ...got, item } : undefined
    }

    async function renderItem(
      request: FastifyRequest<ItemParams>,
      reply: FastifyReply,
      extra: { values?: Body; problems?: FieldProblem[]; status?: number } = {},
    ) {
      const ctx = contextOf(request)
      const got = await loadItem(request)
      if (!got) return reply.callNotFound()
      const { item, schedule } = got
      const values: Body = extra.values ?? {
        kind: item.category === 'used' ? 'used' : item.sensitive ? 'sensitive' : 'unused',
        description: item.description,
        sensitivityReason: item.sensitivityReason ?? '',
        documentId: item.documentId ?? '',
        location: item.location ?? '',
      }
      const documents = (await services.actions.choices(request.params.id, ctx)).documents
      return page(
        request,
        reply,
        'disclosure/item.njk',
        {
          schedule,
          item,
          values,
          errors: extra.problems?.length ? formErrors(extra.problems) : undefined,
          documentOptions: [
            { value: '', text: 'Not in the evidence register' },
            ...documents.map((d) => ({ value: d.id, text: d.label, selected: values.documentId === d.id })),
          ],
          backLink: {
            text: `Back to ${schedule.reference}`,
            href: paths.disclosureSchedule(request.params.id, schedule.id),
          },
        },
        extra.status ?? 200,
      )
    }

    app.get<ItemParams>(
      `${base}/:scheduleId/items/:itemId`,
      { config: requires('disclosure:prepare') },
      (request, reply) => renderItem(request, reply),
    )

    app.post<ItemParams>(
      `${base}/:scheduleId/items/:itemId`,
      { config: { ...requires('disclosure:prepare'), confirms: DONE.changed } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        try {
          if (!version.success) throw new ValidationFailed([{ path: 'form', message: 'Reload the page and try again' }])
          if (!(await loadItem(request))) return reply.callNotFound()
          await services.disclosure.changeItem(
            request.params.scheduleId,
            request.params.itemId,
            itemInputOf(body),
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderItem(request, reply, { values: body, problems: error.problems, status: 400 })
          if (error instanceof Conflict)
            return renderItem(request, reply, {
              values: body,
              problems: [{ path: 'form', message: error.message }],
              status: 409,
            })
          throw error
        }
        return reply.redirect(paths.disclosureSchedule(request.params.id, request.params.scheduleId), 303)
      },
    )

    async function renderRemove(
      request: FastifyRequest<ItemParams>,
      reply: FastifyReply,
      problems?: FieldProblem[],
      status = 200,
    ) {
      const got = await loadItem(request)
      if (!got) return reply.callNotFound()
      return page(
        request,
        reply,
        'disclosure/item-remove.njk',
        {
          schedule: got.schedule,
          item: got.item,
          errors: problems?.length ? formErrors(problems) : undefined,
          backLink: {
            text: `Back to ${got.schedule.reference}`,
            href: paths.disclosureSchedule(request.params.id, got.schedule.id),
          },
        },
        status,
      )
    }

    app.get<ItemParams>(
      `${base}/:scheduleId/items/:itemId/remove`,
      { config: requires('disclosure:prepare') },
      (request, reply) => renderRemove(request, reply),
    )

    app.post<ItemParams>(
      `${base}/:scheduleId/items/:itemId/remove`,
      { config: { ...requires('disclosure:prepare'), confirms: DONE.removed } },
      async (request, reply) => {
        const version = VersionField.safeParse(request.body ?? {})
        try {
          if (!version.success) throw new Conflict()
          if (!(await loadItem(request))) return reply.callNotFound()
          await services.disclosure.removeItem(
            request.params.scheduleId,
            request.params.itemId,
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof Conflict)
            return renderRemove(request, reply, [{ path: 'form', message: error.message }], 409)
          throw error
        }
        return reply.redirect(paths.disclosureSchedule(request.params.id, request.params.scheduleId), 303)
      },
    )

    app.post<ScheduleParams>(
      `${base}/:scheduleId/issue`,
      { config: { ...requires('disclosure:issue'), confirms: DONE.issued } },
      async (request, reply) => {
        const version = VersionField.safeParse(request.body ?? {})
        try {
          if (!version.success) throw new Conflict()
          await services.disclosure.issue(request.params.scheduleId, version.data.version, contextOf(request))
        } catch (error) {
          if (error instanceof Conflict || error instanceof InvalidTransition)
            return renderSchedule(request, reply, { problems: [{ path: 'form', message: error.message }] }, 409)
          throw error
        }
        return reply.redirect(paths.disclosureSchedule(request.params.id, request.params.scheduleId), 303)
      },
    )

    for (const format of ['pdf', 'csv'] as const) {
      app.get<ScheduleParams>(
        `${base}/:scheduleId/schedule.${format}`,
        { config: requires('investigation:read-case-file') },
        async (request, reply) => {
          const q = z
            .object({ version: z.coerce.number().int().min(1).max(2147483647).optional().catch(undefined) })
            .parse(request.query ?? {})
          const got = await services.disclosure.get(request.params.scheduleId, contextOf(request))
          if (got.schedule.investigationId !== request.params.id) return reply.callNotFound()
          const { filename, body } = await services.disclosure.export(
            request.params.scheduleId,
            format,
            contextOf(request),
            q.version,
          )
          return reply
            .header('content-type', format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${filename}"`)
            .send(body)
        },
      )
    }
  }
}
