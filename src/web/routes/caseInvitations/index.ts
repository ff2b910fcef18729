/**
 * The families' portal, from the case: invite an interested person or their representative,
 * see and withdraw invitations, review what families have sent in, and see e-mails about the
 * case that could not be delivered.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { formErrors, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { sendDocument } from '../../uploads.js'

type IdParams = { Params: { id: string } }

export default function caseInvitationRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      id: string,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
    ) => {
      const ctx = contextOf(request)
      const header = await services.investigations.header(id, ctx)
      const [invitations, invitees, submissions, failedEmails] = await Promise.all([
        services.invitations.list(id, ctx),
        services.invitations.invitees(id, ctx),
        services.portal.submissionsForCase(id, ctx, { unreviewedOnly: true }),
        services.mail.failedForCase(id, ctx),
      ])
      const choices = invitees.flatMap((p) => [
        { value: p.id, text: `${p.full_name}${p.email ? ` (${p.email})` : ''}` },
        ...p.representatives.map((r) => ({
          value: `${p.id}:${r.id}`,
          text: `${r.full_name}, representative of ${p.full_name}${r.email ? ` (${r.email})` : ''}`,
        })),
      ])
      return reply.code(extra.errors ? 400 : 200).render('caseInvitations/invitations.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'overview',
        invitations,
        choices: [
          { value: '', text: 'Choose who to invite' },
          ...choices.map((c) => ({ ...c, selected: extra.values?.invitee === c.value })),
        ],
        submissions,
        failedEmails,
        canContribute: header.canContribute || choices.length > 0,
        values: extra.values ?? {},
        errors: extra.errors,
      })
    }

    app.get<IdParams>('/investigations/:id/invitations', { config: requires('family:read') }, async (request, reply) =>
      render(request, reply, request.params.id),
    )

    app.post<IdParams>(
      '/investigations/:id/invitations',
      {
        config: {
          ...requires('family:contribute'),
          confirms: 'The invitation is on its way by email. The link works once and expires in 14 days.',
        },
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        const invitee = typeof body.invitee === 'string' ? body.invitee : ''
        const [personId, representativeId] = invitee.split(':')
        const email = typeof body.email === 'string' && body.email.trim() !== '' ? body.email : null
        try {
          if (!personId) throw new ValidationFailed([{ path: 'invitee', message: 'Choose who to invite' }])
          await services.invitations.invite(
            request.params.id,
            { interestedPersonId: personId, representativeId: representativeId ?? null, email },
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed) {
            const problems = error.problems.map((p) =>
              p.path === 'interestedPersonId' || p.path === 'representativeId' ? { ...p, path: 'invitee' } : p,
            )
            return render(request, reply, request.params.id, { errors: formErrors(problems), values: body })
          }
          throw error
        }
        return reply.redirect(paths.investigationInvitations(request.params.id), 303)
      },
    )

    app.post<{ Params: { id: string; invitationId: string } }>(
      '/investigations/:id/invitations/:invitationId/revoke',
      { config: { ...requires('family:contribute'), confirms: 'The invitation is withdrawn.' } },
      async (request, reply) => {
        await services.invitations.revoke(request.params.invitationId, contextOf(request))
        return reply.redirect(paths.investigationInvitations(request.params.id), 303)
      },
    )

    app.post<{ Params: { id: string; submissionId: string } }>(
      '/investigations/:id/submissions/:submissionId/reviewed',
      { config: { ...requires('family:contribute'), confirms: 'The submission is marked as reviewed.' } },
      async (request, reply) => {
        await services.portal.markReviewed(request.params.id, request.params.submissionId, contextOf(request))
        return reply.redirect(paths.investigationInvitations(request.params.id), 303)
      },
    )

    app.get<{ Params: { id: string; submissionId: string } }>(
      '/investigations/:id/submissions/:submissionId/document',
      { config: requires('family:read') },
      async (request, reply) => {
        const { document, bytes } = await services.portal.submissionDocument(
          request.params.id,
          request.params.submissionId,
          contextOf(request),
        )
        return sendDocument(reply, document, bytes)
      },
    )
  }
}
