/**
 * The family portal: accepting an invitation (public, by its token), then — signed in as an
 * interested person or representative — their investigations, one investigation's progress,
 * updates, meeting notes and letters, and a form to send a message or a document to the team.
 * Every case read goes through services.portal, which checks the person's portal access.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { z } from 'zod'
import { PORTAL_STEPS } from '../../../domain/portalProgress.js'
import { NotFound, ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { InvitationUnusable } from '../../../services/portal/invitations.js'
import { TooManyAttempts } from '../../../services/attemptThrottle.js'
import { publicAccess, requires } from '../../access.js'
import { formErrors, parseForm, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { readUpload, registerUploads, sendDocument, UploadRejected } from '../../uploads.js'

type IdParams = { Params: { id: string } }
const AcceptForm = z.object({ password: z.string().min(1, 'Enter a password'), confirmPassword: z.string().optional() })

export default function portalRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    await registerUploads(app)
    const portalUse = { config: requires('portal:use') }

    // ---- invitations (public: the token is the credential)

    const renderInvitation = async (reply: FastifyReply, token: string, errors?: FormErrors, status = 400) => {
      try {
        const invitation = await services.invitations.inspect(token)
        return reply.code(errors ? status : 200).render('portal/invitation.njk', { invitation, token, errors })
      } catch (error) {
        if (error instanceof InvitationUnusable) {
          return reply
            .code(error.reason === 'unknown' ? 404 : 410)
            .render('portal/invitation-unusable.njk', { message: error.message })
        }
        throw error
      }
    }

    app.get<{ Params: { token: string } }>(
      '/portal/invitations/:token',
      { config: publicAccess },
      async (request, reply) => renderInvitation(reply, request.params.token),
    )

    app.post<{ Params: { token: string } }>(
      '/portal/invitations/:token',
      {
        config: {
          ...publicAccess,
          confirms: { none: 'accepting an invitation signs the family member in; the welcome page greets them' },
        },
      },
      async (request, reply) => {
        const { token } = request.params
        const form = parseForm(AcceptForm, request.body)
        if (!form.ok) return renderInvitation(reply, token, form.errors)
        const invitation = await services.invitations.inspect(token).catch(() => null)
        if (invitation && !invitation.hasAccount && form.data.password !== form.data.confirmPassword) {
          return renderInvitation(
            reply,
            token,
            formErrors([{ path: 'confirmPassword', message: 'The passwords do not match' }]),
          )
        }
        try {
          const ctx = contextOf(request)
          const client = request.signInClient()
          const accepted = await services.invitations.accept(
            token,
            { password: form.data.password },
            ctx,
            new Date(),
            client,
          )
          const signedIn = await services.authentication.signIn(
            { email: accepted.email, password: form.data.password, previousToken: request.sessionToken ?? undefined },
            ctx,
            client,
          )
          if (!signedIn.ok) return reply.redirect(paths.signIn(), 303)
          reply.startSession(signedIn.token)
          reply.rememberDevice(signedIn.deviceToken)
          reply.rotateCsrfSecret()
          return reply.redirect(signedIn.stage === 'authenticated' ? paths.portalWelcome() : paths.signIn(), 303)
        } catch (error) {
          if (error instanceof TooManyAttempts) {
            // A link that names no invitation gets the error page (429, the errors plugin); a real one its form.
            if (
              !(await services.invitations.inspect(token).then(
                () => true,
                () => false,
              ))
            )
              throw error
            reply.header('retry-after', String(error.retryAfterSeconds))
            return renderInvitation(reply, token, formErrors([{ path: 'password', message: error.message }]), 429)
          }
          if (error instanceof ValidationFailed) return renderInvitation(reply, token, formErrors(error.problems))
          if (error instanceof InvitationUnusable)
            return reply.code(410).render('portal/invitation-unusable.njk', { message: error.message })
          throw error
        }
      },
    )

    app.get(paths.portalWelcome(), portalUse, async (request, reply) => {
      const cases = await services.portal.cases(contextOf(request))
      return reply.render('portal/welcome.njk', {
        cases,
        secondFactorEnabled: request.currentSession!.user.secondFactorEnabled,
      })
    })

    // ---- the portal

    app.get(paths.portal(), portalUse, async (request, reply) => {
      const cases = await services.portal.cases(contextOf(request))
      if (cases.length === 1) return reply.redirect(paths.portalCase(cases[0]!.id), 303)
      return reply.render('portal/cases.njk', { cases })
    })

    const renderCase = async (
      request: Parameters<typeof contextOf>[0],
      reply: FastifyReply,
      id: string,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
    ) => {
      const ctx = contextOf(request)
      const c = await services.portal.overview(id, ctx)
      const [updates, meetings, letters, submissions, releasedReport, contacts] = await Promise.all([
        services.portal.updates(id, ctx),
        services.portal.meetings(id, ctx),
        services.portal.letters(id, ctx),
        services.portal.submissions(id, ctx),
        services.portal.releasedReport(id, ctx),
        services.portal.liaisonContacts(id, ctx),
      ])
      return reply.code(extra.errors ? 400 : 200).render('portal/case.njk', {
        c,
        updates,
        meetings,
        letters,
        submissions,
        releasedReport,
        contacts,
        steps: PORTAL_STEPS,
        values: extra.values ?? {},
        errors: extra.errors,
      })
    }

    app.get<IdParams>('/portal/cases/:id', portalUse, async (request, reply) =>
      renderCase(request, reply, request.params.id),
    )

    /** The message form, a page of its own (one thing per page), linked from the top of the case. */
    const renderMessageForm = async (
      request: Parameters<typeof contextOf>[0],
      reply: FastifyReply,
      id: string,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
    ) => {
      const ctx = contextOf(request)
      const [c, contacts] = await Promise.all([
        services.portal.overview(id, ctx),
        services.portal.liaisonContacts(id, ctx),
      ])
      return reply.code(extra.errors ? 400 : 200).render('portal/message.njk', {
        c,
        contacts,
        values: extra.values ?? {},
        errors: extra.errors,
      })
    }

    app.get<IdParams>('/portal/cases/:id/messages/new', portalUse, async (request, reply) =>
      renderMessageForm(request, reply, request.params.id),
    )

    app.post<IdParams>(
      '/portal/cases/:id/messages',
      { config: { ...portalUse.config, confirms: 'Your message has been sent to the investigation team.' } },
      async (request, reply) => {
        const id = request.params.id
        let fields: Record<string, string> = {}
        try {
          const upload = await readUpload(request)
          fields = upload.fields
          await services.portal.submit(id, { message: fields.message, file: upload.file }, contextOf(request))
        } catch (error) {
          if (error instanceof UploadRejected)
            return renderMessageForm(request, reply, id, { errors: formErrors(error.problems), values: error.fields })
          if (error instanceof ValidationFailed)
            return renderMessageForm(request, reply, id, { errors: formErrors(error.problems), values: fields })
          throw error
        }
        return reply.redirect(paths.portalCase(id), 303)
      },
    )

    app.get<IdParams>('/portal/cases/:id/report.pdf', portalUse, async (request, reply) => {
      const report = await services.portal.releasedReportPdf(request.params.id, contextOf(request))
      return sendDocument(
        reply,
        { original_filename: report.filename, media_type: 'application/pdf', sha256: report.sha256 },
        report.bytes,
      )
    })

    app.get<{ Params: { id: string; letterId: string } }>(
      '/portal/cases/:id/letters/:letterId',
      portalUse,
      async (request, reply) => {
        const letter = await services.portal.letter(request.params.id, request.params.letterId, contextOf(request))
        if (!letter) throw new NotFound('The letter')
        return sendDocument(
          reply,
          { original_filename: letter.filename, media_type: 'application/pdf', sha256: letter.sha256 },
          letter.bytes,
        )
      },
    )
  }
}
