/**
 * From report to outcome, on GOV.UK pages.
 *
 * For the investigation team: the Outcome tab (send the approved report, the authority's
 * responses, each subject's recommendation/direction and proceedings, learning recommendations)
 * and a page per subject to record them.
 *
 * For the appropriate authority (users of the investigated force): the reports sent to their
 * force (/authority) and a page per investigation showing the determinations about their own
 * force's subjects, where they record their responses. Nothing about families is on these pages.
 */
import { queryInt } from '../../../domain/inputBounds.js'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { londonDateOf } from '../../../domain/calendar.js'
import { formatDate } from '../../views.js'
import { SUBJECT_STATUS_LABELS, isSubjectStatus } from '../../../domain/subjectLifecycle.js'
import {
  OPINION_LABELS,
  OUTCOME_LABELS,
  OUTCOMES,
  PROCEEDINGS_KIND_LABELS,
  PROPOSED_PROCEEDINGS,
  PROPOSED_PROCEEDINGS_LABELS,
  isOpinion,
  isOutcome,
  isProceedingsKind,
  isProposedProceedings,
} from '../../../domain/vocabulary.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import {
  AuthorityResponseInput,
  LearningChange,
  LearningInput,
  ProceedingChange,
  ProceedingInput,
  RecommendationChange,
} from '../../../services/outcomes.js'
import {
  TASK_STATUS_LABELS,
  completedCount,
  escalationStatus,
  proposesProceedings,
  subjectResponseStatus,
  type TaskStatus,
} from '../../../domain/forceResponses.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsFromDate, partsOf, readDate, type DateParts } from '../../dates.js'
import { everyProblem, formErrors, serviceInput, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'

type IdParams = { Params: { id: string } }
type SubjectParams = { Params: { id: string; subjectId: string } }
type Body = Record<string, unknown>

const DATE_FIELDS = [
  'sentOn',
  'respondedOn',
  'madeOn',
  'recResponseOn',
  'compliedOn',
  'scheduledOn',
  'heldOn',
  'leftForceOn',
  'outcomeOn',
  'appealLodgedOn',
  'barredListEntryOn',
  'advisoryListEntryOn',
  'responseDueOn',
  'learningRespondedOn',
] as const

const determinationLabel = (d: string | null) => (d && isOpinion(d) ? OPINION_LABELS[d] : 'No determination')
const outcomeLabel = (o: string | null) => (o && isOutcome(o) ? OUTCOME_LABELS[o] : null)
const kindLabel = (k: string) =>
  // A proceeding's kind first: a hearing held is a hearing with a legally qualified chair.
  isProceedingsKind(k) ? PROCEEDINGS_KIND_LABELS[k] : isProposedProceedings(k) ? PROPOSED_PROCEEDINGS_LABELS[k] : k
const statusLabel = (s: string) => (isSubjectStatus(s) ? SUBJECT_STATUS_LABELS[s] : s)
const text = (body: Body, name: string) => String(body[name] ?? '').trim()
// A version beyond any real one (or not a number) is 0, which never matches: a conflict, never a 500.
const version = (body: Body) => queryInt(text(body, 'version')) || 0

/** Reads the named GOV.UK date inputs; empty optional ones are null. */
function dates(body: Body, fields: { name: string; what: string; optional?: boolean }[]) {
  const values: Record<string, string | null> = {}
  const problems: FieldProblem[] = []
  for (const f of fields) {
    const result = readDate(body, f.name, f.what, { optional: f.optional ?? false })
    if (result.ok) values[f.name] = result.value ?? null
    else problems.push({ path: f.name, message: result.message })
  }
  return { values, problems }
}

function datePartsFrom(body: Body): Record<string, DateParts> {
  return Object.fromEntries(DATE_FIELDS.map((n) => [n, partsOf(body, n)]))
}

/** Runs a form: date problems first, then the service; its refusals come back as GOV.UK errors. */
async function attempt(
  run: () => Promise<FieldProblem[] | void>,
): Promise<{ errors: FormErrors; status: number } | null> {
  try {
    const problems = await run()
    return problems && problems.length ? { errors: formErrors(problems), status: 400 } : null
  } catch (error) {
    if (error instanceof ValidationFailed) return { errors: formErrors(error.problems), status: 400 }
    if (error instanceof Conflict || error instanceof InvalidTransition)
      return {
        errors: formErrors([{ path: 'form', message: error.message }]),
        status: error instanceof Conflict ? 409 : 400,
      }
    throw error
  }
}

const PROCEEDING_DATES = [
  'scheduledOn',
  'heldOn',
  'leftForceOn',
  'outcomeOn',
  'appealLodgedOn',
  'barredListEntryOn',
  'advisoryListEntryOn',
] as const

/** Records a subject's proceedings, or changes them when the form names the record. */
async function saveProceeding(
  services: Services,
  body: Body,
  subjectId: string,
  ctx: ReturnType<typeof contextOf>,
): Promise<FieldProblem[] | void> {
  const d = dates(body, [
    { name: 'scheduledOn', what: 'the date arranged', optional: true },
    { name: 'heldOn', what: 'the date held', optional: true },
    { name: 'leftForceOn', what: 'the date the officer left', optional: true },
    { name: 'outcomeOn', what: 'the date of the outcome', optional: true },
    { name: 'appealLodgedOn', what: 'the date the appeal was lodged', optional: true },
    { name: 'barredListEntryOn', what: 'the date of the barred list entry', optional: true },
    { name: 'advisoryListEntryOn', what: 'the date of the advisory list entry', optional: true },
  ])
  const adjournment = text(body, 'adjournmentReason')
  const fields = {
    accelerated: text(body, 'accelerated') === 'yes',
    scheduledOn: d.values.scheduledOn ?? null,
    heldOn: d.values.heldOn ?? null,
    chairName: text(body, 'chairName') || null,
    chairLegallyQualified: text(body, 'chairLegallyQualified') === 'yes',
    panel: text(body, 'panel'),
    leftForce: text(body, 'leftForce') || null,
    leftForceOn: d.values.leftForceOn ?? null,
    outcome: text(body, 'outcome') || null,
    outcomeOn: d.values.outcomeOn ?? null,
    wouldHaveBeenDismissed: text(body, 'wouldHaveBeenDismissed') === 'yes',
    appealLodgedOn: d.values.appealLodgedOn ?? null,
    appealResult: text(body, 'appealResult') || null,
    barredListEntryOn: d.values.barredListEntryOn ?? null,
    advisoryListEntryOn: d.values.advisoryListEntryOn ?? null,
  }
  const proceedingId = text(body, 'proceedingId')
  // Every problem at once: the dates' and the other fields' (the service's own schema over the rest).
  if (d.problems.length)
    return proceedingId
      ? everyProblem(ProceedingChange, fields, d.problems, PROCEEDING_DATES)
      : everyProblem(ProceedingInput, { kind: text(body, 'kind'), ...fields }, d.problems, PROCEEDING_DATES)
  if (proceedingId) {
    const before = await services.outcomes.proceeding(proceedingId, ctx)
    const adjournments = adjournment
      ? [
          ...before.adjournments,
          {
            on: d.values.heldOn ?? d.values.scheduledOn ?? londonDateOf(new Date()),
            reason: adjournment,
            resumesOn: null,
          },
        ]
      : undefined
    await services.outcomes.updateProceeding(
      proceedingId,
      serviceInput(ProceedingChange, { ...fields, ...(adjournments ? { adjournments } : {}) }),
      version(body),
      ctx,
    )
  } else {
    await services.outcomes.recordProceeding(
      subjectId,
      serviceInput(ProceedingInput, { kind: text(body, 'kind'), ...fields }),
      ctx,
    )
  }
}

export default function outcomeRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/outcome`

    // The Outcome tab ----------------------------------------------------------------------------

    async function renderTab(
      request: FastifyRequest<IdParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const view = await services.outcomes.forTeam(request.params.id, ctx)
      return reply.code(status).render('outcomes/tab.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'outcome',
        view,
        reportHref: `${paths.investigations()}/${request.params.id}/report/view`,
        subjects: view.subjects.map((s) => {
          const response = view.responses.find((r) => r.subject_id === s.id)
          const recommendation = view.recommendations.find((r) => r.subject_id === s.id && r.kind === 'recommendation')
          const direction = view.recommendations.find((r) => r.subject_id === s.id && r.kind === 'direction')
          const proceeding = view.proceedings.find((p) => p.subject_id === s.id)
          return {
            ...s,
            href: paths.outcomeSubject(request.params.id, s.id),
            determinationLabel: determinationLabel(s.determination),
            statusLabel: statusLabel(s.status),
            responseText: response
              ? `${response.agrees ? 'Agrees' : 'Disagrees'}; proposes ${kindLabel(response.proposed_proceedings).toLowerCase()}`
              : 'No response yet',
            escalationText: direction
              ? `Direction: ${kindLabel(direction.proceedings_kind).toLowerCase()}${direction.complied ? ' (complied)' : ''}`
              : recommendation
                ? `Recommendation: ${kindLabel(recommendation.proceedings_kind).toLowerCase()}${recommendation.accepted === null ? ' (awaiting answer)' : recommendation.accepted ? ' (accepted)' : ' (not accepted)'}`
                : '—',
            proceedingText: proceeding
              ? `${kindLabel(proceeding.kind)}${proceeding.outcome ? `: ${outcomeLabel(proceeding.outcome)}${proceeding.would_have_been_dismissed ? ' (would have been dismissed)' : ''}` : ''}`
              : '—',
          }
        }),
        learning: view.learning,
        dateParts: extra.body ? datePartsFrom(extra.body) : {},
        values: extra.body ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    app.get<IdParams>(base, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderTab(request, reply),
    )

    app.post<IdParams>(
      `${base}/send`,
      { config: { ...requires('report:send'), confirms: 'The report has been sent to the appropriate authority' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(async () => {
          const d = dates(body, [{ name: 'sentOn', what: 'the date the report was sent' }])
          if (d.problems.length) return d.problems
          await services.outcomes.sendReport(
            request.params.id,
            { sentOn: d.values.sentOn! },
            version(body),
            contextOf(request),
          )
        })
        if (failed) return renderTab(request, reply, { errors: failed.errors, body }, failed.status)
        return reply.redirect(paths.outcome(request.params.id), 303)
      },
    )

    app.post<IdParams>(
      `${base}/learning`,
      { config: { ...requires('report:send'), confirms: 'The learning recommendation has been added' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(async () => {
          const d = dates(body, [
            { name: 'madeOn', what: 'the date the recommendation was made' },
            { name: 'responseDueOn', what: 'the date the response is due' },
          ])
          const input = {
            recipientKind: text(body, 'recipientKind') as 'force',
            recipientName: text(body, 'recipientName'),
            text: text(body, 'text'),
            madeOn: d.values.madeOn ?? '',
            responseDueOn: d.values.responseDueOn ?? '',
          }
          if (d.problems.length) return everyProblem(LearningInput, input, d.problems, ['madeOn', 'responseDueOn'])
          await services.outcomes.addLearning(request.params.id, input, contextOf(request))
        })
        if (failed) return renderTab(request, reply, { errors: failed.errors, body }, failed.status)
        return reply.redirect(paths.outcome(request.params.id), 303)
      },
    )

    app.post<IdParams & { Params: { learningId: string } }>(
      `${base}/learning/:learningId`,
      { config: { ...requires('report:send'), confirms: 'The learning recommendation has been changed' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(async () => {
          const d = dates(body, [{ name: 'learningRespondedOn', what: 'the date of the response', optional: true }])
          if (d.problems.length) return d.problems
          const followUp = text(body, 'followUpAction')
          const existing = (
            await services.outcomes.learningRecommendation(request.params.learningId, contextOf(request))
          ).follow_up_actions
          await services.outcomes.updateLearning(
            request.params.learningId,
            serviceInput(LearningChange, {
              response: text(body, 'response') || null,
              respondedOn: d.values.learningRespondedOn ?? null,
              responseText: text(body, 'responseText') || null,
              ...(followUp ? { followUpActions: [...existing, { action: followUp, dueOn: null, doneOn: null }] } : {}),
            }),
            version(body),
            contextOf(request),
          )
        })
        if (failed) return renderTab(request, reply, { errors: failed.errors, body }, failed.status)
        return reply.redirect(paths.outcome(request.params.id), 303)
      },
    )

    // One subject's path after the report ---------------------------------------------------------

    async function renderSubject(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const view = await services.outcomes.forTeam(request.params.id, ctx)
      const subject = view.subjects.find((s) => s.id === request.params.subjectId)
      if (!subject) throw new NotFound('The subject')
      const proceeding = view.proceedings.find((p) => p.subject_id === subject.id) ?? null
      const parts = extra.body
        ? datePartsFrom(extra.body)
        : Object.fromEntries(
            (
              [
                ['scheduledOn', proceeding?.scheduled_on],
                ['heldOn', proceeding?.held_on],
                ['leftForceOn', proceeding?.left_force_on],
                ['outcomeOn', proceeding?.outcome_on],
                ['appealLodgedOn', proceeding?.appeal_lodged_on],
                ['barredListEntryOn', proceeding?.barred_list_entry_on],
                ['advisoryListEntryOn', proceeding?.advisory_list_entry_on],
              ] as const
            ).map(([n, v]) => [n, partsFromDate(v ?? null)]),
          )
      return reply.code(status).render('outcomes/subject.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'outcome',
        canSend: view.canSend,
        s: {
          ...subject,
          determinationLabel: determinationLabel(subject.determination),
          statusLabel: statusLabel(subject.status),
        },
        response: view.responses.find((r) => r.subject_id === subject.id) ?? null,
        recommendation:
          view.recommendations.find((r) => r.subject_id === subject.id && r.kind === 'recommendation') ?? null,
        direction: view.recommendations.find((r) => r.subject_id === subject.id && r.kind === 'direction') ?? null,
        proceeding: proceeding
          ? { ...proceeding, kindLabel: kindLabel(proceeding.kind), outcomeLabel: outcomeLabel(proceeding.outcome) }
          : null,
        kindLabel,
        outcomeOptions: [
          { value: '', text: 'Not yet decided' },
          ...OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
        ],
        dateParts: parts,
        proposedProceedingsItems: PROPOSED_PROCEEDINGS.map((p) => ({ value: p, text: PROPOSED_PROCEEDINGS_LABELS[p] })),
        values: extra.body ?? {},
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    const subjectBase = `${base}/subjects/:subjectId`
    app.get<SubjectParams>(subjectBase, { config: requires('investigation:read-case-file') }, async (request, reply) =>
      renderSubject(request, reply),
    )

    async function subjectForm(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      run: (body: Body) => Promise<FieldProblem[] | void>,
    ) {
      const body = (request.body ?? {}) as Body
      const failed = await attempt(() => run(body))
      if (failed) return renderSubject(request, reply, { errors: failed.errors, body }, failed.status)
      return reply.redirect(paths.outcomeSubject(request.params.id, request.params.subjectId), 303)
    }

    app.post<SubjectParams>(
      `${subjectBase}/recommendations`,
      { config: { ...requires('report:send'), confirms: 'The recommendation has been recorded' } },
      async (request, reply) =>
        subjectForm(request, reply, async (body) => {
          const d = dates(body, [{ name: 'madeOn', what: 'the date it was made' }])
          if (d.problems.length) return d.problems
          const kind = text(body, 'kind') === 'direction' ? 'direction' : 'recommendation'
          await services.outcomes.makeRecommendation(
            request.params.subjectId,
            kind,
            {
              proceedingsKind: text(body, 'proceedingsKind') as 'hearing',
              madeOn: d.values.madeOn!,
              reasons: text(body, 'reasons'),
            },
            contextOf(request),
          )
        }),
    )

    app.post<SubjectParams & { Params: { recommendationId: string } }>(
      `${subjectBase}/recommendations/:recommendationId`,
      { config: { ...requires('report:send'), confirms: 'The recommendation has been changed' } },
      async (request, reply) =>
        subjectForm(request, reply, async (body) => {
          const d = dates(body, [
            { name: 'recResponseOn', what: 'the date the force responded', optional: true },
            { name: 'compliedOn', what: 'the date the force complied', optional: true },
          ])
          if (d.problems.length) return d.problems
          await services.outcomes.updateRecommendation(
            request.params.recommendationId,
            {
              ...(text(body, 'accepted')
                ? { accepted: text(body, 'accepted') as 'yes', respondedOn: d.values.recResponseOn ?? null }
                : {}),
              ...(text(body, 'complied')
                ? { complied: text(body, 'complied') as 'yes', compliedOn: d.values.compliedOn ?? null }
                : {}),
              notes: text(body, 'notes') || null,
            },
            version(body),
            contextOf(request),
          )
        }),
    )

    app.post<SubjectParams>(
      `${subjectBase}/proceedings`,
      { config: { ...requires('report:send'), confirms: 'The proceedings have been recorded' } },
      async (request, reply) =>
        subjectForm(request, reply, (body) =>
          saveProceeding(services, body, request.params.subjectId, contextOf(request)),
        ),
    )

    // The appropriate authority -----------------------------------------------------------------
    //
    // One thing per page (issue 16): the report is a task list of the force's responses (one task
    // per subject and per recommendation or direction, statuses from domain/forceResponses.ts);
    // each subject has a summary with "Change" links, the answer on its own page and the
    // proceedings as a following step only when the answer proposes a meeting or a hearing.

    app.get(paths.authorityReports(), { config: requires('authority:read-report') }, async (request, reply) => {
      const reports = await services.outcomes.reportsForAuthority(contextOf(request))
      return reply.render('outcomes/authority-list.njk', {
        reports: reports.map((r) => ({ ...r, href: paths.authorityReport(r.investigation_id) })),
      })
    })

    async function authorityView(request: FastifyRequest<IdParams>) {
      const id = request.params.id
      const view = await services.outcomes.forAuthority(id, contextOf(request))
      const dueOn = view.sending?.response_due_on ?? null
      const subjects = view.subjects.map((s) => {
        const response = view.responses.find((r) => r.subject_id === s.id) ?? null
        const proceeding = view.proceedings.find((p) => p.subject_id === s.id) ?? null
        const status = subjectResponseStatus({
          response: response ? { proposedProceedings: response.proposed_proceedings } : null,
          proceeding,
        })
        const name = `${s.given_name} ${s.family_name}`
        return {
          ...s,
          name,
          determinationLabel: determinationLabel(s.determination),
          response,
          proceeding,
          status,
          // Proceedings are a step of their own when the answer proposes them (or some are already recorded).
          hasProceedingsStep: proceeding !== null || proposesProceedings(response?.proposed_proceedings),
          responseText: response
            ? `${response.agrees ? 'Agrees' : 'Disagrees'}; proposes ${kindLabel(response.proposed_proceedings).toLowerCase()}`
            : null,
          proposedLabel: response ? kindLabel(response.proposed_proceedings) : null,
          escalations: view.recommendations
            .filter((r) => r.subject_id === s.id)
            .map((r) => ({
              ...r,
              proceedingsLabel: kindLabel(r.proceedings_kind),
              summary: `${r.kind === 'direction' ? 'Direction' : 'Recommendation'}: ${kindLabel(r.proceedings_kind).toLowerCase()} (${formatDate(r.made_on)})`,
            })),
          proceedingText: proceeding
            ? `${kindLabel(proceeding.kind)}${proceeding.outcome ? `: ${outcomeLabel(proceeding.outcome)}` : ''}`
            : null,
          href: paths.authoritySubject(id, s.id),
          action: paths.authorityResponse(id, s.id),
          proceedingsAction: paths.authorityProceedings(id, s.id),
        }
      })
      const escalations = view.recommendations.map((r) => {
        const subject = subjects.find((s) => s.id === r.subject_id)!
        return {
          ...r,
          subjectName: subject.name,
          proceedingsLabel: kindLabel(r.proceedings_kind),
          // "a misconduct hearing" in a task's title; the page itself names the legally qualified chair.
          shortLabel: PROPOSED_PROCEEDINGS_LABELS[r.proceedings_kind].toLowerCase(),
          status: escalationStatus(r),
          href: paths.authorityRecommendation(id, r.id),
        }
      })
      const tag = (status: TaskStatus) =>
        status === 'completed'
          ? { text: TASK_STATUS_LABELS[status] }
          : {
              tag: {
                text: TASK_STATUS_LABELS[status],
                classes: status === 'in_progress' ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
              },
            }
      // Only a subject with a determination has something to answer.
      const subjectTasks = subjects
        .filter((s) => s.determination)
        .map((s) => ({
          status: s.status,
          item: {
            title: { text: `Respond about ${s.name} (${s.warrant_number})` },
            hint: {
              text: `${s.determinationLabel}.${dueOn && s.status === 'not_started' ? ` Response due ${formatDate(dueOn)}.` : ''}`,
            },
            href: s.status === 'not_started' && view.canRespond ? s.action : s.href,
            status: tag(s.status),
          },
        }))
      const escalationTasks = escalations.map((e) => ({
        status: e.status,
        item: {
          title: {
            text:
              e.kind === 'direction'
                ? `Comply with the direction of a ${e.shortLabel} for ${e.subjectName}`
                : `Answer the recommendation of a ${e.shortLabel} for ${e.subjectName}`,
          },
          hint: { text: `${e.kind === 'direction' ? 'Directed' : 'Recommended'} on ${formatDate(e.made_on)}.` },
          href: e.href,
          status: tag(e.status),
        },
      }))
      const tasks = [...subjectTasks, ...escalationTasks]
      return {
        view,
        subjects,
        escalations,
        tasks: tasks.map((t) => t.item),
        completed: completedCount(tasks.map((t) => t.status)),
      }
    }

    app.get<IdParams>(
      `${paths.authorityReports()}/:id`,
      { config: requires('authority:read-report') },
      async (request, reply) => reply.render('outcomes/authority-report.njk', await authorityView(request)),
    )

    /** The subject's page for the force: the answers so far, each with a "Change" link. */
    async function authoritySubject(request: FastifyRequest<SubjectParams>) {
      const data = await authorityView(request)
      const subject = data.subjects.find((s) => s.id === request.params.subjectId)
      if (!subject) throw new NotFound('The subject')
      return {
        ...data,
        s: subject,
        backLink: { text: 'Back to your responses', href: paths.authorityReport(request.params.id) },
      }
    }

    app.get<SubjectParams>(
      `${paths.authorityReports()}/:id/subjects/:subjectId`,
      { config: requires('authority:read-report') },
      async (request, reply) => reply.render('outcomes/authority-subject.njk', await authoritySubject(request)),
    )

    async function renderAuthorityResponse(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const data = await authoritySubject(request)
      if (!data.view.canRespond || !data.s.determination) throw new NotFound('The response')
      const r = data.s.response
      return reply.code(status).render('outcomes/authority-response.njk', {
        ...data,
        backLink: { text: 'Back', href: r ? data.s.href : paths.authorityReport(request.params.id) },
        dateParts: extra.body ? datePartsFrom(extra.body) : { respondedOn: partsFromDate(r?.responded_on ?? null) },
        proposedProceedingsItems: PROPOSED_PROCEEDINGS.map((p) => ({ value: p, text: PROPOSED_PROCEEDINGS_LABELS[p] })),
        values: extra.body ?? {
          agrees: r ? (r.agrees ? 'yes' : 'no') : undefined,
          proposedProceedings: r?.proposed_proceedings,
          reasons: r?.reasons ?? '',
        },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    app.get<SubjectParams>(
      `${paths.authorityReports()}/:id/subjects/:subjectId/response`,
      { config: requires('authority:respond') },
      async (request, reply) => renderAuthorityResponse(request, reply),
    )

    app.post<SubjectParams>(
      `${paths.authorityReports()}/:id/subjects/:subjectId/response`,
      { config: { ...requires('authority:respond'), confirms: 'Your response has been recorded' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(async () => {
          const d = dates(body, [{ name: 'respondedOn', what: 'the date of the response' }])
          const input = {
            agrees: text(body, 'agrees') as 'yes',
            proposedProceedings: text(body, 'proposedProceedings') as 'none',
            reasons: text(body, 'reasons'),
            respondedOn: d.values.respondedOn ?? '',
          }
          // Every problem at once: the other fields' too, not only the date's.
          if (d.problems.length) return everyProblem(AuthorityResponseInput, input, d.problems, ['respondedOn'])
          const responseId = text(body, 'responseId')
          if (responseId) await services.outcomes.updateResponse(responseId, input, version(body), contextOf(request))
          else await services.outcomes.recordResponse(request.params.subjectId, input, contextOf(request))
        })
        if (failed) return renderAuthorityResponse(request, reply, { errors: failed.errors, body }, failed.status)
        const { id, subjectId } = request.params
        // A meeting or hearing proposed: its proceedings are the next step; otherwise back to the list.
        const next = proposesProceedings(text(body, 'proposedProceedings'))
          ? paths.authorityProceedings(id, subjectId)
          : paths.authorityReport(id)
        return reply.redirect(next, 303)
      },
    )

    async function renderAuthorityProceedings(
      request: FastifyRequest<SubjectParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const data = await authoritySubject(request)
      if (!data.view.canRespond || !data.s.hasProceedingsStep) return reply.redirect(data.s.href, 303)
      const p = data.s.proceeding
      const parts = extra.body
        ? datePartsFrom(extra.body)
        : Object.fromEntries(
            (
              [
                ['scheduledOn', p?.scheduled_on],
                ['heldOn', p?.held_on],
                ['leftForceOn', p?.left_force_on],
                ['outcomeOn', p?.outcome_on],
                ['appealLodgedOn', p?.appeal_lodged_on],
                ['barredListEntryOn', p?.barred_list_entry_on],
                ['advisoryListEntryOn', p?.advisory_list_entry_on],
              ] as const
            ).map(([n, v]) => [n, partsFromDate(v ?? null)]),
          )
      return reply.code(status).render('outcomes/authority-proceedings.njk', {
        ...data,
        backLink: { text: 'Back', href: data.s.href },
        outcomeOptions: [
          { value: '', text: 'Not yet decided' },
          ...OUTCOMES.map((o) => ({ value: o, text: OUTCOME_LABELS[o] })),
        ],
        dateParts: parts,
        // The kind the force proposed is the likely one: chosen already, and still changeable before saving.
        values: extra.body ?? { kind: data.s.response?.proposed_proceedings },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    app.get<SubjectParams>(
      `${paths.authorityReports()}/:id/subjects/:subjectId/proceedings`,
      { config: requires('authority:respond') },
      async (request, reply) => renderAuthorityProceedings(request, reply),
    )

    app.post<SubjectParams>(
      `${paths.authorityReports()}/:id/subjects/:subjectId/proceedings`,
      { config: { ...requires('authority:respond'), confirms: 'The proceedings have been recorded' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(() => saveProceeding(services, body, request.params.subjectId, contextOf(request)))
        if (failed) return renderAuthorityProceedings(request, reply, { errors: failed.errors, body }, failed.status)
        return reply.redirect(paths.authorityReport(request.params.id), 303)
      },
    )

    type RecommendationParams = { Params: { id: string; recommendationId: string } }

    async function renderAuthorityRecommendation(
      request: FastifyRequest<RecommendationParams>,
      reply: FastifyReply,
      extra: { errors?: FormErrors; body?: Body } = {},
      status = 200,
    ) {
      const data = await authorityView(request)
      const e = data.escalations.find((r) => r.id === request.params.recommendationId)
      if (!e) throw new NotFound('The recommendation')
      const subject = data.subjects.find((s) => s.id === e.subject_id)!
      return reply.code(status).render('outcomes/authority-recommendation.njk', {
        ...data,
        e,
        s: subject,
        backLink: { text: 'Back to your responses', href: paths.authorityReport(request.params.id) },
        dateParts: extra.body
          ? datePartsFrom(extra.body)
          : {
              recResponseOn: partsFromDate(e.responded_on ?? null),
              compliedOn: partsFromDate(e.complied_on ?? null),
            },
        values: extra.body ?? {
          accepted: e.accepted === null ? undefined : e.accepted ? 'yes' : 'no',
          complied: e.complied === null ? undefined : e.complied ? 'yes' : 'no',
          notes: e.notes ?? '',
        },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    app.get<RecommendationParams>(
      `${paths.authorityReports()}/:id/recommendations/:recommendationId`,
      { config: requires('authority:read-report') },
      async (request, reply) => renderAuthorityRecommendation(request, reply),
    )

    app.post<RecommendationParams>(
      `${paths.authorityReports()}/:id/recommendations/:recommendationId`,
      { config: { ...requires('authority:respond'), confirms: 'Your answer has been recorded' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Body
        const failed = await attempt(async () => {
          const ctx = contextOf(request)
          const before = await services.outcomes.recommendation(request.params.recommendationId, ctx)
          if (before.investigation_id !== request.params.id) throw new NotFound('The recommendation')
          const direction = before.kind === 'direction'
          // The force answers a recommendation by accepting it or not, a direction by complying: the answer
          // and its date are required on this page (the service allows them blank for the team's own notes).
          const answer = text(body, direction ? 'complied' : 'accepted')
          const d = dates(body, [
            direction
              ? { name: 'compliedOn', what: 'the date the force complied', optional: answer !== 'yes' }
              : { name: 'recResponseOn', what: 'the date of your answer' },
          ])
          const problems: FieldProblem[] = []
          if (answer !== 'yes' && answer !== 'no')
            problems.push(
              direction
                ? { path: 'complied', message: 'Choose whether the force has complied with the direction' }
                : { path: 'accepted', message: 'Choose whether the force accepts the recommendation' },
            )
          problems.push(...d.problems)
          const input = {
            ...(direction
              ? { complied: answer || null, compliedOn: answer === 'yes' ? (d.values.compliedOn ?? null) : null }
              : { accepted: answer || null, respondedOn: d.values.recResponseOn ?? null }),
            notes: text(body, 'notes') || null,
          }
          if (problems.length) {
            const rest = RecommendationChange.safeParse(input)
            return [
              ...problems,
              ...(rest.success
                ? []
                : rest.error.issues
                    .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
                    .filter((p) => !problems.some((q) => q.path === p.path))),
            ]
          }
          await services.outcomes.updateRecommendation(
            request.params.recommendationId,
            serviceInput(RecommendationChange, input),
            version(body),
            ctx,
          )
        })
        if (failed) return renderAuthorityRecommendation(request, reply, { errors: failed.errors, body }, failed.status)
        return reply.redirect(paths.authorityReport(request.params.id), 303)
      },
    )
  }
}
