/**
 * Subjects of an investigation and what hangs off them, named as in the glossary: subjects,
 * allegations, severity assessments, notices (of investigation) and interviews, plus the shared
 * register of officers. Reads of a subject's personal data are audited by the service.
 */
import { z } from 'zod'
import { SUBJECT_STATUSES } from '../../domain/subjectLifecycle.js'
import {
  INTERVIEW_KINDS,
  NOTICE_SERVICE_METHODS,
  SEVERITIES,
  STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
  SUBJECT_KINDS,
} from '../../domain/vocabulary.js'
import type { SubjectSummary } from '../../services/subjects.js'
import {
  AddSubjectInput,
  AllegationChange,
  AllegationInput,
  InterviewInput,
  NoticeChange,
  SeverityInput,
  SubjectChange,
} from '../../services/subjects.js'
import type { NoticeTable, AllegationTable, InterviewTable, SeverityAssessmentTable } from '../../data/schema.js'
import type { Selectable } from 'kysely'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })

const OfficerJson = z
  .object({
    id: z.uuid(),
    givenName: z.string(),
    familyName: z.string(),
    warrantNumber: z.string(),
    kind: z.enum(SUBJECT_KINDS),
    rank: z
      .string()
      .meta({ description: 'Current rank (a RANKS value for police officers; a grade or role for police staff)' }),
    forceId: z.uuid(),
    forceName: z.string(),
  })
  .meta({
    id: 'Officer',
    description: 'A police officer or member of police staff in the register shared across investigations',
  })

export const SubjectJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    officer: OfficerJson,
    roleAtTime: z.string(),
    rankAtTime: z.string(),
    status: z.enum(SUBJECT_STATUSES),
    currentSeverity: z.enum(SEVERITIES).nullable(),
    noticeResponseDueOn: plainDate
      .nullable()
      .meta({ description: 'When the response to the latest notice is due, while it is outstanding' }),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Subject', description: 'An officer or member of police staff under investigation' })

const AllegationJson = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    description: z.string(),
    standards: z.array(z.enum(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR)),
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Allegation' })

const SeverityAssessmentJson = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    severity: z.enum(SEVERITIES),
    rationale: z.string(),
    assessedOn: plainDate,
    assessedBy: z.uuid(),
    recordedAt: z.iso.datetime(),
  })
  .meta({
    id: 'SeverityAssessment',
    description: 'One assessment; every revision is kept, the latest in effect is current',
  })

const NoticeJson = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    investigationId: z.uuid(),
    kind: z.string(),
    severity: z.enum(SEVERITIES).nullable().meta({ description: 'The severity the notice states' }),
    contentSha256: z.string().nullable(),
    contentSizeBytes: z.number().int().nullable(),
    generatedAt: z.iso.datetime(),
    servedOn: plainDate.nullable(),
    serviceMethod: z.enum(NOTICE_SERVICE_METHODS).nullable(),
    responseDueOn: plainDate
      .nullable()
      .meta({ description: 'Computed: 10 working days after service (England and Wales bank holidays excluded)' }),
    responseReceivedOn: plainDate.nullable(),
    responseSummary: z.string().nullable(),
    pdfUrl: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'Notice', description: 'A notice of investigation (regulation 17)' })

const InterviewJson = z
  .object({
    id: z.uuid(),
    subjectId: z.uuid(),
    kind: z.enum(INTERVIEW_KINDS),
    heldOn: plainDate,
    summary: z.string().nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'Interview' })

const SubjectDetailJson = SubjectJson.extend({
  allegations: z.array(AllegationJson),
  severityAssessments: z.array(SeverityAssessmentJson),
  notices: z.array(NoticeJson),
  interviews: z.array(InterviewJson),
}).meta({
  id: 'SubjectDetail',
  description: 'A subject with their allegations, severity history, notices and interviews',
})

function subjectJson(s: SubjectSummary): z.output<typeof SubjectJson> {
  return {
    id: s.id,
    investigationId: s.investigation_id,
    officer: {
      id: s.officer_id,
      givenName: s.given_name,
      familyName: s.family_name,
      warrantNumber: s.warrant_number,
      kind: s.kind,
      rank: s.officer_rank,
      forceId: s.force_id,
      forceName: s.force_name,
    },
    roleAtTime: s.role_at_time,
    rankAtTime: s.rank_at_time,
    status: s.status as z.output<typeof SubjectJson>['status'],
    currentSeverity: s.currentSeverity,
    noticeResponseDueOn: s.noticeResponseDueOn,
    version: s.version,
    createdAt: s.created_at.toISOString(),
    updatedAt: s.updated_at.toISOString(),
  }
}

function allegationJson(a: Selectable<AllegationTable>): z.output<typeof AllegationJson> {
  return {
    id: a.id,
    subjectId: a.subject_id,
    description: a.description,
    standards: a.standards as z.output<typeof AllegationJson>['standards'],
    version: a.version,
    createdAt: a.created_at.toISOString(),
    updatedAt: a.updated_at.toISOString(),
  }
}

function severityJson(a: Selectable<SeverityAssessmentTable>): z.output<typeof SeverityAssessmentJson> {
  return {
    id: a.id,
    subjectId: a.subject_id,
    severity: a.severity,
    rationale: a.rationale,
    assessedOn: a.assessed_on,
    assessedBy: a.assessed_by,
    recordedAt: a.recorded_at.toISOString(),
  }
}

function noticeJson(n: Selectable<NoticeTable>): z.output<typeof NoticeJson> {
  return {
    id: n.id,
    subjectId: n.subject_id,
    investigationId: n.investigation_id,
    kind: n.kind,
    severity: n.severity,
    contentSha256: n.content_sha256,
    contentSizeBytes: n.content_size_bytes,
    generatedAt: n.generated_at.toISOString(),
    servedOn: n.served_on,
    serviceMethod: n.service_method as z.output<typeof NoticeJson>['serviceMethod'],
    responseDueOn: n.response_due_on,
    responseReceivedOn: n.response_received_on,
    responseSummary: n.response_summary,
    pdfUrl: `/api/v1/notices/${n.id}/pdf`,
    version: n.version,
  }
}

function interviewJson(i: Selectable<InterviewTable>): z.output<typeof InterviewJson> {
  return {
    id: i.id,
    subjectId: i.subject_id,
    kind: i.kind as z.output<typeof InterviewJson>['kind'],
    heldOn: i.held_on,
    summary: i.summary,
    recordedAt: i.recorded_at.toISOString(),
  }
}

const IdParams = z.object({ id: z.uuid() })
const TAGS = ['Subjects']

export const subjectOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/officers',
    operationId: 'searchOfficers',
    summary: 'Search the register of officers and police staff by name or warrant number',
    tags: TAGS,
    access: 'officers:search',
    query: z.object({
      q: z
        .string()
        .trim()
        .min(2, 'Enter at least 2 characters')
        .max(200)
        .meta({ description: 'Part of a name or warrant number' }),
      limit: z.coerce.number().int().min(1).max(50).default(20),
    }),
    responses: {
      200: {
        description: 'The closest matches first (one page)',
        schema: z.object({ items: z.array(OfficerJson), nextCursor: z.null() }),
      },
    },
    async handler({ query, ctx }) {
      const rows = await services.subjects.searchOfficers(query.q, ctx, { limit: query.limit })
      return {
        items: rows.map((o) => ({
          id: o.id,
          givenName: o.given_name,
          familyName: o.family_name,
          warrantNumber: o.warrant_number,
          kind: o.kind,
          rank: o.rank,
          forceId: o.force_id,
          forceName: o.force_name,
        })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/subjects',
    operationId: 'listSubjects',
    summary: 'The subjects of an investigation',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'Every subject, by family name (one page: a case has at most a few dozen)',
        schema: z.object({ items: z.array(SubjectJson), nextCursor: z.null() }),
      },
    },
    async handler({ params, ctx }) {
      const rows = await services.subjects.list(params.id, ctx)
      return { items: rows.map(subjectJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/subjects',
    operationId: 'addSubject',
    summary: 'Add a subject: finds the officer in the register by force and warrant number, or registers them',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: AddSubjectInput,
    responses: {
      201: {
        description: 'The subject',
        schema: SubjectJson,
        headers: { ...etagHeader, Location: { description: 'The subject’s URL' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const { subject } = await services.subjects.add(params.id, body, ctx)
      setETag(reply, subject.version)
      return reply.code(201).header('location', `/api/v1/subjects/${subject.id}`).send(subjectJson(subject))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/subjects/:id',
    operationId: 'getSubject',
    summary: 'A subject with allegations, severity history, notices and interviews',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The subject', schema: SubjectDetailJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const detail = await services.subjects.get(params.id, ctx)
      if (notModified(request, reply, detail.subject.version)) return reply
      return {
        ...subjectJson(detail.subject),
        allegations: detail.allegations.map(allegationJson),
        severityAssessments: detail.severityHistory.map(severityJson),
        notices: detail.notices.map(noticeJson),
        interviews: detail.interviews.map(interviewJson),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/subjects/:id',
    operationId: 'updateSubject',
    summary: 'Change a subject’s role or rank at the time',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: SubjectChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The subject as changed', schema: SubjectJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const subject = await services.subjects.update(params.id, body, expectedVersion, ctx)
      setETag(reply, subject.version)
      return subjectJson(subject)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/allegations',
    operationId: 'addAllegation',
    summary: 'Record an allegation against a subject, with the Standards of Professional Behaviour it concerns',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: AllegationInput,
    responses: { 201: { description: 'The allegation', schema: AllegationJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const allegation = await services.subjects.addAllegation(params.id, body, ctx)
      setETag(reply, allegation.version)
      return reply.code(201).send(allegationJson(allegation))
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/allegations/:id',
    operationId: 'updateAllegation',
    summary: 'Change an allegation’s wording or standards',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: AllegationChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The allegation as changed', schema: AllegationJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const allegation = await services.subjects.updateAllegation(params.id, body, expectedVersion, ctx)
      setETag(reply, allegation.version)
      return allegationJson(allegation)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/subjects/:id/severity-assessments',
    operationId: 'listSeverityAssessments',
    summary: 'Every severity assessment of a subject, in the order they took effect (the last is current)',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The history',
        schema: z.object({
          items: z.array(SeverityAssessmentJson),
          currentSeverity: z.enum(SEVERITIES).nullable(),
          nextCursor: z.null(),
        }),
      },
    },
    async handler({ params, ctx }) {
      const { history, currentSeverity } = await services.subjects.severityHistory(params.id, ctx)
      return { items: history.map(severityJson), currentSeverity, nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/severity-assessments',
    operationId: 'addSeverityAssessment',
    summary: 'Assess (or re-assess) the severity; earlier assessments are kept',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: SeverityInput,
    responses: { 201: { description: 'The assessment', schema: SeverityAssessmentJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const { assessment } = await services.subjects.assessSeverity(params.id, body, ctx)
      return reply.code(201).send(severityJson(assessment))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/notices',
    operationId: 'generateNotice',
    summary: 'Generate the notice of investigation (regulation 17) as a PDF from the case’s facts',
    description:
      'Needs at least one allegation and a current severity of misconduct or gross misconduct (else 409 invalid-transition).',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    responses: {
      201: {
        description: 'The notice',
        schema: NoticeJson,
        headers: { ...etagHeader, Location: { description: 'The notice’s URL' } },
      },
    },
    async handler({ params, ctx }, _request, reply) {
      const notice = await services.subjects.generateNotice(params.id, ctx)
      setETag(reply, notice.version)
      return reply.code(201).header('location', `/api/v1/notices/${notice.id}`).send(noticeJson(notice))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/notices/:id',
    operationId: 'getNotice',
    summary: 'A notice of investigation',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The notice', schema: NoticeJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const notice = await services.subjects.notice(params.id, ctx)
      if (notModified(request, reply, notice.version)) return reply
      return noticeJson(notice)
    },
  })

  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/notices/:id',
    operationId: 'updateNotice',
    summary: 'Record when and how the notice was served, and/or the subject’s response',
    description: 'responseDueOn is computed from servedOn (10 working days); it cannot be sent.',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: NoticeChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The notice as changed', schema: NoticeJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const notice = await services.subjects.updateNotice(params.id, body, expectedVersion, ctx)
      setETag(reply, notice.version)
      return noticeJson(notice)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/notices/:id/pdf',
    operationId: 'getNoticePdf',
    summary: 'The notice of investigation as a PDF (application/pdf, as an attachment)',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The PDF bytes (Content-Type application/pdf)' } },
    async handler({ params, ctx }, _request, reply) {
      const { bytes, filename } = await services.subjects.noticePdf(params.id, ctx)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'private, no-store')
        .send(bytes)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/subjects/:id/interviews',
    operationId: 'recordInterview',
    summary: 'Record an interview of a subject',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: InterviewInput,
    responses: { 201: { description: 'The interview', schema: InterviewJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const interview = await services.subjects.recordInterview(params.id, body, ctx)
      return reply.code(201).send(interviewJson(interview))
    },
  })
}
