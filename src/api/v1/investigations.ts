/**
 * Referrals, assessments and investigations in the JSON API: the same services, rules, audit
 * and authorisation as the pages.
 */
import { z } from 'zod'
import { CASE_ROLES } from '../../domain/policy.js'
import { INVESTIGATION_STATUSES } from '../../domain/investigationLifecycle.js'
import { INVESTIGATION_FORMS } from '../../domain/vocabulary.js'
import { AssessmentInput, OpenInvestigationInput, ReferralInput } from '../../services/investigations.js'
import type { InvestigationRow } from '../../services/caseAccess.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'
import { encodeCursor } from '../../http/cursor.js'
import { HistoricalCaseSummaryJson, historicalCaseSummaryJson } from './historicalCases.js'
import { PageQuery, pageOf } from '../pagination.js'

const iso = (d: Date | string) => new Date(d).toISOString()

export const InvestigationJson = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    status: z.enum(INVESTIGATION_STATUSES),
    form: z.enum(INVESTIGATION_FORMS).nullable(),
    forceId: z.uuid(),
    leadInvestigatorId: z.uuid().nullable(),
    decisionMakerId: z.uuid().nullable(),
    cameToAttentionOn: z.iso.date().nullable(),
    openedOn: z.iso.date(),
    closedOn: z.iso.date().nullable(),
    nextDeadlineOn: z.iso.date().nullable(),
    version: z.number().int(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Investigation' })

export function investigationJson(i: InvestigationRow): z.output<typeof InvestigationJson> {
  return {
    id: i.id,
    reference: i.reference,
    title: i.title,
    status: i.status as z.output<typeof InvestigationJson>['status'],
    form: i.form as z.output<typeof InvestigationJson>['form'],
    forceId: i.force_id,
    leadInvestigatorId: i.lead_investigator_id,
    decisionMakerId: i.decision_maker_id,
    cameToAttentionOn: i.came_to_attention_on,
    openedOn: i.opened_on,
    closedOn: i.closed_on,
    nextDeadlineOn: i.next_deadline_on,
    version: i.version,
    updatedAt: iso(i.updated_at),
  }
}

const InvestigationSummaryJson = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    status: z.enum(INVESTIGATION_STATUSES),
    form: z.enum(INVESTIGATION_FORMS).nullable(),
    forceId: z.uuid(),
    forceName: z.string(),
    leadInvestigatorName: z.string().nullable(),
    nextDeadlineOn: z.iso.date().nullable(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'InvestigationSummary' })

const ReferralJson = z
  .object({
    id: z.uuid(),
    matterType: z.string(),
    referringForceId: z.uuid(),
    receivedOn: z.iso.date(),
    cameToAttentionOn: z.iso.date().nullable(),
    category: z.string(),
    summary: z.string(),
    investigationId: z.uuid().nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Referral' })

const AssessmentJson = z
  .object({
    id: z.uuid(),
    referralId: z.uuid(),
    form: z.enum(INVESTIGATION_FORMS),
    rationale: z.string(),
    decidedBy: z.uuid(),
    decidedOn: z.iso.date(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'Assessment' })

const TeamMemberJson = z
  .object({ userId: z.uuid(), role: z.enum(CASE_ROLES), name: z.string(), addedAt: z.iso.datetime() })
  .meta({ id: 'TeamMember' })

const IdParams = z.object({ id: z.uuid() })

const ListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Reference, title words, subject name or warrant number' }),
  status: z.enum(INVESTIGATION_STATUSES).optional(),
  form: z.enum(INVESTIGATION_FORMS).optional(),
  forceId: z.uuid().optional(),
  leadInvestigatorId: z.uuid().optional(),
  deadlineOnOrBefore: z.iso
    .date()
    .optional()
    .meta({ description: 'Only investigations with a deadline on or before this date (overdue: today)' }),
})

type ReferralRow = {
  id: string
  matter_type: string
  referring_force_id: string
  received_on: string
  came_to_attention_on: string | null
  category: string
  summary: string
  investigation_id: string | null
  version: number
}
const referralJson = (r: ReferralRow): z.output<typeof ReferralJson> => ({
  id: r.id,
  matterType: r.matter_type,
  referringForceId: r.referring_force_id,
  receivedOn: r.received_on,
  cameToAttentionOn: r.came_to_attention_on,
  category: r.category,
  summary: r.summary,
  investigationId: r.investigation_id,
  version: r.version,
})

export const investigationOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations',
    operationId: 'listInvestigations',
    summary: 'Investigations whose team you are on, most recently changed first',
    tags: ['Investigations'],
    access: 'investigations:list',
    query: ListQuery,
    responses: {
      200: {
        description: 'A page of investigations; with ?q=, the first page also carries the matching historical records',
        schema: pageOf(InvestigationSummaryJson)
          .extend({
            historicalCases: z
              .object({
                items: z.array(HistoricalCaseSummaryJson),
                next: z.string().nullable().meta({
                  description: 'The next page of them: GET /api/v1/historical-cases?q=…&cursor=…; null when none',
                }),
              })
              .nullable()
              .meta({
                description:
                  'Historical records (imported cases, origin historical) matching q, newest received first, on the first page of a search (no cursor) for those who may see them; else null',
              }),
          })
          .meta({ id: 'InvestigationSearchPage' }),
      },
    },
    async handler({ query, ctx }) {
      // A search finds historical records too (as the case list page does), kept apart: they are
      // records, not investigations, and page by their own keyset on their own operation.
      const historicalCases =
        query.q && !query.cursor && services.historicalCases.canSearch(ctx)
          ? await services.historicalCases.search(ctx, { q: query.q, limit: query.limit })
          : null
      const page = await services.investigations.list(ctx, {
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
        ...(query.q ? { search: query.q } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(query.form ? { form: query.form } : {}),
        ...(query.forceId ? { forceId: query.forceId } : {}),
        ...(query.leadInvestigatorId ? { leadInvestigatorId: query.leadInvestigatorId } : {}),
        ...(query.deadlineOnOrBefore ? { deadlineOnOrBefore: query.deadlineOnOrBefore } : {}),
      })
      return {
        items: page.items.map((r) => ({
          id: r.id,
          reference: r.reference,
          title: r.title,
          status: r.status as (typeof INVESTIGATION_STATUSES)[number],
          form: r.form as (typeof INVESTIGATION_FORMS)[number] | null,
          forceId: r.force_id,
          forceName: r.force_name,
          leadInvestigatorName: r.lead_investigator_name,
          nextDeadlineOn: r.next_deadline_on,
          updatedAt: iso(r.updated_at),
        })),
        nextCursor: page.nextCursor,
        historicalCases: historicalCases
          ? {
              items: historicalCases.items.map(historicalCaseSummaryJson),
              next: historicalCases.next
                ? `/api/v1/historical-cases?${new URLSearchParams({ q: query.q!, limit: String(query.limit), cursor: encodeCursor(historicalCases.next) })}`
                : null,
            }
          : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/referrals',
    operationId: 'recordReferral',
    summary: 'Record a referral, with the people involved',
    tags: ['Referrals'],
    access: 'referrals:record',
    body: ReferralInput,
    responses: { 201: { description: 'The referral as recorded', schema: ReferralJson } },
    async handler({ body, ctx }, _request, reply) {
      const referral = await services.investigations.recordReferral(body, ctx)
      return reply.code(201).header('location', `/api/v1/referrals/${referral.id}`).send(referralJson(referral))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/referrals/:id',
    operationId: 'getReferral',
    summary: 'A referral',
    tags: ['Referrals'],
    access: 'referrals:record',
    params: IdParams,
    responses: { 200: { description: 'The referral', schema: ReferralJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const { referral } = await services.investigations.referral(params.id, ctx)
      if (notModified(request, reply, referral.version)) return reply
      return referralJson(referral)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/referrals/:id/assessments',
    operationId: 'listAssessments',
    summary: 'Every determination of the form of investigation for a referral, newest (in force) first',
    tags: ['Referrals'],
    access: 'referrals:record',
    params: IdParams,
    responses: { 200: { description: 'The assessments', schema: pageOf(AssessmentJson) } },
    async handler({ params, ctx }) {
      const { assessments } = await services.investigations.referral(params.id, ctx)
      return {
        items: assessments.map((a) => ({
          id: a.id,
          referralId: a.referral_id,
          form: a.form,
          rationale: a.rationale,
          decidedBy: a.decided_by,
          decidedOn: a.decided_on,
          recordedAt: iso(a.recorded_at),
        })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/referrals/:id/assessments',
    operationId: 'assessReferral',
    summary: 'Determine (or re-determine) the form of investigation; earlier determinations are kept',
    tags: ['Referrals'],
    access: 'investigation:assess',
    params: IdParams,
    body: AssessmentInput,
    responses: { 201: { description: 'The new determination, now in force', schema: AssessmentJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const a = await services.investigations.assess(params.id, body, ctx)
      return reply.code(201).send({
        id: a.id,
        referralId: a.referral_id,
        form: a.form,
        rationale: a.rationale,
        decidedBy: a.decided_by,
        decidedOn: a.decided_on,
        recordedAt: iso(a.recorded_at),
      })
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations',
    operationId: 'openInvestigation',
    summary: 'Open an investigation from assessed referrals (the reference is allocated gap-free within the year)',
    tags: ['Investigations'],
    access: 'investigation:manage',
    body: OpenInvestigationInput,
    responses: { 201: { description: 'The investigation', schema: InvestigationJson, headers: etagHeader } },
    async handler({ body, ctx }, _request, reply) {
      const investigation = await services.investigations.open(body, ctx)
      setETag(reply, investigation.version)
      return reply
        .code(201)
        .header('location', `/api/v1/investigations/${investigation.id}`)
        .send(investigationJson(investigation))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id',
    operationId: 'getInvestigation',
    summary: 'An investigation',
    tags: ['Investigations'],
    access: 'investigation:read',
    params: IdParams,
    responses: { 200: { description: 'The investigation', schema: InvestigationJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const { investigation } = await services.investigations.header(params.id, ctx)
      if (notModified(request, reply, investigation.version)) return reply
      return investigationJson(investigation)
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/investigations/:id',
    operationId: 'updateInvestigation',
    summary: 'Change the title',
    tags: ['Investigations'],
    access: 'investigation:manage',
    params: IdParams,
    body: z.object({ title: OpenInvestigationInput.shape.title }),
    concurrency: 'if-match',
    responses: { 200: { description: 'The investigation as changed', schema: InvestigationJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const updated = await services.investigations.rename(params.id, body.title, expectedVersion, ctx)
      setETag(reply, updated.version)
      return investigationJson(updated)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/status-changes',
    operationId: 'changeInvestigationStatus',
    summary: 'Move the investigation through its lifecycle; a refusal (409) names every missing precondition',
    description:
      'The moves between the report stages (to report_with_decision_maker, back to report_drafting from it, to report_approved, to report_sent_to_appropriate_authority) belong to the report’s workflow (submitReport, returnReport, approveReport, sendReport) and are refused here with 409, naming the report step that makes them (docs/lifecycle.md).',
    tags: ['Investigations'],
    access: 'investigation:manage',
    params: IdParams,
    body: z.object({ status: z.enum(INVESTIGATION_STATUSES), reason: z.string().trim().max(5000).optional() }),
    concurrency: 'if-match',
    responses: {
      200: { description: 'The investigation in its new status', schema: InvestigationJson, headers: etagHeader },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const updated = await services.investigations.changeStatus(
        params.id,
        body.status,
        body.reason ? { reason: body.reason } : {},
        expectedVersion,
        ctx,
      )
      setETag(reply, updated.version)
      return investigationJson(updated)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/terms-of-reference',
    operationId: 'listTermsOfReference',
    summary: 'Every version of the terms of reference, newest first',
    tags: ['Investigations'],
    access: 'investigation:read',
    params: IdParams,
    responses: {
      200: {
        description: 'The versions',
        schema: pageOf(
          z
            .object({
              version: z.number().int(),
              text: z.string(),
              recordedAt: z.iso.datetime(),
              recordedBy: z.string().nullable(),
            })
            .meta({ id: 'TermsOfReference' }),
        ),
      },
    },
    async handler({ params, ctx }) {
      const history = await services.investigations.termsOfReferenceHistory(params.id, ctx)
      return {
        items: history.map((h) => ({
          version: h.version_number,
          text: h.text,
          recordedAt: iso(h.recorded_at),
          recordedBy: h.recorded_by_name,
        })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/terms-of-reference',
    operationId: 'reviseTermsOfReference',
    summary: 'Add a new version of the terms of reference (earlier versions are kept)',
    tags: ['Investigations'],
    access: 'investigation:manage',
    params: IdParams,
    body: z.object({ text: OpenInvestigationInput.shape.termsOfReference }),
    concurrency: 'if-match',
    responses: {
      201: {
        description: 'The investigation, with its new version number',
        schema: InvestigationJson,
        headers: etagHeader,
      },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const { investigation } = await services.investigations.reviseTermsOfReference(
        params.id,
        body.text,
        expectedVersion,
        ctx,
      )
      setETag(reply, investigation.version)
      return reply.code(201).send(investigationJson(investigation))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/team-members',
    operationId: 'listTeamMembers',
    summary: 'The investigation’s team',
    tags: ['Investigations'],
    access: 'investigation:read',
    params: IdParams,
    responses: { 200: { description: 'The team', schema: pageOf(TeamMemberJson) } },
    async handler({ params, ctx }) {
      const team = await services.investigations.team(params.id, ctx)
      return {
        items: team.map((m) => ({
          userId: m.user_id,
          role: m.role_in_case,
          name: m.display_name,
          addedAt: iso(m.added_at),
        })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/team-members',
    operationId: 'addTeamMember',
    summary: 'Put someone on the team',
    tags: ['Investigations'],
    access: 'investigation:manage',
    params: IdParams,
    body: z.object({ userId: z.uuid(), role: z.enum(CASE_ROLES) }),
    responses: { 204: { description: 'Added (adding someone already there changes nothing)' } },
    async handler({ params, body, ctx }, _request, reply) {
      await services.investigations.addTeamMember(params.id, body.userId, body.role, ctx)
      return reply.code(204).send()
    },
  })
}
