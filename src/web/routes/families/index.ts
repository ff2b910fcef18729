/**
 * Families kept informed (staff pages): the case's Families tab (interested persons with their
 * keep-informed clock, updates, meetings, letters, timeliness notices), recording a person, an
 * update (with the harm test) and a meeting, update letters, timeliness notices (timelinessNotices.ts)
 * and the keep-informed dashboard.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { isPlainDate, londonDateOf } from '../../../domain/calendar.js'
import {
  CONTACT_CHANNEL_LABELS,
  CONTACT_CHANNELS,
  HARM_TEST_GROUND_LABELS,
  HARM_TEST_GROUNDS,
  INTERESTED_PERSON_KIND_LABELS,
  INTERESTED_PERSON_KINDS,
  STAFF_UPDATE_CHANNELS,
  TIMELINESS_NOTICE_STATUS_LABELS,
  UPDATE_CHANNEL_LABELS,
} from '../../../domain/familyVocabulary.js'
import { Conflict, InvalidTransition, ValidationFailed, type FieldProblem } from '../../../services/errors.js'
import { InterestedPersonInput, KeepInformedUpdateInput, MeetingInput } from '../../../services/families.js'
import type { Services } from '../../../services/index.js'
import { isUuid } from '../../../services/caseAccess.js'
import { requires } from '../../access.js'
import { readUpload, registerUploads, sendDocument } from '../../uploads.js'
import { caseHeader } from '../../caseHeader.js'
import { partsOf, readDates } from '../../dates.js'
import { everyProblem, formErrors, parseForm, serviceInput, type FormErrors } from '../../forms.js'
import { paths } from '../../paths.js'
import { contextOf } from '../../requestContext.js'
import { DashboardQuery, MeetingForm, PersonForm, UpdateForm } from './familiesValidation.js'
import { timelinessNoticeRoutes } from './timelinessNotices.js'

type IdParams = { Params: { id: string } }
type What = 'persons' | 'updates' | 'meetings'

const labels = {
  kind: INTERESTED_PERSON_KIND_LABELS,
  contact: CONTACT_CHANNEL_LABELS,
  channel: UPDATE_CHANNEL_LABELS,
  harm: HARM_TEST_GROUND_LABELS,
  noticeStatus: TIMELINESS_NOTICE_STATUS_LABELS,
}
const options = {
  kinds: INTERESTED_PERSON_KINDS.map((k) => ({ value: k, text: INTERESTED_PERSON_KIND_LABELS[k] })),
  contacts: CONTACT_CHANNELS.map((c) => ({ value: c, text: CONTACT_CHANNEL_LABELS[c] })),
  channels: STAFF_UPDATE_CHANNELS.map((c) => ({ value: c, text: UPDATE_CHANNEL_LABELS[c] })),
  harmGrounds: HARM_TEST_GROUNDS.map((g) => ({ value: g, text: HARM_TEST_GROUND_LABELS[g] })),
}

/** Updates shown on the Families tab at once; older ones a page further. */
const UPDATES_PER_PAGE = 10

export default function familyRoutes(services: Services) {
  return async (app: FastifyInstance) => {
    const base = `${paths.investigations()}/:id/families`

    app.get<IdParams & { Querystring: { updatesAfter?: string } }>(
      base,
      { config: requires('family:read') },
      async (request, reply) => {
        const ctx = contextOf(request)
        const id = request.params.id
        const header = await services.investigations.header(id, ctx)
        // Updates a page at a time (keyset on date and id), newest first: the tab stays short however
        // many updates a long case gathers; each update's files and letter are on its own page.
        const [afterOn, afterId] = String(request.query.updatesAfter ?? '').split('_')
        const after =
          afterOn && isPlainDate(afterOn) && afterId && isUuid(afterId) ? { givenOn: afterOn, id: afterId } : undefined
        const [persons, updatesPage, meetings, letters] = await Promise.all([
          services.families.listPersons(id, ctx),
          services.families.listUpdates(id, ctx, { limit: UPDATES_PER_PAGE + 1, ...(after ? { after } : {}) }),
          services.families.listMeetings(id, ctx),
          services.families.listLetters(id, ctx),
        ])
        const notices = header.canReadCaseFile ? await services.timeliness.list(id, ctx) : []
        const updates = updatesPage.slice(0, UPDATES_PER_PAGE)
        const last = updates[updates.length - 1]
        return reply.render('families/families.njk', {
          caseHeader: caseHeader(header),
          activeTab: 'families',
          persons,
          updates,
          olderUpdatesHref:
            updatesPage.length > UPDATES_PER_PAGE && last
              ? `${paths.investigationTab(id, 'families')}?updatesAfter=${last.given_on}_${last.id}#updates`
              : null,
          newestUpdatesHref: after ? `${paths.investigationTab(id, 'families')}#updates` : null,
          meetings,
          letters,
          notices,
          ...(await services.families.permissions(id, ctx)),
          labels,
          today: londonDateOf(new Date()),
        })
      },
    )

    async function renderUpdate(
      request: FastifyRequest<{ Params: { id: string; updateId: string } }>,
      reply: FastifyReply,
      extra: { errors?: FormErrors } = {},
    ) {
      const ctx = contextOf(request)
      const [header, update, permissions] = await Promise.all([
        services.investigations.header(request.params.id, ctx),
        services.families.getUpdate(request.params.id, request.params.updateId, ctx),
        services.families.permissions(request.params.id, ctx),
      ])
      return reply.code(extra.errors ? 400 : 200).render('families/update.njk', {
        caseHeader: caseHeader(header),
        activeTab: 'families',
        u: update,
        labels,
        ...permissions,
        errors: extra.errors,
      })
    }

    app.get<{ Params: { id: string; updateId: string } }>(
      `${base}/updates/:updateId`,
      { config: requires('family:read') },
      async (request, reply) => renderUpdate(request, reply),
    )

    async function renderForm(
      request: FastifyRequest<IdParams & { Params: { what: What } }>,
      reply: FastifyReply,
      what: What,
      extra: { errors?: FormErrors; values?: Record<string, unknown> } = {},
      status = 200,
    ) {
      const ctx = contextOf(request)
      const header = await services.investigations.header(request.params.id, ctx)
      const persons = what === 'persons' ? [] : await services.families.listPersons(request.params.id, ctx)
      const body = extra.values ?? {}
      return reply.code(status).render(`families/new-${what}.njk`, {
        caseHeader: caseHeader(header),
        activeTab: 'families',
        persons,
        options,
        values: body,
        dateParts: {
          becameInterestedOn: partsOf(body, 'becameInterestedOn'),
          givenOn: partsOf(body, 'givenOn'),
          heldOn: partsOf(body, 'heldOn'),
        },
        ...(extra.errors ? { errors: extra.errors } : {}),
      })
    }

    for (const what of ['persons', 'updates', 'meetings'] as const) {
      app.get<IdParams & { Params: { what: What } }>(
        `${base}/${what}/new`,
        { config: requires('family:contribute') },
        async (request, reply) => renderForm(request, reply, what),
      )
    }

    async function submit(
      request: FastifyRequest<IdParams & { Params: { what: What } }>,
      reply: FastifyReply,
      what: What,
      run: (body: Record<string, unknown>) => Promise<FieldProblem[] | void>,
    ) {
      const body = (request.body ?? {}) as Record<string, unknown>
      try {
        const problems = await run(body)
        if (problems && problems.length)
          return renderForm(request, reply, what, { errors: formErrors(problems), values: body }, 400)
      } catch (error) {
        if (error instanceof ValidationFailed)
          return renderForm(request, reply, what, { errors: formErrors(error.problems), values: body }, 400)
        throw error
      }
      return reply.redirect(paths.investigationTab(request.params.id, 'families'), 303)
    }
    const problemsOf = (result: { ok: false; errors: FormErrors }) =>
      Object.entries(result.errors.fields).map(([path, f]) => ({ path, message: f.text }))

    app.post<IdParams & { Params: { what: What } }>(
      `${base}/persons/new`,
      { config: { ...requires('family:contribute'), confirms: 'The interested person has been added' } },
      async (request, reply) =>
        submit(request, reply, 'persons', async (body) => {
          const form = parseForm(PersonForm, body)
          const dates = readDates(body, [
            { name: 'becameInterestedOn', what: 'the date they became an interested person', notInFuture: true },
          ])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          const d = { ...(body as Record<string, unknown>), ...(form.ok ? form.data : {}) }
          const input = {
            ...d,
            consentToBeKeptInformed: d.consentToBeKeptInformed === 'yes',
            becameInterestedOn: dates.values.becameInterestedOn,
          }
          if (!form.ok || problems.length)
            return everyProblem(InterestedPersonInput, input, problems, ['becameInterestedOn'])
          await services.families.addPerson(
            request.params.id,
            serviceInput(InterestedPersonInput, input),
            contextOf(request),
          )
        }),
    )

    app.post<IdParams & { Params: { what: What } }>(
      `${base}/updates/new`,
      { config: { ...requires('family:contribute'), confirms: 'The keep-informed update has been recorded' } },
      async (request, reply) =>
        submit(request, reply, 'updates', async (body) => {
          const form = parseForm(UpdateForm, body)
          const dates = readDates(body, [{ name: 'givenOn', what: 'the date the update was given', notInFuture: true }])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          const d = form.ok ? form.data : null
          const input = {
            channel: d?.channel,
            givenOn: dates.values.givenOn,
            interestedPersonIds: d?.interestedPersonIds ?? [],
            summary: d?.summary,
            coversProgress: d?.covers.includes('progress') ?? false,
            coversProvisionalFindings: d?.covers.includes('provisional_findings') ?? false,
            coversReportSubmitted: d?.covers.includes('report_submitted') ?? false,
            withheldUnderHarmTest: d?.withheldUnderHarmTest ?? false,
            harmGround: d?.harmGround || null,
            withheldSummary: d?.withheldSummary,
          }
          if (!form.ok || problems.length) return everyProblem(KeepInformedUpdateInput, input, problems, ['givenOn'])
          await services.families.recordUpdate(
            request.params.id,
            serviceInput(KeepInformedUpdateInput, input),
            contextOf(request),
          )
        }),
    )

    app.post<IdParams & { Params: { what: What } }>(
      `${base}/meetings/new`,
      { config: { ...requires('family:contribute'), confirms: 'The meeting has been recorded' } },
      async (request, reply) =>
        submit(request, reply, 'meetings', async (body) => {
          const form = parseForm(MeetingForm, body)
          const dates = readDates(body, [{ name: 'heldOn', what: 'the date of the meeting' }])
          const problems = [...(form.ok ? [] : problemsOf(form)), ...dates.problems]
          const input = { ...(form.ok ? form.data : {}), heldOn: dates.values.heldOn }
          if (!form.ok || problems.length) return everyProblem(MeetingInput, input, problems, ['heldOn'])
          await services.families.recordMeeting(
            request.params.id,
            serviceInput(MeetingInput, input),
            contextOf(request),
          )
        }),
    )

    app.post<{ Params: { id: string; updateId: string } }>(
      `${base}/updates/:updateId/letters`,
      { config: { ...requires('family:contribute'), confirms: 'The letter has been generated' } },
      async (request, reply) => {
        await services.families.generateUpdateLetter(request.params.updateId, {}, contextOf(request))
        return reply.redirect(`${paths.investigationTab(request.params.id, 'families')}#letters`, 303)
      },
    )

    // Attachments arrive as multipart; the form carries its CSRF token in the action's query string.
    await registerUploads(app)

    app.post<{ Params: { id: string; updateId: string } }>(
      `${base}/updates/:updateId/attachments`,
      { config: { ...requires('family:contribute'), confirms: 'The attachment has been added to the update' } },
      async (request, reply) => {
        try {
          const { file } = await readUpload(request)
          await services.families.attachToUpdate(request.params.updateId, file, contextOf(request))
        } catch (error) {
          if (error instanceof ValidationFailed)
            return renderUpdate(request, reply, { errors: formErrors(error.problems) })
          throw error
        }
        return reply.redirect(paths.familyUpdate(request.params.id, request.params.updateId), 303)
      },
    )

    app.get<{ Params: { id: string; attachmentId: string } }>(
      `${base}/update-attachments/:attachmentId`,
      { config: requires('family:read') },
      async (request, reply) => {
        const { attachment, bytes } = await services.families.attachment(
          request.params.attachmentId,
          contextOf(request),
        )
        return sendDocument(
          reply,
          { original_filename: attachment.filename, media_type: attachment.media_type, sha256: attachment.sha256 },
          bytes,
        )
      },
    )

    app.get<{ Params: { id: string; letterId: string } }>(
      `${base}/letters/:letterId/pdf`,
      { config: requires('family:read') },
      async (request, reply) => {
        const { bytes, filename } = await services.families.letterPdf(request.params.letterId, contextOf(request))
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(bytes)
      },
    )

    app.post<{ Params: { id: string; actionId: string } }>(
      `${base}/meeting-actions/:actionId/done`,
      { config: { ...requires('family:contribute'), confirms: 'The meeting action has been marked as done' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as Record<string, unknown>
        try {
          await services.families.updateAction(
            request.params.actionId,
            { doneOn: londonDateOf(new Date()) },
            Number(body.version),
            contextOf(request),
          )
        } catch (error) {
          if (!(error instanceof Conflict) && !(error instanceof InvalidTransition)) throw error
        }
        return reply.redirect(`${paths.investigationTab(request.params.id, 'families')}#meetings`, 303)
      },
    )

    app.get<{ Params: { id: string; noticeId: string } }>(
      `${base}/timeliness-notices/:noticeId/pdf`,
      { config: requires('investigation:read-case-file') },
      async (request, reply) => {
        const { bytes, filename } = await services.timeliness.pdf(request.params.noticeId, contextOf(request))
        return reply
          .header('content-type', 'application/pdf')
          .header('content-disposition', `attachment; filename="${filename}"`)
          .header('cache-control', 'private, no-store')
          .send(bytes)
      },
    )

    timelinessNoticeRoutes(app, services, base)

    app.get(paths.keepInformed(), { config: requires('keep-informed:dashboard') }, async (request, reply) => {
      const query = DashboardQuery.parse(request.query ?? {})
      let page
      try {
        page = await services.keepInformed.dashboard(contextOf(request), {
          ...(query.sort ? { sort: query.sort } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        })
      } catch (error) {
        if (!(error instanceof ValidationFailed)) throw error
        page = await services.keepInformed.dashboard(contextOf(request), {
          ...(query.sort ? { sort: query.sort } : {}),
        })
      }
      const sort = query.sort ?? 'most_overdue'
      return reply.render('families/dashboard.njk', {
        page,
        sort,
        labels,
        sortHref: `${paths.keepInformed()}?sort=${sort === 'most_overdue' ? 'least_overdue' : 'most_overdue'}`,
        nextHref: page.nextCursor ? `${paths.keepInformed()}?sort=${sort}&cursor=${page.nextCursor}` : null,
        firstHref: query.cursor ? `${paths.keepInformed()}?sort=${sort}` : null,
      })
    })
  }
}
