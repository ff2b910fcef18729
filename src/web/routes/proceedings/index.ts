/**
 * Linked proceedings, publication holds and re-investigation, on GOV.UK pages.
 *
 * The Proceedings tab shows every publication hold first (what placed it, what lifts it, and
 * forms to place one by hand or lift one by a reasoned decision), then the linked proceedings,
 * then re-investigation: the case this one re-investigates and the cases that re-investigate it,
 * the proposals, and forms to propose (closed cases) and decide (the decision maker). A page per
 * proceeding shows its timeline, parties, documents and prevention of future deaths reports.
 */
import { queryInt } from '../../../domain/inputBounds.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { PROCEEDING_KINDS, PROCEEDING_KIND_LABELS, isProceedingKind } from '../../../domain/linkedProceedings.js'
import { REOPENING_GROUNDS, REOPENING_GROUND_LABELS, isReopeningGround } from '../../../domain/vocabulary.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsOf, readDate, type DateParts } from '../../dates.js'
import { everyProblem, formErrors, type FormErrors } from '../../forms.js'
import {
  LinkedProceedingInput,
  PfdReportInput,
  PfdResponseInput,
  ProceedingEventInput,
  ProceedingMoveInput,
} from '../../../services/linkedProceedings.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { readUpload, registerUploads, sendDocument, UploadRejected } from '../../uploads.js'

type IdParams = { Params: { id: string } }
type ProceedingParams = { Params: { id: string; proceedingId: string } }
type Body = Record<string, unknown>
const DATE_FIELDS = ['openedOn', 'on', 'occurredOn', 'issuedOn', 'receivedOn'] as const

const text = (body: Body, name: string) => String(body[name] ?? '').trim()
// A version beyond any real one (or not a number) is 0, which never matches: a conflict, never a 500.
const version = (body: Body) => queryInt(text(body, 'version')) || 0
const kindLabel = (k: string) => (isProceedingKind(k) ? PROCEEDING_KIND_LABELS[k] : k)
const groundLabel = (g: string) => (isReopeningGround(g) ? REOPENING_GROUND_LABELS[g] : g)

function datePartsFrom(body: Body | undefined): Record<string, DateParts> {
  return body ? Object.fromEntries(DATE_FIELDS.map((n) => [n, partsOf(body, n)])) : {}
}

/** One date input read; a form passes its problems to `everyProblem` with the rest of the form's. */
function readOne(
  body: Body,
  name: string,
  what: string,
  optional = false,
): { value: string | undefined; problems: FieldProblem[] } {
  const result = readDate(body, name, what, { optional })
  return result.ok
    ? { value: result.value, problems: [] }
    : { value: undefined, problems: [{ path: name, message: result.message }] }
}

/** Runs a form; the service's refusals come back as GOV.UK errors. */
async function attempt(
  run: () => Promise<FieldProblem[] | void>,
): Promise<{ errors: FormErrors; status: number } | null> {
  try {
    const problems = await run()
    return problems && problems.length ? { errors: formErrors(problems), status: 400 } : null
  } catch (error) {
    if (error instanceof ValidationFailed) return { errors: formErrors(error.problems), status: 400 }
    if (error instanceof Conflict || error instanceof InvalidTransition)
      return {
        errors: formErrors([{ path: 'form', message: error.message }]),
        status: error instanceof Conflict ? 409 : 400,
      }
    throw error
  }
}

export default function proceedingRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    await registerUploads(app)
    const base = `${paths.investigations()}/:id/proceedings`

    async function renderTab(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      const header = await services.investigations.header(id, ctx)
      const [holds, proceedings, links, overview] = await Promise.all([
        services.publicationHolds.list(id, ctx),
        services.linkedProceedings.listForInvestigation(id, ctx),
        services.reinvestigations.links(id, ctx),
        services.investigations.overview(id, ctx),
      ])
      const deaths = overview.people.filter((p) => p.role === 'deceased')
      // Proceedings and publication holds go on after a case closes (src/domain/caseFreeze.ts): asked by
      // their own actions, not by contributing to the (frozen) record.
      const canManageProceedings = header.may['linked-proceedings:manage']
      const candidates = canManageProceedings ? await services.linkedProceedings.linkCandidates(id, ctx) : []
      return reply.code(status).render('proceedings/tab.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'proceedings',
        base: paths.proceedings(id),
        activeHolds: holds.filter((h) => h.active),
        liftedHolds: holds.filter((h) => !h.active),
        proceedings: proceedings.map((p) => ({ ...p, kindLabel: kindLabel(p.kind), href: paths.proceeding(id, p.id) })),
        links: { ...links, proposals: links.proposals.map((p) => ({ ...p, groundLabel: groundLabel(p.ground) })) },
        canHold: header.may['publication:hold'],
        canManageProceedings,
        kindItems: PROCEEDING_KINDS.map((k) => ({
          value: k,
          text: PROCEEDING_KIND_LABELS[k],
          checked: extra.body?.kind === k,
        })),
        groundItems: REOPENING_GROUNDS.map((g) => ({
          value: g,
          text: REOPENING_GROUND_LABELS[g],
          checked: extra.body?.ground === g,
        })),
        deaths,
        linkItems: [
          { value: '', text: 'Choose a proceeding' },
          ...candidates.map((c) => ({ value: c.id, text: `${c.title} (${kindLabel(c.kind).toLowerCase()})` })),
        ],
        dateParts: datePartsFrom(extra.body),
        values: extra.body ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function renderProceeding(
      request: FastifyRequest<ProceedingParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const detail = await services.linkedProceedings.get(request.params.proceedingId, ctx)
      return reply.code(status).render('proceedings/proceeding.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'proceedings',
        base: paths.proceeding(request.params.id, request.params.proceedingId),
        tabHref: paths.proceedings(request.params.id),
        detail,
        kindLabel: kindLabel(detail.proceeding.kind),
        dateParts: datePartsFrom(extra.body),
        values: extra.body ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    type ProceedingForm = 'status' | 'events' | 'parties' | 'documents' | 'pfd-reports' | 'pfd-response'

    /** One of a proceeding's forms on a page of its own; after a failed post, with its errors. */
    async function renderForm(
      request: FastifyRequest<ProceedingParams & { Params: Record<string, string> }>,
      reply: FastifyReply,
      form: ProceedingForm,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const detail = await services.linkedProceedings.get(request.params.proceedingId, ctx)
      const base = paths.proceeding(request.params.id, request.params.proceedingId)
      // Nothing to do here (another's case, no next status, a report answered): back to the proceeding.
      if (!detail.canManage || (form === 'status' && !detail.nextStatuses.length)) return reply.redirect(base, 303)
      const report =
        form === 'pfd-response' ? detail.pfdReports.find((r) => r.id === request.params.reportId) : undefined
      if (form === 'pfd-response' && (!report || report.response_received_on)) return reply.redirect(base, 303)
      return reply.code(status).render('proceedings/proceeding-form.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'proceedings',
        base,
        form,
        detail,
        report,
        dateParts: datePartsFrom(extra.body),
        values: extra.body ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    const FORM_OF: Record<string, ProceedingForm> = {
      '/status': 'status',
      '/events': 'events',
      '/parties': 'parties',
      '/documents': 'documents',
      '/pfd-reports': 'pfd-reports',
      '/pfd-reports/:reportId/response': 'pfd-response',
    }
    for (const [path, form] of Object.entries(FORM_OF))
      app.get<ProceedingParams & { Params: Record<string, string> }>(
        `${base}/:proceedingId${path}`,
        { config: requires('linked-proceedings:manage') },
        async (request, reply) => renderForm(request, reply, form),
      )

    const tabAction = (
      path: string,
      action: Parameters<typeof requires>[0],
      confirms: string,
      run: (
        request: FastifyRequest<IdParams & { Params: Record<string, string> }>,
        body: Body,
      ) => Promise<FieldProblem[] | void>,
    ) =>
      app.post<IdParams & { Params: Record<string, string> }>(
        `${base}${path}`,
        { config: { ...requires(action), confirms: confirms } },
        async (request, reply) => {
          const body = (request.body ?? {}) as Body
          const failed = await attempt(() => run(request, body))
          if (failed) return renderTab(request, reply, { errors: failed.errors, body }, failed.status)
          return reply.redirect(paths.proceedings(request.params.id), 303)
        },
      )

    const proceedingAction = (
      path: string,
      action: Parameters<typeof requires>[0],
      confirms: string,
      run: (
        request: FastifyRequest<ProceedingParams & { Params: Record<string, string> }>,
        body: Body,
      ) => Promise<FieldProblem[] | void>,
    ) =>
      app.post<ProceedingParams & { Params: Record<string, string> }>(
        `${base}/:proceedingId${path}`,
        { config: { ...requires(action), confirms: confirms } },
        async (request, reply) => {
          const body = (request.body ?? {}) as Body
          const failed = await attempt(() => run(request, body))
          if (failed) return renderForm(request, reply, FORM_OF[path]!, { errors: failed.errors, body }, failed.status)
          return reply.redirect(paths.proceeding(request.params.id, request.params.proceedingId), 303)
        },
      )

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderTab(request, reply),
    )

    app.post<IdParams>(
      base,
      { config: { ...requires('linked-proceedings:manage'), confirms: 'The linked proceeding has been added' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        let created: string | undefined
        const failed = await attempt(async () => {
          const opened = readOne(body, 'openedOn', 'the date it opened', true)
          const people = body.involvedPersonIds
          const input = {
            kind: text(body, 'kind') as 'inquest',
            title: text(body, 'title'),
            court: text(body, 'court'),
            courtReference: text(body, 'courtReference'),
            charge: text(body, 'charge'),
            ...(opened.value ? { openedOn: opened.value } : {}),
            involvedPersonIds: (Array.isArray(people) ? people : people ? [people] : []).map(String),
          }
          if (opened.problems.length) return everyProblem(LinkedProceedingInput, input, opened.problems, ['openedOn'])
          const { proceeding } = await services.linkedProceedings.create(request.params.id, input, contextOf(request))
          created = proceeding.id
        })
        if (failed || !created)
          return renderTab(
            request,
            reply,
            { ...(failed ? { errors: failed.errors } : {}), body },
            failed?.status ?? 400,
          )
        return reply.redirect(paths.proceeding(request.params.id, created), 303)
      },
    )

    tabAction(
      '/link',
      'linked-proceedings:manage',
      'The proceeding has been linked to this investigation',
      async (request, body) => {
        const proceedingId = text(body, 'proceedingId')
        if (!proceedingId) return [{ path: 'proceedingId', message: 'Choose a proceeding' }]
        await services.linkedProceedings.link(request.params.id, proceedingId, contextOf(request))
      },
    )

    tabAction('/holds', 'publication:hold', 'The publication hold has been placed', async (request, body) => {
      await services.publicationHolds.place(request.params.id, { reason: text(body, 'holdReason') }, contextOf(request))
    })

    tabAction(
      '/holds/:holdId/lift',
      'publication:hold',
      'The publication hold has been lifted',
      async (request, body) => {
        try {
          await services.publicationHolds.lift(
            request.params.holdId!,
            { reason: text(body, 'liftReason') },
            version(body),
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return error.problems.map((p) => ({ ...p, path: p.path === 'reason' ? 'liftReason' : p.path }))
          throw error
        }
      },
    )

    tabAction(
      '/reinvestigations',
      'reinvestigation:propose',
      'The re-investigation has been proposed',
      async (request, body) => {
        try {
          await services.reinvestigations.propose(
            request.params.id,
            {
              ground: text(body, 'ground') as 'public_interest',
              detail: text(body, 'detail'),
              publicInterest: text(body, 'publicInterest'),
            },
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof InvalidTransition) return [{ path: 'ground', message: error.message }]
          throw error
        }
      },
    )

    tabAction(
      '/reinvestigations/:reinvestigationId/decision',
      'reinvestigation:decide',
      'The decision on the re-investigation has been recorded',
      async (request, body) => {
        const decision = text(body, 'decision')
        await services.reinvestigations.decide(
          request.params.reinvestigationId!,
          {
            decision: decision as 'approved',
            reason: text(body, 'decisionReason'),
            route: text(body, 'route') === 'reopen' ? 'reopen' : 'new_investigation',
          },
          version(body),
          contextOf(request),
        )
      },
    )

    app.get<ProceedingParams>(
      `${base}/:proceedingId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderProceeding(request, reply),
    )

    // A document (multipart; the CSRF token travels in the form action's query string).
    app.post<ProceedingParams>(
      `${base}/:proceedingId/documents`,
      {
        config: { ...requires('linked-proceedings:manage'), confirms: 'The document has been added to the proceeding' },
      },
      async (request, reply) => {
        let fields: Record<string, string> = {}
        try {
          const upload = await readUpload(request)
          fields = upload.fields
          if (!upload.file)
            return renderForm(
              request,
              reply,
              'documents',
              { errors: formErrors([{ path: 'file', message: 'Select a file' }]), body: fields },
              400,
            )
          await services.linkedProceedings.addDocument(
            request.params.proceedingId,
            { title: fields.documentTitle ?? '' },
            upload.file,
            contextOf(request),
          )
          return reply.redirect(paths.proceeding(request.params.id, request.params.proceedingId), 303)
        } catch (error) {
          if (error instanceof UploadRejected)
            return renderForm(
              request,
              reply,
              'documents',
              { errors: formErrors(error.problems), body: error.fields },
              400,
            )
          if (error instanceof ValidationFailed)
            return renderForm(
              request,
              reply,
              'documents',
              {
                errors: formErrors(error.problems.map((p) => (p.path === '' ? { ...p, path: 'documentTitle' } : p))),
                body: fields,
              },
              400,
            )
          throw error
        }
      },
    )

    app.get<ProceedingParams & { Params: { documentId: string } }>(
      `${base}/:proceedingId/documents/:documentId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { document, bytes } = await services.linkedProceedings.documentContent(
          request.params.proceedingId,
          request.params.documentId,
          contextOf(request),
        )
        return sendDocument(
          reply,
          { original_filename: document.filename, media_type: document.media_type, sha256: document.sha256 },
          bytes,
        )
      },
    )

    proceedingAction(
      '/status',
      'linked-proceedings:manage',
      'The proceeding’s status has been changed',
      async (request, body) => {
        const on = readOne(body, 'on', 'the date')
        const input = {
          status: text(body, 'status') as 'adjourned',
          on: on.value ?? '',
          description: text(body, 'description'),
          conclusion: text(body, 'conclusion'),
          juryFindings: text(body, 'juryFindings'),
          verdict: text(body, 'verdict'),
          sentence: text(body, 'sentence'),
        }
        if (on.problems.length) return everyProblem(ProceedingMoveInput, input, on.problems, ['on'])
        await services.linkedProceedings.changeStatus(
          request.params.proceedingId,
          input,
          version(body),
          contextOf(request),
        )
      },
    )

    proceedingAction(
      '/events',
      'linked-proceedings:manage',
      'The hearing or event has been added',
      async (request, body) => {
        const on = readOne(body, 'occurredOn', 'the date of the hearing or event')
        const input = {
          occurredOn: on.value ?? '',
          kind: text(body, 'eventKind'),
          description: text(body, 'description'),
        }
        if (on.problems.length) return everyProblem(ProceedingEventInput, input, on.problems, ['occurredOn'])
        await services.linkedProceedings.addEvent(request.params.proceedingId, input, contextOf(request))
      },
    )

    proceedingAction('/parties', 'linked-proceedings:manage', 'The party has been added', async (request, body) => {
      await services.linkedProceedings.addParty(
        request.params.proceedingId,
        { role: text(body, 'role'), name: text(body, 'name'), organisation: text(body, 'organisation') },
        contextOf(request),
      )
    })

    proceedingAction(
      '/pfd-reports',
      'linked-proceedings:manage',
      'The prevention of future deaths report has been recorded',
      async (request, body) => {
        const issued = readOne(body, 'issuedOn', 'the date the report was issued')
        const input = {
          issuedOn: issued.value ?? '',
          addressedTo: text(body, 'addressedTo'),
          concerns: text(body, 'concerns'),
        }
        if (issued.problems.length) return everyProblem(PfdReportInput, input, issued.problems, ['issuedOn'])
        await services.linkedProceedings.addPfdReport(request.params.proceedingId, input, contextOf(request))
      },
    )

    proceedingAction(
      '/pfd-reports/:reportId/response',
      'linked-proceedings:manage',
      'The response to the prevention of future deaths report has been recorded',
      async (request, body) => {
        const received = readOne(body, 'receivedOn', 'the date the response was sent')
        const input = { receivedOn: received.value ?? '', summary: text(body, 'summary') }
        if (received.problems.length) return everyProblem(PfdResponseInput, input, received.problems, ['receivedOn'])
        await services.linkedProceedings.recordPfdResponse(
          request.params.reportId!,
          input,
          version(body),
          contextOf(request),
        )
      },
    )
  }
}
