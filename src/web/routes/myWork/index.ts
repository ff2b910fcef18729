/**
 * "My work": the actions allocated to the signed-in person that are still owed, across their
 * cases, overdue first. Shown as a block on the home page (myWorkBlock, self-contained so the
 * home page can be redesigned around it) and in full, in keyset pages, at /my-work.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { ACTION_PRIORITY_LABELS, ACTION_STATUS_LABELS } from '../../../domain/actions.js'
import { authorise } from '../../../domain/policy.js'
import { isPlainDate } from '../../../domain/calendar.js'
import { decodeCursor, encodeCursor } from '../../../http/cursor.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

export const MY_WORK_PATH = '/my-work'

const Position = z.object({ dueKey: z.string().refine(isPlainDate), id: z.uuid() })
const Query = z.object({ cursor: z.string().max(500).optional().catch(undefined) })

const labels = { statusLabels: ACTION_STATUS_LABELS, priorityLabels: ACTION_PRIORITY_LABELS }

/**
 * The home page's block: the first few items, or null when the person is not someone actions
 * are allocated to. Include "myWork/block.njk" with the returned object as `myWork`.
 */
export async function myWorkBlock(services: Services, request: FastifyRequest) {
  const actor = request.currentSession?.actor
  if (!actor || !authorise(actor, 'actions:result').allowed) return null
  const page = await services.actions.myWork(contextOf(request), { limit: 10 })
  return { ...page, ...labels, allHref: MY_WORK_PATH, more: page.next !== null }
}

export default function myWorkRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(MY_WORK_PATH, { config: requires('actions:result') }, async (request, reply) => {
      const q = Query.parse(request.query ?? {})
      let after
      try {
        after = decodeCursor(q.cursor, Position)
      } catch {
        after = undefined
      }
      const page = await services.actions.myWork(contextOf(request), { limit: 50, ...(after ? { after } : {}) })
      return reply.render('myWork/page.njk', {
        myWork: { ...page, ...labels },
        nextHref: page.next ? `${MY_WORK_PATH}?cursor=${encodeCursor(page.next)}` : null,
        firstHref: q.cursor ? MY_WORK_PATH : null,
        backLink: { text: 'Home', href: paths.home() },
      })
    })
  }
}
