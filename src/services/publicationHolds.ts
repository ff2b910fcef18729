/**
 * Publication holds (DOMAIN.md "Publication lifecycle"): nothing of a case is published while a
 * hold remains. Linking an open inquest or criminal trial places one automatically, with its
 * reason; anyone allowed may place one by hand with a reason. A hold lifts only when its
 * proceeding concludes (recorded as 'proceeding_concluded') or by a recorded decision with a
 * reason ('decision', by the lead investigator or decision maker).
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import { londonDateOf, longDate } from '../domain/calendar.js'
import { inSentence } from '../domain/vocabulary.js'
import {
  PROCEEDING_KIND_LABELS,
  PROCEEDING_STATUS_LABELS,
  holdLiftProblem,
  holdPlacedOn,
  isProceedingKind,
  isProceedingStatus,
} from '../domain/linkedProceedings.js'
import * as holds from '../data/repositories/publicationHolds.js'
import type { LinkedProceedingRow } from '../data/repositories/linkedProceedings.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './validation.js'

export const PlaceHoldInput = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Enter why publication is held')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
})
export type PlaceHoldInputType = z.input<typeof PlaceHoldInput>

export const LiftHoldInput = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for lifting the hold')
    .max(2000, 'The reason must be 2,000 characters or fewer'),
})
export type LiftHoldInputType = z.input<typeof LiftHoldInput>

const today = () => londonDateOf(new Date())

/** What lifts a hold, in words for the overview. */
export function whatLifts(hold: {
  proceeding_id: string | null
  proceeding_title?: string | null
  proceeding_kind?: string | null
}): string {
  if (!hold.proceeding_id) return 'A recorded decision by the lead investigator or decision maker, with a reason'
  const kind =
    hold.proceeding_kind && isProceedingKind(hold.proceeding_kind)
      ? inSentence(PROCEEDING_KIND_LABELS[hold.proceeding_kind])
      : 'proceeding'
  return `The ${kind}${hold.proceeding_title ? ` “${hold.proceeding_title}”` : ''} concluding, or a recorded decision with a reason`
}

/** The reason recorded when a linked proceeding holds publication. */
export function automaticReason(proceeding: Pick<LinkedProceedingRow, 'kind' | 'title' | 'status'>): string {
  const kind = isProceedingKind(proceeding.kind) ? PROCEEDING_KIND_LABELS[proceeding.kind] : 'Linked proceeding'
  const status = isProceedingStatus(proceeding.status)
    ? inSentence(PROCEEDING_STATUS_LABELS[proceeding.status])
    : proceeding.status
  return `${kind} “${proceeding.title}” is ${status}: publication could prejudice it until it concludes`.slice(0, 2000)
}

/**
 * Inside a transaction that links (or re-opens, e.g. quashes) a proceeding: places the
 * proceeding's hold on the investigation unless one is already in force. The hold is placed on
 * the date of the proceeding's event (`eventOn`, e.g. the quashing), or when linking, the date the
 * proceeding's own record gives (holdPlacedOn); when it was recorded is kept apart.
 */
export async function ensureProceedingHold(
  trx: Executor,
  ctx: RequestContext,
  investigationId: string,
  proceeding: LinkedProceedingRow,
  eventOn?: string,
) {
  const existing = await holds.activeHoldFor(trx, investigationId, proceeding.id)
  if (existing) return existing
  const hold = await holds.insertHold(trx, {
    id: uuidv7(),
    investigation_id: investigationId,
    proceeding_id: proceeding.id,
    reason: automaticReason(proceeding),
    placed_on: eventOn ?? holdPlacedOn(proceeding, today()),
    placed_by: ctx.actor?.userId ?? null,
  })
  await auditTrail.record(trx, ctx, {
    action: 'publication-hold.placed',
    entityType: 'publication_hold',
    entityId: hold.id,
    caseId: investigationId,
    detail: { after: { proceedingId: proceeding.id, reason: hold.reason, automatic: true, placedOn: hold.placed_on } },
  })
  return hold
}

/** Inside the transaction that concludes a proceeding: lifts every hold it imposes, recorded as lifted by its conclusion. */
export async function liftProceedingHolds(
  trx: Executor,
  ctx: RequestContext,
  proceeding: LinkedProceedingRow,
  concludedOn: string,
) {
  const lifted = []
  for (const hold of await holds.activeHoldsOfProceeding(trx, proceeding.id)) {
    const problem = holdLiftProblem({ placedOn: hold.placed_on }, concludedOn)
    if (problem) throw new ValidationFailed([{ path: 'on', message: problem }])
    const row = await holds.liftHold(trx, hold.id, {
      lifted_on: concludedOn,
      lifted_by: ctx.actor?.userId ?? null,
      lift_reason: `${isProceedingKind(proceeding.kind) ? PROCEEDING_KIND_LABELS[proceeding.kind] : 'Proceeding'} “${proceeding.title}” concluded on ${longDate(concludedOn)}`,
      lifted_because: 'proceeding_concluded',
    })
    if (!row) continue
    lifted.push(row)
    await investigations.touch(trx, hold.investigation_id)
    await auditTrail.record(trx, ctx, {
      action: 'publication-hold.lifted',
      entityType: 'publication_hold',
      entityId: hold.id,
      caseId: hold.investigation_id,
      detail: {
        before: { liftedOn: null },
        after: { liftedOn: concludedOn, liftedBecause: 'proceeding_concluded', proceedingId: proceeding.id },
      },
    })
  }
  return lifted
}

export function publicationHoldService(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function requireHold(executor: Executor, ctx: RequestContext, holdId: string, forUpdate: boolean) {
    requireActor(ctx)
    if (!isUuid(holdId)) throw new NotFound('The publication hold')
    const hold = forUpdate ? await holds.findHoldForUpdate(executor, holdId) : await holds.findHold(executor, holdId)
    if (!hold) throw new NotFound('The publication hold')
    return hold
  }

  return {
    /**
     * The holds in force on an investigation, for the publishing capability: publication may go
     * ahead only when this is empty. No access check: the caller has already checked its own.
     */
    async active(investigationId: string, executor: Executor = db) {
      return holds.activeHolds(executor, investigationId)
    },

    /** Every hold on the case (in force first) with what lifts it. */
    async list(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const rows = await holds.holdsOfInvestigation(db, investigationId)
      return rows.map((h) => ({ ...h, active: h.lifted_on === null, liftedBy: whatLifts(h) }))
    },

    async get(holdId: string, ctx: RequestContext) {
      const hold = await requireHold(db, ctx, holdId, false)
      await access.require(db, ctx, hold.investigation_id, 'investigation:read-case-file')
      return hold
    },

    /** Places a hold by hand; it lifts only by a recorded decision. */
    async place(investigationId: string, input: PlaceHoldInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(PlaceHoldInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'publication:hold', { forUpdate: true })
        const hold = await holds.insertHold(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          proceeding_id: null,
          reason: data.reason,
          placed_on: today(),
          placed_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'publication-hold.placed',
          entityType: 'publication_hold',
          entityId: hold.id,
          caseId: investigationId,
          detail: { after: { reason: data.reason, automatic: false } },
        })
        return hold
      })
    },

    /** Lifts a hold by a recorded decision with a reason (If-Match: the hold's version). */
    async lift(holdId: string, input: LiftHoldInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(LiftHoldInput, input)
      return access.transaction(ctx, async (trx) => {
        const hold = await requireHold(trx, ctx, holdId, true)
        await access.require(trx, ctx, hold.investigation_id, 'publication:hold', { forUpdate: true })
        if (hold.lifted_on !== null)
          throw new ValidationFailed([{ path: 'reason', message: 'This hold has already been lifted' }])
        if (hold.version !== expectedVersion) throw new Conflict()
        const on = today()
        const problem = holdLiftProblem({ placedOn: hold.placed_on }, on)
        if (problem) throw new ValidationFailed([{ path: 'reason', message: problem }])
        const lifted = await holds.liftHold(
          trx,
          hold.id,
          { lifted_on: on, lifted_by: actor.userId, lift_reason: data.reason, lifted_because: 'decision' },
          expectedVersion,
        )
        if (!lifted) throw new Conflict()
        await investigations.touch(trx, hold.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'publication-hold.lifted',
          entityType: 'publication_hold',
          entityId: hold.id,
          caseId: hold.investigation_id,
          detail: {
            before: { liftedOn: null },
            after: { liftedOn: on, liftedBecause: 'decision', reason: data.reason },
          },
        })
        return lifted
      })
    },
  }
}

export type PublicationHoldService = ReturnType<typeof publicationHoldService>
