/**
 * Each person's home page: the work waiting for them, by role, the most urgent first (ADR 0016).
 * Every block is authorised through the one policy; reading family members' names is audited.
 */
import type { Kysely } from 'kysely'
import { londonDateOf } from '../domain/calendar.js'
import { authorise } from '../domain/policy.js'
import * as repo from '../data/repositories/home.js'
import * as outcomes from '../data/repositories/outcomes.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import type { KeepInformedService } from './keepInformed.js'

/** How many rows each block shows; each links to its full list where there is one. */
export const HOME_BLOCK_LIMIT = 10

export function homeService(db: Kysely<Database>, keepInformed: KeepInformedService) {
  return {
    async work(ctx: RequestContext, today: string = londonDateOf(new Date())) {
      const actor = requireActor(ctx)
      const roles = actor.roles
      const may = (action: Parameters<typeof authorise>[1]) => authorise(actor, action).allowed
      const investigating = roles.includes('lead_investigator') || roles.includes('investigator')

      const deadlines = investigating ? await repo.casesByDeadline(db, actor.userId, HOME_BLOCK_LIMIT) : null
      const awaitingDecision = roles.includes('decision_maker')
        ? await repo.reportsAwaitingDecision(db, actor.userId, HOME_BLOCK_LIMIT)
        : null
      const dueUpdates = roles.includes('case_worker')
        ? (await keepInformed.dashboard(ctx, { today, limit: HOME_BLOCK_LIMIT })).items
        : null
      let familyMessages = null
      if (roles.includes('case_worker') && may('keep-informed:dashboard')) {
        familyMessages = await repo.unreviewedFamilySubmissions(db, actor.userId, HOME_BLOCK_LIMIT)
        if (familyMessages.length) {
          await auditTrail.record(db, ctx, {
            action: 'home.family-submissions-read',
            entityType: 'interested_person',
            detail: {
              fields: ['interested_persons.full_name'],
              interestedPersons: [...new Set(familyMessages.map((m) => m.interested_person_id))],
            },
          })
        }
      }
      let reportsToAnswer = null
      if (may('authority:read-report')) {
        // Unanswered first, then by when the response is due: the force's most pressing work on top.
        reportsToAnswer = (await outcomes.sentToForce(db, actor.organisationId))
          .filter((r) => r.responses < r.subjects)
          .sort((a, b) => a.response_due_on.localeCompare(b.response_due_on) || a.reference.localeCompare(b.reference))
          .slice(0, HOME_BLOCK_LIMIT)
          .map((r) => ({ ...r, overdue: r.response_due_on < today }))
      }
      return {
        today,
        deadlines: deadlines?.map((d) => ({ ...d, overdue: d.next_deadline_on! < today })) ?? null,
        awaitingDecision,
        dueUpdates,
        familyMessages,
        reportsToAnswer,
        administration: may('users:manage'),
      }
    },
  }
}

export type HomeService = ReturnType<typeof homeService>
