/**
 * A user's own account: turning on the second factor, and signing out of every device.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import QRCode from 'qrcode'
import { authorise } from '../../../domain/policy.js'
import { ROLE_LABELS, requiresSecondFactor } from '../../../domain/roles.js'
import { ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { formErrors, parseForm } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { TwoFactorForm } from '../signIn/signInValidation.js'

export default function accountRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.account(), { config: requires('account:manage-own') }, async (request, reply) => {
      const { user, actor } = request.currentSession!
      return reply.render('account/account.njk', {
        mayHaveApiTokens: authorise(actor, 'api-tokens:manage-own').allowed,
        mayHaveCalendar: authorise(actor, 'calendar:subscribe-own').allowed,
        user,
        roleLabels: user.roles.map((r) => ROLE_LABELS[r]),
        secondFactorRequired: requiresSecondFactor(user.roles),
      })
    })

    const renderSetup = async (
      request: FastifyRequest,
      reply: FastifyReply,
      errors?: ReturnType<typeof formErrors>,
    ) => {
      const setup = await services.authentication.beginSecondFactorSetup(request.currentSession!.user.id)
      const qrSvg = await QRCode.toString(setup.uri, { type: 'svg', margin: 1 })
      return reply.code(errors ? 400 : 200).render('signIn/set-up-two-factor.njk', {
        secret: setup.secret,
        qrSvg,
        required: false,
        errors,
        action: paths.accountTwoFactor(),
      })
    }

    app.get(paths.accountTwoFactor(), { config: requires('account:manage-own') }, async (request, reply) => {
      if (request.currentSession!.user.secondFactorEnabled) return reply.redirect(paths.account(), 303)
      return renderSetup(request, reply)
    })

    app.post(
      paths.accountTwoFactor(),
      {
        config: {
          ...requires('account:manage-own'),
          confirms: 'Your second factor is turned on. You will be asked for a code each time you sign in.',
        },
      },
      async (request, reply) => {
        const form = parseForm(TwoFactorForm, request.body)
        if (!form.ok) return renderSetup(request, reply, form.errors)
        try {
          const result = await services.authentication.confirmSecondFactorSetup(
            request.sessionToken!,
            form.data.code,
            contextOf(request),
          )
          if (result.ok) {
            reply.startSession(result.token)
            reply.rotateCsrfSecret()
          } else reply.confirm(null)
          return reply.redirect(paths.account(), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderSetup(request, reply, formErrors(error.problems))
          throw error
        }
      },
    )

    app.post(
      paths.accountSignOutEverywhere(),
      {
        config: {
          ...requires('account:manage-own'),
          confirms: {
            none: 'signs the person out everywhere, so there is no next page of theirs to confirm it on; the sign-in page says so',
          },
        },
      },
      async (request, reply) => {
        await services.authentication.signOutEverywhere(request.currentSession!.user.id, contextOf(request))
        reply.endSession()
        return reply.redirect(`${paths.signIn()}?signedOut=everywhere`, 303)
      },
    )
  }
}
