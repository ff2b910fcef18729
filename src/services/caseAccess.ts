/**
 * Loads an investigation for an actor and checks the policy against their place on its team.
 * Every service that touches one case goes through here, so "who may see this case" is decided
 * in one way everywhere. A refusal is audited (in its own transaction, since the caller's
 * transaction is about to roll back) and names no detail of the case.
 */
import type { Kysely, Transaction } from 'kysely'
import { authorise, type Actor, type CaseAction, type CaseResource, type CaseRole } from '../domain/policy.js'
import { frozenRefusal, type FreezeOptions } from '../domain/caseFreeze.js'
import { isInvestigationStatus } from '../domain/investigationLifecycle.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Database, InvestigationTable } from '../data/schema.js'
import type { Selectable } from 'kysely'
import * as auditTrail from './auditTrail.js'
import { readOnce, type RequestContext } from './context.js'
import { Forbidden, InvalidTransition, NotFound } from './errors.js'

/** The case as services see it: everything but the search columns, which only the case list's search reads. */
export type InvestigationRow = Omit<Selectable<InvestigationTable>, 'search_text' | 'search_vector'>

/** Statuses in which the final report has reached the appropriate authority. */
const REPORT_SENT_STATUSES = new Set(['report_sent_to_appropriate_authority', 'awaiting_proceedings', 'closed'])

/** A change refused because the case's status freezes its record (src/domain/caseFreeze.ts): 409. */
export class CaseFrozen extends InvalidTransition {
  constructor(
    readonly status: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * A refusal found inside a write transaction. It cannot be audited there (the transaction is
 * about to roll back, and PGlite's single connection cannot open a second one), so
 * caseAccess.transaction() audits it once the transaction has ended.
 */
export class CaseAccessRefused extends Forbidden {
  constructor(
    readonly investigationId: string,
    readonly action: CaseAction,
    reason: string,
  ) {
    super(reason)
  }
}

export interface CaseInContext {
  investigation: InvestigationRow
  membership: CaseRole[]
  resource: CaseResource
  /** The names of the case's lead investigator and force, for its header and overview. */
  names: { lead: string | null; force: string | null }
}

export function caseAccess(db: Kysely<Database>) {
  async function recordRefusal(
    ctx: RequestContext,
    investigationId: string,
    action: CaseAction,
    reason: string,
  ): Promise<void> {
    await auditTrail.record(db, ctx, {
      action: 'access.denied',
      entityType: 'investigation',
      entityId: investigationId,
      caseId: investigationId,
      detail: { action, reason },
    })
  }

  return {
    /**
     * The investigation, if the actor may do `action` on it. With forUpdate the row is locked for
     * the rest of the transaction (for changes that must not race).
     */
    async require(
      executor: Executor,
      ctx: RequestContext,
      investigationId: string,
      action: CaseAction,
      options: { forUpdate?: boolean; freeze?: FreezeOptions } = {},
    ): Promise<CaseInContext> {
      const actor = requireActor(ctx)
      if (!isUuid(investigationId)) throw new NotFound('The investigation')
      // Inside a change's transaction the case is read afresh (and locked when asked), never
      // taken from what the request read before.
      const load = () =>
        investigations.findWithMembership(executor, investigationId, actor.userId, {
          forUpdate: options.forUpdate ?? false,
        })
      const found =
        options.forUpdate || executor.isTransaction
          ? await load()
          : await readOnce(ctx, `case:${actor.userId}:${investigationId}`, load)
      if (!found) throw new NotFound('The investigation')
      const { investigation, membership, names } = found
      const resource: CaseResource = {
        investigationId,
        membership,
        forceId: investigation.force_id,
        reportSentToAuthority: REPORT_SENT_STATUSES.has(investigation.status),
      }
      const decision = authorise(actor, action, resource)
      if (!decision.allowed) {
        if (executor.isTransaction) throw new CaseAccessRefused(investigationId, action, decision.reason)
        await recordRefusal(ctx, investigationId, action, decision.reason)
        throw new Forbidden(decision.reason)
      }
      // Every change runs in a transaction: there the closed-case freeze is decided, by the one rule.
      if (executor.isTransaction && isInvestigationStatus(investigation.status)) {
        const refusal = frozenRefusal(investigation.status, action, options.freeze)
        if (refusal) throw new CaseFrozen(investigation.status, refusal)
      }
      return { investigation, membership, resource, names }
    },

    /** Runs a write in a transaction; a case refusal inside it is audited after the rollback. */
    async transaction<T>(ctx: RequestContext, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
      try {
        return await db.transaction().execute(work)
      } catch (error) {
        if (error instanceof CaseAccessRefused)
          await recordRefusal(ctx, error.investigationId, error.action, error.message)
        throw error
      }
    },

    /**
     * Whether the actor may also do another action on a case already loaded — and may do it now:
     * a change that closing freezes is not offered on a closed case (src/domain/caseFreeze.ts),
     * so every page's "Add", "Change" and form built from this flag disappears with the one rule
     * that refuses the change (issue 10; test/integration/closedCasePages.test.ts).
     */
    may(ctx: RequestContext, action: CaseAction, loaded: CaseInContext, freeze: FreezeOptions = {}): boolean {
      if (ctx.actor === null || !authorise(ctx.actor, action, loaded.resource).allowed) return false
      const status = loaded.investigation.status
      return !isInvestigationStatus(status) || frozenRefusal(status, action, freeze) === null
    },
  }
}

export type CaseAccess = ReturnType<typeof caseAccess>

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Forbidden('Sign in to do this.')
  return ctx.actor
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
export function isUuid(value: string): boolean {
  return UUID.test(value)
}
