/**
 * Administrators manage accounts: list, add, change roles, disable and enable, reset a
 * password or a lost second factor. Every action is audited by the service.
 */
import type { FastifyInstance } from 'fastify'
import { ROLES, ROLE_LABELS } from '../../../domain/roles.js'
import type { Services } from '../../../services/index.js'
import { Conflict, ValidationFailed } from '../../../services/errors.js'
import { requires } from '../../access.js'
import { formErrors, parseForm } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { NewUserForm, RolesForm, VersionForm } from './adminUsersValidation.js'

const roleItems = (checked: readonly string[]) =>
  ROLES.map((r) => ({ value: r, text: ROLE_LABELS[r], checked: checked.includes(r) }))

const DONE = {
  disable: 'The account has been disabled',
  enable: 'The account has been enabled',
  'reset-two-factor': 'The second factor has been reset: they set up a new one when they next sign in',
} as const

export default function adminUserRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const manage = { config: requires('users:manage') }
    const confirming = (confirms: string) => ({ config: { ...manage.config, confirms } })

    app.get<{ Querystring: { after?: string } }>(paths.adminUsers(), manage, async (request, reply) => {
      const after = typeof request.query.after === 'string' ? request.query.after.slice(0, 320) : undefined
      const pageSize = 50
      const users = await services.users.list(contextOf(request), {
        limit: pageSize + 1,
        ...(after ? { afterEmail: after } : {}),
      })
      const hasMore = users.length > pageSize
      const shown = users.slice(0, pageSize)
      return reply.render('adminUsers/list.njk', {
        users: shown,
        nextHref: hasMore ? `${paths.adminUsers()}?after=${encodeURIComponent(shown[shown.length - 1]!.email)}` : null,
      })
    })

    app.get(paths.adminUserNew(), manage, async (request, reply) => {
      const organisations = await services.organisations.listChoosable()
      return reply.render('adminUsers/new.njk', { values: {}, roleItems: roleItems([]), organisations })
    })

    app.post(paths.adminUserNew(), confirming('The account has been added'), async (request, reply) => {
      const body = (request.body ?? {}) as Record<string, unknown>
      const organisations = await services.organisations.listChoosable()
      const rerender = (errors: ReturnType<typeof formErrors>) =>
        reply.code(400).render('adminUsers/new.njk', {
          errors,
          values: body,
          roleItems: roleItems(
            Array.isArray(body.roles) ? body.roles.map(String) : body.roles ? [String(body.roles)] : [],
          ),
          organisations,
        })
      const form = parseForm(NewUserForm, body, { roles: 'roles' })
      if (!form.ok) return rerender(form.errors)
      try {
        const { user, initialPassword } = await services.users.add(form.data, contextOf(request))
        return reply.render('adminUsers/created.njk', { user, initialPassword })
      } catch (error) {
        if (error instanceof ValidationFailed) return rerender(formErrors(error.problems))
        throw error
      }
    })

    app.get<{ Params: { id: string } }>(`${paths.adminUsers()}/:id`, manage, async (request, reply) => {
      const user = await services.users.get(request.params.id, contextOf(request))
      return reply.render('adminUsers/show.njk', {
        user,
        roleItems: roleItems(user.roles),
        roleLabels: user.roles.map((r) => ROLE_LABELS[r as keyof typeof ROLE_LABELS] ?? r),
      })
    })

    app.post<{ Params: { id: string } }>(
      `${paths.adminUsers()}/:id/roles`,
      confirming('The roles have been changed'),
      async (request, reply) => {
        const form = parseForm(RolesForm, request.body, { roles: 'roles' })
        const user = await services.users.get(request.params.id, contextOf(request))
        if (!form.ok) {
          return reply.code(400).render('adminUsers/show.njk', {
            user,
            roleItems: roleItems(user.roles),
            errors: form.errors,
            roleLabels: user.roles,
          })
        }
        try {
          await services.users.setRoles(request.params.id, form.data.roles, contextOf(request), form.data.version)
        } catch (error) {
          if (error instanceof Conflict) {
            return reply.code(409).render('adminUsers/show.njk', {
              user,
              roleItems: roleItems(user.roles),
              roleLabels: user.roles,
              errors: formErrors([{ path: 'roles', message: error.message }]),
            })
          }
          throw error
        }
        return reply.redirect(paths.adminUser(request.params.id), 303)
      },
    )

    for (const action of ['disable', 'enable', 'reset-two-factor'] as const) {
      app.post<{ Params: { id: string } }>(
        `${paths.adminUsers()}/:id/${action}`,
        confirming(DONE[action]),
        async (request, reply) => {
          const form = parseForm(VersionForm, request.body)
          const ctx = contextOf(request)
          const version = form.ok ? form.data.version : undefined
          if (action === 'disable') await services.users.disable(request.params.id, ctx, version)
          else if (action === 'enable') await services.users.enable(request.params.id, ctx, version)
          else await services.users.resetSecondFactor(request.params.id, ctx)
          return reply.redirect(paths.adminUser(request.params.id), 303)
        },
      )
    }

    app.post<{ Params: { id: string } }>(
      `${paths.adminUsers()}/:id/reset-password`,
      confirming('The password has been reset'),
      async (request, reply) => {
        const { user, password } = await services.users.resetPassword(request.params.id, contextOf(request))
        return reply.render('adminUsers/password-reset.njk', { user, password })
      },
    )
  }
}
