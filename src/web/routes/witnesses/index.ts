/**
 * The Witnesses tab: the case's witnesses and statements (personal data the team alone sees;
 * every page is an audited read), adding a witness, recording a statement taken from a witness
 * or an officer under investigation, and marking a statement signed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import {
  SPECIAL_MEASURES,
  SPECIAL_MEASURE_LABELS,
  WITNESS_KINDS,
  WITNESS_KIND_LABELS,
  type SpecialMeasure,
  type WitnessKind,
} from '../../../domain/witnesses.js'
import { londonDateOf } from '../../../domain/calendar.js'
import { londonInstant } from '../../../domain/londonTime.js'
import { Conflict, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsOf, readDates } from '../../dates.js'
import { StatementInput } from '../../../services/witnesses.js'
import { asArray, everyProblem, formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { VersionField } from '../actions/index.js'

type IdParams = { Params: { id: string } }
type WitnessParams = { Params: { id: string; witnessId: string } }
type StatementParams = { Params: { id: string; statementId: string } }
type Body = Record<string, unknown>

const DONE = {
  'witness-added': 'Witness added',
  'statement-recorded': 'Statement recorded',
  'statement-signed': 'Statement marked as signed',
} as const
const text = (body: Body, name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
const checked = (values: Body, name: string, value: string) => asArray(values[name]).includes(value)

export default function witnessRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id`

    async function page(request: FastifyRequest, reply: FastifyReply, template: string, values: object, status = 200) {
      const id = (request.params as { id: string }).id
      const header = await services.investigations.header(id, contextOf(request))
      return reply.code(status).render(template, { caseHeader: caseHeader(header), activeTab: 'witnesses', ...values })
    }

    app.get<IdParams>(`${base}/witnesses`, { config: requires('witnesses:read') }, async (request, reply) => {
      const ctx = contextOf(request)
      const [witnesses, statements] = await Promise.all([
        services.witnesses.listWitnesses(request.params.id, ctx, { limit: 500 }),
        services.witnesses.listStatements(request.params.id, ctx, { limit: 500 }),
      ])
      return page(request, reply, 'witnesses/tab.njk', {
        witnesses: witnesses.items,
        statements: statements.items,
        more: witnesses.next !== null || statements.next !== null,
        may: witnesses.may,
        kindLabels: WITNESS_KIND_LABELS,
      })
    })

    // Witnesses ------------------------------------------------------------------------------

    async function renderWitnessNew(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
    ) {
      return page(
        request,
        reply,
        'witnesses/witness-new.njk',
        {
          values,
          errors: problems?.length
            ? formErrors(problems, { kind: 'kind', specialMeasures: 'specialMeasures' })
            : undefined,
          kindItems: WITNESS_KINDS.map((k) => ({ value: k, text: WITNESS_KIND_LABELS[k], checked: values.kind === k })),
          measureItems: SPECIAL_MEASURES.map((m) => ({
            value: m,
            text: SPECIAL_MEASURE_LABELS[m],
            checked: checked(values, 'specialMeasures', m),
          })),
          backLink: { text: 'Back to witnesses', href: paths.witnesses(request.params.id) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(`${base}/witnesses/new`, { config: requires('witnesses:manage') }, async (request, reply) =>
      renderWitnessNew(request, reply, {}),
    )

    app.post<IdParams>(
      `${base}/witnesses`,
      { config: { ...requires('witnesses:manage'), confirms: DONE['witness-added'] } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        try {
          const witness = await services.witnesses.addWitness(
            request.params.id,
            {
              kind: text(body, 'kind') as WitnessKind,
              fullName: text(body, 'fullName'),
              roleInEvents: text(body, 'roleInEvents'),
              organisation: text(body, 'organisation'),
              collarNumber: text(body, 'collarNumber'),
              address: text(body, 'address'),
              phone: text(body, 'phone'),
              email: text(body, 'email'),
              preferredContact: text(body, 'preferredContact'),
              specialMeasures: asArray(body.specialMeasures) as SpecialMeasure[],
              needs: text(body, 'needs'),
            },
            contextOf(request),
          )
          return reply.redirect(paths.witness(request.params.id, witness.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderWitnessNew(request, reply, body, error.problems)
          throw error
        }
      },
    )

    app.get<WitnessParams>(
      `${base}/witnesses/:witnessId`,
      { config: requires('witnesses:read') },
      async (request, reply) => {
        const { witness, statements, may } = await services.witnesses.getWitness(
          request.params.witnessId,
          contextOf(request),
        )
        if (witness.investigationId !== request.params.id) return reply.callNotFound()
        return page(request, reply, 'witnesses/witness.njk', {
          witness,
          statements,
          may,
          kindLabels: WITNESS_KIND_LABELS,
          measureLabels: SPECIAL_MEASURE_LABELS,
          backLink: { text: 'Back to witnesses', href: paths.witnesses(request.params.id) },
        })
      },
    )

    // Statements -----------------------------------------------------------------------------

    async function renderStatementNew(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      values: Body,
      problems?: FieldProblem[],
    ) {
      const choices = await services.witnesses.statementChoices(request.params.id, contextOf(request))
      const options = (list: { id: string; label: string }[], name: string, none: string) => [
        { value: '', text: none },
        ...list.map((c) => ({ value: c.id, text: c.label, selected: values[name] === c.id })),
      ]
      const boxes = (list: { id: string; label: string }[], name: string) =>
        list.map((c) => ({ value: c.id, text: c.label, checked: checked(values, name, c.id) }))
      return page(
        request,
        reply,
        'witnesses/statement-new.njk',
        {
          values,
          errors: problems?.length
            ? formErrors(problems, { takenAt: 'takenAt-day', signedOn: 'signedOn-day' })
            : undefined,
          parts: { takenAt: partsOf(values, 'takenAt'), signedOn: partsOf(values, 'signedOn') },
          witnessOptions: options(choices.witnesses, 'witnessId', 'Not a witness (an officer under investigation)'),
          subjectOptions: options(choices.subjects, 'subjectId', 'Not an officer (a witness)'),
          teamOptions: options(choices.team, 'takenBy', 'Choose who took it'),
          documentOptions: options(choices.documents, 'documentId', 'Not yet in the evidence register'),
          allegationItems: boxes(choices.allegations, 'allegationIds'),
          eventItems: boxes(choices.events, 'chronologyEventIds'),
          backLink: { text: 'Back to witnesses', href: paths.witnesses(request.params.id) },
        },
        problems?.length ? 400 : 200,
      )
    }

    app.get<IdParams>(`${base}/statements/new`, { config: requires('witnesses:manage') }, async (request, reply) => {
      const q = z.object({ witness: z.uuid().optional().catch(undefined) }).parse(request.query ?? {})
      return renderStatementNew(request, reply, {
        ...(q.witness ? { witnessId: q.witness } : {}),
        takenBy: contextOf(request).actor?.userId,
      })
    })

    app.post<IdParams>(
      `${base}/statements`,
      { config: { ...requires('witnesses:manage'), confirms: DONE['statement-recorded'] } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const dates = readDates(body, [
          { name: 'takenAt', what: 'the date it was taken', notInFuture: true },
          { name: 'signedOn', what: 'the date it was signed', optional: true, notInFuture: true },
        ])
        const problems: FieldProblem[] = [...dates.problems]
        const time = text(body, 'takenTime').trim()
        const takenAt = dates.values.takenAt ? londonInstant(dates.values.takenAt, time) : null
        // The time is asked for with the date, so it is named with the date's problem, not after it.
        if (!time || (dates.values.takenAt && !takenAt))
          problems.push({ path: 'takenTime', message: 'Enter the time it was taken, like 14:30' })
        const signed = text(body, 'signed') === 'yes'
        const input = {
          witnessId: text(body, 'witnessId'),
          subjectId: text(body, 'subjectId'),
          takenBy: text(body, 'takenBy'),
          // A stand-in instant while the date or time cannot be read: the rest of the form is still checked.
          takenAt: (takenAt ?? new Date(0)).toISOString(),
          place: text(body, 'place'),
          summary: text(body, 'summary'),
          signed,
          signedOn: signed ? (dates.values.signedOn ?? '') : '',
          documentId: text(body, 'documentId'),
          allegationIds: asArray(body.allegationIds),
          chronologyEventIds: asArray(body.chronologyEventIds),
        }
        try {
          // Every problem at once: the dates' and time's, and the statement schema's over the rest.
          if (problems.length) throw new ValidationFailed(everyProblem(StatementInput, input, problems))
          const statement = await services.witnesses.recordStatement(request.params.id, input, contextOf(request))
          return reply.redirect(paths.statement(request.params.id, statement.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed) return renderStatementNew(request, reply, body, error.problems)
          throw error
        }
      },
    )

    async function renderStatement(
      request: FastifyRequest<StatementParams>,
      reply: FastifyReply,
      extra: object = {},
      status = 200,
    ) {
      const { statement, actions, may } = await services.witnesses.getStatement(
        request.params.statementId,
        contextOf(request),
      )
      if (statement.investigationId !== request.params.id) return reply.callNotFound()
      return page(
        request,
        reply,
        'witnesses/statement.njk',
        {
          statement,
          actions,
          may,
          today: londonDateOf(new Date()),
          backLink: { text: 'Back to witnesses', href: paths.witnesses(request.params.id) },
          ...extra,
        },
        status,
      )
    }

    app.get<StatementParams>(
      `${base}/statements/:statementId`,
      { config: requires('witnesses:read') },
      async (request, reply) => renderStatement(request, reply),
    )

    app.post<StatementParams>(
      `${base}/statements/:statementId/signature`,
      { config: { ...requires('witnesses:manage'), confirms: DONE['statement-signed'] } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        const dates = readDates(body, [{ name: 'signedOn', what: 'the date it was signed', notInFuture: true }])
        const problems: FieldProblem[] = version.success
          ? dates.problems
          : [{ path: 'form', message: 'Reload the page and try again' }]
        try {
          if (problems.length) throw new ValidationFailed(problems)
          const { statement } = await services.witnesses.getStatement(request.params.statementId, contextOf(request))
          if (statement.investigationId !== request.params.id) return reply.callNotFound()
          await services.witnesses.changeStatement(
            request.params.statementId,
            { signed: true, signedOn: dates.values.signedOn! },
            version.data!.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderStatement(
              request,
              reply,
              {
                errors: formErrors(error.problems, { signedOn: 'signedOn-day' }),
                parts: { signedOn: partsOf(body, 'signedOn') },
              },
              400,
            )
          if (error instanceof Conflict)
            return renderStatement(
              request,
              reply,
              { errors: formErrors([{ path: 'form', message: error.message }]) },
              409,
            )
          throw error
        }
        return reply.redirect(paths.statement(request.params.id, request.params.statementId), 303)
      },
    )
  }
}
