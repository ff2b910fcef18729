/**
 * The Disclosure tab: the case's disclosure schedules; starting one; listing material on it as
 * used or unused (sensitive or not); issuing a version (the lead); exporting as PDF or CSV.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { SCHEDULE_PARTS, SCHEDULE_PART_LABELS, partOf } from '../../../domain/disclosure.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { VersionField } from '../actions/index.js'

type IdParams = { Params: { id: string } }
type ScheduleParams = { Params: { id: string; scheduleId: string } }
type Body = Record<string, unknown>

const DONE = { created: 'Schedule started', added: 'Material listed', issued: 'Version issued' } as const
const text = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')

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
        const kind = text(body, 'kind')
        try {
          if (!version.success) throw new ValidationFailed([{ path: 'form', message: 'Reload the page and try again' }])
          if (!['used', 'unused', 'sensitive'].includes(kind))
            throw new ValidationFailed([{ path: 'kind', message: 'Choose used, unused or unused and sensitive' }])
          await services.disclosure.addItem(
            request.params.scheduleId,
            {
              category: kind === 'used' ? 'used' : 'unused',
              sensitive: kind === 'sensitive',
              description: text(body, 'description'),
              sensitivityReason: kind === 'sensitive' ? text(body, 'sensitivityReason') : '',
              documentId: text(body, 'documentId'),
              location: text(body, 'location'),
            },
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
