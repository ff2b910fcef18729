/**
 * The Report tab of an investigation, as GOV.UK task lists (ADR 0028): the report's sections, each
 * written on a page of its own, then the submission; once submitted, the decision maker's
 * determinations, one page per subject, then the decision (approve, or return with comments) on a
 * page of its own. Also the version history with a comparison of any two versions, and the report
 * as an accessible HTML page and as a PDF. The statuses come from domain/taskLists.ts.
 */
import { queryInt } from '../../../domain/inputBounds.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { longDate } from '../../../domain/calendar.js'
import { CPS_DECISION_LABELS, CPS_DECISIONS } from '../../../domain/report.js'
import { SUBJECT_STATUS_LABELS, isSubjectStatus } from '../../../domain/subjectLifecycle.js'
import { REPORT_SECTION_TITLES, isReportSectionKey, type ReportSectionKey } from '../../../domain/taskLists.js'
import { OPINION_LABELS, OPINIONS, isOpinion } from '../../../domain/vocabulary.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { CpsDecisionInput, DeterminationInput } from '../../../services/reports.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { asArray, formErrors, serviceInput, type FormErrors } from '../../forms.js'
import { contextOf } from '../../requestContext.js'
import { taskListItems } from '../../taskList.js'

type IdParams = { Params: { id: string } }
type SubjectParams = { Params: { id: string; subjectId: string } }
type SectionParams = { Params: { id: string; section: string } }

/** The report's URLs (the Report tab is /investigations/:id/report). */
export const reportPaths = {
  report: (id: string) => `/investigations/${id}/report`,
  action: (
    id: string,
    action: 'submission' | 'return' | 'approval' | 'compare' | 'view' | 'pdf' | 'submit' | 'decision',
  ) => `/investigations/${id}/report/${action}`,
  section: (id: string, section: ReportSectionKey) => `/investigations/${id}/report/sections/${section}`,
  determination: (id: string, subjectId: string) => `/investigations/${id}/report/determinations/${subjectId}`,
  cpsDecision: (id: string, subjectId: string) =>
    `/investigations/${id}/report/determinations/${subjectId}/cps-decision`,
}

const options = {
  determinations: OPINIONS.map((o) => ({ value: o, text: OPINION_LABELS[o] })),
  cpsDecisions: CPS_DECISIONS.map((d) => ({ value: d, text: CPS_DECISION_LABELS[d] })),
}

/** The first field of each section's page: where a problem with the whole form is linked to. */
const FIRST_FIELD: Record<ReportSectionKey, string> = {
  summary: 'summary',
  'terms-of-reference': 'termsOfReference',
  chronology: 'chronologyEventIds',
  'evidence-analysis': 'evidenceAnalysis',
  findings: 'findings',
  learning: 'learning',
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const version = (v: unknown) => {
  const n = Number(v)
  return Number.isInteger(n) && n >= 0 ? n : -1
}

/** A refusal a form can show (a validation problem, a stale version, a step not open), else null. */
function problemsOf(error: unknown): FieldProblem[] | null {
  return error instanceof ValidationFailed
    ? error.problems
    : error instanceof Conflict || error instanceof InvalidTransition
      ? [{ path: 'form', message: error.message }]
      : null
}

export default function reportRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = '/investigations/:id/report'

    async function renderTab(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      // One after another: a refusal must not leave the other reads running after the response.
      const header = await services.investigations.header(id, ctx)
      const { overview: o, reportTasks, determinationTasks } = await services.reports.taskLists(id, ctx)
      const submitted = o.status === 'submitted' || o.status === 'approved'
      const lastReturn = o.reviews.find((r) => r.kind === 'returned')
      return reply.code(status).render('reports/tab.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        lastReturn: o.status === 'returned' ? (lastReturn ?? null) : null,
        reportTaskItems: taskListItems(reportTasks, (row) =>
          row.key === 'submit' ? reportPaths.action(id, 'submit') : reportPaths.section(id, row.key),
        ),
        determinationTaskItems: submitted
          ? taskListItems(determinationTasks, (row) =>
              row.key === 'decision'
                ? reportPaths.action(id, 'decision')
                : reportPaths.determination(id, row.key.slice('subject:'.length)),
            )
          : null,
        // Returning needs no determination: offered while the decision itself cannot start yet.
        offerReturn: o.canDecide && o.status === 'submitted' && determinationTasks.at(-1)?.status === 'cannot_start',
        versions: o.versions,
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function renderSection(
      request: FastifyRequest<SectionParams>,
      reply: FastifyReply,
      section: ReportSectionKey,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      const header = await services.investigations.header(id, ctx)
      const o = await services.reports.overview(id, ctx)
      const choices = await services.reports.choices(id, ctx)
      const current = o.currentVersion?.sections
      const values = extra.values
      const chosenEvents = values ? asArray(values.chronologyEventIds) : (current?.chronologyEventIds ?? [])
      const chosenDocuments = values ? asArray(values.documentIds) : (current?.documentIds ?? [])
      const findingOf = (subjectId: string) =>
        values
          ? str(values[`findings_${subjectId}`])
          : (current?.findings
              .filter((f) => f.subjectId === subjectId)
              .map((f) => f.text)
              .join('\n\n') ?? '')
      return reply.code(status).render('reports/section.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        section,
        title: REPORT_SECTION_TITLES[section],
        canEdit: o.canDraft,
        reportVersion: o.report?.version ?? 0,
        text: {
          summary: values ? str(values.summary) : (current?.summary ?? ''),
          termsOfReference: values ? str(values.termsOfReference) : (current?.termsOfReference ?? ''),
          evidenceAnalysis: values ? str(values.evidenceAnalysis) : (current?.evidenceAnalysis ?? ''),
          learning: values ? str(values.learning) : (current?.learning ?? ''),
        },
        eventItems: choices.events.map((e) => ({
          value: e.id,
          text: `${longDate(e.occurred_on)} – ${e.title}${e.missed_opportunity ? ' (missed opportunity)' : ''}`,
          checked: chosenEvents.includes(e.id),
        })),
        documentItems: choices.documents.map((d) => ({
          value: d.id,
          text: `${d.exhibit_reference} – ${d.title}${d.withdrawn_at ? ' (withdrawn)' : ''}`,
          checked: chosenDocuments.includes(d.id),
        })),
        findings: choices.subjects.map((s, i) => ({ id: s.id, index: i, name: s.name, text: findingOf(s.id) })),
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function renderSubmit(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      const header = await services.investigations.header(id, ctx)
      const { overview: o, reportTasks } = await services.reports.taskLists(id, ctx)
      const submission = reportTasks.at(-1)!
      return reply.code(status).render('reports/submit.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        sectionTaskItems: taskListItems(reportTasks.slice(0, -1), (row) =>
          row.key === 'submit' ? null : reportPaths.section(id, row.key),
        ),
        submission,
        canSubmit: o.canSubmit && submission.status === 'not_started',
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function renderDetermination(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const { id, subjectId } = request.params
      const header = await services.investigations.header(id, ctx)
      const o = await services.reports.overview(id, ctx)
      const s = o.subjects.find((x) => x.id === subjectId)
      if (!s) throw new NotFound('The subject')
      const values = extra.values
      const chosen = values ? str(values.determination) : (s.determination?.determination ?? '')
      return reply.code(status).render('reports/determination.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        s: {
          ...s,
          statusLabel: isSubjectStatus(s.status) ? SUBJECT_STATUS_LABELS[s.status] : s.status,
          determinationLabel:
            s.determination && isOpinion(s.determination.determination)
              ? OPINION_LABELS[s.determination.determination]
              : null,
          cpsLabel: s.determination?.cps_decision ? CPS_DECISION_LABELS[s.determination.cps_decision] : null,
        },
        canDetermine: o.canDecide && o.status !== 'approved',
        canRecordCps: o.canRecordCps && Boolean(s.determination?.cps_referral),
        determinationItems: options.determinations.map((opt) => ({ ...opt, checked: chosen === opt.value })),
        values: {
          rationale: values ? str(values.rationale) : (s.determination?.rationale ?? ''),
          cpsReferral: values ? values.cpsReferral === 'yes' : Boolean(s.determination?.cps_referral),
        },
        cpsItems: options.cpsDecisions.map((opt) => ({
          ...opt,
          selected: s.determination?.cps_decision === opt.value,
        })),
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    async function renderDecision(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      const header = await services.investigations.header(id, ctx)
      const { overview: o, determinationTasks } = await services.reports.taskLists(id, ctx)
      const decision = determinationTasks.at(-1)!
      return reply.code(status).render('reports/decision.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        decision,
        undetermined: o.subjects.filter((s) => !s.determination),
        canApprove: o.canDecide && decision.status === 'not_started',
        canReturn: o.canDecide && o.status === 'submitted',
        comments: str(extra.values?.comments),
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    /**
     * Runs a form: the service call and a redirect to the task list, or the form's own page again
     * with the problem, each linking to a field on that page.
     */
    async function submit(
      request: FastifyRequest,
      reply: FastifyReply,
      run: (body: Record<string, unknown>) => Promise<unknown>,
      rerender: (errors: FormErrors, values: Record<string, unknown>, status: number) => Promise<unknown>,
      fieldIds: Record<string, string> = {},
    ) {
      const body = (request.body ?? {}) as Record<string, unknown>
      try {
        await run(body)
      } catch (error) {
        const problems = problemsOf(error)
        if (!problems) throw error
        return rerender(formErrors(problems, fieldIds), body, error instanceof Conflict ? 409 : 400)
      }
      return reply.redirect(reportPaths.report((request.params as { id: string }).id), 303)
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderTab(request, reply),
    )

    // The whole report in one request (as the API saves it); the pages save one section at a time.
    app.post<IdParams>(
      base,
      { config: { ...requires('report:draft'), confirms: 'The report has been saved as a new version' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          async (body) => {
            const subjects = (await services.reports.choices(request.params.id, contextOf(request))).subjects
            await services.reports.save(
              request.params.id,
              {
                summary: str(body.summary),
                termsOfReference: str(body.termsOfReference),
                evidenceAnalysis: str(body.evidenceAnalysis),
                learning: str(body.learning),
                chronologyEventIds: asArray(body.chronologyEventIds),
                documentIds: asArray(body.documentIds),
                findings: subjects
                  .filter((s) => str(body[`findings_${s.id}`]).trim() !== '')
                  .map((s) => ({ subjectId: s.id, allegationId: null, text: str(body[`findings_${s.id}`]) })),
              },
              version(body.version),
              contextOf(request),
            )
          },
          // No field of the whole report is on the tab: every problem is shown, and linked, at its top.
          (errors, _values, status) =>
            renderTab(
              request,
              reply,
              {
                errors: {
                  summary: errors.summary.map((e) => ({ ...e, href: '#form' })),
                  fields: { form: { text: errors.summary.map((e) => e.text).join('. ') } },
                },
              },
              status,
            ),
        ),
    )

    app.get<SectionParams>(
      `${base}/sections/:section`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const section = request.params.section
        if (!isReportSectionKey(section)) throw new NotFound('The section of the report')
        return renderSection(request, reply, section)
      },
    )

    app.post<SectionParams>(
      `${base}/sections/:section`,
      { config: { ...requires('report:draft'), confirms: 'The report has been saved as a new version' } },
      async (request, reply) => {
        const section = request.params.section
        if (!isReportSectionKey(section)) throw new NotFound('The section of the report')
        const fieldIds: Record<string, string> = { form: FIRST_FIELD[section] }
        return submit(
          request,
          reply,
          async (body) => {
            const ctx = contextOf(request)
            const subjects = (await services.reports.choices(request.params.id, ctx)).subjects
            const saved = await services.reports.saveSection(
              request.params.id,
              section,
              {
                summary: str(body.summary),
                termsOfReference: str(body.termsOfReference),
                evidenceAnalysis: str(body.evidenceAnalysis),
                learning: str(body.learning),
                chronologyEventIds: asArray(body.chronologyEventIds),
                documentIds: asArray(body.documentIds),
                findings: subjects
                  .filter((s) => str(body[`findings_${s.id}`]).trim() !== '')
                  .map((s) => ({ subjectId: s.id, allegationId: null, text: str(body[`findings_${s.id}`]) })),
              },
              version(body.version),
              ctx,
            )
            reply.confirm(
              `The ${REPORT_SECTION_TITLES[section].toLowerCase()} has been saved as version ${saved.version.version_number} of the report`,
            )
          },
          (errors, values, status) => renderSection(request, reply, section, { errors, values }, status),
          {
            ...fieldIds,
            findings: 'findings',
          },
        )
      },
    )

    app.get<IdParams>(`${base}/submit`, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderSubmit(request, reply),
    )

    app.post<IdParams>(
      `${base}/submission`,
      { config: { ...requires('report:draft'), confirms: 'The report has been submitted to the decision maker' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          (body) => services.reports.submit(request.params.id, version(body.version), contextOf(request)),
          (errors, _values, status) => renderSubmit(request, reply, { errors }, status),
        ),
    )

    app.get<IdParams>(
      `${base}/decision`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderDecision(request, reply),
    )

    app.post<IdParams>(
      `${base}/return`,
      { config: { ...requires('report:decide'), confirms: 'The report has been returned to the investigator' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          (body) =>
            services.reports.returnWithComments(
              request.params.id,
              { comments: str(body.comments) },
              version(body.version),
              contextOf(request),
            ),
          (errors, values, status) => renderDecision(request, reply, { errors, values }, status),
        ),
    )
    app.post<IdParams>(
      `${base}/approval`,
      { config: { ...requires('report:decide'), confirms: 'The report has been approved' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          (body) => services.reports.approve(request.params.id, version(body.version), contextOf(request)),
          (errors, values, status) => renderDecision(request, reply, { errors, values }, status),
        ),
    )

    app.get<SubjectParams>(
      `${base}/determinations/:subjectId`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => renderDetermination(request, reply),
    )

    app.post<SubjectParams>(
      `${base}/determinations/:subjectId`,
      { config: { ...requires('report:decide'), confirms: 'The determination has been recorded' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          (body) =>
            services.reports.determine(
              request.params.subjectId,
              serviceInput(DeterminationInput, {
                determination: str(body.determination),
                rationale: str(body.rationale),
                cpsReferral: body.cpsReferral === 'yes',
              }),
              version(body.version),
              contextOf(request),
            ),
          (errors, values, status) => renderDetermination(request, reply, { errors, values }, status),
          // A refusal of the whole determination (a subject not yet served) links to its first choice.
          { form: 'determination' },
        ),
    )

    app.post<SubjectParams>(
      `${base}/determinations/:subjectId/cps-decision`,
      { config: { ...requires('report:send'), confirms: 'The prosecutors’ decision has been recorded' } },
      async (request, reply) =>
        submit(
          request,
          reply,
          (body) =>
            services.reports.recordCpsDecision(
              request.params.subjectId,
              serviceInput(CpsDecisionInput, {
                decision: str(body.decision),
                ...(str(body.note) ? { note: str(body.note) } : {}),
              }),
              version(body.version),
              contextOf(request),
            ),
          (errors, _values, status) =>
            renderDetermination(
              request,
              reply,
              {
                errors: {
                  summary: errors.summary.map((e) => ({ ...e, href: '#decision' })),
                  fields: { decision: { text: errors.summary.map((e) => e.text).join('. ') } },
                },
              },
              status,
            ),
        ),
    )

    app.get<IdParams & { Querystring: { from?: string; to?: string } }>(
      `${base}/compare`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const from = queryInt(request.query.from)
        const to = queryInt(request.query.to)
        if (typeof from !== 'number' || typeof to !== 'number' || from === to) {
          return renderTab(
            request,
            reply,
            { errors: formErrors([{ path: 'compare', message: 'Choose two different versions to compare' }]) },
            400,
          )
        }
        const header = await services.investigations.header(request.params.id, ctx)
        const comparison = await services.reports.compare(
          request.params.id,
          Math.min(from, to),
          Math.max(from, to),
          ctx,
        )
        return reply.render('reports/compare.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'report',
          reportPaths,
          comparison,
        })
      },
    )

    app.get<IdParams & { Querystring: { version?: string } }>(
      `${base}/view`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const wanted = queryInt(request.query.version)
        if (wanted === null)
          throw new ValidationFailed([
            { path: 'version', message: 'The version must be a version number of the report' },
          ])
        const header = await services.investigations.header(request.params.id, ctx)
        const { document } = await services.reports.document(request.params.id, ctx, wanted)
        return reply.render('reports/view.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'report',
          reportPaths,
          doc: document,
        })
      },
    )

    app.get<IdParams & { Querystring: { version?: string } }>(
      `${base}/pdf`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const wanted = queryInt(request.query.version)
        if (wanted === null)
          throw new ValidationFailed([
            { path: 'version', message: 'The version must be a version number of the report' },
          ])
        const pdf = await services.reports.pdf(request.params.id, contextOf(request), wanted)
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${pdf.filename}"`)
          .header('x-content-sha256', pdf.sha256)
          .header('cache-control', 'private, no-store')
          .send(pdf.bytes)
      },
    )
  }
}
