/**
 * Linked proceedings (inquests, criminal trials, judicial reviews, civil claims) with their
 * events, parties and prevention of future deaths reports; publication holds (list, place, lift
 * with If-Match); and re-investigations (propose, decide with If-Match). Named as in the glossary.
 */
import { z } from 'zod'
import { INVESTIGATION_STATUSES } from '../../domain/investigationLifecycle.js'
import type { Selectable } from 'kysely'
import { PROCEEDING_KINDS, PROCEEDING_STATUSES } from '../../domain/linkedProceedings.js'
import { REOPENING_GROUNDS } from '../../domain/vocabulary.js'
import type {
  LinkedProceedingTable,
  PreventionOfFutureDeathsReportTable,
  ProceedingDocumentTable,
  ProceedingEventTable,
  ProceedingPartyTable,
  PublicationHoldTable,
  ReinvestigationTable,
} from '../../data/schema.js'
import {
  LinkedProceedingInput,
  PfdReportInput,
  PfdResponseInput,
  ProceedingEventInput,
  ProceedingMoveInput,
  ProceedingPartyInput,
} from '../../services/linkedProceedings.js'
import { LiftHoldInput, PlaceHoldInput, whatLifts } from '../../services/publicationHolds.js'
import { DecideReinvestigationInput, ProposeReinvestigationInput } from '../../services/reinvestigations.js'
import { ValidationFailed } from '../../services/errors.js'
import { readUpload, sendDocument } from '../../web/uploads.js'
import { notModified, setETag } from '../concurrency.js'
import { defineOperation, etagHeader, type ApiModule } from '../operations.js'

const plainDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'A date, YYYY-MM-DD (Europe/London)' })
const IdParams = z.object({ id: z.uuid() })
const LinkParams = z.object({ id: z.uuid(), proceedingId: z.uuid() })

const LinkedProceedingJson = z
  .object({
    id: z.uuid(),
    kind: z.enum(PROCEEDING_KINDS),
    title: z.string(),
    court: z.string().nullable(),
    courtReference: z.string().nullable(),
    status: z.enum(PROCEEDING_STATUSES),
    openedOn: plainDate.nullable(),
    quashedOn: plainDate
      .nullable()
      .meta({ description: 'The date of the High Court’s order quashing the inquest’s conclusion' }),
    freshInquestOrderedOn: plainDate.nullable(),
    concludedOn: plainDate.nullable(),
    conclusion: z.string().nullable(),
    juryFindings: z.string().nullable(),
    charge: z.string().nullable(),
    verdict: z.string().nullable(),
    sentence: z.string().nullable(),
    holdsPublication: z
      .boolean()
      .meta({ description: 'Whether it holds publication of every linked investigation while it is open' }),
    version: z.number().int(),
  })
  .meta({
    id: 'LinkedProceeding',
    description: 'An inquest, criminal trial, judicial review or civil claim linked to one or more investigations',
  })

const PublicationHoldJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    proceedingId: z.uuid().nullable(),
    reason: z.string(),
    placedOn: plainDate.meta({
      description:
        'The date of the event that placed it (the proceeding’s opening, quashing or order for a fresh inquest; a decision’s day)',
    }),
    placedRecordedAt: z.iso.datetime().meta({ description: 'When the hold was recorded' }),
    active: z.boolean(),
    liftedOn: plainDate.nullable().meta({
      description:
        'The date of the event that lifted it (the proceeding’s conclusion; a decision’s day); never before placedOn',
    }),
    liftedRecordedAt: z.iso.datetime().nullable().meta({ description: 'When the lifting was recorded' }),
    liftedBecause: z.enum(['proceeding_concluded', 'decision']).nullable(),
    liftReason: z.string().nullable(),
    whatLifts: z.string().meta({ description: 'What lifts the hold, in words' }),
    version: z.number().int(),
  })
  .meta({ id: 'PublicationHold', description: 'A hold on publishing anything of the investigation' })

const ProceedingEventJson = z
  .object({
    id: z.uuid(),
    occurredOn: plainDate,
    kind: z.string(),
    description: z.string(),
    statusAfter: z.enum(PROCEEDING_STATUSES).nullable(),
  })
  .meta({ id: 'ProceedingEvent', description: 'A hearing or event on the proceeding’s timeline' })
const ProceedingPartyJson = z
  .object({ id: z.uuid(), role: z.string(), name: z.string(), organisation: z.string().nullable() })
  .meta({ id: 'ProceedingParty' })
const PfdReportJson = z
  .object({
    id: z.uuid(),
    proceedingId: z.uuid(),
    issuedOn: plainDate,
    addressedTo: z.string(),
    concerns: z.string(),
    responseDueOn: plainDate.meta({ description: 'Computed: 56 calendar days after the report was issued' }),
    responseReceivedOn: plainDate.nullable(),
    responseSummary: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({
    id: 'PreventionOfFutureDeathsReport',
    description: 'A coroner’s report to prevent future deaths, and the force’s response',
  })

const ProceedingDocumentJson = z
  .object({
    id: z.uuid(),
    title: z.string(),
    filename: z.string(),
    mediaType: z.string(),
    sizeBytes: z.number().int(),
    sha256: z.string(),
    uploadedAt: z.iso.datetime(),
    contentUrl: z.string(),
  })
  .meta({
    id: 'ProceedingDocument',
    description: 'A document of a linked proceeding (e.g. the record of inquest, the High Court’s order)',
  })

const LinkedProceedingDetailJson = LinkedProceedingJson.extend({
  documents: z.array(ProceedingDocumentJson),
  investigations: z.array(z.object({ id: z.uuid(), reference: z.string(), title: z.string() })),
  involvedPeople: z
    .array(z.object({ id: z.uuid(), fullName: z.string(), dateOfDeath: plainDate.nullable() }))
    .meta({ description: 'For an inquest: the deaths it covers' }),
  events: z.array(ProceedingEventJson),
  parties: z.array(ProceedingPartyJson),
  pfdReports: z.array(PfdReportJson),
}).meta({ id: 'LinkedProceedingDetail' })

const ReinvestigationJson = z
  .object({
    id: z.uuid(),
    originalInvestigationId: z.uuid(),
    newInvestigationId: z.uuid().nullable(),
    ground: z.enum(REOPENING_GROUNDS),
    detail: z.string(),
    publicInterest: z.string().nullable(),
    proposedAt: z.iso.datetime(),
    decision: z.enum(['approved', 'refused']).nullable(),
    decidedOn: plainDate.nullable(),
    decisionReason: z.string().nullable(),
    version: z.number().int(),
  })
  .meta({
    id: 'Reinvestigation',
    description: 'A proposal to re-investigate a closed investigation, and the decision maker’s decision',
  })

const CaseLink = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(INVESTIGATION_STATUSES),
})

function proceedingJson(p: Selectable<LinkedProceedingTable>): z.output<typeof LinkedProceedingJson> {
  return {
    id: p.id,
    kind: p.kind,
    title: p.title,
    court: p.court,
    courtReference: p.court_reference,
    status: p.status as z.output<typeof LinkedProceedingJson>['status'],
    openedOn: p.opened_on,
    quashedOn: p.quashed_on,
    freshInquestOrderedOn: p.fresh_inquest_ordered_on,
    concludedOn: p.concluded_on,
    conclusion: p.conclusion,
    juryFindings: p.jury_findings,
    charge: p.charge,
    verdict: p.verdict,
    sentence: p.sentence,
    holdsPublication: p.holds_publication,
    version: p.version,
  }
}

function holdJson(
  h: Selectable<PublicationHoldTable> & { proceeding_title?: string | null; proceeding_kind?: string | null },
): z.output<typeof PublicationHoldJson> {
  return {
    id: h.id,
    investigationId: h.investigation_id,
    proceedingId: h.proceeding_id,
    reason: h.reason,
    placedOn: h.placed_on,
    placedRecordedAt: new Date(h.placed_recorded_at).toISOString(),
    active: h.lifted_on === null,
    liftedOn: h.lifted_on,
    liftedRecordedAt: h.lifted_recorded_at ? new Date(h.lifted_recorded_at).toISOString() : null,
    liftedBecause: h.lifted_because,
    liftReason: h.lift_reason,
    whatLifts: whatLifts(h),
    version: h.version,
  }
}

const documentJson = (d: Selectable<ProceedingDocumentTable>): z.output<typeof ProceedingDocumentJson> => ({
  id: d.id,
  title: d.title,
  filename: d.filename,
  mediaType: d.media_type,
  sizeBytes: Number(d.size_bytes),
  sha256: d.sha256,
  uploadedAt: d.uploaded_at.toISOString(),
  contentUrl: `/api/v1/linked-proceedings/${d.proceeding_id}/documents/${d.id}/content`,
})
const eventJson = (e: Selectable<ProceedingEventTable>): z.output<typeof ProceedingEventJson> => ({
  id: e.id,
  occurredOn: e.occurred_on,
  kind: e.kind,
  description: e.description,
  statusAfter: e.status_after as z.output<typeof ProceedingEventJson>['statusAfter'],
})
const partyJson = (p: Selectable<ProceedingPartyTable>): z.output<typeof ProceedingPartyJson> => ({
  id: p.id,
  role: p.role,
  name: p.name,
  organisation: p.organisation,
})
const pfdJson = (r: Selectable<PreventionOfFutureDeathsReportTable>): z.output<typeof PfdReportJson> => ({
  id: r.id,
  proceedingId: r.proceeding_id,
  issuedOn: r.issued_on,
  addressedTo: r.addressed_to,
  concerns: r.concerns,
  responseDueOn: r.response_due_on,
  responseReceivedOn: r.response_received_on,
  responseSummary: r.response_summary,
  version: r.version,
})
const reinvestigationJson = (r: Selectable<ReinvestigationTable>): z.output<typeof ReinvestigationJson> => ({
  id: r.id,
  originalInvestigationId: r.original_investigation_id,
  newInvestigationId: r.new_investigation_id,
  ground: r.ground,
  detail: r.grounds_detail,
  publicInterest: r.public_interest,
  proposedAt: r.proposed_at.toISOString(),
  decision: r.decision,
  decidedOn: r.decided_on,
  decisionReason: r.decision_reason,
  version: r.version,
})

export const proceedingOperations: ApiModule = ({ app, registry, services }) => {
  const PROCEEDINGS = ['Linked proceedings']
  const HOLDS = ['Publication holds']
  const REINVESTIGATIONS = ['Re-investigations']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/linked-proceedings',
    operationId: 'listLinkedProceedings',
    summary: 'The proceedings linked to an investigation',
    tags: PROCEEDINGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'Every linked proceeding, oldest first (one page)',
        schema: z.object({ items: z.array(LinkedProceedingJson), nextCursor: z.null() }),
      },
    },
    async handler({ params, ctx }) {
      const rows = await services.linkedProceedings.listForInvestigation(params.id, ctx)
      return { items: rows.map(proceedingJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/linked-proceedings',
    operationId: 'createLinkedProceeding',
    summary: 'Record a proceeding and link it to the investigation; an open inquest or trial places a publication hold',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: LinkedProceedingInput,
    responses: {
      201: {
        description: 'The proceeding, and the hold it placed (if any)',
        schema: z.object({ proceeding: LinkedProceedingJson, hold: PublicationHoldJson.nullable() }),
        headers: { ...etagHeader, Location: { description: 'The proceeding’s URL' } },
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const { proceeding, hold } = await services.linkedProceedings.create(params.id, body, ctx)
      setETag(reply, proceeding.version)
      return reply
        .code(201)
        .header('location', `/api/v1/linked-proceedings/${proceeding.id}`)
        .send({ proceeding: proceedingJson(proceeding), hold: hold ? holdJson(hold) : null })
    },
  })

  defineOperation(app, registry, {
    method: 'put',
    path: '/api/v1/investigations/:id/linked-proceedings/:proceedingId',
    operationId: 'linkLinkedProceeding',
    summary: 'Link an existing proceeding to another investigation (a proceeding can concern several)',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: LinkParams,
    responses: {
      200: {
        description: 'The proceeding, and the hold it placed (if any)',
        schema: z.object({ proceeding: LinkedProceedingJson, hold: PublicationHoldJson.nullable() }),
      },
    },
    async handler({ params, ctx }) {
      const { proceeding, hold } = await services.linkedProceedings.link(params.id, params.proceedingId, ctx)
      return { proceeding: proceedingJson(proceeding), hold: hold ? holdJson(hold) : null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/linked-proceedings/:id',
    operationId: 'getLinkedProceeding',
    summary: 'A proceeding with its investigations, deaths covered, timeline, parties and PFD reports',
    tags: PROCEEDINGS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: { 200: { description: 'The proceeding', schema: LinkedProceedingDetailJson, headers: etagHeader } },
    async handler({ params, ctx }, request, reply) {
      const d = await services.linkedProceedings.get(params.id, ctx)
      if (notModified(request, reply, d.proceeding.version)) return reply
      return {
        ...proceedingJson(d.proceeding),
        investigations: d.investigations.map((i) => ({ id: i.id, reference: i.reference, title: i.title })),
        involvedPeople: d.involvedPeople.map((p) => ({
          id: p.id,
          fullName: p.full_name,
          dateOfDeath: p.date_of_death,
        })),
        documents: d.documents.map(documentJson),
        events: d.events.map(eventJson),
        parties: d.parties.map(partyJson),
        pfdReports: d.pfdReports.map(pfdJson),
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/linked-proceedings/:id/status',
    operationId: 'changeLinkedProceedingStatus',
    summary:
      'Move the proceeding on (adjourned, suspended, quashed, fresh inquest ordered, resumed, concluded); concluding lifts its holds',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: ProceedingMoveInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The proceeding as changed', schema: LinkedProceedingJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const p = await services.linkedProceedings.changeStatus(params.id, body, expectedVersion, ctx)
      setETag(reply, p.version)
      return proceedingJson(p)
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/linked-proceedings/:id/events',
    operationId: 'addLinkedProceedingEvent',
    summary: 'Record a hearing or other event on the proceeding’s timeline',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: ProceedingEventInput,
    responses: { 201: { description: 'The event', schema: ProceedingEventJson } },
    async handler({ params, body, ctx }, _request, reply) {
      return reply.code(201).send(eventJson(await services.linkedProceedings.addEvent(params.id, body, ctx)))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/linked-proceedings/:id/parties',
    operationId: 'addLinkedProceedingParty',
    summary: 'Record a person involved (coroner, court, representative …)',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: ProceedingPartyInput,
    responses: { 201: { description: 'The party', schema: ProceedingPartyJson } },
    async handler({ params, body, ctx }, _request, reply) {
      return reply.code(201).send(partyJson(await services.linkedProceedings.addParty(params.id, body, ctx)))
    },
  })

  // Multipart parsing is registered on this API scope by the documents module (registered earlier).
  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/linked-proceedings/:id/documents',
    operationId: 'uploadLinkedProceedingDocument',
    summary: 'Upload a document of the proceeding (multipart/form-data: title and one part named file, at most 50 MB)',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    idempotency: false,
    responses: { 201: { description: 'The document', schema: ProceedingDocumentJson } },
    async handler({ params, ctx }, request, reply) {
      const { fields, file } = await readUpload(request)
      if (!file)
        throw new ValidationFailed(
          [{ path: 'body.file', message: 'Send the document in a part named file' }],
          'The request is not valid',
        )
      const document = await services.linkedProceedings.addDocument(params.id, { title: fields.title ?? '' }, file, ctx)
      return reply.code(201).send(documentJson(document))
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/linked-proceedings/:id/documents/:documentId/content',
    operationId: 'getLinkedProceedingDocumentContent',
    summary: 'The bytes of a proceeding’s document',
    tags: PROCEEDINGS,
    access: 'investigation:read-case-file',
    params: z.object({ id: z.uuid(), documentId: z.uuid() }),
    responses: { 200: { description: 'The bytes, with Content-Disposition: attachment' } },
    async handler({ params, ctx }, _request, reply) {
      const { document, bytes } = await services.linkedProceedings.documentContent(params.id, params.documentId, ctx)
      return sendDocument(
        reply,
        { original_filename: document.filename, media_type: document.media_type, sha256: document.sha256 },
        bytes,
      )
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/linked-proceedings/:id/pfd-reports',
    operationId: 'addPfdReport',
    summary: 'Record a coroner’s prevention of future deaths report; the response is due in 56 days',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: PfdReportInput,
    responses: { 201: { description: 'The report', schema: PfdReportJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const r = await services.linkedProceedings.addPfdReport(params.id, body, ctx)
      setETag(reply, r.version)
      return reply.code(201).send(pfdJson(r))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/pfd-reports/:id/response',
    operationId: 'recordPfdResponse',
    summary: 'Record the force’s response to a prevention of future deaths report',
    tags: PROCEEDINGS,
    access: 'linked-proceedings:manage',
    params: IdParams,
    body: PfdResponseInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The report as changed', schema: PfdReportJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const r = await services.linkedProceedings.recordPfdResponse(params.id, body, expectedVersion, ctx)
      setETag(reply, r.version)
      return pfdJson(r)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/publication-holds',
    operationId: 'listPublicationHolds',
    summary: 'Every publication hold on the investigation (in force first) and what lifts each',
    tags: HOLDS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The holds (one page)',
        schema: z.object({ items: z.array(PublicationHoldJson), nextCursor: z.null() }),
      },
    },
    async handler({ params, ctx }) {
      const rows = await services.publicationHolds.list(params.id, ctx)
      return { items: rows.map(holdJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/publication-holds',
    operationId: 'placePublicationHold',
    summary: 'Place a hold by hand, with the reason; it lifts only by a recorded decision',
    tags: HOLDS,
    access: 'publication:hold',
    params: IdParams,
    body: PlaceHoldInput,
    responses: { 201: { description: 'The hold', schema: PublicationHoldJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const hold = await services.publicationHolds.place(params.id, body, ctx)
      setETag(reply, hold.version)
      return reply.code(201).send(holdJson(hold))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/publication-holds/:id/lift',
    operationId: 'liftPublicationHold',
    summary: 'Lift a hold by a recorded decision with the reason',
    tags: HOLDS,
    access: 'publication:hold',
    params: IdParams,
    body: LiftHoldInput,
    concurrency: 'if-match',
    responses: { 200: { description: 'The hold as lifted', schema: PublicationHoldJson, headers: etagHeader } },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const hold = await services.publicationHolds.lift(params.id, body, expectedVersion, ctx)
      setETag(reply, hold.version)
      return holdJson(hold)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/reinvestigations',
    operationId: 'listReinvestigations',
    summary: 'The case this one re-investigates, the cases that re-investigate it, and every proposal',
    tags: REINVESTIGATIONS,
    access: 'investigation:read-case-file',
    params: IdParams,
    responses: {
      200: {
        description: 'The links and proposals',
        schema: z.object({
          predecessor: CaseLink.nullable(),
          successors: z.array(CaseLink),
          items: z.array(ReinvestigationJson),
          nextCursor: z.null(),
        }),
      },
    },
    async handler({ params, ctx }) {
      const links = await services.reinvestigations.links(params.id, ctx)
      return {
        predecessor: links.predecessor,
        successors: links.successors,
        items: links.proposals.map(reinvestigationJson),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/reinvestigations',
    operationId: 'proposeReinvestigation',
    summary: 'Propose re-investigating a closed investigation, with the ground',
    tags: REINVESTIGATIONS,
    access: 'reinvestigation:propose',
    params: IdParams,
    body: ProposeReinvestigationInput,
    responses: { 201: { description: 'The proposal', schema: ReinvestigationJson, headers: etagHeader } },
    async handler({ params, body, ctx }, _request, reply) {
      const r = await services.reinvestigations.propose(params.id, body, ctx)
      setETag(reply, r.version)
      return reply.code(201).send(reinvestigationJson(r))
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/reinvestigations/:id/decision',
    operationId: 'decideReinvestigation',
    summary: 'The decision maker approves (opening the new investigation) or refuses, with the reason',
    tags: REINVESTIGATIONS,
    access: 'reinvestigation:decide',
    params: IdParams,
    body: DecideReinvestigationInput,
    concurrency: 'if-match',
    responses: {
      200: {
        description: 'The decided proposal and the new investigation, if one was opened',
        schema: z.object({ reinvestigation: ReinvestigationJson, newInvestigation: CaseLink.nullable() }),
        headers: etagHeader,
      },
    },
    async handler({ params, body, expectedVersion, ctx }, _request, reply) {
      const { reinvestigation, newInvestigation } = await services.reinvestigations.decide(
        params.id,
        body,
        expectedVersion,
        ctx,
      )
      setETag(reply, reinvestigation.version)
      return {
        reinvestigation: reinvestigationJson(reinvestigation),
        newInvestigation: newInvestigation
          ? {
              id: newInvestigation.id,
              reference: newInvestigation.reference,
              title: newInvestigation.title,
              status: newInvestigation.status,
            }
          : null,
      }
    },
  })
}
