/**
 * Referrals: recording one, reading it, the unassigned queue, and the assessment of its form.
 */
import { uuidv7 } from 'uuidv7'
import { authorise } from '../../domain/policy.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as referrals from '../../data/repositories/referrals.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Forbidden, NotFound, ValidationFailed } from '../errors.js'
import { ReferralInput, AssessmentInput, type ReferralInputType, type AssessmentInputType } from './schemas.js'
import type { InvestigationKit } from './kit.js'
import { parseOrThrow } from '../validation.js'

export function referralUseCases(kit: InvestigationKit) {
  const { db, access } = kit
  return {
    async recordReferral(input: ReferralInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'referrals:record')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const data = parseOrThrow(ReferralInput, input)
      return db.transaction().execute(async (trx) => {
        const force = await organisations.findById(trx, data.referringForceId)
        if (!force || force.kind !== 'police_force') {
          throw new ValidationFailed([{ path: 'referringForceId', message: 'Choose the referring force' }])
        }
        // A retired force (merged away, no longer overseen) opens no new case; its old cases stay.
        if (force.retired_at !== null) {
          throw new ValidationFailed([
            {
              path: 'referringForceId',
              message: `${force.name} is retired: choose the force that now covers the area`,
            },
          ])
        }
        const referral = await referrals.insert(trx, {
          id: uuidv7(),
          matter_type: data.matterType,
          referring_force_id: force.id,
          received_on: data.receivedOn,
          came_to_attention_on: data.cameToAttentionOn ?? null,
          category: data.category,
          summary: data.summary,
          investigation_id: null,
          recorded_by: actor.userId,
        })
        await referrals.insertInvolvedPeople(
          trx,
          data.people.map((p) => ({
            id: uuidv7(),
            referral_id: referral.id,
            role: p.role,
            full_name: p.fullName,
            date_of_birth: p.dateOfBirth ?? null,
            date_of_death: p.dateOfDeath ?? null,
            place_of_death: p.placeOfDeath || null,
          })),
        )
        await auditTrail.record(trx, ctx, {
          action: 'referral.recorded',
          entityType: 'referral',
          entityId: referral.id,
          detail: {
            after: {
              matterType: data.matterType,
              referringForce: force.code,
              receivedOn: data.receivedOn,
              category: data.category,
              peopleInvolved: data.people.length,
            },
          },
        })
        return referral
      })
    },

    /** A referral with its people and every assessment made of it (newest first). */
    async referral(referralId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'referrals:record')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const referral = await referrals.findById(db, referralId)
      if (!referral) throw new NotFound('The referral')
      if (referral.investigation_id)
        await access.require(db, ctx, referral.investigation_id, 'investigation:read-case-file')
      const [people, history, force] = await Promise.all([
        referrals.involvedPeople(db, [referral.id]),
        referrals.assessments(db, [referral.id]),
        organisations.findById(db, referral.referring_force_id),
      ])
      await auditTrail.record(db, ctx, {
        action: 'referral.read',
        entityType: 'referral',
        entityId: referral.id,
        caseId: referral.investigation_id,
        detail: {
          fields: people.length
            ? ['involved_people.full_name', 'involved_people.date_of_birth', 'involved_people.date_of_death']
            : [],
        },
      })
      return { referral, people, assessments: history, force }
    },

    async unassignedReferrals(
      ctx: RequestContext,
      page: { limit?: number; after?: { receivedOn: string; id: string } } = {},
    ) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'referrals:record')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      return referrals.listUnassigned(db, { limit: page.limit ?? 50, ...(page.after ? { after: page.after } : {}) })
    },

    /**
     * Determines (or re-determines) the form of investigation. Earlier determinations are kept;
     * the newest is in force. Once the referral belongs to an investigation, only that
     * investigation's lead investigator or decision maker may re-determine it.
     */
    async assess(referralId: string, input: AssessmentInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(AssessmentInput, input)
      return access.transaction(ctx, async (trx) => {
        const referral = await referrals.findByIdForUpdate(trx, referralId)
        if (!referral) throw new NotFound('The referral')
        if (referral.investigation_id) {
          await access.require(trx, ctx, referral.investigation_id, 'investigation:assess', { forUpdate: true })
        } else {
          const decision = authorise(actor, 'investigation:assess')
          if (!decision.allowed) throw new Forbidden(decision.reason)
        }
        const previous = (await referrals.assessments(trx, [referral.id]))[0]
        const assessment = await referrals.insertAssessment(trx, {
          id: uuidv7(),
          referral_id: referral.id,
          form: data.form,
          rationale: data.rationale,
          decided_by: actor.userId,
          decided_on: data.decidedOn,
        })
        if (referral.investigation_id) {
          await investigations.update(trx, referral.investigation_id, { form: data.form })
        }
        await auditTrail.record(trx, ctx, {
          action: previous ? 'assessment.redetermined' : 'assessment.recorded',
          entityType: 'referral',
          entityId: referral.id,
          caseId: referral.investigation_id,
          detail: {
            before: previous ? { form: previous.form } : null,
            after: { form: data.form, decidedOn: data.decidedOn },
          },
        })
        return assessment
      })
    },
  }
}
