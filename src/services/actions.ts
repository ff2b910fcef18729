/**
 * Lines of enquiry and actions (domain/actions.ts): what the team sets out to establish, and
 * the work given out, chased and resulted to establish it. Each change is one transaction that
 * checks the policy against the actor's place on the team, applies the domain's step rule,
 * writes the action and its step, and audits, so the history of every action is complete.
 * Reads of the case's work are audited like the rest of the case file.
 */
import { officerName } from '../domain/vocabulary.js'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import {
  ACTION_PRIORITIES,
  ACTION_STATUSES,
  LINE_OF_ENQUIRY_STATUSES,
  actionReference,
  actionStep,
  ageInDays,
  isOverdue,
  lineOfEnquiryChange,
  lineOfEnquiryReference,
  type ActionPriority,
  type ActionStatus,
  type ActionStep,
  type LineOfEnquiryStatus,
} from '../domain/actions.js'
import { compareDates, londonDateOf, type PlainDate } from '../domain/calendar.js'
import * as repo from '../data/repositories/actions.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor, type CaseInContext } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from './errors.js'
import { parseOrThrow } from './investigations.js'
import { idList, optionalDate, optionalText, requiredText, type PersonRef } from './workFields.js'

// Inputs -------------------------------------------------------------------------------------

export const LineOfEnquiryInput = z.object({
  title: requiredText(300, 'what is to be established'),
  description: optionalText(20000, 'the description'),
  termsOfReferencePoint: optionalText(2000, 'the terms of reference it serves'),
  subjectIds: idList('subjects').default([]),
  allegationIds: idList('allegations').default([]),
})
export type LineOfEnquiryInputType = z.input<typeof LineOfEnquiryInput>

export const LineOfEnquiryChange = z
  .object({
    title: requiredText(300, 'what is to be established').optional(),
    description: optionalText(20000, 'the description'),
    termsOfReferencePoint: optionalText(2000, 'the terms of reference it serves'),
    status: z.enum(LINE_OF_ENQUIRY_STATUSES, { message: 'Choose open, answered or closed' }).optional(),
    outcome: optionalText(20000, 'the answer or the reason'),
  })
  .superRefine((v, ctx) => {
    if ((v.status === 'answered' || v.status === 'closed') && !v.outcome)
      ctx.addIssue({
        code: 'custom',
        path: ['outcome'],
        message: v.status === 'answered' ? 'Enter what was established' : 'Enter why the line of enquiry is closed',
      })
  })
export type LineOfEnquiryChangeType = z.input<typeof LineOfEnquiryChange>

export const ActionInput = z.object({
  title: requiredText(300, 'the action'),
  description: optionalText(20000, 'the description'),
  priority: z.enum(ACTION_PRIORITIES, { message: 'Choose the priority' }),
  lineOfEnquiryId: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.uuid({ message: 'Choose a line of enquiry of this investigation' }).optional(),
  ),
  dueOn: optionalDate('Enter a real due date'),
  subjectIds: idList('subjects').default([]),
  allegationIds: idList('allegations').default([]),
})
export type ActionInputType = z.input<typeof ActionInput>

export const AllocationInput = z.object({
  allocatedTo: z.uuid({ message: 'Choose who the action is allocated to' }),
  dueOn: optionalDate('Enter a real due date'),
  note: optionalText(5000, 'the note'),
})
export type AllocationInputType = z.input<typeof AllocationInput>

export const ResultInput = z.object({
  result: requiredText(20000, 'what was found'),
  documentIds: idList('documents').default([]),
  chronologyEventIds: idList('chronology events').default([]),
  statementIds: idList('statements').default([]),
})
export type ResultInputType = z.input<typeof ResultInput>

export const ReferBackInput = z.object({ note: requiredText(5000, 'what more is needed') })
export const FileInput = z.object({ reason: requiredText(5000, 'why the action is not to be done') })

// Outputs ------------------------------------------------------------------------------------

export interface LineOfEnquiry {
  id: string
  investigationId: string
  number: number
  reference: string
  title: string
  description: string | null
  termsOfReferencePoint: string | null
  subjectIds: string[]
  allegationIds: string[]
  status: LineOfEnquiryStatus
  outcome: string | null
  actionCount: number
  openActionCount: number
  createdAt: Date
  updatedAt: Date
  version: number
}

export interface ActionStepView {
  step: ActionStep
  fromStatus: string | null
  toStatus: string
  by: PersonRef | null
  allocatedTo: PersonRef | null
  note: string | null
  occurredAt: Date
}

export interface Action {
  id: string
  investigationId: string
  number: number
  reference: string
  title: string
  description: string | null
  priority: ActionPriority
  lineOfEnquiry: { id: string; reference: string; title: string } | null
  dueOn: PlainDate | null
  overdue: boolean
  status: ActionStatus
  allocatedTo: PersonRef | null
  result: string | null
  filedReason: string | null
  subjectIds: string[]
  allegationIds: string[]
  documentIds: string[]
  chronologyEventIds: string[]
  statementIds: string[]
  raisedBy: PersonRef
  raisedAt: Date
  updatedAt: Date
  version: number
}

export interface MyWorkItem {
  id: string
  investigationId: string
  reference: string
  investigationTitle: string
  actionReference: string
  number: number
  title: string
  priority: ActionPriority
  status: ActionStatus
  dueOn: PlainDate | null
  overdue: boolean
  lineReference: string | null
}

/** A hook for linked records other modules own (statements), checked inside the change's transaction. */
export type StatementCheck = (trx: Executor, investigationId: string, ids: readonly string[]) => Promise<string[]>

type LineRow = NonNullable<Awaited<ReturnType<typeof repo.findLine>>>

function lineView(r: LineRow & { action_count?: number | null; open_action_count?: number | null }): LineOfEnquiry {
  return {
    id: r.id,
    investigationId: r.investigation_id,
    number: r.number,
    reference: lineOfEnquiryReference(r.number),
    title: r.title,
    description: r.description,
    termsOfReferencePoint: r.terms_of_reference_point,
    subjectIds: r.subject_ids,
    allegationIds: r.allegation_ids,
    status: r.status,
    outcome: r.outcome,
    actionCount: r.action_count ?? 0,
    openActionCount: r.open_action_count ?? 0,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
  }
}

const lineAudit = (r: LineRow) => ({
  number: r.number,
  title: r.title,
  status: r.status,
  outcome: r.outcome,
  termsOfReferencePoint: r.terms_of_reference_point,
  subjectIds: r.subject_ids,
  allegationIds: r.allegation_ids,
})

const actionAudit = (r: repo.ActionRow) => ({
  number: r.number,
  title: r.title,
  priority: r.priority,
  status: r.status,
  lineOfEnquiryId: r.line_of_enquiry_id,
  dueOn: r.due_on,
  allocatedTo: r.allocated_to,
  result: r.result,
  filedReason: r.filed_reason,
  documentIds: r.document_ids,
  chronologyEventIds: r.chronology_event_ids,
  statementIds: r.statement_ids,
})

const today = () => londonDateOf(new Date())

export function actionService(db: Kysely<Database>, options: { statementsOfCase?: StatementCheck } = {}) {
  const access = caseAccess(db)

  async function checkIds(
    trx: Executor,
    investigationId: string,
    links: { path: string; table: Parameters<typeof repo.idsOfCase>[1]; ids: string[]; what: string }[],
  ) {
    const problems: FieldProblem[] = []
    for (const l of links) {
      const found = await repo.idsOfCase(trx, l.table, investigationId, l.ids)
      if (found.length !== new Set(l.ids).size)
        problems.push({ path: l.path, message: `Choose ${l.what} of this investigation` })
    }
    if (problems.length) throw new ValidationFailed(problems)
  }

  async function names(executor: Executor, ids: (string | null)[]) {
    const wanted = [...new Set(ids.filter((i): i is string => i !== null))]
    if (wanted.length === 0) return new Map<string, string>()
    const rows = await repo.userNames(executor, wanted)
    return new Map(rows.map((r) => [r.id, r.display_name]))
  }

  async function present(executor: Executor, rows: repo.ActionRow[]): Promise<Action[]> {
    const people = await names(
      executor,
      rows.flatMap((r) => [r.allocated_to, r.raised_by]),
    )
    const lineIds = [...new Set(rows.flatMap((r) => (r.line_of_enquiry_id ? [r.line_of_enquiry_id] : [])))]
    const lines = await repo.linesByIds(executor, lineIds)
    const lineById = new Map(lines.map((l) => [l.id, l]))
    const now = today()
    const person = (id: string | null): PersonRef | null =>
      id === null ? null : { id, name: people.get(id) ?? 'Unknown person' }
    return rows.map((r) => {
      const line = r.line_of_enquiry_id ? lineById.get(r.line_of_enquiry_id) : undefined
      return {
        id: r.id,
        investigationId: r.investigation_id,
        number: r.number,
        reference: actionReference(r.number),
        title: r.title,
        description: r.description,
        priority: r.priority,
        lineOfEnquiry: line ? { id: line.id, reference: lineOfEnquiryReference(line.number), title: line.title } : null,
        dueOn: r.due_on,
        overdue: isOverdue({ status: r.status, dueOn: r.due_on }, now),
        status: r.status,
        allocatedTo: person(r.allocated_to),
        result: r.result,
        filedReason: r.filed_reason,
        subjectIds: r.subject_ids,
        allegationIds: r.allegation_ids,
        documentIds: r.document_ids,
        chronologyEventIds: r.chronology_event_ids,
        statementIds: r.statement_ids,
        raisedBy: person(r.raised_by)!,
        raisedAt: r.raised_at,
        updatedAt: r.updated_at,
        version: r.version,
      }
    })
  }

  async function loadAction(executor: Executor, actionId: string, forUpdate = false) {
    if (!isUuid(actionId)) throw new NotFound('The action')
    const row = await repo.findAction(executor, actionId, forUpdate)
    if (!row) throw new NotFound('The action')
    return row
  }

  async function loadLine(executor: Executor, lineId: string, forUpdate = false) {
    if (!isUuid(lineId)) throw new NotFound('The line of enquiry')
    const row = await repo.findLine(executor, lineId, forUpdate)
    if (!row) throw new NotFound('The line of enquiry')
    return row
  }

  /**
   * Takes one step of an action: locks it, checks the version and the step rule, writes the
   * change and the step, audits. `authorise` adds the checks particular to the step.
   */
  async function takeStep(
    actionId: string,
    step: Exclude<ActionStep, 'raise'>,
    expectedVersion: number,
    ctx: RequestContext,
    work: (
      trx: Executor,
      current: repo.ActionRow,
      loaded: CaseInContext,
    ) => Promise<{ changes: Parameters<typeof repo.updateAction>[2]; note: string | null }>,
    action: 'actions:result' | 'actions:supervise',
  ): Promise<Action> {
    const actor = requireActor(ctx)
    return access.transaction(ctx, async (trx) => {
      const current = await loadAction(trx, actionId, true)
      const loaded = await access.require(trx, ctx, current.investigation_id, action)
      if (current.version !== expectedVersion) throw new Conflict()
      const decision = actionStep(current.status, step)
      if (!decision.allowed) throw new InvalidTransition(decision.reason)
      const { changes, note } = await work(trx, current, loaded)
      const updated = await repo.updateAction(trx, actionId, { ...changes, status: decision.to }, expectedVersion)
      if (!updated) throw new Conflict()
      await repo.insertStep(trx, {
        id: uuidv7(),
        action_id: actionId,
        step,
        from_status: current.status,
        to_status: decision.to,
        actor_id: actor.userId,
        allocated_to: updated.allocated_to,
        note,
      })
      await investigations.touch(trx, current.investigation_id)
      await auditTrail.record(trx, ctx, {
        action: `action.${step.replace('_', '-')}`,
        entityType: 'action',
        entityId: actionId,
        caseId: current.investigation_id,
        detail: { before: actionAudit(current), after: actionAudit(updated), ...(note ? { note } : {}) },
      })
      return (await present(trx, [updated]))[0]!
    })
  }

  /** Someone the action may be allocated to: an active investigator or the lead on this case. */
  async function requireAllocatable(trx: Executor, investigationId: string, userId: string) {
    const team = await repo.teamOf(trx, investigationId)
    const ok = team.some(
      (m) => m.id === userId && m.status === 'active' && ['lead_investigator', 'investigator'].includes(m.role_in_case),
    )
    if (!ok)
      throw new ValidationFailed([
        {
          path: 'allocatedTo',
          message: 'Choose an investigator or the lead investigator on this investigation’s team',
        },
      ])
  }

  function checkDue(dueOn: string | undefined, raisedOn: PlainDate) {
    if (dueOn && compareDates(dueOn, raisedOn) < 0)
      throw new ValidationFailed([{ path: 'dueOn', message: 'The due date must be on or after the day it was raised' }])
  }

  return {
    // Lines of enquiry -----------------------------------------------------------------------

    async addLine(investigationId: string, input: LineOfEnquiryInputType, ctx: RequestContext): Promise<LineOfEnquiry> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(LineOfEnquiryInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'lines-of-enquiry:manage')
        const subjectIds = [...new Set(data.subjectIds)]
        const allegationIds = [...new Set(data.allegationIds)]
        await checkIds(trx, investigationId, [
          { path: 'subjectIds', table: 'subjects', ids: subjectIds, what: 'subjects' },
          { path: 'allegationIds', table: 'allegations', ids: allegationIds, what: 'allegations' },
        ])
        const row = await repo.insertLine(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await repo.nextNumber(trx, investigationId, 'line_of_enquiry'),
          title: data.title,
          description: data.description ?? null,
          terms_of_reference_point: data.termsOfReferencePoint ?? null,
          subject_ids: subjectIds,
          allegation_ids: allegationIds,
          outcome: null,
          raised_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'line-of-enquiry.opened',
          entityType: 'line_of_enquiry',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: lineAudit(row) },
        })
        return lineView(row)
      })
    },

    /** Changes a line's wording, or answers, closes or reopens it (the earlier answer stays in the audit). */
    async changeLine(
      lineId: string,
      input: LineOfEnquiryChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<LineOfEnquiry> {
      const data = parseOrThrow(LineOfEnquiryChange, input)
      return access.transaction(ctx, async (trx) => {
        const current = await loadLine(trx, lineId, true)
        await access.require(trx, ctx, current.investigation_id, 'lines-of-enquiry:manage')
        if (current.version !== expectedVersion) throw new Conflict()
        let status = current.status
        let outcome = current.outcome
        if (data.status !== undefined && data.status !== current.status) {
          const decision = lineOfEnquiryChange(current.status, data.status)
          if (!decision.allowed) throw new InvalidTransition(decision.reason)
          status = data.status
          outcome = data.status === 'open' ? null : (data.outcome ?? null)
        } else if (data.outcome !== undefined && current.status !== 'open') {
          outcome = data.outcome
        }
        const updated = await repo.updateLine(
          trx,
          lineId,
          {
            title: data.title ?? current.title,
            description: 'description' in input ? (data.description ?? null) : current.description,
            terms_of_reference_point:
              'termsOfReferencePoint' in input
                ? (data.termsOfReferencePoint ?? null)
                : current.terms_of_reference_point,
            status,
            outcome,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action:
            status !== current.status
              ? `line-of-enquiry.${status === 'open' ? 'reopened' : status}`
              : 'line-of-enquiry.changed',
          entityType: 'line_of_enquiry',
          entityId: lineId,
          caseId: current.investigation_id,
          detail: { before: lineAudit(current), after: lineAudit(updated) },
        })
        return lineView(updated)
      })
    },

    async getLine(lineId: string, ctx: RequestContext) {
      const row = await loadLine(db, lineId)
      await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'line-of-enquiry.read',
        entityType: 'line_of_enquiry',
        entityId: lineId,
        caseId: row.investigation_id,
      })
      const actions = await repo.actionsOfCase(db, {
        investigationId: row.investigation_id,
        lineOfEnquiryId: lineId,
        afterNumber: 0,
        limit: 500,
      })
      return { line: lineView(row), actions: await present(db, actions) }
    },

    /** A page of the case's lines of enquiry by number; `next` is the number to pass as `afterNumber`. */
    async listLines(
      investigationId: string,
      ctx: RequestContext,
      options: { afterNumber?: number; limit?: number } = {},
    ) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const rows = await repo.linesOfCase(db, investigationId, options.afterNumber ?? 0, limit + 1)
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'lines-of-enquiry.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { lines: shown.length },
      })
      return { items: shown.map(lineView), next: rows.length > limit ? shown[shown.length - 1]!.number : null }
    },

    // Actions ---------------------------------------------------------------------------------

    async raise(investigationId: string, input: ActionInputType, ctx: RequestContext): Promise<Action> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ActionInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'actions:raise')
        checkDue(data.dueOn, today())
        const subjectIds = [...new Set(data.subjectIds)]
        const allegationIds = [...new Set(data.allegationIds)]
        await checkIds(trx, investigationId, [
          {
            path: 'lineOfEnquiryId',
            table: 'lines_of_enquiry',
            ids: data.lineOfEnquiryId ? [data.lineOfEnquiryId] : [],
            what: 'a line of enquiry',
          },
          { path: 'subjectIds', table: 'subjects', ids: subjectIds, what: 'subjects' },
          { path: 'allegationIds', table: 'allegations', ids: allegationIds, what: 'allegations' },
        ])
        const row = await repo.insertAction(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await repo.nextNumber(trx, investigationId, 'action'),
          title: data.title,
          description: data.description ?? null,
          priority: data.priority,
          line_of_enquiry_id: data.lineOfEnquiryId ?? null,
          due_on: data.dueOn ?? null,
          allocated_to: null,
          result: null,
          filed_reason: null,
          subject_ids: subjectIds,
          allegation_ids: allegationIds,
          raised_by: actor.userId,
        })
        await repo.insertStep(trx, {
          id: uuidv7(),
          action_id: row.id,
          step: 'raise',
          from_status: null,
          to_status: 'raised',
          actor_id: actor.userId,
          allocated_to: null,
          note: null,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'action.raised',
          entityType: 'action',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: actionAudit(row) },
        })
        return (await present(trx, [row]))[0]!
      })
    },

    /** Allocates (or reallocates) an action to an investigator on the team, optionally setting its due date. */
    async allocate(actionId: string, input: AllocationInputType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(AllocationInput, input)
      return takeStep(
        actionId,
        'allocate',
        expectedVersion,
        ctx,
        async (trx, current) => {
          await requireAllocatable(trx, current.investigation_id, data.allocatedTo)
          checkDue(data.dueOn, londonDateOf(current.raised_at))
          return {
            changes: { allocated_to: data.allocatedTo, due_on: data.dueOn ?? current.due_on },
            note: data.note ?? null,
          }
        },
        'actions:supervise',
      )
    },

    /**
     * Results an action: what was found and the documents, chronology events and statements it
     * produced. Only the person it is allocated to, or the lead investigator.
     */
    async result(actionId: string, input: ResultInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ResultInput, input)
      return takeStep(
        actionId,
        'result',
        expectedVersion,
        ctx,
        async (trx, current, loaded) => {
          if (current.allocated_to !== actor.userId && !access.may(ctx, 'actions:supervise', loaded))
            throw new InvalidTransition(
              'Only the person the action is allocated to, or the lead investigator, can result it.',
            )
          const documentIds = [...new Set(data.documentIds)]
          const chronologyEventIds = [...new Set(data.chronologyEventIds)]
          const statementIds = [...new Set(data.statementIds)]
          await checkIds(trx, current.investigation_id, [
            { path: 'documentIds', table: 'documents', ids: documentIds, what: 'documents' },
            {
              path: 'chronologyEventIds',
              table: 'chronology_events',
              ids: chronologyEventIds,
              what: 'chronology events',
            },
          ])
          if (statementIds.length) {
            const found = options.statementsOfCase
              ? await options.statementsOfCase(trx, current.investigation_id, statementIds)
              : []
            if (found.length !== statementIds.length)
              throw new ValidationFailed([{ path: 'statementIds', message: 'Choose statements of this investigation' }])
          }
          return {
            changes: {
              result: data.result,
              document_ids: documentIds,
              chronology_event_ids: chronologyEventIds,
              statement_ids: statementIds,
            },
            note: null,
          }
        },
        'actions:result',
      )
    },

    /** The lead sends a result back for more work; the action is owed again by the same person. */
    async referBack(
      actionId: string,
      input: z.input<typeof ReferBackInput>,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(ReferBackInput, input)
      return takeStep(
        actionId,
        'refer_back',
        expectedVersion,
        ctx,
        async () => ({ changes: {}, note: data.note }),
        'actions:supervise',
      )
    },

    /** The lead files an open action as not to be done, saying why. */
    async file(actionId: string, input: z.input<typeof FileInput>, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(FileInput, input)
      return takeStep(
        actionId,
        'file',
        expectedVersion,
        ctx,
        async () => ({ changes: { filed_reason: data.reason }, note: data.reason }),
        'actions:supervise',
      )
    },

    /** One action with every step taken on it (an audited read of the case file). */
    async get(actionId: string, ctx: RequestContext) {
      const row = await loadAction(db, actionId)
      const loaded = await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'action.read',
        entityType: 'action',
        entityId: actionId,
        caseId: row.investigation_id,
      })
      const steps = await repo.stepsOf(db, actionId)
      const actor = requireActor(ctx)
      const action = (await present(db, [row]))[0]!
      return {
        action,
        steps: steps.map((s): ActionStepView => ({
          step: s.step,
          fromStatus: s.from_status,
          toStatus: s.to_status,
          by: s.actor_id ? { id: s.actor_id, name: s.actor_name ?? 'Unknown person' } : null,
          allocatedTo: s.allocated_to ? { id: s.allocated_to, name: s.allocated_name ?? 'Unknown person' } : null,
          note: s.note,
          occurredAt: s.occurred_at,
        })),
        may: {
          supervise: access.may(ctx, 'actions:supervise', loaded),
          result:
            access.may(ctx, 'actions:result', loaded) &&
            (row.allocated_to === actor.userId || access.may(ctx, 'actions:supervise', loaded)),
        },
      }
    },

    /** A page of the case's actions by number, filtered; `next` is the number to pass as `afterNumber`. */
    async list(
      investigationId: string,
      ctx: RequestContext,
      options: {
        status?: ActionStatus
        open?: boolean
        lineOfEnquiryId?: string
        allocatedTo?: string
        afterNumber?: number
        limit?: number
      } = {},
    ) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const { afterNumber, limit: _l, ...filter } = options
      const rows = await repo.actionsOfCase(db, {
        investigationId,
        ...filter,
        afterNumber: afterNumber ?? 0,
        limit: limit + 1,
      })
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'actions.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { filter, actions: shown.length },
      })
      return {
        items: await present(db, shown),
        next: rows.length > limit ? shown[shown.length - 1]!.number : null,
      }
    },

    /**
     * "My work": the actions allocated to the signed-in person that are still owed, across the
     * cases they are on, overdue first then by due date (undated last).
     */
    async myWork(ctx: RequestContext, options: { after?: repo.MyWorkPosition; limit?: number } = {}) {
      const actor = requireActor(ctx)
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const rows = await repo.myWork(db, actor.userId, options.after, limit + 1)
      const shown = rows.slice(0, limit)
      const now = today()
      const items: MyWorkItem[] = shown.map((r) => ({
        id: r.id,
        investigationId: r.investigation_id,
        reference: r.reference,
        investigationTitle: r.investigation_title,
        actionReference: actionReference(r.number),
        number: r.number,
        title: r.title,
        priority: r.priority,
        status: r.status,
        dueOn: r.due_on,
        overdue: isOverdue({ status: r.status, dueOn: r.due_on }, now),
        lineReference: r.line_number ? lineOfEnquiryReference(r.line_number) : null,
      }))
      const last = shown[shown.length - 1]
      return { items, next: rows.length > limit && last ? { dueKey: last.due_key, id: last.id } : null }
    },

    /** The lead's view: the case's open actions grouped by who holds them (unallocated first), oldest first. */
    async openByPerson(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const rows = await repo.openActionsOfCase(db, investigationId, 2000)
      const now = today()
      const groups = new Map<
        string,
        {
          person: PersonRef | null
          actions: ((typeof rows)[number] & { ageDays: number; overdue: boolean; reference: string })[]
        }
      >()
      for (const r of rows) {
        const key = r.allocated_to ?? ''
        const group = groups.get(key) ?? {
          person: r.allocated_to ? { id: r.allocated_to, name: r.allocated_name ?? 'Unknown person' } : null,
          actions: [],
        }
        group.actions.push({
          ...r,
          reference: actionReference(r.number),
          ageDays: ageInDays(londonDateOf(r.raised_at), now),
          overdue: isOverdue({ status: r.status, dueOn: r.due_on }, now),
        })
        groups.set(key, group)
      }
      return [...groups.values()].sort((a, b) =>
        a.person === null ? -1 : b.person === null ? 1 : a.person.name.localeCompare(b.person.name),
      )
    },

    /** What an action or line can be linked to, and who an action can be allocated to. */
    async choices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [lines, team, { subjects, allegations, documents, events }] = await Promise.all([
        repo.linesOfCase(db, investigationId, 0, 500),
        repo.teamOf(db, investigationId),
        repo.linkChoices(db, investigationId),
      ])
      return {
        lines: lines.map((l) => ({
          id: l.id,
          reference: lineOfEnquiryReference(l.number),
          title: l.title,
          status: l.status,
        })),
        allocatable: team
          .filter((m) => m.status === 'active' && ['lead_investigator', 'investigator'].includes(m.role_in_case))
          .map((m) => ({ id: m.id, name: m.display_name })),
        subjects: subjects.map((s) => ({
          id: s.id,
          name: officerName({ rank: s.rank_at_time, givenName: s.given_name, familyName: s.family_name }),
        })),
        allegations: allegations.map((a) => ({ id: a.id, description: a.description })),
        documents: documents.map((d) => ({ id: d.id, label: `${d.exhibit_reference}: ${d.title}` })),
        chronologyEvents: events.map((e) => ({ id: e.id, occurredOn: e.occurred_on, title: e.title })),
      }
    },
  }
}

export type ActionService = ReturnType<typeof actionService>
export { ACTION_STATUSES }
