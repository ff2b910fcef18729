/**
 * Timeliness notices (reg 19) in the families journey: the notice page, editing a draft's
 * free-text parts and estimates, the decision (approve, record sent to the local policing body,
 * withhold with a reason) and recording the copies to interested persons and subjects.
 * The routes declare the action they need; the service checks it again against the case.
 * Every change carries the version the user saw: a stale one is refused (409) with nothing saved.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import {
  HARM_TEST_GROUND_LABELS,
  HARM_TEST_GROUNDS,
  TIMELINESS_NOTICE_STATUS_LABELS,
} from '../../../domain/familyVocabulary.js'
import {
  Conflict,
  Forbidden,
  InvalidTransition,
  NotFound,
  ValidationFailed,
  type FieldProblem,
} from '../../../services/errors.js'
import type { Services } from '../../../services/index.js'
import { TimelinessCopyInput } from '../../../services/timeliness.js'
import type { RequestContext } from '../../../services/context.js'
import { requires } from '../../access.js'
import { caseHeader } from '../../caseHeader.js'
import { partsFromDate, partsOf, readDate, readDates } from '../../dates.js'
import { formErrors, parseForm, serviceInput, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { TimelinessCopyForm, TimelinessDecisionForm, TimelinessDraftForm } from './familiesValidation.js'

type NoticeParams = { Params: { id: string; noticeId: string } }
type Page = 'show' | 'edit' | 'decision' | 'copies'
interface Extra {
  errors?: FormErrors
  values?: Record<string, unknown>
}

const labels = {
  noticeStatus: TIMELINESS_NOTICE_STATUS_LABELS,
  harm: HARM_TEST_GROUND_LABELS,
  recipientKind: { interested_person: 'Interested person', subject: 'Subject' } as Record<string, string>,
}
const harmGrounds = HARM_TEST_GROUNDS.map((g) => ({ value: g, text: HARM_TEST_GROUND_LABELS[g] }))
const DATE_FIELDS = ['estimatedConclusionOn', 'estimatedReportSubmissionOn', 'sentOn'] as const
/** Error-summary links go to the first input of a date (its day field) and of a radio group. */
const FIELD_IDS: Record<string, string> = Object.fromEntries(DATE_FIELDS.map((d) => [d, `${d}-day`]))
const EDIT_FIELDS = new Set([
  'progress',
  'reasonForTimeTaken',
  'plannedSteps',
  'estimatedConclusionOn',
  'estimatedReportSubmissionOn',
])

export function timelinessNoticeRoutes(app: FastifyInstance, services: Services, base: string) {
  const noticeBase = `${base}/timeliness-notices/:noticeId`

  /** The interested persons and subjects a copy can go to (none when the user may not see the families). */
  async function recipientsOf(investigationId: string, ctx: RequestContext) {
    const [persons, subjects] = await Promise.all([
      services.families.listPersons(investigationId, ctx).catch((error: unknown) => {
        if (error instanceof Forbidden) return []
        throw error
      }),
      services.subjects.list(investigationId, ctx),
    ])
    return [
      ...persons.map((p) => ({
        value: `interested_person:${p.id}`,
        kind: 'interested_person',
        id: p.id,
        name: p.full_name,
      })),
      ...subjects.map((s) => ({
        value: `subject:${s.id}`,
        kind: 'subject',
        id: s.id,
        name: `${s.given_name} ${s.family_name} (${s.warrant_number})`,
      })),
    ]
  }

  async function render(
    request: FastifyRequest<NoticeParams>,
    reply: FastifyReply,
    page: Page,
    extra: Extra = {},
    status = 200,
  ) {
    const ctx = contextOf(request)
    const { id, noticeId } = request.params
    const header = await services.investigations.header(id, ctx)
    const got = await services.timeliness.get(noticeId, ctx)
    if (got.notice.investigation_id !== id) throw new NotFound('The timeliness notice')
    const recipients = page === 'show' || page === 'copies' ? await recipientsOf(id, ctx) : []
    const nameOf = (kind: string, recipientId: string) =>
      recipients.find((r) => r.kind === kind && r.id === recipientId)?.name ?? 'Unknown recipient'
    const body = extra.values ?? {}
    // On a failed submit the form keeps what was typed (and the version the user saw, so a stale
    // form stays stale until reloaded); otherwise it starts from the notice.
    const submitted = extra.values !== undefined
    const values = submitted
      ? body
      : {
          progress: got.contents.progress,
          reasonForTimeTaken: got.contents.reasonForTimeTaken,
          plannedSteps: got.contents.plannedSteps,
          version: got.notice.version,
        }
    const dateParts = submitted
      ? Object.fromEntries(DATE_FIELDS.map((d) => [d, partsOf(body, d)]))
      : {
          estimatedConclusionOn: partsFromDate(got.contents.estimatedConclusionOn),
          estimatedReportSubmissionOn: partsFromDate(got.contents.estimatedReportSubmissionOn),
          sentOn: partsFromDate(null),
        }
    const status_ = got.notice.status
    return reply.code(status).render(`families/timeliness-notice${page === 'show' ? '' : `-${page}`}.njk`, {
      caseHeader: caseHeader(header),
      activeTab: 'families',
      notice: got.notice,
      contents: got.contents,
      copies: got.copies.map((c) => ({ ...c, recipientName: nameOf(c.recipient_kind, c.recipient_id) })),
      recipients,
      canEdit: got.canEdit && status_ === 'draft',
      canDecide: got.canDecide && (status_ === 'draft' || status_ === 'approved'),
      canRecordCopies: got.canDecide && (status_ === 'approved' || status_ === 'sent'),
      decisions: {
        approve: status_ === 'draft',
        send: status_ === 'approved',
        withhold: status_ === 'draft' || status_ === 'approved',
      },
      harmGrounds,
      labels,
      values,
      dateParts,
      ...(extra.errors ? { errors: extra.errors } : {}),
    })
  }

  /** Runs a notice form: validation, the service call, then back to the notice (or the form again with errors, keeping the input). */
  async function submit(
    request: FastifyRequest<NoticeParams>,
    reply: FastifyReply,
    page: Exclude<Page, 'show'>,
    run: (body: Record<string, unknown>, version: number) => Promise<FieldProblem[] | void>,
    toErrors: (problems: FieldProblem[]) => FormErrors = (problems) => formErrors(problems, FIELD_IDS),
  ) {
    const body = (request.body ?? {}) as Record<string, unknown>
    const version = Number(body.version)
    try {
      const problems = await run(body, version)
      if (problems && problems.length)
        return render(request, reply, page, { errors: toErrors(problems), values: body }, 400)
    } catch (error) {
      if (error instanceof ValidationFailed)
        return render(request, reply, page, { errors: toErrors(error.problems), values: body }, 400)
      if (error instanceof Conflict || error instanceof InvalidTransition) {
        return render(
          request,
          reply,
          page,
          { errors: formErrors([{ path: 'form', message: error.message }]), values: body },
          error instanceof Conflict ? 409 : 400,
        )
      }
      throw error
    }
    return reply.redirect(paths.timelinessNotice(request.params.id, request.params.noticeId), 303)
  }

  app.get<NoticeParams>(noticeBase, { config: requires('investigation:read-case-file') }, async (request, reply) =>
    render(request, reply, 'show'),
  )

  app.get<NoticeParams>(
    `${noticeBase}/edit`,
    { config: requires('investigation:contribute') },
    async (request, reply) => render(request, reply, 'edit'),
  )
  app.post<NoticeParams>(
    `${noticeBase}/edit`,
    { config: { ...requires('investigation:contribute'), confirms: 'The timeliness notice has been changed' } },
    async (request, reply) =>
      submit(request, reply, 'edit', async (body, version) => {
        const form = parseForm(TimelinessDraftForm, body)
        const dates = readDates(body, [
          { name: 'estimatedConclusionOn', what: 'the estimated date of conclusion', optional: true },
          { name: 'estimatedReportSubmissionOn', what: 'the estimated date of report submission', optional: true },
        ])
        if (!form.ok || dates.problems.length)
          return [
            ...(form.ok ? [] : Object.entries(form.errors.fields).map(([path, f]) => ({ path, message: f.text }))),
            ...dates.problems,
          ]
        await services.timeliness.editDraft(
          request.params.noticeId,
          {
            ...form.data,
            estimatedConclusionOn: dates.values.estimatedConclusionOn ?? null,
            estimatedReportSubmissionOn: dates.values.estimatedReportSubmissionOn ?? null,
          },
          version,
          contextOf(request),
        )
      }),
  )

  app.get<NoticeParams>(`${noticeBase}/decision`, { config: requires('timeliness:decide') }, async (request, reply) =>
    render(request, reply, 'decision'),
  )
  app.post<NoticeParams>(
    `${noticeBase}/decision`,
    {
      config: { ...requires('timeliness:decide'), confirms: 'The decision on the timeliness notice has been recorded' },
    },
    async (request, reply) => {
      const editHref = paths.timelinessNoticeAction(request.params.id, request.params.noticeId, 'edit')
      // Approval checks the draft is complete: those problems are fixed on the edit page, so link there.
      const toErrors = (problems: FieldProblem[]) => {
        const errors = formErrors(problems, { ...FIELD_IDS, decision: 'decision' })
        return {
          ...errors,
          summary: errors.summary.map((item) =>
            EDIT_FIELDS.has(item.href.slice(1).replace(/-day$/, ''))
              ? { ...item, href: `${editHref}${item.href}` }
              : item,
          ),
        }
      }
      return submit(
        request,
        reply,
        'decision',
        async (body, version) => {
          const form = parseForm(TimelinessDecisionForm, body)
          if (!form.ok)
            return [
              { path: 'decision', message: form.errors.fields.decision?.text ?? 'Choose what to do with the notice' },
            ]
          const ctx = contextOf(request)
          if (form.data.decision === 'send') {
            const sentOn = readDate(body, 'sentOn', 'the date the notice was sent', { notInFuture: true })
            if (!sentOn.ok) return [{ path: 'sentOn', message: sentOn.message }]
            await services.timeliness.decide(
              request.params.noticeId,
              { decision: 'send', sentOn: sentOn.value! },
              version,
              ctx,
            )
          } else if (form.data.decision === 'withhold') {
            await services.timeliness.decide(
              request.params.noticeId,
              { decision: 'withhold', reason: form.data.reason },
              version,
              ctx,
            )
          } else {
            await services.timeliness.decide(request.params.noticeId, { decision: 'approve' }, version, ctx)
          }
        },
        toErrors,
      )
    },
  )

  app.get<NoticeParams>(`${noticeBase}/copies`, { config: requires('timeliness:decide') }, async (request, reply) =>
    render(request, reply, 'copies'),
  )
  app.post<NoticeParams>(
    `${noticeBase}/copies`,
    {
      config: { ...requires('timeliness:decide'), confirms: 'The copies of the timeliness notice have been recorded' },
    },
    async (request, reply) =>
      submit(
        request,
        reply,
        'copies',
        async (body) => {
          const form = parseForm(TimelinessCopyForm, body)
          if (!form.ok) return Object.entries(form.errors.fields).map(([path, f]) => ({ path, message: f.text }))
          const [recipientKind, recipientId] = form.data.recipient.split(':') as [
            'interested_person' | 'subject',
            string,
          ]
          await services.timeliness.recordCopy(
            request.params.noticeId,
            serviceInput(TimelinessCopyInput, {
              recipientKind,
              recipientId,
              status: form.data.status,
              harmGround: form.data.harmGround || null,
            }),
            contextOf(request),
          )
        },
        // The service speaks of recipientKind and recipientId; the form has one recipient choice.
        (problems) =>
          formErrors(
            problems.map((p) =>
              p.path === 'recipientKind' || p.path === 'recipientId' ? { ...p, path: 'recipient' } : p,
            ),
          ),
      ),
  )
}
