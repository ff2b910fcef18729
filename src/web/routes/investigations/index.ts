/**
 * Investigations: the case list (filters, search, keyset pages), opening an investigation from
 * assessed referrals, the overview, the team, terms of reference and the history.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { ROLE_LABELS } from '../../../domain/roles.js'
import { INVESTIGATION_STATUSES } from '../../../domain/investigationLifecycle.js'
import {
  INVESTIGATION_FORM_LABELS,
  INVESTIGATION_FORMS,
  MATTER_TYPE_LABELS,
  REFERRAL_CATEGORY_LABELS,
} from '../../../domain/vocabulary.js'
import { INVOLVED_PERSON_ROLE_LABELS } from '../../../domain/involvedPeople.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader, statusLabel } from '../../caseHeader.js'
import { formErrors, parseForm } from '../../forms.js'
import { auditActionLabel, detailLines } from '../../auditLabels.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { taskListItems } from '../../taskList.js'
import {
  CaseListQuery,
  OpenInvestigationForm,
  StatusChangeForm,
  TeamMemberForm,
  TermsOfReferenceForm,
} from './investigationsValidation.js'
import { londonDateOf } from '../../../domain/calendar.js'

type IdParams = { Params: { id: string } }

/** Everyone who could join a team, once each, by name. */
function everyone(c: { leads: P[]; investigators: P[]; decisionMakers: P[]; caseWorkers: P[] }): P[] {
  const byId = new Map<string, P>()
  for (const p of [...c.investigators, ...c.leads, ...c.decisionMakers, ...c.caseWorkers]) byId.set(p.id, p)
  return [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name))
}
type P = { id: string; display_name: string }

export default function investigationRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    app.get(paths.investigations(), { config: requires('investigations:list') }, async (request, reply) => {
      const query = CaseListQuery.parse(request.query ?? {})
      const ctx = contextOf(request)
      const today = londonDateOf(new Date())
      const page = await services.investigations.list(ctx, {
        ...(query.q ? { search: query.q } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.form ? { form: query.form } : {}),
        ...(query.force ? { forceId: query.force } : {}),
        ...(query.lead ? { leadInvestigatorId: query.lead } : {}),
        ...(query.overdue ? { deadlineOnOrBefore: today } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      const organisations = await services.organisations.list()
      // A search finds historical records too, for those who may see them (the officer record's rule).
      let historical: { items: unknown[]; nextHref: string | null } | null = null
      if (query.q && services.historicalCases.canSearch(ctx)) {
        const at = query.hafter?.split('_')
        const found = await services.historicalCases.search(ctx, {
          q: query.q,
          ...(at ? { after: { receivedOn: at[0]!, id: at[1]! } } : {}),
        })
        historical = {
          items: found.items,
          nextHref: found.next
            ? `${paths.investigations()}?${new URLSearchParams({ q: query.q, hafter: `${found.next.receivedOn}_${found.next.id}` })}#historical`
            : null,
        }
      }
      const nextParams = new URLSearchParams()
      for (const [k, v] of Object.entries(query)) if (v && k !== 'cursor' && k !== 'hafter') nextParams.set(k, v)
      if (page.nextCursor) nextParams.set('cursor', page.nextCursor)
      return reply.render('investigations/list.njk', {
        query,
        today,
        historical,
        cases: page.items.map((r) => ({
          ...r,
          statusLabel: statusLabel(r.status),
          formLabel: r.form ? (INVESTIGATION_FORM_LABELS as Record<string, string>)[r.form] : '',
        })),
        nextHref: page.nextCursor ? `${paths.investigations()}?${nextParams}` : null,
        firstHref: query.cursor
          ? `${paths.investigations()}?${new URLSearchParams(Object.entries(query).filter(([k, v]) => v && k !== 'cursor') as [string, string][])}`
          : null,
        statusItems: [
          { value: '', text: 'Any status' },
          ...INVESTIGATION_STATUSES.map((s) => ({ value: s, text: statusLabel(s), selected: query.status === s })),
        ],
        formItems: [
          { value: '', text: 'Any form' },
          ...INVESTIGATION_FORMS.map((f) => ({
            value: f,
            text: INVESTIGATION_FORM_LABELS[f],
            selected: query.form === f,
          })),
        ],
        forceItems: [
          { value: '', text: 'Any force' },
          ...organisations
            .filter((o) => o.kind === 'police_force')
            .map((o) => ({ value: o.id, text: o.name, selected: query.force === o.id })),
        ],
      })
    })

    app.get<{ Querystring: { referral?: string } }>(
      paths.investigationNew(),
      { config: requires('investigation:manage') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const [candidates, referrals] = await Promise.all([
          services.investigations.candidates(ctx),
          services.investigations.unassignedReferrals(ctx, { limit: 100 }),
        ])
        const chosen = typeof request.query.referral === 'string' ? [request.query.referral] : []
        return reply.render('investigations/new.njk', { candidates, referrals, values: { referralIds: chosen } })
      },
    )

    app.post(
      paths.investigationNew(),
      { config: { ...requires('investigation:manage'), confirms: 'The investigation has been opened' } },
      async (request, reply) => {
        const ctx = contextOf(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        const rerender = async (errors: ReturnType<typeof formErrors>) => {
          const [candidates, referrals] = await Promise.all([
            services.investigations.candidates(ctx),
            services.investigations.unassignedReferrals(ctx, { limit: 100 }),
          ])
          const asList = (v: unknown) => (Array.isArray(v) ? v.map(String) : v ? [String(v)] : [])
          return reply.code(400).render('investigations/new.njk', {
            candidates,
            referrals,
            errors,
            values: {
              ...body,
              referralIds: asList(body.referralIds),
              investigatorIds: asList(body.investigatorIds),
              caseWorkerIds: asList(body.caseWorkerIds),
            },
          })
        }
        const form = parseForm(OpenInvestigationForm, body)
        if (!form.ok) return rerender(form.errors)
        try {
          const investigation = await services.investigations.open(form.data, ctx)
          return reply.redirect(paths.investigation(investigation.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(formErrors(error.problems))
          throw error
        }
      },
    )

    app.get<IdParams>(
      `${paths.investigations()}/:id`,
      { config: requires('investigation:read') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const [overview, header, familyNotices] = await Promise.all([
          services.investigations.overview(request.params.id, ctx),
          services.investigations.header(request.params.id, ctx),
          services.portal.caseNotices(request.params.id, ctx),
        ])
        const [caseLinks, publicationHolds, progress] = await Promise.all([
          services.reinvestigations.links(request.params.id, ctx),
          header.canReadCaseFile ? services.publicationHolds.list(request.params.id, ctx) : Promise.resolve(null),
          services.caseProgress.taskList(request.params.id, ctx),
        ])
        return reply.render('investigations/overview.njk', {
          caseHeader: caseHeader(header),
          familyNotices,
          caseLinks,
          activeHolds: publicationHolds?.filter((h) => h.active) ?? null,
          activeTab: 'overview',
          o: overview,
          progressItems: taskListItems(progress, (row) => row.href),
          labels: {
            matterType: MATTER_TYPE_LABELS,
            category: REFERRAL_CATEGORY_LABELS,
            form: INVESTIGATION_FORM_LABELS,
            personRole: INVOLVED_PERSON_ROLE_LABELS,
            role: ROLE_LABELS,
          },
        })
      },
    )

    // The team: a list of members; adding someone and removing someone are pages of their own
    // (issue 16: one thing per page, a remove confirmation per member rather than a form per member).
    type RemoveParams = { Params: { id: string; userId: string; role: string } }
    const teamHref = (id: string) => paths.investigationTab(id, 'team')

    app.get<IdParams>(
      `${paths.investigations()}/:id/team`,
      { config: requires('investigation:read') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const header = await services.investigations.header(request.params.id, ctx)
        const team = await services.investigations.team(request.params.id, ctx)
        return reply.render('investigations/team.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'team',
          team: team.map((m) => ({
            ...m,
            removeHref: `${teamHref(request.params.id)}/remove/${m.user_id}/${m.role_in_case}`,
          })),
          canManage: header.canManage,
          addHref: `${teamHref(request.params.id)}/add`,
          labels: { role: ROLE_LABELS },
        })
      },
    )

    async function renderAdd(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: ReturnType<typeof formErrors>; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const candidates = everyone(await services.investigations.candidates(ctx))
      return reply.code(status).render('investigations/team-add.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'team',
        candidates,
        action: teamHref(request.params.id),
        backLink: { text: 'Back to the team', href: teamHref(request.params.id) },
        labels: { role: ROLE_LABELS },
        ...extra,
      })
    }

    app.get<IdParams>(
      `${paths.investigations()}/:id/team/add`,
      { config: requires('investigation:manage') },
      async (request, reply) => renderAdd(request, reply),
    )

    async function renderRemove(
      request: FastifyRequest,
      reply: FastifyReply,
      which: RemoveParams['Params'],
      errors?: ReturnType<typeof formErrors>,
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(which.id, ctx)
      const team = await services.investigations.team(which.id, ctx)
      const member = team.find((m) => m.user_id === which.userId && m.role_in_case === which.role)
      if (!member) throw new NotFound('The team member')
      return reply.code(status).render('investigations/team-remove.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'team',
        member,
        action: teamHref(which.id),
        backLink: { text: 'Back to the team', href: teamHref(which.id) },
        labels: { role: ROLE_LABELS },
        ...(errors ? { errors } : {}),
      })
    }

    app.get<RemoveParams>(
      `${paths.investigations()}/:id/team/remove/:userId/:role`,
      { config: requires('investigation:manage') },
      async (request, reply) => renderRemove(request, reply, request.params),
    )

    app.post<IdParams>(
      `${paths.investigations()}/:id/team`,
      { config: { ...requires('investigation:manage'), confirms: 'The team has been changed' } },
      async (request, reply) => {
        const ctx = contextOf(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        const removing = body.remove === 'yes'
        const form = parseForm(TeamMemberForm, body)
        const rerender = (errors: ReturnType<typeof formErrors>) =>
          removing && typeof body.userId === 'string' && typeof body.role === 'string'
            ? renderRemove(request, reply, { id: request.params.id, userId: body.userId, role: body.role }, errors, 400)
            : renderAdd(request, reply, { errors, values: body }, 400)
        if (!form.ok) return rerender(form.errors)
        try {
          if (removing)
            await services.investigations.removeTeamMember(request.params.id, form.data.userId, form.data.role, ctx)
          else await services.investigations.addTeamMember(request.params.id, form.data.userId, form.data.role, ctx)
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(formErrors(error.problems))
          throw error
        }
        return reply.redirect(teamHref(request.params.id), 303)
      },
    )

    app.get<IdParams>(
      `${paths.investigations()}/:id/terms-of-reference`,
      { config: requires('investigation:read') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const [header, history] = await Promise.all([
          services.investigations.header(request.params.id, ctx),
          services.investigations.termsOfReferenceHistory(request.params.id, ctx),
        ])
        return reply.render('investigations/terms-of-reference.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'overview',
          history,
          values: { text: history[0]?.text ?? '' },
        })
      },
    )

    app.post<IdParams>(
      `${paths.investigations()}/:id/terms-of-reference`,
      { config: { ...requires('investigation:manage'), confirms: 'The terms of reference have been changed' } },
      async (request, reply) => {
        const ctx = contextOf(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        const form = parseForm(TermsOfReferenceForm, body)
        const rerender = async (errors: ReturnType<typeof formErrors>, status = 400) => {
          const [header, history] = await Promise.all([
            services.investigations.header(request.params.id, ctx),
            services.investigations.termsOfReferenceHistory(request.params.id, ctx),
          ])
          return reply.code(status).render('investigations/terms-of-reference.njk', {
            caseHeader: caseHeader(header),
            activeTab: 'overview',
            history,
            errors,
            values: body,
          })
        }
        if (!form.ok) return rerender(form.errors)
        try {
          await services.investigations.reviseTermsOfReference(
            request.params.id,
            form.data.text,
            form.data.version,
            ctx,
          )
        } catch (error) {
          if (error instanceof ValidationFailed) return rerender(formErrors(error.problems))
          if (error instanceof Conflict) return rerender(formErrors([{ path: 'text', message: error.message }]), 409)
          throw error
        }
        return reply.redirect(paths.investigation(request.params.id), 303)
      },
    )

    const renderStatus = async (
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: Record<string, unknown> = {},
      code = 200,
    ) => {
      const ctx = contextOf(request)
      const [header, options] = await Promise.all([
        services.investigations.header(request.params.id, ctx),
        services.investigations.lifecycleOptions(request.params.id, ctx),
      ])
      return reply.code(code).render('investigations/status.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'overview',
        options,
        values: {},
        ...extra,
      })
    }

    app.get<IdParams>(
      `${paths.investigations()}/:id/status`,
      { config: requires('investigation:read') },
      async (request, reply) => renderStatus(request, reply),
    )

    app.post<IdParams>(
      `${paths.investigations()}/:id/status`,
      { config: { ...requires('investigation:manage'), confirms: 'The investigation’s status has been changed' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        const form = parseForm(StatusChangeForm, body)
        if (!form.ok) return renderStatus(request, reply, { errors: form.errors, values: body }, 400)
        try {
          await services.investigations.changeStatus(
            request.params.id,
            form.data.status,
            { reason: form.data.reason },
            form.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof InvalidTransition)
            return renderStatus(
              request,
              reply,
              { errors: formErrors([{ path: 'status', message: error.message }]), values: body },
              409,
            )
          if (error instanceof Conflict)
            return renderStatus(
              request,
              reply,
              { errors: formErrors([{ path: 'status', message: error.message }]), values: body },
              409,
            )
          if (error instanceof ValidationFailed)
            return renderStatus(request, reply, { errors: formErrors(error.problems), values: body }, 400)
          throw error
        }
        return reply.redirect(paths.investigation(request.params.id), 303)
      },
    )

    app.get<IdParams & { Querystring: { before?: string } }>(
      `${paths.investigations()}/:id/history`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const before = Number.parseInt(String(request.query.before ?? ''), 10)
        const [header, entries] = await Promise.all([
          services.investigations.header(request.params.id, ctx),
          services.audit.caseHistory(request.params.id, ctx, {
            limit: 51,
            ...(Number.isSafeInteger(before) && before > 0 ? { beforeSeq: before } : {}),
          }),
        ])
        const shown = entries.slice(0, 50)
        return reply.render('investigations/history.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'history',
          entries: shown.map((e) => ({
            ...e,
            actionLabel: auditActionLabel(e.action),
            detailLines: detailLines(e.detail as Record<string, unknown> | null),
          })),
          nextHref:
            entries.length > 50
              ? `${paths.investigationTab(request.params.id, 'history')}?before=${shown[shown.length - 1]!.seq}`
              : null,
        })
      },
    )
  }
}
