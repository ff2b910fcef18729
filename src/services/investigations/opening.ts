/**
 * Opening an investigation, and re-opening one as a re-investigation.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { londonDateOf } from '../../domain/calendar.js'
import { formatCaseReference } from '../../domain/caseReference.js'
import { authorise, type CaseRole } from '../../domain/policy.js'
import { isOversightInvestigationForm } from '../../domain/vocabulary.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as referrals from '../../data/repositories/referrals.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor, type InvestigationRow } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Forbidden, ValidationFailed } from '../errors.js'
import { OpenInvestigationInput, type OpenInvestigationInputType } from './schemas.js'
import { parseOrThrow } from '../validation.js'
import type { InvestigationKit } from './kit.js'

export function openingUseCases(kit: InvestigationKit) {
  const { db, requireUserWithRole } = kit
  return {
    /** Opens an investigation from one or more assessed referrals, with its gap-free reference. */
    async open(input: OpenInvestigationInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'investigation:manage')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const data = parseOrThrow(OpenInvestigationInput, input)
      return db.transaction().execute(async (trx) => {
        const found = []
        for (const id of [...new Set(data.referralIds)]) {
          const referral = await referrals.findByIdForUpdate(trx, id)
          if (!referral) throw new ValidationFailed([{ path: 'referralIds', message: 'Choose referrals that exist' }])
          if (referral.investigation_id) {
            throw new ValidationFailed([
              { path: 'referralIds', message: 'A chosen referral already belongs to an investigation' },
            ])
          }
          const current = (await referrals.assessments(trx, [id]))[0]
          if (!current)
            throw new ValidationFailed([
              { path: 'referralIds', message: 'Assess each referral before opening an investigation' },
            ])
          if (!isOversightInvestigationForm(current.form)) {
            throw new ValidationFailed([
              {
                path: 'referralIds',
                message:
                  'Only a referral assessed for an independent or directed investigation opens an investigation here',
              },
            ])
          }
          found.push({ referral, assessment: current })
        }
        await requireUserWithRole(
          trx,
          data.leadInvestigatorId,
          ['lead_investigator'],
          'leadInvestigatorId',
          'lead investigator',
        )
        await requireUserWithRole(trx, data.decisionMakerId, ['decision_maker'], 'decisionMakerId', 'decision maker')
        for (const id of data.investigatorIds)
          await requireUserWithRole(trx, id, ['investigator', 'lead_investigator'], 'investigatorIds', 'investigator')
        for (const id of data.caseWorkerIds)
          await requireUserWithRole(trx, id, ['case_worker'], 'caseWorkerIds', 'case worker')

        const openedOn = data.openedOn ?? londonDateOf(new Date())
        const year = Number(openedOn.slice(0, 4))
        const number = await investigations.nextReferenceNumber(trx, year)
        const first = found[0]!
        const attention = found.map((f) => f.referral.came_to_attention_on ?? f.referral.received_on).sort()[0]!
        const investigation = await investigations.insert(trx, {
          id: uuidv7(),
          reference: formatCaseReference(year, number),
          title: data.title,
          status: 'assessed',
          status_before_suspension: null,
          form: first.assessment.form,
          force_id: first.referral.referring_force_id,
          lead_investigator_id: data.leadInvestigatorId,
          decision_maker_id: data.decisionMakerId,
          came_to_attention_on: attention,
          opened_on: openedOn,
          closed_on: null,
          next_deadline_on: null,
        })
        const team: [string, CaseRole][] = [
          [data.leadInvestigatorId, 'lead_investigator'],
          [data.decisionMakerId, 'decision_maker'],
          ...data.investigatorIds.map((id): [string, CaseRole] => [id, 'investigator']),
          ...data.caseWorkerIds.map((id): [string, CaseRole] => [id, 'case_worker']),
        ]
        for (const [userId, role] of team) await investigations.addMember(trx, investigation.id, userId, role)
        await investigations.addTermsOfReference(trx, investigation.id, data.termsOfReference, actor.userId)
        for (const f of found) await referrals.attachToInvestigation(trx, f.referral.id, investigation.id)
        await investigations.refreshSearchText(trx, investigation.id)
        await auditTrail.record(trx, ctx, {
          action: 'investigation.opened',
          entityType: 'investigation',
          entityId: investigation.id,
          caseId: investigation.id,
          detail: {
            after: {
              reference: investigation.reference,
              title: investigation.title,
              form: investigation.form,
              referrals: found.map((f) => f.referral.id),
              team: team.map(([userId, role]) => ({ userId, role })),
            },
          },
        })
        return investigation
      })
    },

    /**
     * Inside the transaction that approves a re-investigation: opens the new investigation that
     * re-investigates `predecessor`. There is no new referral: the new case starts `assessed` with
     * the predecessor's form (so the lifecycle's guards hold as for any opened case), its own
     * reference, the predecessor's team, and terms of reference of its own. The date of attention
     * is the decision's date (regulation 19's periods run afresh for the re-investigation).
     */
    async openReinvestigation(
      trx: Kysely<Database>,
      predecessor: InvestigationRow,
      input: { title: string; termsOfReference: string; openedOn: string; reinvestigationId: string },
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const year = Number(input.openedOn.slice(0, 4))
      const number = await investigations.nextReferenceNumber(trx, year)
      const investigation = await investigations.insert(trx, {
        id: uuidv7(),
        reference: formatCaseReference(year, number),
        title: input.title,
        status: 'assessed',
        status_before_suspension: null,
        form: predecessor.form,
        force_id: predecessor.force_id,
        lead_investigator_id: predecessor.lead_investigator_id,
        decision_maker_id: predecessor.decision_maker_id,
        came_to_attention_on: input.openedOn,
        opened_on: input.openedOn,
        closed_on: null,
        next_deadline_on: null,
        predecessor_investigation_id: predecessor.id,
      })
      const team = await investigations.members(trx, predecessor.id)
      for (const member of team)
        await investigations.addMember(trx, investigation.id, member.user_id, member.role_in_case)
      await investigations.addTermsOfReference(trx, investigation.id, input.termsOfReference, actor.userId)
      await investigations.refreshSearchText(trx, investigation.id)
      await auditTrail.record(trx, ctx, {
        action: 'investigation.opened',
        entityType: 'investigation',
        entityId: investigation.id,
        caseId: investigation.id,
        detail: {
          after: {
            reference: investigation.reference,
            title: investigation.title,
            form: investigation.form,
            predecessorInvestigationId: predecessor.id,
            reinvestigationId: input.reinvestigationId,
            team: team.map((m) => ({ userId: m.user_id, role: m.role_in_case })),
          },
        },
      })
      return investigation
    },
  }
}
