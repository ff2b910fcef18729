/**
 * A member of staff's iCalendar feeds of their deadlines: list, create (the URL is shown once),
 * revoke; and the feed itself at /calendar/<token>.ics, public by its secret token.
 */
import type { FastifyInstance } from 'fastify'
import type { Services } from '../../../services/index.js'
import { publicAccess, requires } from '../../access.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

export default function calendarFeedRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const own = { config: requires('calendar:subscribe-own') }
    app.get(paths.accountCalendarFeeds(), own, async (request, reply) => {
      const feeds = await services.calendarFeeds.list(contextOf(request))
      return reply.render('calendarFeeds/list.njk', { feeds })
    })

    app.post(
      paths.accountCalendarFeeds(),
      { config: { ...own.config, confirms: 'The calendar link has been created' } },
      async (request, reply) => {
        const { url } = await services.calendarFeeds.create(contextOf(request))
        return reply.render('calendarFeeds/created.njk', { url })
      },
    )

    app.post<{ Params: { id: string } }>(
      '/account/calendar-feeds/:id/revoke',
      { config: { ...own.config, confirms: 'The calendar link is revoked. Calendars using it will stop updating.' } },
      async (request, reply) => {
        await services.calendarFeeds.revoke(request.params.id, contextOf(request))
        return reply.redirect(paths.accountCalendarFeeds(), 303)
      },
    )

    app.get<{ Params: { file: string } }>('/calendar/:file', { config: publicAccess }, async (request, reply) => {
      const token = /^(.+)\.ics$/.exec(request.params.file)?.[1]
      const text = token ? await services.calendarFeeds.render(token) : null
      if (text === null) return reply.code(404).render('pages/not-found.njk')
      return reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', 'inline; filename="candour-deadlines.ics"')
        .header('cache-control', 'private, max-age=300')
        .send(text)
    })
  }
}
