/**
 * Reading cases: the list, the overview and the identity bar's header.
 */
import { authorise, CASE_ACTIONS, type CaseAction } from '../../domain/policy.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as referrals from '../../data/repositories/referrals.js'
import * as interestedPersons from '../../data/repositories/interestedPersons.js'
import { keepInformedClockRule } from '../../domain/keepInformed.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Forbidden } from '../errors.js'
import { encodeCursor, decodeCursor } from './schemas.js'
import type { InvestigationKit } from './kit.js'

export function caseListUseCases(kit: InvestigationKit) {
  const { db, access } = kit
  const clock = keepInformedClockRule()

  /**
   * The next deadline for someone who sees only the families' side of a case (a case worker): the
   * next keep-informed update due, never the officers' notice or the force's response deadlines.
   */
  async function nextFamilyUpdateDue(investigationId: string): Promise<string | null> {
    const [next] = await interestedPersons.keepInformedDue(db, {
      clock,
      dueOnOrBefore: '9999-12-31',
      investigationId,
      order: 'asc',
      limit: 1,
    })
    return next?.due_on ?? null
  }

  return {
    access,

    /**
     * The case list: only investigations whose team the actor is on, filtered, searched and
     * keyset-paginated. Returns one page and the cursor for the next.
     */
    async list(
      ctx: RequestContext,
      filter: Omit<investigations.CaseListFilter, 'memberUserId' | 'limit' | 'after'> & {
        cursor?: string
        limit?: number
      },
    ) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'investigations:list')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const limit = Math.min(Math.max(filter.limit ?? 25, 1), 100)
      const after = decodeCursor(filter.cursor)
      const rows = await investigations.list(db, {
        ...filter,
        memberUserId: actor.userId,
        limit: limit + 1,
        ...(after ? { after } : {}),
      })
      const items = rows.slice(0, limit)
      const last = items[items.length - 1]
      return { items, nextCursor: rows.length > limit && last ? encodeCursor(last.updated_at_key, last.id) : null }
    },

    /** What the overview page shows: the case, its referrals and people, assessments, team and terms of reference. */
    async overview(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const caseFile = access.may(ctx, 'investigation:read-case-file', loaded)
      const linked = await referrals.forInvestigation(db, investigationId)
      const referralIds = linked.map((r) => r.id)
      const [people, assessmentHistory, team, terms] = await Promise.all([
        referrals.involvedPeople(db, referralIds),
        referrals.assessments(db, referralIds),
        investigations.members(db, investigationId),
        investigations.latestTermsOfReference(db, investigationId),
      ])
      await auditTrail.record(db, ctx, {
        action: 'investigation.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: {
          fields: people.length
            ? ['involved_people.full_name', 'involved_people.date_of_death', 'involved_people.place_of_death']
            : [],
        },
      })
      return {
        investigation: loaded.investigation,
        membership: loaded.membership,
        canManage: access.may(ctx, 'investigation:manage', loaded),
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
        canAssess: access.may(ctx, 'investigation:assess', loaded),
        canReadCaseFile: caseFile,
        forceName: loaded.names.force,
        referrals: linked,
        people,
        assessments: assessmentHistory,
        team,
        termsOfReference: terms ?? null,
      }
    },

    /** What every case page's identity bar needs, and what the actor may do on the case. */
    async header(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      const caseFile = access.may(ctx, 'investigation:read-case-file', loaded)
      return {
        investigation: loaded.investigation,
        nextDeadlineOn: caseFile ? loaded.investigation.next_deadline_on : await nextFamilyUpdateDue(investigationId),
        leadName: loaded.names.lead,
        canReadCaseFile: caseFile,
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
        canManage: access.may(ctx, 'investigation:manage', loaded),
        // Moving the status is how a closed case is re-opened: the lifecycle's guard offers only the
        // moves allowed, so the freeze is asked as for that move (src/domain/caseFreeze.ts).
        canChangeStatus: access.may(ctx, 'investigation:manage', loaded, { leavingFrozenStatus: true }),
        /**
         * Every case action the person may do on this case now — the policy and the closed-case
         * freeze together — for pages to offer only the controls that will work
         * (`caseHeader.may['actions:raise']`).
         */
        may: Object.fromEntries(CASE_ACTIONS.map((action) => [action, access.may(ctx, action, loaded)])) as Record<
          CaseAction,
          boolean
        >,
      }
    },
  }
}
