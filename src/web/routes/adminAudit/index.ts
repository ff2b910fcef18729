/** The audit trail for administrators: newest first, keyset-paginated, with chain verification. */
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

const PAGE_SIZE = 50

export default function adminAuditRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { before?: string } }>(
      paths.adminAudit(),
      { config: requires('audit:view') },
      async (request, reply) => {
        const before = Number.parseInt(String(request.query.before ?? ''), 10)
        const entries = await services.audit.recent(contextOf(request), {
          limit: PAGE_SIZE + 1,
          ...(Number.isSafeInteger(before) && before > 0 ? { beforeSeq: before } : {}),
        })
        const shown = entries.slice(0, PAGE_SIZE)
        return reply.render('adminAudit/list.njk', {
          entries: shown.map((e) => ({ ...e, detailJson: JSON.stringify(e.detail) })),
          nextHref: entries.length > PAGE_SIZE ? `${paths.adminAudit()}?before=${shown[shown.length - 1]!.seq}` : null,
        })
      },
    )

    app.post(
      paths.adminAuditVerify(),
      {
        config: {
          ...requires('audit:verify'),
          confirms: { none: 'a check, not a change: the result is shown on the page it answers with' },
        },
      },
      async (request, reply) => {
        const result = await services.audit.verify(contextOf(request))
        return reply.render('adminAudit/verified.njk', { result })
      },
    )
  }
}
