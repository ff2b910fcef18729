/**
 * The Decision log tab: the log in date order, recording an entry (or one superseding a signed
 * entry), signing it, the lead's review, and the PDF for disclosure.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import { DECISION_KINDS, DECISION_KIND_LABELS } from '../../../domain/decisionLog.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { DecisionEntry } from '../../../services/decisions.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { asArray, formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { VersionField } from '../actions/index.js'

type IdParams = { Params: { id: string } }
type EntryParams = { Params: { id: string; decisionId: string } }
type Body = Record<string, unknown>

const DONE = {
  recorded: 'Entry recorded as a draft: sign it to make it final',
  signed: 'Entry signed',
  reviewed: 'Review recorded',
  changed: 'Draft changed',
  deleted: 'Draft deleted',
} as const
const text = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')

export default function decisionRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/decisions`

    async function page(request: FastifyRequest, reply: FastifyReply, template: string, values: object, status = 200) {
      const id = (request.params as { id: string }).id
      const header = await services.investigations.header(id, contextOf(request))
      return reply.code(status).render(template, { caseHeader: caseHeader(header), activeTab: 'decisions', ...values })
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) => {
      const log = await services.decisions.list(request.params.id, contextOf(request), { limit: 500 })
      return page(request, reply, 'decisions/log.njk', {
        entries: log.items,
        kindLabels: DECISION_KIND_LABELS,
        more: log.next !== null,
      })
    })

    app.get<IdParams>(
      `${base}/log.pdf`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { reference, pdf } = await services.decisions.exportPdf(request.params.id, contextOf(request))
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="decision-log-${reference.replace('/', '-')}.pdf"`)
          .send(pdf)
      },
    )

    async function renderNew(
      request: FastifyRequest,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
      editing: DecisionEntry | null = null,
    ) {
      const ctx = contextOf(request)
      const caseId = (request.params as { id: string }).id
      const supersedes = z.uuid().safeParse(editing ? editing.supersedes?.id : values.supersedesId)
      const old = supersedes.success ? (await services.decisions.get(supersedes.data, ctx)).entry : null
      if (old && old.investigationId !== caseId) return reply.callNotFound()
      const choices = await services.actions.choices(caseId, ctx)
      const chosen = (n: string) => asArray(values[n])
      return page(
        request,
        reply,
        'decisions/new.njk',
        {
          values,
          old,
          editing,
          errors: problems?.length ? formErrors(problems) : undefined,
          kindItems: DECISION_KINDS.map((k) => ({
            value: k,
            text: DECISION_KIND_LABELS[k],
            checked: values.kind === k,
          })),
          lineItems: choices.lines.map((l) => ({
            value: l.id,
            text: `${l.reference}: ${l.title}`,
            checked: chosen('lineOfEnquiryIds').includes(l.id),
          })),
          documentItems: choices.documents.map((d) => ({
            value: d.id,
            text: d.label,
            checked: chosen('documentIds').includes(d.id),
          })),
          backLink: { text: 'Back to the decision log', href: paths.decisions(caseId) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(`${base}/new`, { config: requires('decisions:record') }, async (request, reply) => {
      const q = z.object({ supersedes: z.uuid().optional().catch(undefined) }).parse(request.query ?? {})
      return renderNew(request, reply, q.supersedes ? { supersedesId: q.supersedes } : {})
    })

    app.post<IdParams>(
      base,
      { config: { ...requires('decisions:record'), confirms: DONE.recorded } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        try {
          const entry = await services.decisions.record(
            request.params.id,
            {
              kind: text(body, 'kind') as (typeof DECISION_KINDS)[number],
              decision: text(body, 'decision'),
              optionsConsidered: text(body, 'optionsConsidered'),
              rationale: text(body, 'rationale'),
              informationReliedOn: text(body, 'informationReliedOn'),
              lineOfEnquiryIds: asArray(body.lineOfEnquiryIds),
              documentIds: asArray(body.documentIds),
              supersedesId: text(body, 'supersedesId'),
              supersessionReason: text(body, 'supersessionReason'),
            },
            contextOf(request),
          )
          return reply.redirect(paths.decision(request.params.id, entry.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderNew(request, reply, body, error.problems)
          throw error
        }
      },
    )

    async function renderEntry(
      request: FastifyRequest<EntryParams>,
      reply: FastifyReply,
      extra: object = {},
      status = 200,
    ) {
      const { entry, may } = await services.decisions.get(request.params.decisionId, contextOf(request))
      if (entry.investigationId !== request.params.id) return reply.callNotFound()
      return page(
        request,
        reply,
        'decisions/entry.njk',
        {
          entry,
          may,
          kindLabels: DECISION_KIND_LABELS,
          backLink: { text: 'Back to the decision log', href: paths.decisions(request.params.id) },
          ...extra,
        },
        status,
      )
    }

    app.get<EntryParams>(
      `${base}/:decisionId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderEntry(request, reply),
    )

    app.post<EntryParams>(
      `${base}/:decisionId/signature`,
      { config: { ...requires('decisions:record'), confirms: DONE.signed } },
      async (request, reply) => {
        const version = VersionField.safeParse(request.body ?? {})
        if (!version.success)
          return renderEntry(
            request,
            reply,
            { errors: formErrors([{ path: 'form', message: 'Reload the page and try again' }]) },
            400,
          )
        try {
          const { entry } = await services.decisions.get(request.params.decisionId, contextOf(request))
          if (entry.investigationId !== request.params.id) return reply.callNotFound()
          await services.decisions.sign(request.params.decisionId, version.data.version, contextOf(request))
        } catch (error) {
          if (error instanceof Conflict)
            return renderEntry(request, reply, { errors: formErrors([{ path: 'form', message: error.message }]) }, 409)
          throw error
        }
        return reply.redirect(paths.decision(request.params.id, request.params.decisionId), 303)
      },
    )

    app.post<EntryParams>(
      `${base}/:decisionId/review`,
      { config: { ...requires('decisions:review'), confirms: DONE.reviewed } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        try {
          const { entry } = await services.decisions.get(request.params.decisionId, contextOf(request))
          if (entry.investigationId !== request.params.id) return reply.callNotFound()
          await services.decisions.review(
            request.params.decisionId,
            { outcome: text(body, 'outcome') as 'agreed', comment: text(body, 'comment') },
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderEntry(request, reply, { errors: formErrors(error.problems), values: body }, 400)
          throw error
        }
        return reply.redirect(paths.decision(request.params.id, request.params.decisionId), 303)
      },
    )

    /** The author's own draft, or a 404 when it is not of this case. */
    async function draftOf(request: FastifyRequest<EntryParams>) {
      const got = await services.decisions.get(request.params.decisionId, contextOf(request))
      return got.entry.investigationId === request.params.id ? got : null
    }

    const formOf = (body: Body) => ({
      kind: text(body, 'kind') as (typeof DECISION_KINDS)[number],
      decision: text(body, 'decision'),
      optionsConsidered: text(body, 'optionsConsidered'),
      rationale: text(body, 'rationale'),
      informationReliedOn: text(body, 'informationReliedOn'),
      lineOfEnquiryIds: asArray(body.lineOfEnquiryIds),
      documentIds: asArray(body.documentIds),
      supersessionReason: text(body, 'supersessionReason'),
    })

    app.get<EntryParams>(
      `${base}/:decisionId/edit`,
      { config: requires('decisions:record') },
      async (request, reply) => {
        const got = await draftOf(request)
        if (!got) return reply.callNotFound()
        if (!got.may.edit)
          return renderEntry(
            request,
            reply,
            { errors: formErrors([{ path: 'form', message: 'Only the author’s own draft can be changed' }]) },
            409,
          )
        const e = got.entry
        const values = {
          version: e.version,
          kind: e.kind,
          decision: e.decision,
          optionsConsidered: e.optionsConsidered,
          rationale: e.rationale,
          informationReliedOn: e.informationReliedOn ?? '',
          lineOfEnquiryIds: e.lineOfEnquiryIds,
          documentIds: e.documentIds,
          supersessionReason: e.supersedes?.reason ?? '',
        }
        return renderNew(request, reply, values, undefined, e)
      },
    )

    app.post<EntryParams>(
      `${base}/:decisionId/edit`,
      { config: { ...requires('decisions:record'), confirms: DONE.changed } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const got = await draftOf(request)
        if (!got) return reply.callNotFound()
        const version = VersionField.safeParse(body)
        if (!version.success)
          return renderNew(
            request,
            reply,
            body,
            [{ path: 'form', message: 'Reload the page and try again' }],
            got.entry,
          )
        try {
          await services.decisions.edit(
            request.params.decisionId,
            formOf(body),
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed) return renderNew(request, reply, body, error.problems, got.entry)
          if (error instanceof Conflict || error instanceof InvalidTransition)
            return renderEntry(request, reply, { errors: formErrors([{ path: 'form', message: error.message }]) }, 409)
          throw error
        }
        return reply.redirect(paths.decision(request.params.id, request.params.decisionId), 303)
      },
    )

    app.get<EntryParams>(
      `${base}/:decisionId/delete`,
      { config: requires('decisions:record') },
      async (request, reply) => {
        const got = await draftOf(request)
        if (!got) return reply.callNotFound()
        if (!got.may.edit)
          return renderEntry(
            request,
            reply,
            { errors: formErrors([{ path: 'form', message: 'Only the author’s own draft can be deleted' }]) },
            409,
          )
        return page(request, reply, 'decisions/delete.njk', {
          entry: got.entry,
          backLink: { text: 'Back to the entry', href: paths.decision(request.params.id, got.entry.id) },
        })
      },
    )

    app.post<EntryParams>(
      `${base}/:decisionId/delete`,
      { config: { ...requires('decisions:record'), confirms: DONE.deleted } },
      async (request, reply) => {
        const got = await draftOf(request)
        if (!got) return reply.callNotFound()
        const version = VersionField.safeParse(request.body ?? {})
        try {
          if (!version.success) throw new Conflict()
          await services.decisions.deleteDraft(request.params.decisionId, version.data.version, contextOf(request))
        } catch (error) {
          if (error instanceof Conflict || error instanceof InvalidTransition)
            return renderEntry(request, reply, { errors: formErrors([{ path: 'form', message: error.message }]) }, 409)
          throw error
        }
        return reply.redirect(paths.decisions(request.params.id), 303)
      },
    )
  }
}
