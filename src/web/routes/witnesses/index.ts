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
import { TIME_OF_DAY, londonDateAndTime, londonInstant } from '../../../domain/londonTime.js'
import { Conflict, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { StatementChangeType, WitnessChangeType } from '../../../services/witnesses.js'
import type { Services } from '../../../services/index.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsFromDate, partsOf, readDates } from '../../dates.js'
import { StatementInput } from '../../../services/witnesses.js'
import { asArray, everyProblem, formErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { VersionField } from '../actions/index.js'

type IdParams = { Params: { id: string } }
type WitnessParams = { Params: { id: string; witnessId: string } }
type StatementParams = { Params: { id: string; statementId: string } }
type WitnessPartParams = { Params: { id: string; witnessId: string; part: string } }
type StatementPartParams = { Params: { id: string; statementId: string; part: string } }
type Body = Record<string, unknown>

const DONE = {
  'witness-added': 'Witness added',
  'statement-recorded': 'Statement recorded',
  'statement-signed': 'Statement marked as signed',
  'witness-changed': 'Witness’s details changed',
  'statement-changed': 'Statement changed',
} as const

/**
 * A witness's details change one small group at a time (GOV.UK "Change" links from the summary
 * list): who they are, how to reach them, and what they need. Each group names the fields its
 * page posts, so a change never clears a field the page did not show.
 */
export const WITNESS_PARTS = {
  details: {
    title: 'Change who the witness is',
    fields: ['kind', 'fullName', 'roleInEvents', 'organisation', 'collarNumber'],
  },
  contact: { title: 'Change the witness’s contact details', fields: ['address', 'phone', 'email', 'preferredContact'] },
  needs: { title: 'Change special measures and needs', fields: ['specialMeasures', 'needs'] },
} as const
export type WitnessPart = keyof typeof WITNESS_PARTS

/** A statement's details that the API can change, one small group per page. */
export const STATEMENT_PARTS = {
  taken: { title: 'Change when and where the statement was taken' },
  summary: { title: 'Change the statement’s summary' },
  signed: { title: 'Change whether the statement is signed' },
  document: { title: 'Change the statement’s document' },
  links: { title: 'Change the allegations and events the statement bears on' },
} as const
export type StatementPart = keyof typeof STATEMENT_PARTS

const isWitnessPart = (part: string): part is WitnessPart => Object.hasOwn(WITNESS_PARTS, part)
const isStatementPart = (part: string): part is StatementPart => Object.hasOwn(STATEMENT_PARTS, part)
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

    async function renderWitnessChange(
      request: FastifyRequest<WitnessPartParams>,
      reply: FastifyReply,
      part: WitnessPart,
      extra: { values?: Body; problems?: FieldProblem[]; status?: number } = {},
    ) {
      const { witness } = await services.witnesses.getWitness(request.params.witnessId, contextOf(request))
      if (witness.investigationId !== request.params.id) return reply.callNotFound()
      // Shown: what was posted (after an error, nothing typed is lost), else what is held.
      const values: Body = extra.values ?? {
        kind: witness.kind,
        fullName: witness.fullName,
        roleInEvents: witness.roleInEvents ?? '',
        organisation: witness.organisation ?? '',
        collarNumber: witness.collarNumber ?? '',
        ...witness.contact,
        specialMeasures: witness.specialMeasures,
        needs: witness.needs ?? '',
      }
      return page(
        request,
        reply,
        'witnesses/witness-change.njk',
        {
          part,
          title: WITNESS_PARTS[part].title,
          witness,
          values,
          // The version the form carries is the one now held: after "someone else changed this",
          // sending the form again is a deliberate choice to save these words over theirs.
          version: witness.version,
          errors: extra.problems?.length
            ? formErrors(extra.problems, { kind: 'kind', specialMeasures: 'specialMeasures' })
            : undefined,
          kindItems: WITNESS_KINDS.map((k) => ({ value: k, text: WITNESS_KIND_LABELS[k], checked: values.kind === k })),
          measureItems: SPECIAL_MEASURES.map((m) => ({
            value: m,
            text: SPECIAL_MEASURE_LABELS[m],
            checked: checked(values, 'specialMeasures', m),
          })),
          backLink: { text: `Back to ${witness.reference}`, href: paths.witness(request.params.id, witness.id) },
        },
        extra.status ?? 200,
      )
    }

    app.get<WitnessPartParams>(
      `${base}/witnesses/:witnessId/change/:part`,
      { config: requires('witnesses:manage') },
      async (request, reply) => {
        if (!isWitnessPart(request.params.part)) return reply.callNotFound()
        return renderWitnessChange(request, reply, request.params.part)
      },
    )

    app.post<WitnessPartParams>(
      `${base}/witnesses/:witnessId/change/:part`,
      { config: { ...requires('witnesses:manage'), confirms: DONE['witness-changed'] } },
      async (request, reply) => {
        const part = request.params.part
        if (!isWitnessPart(part)) return reply.callNotFound()
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        try {
          if (!version.success) throw new ValidationFailed([{ path: 'form', message: 'Reload the page and try again' }])
          const { witness } = await services.witnesses.getWitness(request.params.witnessId, contextOf(request))
          if (witness.investigationId !== request.params.id) return reply.callNotFound()
          const change: Record<string, unknown> = {}
          for (const field of WITNESS_PARTS[part].fields)
            change[field] = field === 'specialMeasures' ? asArray(body.specialMeasures) : text(body, field)
          await services.witnesses.changeWitness(
            request.params.witnessId,
            change as WitnessChangeType,
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderWitnessChange(request, reply, part, { values: body, problems: error.problems, status: 400 })
          if (error instanceof Conflict)
            return renderWitnessChange(request, reply, part, {
              values: body,
              problems: [{ path: 'form', message: error.message }],
              status: 409,
            })
          throw error
        }
        return reply.redirect(paths.witness(request.params.id, request.params.witnessId), 303)
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
    // Changing a statement's details, one small group per page --------------------------------

    async function renderStatementChange(
      request: FastifyRequest<StatementPartParams>,
      reply: FastifyReply,
      part: StatementPart,
      extra: { values?: Body; problems?: FieldProblem[]; status?: number } = {},
    ) {
      const ctx = contextOf(request)
      const { statement } = await services.witnesses.getStatement(request.params.statementId, ctx)
      if (statement.investigationId !== request.params.id) return reply.callNotFound()
      const [takenOn, takenTime] = londonDateAndTime(statement.takenAt)
      const held = (name: string, date: string | null): Body => {
        const p = partsFromDate(date)
        return { [`${name}-day`]: p.day, [`${name}-month`]: p.month, [`${name}-year`]: p.year }
      }
      const values: Body = extra.values ?? {
        ...held('takenAt', takenOn),
        takenTime,
        place: statement.place,
        summary: statement.summary ?? '',
        signed: statement.signed ? 'yes' : 'no',
        ...held('signedOn', statement.signedOn),
        documentId: statement.document?.id ?? '',
        allegationIds: statement.allegationIds,
        chronologyEventIds: statement.chronologyEventIds,
      }
      const choices =
        part === 'document' || part === 'links'
          ? await services.witnesses.statementChoices(request.params.id, ctx)
          : undefined
      return page(
        request,
        reply,
        'witnesses/statement-change.njk',
        {
          part,
          title: STATEMENT_PARTS[part].title,
          statement,
          values,
          version: statement.version,
          parts: { takenAt: partsOf(values, 'takenAt'), signedOn: partsOf(values, 'signedOn') },
          errors: extra.problems?.length
            ? formErrors(extra.problems, {
                takenAt: 'takenAt-day',
                signedOn: 'signedOn-day',
                allegationIds: 'allegationIds',
                chronologyEventIds: 'chronologyEventIds',
              })
            : undefined,
          documentOptions: [
            { value: '', text: 'Not yet in the evidence register' },
            ...(choices?.documents ?? []).map((c) => ({
              value: c.id,
              text: c.label,
              selected: values.documentId === c.id,
            })),
          ],
          allegationItems: (choices?.allegations ?? []).map((c) => ({
            value: c.id,
            text: c.label,
            checked: checked(values, 'allegationIds', c.id),
          })),
          eventItems: (choices?.events ?? []).map((c) => ({
            value: c.id,
            text: c.label,
            checked: checked(values, 'chronologyEventIds', c.id),
          })),
          backLink: { text: `Back to ${statement.reference}`, href: paths.statement(request.params.id, statement.id) },
        },
        extra.status ?? 200,
      )
    }

    /** The change a statement part's form asks for, or the problems with it (all at once). */
    function statementChangeOf(
      part: StatementPart,
      body: Body,
    ): { change: StatementChangeType; problems: FieldProblem[] } {
      switch (part) {
        case 'taken': {
          const dates = readDates(body, [{ name: 'takenAt', what: 'the date it was taken', notInFuture: true }])
          const problems: FieldProblem[] = [...dates.problems]
          const time = text(body, 'takenTime').trim()
          const takenAt = dates.values.takenAt ? londonInstant(dates.values.takenAt, time) : null
          if (!TIME_OF_DAY.test(time) || (dates.values.takenAt && !takenAt))
            problems.push({ path: 'takenTime', message: 'Enter the time it was taken, like 14:30' })
          if (!text(body, 'place').trim())
            problems.push({ path: 'place', message: 'Enter where the statement was taken' })
          return { change: { takenAt: takenAt?.toISOString() ?? '', place: text(body, 'place') }, problems }
        }
        case 'summary':
          return { change: { summary: text(body, 'summary') }, problems: [] }
        case 'signed': {
          const signed = text(body, 'signed')
          if (signed !== 'yes' && signed !== 'no')
            return { change: {}, problems: [{ path: 'signed', message: 'Choose whether it is signed' }] }
          if (signed === 'no') return { change: { signed: false, signedOn: '' }, problems: [] }
          const dates = readDates(body, [{ name: 'signedOn', what: 'the date it was signed', notInFuture: true }])
          return { change: { signed: true, signedOn: dates.values.signedOn ?? '' }, problems: dates.problems }
        }
        case 'document':
          return { change: { documentId: text(body, 'documentId') }, problems: [] }
        case 'links':
          return {
            change: {
              allegationIds: asArray(body.allegationIds),
              chronologyEventIds: asArray(body.chronologyEventIds),
            },
            problems: [],
          }
      }
    }

    app.get<StatementPartParams>(
      `${base}/statements/:statementId/change/:part`,
      { config: requires('witnesses:manage') },
      async (request, reply) => {
        if (!isStatementPart(request.params.part)) return reply.callNotFound()
        return renderStatementChange(request, reply, request.params.part)
      },
    )

    app.post<StatementPartParams>(
      `${base}/statements/:statementId/change/:part`,
      { config: { ...requires('witnesses:manage'), confirms: DONE['statement-changed'] } },
      async (request, reply) => {
        const part = request.params.part
        if (!isStatementPart(part)) return reply.callNotFound()
        const body = (request.body ?? {}) as Body
        const version = VersionField.safeParse(body)
        const { change, problems } = statementChangeOf(part, body)
        try {
          if (!version.success) throw new ValidationFailed([{ path: 'form', message: 'Reload the page and try again' }])
          if (problems.length) throw new ValidationFailed(problems)
          const { statement } = await services.witnesses.getStatement(request.params.statementId, contextOf(request))
          if (statement.investigationId !== request.params.id) return reply.callNotFound()
          await services.witnesses.changeStatement(
            request.params.statementId,
            change,
            version.data.version,
            contextOf(request),
          )
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderStatementChange(request, reply, part, { values: body, problems: error.problems, status: 400 })
          if (error instanceof Conflict)
            return renderStatementChange(request, reply, part, {
              values: body,
              problems: [{ path: 'form', message: error.message }],
              status: 409,
            })
          throw error
        }
        return reply.redirect(paths.statement(request.params.id, request.params.statementId), 303)
      },
    )
  }
}
