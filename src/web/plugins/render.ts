/**
 * reply.render(template, context): renders a Nunjucks page with what every page needs (the
 * signed-in user, their navigation, the CSRF token and the CSP nonce) merged in.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import fp from 'fastify-plugin'
import './confirmation.js'
import type nunjucks from 'nunjucks'
import { authorise, type Action } from '../../domain/policy.js'
import { paths } from '../paths.js'

declare module 'fastify' {
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>): FastifyReply
    cspNonce: { script: string; style: string }
  }
}

interface NavigationItem {
  text: string
  href: string
  action: Action
}

const NAVIGATION: NavigationItem[] = [
  { text: 'Home', href: paths.home(), action: 'service:home' },
  { text: 'Investigations', href: paths.investigations(), action: 'investigations:list' },
  { text: 'Reports to answer', href: paths.authorityReports(), action: 'authority:read-report' },
  { text: 'Keep-informed', href: paths.keepInformed(), action: 'keep-informed:dashboard' },
  { text: 'Flagged officers', href: paths.officersFlagged(), action: 'officers:read-record' },
  { text: 'Statistics', href: paths.statistics(), action: 'statistics:read' },
  { text: 'Users', href: paths.adminUsers(), action: 'users:manage' },
  { text: 'Audit trail', href: paths.adminAudit(), action: 'audit:view' },
  { text: 'Outbox', href: paths.adminOutbox(), action: 'mail:outbox:view' },
  { text: 'Imports', href: paths.adminImports(), action: 'history:import' },
  { text: 'Your investigation', href: paths.portal(), action: 'portal:use' },
  { text: 'Your account', href: paths.account(), action: 'account:manage-own' },
]

async function renderPlugin(app: FastifyInstance, options: { env: nunjucks.Environment }) {
  app.decorateReply('render', function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
    const request = this.request
    const session = request.currentSession?.stage === 'authenticated' ? request.currentSession : null
    const currentPath = request.url.split('?')[0]
    const navigation = session
      ? NAVIGATION.filter((item) => authorise(session.actor, item.action).allowed).map((item) => ({
          text: item.text,
          href: item.href,
          active: item.href === '/' ? currentPath === '/' : currentPath?.startsWith(item.href),
        }))
      : []
    // The confirmation of the person's last change shows once, on the page after it; a form that
    // answers with a page of its own (a new password, shown once) confirms on that page (ADR 0022).
    const declared = request.routeOptions.config?.confirms
    const answered =
      request.method === 'POST' && this.statusCode < 300 && typeof declared === 'string'
        ? this.confirmation === undefined
          ? declared
          : this.confirmation
        : null
    const confirmation = answered ?? session?.confirmation ?? null
    if (confirmation && !answered) request.confirmationShown = confirmation
    const html = options.env.render(template, {
      confirmation,
      currentUser: session?.user ?? null,
      navigation,
      csrfToken: request.csrfToken(this),
      cspNonce: this.cspNonce?.script,
      requestId: String(request.id),
      currentPath,
      ...context,
    })
    return this.type('text/html; charset=utf-8').send(html)
  })
}

export default fp(renderPlugin, { name: 'candour-render', dependencies: ['candour-csrf'] })
