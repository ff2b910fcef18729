/**
 * Families kept informed, in the API: portal invitations on a case (for its team), and the
 * family portal itself (for interested persons and representatives, about their own case only:
 * every operation goes through services.portal, which checks their portal access).
 */
import { z } from 'zod'
import { UPDATE_CHANNELS } from '../../domain/familyVocabulary.js'
import type { InvitationSummary } from '../../services/portal/invitations.js'
import { NotFound } from '../../services/errors.js'
import { defineOperation, type ApiModule } from '../operations.js'
import { pageOf } from '../pagination.js'

const iso = (d: Date | null) => (d ? d.toISOString() : null)

export const InvitationJson = z
  .object({
    id: z.uuid(),
    investigationId: z.uuid(),
    interestedPersonId: z.uuid(),
    interestedPersonName: z.string(),
    representativeId: z.uuid().nullable(),
    representativeName: z.string().nullable(),
    email: z.string(),
    status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
    expiresAt: z.iso.datetime(),
    createdAt: z.iso.datetime(),
    acceptedAt: z.iso.datetime().nullable(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({
    id: 'Invitation',
    description: 'An invitation to the family portal (never its link, which goes only by e-mail)',
  })

const invitationJson = (i: InvitationSummary): z.output<typeof InvitationJson> => ({
  ...i,
  expiresAt: i.expiresAt.toISOString(),
  createdAt: i.createdAt.toISOString(),
  acceptedAt: iso(i.acceptedAt),
  revokedAt: iso(i.revokedAt),
})

const NewInvitation = z
  .object({
    interestedPersonId: z.uuid(),
    representativeId: z
      .uuid()
      .nullish()
      .meta({ description: 'Invite this representative of the interested person instead' }),
    email: z.email().nullish().meta({ description: 'By default the e-mail address recorded for the person' }),
  })
  .meta({ id: 'NewInvitation' })

const Progress = z
  .object({
    stage: z.string(),
    explanation: z.string(),
    nextSteps: z.array(z.string()),
    step: z.number().int().nullable(),
  })
  .meta({ id: 'PortalProgress', description: 'Where the investigation stands, in plain English' })

export const PortalCaseJson = z
  .object({
    id: z.uuid(),
    reference: z.string(),
    title: z.string(),
    openedOn: z.iso.date(),
    progress: Progress,
    nextUpdateDueOn: z.iso.date().nullable().optional().meta({
      description: 'When your next keep-informed update is due (on reading one case); null when none is scheduled',
    }),
  })
  .meta({ id: 'PortalCase', description: 'An investigation as its interested persons see it' })

const PortalUpdate = z
  .object({
    id: z.uuid(),
    givenOn: z.iso.date(),
    channel: z.enum(UPDATE_CHANNELS),
    summary: z.string(),
    coversProgress: z.boolean(),
    coversProvisionalFindings: z.boolean(),
    coversReportSubmitted: z.boolean(),
  })
  .meta({ id: 'PortalUpdate' })

const PortalMeeting = z
  .object({ id: z.uuid(), heldOn: z.iso.date(), agenda: z.string().nullable(), notes: z.string().nullable() })
  .meta({ id: 'PortalMeeting' })
const PortalLetter = z
  .object({ id: z.uuid(), kind: z.string(), filename: z.string(), sentAt: z.iso.datetime() })
  .meta({ id: 'PortalLetter' })

const CaseParams = z.object({ id: z.uuid() })
const PortalReport = z
  .object({
    id: z.uuid(),
    title: z.string(),
    releasedAt: z.iso.datetime(),
    onPublicSite: z.boolean().meta({ description: 'The report is also published on the public site' }),
    pdfUrl: z.string().meta({ description: 'The report as released to you (personal data removed), as a PDF' }),
  })
  .meta({ id: 'PortalReport', description: 'The investigation’s report as released to you' })
const MessageBody = z
  .object({ message: z.string().trim().min(1, 'Enter a message').max(20_000) })
  .meta({ id: 'PortalMessage' })

export const portalOperations: ApiModule = ({ app, registry, services }) => {
  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/investigations/:id/invitations',
    operationId: 'listInvitations',
    summary: 'Portal invitations on an investigation, newest first',
    tags: ['Family portal'],
    access: 'family:read',
    params: CaseParams,
    responses: { 200: { description: 'Every invitation (one page)', schema: pageOf(InvitationJson) } },
    async handler({ params, ctx }) {
      return { items: (await services.invitations.list(params.id, ctx)).map(invitationJson), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/investigations/:id/invitations',
    operationId: 'createInvitation',
    summary: 'Invite an interested person or their representative to the portal (the link goes by e-mail, once)',
    tags: ['Family portal'],
    access: 'family:contribute',
    params: CaseParams,
    body: NewInvitation,
    responses: { 201: { description: 'The invitation, on its way by e-mail', schema: InvitationJson } },
    async handler({ params, body, ctx }, _request, reply) {
      const invitation = await services.invitations.invite(params.id, body, ctx)
      return reply
        .code(201)
        .header('location', `/api/v1/investigations/${params.id}/invitations`)
        .send(invitationJson(invitation))
    },
  })

  defineOperation(app, registry, {
    method: 'delete',
    path: '/api/v1/invitations/:id',
    operationId: 'revokeInvitation',
    summary: 'Withdraw an invitation; one already accepted also ends the portal access it gave',
    tags: ['Family portal'],
    access: 'family:contribute',
    params: CaseParams,
    responses: { 204: { description: 'Withdrawn' } },
    async handler({ params, ctx }, _request, reply) {
      await services.invitations.revoke(params.id, ctx)
      return reply.code(204).send()
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases',
    operationId: 'listPortalCases',
    summary: 'The investigations you follow through the family portal',
    tags: ['Family portal'],
    access: 'portal:use',
    responses: { 200: { description: 'Your investigations (one page)', schema: pageOf(PortalCaseJson) } },
    async handler({ ctx }) {
      return { items: await services.portal.cases(ctx), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id',
    operationId: 'getPortalCase',
    summary: 'One investigation you follow: its progress and what happens next',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: { 200: { description: 'The investigation', schema: PortalCaseJson } },
    async handler({ params, ctx }) {
      return services.portal.overview(params.id, ctx)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id/report',
    operationId: 'getPortalReport',
    summary: 'The report as released to you, once it has been (each read is in the audit trail)',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: {
      200: { description: 'The released report', schema: PortalReport },
      404: { description: 'The report has not been released to you yet', problem: true },
    },
    async handler({ params, ctx }) {
      const report = await services.portal.releasedReport(params.id, ctx)
      if (!report) throw new NotFound('The released report')
      return {
        id: report.id,
        title: report.title,
        releasedAt: report.releasedAt.toISOString(),
        onPublicSite: report.onPublicSite,
        pdfUrl: `/api/v1/portal/cases/${params.id}/report/pdf`,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id/report/pdf',
    operationId: 'getPortalReportPdf',
    summary: 'The report as released to you, as a PDF (each download is in the audit trail)',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: {
      200: { description: 'The PDF bytes (Content-Type application/pdf); header X-Content-SHA256 gives its hash' },
      404: { description: 'The report has not been released to you yet', problem: true },
    },
    async handler({ params, ctx }, _request, reply) {
      const pdf = await services.portal.releasedReportPdf(params.id, ctx)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${pdf.filename}"`)
        .header('x-content-sha256', pdf.sha256)
        .header('cache-control', 'private, no-store')
        .send(pdf.bytes)
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id/updates',
    operationId: 'listPortalUpdates',
    summary: 'Keep-informed updates addressed to you, newest first',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: { 200: { description: 'Your updates (one page)', schema: pageOf(PortalUpdate) } },
    async handler({ params, ctx }) {
      return { items: await services.portal.updates(params.id, ctx), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id/meetings',
    operationId: 'listPortalMeetings',
    summary: 'Meetings with you, with their agenda and notes',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: { 200: { description: 'Your meetings (one page)', schema: pageOf(PortalMeeting) } },
    async handler({ params, ctx }) {
      return { items: await services.portal.meetings(params.id, ctx), nextCursor: null }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/portal/cases/:id/letters',
    operationId: 'listPortalLetters',
    summary: 'Letters sent to you',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    responses: { 200: { description: 'Your letters (one page)', schema: pageOf(PortalLetter) } },
    async handler({ params, ctx }) {
      return {
        items: (await services.portal.letters(params.id, ctx)).map((l) => ({ ...l, sentAt: l.sentAt.toISOString() })),
        nextCursor: null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'post',
    path: '/api/v1/portal/cases/:id/messages',
    operationId: 'sendPortalMessage',
    summary: 'Send a message to the investigation team',
    tags: ['Family portal'],
    access: 'portal:use',
    params: CaseParams,
    body: MessageBody,
    responses: {
      201: {
        description: 'Sent; it waits on the case for the team to review',
        schema: z.object({ id: z.uuid() }).meta({ id: 'PortalMessageSent' }),
      },
    },
    async handler({ params, body, ctx }, _request, reply) {
      const { ids } = await services.portal.submit(params.id, { message: body.message }, ctx)
      return reply.code(201).send({ id: ids[0]! })
    },
  })
}
