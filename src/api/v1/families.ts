/**
 * Families kept informed, named as in the glossary: interested persons, representatives,
 * keep-informed updates (and their letters), meetings (and their actions), timeliness notices,
 * and the keep-informed dashboard. Lists and creation sit under the investigation; single
 * resources at /api/v1/<resource>/:id (GET with ETag, PATCH with If-Match where versioned).
 * Reads of names and contact details are audited by the services.
 */
import type { FastifyReply } from 'fastify'
import type { Selectable } from 'kysely'
import { z } from 'zod'
import type {
  LetterTable,
  MeetingActionTable,
  RepresentativeTable,
  TimelinessNoticeCopyTable,
} from '../../data/schema.js'
import {
  CONTACT_CHANNELS,
  HARM_TEST_GROUNDS,
  INTERESTED_PERSON_KINDS,
  TIMELINESS_NOTICE_STATUSES,
  UPDATE_CHANNELS,
} from '../../domain/familyVocabulary.js'
import { londonDateOf } from '../../domain/calendar.js'
import {
  InterestedPersonChange,
  InterestedPersonInput,
  KeepInformedUpdateInput,
  MeetingActionChange,
  MeetingActionInput,
  MeetingChange,
  MeetingInput,
  RepresentativeChange,
  RepresentativeInput,
  type PersonWithClock,
} from '../../services/families.js'
import {
  TimelinessCopyInput,
  TimelinessDecision,
  TimelinessDraftChange,
  contentsOf,
  type TimelinessNoticeRow,
} from '../../services/timeliness.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })

const ClockJson = z
  .object({
    nextUpdateDueOn: plainDate
      .nullable()
      .meta({ description: 'Null when the person is not on the clock (no consent, or the investigation is closed)' }),
    daysOverdue: z.number().int(),
    state: z.enum(['not_on_clock', 'overdue', 'due_soon', 'on_track']),
  })
  .meta({ id: 'KeepInformedClock' })

const InterestedPersonJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    fullName: z.string(),
    kind: z.enum(INTERESTED_PERSON_KINDS),
    relationship: z.string().nullable(),
    consentToBeKeptInformed: z.boolean(),
    consentRecordedOn: plainDate.nullable(),
    becameInterestedOn: plainDate,
    preferredChannel: z.enum(CONTACT_CHANNELS),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    postalAddress: z.string().nullable(),
    language: z.string().nullable(),
    accessibilityNeeds: z.string().nullable(),
    lastUpdateOn: plainDate.nullable(),
    clock: ClockJson,
    version: z.number().int(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({
    id: 'InterestedPerson',
    description: 'Someone with an interest in being kept informed, with their keep-informed clock',
  })

const RepresentativeJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    interestedPersonId: z.uuid(),
    firm: z.string().nullable(),
    fullName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    receivesUpdates: z.boolean(),
    version: z.number().int(),
  })
  .meta({ id: 'Representative', description: 'An interested person’s representative (e.g. their solicitor)' })

const RecipientJson = z.object({
  interestedPersonId: z.uuid(),
  fullName: z.string(),
  representativeId: z.uuid().nullable(),
  representativeName: z.string().nullable(),
})

const KeepInformedUpdateJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    channel: z.enum(UPDATE_CHANNELS),
    givenOn: plainDate,
    givenBy: z.uuid().nullable(),
    summary: z.string(),
    coversProgress: z.boolean(),
    coversProvisionalFindings: z.boolean(),
    coversReportSubmitted: z.boolean(),
    withheldUnderHarmTest: z.boolean(),
    harmGround: z.enum(HARM_TEST_GROUNDS).nullable(),
    withheldSummary: z.string().nullable(),
    letterSha256: z.string().nullable(),
    recipients: z.array(RecipientJson),
    createdAt: z.iso.datetime(),
  })
  .meta({
    id: 'KeepInformedUpdate',
    description: 'An update given to interested persons; anything withheld under the harm test names its ground',
  })

const LetterJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    interestedPersonId: z.uuid().nullable(),
    kind: z.enum(['update_letter', 'timeliness_notice']),
    sha256: z.string(),
    filename: z.string(),
    pdfUrl: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Letter' })

const MeetingActionJson = z
  .object({
    id: z.uuid(),
    meetingId: z.uuid(),
    description: z.string(),
    owner: z.string(),
    dueOn: plainDate.nullable(),
    doneOn: plainDate.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'MeetingAction' })

const MeetingJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    heldOn: plainDate,
    attendees: z.string(),
    agenda: z.string().nullable(),
    notes: z.string().nullable(),
    interestedPersons: z.array(z.object({ id: z.uuid(), fullName: z.string() })),
    actions: z.array(MeetingActionJson),
    version: z.number().int(),
  })
  .meta({ id: 'Meeting' })

const TimelinessCopyJson = z
  .object({
    recipientKind: z.enum(['interested_person', 'subject']),
    recipientId: z.uuid(),
    status: z.enum(['sent', 'withheld']),
    harmGround: z.enum(HARM_TEST_GROUNDS).nullable(),
    recordedAt: z.iso.datetime(),
  })
  .meta({ id: 'TimelinessNoticeCopy' })

const TimelinessNoticeJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    periodNumber: z.number().int(),
    periodEndsOn: plainDate,
    dueOn: plainDate,
    status: z.enum(TIMELINESS_NOTICE_STATUSES),
    contents: z.object({
      periodStartsOn: z.string(),
      cameToAttentionOn: z.string(),
      regulation17NoticesGivenOn: z.array(z.string()),
      progress: z.string(),
      estimatedConclusionOn: plainDate.nullable(),
      estimatedReportSubmissionOn: plainDate.nullable(),
      reasonForTimeTaken: z.string(),
      plannedSteps: z.string(),
    }),
    withheldReason: z.string().nullable(),
    approvedBy: z.uuid().nullable(),
    approvedAt: z.iso.datetime().nullable(),
    sentOn: plainDate.nullable(),
    pdfUrl: z.string().nullable(),
    copies: z.array(TimelinessCopyJson),
    version: z.number().int(),
  })
  .meta({
    id: 'TimelinessNotice',
    description: 'A regulation 19 notice to the local policing body for one relevant period',
  })

const DashboardItemJson = z
  .object({
    interestedPersonId: z.uuid(),
    investigationId: z.uuid(),
    reference: z.string(),
    title: z.string(),
    fullName: z.string(),
    kind: z.string(),
    lastUpdateOn: plainDate.nullable(),
    dueOn: plainDate,
    daysOverdue: z.number().int(),
    state: z.enum(['overdue', 'due_soon', 'on_track', 'not_on_clock']),
  })
  .meta({ id: 'KeepInformedDue' })

type PersonRow = Omit<PersonWithClock, 'last_update_on'> & { last_update_on: string | null }

function personJson(p: PersonRow): z.output<typeof InterestedPersonJson> {
  return {
    id: p.id,
    investigationId: p.investigation_id,
    fullName: p.full_name,
    kind: p.kind,
    relationship: p.relationship,
    consentToBeKeptInformed: p.consent_to_be_kept_informed,
    consentRecordedOn: p.consent_recorded_on,
    becameInterestedOn: p.became_interested_on,
    preferredChannel: p.preferred_channel,
    email: p.email,
    phone: p.phone,
    postalAddress: p.postal_address,
    language: p.language,
    accessibilityNeeds: p.accessibility_needs,
    lastUpdateOn: p.last_update_on,
    clock: { nextUpdateDueOn: p.clock.dueOn, daysOverdue: p.clock.daysOverdue, state: p.clock.state },
    version: p.version,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  }
}

function representativeJson(r: Selectable<RepresentativeTable>): z.output<typeof RepresentativeJson> {
  return {
    id: r.id,
    investigationId: r.investigation_id,
    interestedPersonId: r.interested_person_id,
    firm: r.firm,
    fullName: r.full_name,
    email: r.email,
    phone: r.phone,
    receivesUpdates: r.receives_updates,
    version: r.version,
  }
}

type UpdateRow = {
  id: string
  investigation_id: string
  channel: string
  given_on: string
  given_by: string | null
  summary: string
  covers_progress: boolean
  covers_provisional_findings: boolean
  covers_report_submitted: boolean
  withheld_under_harm_test: boolean
  harm_ground: string | null
  withheld_summary: string | null
  letter_sha256: string | null
  created_at: Date
}
type RecipientRow = {
  interested_person_id: string
  full_name: string
  representative_id: string | null
  representative_name: string | null
}

function updateJson(u: UpdateRow, recipients: RecipientRow[]): z.output<typeof KeepInformedUpdateJson> {
  return {
    id: u.id,
    investigationId: u.investigation_id,
    channel: u.channel as z.output<typeof KeepInformedUpdateJson>['channel'],
    givenOn: u.given_on,
    givenBy: u.given_by,
    summary: u.summary,
    coversProgress: u.covers_progress,
    coversProvisionalFindings: u.covers_provisional_findings,
    coversReportSubmitted: u.covers_report_submitted,
    withheldUnderHarmTest: u.withheld_under_harm_test,
    harmGround: u.harm_ground as z.output<typeof KeepInformedUpdateJson>['harmGround'],
    withheldSummary: u.withheld_summary,
    letterSha256: u.letter_sha256,
    recipients: recipients.map((r) => ({
      interestedPersonId: r.interested_person_id,
      fullName: r.full_name,
      representativeId: r.representative_id,
      representativeName: r.representative_name,
    })),
    createdAt: u.created_at.toISOString(),
  }
}

function letterJson(l: Selectable<LetterTable>): z.output<typeof LetterJson> {
  return {
    id: l.id,
    investigationId: l.investigation_id,
    interestedPersonId: l.interested_person_id,
    kind: l.kind,
    sha256: l.sha256,
    filename: l.filename,
    pdfUrl: `/api/v1/letters/${l.id}/pdf`,
    createdAt: l.created_at.toISOString(),
  }
}

function actionJson(a: Selectable<MeetingActionTable>): z.output<typeof MeetingActionJson> {
  return {
    id: a.id,
    meetingId: a.meeting_id,
    description: a.description,
    owner: a.owner,
    dueOn: a.due_on,
    doneOn: a.done_on,
    version: a.version,
  }
}

type MeetingRow = {
  id: string
  investigation_id: string
  held_on: string
  attendees: string
  agenda: string | null
  notes: string | null
  version: number
  interestedPersons: { id: string; fullName: string }[]
  actions: Selectable<MeetingActionTable>[]
}
function meetingJson(m: MeetingRow): z.output<typeof MeetingJson> {
  return {
    id: m.id,
    investigationId: m.investigation_id,
    heldOn: m.held_on,
    attendees: m.attendees,
    agenda: m.agenda,
    notes: m.notes,
    interestedPersons: m.interestedPersons,
    actions: m.actions.map(actionJson),
    version: m.version,
  }
}

function noticeJson(
  n: TimelinessNoticeRow,
  copies: Selectable<TimelinessNoticeCopyTable>[],
): z.output<typeof TimelinessNoticeJson> {
  return {
    id: n.id,
    investigationId: n.investigation_id,
    periodNumber: n.period_number,
    periodEndsOn: n.period_ends_on,
    dueOn: n.due_on,
    status: n.status,
    contents: contentsOf(n),
    withheldReason: n.withheld_reason,
    approvedBy: n.approved_by,
    approvedAt: n.approved_at ? n.approved_at.toISOString() : null,
    sentOn: n.sent_on,
    pdfUrl: n.letter_sha256 ? `/api/v1/timeliness-notices/${n.id}/pdf` : null,
    copies: copies.map((c) => ({
      recipientKind: c.recipient_kind,
      recipientId: c.recipient_id,
      status: c.status,
      harmGround: c.harm_ground as z.output<typeof TimelinessCopyJson>['harmGround'],
      recordedAt: c.recorded_at.toISOString(),
    })),
    version: n.version,
  }
}

const IdParams = z.object({ id: z.uuid() })
const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.null() })
const TAGS = ['Families']

function sendPdf(reply: FastifyReply, bytes: Buffer, filename: string) {
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(bytes)
}

export const familyOperations: ApiModule = ({ app, registry, services }) => {
  const f = services.families

  // Interested persons ---------------------------------------------------------------------------
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/interested-persons',
    operationId: 'listInterestedPersons',
    summary: 'The interested persons of an investigation, each with their keep-informed clock',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: {
      200: { description: 'Every interested person, by name (one page)', schema: listOf(InterestedPersonJson) },
    },
    async handler({ params, ctx }) {
      return { items: (await f.listPersons(params.id, ctx)).map(personJson), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/interested-persons',
    operationId: 'addInterestedPerson',
    summary: 'Record an interested person',
    description: 'Only a person who has consented to be kept informed is put on the keep-informed clock.',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: InterestedPersonInput,
    responses: {
      201: {
        description: 'The interested person',
        schema: InterestedPersonJson,
        headers: { ...etagHeader, Location: { description: 'The person’s URL' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const created = await f.addPerson(params.id, body, ctx)
      const { person } = await f.person(created.id, ctx)
      setETag(reply, person.version)
      return reply.code(201).header('location', `/api/v1/interested-persons/${person.id}`).send(personJson(person))
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/interested-persons/:id',
    operationId: 'getInterestedPerson',
    summary: 'An interested person with their keep-informed clock',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'The interested person', schema: InterestedPersonJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const { person } = await f.person(params.id, ctx)
      if (notModified(request, reply, person.version)) return reply
      return personJson(person)
    },
  })
  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/interested-persons/:id',
    operationId: 'updateInterestedPerson',
    summary: 'Change an interested person (consent, contact preferences, …)',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: InterestedPersonChange,
    concurrency: 'if-match',
    responses: {
      200: { description: 'The interested person as changed', schema: InterestedPersonJson, headers: etagHeader },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      await f.updatePerson(params.id, body, expectedVersion, ctx)
      const { person } = await f.person(params.id, ctx)
      setETag(reply, person.version)
      return personJson(person)
    },
  })

  // Representatives -----------------------------------------------------------------------------
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/representatives',
    operationId: 'listRepresentatives',
    summary: 'The representatives of the investigation’s interested persons',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'Every representative (one page)', schema: listOf(RepresentativeJson) } },
    async handler({ params, ctx }) {
      return { items: (await f.listRepresentatives(params.id, ctx)).map(representativeJson), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/representatives',
    operationId: 'addRepresentative',
    summary: 'Record an interested person’s representative',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: RepresentativeInput.extend({
      interestedPersonId: z.uuid({ message: 'Choose the interested person they represent' }),
    }),
    responses: { 201: { description: 'The representative', schema: RepresentativeJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const { interestedPersonId, ...input } = body
      const rep = await f.addRepresentative(interestedPersonId, input, ctx, { investigationId: params.id })
      setETag(reply, rep.version)
      return reply.code(201).header('location', `/api/v1/representatives/${rep.id}`).send(representativeJson(rep))
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/representatives/:id',
    operationId: 'getRepresentative',
    summary: 'A representative',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'The representative', schema: RepresentativeJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const rep = await f.representative(params.id, ctx)
      if (notModified(request, reply, rep.version)) return reply
      return representativeJson(rep)
    },
  })
  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/representatives/:id',
    operationId: 'updateRepresentative',
    summary: 'Change a representative',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: RepresentativeChange,
    concurrency: 'if-match',
    responses: {
      200: { description: 'The representative as changed', schema: RepresentativeJson, headers: etagHeader },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const rep = await f.updateRepresentative(params.id, body, expectedVersion, ctx)
      setETag(reply, rep.version)
      return representativeJson(rep)
    },
  })

  // Keep-informed updates -----------------------------------------------------------------------
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/updates',
    operationId: 'listKeepInformedUpdates',
    summary: 'The keep-informed updates of an investigation, newest first (the latest 100)',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'Updates with their recipients', schema: listOf(KeepInformedUpdateJson) } },
    async handler({ params, ctx }) {
      const rows = await f.listUpdates(params.id, ctx, { limit: 100 })
      return { items: rows.map((u) => updateJson(u, u.recipients)), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/updates',
    operationId: 'recordKeepInformedUpdate',
    summary: 'Record a keep-informed update given to interested persons of the case',
    description:
      'withheldUnderHarmTest needs a harmGround. Every interestedPersonId must belong to this investigation.',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: KeepInformedUpdateInput,
    responses: { 201: { description: 'The update', schema: KeepInformedUpdateJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const created = await f.recordUpdate(params.id, body, ctx)
      const detail = await f.update(created.id, ctx)
      return reply
        .code(201)
        .header('location', `/api/v1/updates/${created.id}`)
        .send(updateJson(detail.update, detail.recipients))
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/updates/:id',
    operationId: 'getKeepInformedUpdate',
    summary: 'A keep-informed update',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'The update', schema: KeepInformedUpdateJson } },
    async handler({ params, ctx }) {
      const detail = await f.update(params.id, ctx)
      return updateJson(detail.update, detail.recipients)
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/updates/:id/letters',
    operationId: 'generateUpdateLetter',
    summary: 'Generate the update as a letter (PDF) to one of its recipients (the first by default)',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: z.object({ interestedPersonId: z.uuid().optional() }).default({}),
    responses: { 201: { description: 'The letter', schema: LetterJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const letter = await f.generateUpdateLetter(params.id, { interestedPersonId: body.interestedPersonId }, ctx)
      return reply.code(201).header('location', `/api/v1/letters/${letter.id}/pdf`).send(letterJson(letter))
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/letters',
    operationId: 'listLetters',
    summary: 'Letters generated for the investigation, newest first',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'Letters', schema: listOf(LetterJson) } },
    async handler({ params, ctx }) {
      return { items: (await f.listLetters(params.id, ctx)).map(letterJson), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/letters/:id/pdf',
    operationId: 'getLetterPdf',
    summary: 'A letter as a PDF (application/pdf, as an attachment)',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'The PDF bytes (Content-Type application/pdf)' } },
    async handler({ params, ctx }, _request, reply) {
      const { bytes, filename } = await f.letterPdf(params.id, ctx)
      return sendPdf(reply, bytes, filename)
    },
  })

  // Meetings ------------------------------------------------------------------------------------
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/meetings',
    operationId: 'listMeetings',
    summary: 'Meetings with families, newest first, with their actions',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'Meetings', schema: listOf(MeetingJson) } },
    async handler({ params, ctx }) {
      return { items: (await f.listMeetings(params.id, ctx)).map(meetingJson), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/meetings',
    operationId: 'recordMeeting',
    summary: 'Record a meeting and the interested persons it concerns',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: MeetingInput,
    responses: { 201: { description: 'The meeting', schema: MeetingJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const meeting = await f.recordMeeting(params.id, body, ctx)
      setETag(reply, meeting.version)
      return reply.code(201).header('location', `/api/v1/meetings/${meeting.id}`).send(meetingJson(meeting))
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/meetings/:id',
    operationId: 'getMeeting',
    summary: 'A meeting with its actions',
    tags: TAGS,
    access: 'family:read',
    params: IdParams,
    responses: { 200: { description: 'The meeting', schema: MeetingJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const meeting = await f.meeting(params.id, ctx)
      if (notModified(request, reply, meeting.version)) return reply
      return meetingJson(meeting)
    },
  })
  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/meetings/:id',
    operationId: 'updateMeeting',
    summary: 'Change a meeting’s record',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: MeetingChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The meeting as changed', schema: MeetingJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const meeting = await f.updateMeeting(params.id, body, expectedVersion, ctx)
      setETag(reply, meeting.version)
      return meetingJson(meeting)
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/meetings/:id/actions',
    operationId: 'addMeetingAction',
    summary: 'Add an action arising from a meeting, with its owner and due date',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: MeetingActionInput,
    responses: { 201: { description: 'The action', schema: MeetingActionJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const action = await f.addAction(params.id, body, ctx)
      setETag(reply, action.version)
      return reply.code(201).send(actionJson(action))
    },
  })
  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/meeting-actions/:id',
    operationId: 'updateMeetingAction',
    summary: 'Change an action or mark it done (doneOn)',
    tags: TAGS,
    access: 'family:contribute',
    params: IdParams,
    body: MeetingActionChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The action as changed', schema: MeetingActionJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const action = await f.updateAction(params.id, body, expectedVersion, ctx)
      setETag(reply, action.version)
      return actionJson(action)
    },
  })

  // Timeliness notices --------------------------------------------------------------------------
  const tn = services.timeliness
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/timeliness-notices',
    operationId: 'listTimelinessNotices',
    summary: 'The investigation’s timeliness notices (regulation 19), latest period first',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'Notices with their copies', schema: listOf(TimelinessNoticeJson) } },
    async handler({ params, ctx }) {
      return { items: (await tn.list(params.id, ctx)).map((n) => noticeJson(n, n.copies)), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/timeliness-notices',
    operationId: 'draftTimelinessNotices',
    summary:
      'Draft the notices owed today (one per relevant period ended while the investigation is not completed); idempotent',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    responses: {
      200: {
        description: 'The notices drafted by this call (empty when none was owed or all were drafted already)',
        schema: listOf(TimelinessNoticeJson),
      },
    },
    async handler({ params, ctx }) {
      const drafted = await tn.draftDueTimelinessNotices(params.id, londonDateOf(new Date()), ctx)
      return { items: drafted.map((n) => noticeJson(n, [])), nextCursor: null }
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/timeliness-notices/:id',
    operationId: 'getTimelinessNotice',
    summary: 'A timeliness notice',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The notice', schema: TimelinessNoticeJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const { notice, copies } = await tn.get(params.id, ctx)
      if (notModified(request, reply, notice.version)) return reply
      return noticeJson(notice, copies)
    },
  })
  defineOperation(app, registry, {
    method: 'patch',
    path: '/api/v1/timeliness-notices/:id',
    operationId: 'updateTimelinessNotice',
    summary: 'Edit a draft notice’s progress, estimates, reason for the time taken and planned steps',
    tags: TAGS,
    access: 'investigation:contribute',
    params: IdParams,
    body: TimelinessDraftChange,
    concurrency: 'if-match',
    responses: { 200: { description: 'The notice as changed', schema: TimelinessNoticeJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const notice = await tn.editDraft(params.id, body, expectedVersion, ctx)
      setETag(reply, notice.version)
      return noticeJson(notice, [])
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/timeliness-notices/:id/decisions',
    operationId: 'decideTimelinessNotice',
    summary: 'Approve (generates the PDF), record as sent to the local policing body, or withhold with a reason',
    tags: TAGS,
    access: 'timeliness:decide',
    params: IdParams,
    body: TimelinessDecision,
    concurrency: 'if-match',
    responses: { 200: { description: 'The notice as decided', schema: TimelinessNoticeJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const notice = await tn.decide(params.id, body, expectedVersion, ctx)
      setETag(reply, notice.version)
      return noticeJson(notice, [])
    },
  })
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/timeliness-notices/:id/copies',
    operationId: 'recordTimelinessNoticeCopy',
    summary: 'Record a copy to an interested person or a subject: sent, or withheld on a harm-test ground',
    tags: TAGS,
    access: 'timeliness:decide',
    params: IdParams,
    body: TimelinessCopyInput,
    responses: { 201: { description: 'The copy', schema: TimelinessCopyJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const c = await tn.recordCopy(params.id, body, ctx)
      return reply.code(201).send({
        recipientKind: c.recipient_kind,
        recipientId: c.recipient_id,
        status: c.status,
        harmGround: c.harm_ground as z.output<typeof TimelinessCopyJson>['harmGround'],
        recordedAt: c.recorded_at.toISOString(),
      })
    },
  })
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/timeliness-notices/:id/pdf',
    operationId: 'getTimelinessNoticePdf',
    summary: 'The approved notice as a PDF',
    tags: TAGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The PDF bytes (Content-Type application/pdf)' } },
    async handler({ params, ctx }, _request, reply) {
      const { bytes, filename } = await tn.pdf(params.id, ctx)
      return sendPdf(reply, bytes, filename)
    },
  })

  // Dashboard -----------------------------------------------------------------------------------
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/keep-informed',
    operationId: 'keepInformedDashboard',
    summary: 'Interested persons due an update within the next days, or overdue, in the cases you are on',
    tags: TAGS,
    access: 'keep-informed:dashboard',
    query: z.object({
      withinDays: z.coerce.number().int().min(0).max(90).default(7),
      sort: z.enum(['most_overdue', 'least_overdue']).default('most_overdue'),
      cursor: z.string().min(1).max(1000).optional(),
      limit: z.coerce.number().int().min(1).max(100).default(25),
    }),
    responses: {
      200: {
        description: 'A page',
        schema: z.object({ items: z.array(DashboardItemJson), nextCursor: z.string().nullable() }),
      },
    },
    async handler({ query, ctx }) {
      const page = await services.keepInformed.dashboard(ctx, {
        withinDays: query.withinDays,
        sort: query.sort,
        limit: query.limit,
        ...(query.cursor ? { cursor: query.cursor } : {}),
      })
      return { items: page.items, nextCursor: page.nextCursor }
    },
  })
}
