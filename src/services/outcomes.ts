/**
 * From report to outcome: sending the approved report to the appropriate authority (which starts
 * its response clock, computed by the domain), the authority's response per subject, the
 * oversight body's recommendation and then direction where the authority disagrees (with the
 * force's acceptance and compliance), misconduct proceedings per subject with their outcome, and
 * learning recommendations.
 *
 * Two audiences. The investigation team (case file; 'report:send' to change things) sees every
 * subject. The appropriate authority — users of the investigated force only, and only once the
 * report is sent ('authority:read-report', 'authority:respond') — sees the report's
 * determinations and the subjects who serve with its own force, never another force's officers,
 * and never anything about the families (nothing here reads them).
 *
 * Every change is audited in its transaction; versioned records refuse a stale version.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { isPlainDate, londonDateOf } from '../domain/calendar.js'
import { transition } from '../domain/investigationLifecycle.js'
import { authorise, type CaseAction } from '../domain/policy.js'
import { escalationProblem, proceedingProblems, type ProceedingRecord } from '../domain/proceedings.js'
import { authorityResponseDue } from '../domain/ruleSet.js'
import {
  isSubjectStatus,
  transitionSubject,
  type SubjectFacts,
  type SubjectStatus,
} from '../domain/subjectLifecycle.js'
import { isOpinion, isOutcome, OUTCOMES, PROCEEDINGS_KINDS, type Opinion } from '../domain/vocabulary.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import * as organisations from '../data/repositories/organisations.js'
import * as repo from '../data/repositories/outcomes.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor, type CaseInContext } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { investigationService, parseOrThrow } from './investigations.js'
import { enqueueWebhookEvent } from './webhooks.js'

const date = (message: string) => z.string().trim().refine(isPlainDate, { message })
const optionalDate = (message: string) =>
  z.preprocess((v) => (v === '' || v === undefined ? null : v), date(message).nullable())
const optionalText = (max: number, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
    z.string().trim().max(max, message).nullable(),
  )
const yesNo = (message: string) =>
  z.preprocess((v) => (v === 'yes' ? true : v === 'no' ? false : v), z.boolean({ message }))
const optionalYesNo = (message: string) =>
  z.preprocess(
    (v) => (v === 'yes' ? true : v === 'no' ? false : v === '' || v === undefined ? null : v),
    z.boolean({ message }).nullable(),
  )
const reasons = z.string().trim().min(1, 'Enter the reasons').max(20000, 'Reasons must be 20,000 characters or fewer')

export const SendReportInput = z.object({
  sentOn: date('Enter a real date the report was sent').refine((d) => d <= londonDateOf(new Date()), {
    message: 'The date the report was sent must be today or in the past',
  }),
})
export type SendReportInputType = z.input<typeof SendReportInput>

export const AuthorityResponseInput = z.object({
  agrees: yesNo('Choose whether the appropriate authority agrees with the determination'),
  proposedProceedings: z.enum(['meeting', 'hearing', 'none'], { message: 'Choose the proceedings proposed' }),
  reasons,
  respondedOn: date('Enter a real date of the response'),
})
export type AuthorityResponseInputType = z.input<typeof AuthorityResponseInput>

export const RecommendationInput = z.object({
  proceedingsKind: z.enum(PROCEEDINGS_KINDS, { message: 'Choose the proceedings recommended or directed' }),
  madeOn: date('Enter a real date it was made'),
  reasons,
})
export type RecommendationInputType = z.input<typeof RecommendationInput>

export const RecommendationChange = z.object({
  accepted: optionalYesNo('Choose whether it was accepted').optional(),
  respondedOn: optionalDate('Enter a real date of the response').optional(),
  complied: optionalYesNo('Choose whether the force complied').optional(),
  compliedOn: optionalDate('Enter a real date of compliance').optional(),
  notes: optionalText(20000, 'Notes must be 20,000 characters or fewer').optional(),
})
export type RecommendationChangeType = z.input<typeof RecommendationChange>

const Adjournment = z.object({
  on: date('Enter a real date of the adjournment'),
  reason: z
    .string()
    .trim()
    .min(1, 'Enter the reason for the adjournment')
    .max(2000, 'Reason must be 2,000 characters or fewer'),
  resumesOn: optionalDate('Enter a real date the proceedings resume')
    .optional()
    .transform((v) => v ?? null),
})

const proceedingFields = {
  accelerated: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  scheduledOn: optionalDate('Enter a real date the proceedings are arranged for').optional(),
  heldOn: optionalDate('Enter a real date the proceedings were held').optional(),
  chairName: optionalText(200, 'Chair’s name must be 200 characters or fewer').optional(),
  chairLegallyQualified: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  panel: z
    .preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split('\n')
              .map((s) => s.trim())
              .filter(Boolean)
          : v,
      z
        .array(z.string().trim().min(1).max(200, 'Each panel member’s name must be 200 characters or fewer'))
        .max(10, 'A panel has at most 10 members'),
    )
    .optional(),
  adjournments: z.array(Adjournment).max(50).optional(),
  leftForce: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z.enum(['resigned', 'retired'], { message: 'Choose resigned or retired' }).nullable(),
    )
    .optional(),
  leftForceOn: optionalDate('Enter a real date the officer left').optional(),
  outcome: z
    .preprocess((v) => (v === '' ? null : v), z.enum(OUTCOMES, { message: 'Choose the outcome' }).nullable())
    .optional(),
  outcomeOn: optionalDate('Enter a real date of the outcome').optional(),
  wouldHaveBeenDismissed: z.preprocess((v) => v === 'yes' || v === true || v === 'true', z.boolean()).optional(),
  appealLodgedOn: optionalDate('Enter a real date the appeal was lodged').optional(),
  appealResult: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z
        .enum(['upheld', 'dismissed', 'withdrawn', 'pending'], { message: 'Choose the result of the appeal' })
        .nullable(),
    )
    .optional(),
  barredListEntryOn: optionalDate('Enter a real date of the barred list entry').optional(),
  advisoryListEntryOn: optionalDate('Enter a real date of the advisory list entry').optional(),
}

export const ProceedingInput = z.object({
  kind: z.enum(['meeting', 'hearing', 'none'], {
    message: 'Choose a misconduct meeting, a misconduct hearing, or no proceedings',
  }),
  ...proceedingFields,
})
export type ProceedingInputType = z.input<typeof ProceedingInput>

export const ProceedingChange = z.object(proceedingFields)
export type ProceedingChangeType = z.input<typeof ProceedingChange>

const FollowUp = z.object({
  action: z
    .string()
    .trim()
    .min(1, 'Describe the follow-up action')
    .max(2000, 'Action must be 2,000 characters or fewer'),
  dueOn: optionalDate('Enter a real due date')
    .optional()
    .transform((v) => v ?? null),
  doneOn: optionalDate('Enter a real date it was done')
    .optional()
    .transform((v) => v ?? null),
})

export const LearningInput = z.object({
  recipientKind: z.enum(['force', 'national_body'], { message: 'Choose the force or a national body' }),
  recipientName: z.string().trim().min(1, 'Enter the recipient').max(300, 'Recipient must be 300 characters or fewer'),
  text: z
    .string()
    .trim()
    .min(1, 'Enter the recommendation')
    .max(20000, 'Recommendation must be 20,000 characters or fewer'),
  madeOn: date('Enter a real date the recommendation was made'),
  responseDueOn: date('Enter a real date the response is due'),
})
export type LearningInputType = z.input<typeof LearningInput>

export const LearningChange = z.object({
  response: z
    .preprocess(
      (v) => (v === '' ? null : v),
      z.enum(['accepted', 'partly_accepted', 'not_accepted'], { message: 'Choose the response' }).nullable(),
    )
    .optional(),
  respondedOn: optionalDate('Enter a real date of the response').optional(),
  responseText: optionalText(20000, 'Response must be 20,000 characters or fewer').optional(),
  responseDueOn: date('Enter a real date the response is due').optional(),
  followUpActions: z.array(FollowUp).max(100).optional(),
})
export type LearningChangeType = z.input<typeof LearningChange>

function statusOf(value: string): SubjectStatus {
  return isSubjectStatus(value) ? value : 'identified'
}

function opinionOf(value: string | null): Opinion | null {
  return value !== null && isOpinion(value) ? value : null
}

export function outcomeService(db: Kysely<Database>) {
  const access = caseAccess(db)
  const lifecycle = investigationService(db)

  /** The authority's own view of one subject: refused (as not found) for another force's officer. */
  async function requireForceSubject(trx: Executor, ctx: RequestContext, subjectId: string, action: CaseAction) {
    const actor = requireActor(ctx)
    if (!isUuid(subjectId)) throw new NotFound('The subject')
    const subject = await repo.subjectForUpdate(trx, subjectId)
    if (!subject) throw new NotFound('The subject')
    const loaded = await access.require(trx, ctx, subject.investigation_id, action, { forUpdate: true })
    if (action.startsWith('authority:') && subject.force_id !== actor.organisationId) throw new NotFound('The subject')
    return { subject, loaded }
  }

  /** Team members change things with 'report:send'; the appropriate authority with 'authority:respond'. */
  function actionFor(ctx: RequestContext, teamAction: CaseAction): CaseAction {
    return requireActor(ctx).roles.includes('appropriate_authority') ? 'authority:respond' : teamAction
  }

  function subjectFacts(
    subject: { status: string; determination: string | null },
    proceedingsDecision: SubjectFacts['proceedingsDecision'],
    outcome: SubjectFacts['outcome'],
  ): SubjectFacts {
    return {
      status: statusOf(subject.status),
      severityHistory: [],
      notice: null,
      responseReceivedOn: null,
      today: londonDateOf(new Date()),
      opinion: opinionOf(subject.determination),
      proceedingsDecision,
      hasLiveFinalWrittenWarning: false,
      outcome,
    }
  }

  async function moveSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; investigation_id: string; status: string },
    facts: SubjectFacts,
    to: SubjectStatus,
  ) {
    const result = transitionSubject(facts, to)
    if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
    await repo.setSubjectStatus(trx, subject.id, to)
    await auditTrail.record(trx, ctx, {
      action: 'subject.status-changed',
      entityType: 'subject',
      entityId: subject.id,
      caseId: subject.investigation_id,
      detail: { before: { status: subject.status }, after: { status: to } },
    })
  }

  /** Moves the subject along as far as the proceeding's record allows (proceedings, then outcome). */
  async function advanceSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; investigation_id: string; status: string; determination: string | null },
    p: { kind: string; outcome: string | null },
  ) {
    const decision = p.kind === 'meeting' || p.kind === 'hearing' || p.kind === 'none' ? p.kind : null
    const outcome = p.outcome !== null && isOutcome(p.outcome) ? p.outcome : null
    let status = statusOf(subject.status)
    if (status === 'opinion_given' && decision !== 'none') {
      await moveSubject(trx, ctx, subject, subjectFacts(subject, decision, outcome), 'proceedings')
      status = 'proceedings'
    }
    if ((status === 'proceedings' || status === 'opinion_given') && outcome !== null) {
      await moveSubject(
        trx,
        ctx,
        { ...subject, status },
        subjectFacts({ ...subject, status }, decision, outcome),
        'outcome',
      )
      return
    }
    if (status !== 'proceedings' && status !== 'outcome' && status !== 'opinion_given') {
      throw new InvalidTransition(
        'The subject must have a determination in the approved report before proceedings are recorded.',
      )
    }
  }

  async function auditRead(ctx: RequestContext, investigationId: string, action: string, fields: string[]) {
    await auditTrail.record(db, ctx, {
      action,
      entityType: 'investigation',
      entityId: investigationId,
      caseId: investigationId,
      detail: { fields },
    })
  }

  function recordOf(p: z.output<typeof ProceedingChange> & { kind: ProceedingRecord['kind'] }): ProceedingRecord {
    return {
      kind: p.kind,
      accelerated: p.accelerated ?? false,
      scheduledOn: p.scheduledOn ?? null,
      heldOn: p.heldOn ?? null,
      chairName: p.chairName ?? null,
      chairLegallyQualified: p.chairLegallyQualified ?? false,
      leftForce: p.leftForce ?? null,
      leftForceOn: p.leftForceOn ?? null,
      outcome: p.outcome ?? null,
      outcomeOn: p.outcomeOn ?? null,
      wouldHaveBeenDismissed: p.wouldHaveBeenDismissed ?? false,
      appealLodgedOn: p.appealLodgedOn ?? null,
      appealResult: p.appealResult ?? null,
      barredListEntryOn: p.barredListEntryOn ?? null,
      advisoryListEntryOn: p.advisoryListEntryOn ?? null,
    }
  }

  function rowOf(r: ProceedingRecord) {
    return {
      kind: r.kind,
      accelerated: r.accelerated,
      scheduled_on: r.scheduledOn,
      held_on: r.heldOn,
      chair_name: r.chairName,
      chair_legally_qualified: r.chairLegallyQualified,
      left_force: r.leftForce,
      left_force_on: r.leftForceOn,
      outcome: r.outcome,
      outcome_on: r.outcomeOn,
      would_have_been_dismissed: r.wouldHaveBeenDismissed,
      appeal_lodged_on: r.appealLodgedOn,
      appeal_result: r.appealResult as ProceedingRecord['appealResult'] &
        ('upheld' | 'dismissed' | 'withdrawn' | 'pending' | null),
      barred_list_entry_on: r.barredListEntryOn,
      advisory_list_entry_on: r.advisoryListEntryOn,
    }
  }

  function checkProceeding(r: ProceedingRecord) {
    const problems = proceedingProblems(r)
    if (problems.length) throw new ValidationFailed(problems)
  }

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
        const facts = await lifecycle.lifecycleFacts(trx, investigation)
        const result = transition(facts, 'report_sent_to_appropriate_authority')
        if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
        const responseDueOn = authorityResponseDue(data.sentOn)
        const sending = await repo.insertSending(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          force_id: investigation.force_id,
          sent_on: data.sentOn,
          response_due_on: responseDueOn,
          sent_by: requireActor(ctx).userId,
        })
        const updated = await investigations.update(
          trx,
          investigationId,
          { status: 'report_sent_to_appropriate_authority' },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'investigation.status-changed',
          entityType: 'investigation',
          entityId: investigationId,
          caseId: investigationId,
          detail: { before: { status: facts.status }, after: { status: 'report_sent_to_appropriate_authority' } },
        })
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

    /** The authority's response about one of its force's subjects (one per subject; change it with updateResponse). */
    async recordResponse(subjectId: string, input: AuthorityResponseInputType, ctx: RequestContext) {
      const data = parseOrThrow(AuthorityResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, 'authority:respond')
        if (!subject.determination)
          throw new InvalidTransition('The report has no determination for this subject to respond to.')
        if (await repo.responseOfSubject(trx, subjectId))
          throw new Conflict('A response about this subject has already been recorded; change that one instead.')
        const response = await repo.insertResponse(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          agrees: data.agrees,
          determination: subject.determination,
          proposed_proceedings: data.proposedProceedings,
          reasons: data.reasons,
          responded_on: data.respondedOn,
          recorded_by: requireActor(ctx).userId,
        })
        await investigations.touch(trx, subject.investigation_id)
        await investigations.refreshNextDeadline(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'authority-response.recorded',
          entityType: 'authority_response',
          entityId: response.id,
          caseId: subject.investigation_id,
          detail: {
            after: {
              subjectId,
              agrees: data.agrees,
              proposedProceedings: data.proposedProceedings,
              respondedOn: data.respondedOn,
            },
          },
        })
        return response
      })
    },

    async updateResponse(
      responseId: string,
      input: AuthorityResponseInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(AuthorityResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(responseId)) throw new NotFound('The response')
        const before = await repo.findResponse(trx, responseId)
        if (!before) throw new NotFound('The response')
        const { subject } = await requireForceSubject(trx, ctx, before.subject_id, 'authority:respond')
        const updated = await repo.updateResponse(
          trx,
          responseId,
          {
            agrees: data.agrees,
            proposed_proceedings: data.proposedProceedings,
            reasons: data.reasons,
            responded_on: data.respondedOn,
            determination: subject.determination ?? before.determination,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'authority-response.changed',
          entityType: 'authority_response',
          entityId: responseId,
          caseId: before.investigation_id,
          detail: {
            before: { agrees: before.agrees, proposedProceedings: before.proposed_proceedings },
            after: { agrees: data.agrees, proposedProceedings: data.proposedProceedings },
          },
        })
        return updated
      })
    },

    async response(responseId: string, ctx: RequestContext) {
      if (!isUuid(responseId)) throw new NotFound('The response')
      const row = await repo.findResponse(db, responseId)
      if (!row) throw new NotFound('The response')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    // Recommendations and directions --------------------------------------------------------------

    /**
     * The oversight body recommends proceedings where the authority disagrees, and directs them
     * where a recommendation was not accepted.
     */
    async makeRecommendation(
      subjectId: string,
      kind: 'recommendation' | 'direction',
      input: RecommendationInputType,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RecommendationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, 'report:send')
        const [response, recommendation, direction] = await Promise.all([
          repo.responseOfSubject(trx, subjectId),
          repo.recommendationOfSubject(trx, subjectId, 'recommendation'),
          repo.recommendationOfSubject(trx, subjectId, 'direction'),
        ])
        const problem = escalationProblem(kind, {
          responded: response !== undefined,
          agrees: response?.agrees ?? null,
          recommendation: recommendation ? { accepted: recommendation.accepted } : null,
          direction: direction !== undefined,
        })
        if (problem) throw new InvalidTransition(problem + '.')
        const row = await repo.insertRecommendation(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          kind,
          proceedings_kind: data.proceedingsKind,
          made_on: data.madeOn,
          reasons: data.reasons,
          made_by: requireActor(ctx).userId,
          accepted: kind === 'direction' ? null : null,
          responded_on: null,
          complied: null,
          complied_on: null,
          notes: null,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: `${kind}.made`,
          entityType: kind,
          entityId: row.id,
          caseId: subject.investigation_id,
          detail: { after: { subjectId, proceedingsKind: data.proceedingsKind, madeOn: data.madeOn } },
        })
        // Addressed to the force the officer serves with (ADR 0015): ids and dates only.
        await enqueueWebhookEvent(trx, {
          organisationId: subject.force_id,
          type: kind === 'recommendation' ? 'recommendation.made' : 'direction.given',
          data: {
            investigationId: subject.investigation_id,
            subjectId,
            [`${kind}Id`]: row.id,
            proceedingsKind: data.proceedingsKind,
            madeOn: data.madeOn,
            href: `/api/v1/authority/reports/${subject.investigation_id}`,
          },
        })
        return row
      })
    },

    /**
     * The force's acceptance (a recommendation) and compliance (either). The authority records its
     * own acceptance; the team records it too, and tracks compliance.
     */
    async updateRecommendation(
      id: string,
      input: RecommendationChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(RecommendationChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The recommendation')
        const before = await repo.findRecommendation(trx, id)
        if (!before) throw new NotFound('The recommendation')
        await requireForceSubject(trx, ctx, before.subject_id, actionFor(ctx, 'report:send'))
        if (before.kind === 'direction' && data.accepted !== undefined && data.accepted !== null) {
          throw new ValidationFailed([
            { path: 'accepted', message: 'A direction is not accepted or refused: record whether the force complied' },
          ])
        }
        const after = {
          accepted: data.accepted !== undefined ? data.accepted : before.accepted,
          responded_on: data.respondedOn !== undefined ? data.respondedOn : before.responded_on,
          complied: data.complied !== undefined ? data.complied : before.complied,
          complied_on: data.compliedOn !== undefined ? data.compliedOn : before.complied_on,
          notes: data.notes !== undefined ? data.notes : before.notes,
        }
        const problems = []
        if (after.accepted !== null && after.responded_on === null)
          problems.push({ path: 'respondedOn', message: 'Enter the date the force responded' })
        if (after.complied === true && after.complied_on === null)
          problems.push({ path: 'compliedOn', message: 'Enter the date the force complied' })
        if (after.complied_on !== null && after.complied !== true)
          problems.push({ path: 'complied', message: 'A compliance date needs the force to have complied' })
        if (problems.length) throw new ValidationFailed(problems)
        const updated = await repo.updateRecommendation(trx, id, after, expectedVersion)
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: `${before.kind}.changed`,
          entityType: before.kind,
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: { accepted: before.accepted, complied: before.complied, compliedOn: before.complied_on },
            after: { accepted: after.accepted, complied: after.complied, compliedOn: after.complied_on },
          },
        })
        return updated
      })
    },

    async recommendation(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The recommendation')
      const row = await repo.findRecommendation(db, id)
      if (!row) throw new NotFound('The recommendation')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    async recommendations(investigationId: string, kind: 'recommendation' | 'direction', ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.recommendationsOf(db, investigationId, kind)).filter(
        (r) => own === null || own.has(r.subject_id),
      )
    },

    // Proceedings ------------------------------------------------------------------------------------

    /**
     * Records the decision on proceedings for a subject (meeting, hearing, or none) and whatever
     * is known already; the subject moves to "facing proceedings" (and to "outcome" once one is
     * recorded) through the domain lifecycle.
     */
    async recordProceeding(subjectId: string, input: ProceedingInputType, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingInput, input)
      const record = recordOf(data)
      checkProceeding(record)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireForceSubject(trx, ctx, subjectId, actionFor(ctx, 'report:send'))
        if (await repo.proceedingOfSubject(trx, subjectId))
          throw new Conflict('Proceedings for this subject have already been recorded; change those instead.')
        const row = await repo.insertProceeding(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subjectId,
          ...rowOf(record),
          panel: data.panel ?? [],
          adjournments: JSON.stringify(data.adjournments ?? []),
          recorded_by: requireActor(ctx).userId,
        })
        await advanceSubject(trx, ctx, subject, { kind: record.kind, outcome: record.outcome })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'proceedings.recorded',
          entityType: 'proceedings',
          entityId: row.id,
          caseId: subject.investigation_id,
          detail: { after: { subjectId, kind: record.kind, outcome: record.outcome, outcomeOn: record.outcomeOn } },
        })
        return row
      })
    },

    /** Changes a proceeding (dates, chair, adjournments, outcome, appeal, list entries). */
    async updateProceeding(id: string, input: ProceedingChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The proceedings')
        const before = await repo.findProceeding(trx, id)
        if (!before) throw new NotFound('The proceedings')
        const { subject } = await requireForceSubject(trx, ctx, before.subject_id, actionFor(ctx, 'report:send'))
        if (before.version !== expectedVersion) throw new Conflict()
        const merged = {
          kind: before.kind,
          accelerated: data.accelerated ?? before.accelerated,
          scheduledOn: data.scheduledOn !== undefined ? data.scheduledOn : before.scheduled_on,
          heldOn: data.heldOn !== undefined ? data.heldOn : before.held_on,
          chairName: data.chairName !== undefined ? data.chairName : before.chair_name,
          chairLegallyQualified: data.chairLegallyQualified ?? before.chair_legally_qualified,
          leftForce: data.leftForce !== undefined ? data.leftForce : before.left_force,
          leftForceOn: data.leftForceOn !== undefined ? data.leftForceOn : before.left_force_on,
          outcome:
            data.outcome !== undefined
              ? data.outcome
              : before.outcome !== null && isOutcome(before.outcome)
                ? before.outcome
                : null,
          outcomeOn: data.outcomeOn !== undefined ? data.outcomeOn : before.outcome_on,
          wouldHaveBeenDismissed: data.wouldHaveBeenDismissed ?? before.would_have_been_dismissed,
          appealLodgedOn: data.appealLodgedOn !== undefined ? data.appealLodgedOn : before.appeal_lodged_on,
          appealResult: data.appealResult !== undefined ? data.appealResult : before.appeal_result,
          barredListEntryOn:
            data.barredListEntryOn !== undefined ? data.barredListEntryOn : before.barred_list_entry_on,
          advisoryListEntryOn:
            data.advisoryListEntryOn !== undefined ? data.advisoryListEntryOn : before.advisory_list_entry_on,
        }
        checkProceeding(merged)
        if (before.outcome !== null && merged.outcome === null) {
          throw new ValidationFailed([
            { path: 'outcome', message: 'An outcome once recorded cannot be removed; record the appeal instead' },
          ])
        }
        const updated = await repo.updateProceeding(
          trx,
          id,
          {
            ...rowOf(merged),
            ...(data.panel !== undefined ? { panel: data.panel } : {}),
            ...(data.adjournments !== undefined ? { adjournments: JSON.stringify(data.adjournments) } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        if (before.outcome === null && merged.outcome !== null)
          await advanceSubject(trx, ctx, subject, { kind: merged.kind, outcome: merged.outcome })
        await investigations.touch(trx, before.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'proceedings.changed',
          entityType: 'proceedings',
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: {
              outcome: before.outcome,
              heldOn: before.held_on,
              barredListEntryOn: before.barred_list_entry_on,
              appealResult: before.appeal_result,
            },
            after: {
              outcome: merged.outcome,
              heldOn: merged.heldOn,
              barredListEntryOn: merged.barredListEntryOn,
              appealResult: merged.appealResult,
            },
          },
        })
        return updated
      })
    },

    async proceeding(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The proceedings')
      const row = await repo.findProceeding(db, id)
      if (!row) throw new NotFound('The proceedings')
      await requireReadable(ctx, row.investigation_id, row.subject_id)
      return row
    },

    async proceedings(investigationId: string, ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.proceedingsOf(db, investigationId)).filter((r) => own === null || own.has(r.subject_id))
    },

    async responses(investigationId: string, ctx: RequestContext) {
      const own = await readableSubjects(ctx, investigationId)
      return (await repo.responsesOf(db, investigationId)).filter((r) => own === null || own.has(r.subject_id))
    },

    // Learning recommendations ---------------------------------------------------------------------

    async addLearning(investigationId: string, input: LearningInputType, ctx: RequestContext) {
      const data = parseOrThrow(LearningInput, input)
      if (data.responseDueOn < data.madeOn)
        throw new ValidationFailed([
          { path: 'responseDueOn', message: 'The response cannot be due before the recommendation is made' },
        ])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'report:send', { forUpdate: true })
        const row = await repo.insertLearning(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          recipient_kind: data.recipientKind,
          recipient_name: data.recipientName,
          text: data.text,
          made_on: data.madeOn,
          response_due_on: data.responseDueOn,
          response: null,
          responded_on: null,
          response_text: null,
          follow_up_actions: '[]',
          made_by: requireActor(ctx).userId,
        })
        await investigations.touch(trx, investigationId)
        await investigations.refreshNextDeadline(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'learning-recommendation.made',
          entityType: 'learning_recommendation',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            after: {
              recipientKind: data.recipientKind,
              recipientName: data.recipientName,
              madeOn: data.madeOn,
              responseDueOn: data.responseDueOn,
            },
          },
        })
        return row
      })
    },

    async updateLearning(id: string, input: LearningChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(LearningChange, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(id)) throw new NotFound('The learning recommendation')
        const before = await repo.findLearning(trx, id)
        if (!before) throw new NotFound('The learning recommendation')
        await access.require(trx, ctx, before.investigation_id, 'report:send', { forUpdate: true })
        const after = {
          response: data.response !== undefined ? data.response : before.response,
          responded_on: data.respondedOn !== undefined ? data.respondedOn : before.responded_on,
          response_text: data.responseText !== undefined ? data.responseText : before.response_text,
          response_due_on: data.responseDueOn ?? before.response_due_on,
        }
        if (after.response !== null && after.responded_on === null)
          throw new ValidationFailed([{ path: 'respondedOn', message: 'Enter the date of the response' }])
        const updated = await repo.updateLearning(
          trx,
          id,
          {
            ...after,
            ...(data.followUpActions !== undefined ? { follow_up_actions: JSON.stringify(data.followUpActions) } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, before.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'learning-recommendation.changed',
          entityType: 'learning_recommendation',
          entityId: id,
          caseId: before.investigation_id,
          detail: {
            before: { response: before.response, responseDueOn: before.response_due_on },
            after: {
              response: after.response,
              responseDueOn: after.response_due_on,
              followUpActions: data.followUpActions?.length,
            },
          },
        })
        return updated
      })
    },

    async learningRecommendation(id: string, ctx: RequestContext) {
      if (!isUuid(id)) throw new NotFound('The learning recommendation')
      const row = await repo.findLearning(db, id)
      if (!row) throw new NotFound('The learning recommendation')
      await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      return row
    },

    async learningRecommendations(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      return repo.learningOf(db, investigationId)
    },
  }

  /**
   * The subjects whose records the actor may read on this case: null for the team (all of them),
   * the ids of its own force's subjects for the appropriate authority.
   */
  async function readableSubjects(ctx: RequestContext, investigationId: string): Promise<Set<string> | null> {
    const actor = requireActor(ctx)
    if (actor.roles.includes('appropriate_authority')) {
      await access.require(db, ctx, investigationId, 'authority:read-report')
      return new Set((await repo.subjectsOf(db, investigationId, actor.organisationId)).map((s) => s.id))
    }
    await access.require(db, ctx, investigationId, 'investigation:read-case-file')
    return null
  }

  async function requireReadable(ctx: RequestContext, investigationId: string, subjectId: string) {
    const own = await readableSubjects(ctx, investigationId)
    if (own !== null && !own.has(subjectId)) throw new NotFound('The record')
  }
}

export type OutcomeService = ReturnType<typeof outcomeService>
