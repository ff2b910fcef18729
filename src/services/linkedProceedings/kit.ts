/**
 * What the linked proceedings sub-journeys share: case access, loading a proceeding with the case
 * access its action needs, refreshing the linked cases' deadlines, and a proceeding's detail.
 */
import type { Kysely } from 'kysely'
import {
  PROCEEDING_STATUS_LABELS,
  isProceedingKind,
  isProceedingStatus,
  proceedingMoves,
} from '../../domain/linkedProceedings.js'
import type { CaseAction } from '../../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../../domain/ruleSet.js'
import * as repo from '../../data/repositories/linkedProceedings.js'
import * as investigations from '../../data/repositories/investigations.js'
import type { Executor } from '../../data/database.js'
import type { Database } from '../../data/schema.js'
import { caseAccess, isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound } from '../errors.js'
import type { DocumentStore } from '../storage/documentStore.js'

export function linkedProceedingKit(db: Kysely<Database>, store: DocumentStore, rules: RuleSet = ENGLAND_AND_WALES) {
  const access = caseAccess(db)

  /**
   * The proceeding, if the actor may do `action` on one of the investigations it is linked to
   * (preferring a case the actor is on); a refusal is audited against that case.
   */
  async function requireProceeding(
    executor: Executor,
    ctx: RequestContext,
    proceedingId: string,
    action: CaseAction,
    forUpdate = false,
  ) {
    const actor = requireActor(ctx)
    if (!isUuid(proceedingId)) throw new NotFound('The linked proceeding')
    const proceeding = forUpdate
      ? await repo.findProceedingForUpdate(executor, proceedingId)
      : await repo.findProceeding(executor, proceedingId)
    if (!proceeding) throw new NotFound('The linked proceeding')
    const ids = await repo.investigationIdsOf(executor, proceedingId)
    let chosen = ids[0]
    for (const id of ids) {
      if ((await investigations.membership(executor, id, actor.userId)).length > 0) {
        chosen = id
        break
      }
    }
    if (!chosen) throw new NotFound('The linked proceeding')
    const loaded = await access.require(executor, ctx, chosen, action)
    return { proceeding, investigationIds: ids, loaded }
  }

  async function refreshDeadlines(trx: Executor, investigationIds: readonly string[]) {
    for (const id of investigationIds) {
      await investigations.refreshNextDeadline(trx, id)
      await investigations.touch(trx, id)
    }
  }

  async function detail(executor: Executor, proceeding: repo.LinkedProceedingRow) {
    const [linked, people, events, parties, documents, pfdReports] = await Promise.all([
      repo.linkedInvestigations(executor, proceeding.id),
      repo.involvedPeople(executor, proceeding.id),
      repo.events(executor, proceeding.id),
      repo.parties(executor, proceeding.id),
      repo.documents(executor, proceeding.id),
      repo.pfdReports(executor, proceeding.id),
    ])
    const status = isProceedingStatus(proceeding.status) ? proceeding.status : 'opened'
    const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
    return {
      proceeding,
      statusLabel: PROCEEDING_STATUS_LABELS[status],
      nextStatuses: proceedingMoves(kind, status).map((s) => ({ status: s, label: PROCEEDING_STATUS_LABELS[s] })),
      investigations: linked,
      involvedPeople: people,
      events,
      parties,
      documents,
      pfdReports,
    }
  }

  return { db, store, rules, access, requireProceeding, refreshDeadlines, detail }
}

export type LinkedProceedingKit = ReturnType<typeof linkedProceedingKit>
