/**
 * The case's title, terms of reference and team.
 */
import { authorise, type CaseRole } from '../../domain/policy.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as users from '../../data/repositories/users.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../errors.js'
import { OpenInvestigationInput } from './schemas.js'
import { parseOrThrow } from '../validation.js'
import type { InvestigationKit } from './kit.js'

export function detailUseCases(kit: InvestigationKit) {
  const { db, access, requireUserWithRole } = kit
  return {
    /** Changes the title; expectedVersion guards against overwriting someone else's edit. */
    async rename(investigationId: string, title: string, expectedVersion: number, ctx: RequestContext) {
      const clean = parseOrThrow(OpenInvestigationInput.shape.title, title)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:manage', {
          forUpdate: true,
        })
        if (investigation.version !== expectedVersion) throw new Conflict()
        const updated = await investigations.update(trx, investigationId, { title: clean }, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.refreshSearchText(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'investigation.renamed',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { before: { title: investigation.title }, after: { title: clean } },
        })
        return updated
      })
    },

    /** Adds a new version of the terms of reference; every earlier version is kept. */
    async reviseTermsOfReference(investigationId: string, text: string, expectedVersion: number, ctx: RequestContext) {
      const clean = parseOrThrow(OpenInvestigationInput.shape.termsOfReference, text)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:manage', {
          forUpdate: true,
        })
        if (investigation.version !== expectedVersion) throw new Conflict()
        const version = await investigations.addTermsOfReference(trx, investigationId, clean, requireActor(ctx).userId)
        const updated = await investigations.update(trx, investigationId, {}, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'terms-of-reference.revised',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { after: { termsOfReferenceVersion: version } },
        })
        return { investigation: updated, termsOfReferenceVersion: version }
      })
    },

    async addTeamMember(investigationId: string, userId: string, role: CaseRole, ctx: RequestContext) {
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'investigation:manage', { forUpdate: true })
        const allowedRoles: Record<CaseRole, string[]> = {
          lead_investigator: ['lead_investigator'],
          investigator: ['investigator', 'lead_investigator'],
          decision_maker: ['decision_maker'],
          case_worker: ['case_worker'],
        }
        await requireUserWithRole(trx, userId, allowedRoles[role], 'userId', role.replace('_', ' '))
        await investigations.addMember(trx, investigationId, userId, role)
        if (role === 'lead_investigator')
          await investigations.update(trx, investigationId, { lead_investigator_id: userId })
        else if (role === 'decision_maker')
          await investigations.update(trx, investigationId, { decision_maker_id: userId })
        else await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'team.member-added',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { after: { userId, role } },
        })
      })
    },

    async removeTeamMember(investigationId: string, userId: string, role: CaseRole, ctx: RequestContext) {
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:manage', {
          forUpdate: true,
        })
        if (
          (role === 'lead_investigator' && investigation.lead_investigator_id === userId) ||
          (role === 'decision_maker' && investigation.decision_maker_id === userId)
        ) {
          throw new ValidationFailed([
            { path: 'userId', message: `Assign another ${role.replace('_', ' ')} before removing this one` },
          ])
        }
        const removed = await investigations.removeMember(trx, investigationId, userId, role)
        if (!removed) throw new NotFound('That team member')
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'team.member-removed',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { before: { userId, role } },
        })
      })
    },

    async team(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read')
      return investigations.members(db, investigationId)
    },

    /** People who can be put on a team, by the role they would take. */
    async candidates(ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'investigations:list')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const [leads, investigators, decisionMakers, caseWorkers] = await Promise.all([
        users.activeWithRoles(db, ['lead_investigator']),
        users.activeWithRoles(db, ['investigator', 'lead_investigator']),
        users.activeWithRoles(db, ['decision_maker']),
        users.activeWithRoles(db, ['case_worker']),
      ])
      return { leads, investigators, decisionMakers, caseWorkers }
    },

    async termsOfReferenceHistory(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read')
      return investigations.termsOfReferenceHistory(db, investigationId)
    },
  }
}
