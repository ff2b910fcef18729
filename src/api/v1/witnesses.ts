/**
 * Witnesses and statements over the API: lists by number in keyset pages, adding, reading (ETag)
 * and changing (PATCH with If-Match). Every read is an audited read of personal data, and only
 * the investigation team may make one ('witnesses:read': never case workers, the force or families).
 */
import { z } from 'zod'
import { SPECIAL_MEASURES, WITNESS_KINDS } from '../../domain/witnesses.js'
import { ACTION_STATUSES } from '../../domain/actions.js'
import {
  StatementChange,
  StatementInput,
  WitnessChange,
  WitnessInput,
  type Statement,
  type Witness,
} from '../../services/witnesses.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'
import type { ApiModule } from '../operations.js'

export const WitnessJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'W1, W2… within the investigation' }),
    kind: z.enum(WITNESS_KINDS),
    fullName: z.string(),
    roleInEvents: z.string().nullable(),
    organisation: z.string().nullable(),
    collarNumber: z.string().nullable(),
    contact: z.object({
      address: z.string().nullable(),
      phone: z.string().nullable(),
      email: z.string().nullable(),
      preferredContact: z.string().nullable(),
    }),
    specialMeasures: z.array(z.enum(SPECIAL_MEASURES)),
    needs: z.string().nullable(),
    statementCount: z.number().int().optional(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Witness' })

export const StatementJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'S1, S2… within the investigation' }),
    givenBy: z.object({
      kind: z.enum(['witness', 'subject']),
      id: z.uuid(),
      name: z.string(),
      reference: z.string().nullable(),
    }),
    takenBy: z.object({ id: z.uuid(), name: z.string() }),
    takenAt: z.iso.datetime(),
    place: z.string(),
    summary: z.string().nullable(),
    signed: z.boolean(),
    signedOn: z.string().nullable(),
    document: z
      .object({
        id: z.uuid(),
        exhibitReference: z.string(),
        title: z.string(),
        sha256: z.string(),
        withdrawn: z.boolean(),
      })
      .nullable()
      .meta({ description: 'The document in the evidence register that holds the statement' }),
    allegationIds: z.array(z.uuid()),
    chronologyEventIds: z.array(z.uuid()),
    actions: z
      .array(z.object({ id: z.uuid(), reference: z.string(), title: z.string(), status: z.enum(ACTION_STATUSES) }))
      .optional()
      .meta({ description: 'On a single statement: the actions whose results cite it' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Statement' })

const witnessJson = (w: Witness & { statementCount?: number }): z.output<typeof WitnessJson> => ({
  ...w,
  createdAt: w.createdAt.toISOString(),
  updatedAt: w.updatedAt.toISOString(),
})
const statementJson = (s: Statement): z.output<typeof StatementJson> => ({
  ...s,
  takenAt: s.takenAt.toISOString(),
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
})

const Id = z.object({ id: z.uuid() })
const NumberPosition = z.object({ n: z.number().int().min(0).max(2147483647) })

export const witnessOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Witnesses and statements']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/witnesses',
    operationId: 'listWitnesses',
    summary: 'The investigation’s witnesses by number (W1, W2…), in keyset pages (an audited read)',
    tags,
    access: 'witnesses:read',
    params: Id,
    query: PageQuery,
    responses: { 200: { description: 'A page of witnesses', schema: pageOf(WitnessJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, NumberPosition)
      const page = await services.witnesses.listWitnesses(params.id, ctx, {
        afterNumber: after?.n ?? 0,
        limit: query.limit,
      })
      return {
        items: page.items.map(witnessJson),
        nextCursor: page.next !== null ? encodeCursor({ n: page.next }) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/witnesses',
    operationId: 'addWitness',
    summary: 'Record a witness (investigators)',
    tags,
    access: 'witnesses:manage',
    params: Id,
    body: WitnessInput,
    responses: {
      201: {
        description: 'The witness',
        schema: WitnessJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const witness = await services.witnesses.addWitness(params.id, body, ctx)
      setETag(reply, witness.version)
      return reply.code(201).header('location', `/api/v1/witnesses/${witness.id}`).send(witnessJson(witness))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/witnesses/:id',
    operationId: 'getWitness',
    summary: 'One witness with contact details and special measures (an audited read)',
    tags,
    access: 'witnesses:read',
    params: Id,
    responses: {
      200: { description: 'The witness', schema: WitnessJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { witness, statements } = await services.witnesses.getWitness(params.id, ctx)
      if (notModified(request, reply, witness.version)) return reply
      return { ...witnessJson(witness), statementCount: statements.length }
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/witnesses/:id',
    operationId: 'updateWitness',
    summary: 'Change a witness’s details: the fields given replace those held (null clears an optional one)',
    tags,
    access: 'witnesses:manage',
    params: Id,
    body: WitnessChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The witness as changed', schema: WitnessJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const witness = await services.witnesses.changeWitness(params.id, body, expectedVersion, ctx)
      setETag(reply, witness.version)
      return witnessJson(witness)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/statements',
    operationId: 'listStatements',
    summary: 'The investigation’s statements by number (S1, S2…), optionally of one witness or officer',
    tags,
    access: 'witnesses:read',
    params: Id,
    query: PageQuery.extend({ witnessId: z.uuid().optional(), subjectId: z.uuid().optional() }),
    responses: { 200: { description: 'A page of statements', schema: pageOf(StatementJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, NumberPosition)
      const page = await services.witnesses.listStatements(params.id, ctx, {
        afterNumber: after?.n ?? 0,
        limit: query.limit,
        ...(query.witnessId ? { witnessId: query.witnessId } : {}),
        ...(query.subjectId ? { subjectId: query.subjectId } : {}),
      })
      return {
        items: page.items.map(statementJson),
        nextCursor: page.next !== null ? encodeCursor({ n: page.next }) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/statements',
    operationId: 'recordStatement',
    summary: 'Record a statement taken from a witness (witnessId) or an officer under investigation (subjectId)',
    tags,
    access: 'witnesses:manage',
    params: Id,
    body: StatementInput,
    responses: {
      201: {
        description: 'The statement',
        schema: StatementJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const statement = await services.witnesses.recordStatement(params.id, body, ctx)
      setETag(reply, statement.version)
      return reply.code(201).header('location', `/api/v1/statements/${statement.id}`).send(statementJson(statement))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/statements/:id',
    operationId: 'getStatement',
    summary: 'One statement, with the actions whose results cite it (an audited read)',
    tags,
    access: 'witnesses:read',
    params: Id,
    responses: {
      200: { description: 'The statement', schema: StatementJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { statement, actions } = await services.witnesses.getStatement(params.id, ctx)
      if (notModified(request, reply, statement.version)) return reply
      return { ...statementJson(statement), actions }
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/statements/:id',
    operationId: 'updateStatement',
    summary: 'Mark a statement signed, attach its document, correct when or where it was taken, relink it',
    tags,
    access: 'witnesses:manage',
    params: Id,
    body: StatementChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The statement as changed', schema: StatementJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const statement = await services.witnesses.changeStatement(params.id, body, expectedVersion, ctx)
      setETag(reply, statement.version)
      return statementJson(statement)
    },
  })
}
