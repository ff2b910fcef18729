/**
 * Signing in: e-mail and password, then (where set up or required) the authenticator code.
 */
import type { FastifyInstance } from 'fastify'
import QRCode from 'qrcode'
import type { Services } from '../../../services/index.js'
import { ValidationFailed } from '../../../services/errors.js'
import { TooManyAttempts } from '../../../services/attemptThrottle.js'
import { publicAccess, signingIn } from '../../access.js'
import { formErrors, parseForm } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { safeReturnTo, SignInForm, TwoFactorForm } from './signInValidation.js'

export default function signInRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { returnTo?: string } }>(
      paths.signIn(),
      { config: publicAccess },
      async (request, reply) => {
        if (request.currentSession?.stage === 'authenticated') return reply.redirect(paths.home(), 303)
        return reply.render('signIn/sign-in.njk', { returnTo: safeReturnTo(request.query.returnTo), values: {} })
      },
    )

    app.post(
      paths.signIn(),
      {
        config: {
          ...publicAccess,
          confirms: { none: 'signing in is not a change to the case; the home page follows' },
        },
      },
      async (request, reply) => {
        const form = parseForm(SignInForm, request.body)
        const values = { email: (request.body as Record<string, unknown> | undefined)?.email ?? '' }
        if (!form.ok) {
          return reply.code(400).render('signIn/sign-in.njk', {
            errors: form.errors,
            values,
            returnTo: safeReturnTo((request.body as { returnTo?: string })?.returnTo),
          })
        }
        const result = await services.authentication
          .signIn(
            { email: form.data.email, password: form.data.password, previousToken: request.sessionToken ?? undefined },
            { actor: null, requestId: String(request.id) },
            request.signInClient(),
          )
          .catch((error: unknown) => {
            if (error instanceof TooManyAttempts) return error
            throw error
          })
        if (result instanceof TooManyAttempts) {
          return reply
            .code(429)
            .header('retry-after', String(result.retryAfterSeconds))
            .render('signIn/sign-in.njk', {
              errors: formErrors([{ path: 'email', message: result.message }]),
              values,
              returnTo: safeReturnTo(form.data.returnTo),
            })
        }
        if (!result.ok) {
          return reply.code(401).render('signIn/sign-in.njk', {
            errors: formErrors([{ path: 'email', message: result.message }]),
            values,
            returnTo: safeReturnTo(form.data.returnTo),
          })
        }
        reply.startSession(result.token)
        reply.rememberDevice(result.deviceToken)
        reply.rotateCsrfSecret()
        if (result.stage === 'second_factor_required') return reply.redirect(paths.signInTwoFactor(), 303)
        if (result.stage === 'second_factor_setup_required') return reply.redirect(paths.signInSetUpTwoFactor(), 303)
        return reply.redirect(safeReturnTo(form.data.returnTo), 303)
      },
    )

    app.get(paths.signInTwoFactor(), { config: signingIn('second_factor_required') }, async (_request, reply) => {
      return reply.render('signIn/two-factor.njk')
    })

    app.post(
      paths.signInTwoFactor(),
      {
        config: {
          ...signingIn('second_factor_required'),
          confirms: { none: 'signing in is not a change to the case; the home page follows' },
        },
      },
      async (request, reply) => {
        const form = parseForm(TwoFactorForm, request.body)
        if (!form.ok) return reply.code(400).render('signIn/two-factor.njk', { errors: form.errors })
        const result = await services.authentication
          .completeSecondFactor(request.sessionToken!, form.data.code, contextOf(request), request.signInClient())
          .catch((error: unknown) => {
            if (error instanceof TooManyAttempts) return error
            throw error
          })
        if (result instanceof TooManyAttempts) {
          return reply
            .code(429)
            .header('retry-after', String(result.retryAfterSeconds))
            .render('signIn/two-factor.njk', { errors: formErrors([{ path: 'code', message: result.message }]) })
        }
        if (!result.ok) {
          const stillSigningIn = await services.authentication.resolveSession(request.sessionToken!)
          if (!stillSigningIn) {
            reply.endSession()
            return reply.code(401).render('signIn/sign-in.njk', {
              errors: formErrors([{ path: 'email', message: result.message }]),
              values: {},
              returnTo: '/',
            })
          }
          return reply
            .code(401)
            .render('signIn/two-factor.njk', { errors: formErrors([{ path: 'code', message: result.message }]) })
        }
        reply.startSession(result.token)
        reply.rememberDevice(result.deviceToken)
        reply.rotateCsrfSecret()
        return reply.redirect(paths.home(), 303)
      },
    )

    app.get(
      paths.signInSetUpTwoFactor(),
      { config: signingIn('second_factor_setup_required') },
      async (request, reply) => {
        const setup = await services.authentication.beginSecondFactorSetup(request.currentSession!.user.id)
        const qrSvg = await QRCode.toString(setup.uri, { type: 'svg', margin: 1 })
        return reply.render('signIn/set-up-two-factor.njk', {
          secret: setup.secret,
          qrSvg,
          required: true,
          action: paths.signInSetUpTwoFactor(),
        })
      },
    )

    app.post(
      paths.signInSetUpTwoFactor(),
      {
        config: {
          ...signingIn('second_factor_setup_required'),
          confirms: { none: 'signing in is not a change to the case; the home page follows' },
        },
      },
      async (request, reply) => {
        const form = parseForm(TwoFactorForm, request.body)
        const rerender = async (errors: ReturnType<typeof formErrors>) => {
          const setup = await services.authentication.beginSecondFactorSetup(request.currentSession!.user.id)
          const qrSvg = await QRCode.toString(setup.uri, { type: 'svg', margin: 1 })
          return reply.code(400).render('signIn/set-up-two-factor.njk', {
            secret: setup.secret,
            qrSvg,
            required: true,
            errors,
            action: paths.signInSetUpTwoFactor(),
          })
        }
        if (!form.ok) return rerender(form.errors)
        try {
          const result = await services.authentication.confirmSecondFactorSetup(
            request.sessionToken!,
            form.data.code,
            contextOf(request),
          )
          if (result.ok) {
            reply.startSession(result.token)
            reply.rotateCsrfSecret()
          }
          return reply.redirect(paths.home(), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(formErrors(error.problems))
          throw error
        }
      },
    )

    app.post(
      paths.signOut(),
      { config: { ...publicAccess, confirms: { none: 'signing out ends the session, and the sign-in page says so' } } },
      async (request, reply) => {
        if (request.sessionToken) await services.authentication.signOut(request.sessionToken, contextOf(request))
        reply.endSession()
        return reply.redirect(`${paths.signIn()}?signedOut=1`, 303)
      },
    )
  }
}
