/**
 * Lines of enquiry and actions over the API. An action's steps (allocate, result, refer back,
 * file) are POSTs to sub-resources of the action — `allocations`, `results`, `referrals-back`,
 * `filings` — each with If-Match on the action's version, because each is a recorded event in
 * the action's history rather than an edit of a field (docs/api.md).
 */
import { z } from 'zod'
import { ACTION_PRIORITIES, ACTION_STATUSES, ACTION_STEPS, LINE_OF_ENQUIRY_STATUSES } from '../../domain/actions.js'
import { isPlainDate } from '../../domain/calendar.js'
import {
  ActionInput,
  AllocationInput,
  FileInput,
  LineOfEnquiryChange,
  LineOfEnquiryInput,
  ReferBackInput,
  ResultInput,
  type Action,
  type ActionStepView,
  type LineOfEnquiry,
} from '../../services/actions.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader } from '../operations.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { PageQuery, pageOf } from '../pagination.js'
import type { ApiModule } from '../operations.js'

const Person = z.object({ id: z.uuid(), name: z.string() })

export const LineOfEnquiryJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'L1, L2… within the investigation' }),
    title: z.string(),
    description: z.string().nullable(),
    termsOfReferencePoint: z.string().nullable(),
    subjectIds: z.array(z.uuid()),
    allegationIds: z.array(z.uuid()),
    status: z.enum(LINE_OF_ENQUIRY_STATUSES),
    outcome: z.string().nullable().meta({ description: 'What was established (answered) or why it closed' }),
    actionCount: z.number().int(),
    openActionCount: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'LineOfEnquiry' })

export const ActionJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    number: z.number().int(),
    reference: z.string().meta({ description: 'A1, A2… within the investigation, without gaps' }),
    title: z.string(),
    description: z.string().nullable(),
    priority: z.enum(ACTION_PRIORITIES),
    lineOfEnquiry: z.object({ id: z.uuid(), reference: z.string(), title: z.string() }).nullable(),
    dueOn: z.iso.date().nullable(),
    overdue: z.boolean(),
    status: z.enum(ACTION_STATUSES),
    allocatedTo: Person.nullable(),
    result: z.string().nullable(),
    filedReason: z.string().nullable(),
    subjectIds: z.array(z.uuid()),
    allegationIds: z.array(z.uuid()),
    documentIds: z.array(z.uuid()),
    chronologyEventIds: z.array(z.uuid()),
    statementIds: z.array(z.uuid()),
    raisedBy: Person,
    raisedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'Action' })

const ActionStepJson = z
  .object({
    step: z.enum(ACTION_STEPS),
    fromStatus: z.string().nullable(),
    toStatus: z.string(),
    by: Person.nullable(),
    allocatedTo: Person.nullable(),
    note: z.string().nullable(),
    occurredAt: z.iso.datetime(),
  })
  .meta({ id: 'ActionStep' })

const ActionWithSteps = ActionJson.extend({ steps: z.array(ActionStepJson) }).meta({ id: 'ActionWithSteps' })

const MyWorkItemJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    reference: z.string().meta({ description: 'The investigation’s reference' }),
    investigationTitle: z.string(),
    actionReference: z.string(),
    number: z.number().int(),
    title: z.string(),
    priority: z.enum(ACTION_PRIORITIES),
    status: z.enum(ACTION_STATUSES),
    dueOn: z.iso.date().nullable(),
    overdue: z.boolean(),
    lineReference: z.string().nullable(),
  })
  .meta({ id: 'MyWorkItem' })

const lineJson = (l: LineOfEnquiry): z.output<typeof LineOfEnquiryJson> => ({
  ...l,
  createdAt: l.createdAt.toISOString(),
  updatedAt: l.updatedAt.toISOString(),
})
const actionJson = (a: Action): z.output<typeof ActionJson> => ({
  ...a,
  raisedAt: a.raisedAt.toISOString(),
  updatedAt: a.updatedAt.toISOString(),
})
const stepJson = (s: ActionStepView): z.output<typeof ActionStepJson> => ({
  ...s,
  occurredAt: s.occurredAt.toISOString(),
})

const Id = z.object({ id: z.uuid() })
const NumberPosition = z.object({ n: z.number().int().min(0).max(2147483647) })
const MyWorkPosition = z.object({ dueKey: z.string().refine(isPlainDate), id: z.uuid() })

export const actionOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Actions']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/lines-of-enquiry',
    operationId: 'listLinesOfEnquiry',
    summary: 'The investigation’s lines of enquiry, by number (L1, L2…), in keyset pages',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    query: PageQuery,
    responses: { 200: { description: 'A page of lines of enquiry', schema: pageOf(LineOfEnquiryJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, NumberPosition)
      const page = await services.actions.listLines(params.id, ctx, { afterNumber: after?.n ?? 0, limit: query.limit })
      return { items: page.items.map(lineJson), nextCursor: page.next !== null ? encodeCursor({ n: page.next }) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/lines-of-enquiry',
    operationId: 'addLineOfEnquiry',
    summary: 'Open a line of enquiry (lead investigator or decision maker)',
    tags,
    access: 'lines-of-enquiry:manage',
    params: Id,
    body: LineOfEnquiryInput,
    responses: {
      201: {
        description: 'The line of enquiry',
        schema: LineOfEnquiryJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const line = await services.actions.addLine(params.id, body, ctx)
      setETag(reply, line.version)
      return reply.code(201).header('location', `/api/v1/lines-of-enquiry/${line.id}`).send(lineJson(line))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/lines-of-enquiry/:id',
    operationId: 'getLineOfEnquiry',
    summary: 'One line of enquiry',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    responses: {
      200: { description: 'The line of enquiry', schema: LineOfEnquiryJson, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { line, actions } = await services.actions.getLine(params.id, ctx)
      if (notModified(request, reply, line.version)) return reply
      return {
        ...lineJson(line),
        actionCount: actions.length,
        openActionCount: actions.filter((a) => ['raised', 'allocated', 'referred_back'].includes(a.status)).length,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/lines-of-enquiry/:id',
    operationId: 'updateLineOfEnquiry',
    summary: 'Change a line of enquiry, or answer, close or reopen it (status + outcome)',
    tags,
    access: 'lines-of-enquiry:manage',
    params: Id,
    body: LineOfEnquiryChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The line as changed', schema: LineOfEnquiryJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const line = await services.actions.changeLine(params.id, body, expectedVersion, ctx)
      setETag(reply, line.version)
      return lineJson(line)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/actions',
    operationId: 'listActions',
    summary: 'The investigation’s actions, by number (A1, A2…), filtered, in keyset pages',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    query: PageQuery.extend({
      status: z.enum(ACTION_STATUSES).optional(),
      open: z.enum(['true', 'false']).optional().meta({ description: 'true: only raised, allocated or referred back' }),
      lineOfEnquiryId: z.uuid().optional(),
      allocatedTo: z.uuid().optional(),
    }),
    responses: { 200: { description: 'A page of actions', schema: pageOf(ActionJson) } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, NumberPosition)
      const page = await services.actions.list(params.id, ctx, {
        ...(query.status ? { status: query.status } : {}),
        ...(query.open === 'true' ? { open: true } : {}),
        ...(query.lineOfEnquiryId ? { lineOfEnquiryId: query.lineOfEnquiryId } : {}),
        ...(query.allocatedTo ? { allocatedTo: query.allocatedTo } : {}),
        afterNumber: after?.n ?? 0,
        limit: query.limit,
      })
      return {
        items: page.items.map(actionJson),
        nextCursor: page.next !== null ? encodeCursor({ n: page.next }) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/actions',
    operationId: 'raiseAction',
    summary: 'Raise an action (anyone on the investigating team); it is numbered A1, A2… without gaps',
    tags,
    access: 'actions:raise',
    params: Id,
    body: ActionInput,
    responses: {
      201: {
        description: 'The action as raised',
        schema: ActionJson,
        headers: { ...etagHeader, Location: { description: 'Its address' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const action = await services.actions.raise(params.id, body, ctx)
      setETag(reply, action.version)
      return reply.code(201).header('location', `/api/v1/actions/${action.id}`).send(actionJson(action))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/actions/:id',
    operationId: 'getAction',
    summary: 'One action with every step taken on it',
    tags,
    access: 'investigation:read-case-file',
    params: Id,
    responses: {
      200: { description: 'The action', schema: ActionWithSteps, headers: etagHeader },
      304: { description: 'Not modified' },
    },
    async handler({ params, ctx }, request, reply) {
      const { action, steps } = await services.actions.get(params.id, ctx)
      if (notModified(request, reply, action.version)) return reply
      return { ...actionJson(action), steps: steps.map(stepJson) }
    },
  })

  const step = <B extends z.ZodType>(
    path: string,
    operationId: string,
    summary: string,
    access: 'actions:supervise' | 'actions:result',
    body: B,
    run: (
      id: string,
      body: z.output<B>,
      version: number,
      ctx: Parameters<typeof services.actions.get>[1],
    ) => Promise<Action>,
  ) =>
    defineOperation(app, registry, {
      method: 'post',
      path: `/api/v1/actions/:id/${path}`,
      operationId,
      summary,
      tags,
      access,
      params: Id,
      body,
      concurrency: 'if-match',
      responses: { 200: { description: 'The action after the step', schema: ActionJson, headers: etagHeader } },
      async handler({ params, body: input, expectedVersion, ctx }, _request, reply) {
        const action = await run(params.id, input as z.output<B>, expectedVersion, ctx)
        setETag(reply, action.version)
        return actionJson(action)
      },
    })

  step(
    'allocations',
    'allocateAction',
    'Allocate (or reallocate) the action to an investigator on the team (lead investigator)',
    'actions:supervise',
    AllocationInput,
    (id, body, v, ctx) => services.actions.allocate(id, body, v, ctx),
  )
  step(
    'results',
    'resultAction',
    'Result the action: what was found and the documents, chronology events and statements it produced (its allocated investigator, or the lead)',
    'actions:result',
    ResultInput,
    (id, body, v, ctx) => services.actions.result(id, body, v, ctx),
  )
  step(
    'referrals-back',
    'referBackAction',
    'Refer a resulted action back for more work (lead investigator)',
    'actions:supervise',
    ReferBackInput,
    (id, body, v, ctx) => services.actions.referBack(id, body, v, ctx),
  )
  step(
    'filings',
    'fileAction',
    'File an open action as not to be done, with the reason (lead investigator)',
    'actions:supervise',
    FileInput,
    (id, body, v, ctx) => services.actions.file(id, body, v, ctx),
  )

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/me/actions',
    operationId: 'listMyWork',
    summary: 'My work: actions allocated to me and still owed, across my cases, overdue first then by due date',
    tags,
    access: 'actions:result',
    query: PageQuery,
    responses: { 200: { description: 'A page of my actions', schema: pageOf(MyWorkItemJson) } },
    async handler({ query, ctx }) {
      const after = decodeCursor(query.cursor, MyWorkPosition)
      const page = await services.actions.myWork(ctx, { limit: query.limit, ...(after ? { after } : {}) })
      return { items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null }
    },
  })
}
