/**
 * Subjects of an investigation: the Subjects tab (list), adding a subject (finding the officer in
 * the register or registering them), and the subject page with its allegations, severity
 * history, notices (generate, download, record service and response) and interviews.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { SUBJECT_STATUS_LABELS, isSubjectStatus } from '../../../domain/subjectLifecycle.js'
import {
  INTERVIEW_KIND_LABELS,
  INTERVIEW_KINDS,
  NOTICE_SERVICE_METHOD_LABELS,
  NOTICE_SERVICE_METHODS,
  RANK_LABELS,
  RANKS,
  SEVERITIES,
  SEVERITY_LABELS,
  STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
  STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
  SUBJECT_KIND_LABELS,
  SUBJECT_KINDS,
} from '../../../domain/vocabulary.js'
import {
  Conflict,
  Forbidden,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  type FieldProblem,
} from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { rankLabel, standardLabel } from '../../../services/noticeOfInvestigation.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsFromDate, partsOf, readDates } from '../../dates.js'
import { formErrors, parseForm, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { flagView } from '../officers/index.js'
import {
  AddSubjectForm,
  AllegationForm,
  InterviewForm,
  ResponseForm,
  SeverityForm,
  ServiceForm,
  SubjectDetailsForm,
} from './subjectsValidation.js'

type IdParams = { Params: { id: string } }
type SubjectParams = { Params: { id: string; subjectId: string } }
type NoticeParams = { Params: { id: string; subjectId: string; noticeId: string } }

const labels = {
  rank: RANK_LABELS,
  severity: SEVERITY_LABELS,
  standard: STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
  kind: SUBJECT_KIND_LABELS,
  interviewKind: INTERVIEW_KIND_LABELS,
  serviceMethod: NOTICE_SERVICE_METHOD_LABELS,
}
const options = {
  ranks: RANKS.map((r) => ({ value: r, text: RANK_LABELS[r] })),
  kinds: SUBJECT_KINDS.map((k) => ({ value: k, text: SUBJECT_KIND_LABELS[k] })),
  severities: SEVERITIES.map((s) => ({ value: s, text: SEVERITY_LABELS[s] })),
  standards: STANDARDS_OF_PROFESSIONAL_BEHAVIOUR.map((s) => ({
    value: s,
    text: STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS[s],
  })),
  serviceMethods: NOTICE_SERVICE_METHODS.map((m) => ({ value: m, text: NOTICE_SERVICE_METHOD_LABELS[m] })),
  interviewKinds: INTERVIEW_KINDS.map((k) => ({ value: k, text: INTERVIEW_KIND_LABELS[k] })),
}
const statusLabel = (s: string) => (isSubjectStatus(s) ? SUBJECT_STATUS_LABELS[s] : s)

/** Field names on the subject page differ by form, so service problems are renamed to match. */
const renamed = (problems: FieldProblem[], map: Record<string, string>) =>
  problems.map((p) => ({ ...p, path: map[p.path] ?? p.path }))

export default function subjectRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/subjects`

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) => {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const subjects = await services.subjects.list(request.params.id, ctx)
      return reply.render('subjects/list.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'subjects',
        subjects: subjects.map((s) => ({
          ...s,
          rankLabel: rankLabel(s.rank_at_time),
          statusLabel: statusLabel(s.status),
          severityLabel: s.currentSeverity ? SEVERITY_LABELS[s.currentSeverity] : null,
        })),
      })
    })

    async function renderNew(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const forces = (await services.organisations.list()).filter(
        (o) => o.kind === 'police_force' && (o.retired_at === null || o.id === header.investigation.force_id),
      )
      return reply.code(status).render('subjects/new.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'subjects',
        options,
        forces: forces.map((f) => ({ value: f.id, text: f.name })),
        values: { forceId: header.investigation.force_id, ...(extra.values ?? {}) },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    app.get<IdParams>(`${base}/new`, { config: requires('investigation:contribute') }, async (request, reply) =>
      renderNew(request, reply),
    )

    app.post<IdParams>(
      `${base}/new`,
      { config: { ...requires('investigation:contribute'), confirms: 'The subject has been added' } },
      async (request, reply) => {
        const ctx = contextOf(request)
        const body = (request.body ?? {}) as Record<string, unknown>
        const form = parseForm(AddSubjectForm, body)
        if (!form.ok) return renderNew(request, reply, { errors: form.errors, values: body }, 400)
        const rank = form.data.kind === 'police_officer' ? form.data.rank : form.data.staffRole
        try {
          const { subject } = await services.subjects.add(request.params.id, { ...form.data, rank }, ctx)
          return reply.redirect(paths.subject(request.params.id, subject.id), 303)
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderNew(
              request,
              reply,
              { errors: formErrors(renamed(error.problems, { rankAtTime: 'rank' })), values: body },
              400,
            )
          throw error
        }
      },
    )

    /** The subject, checked to belong to the case in the address, with the case header. */
    async function load(request: FastifyRequest<SubjectParams>) {
      const ctx = contextOf(request)
      const detail = await services.subjects.get(request.params.subjectId, ctx)
      if (detail.subject.investigation_id !== request.params.id) throw new NotFound('The subject')
      const header = await services.investigations.header(request.params.id, ctx)
      return { ctx, detail, header }
    }

    const subjectView = (detail: Awaited<ReturnType<Services['subjects']['get']>>) => ({
      ...detail.subject,
      rankLabel: rankLabel(detail.subject.rank_at_time),
      statusLabel: statusLabel(detail.subject.status),
      severityLabel: detail.subject.currentSeverity ? SEVERITY_LABELS[detail.subject.currentSeverity] : null,
    })

    /** The subject page: summary lists with "Change" and "Add" links, each form on a page of its own. */
    async function renderSubject(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      errors?: FormErrors,
      status = 200,
    ) {
      const { ctx, detail, header } = await load(request)
      const latestNotice = detail.notices[0] ?? null
      // Which early-intervention thresholds the officer meets, and why (null: not this reader's to see).
      const flags = await services.officerRecords.flagsFor(detail.subject.officer_id, ctx)
      return reply.code(status).render('subjects/show.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'subjects',
        s: subjectView(detail),
        allegations: detail.allegations.map((a) => ({ ...a, standardLabels: a.standards.map(standardLabel) })),
        severityHistory: [...detail.severityHistory].reverse(),
        notices: detail.notices,
        latestNotice,
        interviews: detail.interviews,
        canContribute: detail.canContribute,
        officerFlags: flags ? flags.map(flagView) : null,
        officerRecordHref: paths.officer(detail.subject.officer_id),
        labels,
        ...(errors ? { errors } : {}),
      })
    }

    app.get<SubjectParams>(
      `${base}/:subjectId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderSubject(request, reply),
    )

    /**
     * The subject's forms, one small group per page, each at the address its form posts to. A form
     * page is shown again with every problem at once, what was typed kept; after a conflict it shows
     * the record as it now is (and its new version) with what was typed, so nothing is lost.
     */
    type FormView = 'details' | 'allegation' | 'severity' | 'interview' | 'service' | 'response'
    const DATE_FIELDS: Record<FormView, string[]> = {
      details: [],
      allegation: [],
      severity: ['assessedOn'],
      interview: ['heldOn'],
      service: ['servedOn'],
      response: ['responseReceivedOn'],
    }

    async function renderForm(
      request: FastifyRequest<SubjectParams | NoticeParams>,
      reply: FastifyReply,
      view: FormView,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const { detail, header } = await load(request)
      // Someone without the right to change this case (or a closed case) is told so, not shown a form that cannot work.
      if (!detail.canContribute) throw new Forbidden('You cannot change this subject')
      const noticeId = 'noticeId' in request.params ? request.params.noticeId : null
      const notice = noticeId ? detail.notices.find((n) => n.id === noticeId) : null
      if (noticeId && !notice) throw new NotFound('The notice')
      const body = extra.values ?? {}
      return reply.code(status).render(`subjects/${view}.njk`, {
        caseHeader: caseHeader(header),
        activeTab: 'subjects',
        s: subjectView(detail),
        notice,
        severityHistory: [...detail.severityHistory].reverse(),
        backLink: { text: 'Back', href: paths.subject(request.params.id, request.params.subjectId) },
        labels,
        options,
        values: body,
        dateParts: {
          ...Object.fromEntries(DATE_FIELDS[view].map((name) => [name, partsOf(body, name)])),
          // Correcting the service starts from the date recorded.
          ...(view === 'service' && !extra.values && notice?.served_on
            ? { servedOn: partsFromDate(notice.served_on) }
            : {}),
        },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    const formPage = (path: string, view: FormView) =>
      app.get<SubjectParams | NoticeParams>(
        `${base}/:subjectId/${path}`,
        { config: requires('investigation:contribute') },
        async (request, reply) => renderForm(request, reply, view),
      )
    formPage('details', 'details')
    formPage('allegations', 'allegation')
    formPage('severity-assessments', 'severity')
    formPage('interviews', 'interview')
    formPage('notices/:noticeId/service', 'service')
    formPage('notices/:noticeId/response', 'response')

    /** Runs a subject form: validation, the service call, and a redirect to the subject (or the form again with errors). */
    async function submit(
      request: FastifyRequest<SubjectParams | NoticeParams>,
      reply: FastifyReply,
      view: FormView | 'subject',
      run: (body: Record<string, unknown>) => Promise<FieldProblem[] | void>,
      rename: Record<string, string> = {},
    ) {
      const body = (request.body ?? {}) as Record<string, unknown>
      // A form without fields (generating a notice) is posted from the subject page, and its problems shown there.
      const again = (problems: FieldProblem[], status: number) =>
        view === 'subject'
          ? renderSubject(request as FastifyRequest<SubjectParams>, reply, formErrors(problems), status)
          : renderForm(request, reply, view, { errors: formErrors(problems), values: body }, status)
      try {
        const problems = await run(body)
        if (problems && problems.length) return again(problems, 400)
      } catch (error) {
        if (error instanceof ValidationFailed) return again(renamed(error.problems, rename), 400)
        if (error instanceof Conflict || error instanceof InvalidTransition)
          return again([{ path: 'form', message: error.message }], error instanceof Conflict ? 409 : 400)
        throw error
      }
      return reply.redirect(paths.subject(request.params.id, request.params.subjectId), 303)
    }

    const problemsOf = (result: { ok: false; errors: FormErrors }) =>
      Object.entries(result.errors.fields).map(([path, f]) => ({ path, message: f.text }))

    app.post<SubjectParams>(
      `${base}/:subjectId/details`,
      { config: { ...requires('investigation:contribute'), confirms: 'The subject’s details have been changed' } },
      async (request, reply) =>
        submit(request, reply, 'details', async (body) => {
          const form = parseForm(SubjectDetailsForm, body)
          if (!form.ok) return problemsOf(form)
          await services.subjects.update(
            request.params.subjectId,
            { roleAtTime: form.data.roleAtTime, rankAtTime: form.data.rankAtTime },
            form.data.version,
            contextOf(request),
          )
        }),
    )

    app.post<SubjectParams>(
      `${base}/:subjectId/allegations`,
      { config: { ...requires('investigation:contribute'), confirms: 'The allegation has been added' } },
      async (request, reply) =>
        submit(request, reply, 'allegation', async (body) => {
          const form = parseForm(AllegationForm, body)
          if (!form.ok) return problemsOf(form)
          await services.subjects.addAllegation(request.params.subjectId, form.data, contextOf(request))
        }),
    )

    app.post<SubjectParams>(
      `${base}/:subjectId/severity-assessments`,
      { config: { ...requires('investigation:contribute'), confirms: 'The severity assessment has been recorded' } },
      async (request, reply) =>
        submit(request, reply, 'severity', async (body) => {
          const form = parseForm(SeverityForm, body)
          const dates = readDates(body, [{ name: 'assessedOn', what: 'the date of the assessment', notInFuture: true }])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          if (!form.ok || problems.length) return problems
          await services.subjects.assessSeverity(
            request.params.subjectId,
            { ...form.data, assessedOn: dates.values.assessedOn! },
            contextOf(request),
          )
        }),
    )

    app.post<SubjectParams>(
      `${base}/:subjectId/notices`,
      {
        config: { ...requires('investigation:contribute'), confirms: 'The notice of investigation has been generated' },
      },
      async (request, reply) =>
        submit(request, reply, 'subject', async () => {
          await services.subjects.generateNotice(request.params.subjectId, contextOf(request))
        }),
    )

    app.post<SubjectParams>(
      `${base}/:subjectId/interviews`,
      { config: { ...requires('investigation:contribute'), confirms: 'The interview has been recorded' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          'interview',
          async (body) => {
            const form = parseForm(InterviewForm, body)
            const dates = readDates(body, [{ name: 'heldOn', what: 'the date of the interview', notInFuture: true }])
            const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
            if (!form.ok || problems.length) return problems
            await services.subjects.recordInterview(
              request.params.subjectId,
              { kind: form.data.interviewKind, heldOn: dates.values.heldOn!, summary: form.data.interviewSummary },
              contextOf(request),
            )
          },
          { kind: 'interviewKind', summary: 'interviewSummary' },
        ),
    )

    app.post<NoticeParams>(
      `${base}/:subjectId/notices/:noticeId/service`,
      { config: { ...requires('investigation:contribute'), confirms: 'The notice has been recorded as served' } },
      async (request, reply) =>
        submit(request, reply, 'service', async (body) => {
          const form = parseForm(ServiceForm, body)
          const dates = readDates(body, [
            { name: 'servedOn', what: 'the date the notice was served', notInFuture: true },
          ])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          if (!form.ok || problems.length) return problems
          await services.subjects.updateNotice(
            request.params.noticeId,
            { servedOn: dates.values.servedOn!, serviceMethod: form.data.serviceMethod },
            form.data.version,
            contextOf(request),
          )
        }),
    )

    app.post<NoticeParams>(
      `${base}/:subjectId/notices/:noticeId/response`,
      {
        config: {
          ...requires('investigation:contribute'),
          confirms: 'The subject’s response to the notice has been recorded',
        },
      },
      async (request, reply) =>
        submit(request, reply, 'response', async (body) => {
          const form = parseForm(ResponseForm, body)
          const dates = readDates(body, [
            { name: 'responseReceivedOn', what: 'the date the response was received', notInFuture: true },
          ])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          if (!form.ok || problems.length) return problems
          await services.subjects.updateNotice(
            request.params.noticeId,
            { responseReceivedOn: dates.values.responseReceivedOn!, responseSummary: form.data.responseSummary },
            form.data.version,
            contextOf(request),
          )
        }),
    )

    app.get<NoticeParams>(
      `${base}/:subjectId/notices/:noticeId/pdf`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { bytes, filename } = await services.subjects.noticePdf(request.params.noticeId, contextOf(request))
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(bytes)
      },
    )
  }
}
