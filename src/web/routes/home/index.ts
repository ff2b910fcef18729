import type { FastifyInstance } from 'fastify'
import { authorise } from '../../../domain/policy.js'
import { ROLE_LABELS } from '../../../domain/roles.js'
import { requires } from '../../access.js'
import { paths } from '../../paths.js'
import type { Services } from '../../../services/index.js'
import { myWorkBlock } from '../myWork/index.js'

/** The signed-in start page: what this person can do, by role. */
export default function homeRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.home(), { config: requires('service:home') }, async (request, reply) => {
      const { user, actor } = request.currentSession!
      const cards = [
        {
          title: 'Users',
          href: paths.adminUsers(),
          text: 'Add people, grant roles, disable accounts and reset passwords.',
          action: 'users:manage' as const,
        },
        {
          title: 'Audit trail',
          href: paths.adminAudit(),
          text: 'See every change and every read of personal data, and verify the chain.',
          action: 'audit:view' as const,
        },
        {
          title: 'Your account',
          href: paths.account(),
          text: 'Set up a second factor and sign out of every device.',
          action: 'account:manage-own' as const,
        },
      ].filter((c) => authorise(actor, c.action).allowed)
      return reply.render('home/home.njk', {
        cards,
        roles: user.roles.map((r) => ROLE_LABELS[r]),
        myWork: await myWorkBlock(services, request),
      })
    })
  }
}
