/**
 * Re-investigation (DOMAIN.md "Re-investigation"): a closed investigation can be re-investigated
 * when it was materially flawed, there is significant new information (e.g. evidence first heard
 * at an inquest), or it is in the public interest. The lead investigator or decision maker
 * proposes it with the ground; only the decision maker decides, with a reason. Approval opens a
 * NEW investigation (the old one stays closed: see docs/domain-decisions.md) that links to the
 * old, has the same team, carries the subjects over (the same officer records) and shows the old
 * chronology and evidence by reference; each consenting interested person of the old case becomes
 * one of the new case with an update due at once. Re-opening the same case in place
 * (closed → reopened through the lifecycle guard) is the other route a decision may take.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import { isPlainDate, londonDateOf } from '../domain/calendar.js'
import { transition } from '../domain/investigationLifecycle.js'
import { REOPENING_GROUNDS, REOPENING_GROUND_LABELS, isReopeningGround } from '../domain/vocabulary.js'
import * as repo from '../data/repositories/reinvestigations.js'
import * as investigations from '../data/repositories/investigations.js'
import * as interestedPersons from '../data/repositories/interestedPersons.js'
import * as subjects from '../data/repositories/subjects.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { investigationService, parseOrThrow } from './investigations.js'
import { chronologyService } from './chronology.js'
import { evidenceService } from './evidence.js'
import type { DocumentStore } from './storage/documentStore.js'

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

export const ProposeReinvestigationInput = z.object({
  ground: z.enum(REOPENING_GROUNDS, { message: 'Choose the ground for re-investigation' }),
  detail: z
    .string()
    .trim()
    .min(1, 'Explain the ground: what was flawed, or what the new information is')
    .max(20000, 'Must be 20,000 characters or fewer'),
  publicInterest: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'Must be 5,000 characters or fewer').optional(),
  ),
})
export type ProposeReinvestigationInputType = z.input<typeof ProposeReinvestigationInput>

export const DecideReinvestigationInput = z.object({
  decision: z.enum(['approved', 'refused'], { message: 'Choose whether to approve or refuse the re-investigation' }),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for the decision')
    .max(20000, 'Must be 20,000 characters or fewer'),
  /** Approval opens a new investigation (the default) or re-opens this one in place. */
  route: z.enum(['new_investigation', 'reopen']).default('new_investigation'),
  title: z.preprocess(emptyToUndefined, z.string().trim().max(300, 'Title must be 300 characters or fewer').optional()),
  termsOfReference: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(20000, 'Terms of reference must be 20,000 characters or fewer').optional(),
  ),
  decidedOn: z.preprocess(
    emptyToUndefined,
    z.string().trim().refine(isPlainDate, { message: 'Enter a real date of the decision' }).optional(),
  ),
})
export type DecideReinvestigationInputType = z.input<typeof DecideReinvestigationInput>

export function reinvestigationService(db: Kysely<Database>, store: DocumentStore) {
  const access = caseAccess(db)
  const cases = investigationService(db)
  const chronology = chronologyService(db)
  const evidence = evidenceService(db, store)

  /** The investigation this one re-investigates, if the actor may read both case files. */
  async function requirePredecessor(investigationId: string, ctx: RequestContext) {
    const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
    if (!investigation.predecessor_investigation_id) return null
    const loaded = await access.require(
      db,
      ctx,
      investigation.predecessor_investigation_id,
      'investigation:read-case-file',
    )
    return loaded.investigation
  }

  async function requireProposal(executor: Executor, id: string, forUpdate: boolean) {
    if (!isUuid(id)) throw new NotFound('The re-investigation')
    const row = forUpdate ? await repo.findByIdForUpdate(executor, id) : await repo.findById(executor, id)
    if (!row) throw new NotFound('The re-investigation')
    return row
  }

  /** Makes each consenting interested person of the old case one of the new case, owed an update at once. */
  async function carryInterestedPersons(trx: Executor, fromId: string, toId: string, on: string) {
    const persons = (await interestedPersons.personsOfInvestigation(trx, fromId)).filter(
      (p) => p.consent_to_be_kept_informed,
    )
    const carried = []
    for (const p of persons) {
      carried.push(
        await interestedPersons.insertPerson(trx, {
          id: uuidv7(),
          investigation_id: toId,
          full_name: p.full_name,
          kind: p.kind,
          relationship: p.relationship,
          consent_to_be_kept_informed: true,
          consent_recorded_on: p.consent_recorded_on,
          became_interested_on: on,
          update_due_on: on,
          preferred_channel: p.preferred_channel,
          email: p.email,
          phone: p.phone,
          postal_address: p.postal_address,
          language: p.language,
          accessibility_needs: p.accessibility_needs,
        }),
      )
    }
    return carried
  }

  return {
    /** Proposes re-investigating a closed investigation, with the ground. */
    async propose(investigationId: string, input: ProposeReinvestigationInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProposeReinvestigationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'reinvestigation:propose', {
          forUpdate: true,
        })
        if (investigation.status !== 'closed')
          throw new InvalidTransition('Only a closed investigation can be re-investigated.')
        if ((await repo.ofOriginal(trx, investigationId)).some((r) => r.decision === null)) {
          throw new ValidationFailed([
            { path: 'ground', message: 'A re-investigation of this case is already awaiting the decision maker' },
          ])
        }
        const row = await repo.insert(trx, {
          id: uuidv7(),
          original_investigation_id: investigationId,
          new_investigation_id: null,
          ground: data.ground,
          grounds_detail: data.detail,
          public_interest: data.publicInterest ?? null,
          proposed_by: actor.userId,
          decision: null,
          decided_by: null,
          decided_on: null,
          decision_reason: null,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'reinvestigation.proposed',
          entityType: 'reinvestigation',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: { ground: row.ground } },
        })
        return row
      })
    },

    /** The decision maker's decision (If-Match: the proposal's version); approval opens the new case. */
    async decide(
      reinvestigationId: string,
      input: DecideReinvestigationInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DecideReinvestigationInput, input)
      return access.transaction(ctx, async (trx) => {
        const proposal = await requireProposal(trx, reinvestigationId, true)
        const { investigation: original } = await access.require(
          trx,
          ctx,
          proposal.original_investigation_id,
          'reinvestigation:decide',
          { forUpdate: true },
        )
        if (proposal.decision !== null)
          throw new ValidationFailed([{ path: 'decision', message: 'This re-investigation has already been decided' }])
        if (proposal.version !== expectedVersion) throw new Conflict()
        if (data.decision === 'approved' && original.status !== 'closed')
          throw new InvalidTransition('Only a closed investigation can be re-investigated.')
        const on = data.decidedOn ?? londonDateOf(new Date())
        const ground = isReopeningGround(proposal.ground)
          ? REOPENING_GROUND_LABELS[proposal.ground].toLowerCase()
          : proposal.ground
        let successor = null
        if (data.decision === 'approved' && data.route === 'new_investigation') {
          successor = await cases.openReinvestigation(
            trx,
            original,
            {
              title: data.title ?? `Re-investigation: ${original.title}`.slice(0, 300),
              termsOfReference:
                data.termsOfReference ??
                `To re-investigate ${original.reference} (${original.title}) because ${ground}: ${proposal.grounds_detail}`.slice(
                  0,
                  20000,
                ),
              openedOn: on,
              reinvestigationId: proposal.id,
            },
            ctx,
          )
        }
        const decided = await repo.decide(
          trx,
          proposal.id,
          {
            decision: data.decision,
            decided_by: actor.userId,
            decided_on: on,
            decision_reason: data.reason,
            new_investigation_id: successor?.id ?? null,
          },
          expectedVersion,
        )
        if (!decided) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'reinvestigation.decided',
          entityType: 'reinvestigation',
          entityId: proposal.id,
          caseId: original.id,
          detail: {
            before: { decision: null },
            after: {
              decision: data.decision,
              route: data.decision === 'approved' ? data.route : null,
              newInvestigationId: successor?.id ?? null,
              decidedOn: on,
            },
          },
        })
        if (successor) {
          // Subjects carried over: the same officers in the register, each a subject of the new case.
          const carriedSubjects = []
          for (const s of await subjects.subjectsOfInvestigation(trx, original.id)) {
            carriedSubjects.push(
              await subjects.insertSubject(trx, {
                id: uuidv7(),
                investigation_id: successor.id,
                officer_id: s.officer_id,
                role_at_time: s.role_at_time,
                rank_at_time: s.rank_at_time,
              }),
            )
          }
          const carriedPersons = await carryInterestedPersons(trx, original.id, successor.id, on)
          await investigations.refreshSearchText(trx, successor.id)
          await investigations.refreshNextDeadline(trx, successor.id)
          await auditTrail.record(trx, ctx, {
            action: 'reinvestigation.carried-over',
            entityType: 'investigation',
            entityId: successor.id,
            caseId: successor.id,
            detail: {
              after: {
                from: original.id,
                subjects: carriedSubjects.map((s) => s.officer_id),
                interestedPersons: carriedPersons.map((p) => p.id),
                updateDueOn: on,
              },
            },
          })
          await investigations.touch(trx, original.id)
        } else if (data.decision === 'approved') {
          // Re-opened in place: closed → reopened through the lifecycle guard, which reads the approval just recorded.
          const facts = await cases.lifecycleFacts(trx, original)
          const result = transition(facts, 'reopened')
          if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
          const updated = await investigations.update(trx, original.id, { status: 'reopened', closed_on: null })
          if (!updated) throw new Conflict()
          await auditTrail.record(trx, ctx, {
            action: 'investigation.status-changed',
            entityType: 'investigation',
            entityId: original.id,
            caseId: original.id,
            detail: { before: { status: 'closed' }, after: { status: 'reopened' }, reason: data.reason },
          })
          await interestedPersons.makeUpdatesDue(trx, original.id, on)
          await investigations.refreshNextDeadline(trx, original.id)
        } else {
          await investigations.touch(trx, original.id)
        }
        return { reinvestigation: decided, newInvestigation: successor }
      })
    },

    /**
     * The predecessor's chronology, read-only on the re-investigation's Chronology tab: carried
     * over by reference (predecessor_investigation_id), never copied. Null when this case
     * re-investigates none.
     */
    async predecessorChronology(investigationId: string, ctx: RequestContext, options: { limit?: number } = {}) {
      const predecessor = await requirePredecessor(investigationId, ctx)
      if (!predecessor) return null
      const page = await chronology.timeline(predecessor.id, ctx, { limit: options.limit ?? 100 })
      return {
        predecessor: { id: predecessor.id, reference: predecessor.reference, title: predecessor.title },
        ...page,
      }
    },

    /** The predecessor's evidence register, read-only on the re-investigation's Evidence tab. */
    async predecessorEvidence(investigationId: string, ctx: RequestContext, options: { limit?: number } = {}) {
      const predecessor = await requirePredecessor(investigationId, ctx)
      if (!predecessor) return null
      const register = await evidence.register(predecessor.id, ctx, { limit: options.limit ?? 100 })
      return {
        predecessor: { id: predecessor.id, reference: predecessor.reference, title: predecessor.title },
        register,
      }
    },

    async get(reinvestigationId: string, ctx: RequestContext) {
      const row = await requireProposal(db, reinvestigationId, false)
      await access.require(db, ctx, row.original_investigation_id, 'investigation:read-case-file')
      return row
    },

    /** What the overview shows: the case this one re-investigates, the cases that re-investigate it, and every proposal. */
    async links(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const predecessorId = loaded.investigation.predecessor_investigation_id
      const [predecessor, { proposals, opening }] = await Promise.all([
        predecessorId ? investigations.findById(db, predecessorId) : Promise.resolve(undefined),
        repo.linksOf(db, investigationId),
      ])
      const successorIds = proposals.flatMap((p) => (p.new_investigation_id ? [p.new_investigation_id] : []))
      const successors = []
      for (const id of successorIds) {
        const row = await investigations.findById(db, id)
        if (row) successors.push({ id: row.id, reference: row.reference, title: row.title, status: row.status })
      }
      return {
        predecessor: predecessor
          ? {
              id: predecessor.id,
              reference: predecessor.reference,
              title: predecessor.title,
              status: predecessor.status,
            }
          : null,
        openedBy: opening ?? null,
        successors,
        proposals,
        canPropose: loaded.investigation.status === 'closed' && access.may(ctx, 'reinvestigation:propose', loaded),
        canDecide: access.may(ctx, 'reinvestigation:decide', loaded),
      }
    },
  }
}

export type ReinvestigationService = ReturnType<typeof reinvestigationService>
