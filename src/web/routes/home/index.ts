import type { FastifyInstance } from 'fastify'
import { authorise } from '../../../domain/policy.js'
import { ROLE_LABELS } from '../../../domain/roles.js'
import { DEFAULT_DUE_SOON_DAYS } from '../../../services/keepInformed.js'
import { contextOf } from '../../requestContext.js'
import { requires } from '../../access.js'
import { paths } from '../../paths.js'
import type { Services } from '../../../services/index.js'
import { myWorkBlock } from '../myWork/index.js'

/** The signed-in start page: the person's own work, by role, the most urgent first (ADR 0016). */
export default function homeRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.home(), { config: requires('service:home') }, async (request, reply) => {
      const { user, actor } = request.currentSession!
      // A family's home is their case: the portal lands them on it (or on the list of theirs).
      if (user.roles.length > 0 && user.roles.every((r) => r === 'interested_person'))
        return reply.redirect(paths.portal(), 303)
      const work = await services.home.work(contextOf(request))
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
          title: 'Mail outbox',
          href: paths.adminOutbox(),
          text: 'See the emails the service has sent or is retrying.',
          action: 'mail:outbox:view' as const,
        },
        {
          title: 'Imports of history',
          href: paths.adminImports(),
          text: 'Bring in past cases, officers and allegations from an earlier system, and follow each import.',
          action: 'history:import' as const,
        },
        {
          title: 'Your account',
          href: paths.account(),
          text: 'Set up a second factor, API tokens and sign out of every device.',
          action: 'account:manage-own' as const,
        },
      ].filter((c) => authorise(actor, c.action).allowed)
      return reply.render('home/home.njk', {
        cards,
        roles: user.roles.map((r) => ROLE_LABELS[r]),
        myWork: await myWorkBlock(services, request),
        dueWithinDays: DEFAULT_DUE_SOON_DAYS,
        links: {
          investigations: paths.investigations(),
          keepInformed: paths.keepInformed(),
          authorityReports: paths.authorityReports(),
        },
        work: {
          ...work,
          awaitingDecision: work.awaitingDecision?.map((r) => ({ ...r, href: paths.investigationTab(r.id, 'report') })),
          deadlines: work.deadlines?.map((c) => ({ ...c, href: paths.investigation(c.id) })),
          familyMessages: work.familyMessages?.map((m) => ({
            ...m,
            href: paths.investigationInvitations(m.investigation_id),
          })),
          dueUpdates: work.dueUpdates?.map((p) => ({
            ...p,
            href: paths.familyPerson(p.investigationId, p.interestedPersonId),
          })),
          reportsToAnswer: work.reportsToAnswer?.map((r) => ({
            ...r,
            href: paths.authorityReport(r.investigation_id),
          })),
        },
      })
    })
  }
}
