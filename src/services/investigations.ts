/**
 * The investigation's own record: recording a referral, assessing it (the form of
 * investigation, kept as history), opening the investigation with its reference, team and terms
 * of reference, moving it through its lifecycle, and the case list and overview.
 */
import { investigationKit } from './investigations/kit.js'
import { referralUseCases } from './investigations/referrals.js'
import { openingUseCases } from './investigations/opening.js'
import { detailUseCases } from './investigations/details.js'
import { caseListUseCases } from './investigations/caseList.js'
import { lifecycleUseCases } from './investigations/lifecycle.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
export {
  InvolvedPersonInput,
  ReferralInput,
  AssessmentInput,
  OpenInvestigationInput,
  encodeCursor,
  decodeCursor,
} from './investigations/schemas.js'
/** Kept for imports written before it had a module of its own; new code imports it from ./validation.js. */
export { parseOrThrow } from './validation.js'
export type { ReferralInputType, AssessmentInputType, OpenInvestigationInputType } from './investigations/schemas.js'

export function investigationService(db: Kysely<Database>) {
  const kit = investigationKit(db)
  return {
<<<<<<< HEAD
    ...referralUseCases(kit),
    ...openingUseCases(kit),
    ...detailUseCases(kit),
    ...caseListUseCases(kit),
    ...lifecycleUseCases(kit),
=======
    access,

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

    /**
     * The facts the lifecycle guards need, gathered from the case's records. Reports and the
     * appropriate authority's response arrive with the report capability; until then they are
     * recorded as absent, so the guards that need them refuse with a clear reason.
     */
    async lifecycleFacts(
      executor: Kysely<Database>,
      investigation: InvestigationRow,
      input: { reason?: string } = {},
    ): Promise<InvestigationFacts> {
      const [terms, subjectRows, authorityResponded, report] = await Promise.all([
        investigations.latestTermsOfReference(executor, investigation.id),
        investigations.subjectStatuses(executor, investigation.id),
        outcomes.authorityHasResponded(executor, investigation.id, investigation.force_id),
        reportFacts(executor, investigation.id),
      ])
      const knownSubjects = subjectRows.filter((r) => isSubjectStatus(r.status))
      const status = isInvestigationStatus(investigation.status) ? investigation.status : 'assessed'
      return {
        status,
        form: investigation.form && isInvestigationForm(investigation.form) ? investigation.form : null,
        hasLeadInvestigator: investigation.lead_investigator_id !== null,
        hasTermsOfReference: terms !== undefined,
        hasDecisionMaker: investigation.decision_maker_id !== null,
        hasDraftReport: report.hasDraftReport,
        reportApproved: report.reportApproved,
        subjectStatuses: knownSubjects.map((r) => r.status).filter(isSubjectStatus),
        subjectNames: knownSubjects.map((r) => `${r.given_name} ${r.family_name}`),
        appropriateAuthorityResponded: authorityResponded,
        statusBeforeSuspension:
          investigation.status_before_suspension && isInvestigationStatus(investigation.status_before_suspension)
            ? investigation.status_before_suspension
            : null,
        hasSuspensionReason: Boolean(input.reason?.trim()),
        discontinued: Boolean(input.reason?.trim()),
        ...(await reopeningFacts(executor, investigation)),
      }
    },

    /** Where the investigation may go next, and for every other status what is missing. */
    async lifecycleOptions(investigationId: string, ctx: RequestContext) {
      const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read')
      const facts = await this.lifecycleFacts(db, investigation, { reason: 'x' })
      return INVESTIGATION_STATUSES.filter(
        (to) => to !== facts.status && INVESTIGATION_TRANSITIONS[facts.status].includes(to),
      ).map((to) => {
        const result = transition(facts, to)
        if (result.ok && to === 'report_sent_to_appropriate_authority') {
          return {
            status: to,
            label: INVESTIGATION_STATUS_LABELS[to],
            allowed: false,
            missing: [
              'Send the report from the Outcome tab, so that the date is recorded and the response clock starts',
            ],
          }
        }
        return {
          status: to,
          label: INVESTIGATION_STATUS_LABELS[to],
          allowed: result.ok,
          missing: result.ok ? [] : result.missing,
        }
      })
    },

    /**
     * Moves the investigation through its lifecycle. The domain's guard decides; a refusal names
     * every missing precondition. Suspending and closing early need a recorded reason.
     */
    async changeStatus(
      investigationId: string,
      to: string,
      input: { reason?: string },
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      if (!isInvestigationStatus(to))
        throw new ValidationFailed([{ path: 'status', message: 'Choose a status from the list' }])
      const reason = input.reason?.trim().slice(0, 5000)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:manage', {
          forUpdate: true,
        })
        if (investigation.version !== expectedVersion) throw new Conflict()
        const facts = await this.lifecycleFacts(trx, investigation, reason ? { reason } : {})
        const result = transition(facts, to)
        if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
        if (to === 'report_sent_to_appropriate_authority') {
          // Sending records the date and starts the authority's response clock (outcomes.sendReport).
          throw new InvalidTransition(
            'Send the report to the appropriate authority from the Outcome tab, so that the date is recorded and its response clock starts.',
          )
        }
        const changes: investigations.InvestigationChanges = { status: to }
        if (to === 'suspended') changes.status_before_suspension = facts.status
        if (facts.status === 'suspended') changes.status_before_suspension = null
        if (to === 'closed') changes.closed_on = londonDateOf(new Date())
        const updated = await investigations.update(trx, investigationId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'investigation.status-changed',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { before: { status: facts.status }, after: { status: to }, ...(reason ? { reason } : {}) },
        })
        return updated
      })
    },

    /** What every case page's identity bar needs, and what the actor may do on the case. */
    async header(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read')
      return {
        investigation: loaded.investigation,
        leadName: loaded.names.lead,
        canReadCaseFile: access.may(ctx, 'investigation:read-case-file', loaded),
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
        canManage: access.may(ctx, 'investigation:manage', loaded),
      }
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
>>>>>>> deployment
  }
}

export type InvestigationService = ReturnType<typeof investigationService>
