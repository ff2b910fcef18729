/** Administrators' view of the e-mail outbox: every message, its status and delivery failures; retry a failed one. */
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

const STATUSES = ['pending', 'sent', 'failed'] as const
type Status = (typeof STATUSES)[number]

export default function adminOutboxRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const view = { config: requires('mail:outbox:view') }
    app.get<{ Querystring: { status?: string; before?: string } }>(
      paths.adminOutbox(),
      view,
      async (request, reply) => {
        const status = STATUSES.includes(request.query.status as Status) ? (request.query.status as Status) : undefined
        const before = /^(\d{13})_([0-9a-f-]{36})$/.exec(request.query.before ?? '')
        const page = await services.mail.list(contextOf(request), {
          ...(status ? { status } : {}),
          ...(before ? { before: { createdAt: new Date(Number(before[1])), id: before[2]! } } : {}),
        })
        const nextHref = page.next
          ? `${paths.adminOutbox()}?${new URLSearchParams({ ...(status ? { status } : {}), before: `${page.next.createdAt.getTime()}_${page.next.id}` })}`
          : null
        return reply.render('adminOutbox/list.njk', {
          page,
          status,
          nextHref,
          transport: services.mail.transportKind,
        })
      },
    )

    app.post<{ Params: { id: string } }>(
      '/admin/outbox/:id/retry',
      {
        config: {
          ...view.config,
          confirms: 'The message is back in the queue and will be sent at the next delivery run.',
        },
      },
      async (request, reply) => {
        await services.mail.retry(request.params.id, contextOf(request))
        return reply.redirect(`${paths.adminOutbox()}?status=failed`, 303)
      },
    )
  }
}
