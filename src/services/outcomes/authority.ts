/**
 * Sending the approved report to the appropriate authority (starting its response clock), the
 * Outcome tab, and what the authority sees of the report and its own force's subjects.
 */
import { uuidv7 } from 'uuidv7'
import { authorise } from '../../domain/policy.js'
import { authorityResponseDue } from '../../domain/ruleSet.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as repo from '../../data/repositories/outcomes.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor, type CaseInContext } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, Forbidden, InvalidTransition } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import { SendReportInput, type SendReportInputType } from './schemas.js'
import type { OutcomeKit } from './kit.js'
import { enqueueWebhookEvent } from '../webhooks.js'

export function authorityUseCases(kit: OutcomeKit) {
  const { db, access, lifecycle, auditRead } = kit
  return {
    /**
     * The Outcome tab: the sending, every subject with their determination, the authority's
     * responses, recommendations and directions, proceedings and learning recommendations.
     */
    async forTeam(investigationId: string, ctx: RequestContext) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [sending, subjects, responses, recommendations, proceedings, learning] = await Promise.all([
        repo.sendingOf(db, investigationId),
        repo.subjectsOf(db, investigationId),
        repo.responsesOf(db, investigationId),
        repo.recommendationsOf(db, investigationId),
        repo.proceedingsOf(db, investigationId),
        repo.learningOf(db, investigationId),
      ])
      await auditRead(
        ctx,
        investigationId,
        'outcomes.read',
        subjects.length ? ['officers.given_name', 'officers.family_name', 'officers.warrant_number'] : [],
      )
      return {
        investigation: loaded.investigation,
        canSend: access.may(ctx, 'report:send', loaded),
        canManage: access.may(ctx, 'investigation:manage', loaded),
        sending: sending ?? null,
        subjects,
        responses,
        recommendations,
        proceedings,
        learning,
      }
    },

    /**
     * Sends the approved report to the investigated force: the investigation moves to "report
     * sent to appropriate authority" through the lifecycle guard, and the response clock starts
     * (the due date from the domain rule set).
     */
    async sendReport(
      investigationId: string,
      input: SendReportInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(SendReportInput, input)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'report:send', { forUpdate: true })
        if (investigation.version !== expectedVersion) throw new Conflict()
        if (await repo.sendingOf(trx, investigationId))
          throw new InvalidTransition('The report has already been sent to the appropriate authority.')
        const responseDueOn = authorityResponseDue(data.sentOn)
        const sending = await repo.insertSending(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          force_id: investigation.force_id,
          sent_on: data.sentOn,
          response_due_on: responseDueOn,
          sent_by: requireActor(ctx).userId,
        })
        // The lifecycle's guard (approved, every subject's opinion) decides; the status change is audited there.
        await lifecycle.followReport(trx, ctx, investigationId, 'sent')
        await auditTrail.record(trx, ctx, {
          action: 'report.sent-to-authority',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { after: { sentOn: data.sentOn, responseDueOn, forceId: investigation.force_id } },
        })
        // The force's system hears of it (ADR 0015): ids and dates only, nothing personal.
        await enqueueWebhookEvent(trx, {
          organisationId: investigation.force_id,
          type: 'report.sent',
          data: {
            investigationId,
            reference: investigation.reference,
            sentOn: data.sentOn,
            responseDueOn,
            href: `/api/v1/authority/reports/${investigationId}`,
          },
        })
        return { sending, investigation: (await investigations.findById(trx, investigationId))! }
      })
    },

    // The appropriate authority -----------------------------------------------------------------

    /** The reports sent to the actor's own force. */
    async reportsForAuthority(ctx: RequestContext) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'authority:read-report')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      return repo.sentToForce(db, actor.organisationId)
    },

    /**
     * What the appropriate authority sees of one investigation: its reference and title, the
     * sending and due date, and its own force's subjects with their determinations, its responses,
     * the recommendations and directions about them, and their proceedings. Nothing about families
     * and nothing about another force's officers.
     */
    async forAuthority(investigationId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const loaded: CaseInContext = await access.require(db, ctx, investigationId, 'authority:read-report')
      const forceId = actor.organisationId
      const [sending, subjects, responses, recommendations, proceedings, learning, force, report] = await Promise.all([
        repo.sendingOf(db, investigationId),
        repo.subjectsOf(db, investigationId, forceId),
        repo.responsesOf(db, investigationId),
        repo.recommendationsOf(db, investigationId),
        repo.proceedingsOf(db, investigationId),
        repo.learningOf(db, investigationId),
        organisations.findById(db, forceId),
        repo.approvedReportSections(db, investigationId),
      ])
      const own = new Set(subjects.map((s) => s.id))
      await auditRead(
        ctx,
        investigationId,
        'report.read-by-authority',
        subjects.length
          ? ['officers.given_name', 'officers.family_name', 'officers.warrant_number', 'determinations.determination']
          : [],
      )
      const i = loaded.investigation
      return {
        investigation: { id: i.id, reference: i.reference, title: i.title, status: i.status, version: i.version },
        force: force ? { id: force.id, name: force.name } : null,
        canRespond: access.may(ctx, 'authority:respond', loaded),
        sending: sending ?? null,
        subjects,
        responses: responses.filter((r) => own.has(r.subject_id)),
        recommendations: recommendations.filter((r) => own.has(r.subject_id)),
        proceedings: proceedings.filter((p) => own.has(p.subject_id)),
        learning: learning.filter((l) => l.recipient_kind === 'force'),
        /**
         * The approved report as the force may read it: the summary, the terms of reference, the
         * findings about its own officers and the learning. The chronology extract and evidence
         * analysis stay with the oversight body (they name other forces' officers and the families).
         */
        report: report
          ? {
              versionNumber: report.version_number,
              summary: report.sections.summary,
              termsOfReference: report.sections.termsOfReference,
              findings: report.sections.findings.filter((f) => own.has(f.subjectId)),
              learning: report.sections.learning,
            }
          : null,
      }
    },
  }
}
