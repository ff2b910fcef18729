/**
 * From report to outcome, named as in the glossary: the report's sending to the appropriate
 * authority, authority-responses, recommendations, directions, proceedings and
 * learning-recommendations. Versioned records are changed with If-Match; the service decides who
 * may see which subject's records (the appropriate authority only its own force's).
 */
import type { Selectable } from 'kysely'
import { z } from 'zod'
import { OPINIONS, OUTCOMES, PROCEEDINGS_KINDS, PROPOSED_PROCEEDINGS, type Opinion } from '../../domain/vocabulary.js'
import type {
  AuthorityResponseTable,
  LearningRecommendationTable,
  ProceedingTable,
  RecommendationTable,
  ReportSendingTable,
} from '../../data/schema.js'
import {
  AuthorityResponseInput,
  LearningChange,
  LearningInput,
  ProceedingChange,
  ProceedingInput,
  RecommendationChange,
  RecommendationInput,
  SendReportInput,
} from '../../services/outcomes.js'
import { NotFound } from '../../services/errors.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })

export const ReportSendingJson = z
  .object({
    investigationId: z.uuid(),
    forceId: z.uuid(),
    sentOn: plainDate,
    responseDueOn: plainDate.meta({ description: 'Computed: 15 working days after sending (the rule set’s period)' }),
    sentAt: z.iso.datetime(),
  })
  .meta({ id: 'ReportSending', description: 'The approved report sent to the appropriate authority' })

export const AuthorityResponseJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    subjectId: z.uuid(),
    agrees: z.boolean().meta({ description: 'Whether the authority agrees with the determination' }),
    determination: z.enum(OPINIONS).meta({ description: 'The determination responded to' }),
    proposedProceedings: z.enum(PROPOSED_PROCEEDINGS),
    reasons: z.string(),
    respondedOn: plainDate,
    recordedAt: z.iso.datetime(),
    version: z.number().int(),
  })
  .meta({ id: 'AuthorityResponse', description: 'The appropriate authority’s response about one subject' })

export const RecommendationJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    subjectId: z.uuid(),
    kind: z.enum(['recommendation', 'direction']),
    proceedingsKind: z.enum(PROCEEDINGS_KINDS),
    madeOn: plainDate,
    reasons: z.string(),
    accepted: z.boolean().nullable().meta({ description: 'A recommendation only: whether the force accepted it' }),
    respondedOn: plainDate.nullable(),
    complied: z.boolean().nullable(),
    compliedOn: plainDate.nullable(),
    notes: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({
    id: 'Recommendation',
    description: 'A recommendation (or direction) that the force bring misconduct proceedings',
  })

const AdjournmentJson = z.object({ on: plainDate, reason: z.string(), resumesOn: plainDate.nullable() })

export const ProceedingJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    subjectId: z.uuid(),
    kind: z
      .enum(['meeting', 'hearing', 'none'])
      .meta({ description: '“none”: the decision that no proceedings follow' }),
    accelerated: z.boolean(),
    scheduledOn: plainDate.nullable(),
    heldOn: plainDate.nullable(),
    chairName: z.string().nullable(),
    chairLegallyQualified: z.boolean(),
    panel: z.array(z.string()),
    adjournments: z.array(AdjournmentJson),
    leftForce: z.enum(['resigned', 'retired']).nullable(),
    leftForceOn: plainDate.nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    outcomeOn: plainDate.nullable(),
    wouldHaveBeenDismissed: z.boolean(),
    appealLodgedOn: plainDate.nullable(),
    appealResult: z.enum(['upheld', 'dismissed', 'withdrawn', 'pending']).nullable(),
    barredListEntryOn: plainDate.nullable(),
    advisoryListEntryOn: plainDate.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Proceeding', description: 'Misconduct proceedings for one subject, and their outcome' })

const FollowUpJson = z.object({ action: z.string(), dueOn: plainDate.nullable(), doneOn: plainDate.nullable() })

export const LearningRecommendationJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    recipientKind: z.enum(['force', 'national_body']),
    recipientName: z.string(),
    text: z.string(),
    madeOn: plainDate,
    responseDueOn: plainDate,
    response: z.enum(['accepted', 'partly_accepted', 'not_accepted']).nullable(),
    respondedOn: plainDate.nullable(),
    responseText: z.string().nullable(),
    followUpActions: z.array(FollowUpJson),
    version: z.number().int(),
  })
  .meta({ id: 'LearningRecommendation', description: 'A learning recommendation to the force or a national body' })

export function sendingJson(s: Selectable<ReportSendingTable>): z.output<typeof ReportSendingJson> {
  return {
    investigationId: s.investigation_id,
    forceId: s.force_id,
    sentOn: s.sent_on,
    responseDueOn: s.response_due_on,
    sentAt: s.sent_at.toISOString(),
  }
}

export function responseJson(r: Selectable<AuthorityResponseTable>): z.output<typeof AuthorityResponseJson> {
  return {
    id: r.id,
    investigationId: r.investigation_id,
    subjectId: r.subject_id,
    agrees: r.agrees,
    determination: r.determination as Opinion,
    proposedProceedings: r.proposed_proceedings,
    reasons: r.reasons,
    respondedOn: r.responded_on,
    recordedAt: r.recorded_at.toISOString(),
    version: r.version,
  }
}

export function recommendationJson(r: Selectable<RecommendationTable>): z.output<typeof RecommendationJson> {
  return {
    id: r.id,
    investigationId: r.investigation_id,
    subjectId: r.subject_id,
    kind: r.kind,
    proceedingsKind: r.proceedings_kind,
    madeOn: r.made_on,
    reasons: r.reasons,
    accepted: r.accepted,
    respondedOn: r.responded_on,
    complied: r.complied,
    compliedOn: r.complied_on,
    notes: r.notes,
    version: r.version,
  }
}

export function proceedingJson(p: Selectable<ProceedingTable>): z.output<typeof ProceedingJson> {
  return {
    id: p.id,
    investigationId: p.investigation_id,
    subjectId: p.subject_id,
    kind: p.kind,
    accelerated: p.accelerated,
    scheduledOn: p.scheduled_on,
    heldOn: p.held_on,
    chairName: p.chair_name,
    chairLegallyQualified: p.chair_legally_qualified,
    panel: p.panel,
    adjournments: p.adjournments,
    leftForce: p.left_force,
    leftForceOn: p.left_force_on,
    outcome: p.outcome as z.output<typeof ProceedingJson>['outcome'],
    outcomeOn: p.outcome_on,
    wouldHaveBeenDismissed: p.would_have_been_dismissed,
    appealLodgedOn: p.appeal_lodged_on,
    appealResult: p.appeal_result,
    barredListEntryOn: p.barred_list_entry_on,
    advisoryListEntryOn: p.advisory_list_entry_on,
    version: p.version,
  }
}

export function learningJson(l: Selectable<LearningRecommendationTable>): z.output<typeof LearningRecommendationJson> {
  return {
    id: l.id,
    investigationId: l.investigation_id,
    recipientKind: l.recipient_kind,
    recipientName: l.recipient_name,
    text: l.text,
    madeOn: l.made_on,
    responseDueOn: l.response_due_on,
    response: l.response,
    respondedOn: l.responded_on,
    responseText: l.response_text,
    followUpActions: l.follow_up_actions,
    version: l.version,
  }
}

const IdParams = z.object({ id: z.uuid() })
const TAGS = ['Outcomes']

/**
 * Operations the appropriate authority uses too, about its own force's subjects once the report is
 * sent: the services answer it with only those (another force's officers are not found).
 */
const READ_AS_TEAM_OR_AUTHORITY = ['investigation:read-case-file', 'authority:read-report'] as const
const CHANGE_AS_TEAM_OR_AUTHORITY = ['report:send', 'authority:respond'] as const
const list = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.null() })

export const outcomeOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/report-sending',
    operationId: 'sendReportToAuthority',
    summary: 'Send the approved report to the appropriate authority (the investigated force)',
    description:
      'Moves the investigation to report_sent_to_appropriate_authority through the lifecycle guard (409 invalid-transition names what is missing) and starts the 15-working-day response clock. If-Match names the investigation’s version.',
    tags: TAGS,
    access: 'report:send',
    params: IdParams,
    body: SendReportInput,
    concurrency: 'if-match',
    responses: { 201: { description: 'The sending', schema: ReportSendingJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const { sending, investigation } = await services.outcomes.sendReport(params.id, body, expectedVersion, ctx)
      setETag(reply, investigation.version)
      return reply.code(201).send(sendingJson(sending))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/report-sending',
    operationId: 'getReportSending',
    summary: 'When the report was sent to the appropriate authority and when its response is due',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The sending', schema: ReportSendingJson } },
    async handler({ params, ctx }) {
      const view = await services.outcomes.forTeam(params.id, ctx)
      if (!view.sending) throw new NotFound('The sending of the report')
      return sendingJson(view.sending)
    },
  })

  // Authority responses ------------------------------------------------------------------------

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/authority-responses',
    operationId: 'listAuthorityResponses',
    summary: 'The appropriate authority’s responses, one per subject',
    tags: TAGS,
    access: READ_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    responses: { 200: { description: 'Every response recorded', schema: list(AuthorityResponseJson) } },
    async handler({ params, ctx }) {
      return { items: (await services.outcomes.responses(params.id, ctx)).map(responseJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/authority-responses',
    operationId: 'recordAuthorityResponse',
    summary: 'Record the appropriate authority’s response about one of its force’s subjects',
    tags: TAGS,
    access: 'authority:respond',
    params: IdParams,
    body: AuthorityResponseInput,
    responses: { 201: { description: 'The response', schema: AuthorityResponseJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const response = await services.outcomes.recordResponse(params.id, body, ctx)
      setETag(reply, response.version)
      return reply
        .code(201)
        .header('location', `/api/v1/authority-responses/${response.id}`)
        .send(responseJson(response))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/authority-responses/:id',
    operationId: 'getAuthorityResponse',
    summary: 'One response of the appropriate authority',
    tags: TAGS,
    access: READ_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    responses: { 200: { description: 'The response', schema: AuthorityResponseJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const row = await services.outcomes.response(params.id, ctx)
      if (notModified(request, reply, row.version)) return reply
      return responseJson(row)
    },
  })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/authority-responses/:id',
    operationId: 'replaceAuthorityResponse',
    summary: 'Change the appropriate authority’s response',
    tags: TAGS,
    access: 'authority:respond',
    params: IdParams,
    body: AuthorityResponseInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The response as changed', schema: AuthorityResponseJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const row = await services.outcomes.updateResponse(params.id, body, expectedVersion, ctx)
      setETag(reply, row.version)
      return responseJson(row)
    },
  })

  // Recommendations and directions ---------------------------------------------------------------

  for (const kind of ['recommendation', 'direction'] as const) {
    const plural = `${kind}s`
    const Name = kind === 'recommendation' ? 'Recommendation' : 'Direction'
    defineOperation(app, registry, {
      method: 'get',
      path: `/api/v1/investigations/:id/${plural}`,
      operationId: `list${Name}s`,
      summary:
        kind === 'recommendation'
          ? 'The recommendations that the force bring proceedings'
          : 'The directions that the force bring proceedings',
      tags: TAGS,
      access: READ_AS_TEAM_OR_AUTHORITY,
      params: IdParams,
      responses: { 200: { description: `Every ${kind}`, schema: list(RecommendationJson) } },
      async handler({ params, ctx }) {
        return {
          items: (await services.outcomes.recommendations(params.id, kind, ctx)).map(recommendationJson),
          nextCursor: null,
        }
      },
    })

    defineOperation(app, registry, {
      method: 'post',
      path: `/api/v1/subjects/:id/${plural}`,
      operationId: `make${Name}`,
      summary:
        kind === 'recommendation'
          ? 'Recommend proceedings where the appropriate authority disagrees with the determination'
          : 'Direct proceedings where the recommendation was not accepted',
      tags: TAGS,
      access: 'report:send',
      params: IdParams,
      body: RecommendationInput,
      responses: { 201: { description: `The ${kind}`, schema: RecommendationJson, headers: etagHeader } },
      async handler({ params, body, ctx }, _request, reply) {
        const row = await services.outcomes.makeRecommendation(params.id, kind, body, ctx)
        setETag(reply, row.version)
        return reply.code(201).header('location', `/api/v1/${plural}/${row.id}`).send(recommendationJson(row))
      },
    })

    defineOperation(app, registry, {
      method: 'get',
      path: `/api/v1/${plural}/:id`,
      operationId: `get${Name}`,
      summary: `One ${kind}`,
      tags: TAGS,
      access: READ_AS_TEAM_OR_AUTHORITY,
      params: IdParams,
      responses: { 200: { description: `The ${kind}`, schema: RecommendationJson, headers: etagHeader } },
      async handler({ params, ctx }, request, reply) {
        const row = await services.outcomes.recommendation(params.id, ctx)
        if (row.kind !== kind) throw new NotFound(`The ${kind}`)
        if (notModified(request, reply, row.version)) return reply
        return recommendationJson(row)
      },
    })

    defineOperation(app, registry, {
      method: 'patch',
      path: `/api/v1/${plural}/:id`,
      operationId: `update${Name}`,
      summary:
        kind === 'recommendation'
          ? 'Record whether the force accepted the recommendation, and its compliance'
          : 'Record the force’s compliance with the direction',
      tags: TAGS,
      access: CHANGE_AS_TEAM_OR_AUTHORITY,
      params: IdParams,
      body: RecommendationChange,
      concurrency: 'if-match',
      responses: { 200: { description: `The ${kind} as changed`, schema: RecommendationJson, headers: etagHeader } },
      async handler({ params, body, expectedVersion, ctx }, _request, reply) {
        const before = await services.outcomes.recommendation(params.id, ctx)
        if (before.kind !== kind) throw new NotFound(`The ${kind}`)
        const row = await services.outcomes.updateRecommendation(params.id, body, expectedVersion, ctx)
        setETag(reply, row.version)
        return recommendationJson(row)
      },
    })
  }

  // Proceedings ------------------------------------------------------------------------------------

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/proceedings',
    operationId: 'listProceedings',
    summary: 'Misconduct proceedings of the investigation’s subjects',
    tags: TAGS,
    access: READ_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    responses: {
      200: { description: 'One per subject for whom proceedings (or none) were decided', schema: list(ProceedingJson) },
    },
    async handler({ params, ctx }) {
      return { items: (await services.outcomes.proceedings(params.id, ctx)).map(proceedingJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/proceedings',
    operationId: 'recordProceeding',
    summary: 'Record a misconduct meeting or hearing for a subject (or that none follows), with its outcome if known',
    description:
      'The subject moves through its lifecycle (409 invalid-transition names why not); outcomes are checked against those available at a meeting, a hearing or without proceedings (422).',
    tags: TAGS,
    access: CHANGE_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    body: ProceedingInput,
    responses: { 201: { description: 'The proceedings', schema: ProceedingJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const row = await services.outcomes.recordProceeding(params.id, body, ctx)
      setETag(reply, row.version)
      return reply.code(201).header('location', `/api/v1/proceedings/${row.id}`).send(proceedingJson(row))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/proceedings/:id',
    operationId: 'getProceeding',
    summary: 'One subject’s misconduct proceedings',
    tags: TAGS,
    access: READ_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    responses: { 200: { description: 'The proceedings', schema: ProceedingJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const row = await services.outcomes.proceeding(params.id, ctx)
      if (notModified(request, reply, row.version)) return reply
      return proceedingJson(row)
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/proceedings/:id',
    operationId: 'updateProceeding',
    summary:
      'Change the proceedings: dates, chair, panel, adjournments, outcome, appeal, barred or advisory list entry',
    tags: TAGS,
    access: CHANGE_AS_TEAM_OR_AUTHORITY,
    params: IdParams,
    body: ProceedingChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The proceedings as changed', schema: ProceedingJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const row = await services.outcomes.updateProceeding(params.id, body, expectedVersion, ctx)
      setETag(reply, row.version)
      return proceedingJson(row)
    },
  })

  // Learning recommendations ------------------------------------------------------------------------

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/learning-recommendations',
    operationId: 'listLearningRecommendations',
    summary: 'Learning recommendations to the force or national bodies',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: { description: 'Every learning recommendation, by date made', schema: list(LearningRecommendationJson) },
    },
    async handler({ params, ctx }) {
      return {
        items: (await services.outcomes.learningRecommendations(params.id, ctx)).map(learningJson),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/learning-recommendations',
    operationId: 'makeLearningRecommendation',
    summary: 'Make a learning recommendation',
    tags: TAGS,
    access: 'report:send',
    params: IdParams,
    body: LearningInput,
    responses: {
      201: { description: 'The learning recommendation', schema: LearningRecommendationJson, headers: etagHeader },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const row = await services.outcomes.addLearning(params.id, body, ctx)
      setETag(reply, row.version)
      return reply.code(201).header('location', `/api/v1/learning-recommendations/${row.id}`).send(learningJson(row))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/learning-recommendations/:id',
    operationId: 'getLearningRecommendation',
    summary: 'One learning recommendation',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: { description: 'The learning recommendation', schema: LearningRecommendationJson, headers: etagHeader },
    },
    async handler({ params, ctx }, request, reply) {
      const row = await services.outcomes.learningRecommendation(params.id, ctx)
      if (notModified(request, reply, row.version)) return reply
      return learningJson(row)
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/learning-recommendations/:id',
    operationId: 'updateLearningRecommendation',
    summary: 'Record the response (accepted, partly, not accepted), the deadline and follow-up actions',
    tags: TAGS,
    access: 'report:send',
    params: IdParams,
    body: LearningChange,
    concurrency: 'if-match',
    responses: {
      200: {
        description: 'The learning recommendation as changed',
        schema: LearningRecommendationJson,
        headers: etagHeader,
      },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const row = await services.outcomes.updateLearning(params.id, body, expectedVersion, ctx)
      setETag(reply, row.version)
      return learningJson(row)
    },
  })
}
