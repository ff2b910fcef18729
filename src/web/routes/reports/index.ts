/**
 * The Report tab of an investigation: the report's status and workflow (submit, return with
 * comments, approve), the sections editor (text per section, checkboxes to reference chronology
 * events and evidence documents, findings per subject), the version history with a comparison of
 * any two versions, the decision maker's determinations per subject with the CPS referral and
 * decision, and the report as an accessible HTML page and as a PDF.
 */
import { queryInt } from '../../../domain/inputBounds.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { CPS_DECISION_LABELS, CPS_DECISIONS } from '../../../domain/report.js'
import { SUBJECT_STATUS_LABELS, isSubjectStatus } from '../../../domain/subjectLifecycle.js'
import { OPINION_LABELS, OPINIONS, isOpinion } from '../../../domain/vocabulary.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { CpsDecisionInput, DeterminationInput } from '../../../services/reports.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { asArray, formErrors, serviceInput, type FormErrors } from '../../forms.js'
import { contextOf } from '../../requestContext.js'

type IdParams = { Params: { id: string } }
type SubjectParams = { Params: { id: string; subjectId: string } }

/** The report's URLs (the Report tab is /investigations/:id/report). */
export const reportPaths = {
  report: (id: string) => `/investigations/${id}/report`,
  action: (id: string, action: 'submission' | 'return' | 'approval' | 'compare' | 'view' | 'pdf') =>
    `/investigations/${id}/report/${action}`,
  determination: (id: string, subjectId: string) => `/investigations/${id}/report/determinations/${subjectId}`,
  cpsDecision: (id: string, subjectId: string) =>
    `/investigations/${id}/report/determinations/${subjectId}/cps-decision`,
}

const options = {
  determinations: OPINIONS.map((o) => ({ value: o, text: OPINION_LABELS[o] })),
  cpsDecisions: CPS_DECISIONS.map((d) => ({ value: d, text: CPS_DECISION_LABELS[d] })),
}

const str = (v: unknown) => (typeof v === 'string' ? v : '')
const version = (v: unknown) => {
  const n = Number(v)
  return Number.isInteger(n) && n >= 0 ? n : -1
}

export default function reportRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = '/investigations/:id/report'

    async function renderTab(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; values?: Record<string, unknown>; openDetermination?: string } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const id = request.params.id
      // One after another: a refusal must not leave the other reads running after the response.
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
      return reply.code(status).render('reports/tab.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'report',
        reportPaths,
        o,
        options,
        sections: {
          summary: values ? str(values.summary) : (current?.summary ?? ''),
          termsOfReference: values ? str(values.termsOfReference) : (current?.termsOfReference ?? ''),
          evidenceAnalysis: values ? str(values.evidenceAnalysis) : (current?.evidenceAnalysis ?? ''),
          learning: values ? str(values.learning) : (current?.learning ?? ''),
        },
        eventItems: choices.events.map((e) => ({
          value: e.id,
          text: `${e.occurred_on} – ${e.title}${e.missed_opportunity ? ' (missed opportunity)' : ''}`,
          checked: chosenEvents.includes(e.id),
        })),
        documentItems: choices.documents.map((d) => ({
          value: d.id,
          text: `${d.exhibit_reference} – ${d.title}${d.withdrawn_at ? ' (withdrawn)' : ''}`,
          checked: chosenDocuments.includes(d.id),
        })),
        findings: choices.subjects.map((s) => ({ id: s.id, name: s.name, text: findingOf(s.id) })),
        subjects: o.subjects.map((s) => ({
          ...s,
          statusLabel: isSubjectStatus(s.status) ? SUBJECT_STATUS_LABELS[s.status] : s.status,
          determinationLabel:
            s.determination && isOpinion(s.determination.determination)
              ? OPINION_LABELS[s.determination.determination]
              : null,
          cpsLabel: s.determination?.cps_decision ? CPS_DECISION_LABELS[s.determination.cps_decision] : null,
        })),
        versions: o.versions,
        ...(extra.errors ? { errors: extra.errors } : {}),
        // A determination that failed keeps its form open, so the error summary's links reach it.
        openDetermination: extra.openDetermination ?? null,
      })
    }

    /** Runs a Report-tab form: the service call and a redirect back, or the tab again with the problem. */
    async function submit(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      run: (body: Record<string, unknown>) => Promise<unknown>,
      anchor = '',
      /** The subject whose determination form this is: its problems link into its own (opened) form. */
      determinationOf?: string,
    ) {
      const body = (request.body ?? {}) as Record<string, unknown>
      try {
        await run(body)
      } catch (error) {
        const problems: FieldProblem[] | null =
          error instanceof ValidationFailed
            ? error.problems
            : error instanceof Conflict || error instanceof InvalidTransition
              ? [{ path: 'form', message: error.message }]
              : null
        if (!problems) throw error
        const fieldIds: Record<string, string> = determinationOf
          ? {
              determination: `determination-${determinationOf}`,
              rationale: `rationale-${determinationOf}`,
              cpsReferral: `cpsReferral-${determinationOf}`,
              form: `determination-form-${determinationOf}`,
            }
          : {}
        return renderTab(
          request,
          reply,
          {
            errors: formErrors(problems, fieldIds),
            values: body,
            ...(determinationOf ? { openDetermination: determinationOf } : {}),
          },
          error instanceof Conflict ? 409 : 400,
        )
      }
      return reply.redirect(`${reportPaths.report(request.params.id)}${anchor}`, 303)
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderTab(request, reply),
    )

    app.post<IdParams>(
      base,
      { config: { ...requires('report:draft'), confirms: 'The report has been saved as a new version' } },
      async (request, reply) =>
        submit(request, reply, async (body) => {
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
        }),
    )

    app.post<IdParams>(
      `${base}/submission`,
      { config: { ...requires('report:draft'), confirms: 'The report has been submitted to the decision maker' } },
      async (request, reply) =>
        submit(request, reply, (body) =>
          services.reports.submit(request.params.id, version(body.version), contextOf(request)),
        ),
    )
    app.post<IdParams>(
      `${base}/return`,
      { config: { ...requires('report:decide'), confirms: 'The report has been returned to the investigator' } },
      async (request, reply) =>
        submit(request, reply, (body) =>
          services.reports.returnWithComments(
            request.params.id,
            { comments: str(body.comments) },
            version(body.version),
            contextOf(request),
          ),
        ),
    )
    app.post<IdParams>(
      `${base}/approval`,
      { config: { ...requires('report:decide'), confirms: 'The report has been approved' } },
      async (request, reply) =>
        submit(request, reply, (body) =>
          services.reports.approve(request.params.id, version(body.version), contextOf(request)),
        ),
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
          '#determinations',
          request.params.subjectId,
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
          '#determinations',
          request.params.subjectId,
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
