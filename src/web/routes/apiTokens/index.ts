/**
 * A person's own API tokens: see them, create one (its secret is shown once, on the page that
 * answers the form), and revoke one. The service audits creating and revoking.
 */
import type { FastifyInstance, FastifyReply } from 'fastify'
import { ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { formErrors, parseForm, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { NewApiTokenForm, tokenInputOf } from './apiTokensValidation.js'

export default function apiTokenRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const manageOwn = { config: requires('api-tokens:manage-own') }

    app.get(paths.accountApiTokens(), manageOwn, async (request, reply) => {
      const tokens = await services.apiTokens.list(request.currentSession!.user.id, contextOf(request))
      return reply.render('apiTokens/list.njk', { tokens })
    })

    const renderNew = (reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrors) =>
      reply.code(errors ? 400 : 200).render('apiTokens/new.njk', { values, errors })

    app.get(paths.accountApiTokenNew(), manageOwn, async (_request, reply) =>
      renderNew(reply, { access: 'read', expiry: '90' }),
    )

    app.post(
      paths.accountApiTokenNew(),
      { config: { ...manageOwn.config, confirms: 'The API token has been created' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        const form = parseForm(NewApiTokenForm, body, { access: 'access', expiry: 'expiry' })
        if (!form.ok) return renderNew(reply, body, form.errors)
        try {
          const { token, secret } = await services.apiTokens.create(
            request.currentSession!.user.id,
            tokenInputOf(form.data),
            contextOf(request),
          )
          return reply.render('apiTokens/created.njk', { token, secret })
        } catch (error) {
          if (error instanceof ValidationFailed) return renderNew(reply, body, formErrors(error.problems))
          throw error
        }
      },
    )

    app.post<{ Params: { id: string } }>(
      `${paths.accountApiTokens()}/:id/revoke`,
      { config: { ...manageOwn.config, confirms: 'The token is revoked. Anything still using it will be refused.' } },
      async (request, reply) => {
        await services.apiTokens.revoke(request.params.id, contextOf(request))
        return reply.redirect(paths.accountApiTokens(), 303)
      },
    )
  }
}
