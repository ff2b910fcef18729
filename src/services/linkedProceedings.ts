/**
 * Linked proceedings (DOMAIN.md "Linked proceeding"): inquests (one can cover several deaths),
 * criminal trials, judicial reviews and civil claims, each linked to one or more investigations,
 * with a timeline of hearings and events, the people involved, documents, and the coroner's
 * prevention of future deaths reports with the force's 56-day response clock. An open inquest or
 * trial holds publication of every investigation it is linked to; its conclusion lifts the hold.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import { isPlainDate, londonDateOf } from '../domain/calendar.js'
import {
  PROCEEDING_KINDS,
  PROCEEDING_STATUSES,
  PROCEEDING_STATUS_LABELS,
  holdsByDefault,
  isProceedingConcluded,
  isProceedingKind,
  isProceedingStatus,
  proceedingChangesFor,
  proceedingHoldsPublication,
  proceedingMoves,
  proceedingTransition,
} from '../domain/linkedProceedings.js'
import type { CaseAction } from '../domain/policy.js'
import { ENGLAND_AND_WALES, preventionOfFutureDeathsResponseDue, type RuleSet } from '../domain/ruleSet.js'
import * as repo from '../data/repositories/linkedProceedings.js'
import * as investigations from '../data/repositories/investigations.js'
import * as referrals from '../data/repositories/referrals.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ValidationFailed } from './errors.js'
import { MAX_DOCUMENT_BYTES, safeFilename, safeMediaType, type UploadedFile } from './evidence.js'
import { parseOrThrow } from './investigations.js'
import { ensureProceedingHold, liftProceedingHolds } from './publicationHolds.js'
import type { DocumentStore } from './storage/documentStore.js'

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)
const date = (message: string) => z.string().trim().refine(isPlainDate, { message })
const optionalText = (max: number, label: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(max, `${label} must be ${max.toLocaleString('en-GB')} characters or fewer`)
      .optional(),
  )

export const LinkedProceedingInput = z.object({
  kind: z.enum(PROCEEDING_KINDS, { message: 'Choose the kind of proceeding' }),
  title: z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
  court: optionalText(300, 'Court'),
  courtReference: optionalText(100, 'Court reference'),
  openedOn: z.preprocess(emptyToUndefined, date('Enter a real date the proceeding opened').optional()),
  charge: optionalText(2000, 'Charge'),
  /** Whether it holds publication while open; by default an inquest or criminal trial does. */
  holdsPublication: z.boolean().optional(),
  /** For an inquest: the deaths it covers (people from the investigation's referrals). */
  involvedPersonIds: z.array(z.uuid()).max(50).default([]),
})
export type LinkedProceedingInputType = z.input<typeof LinkedProceedingInput>

export const ProceedingMoveInput = z.object({
  status: z.enum(PROCEEDING_STATUSES, { message: 'Choose the new status' }),
  on: date('Enter a real date'),
  description: optionalText(5000, 'Description'),
  conclusion: optionalText(20000, 'Conclusion'),
  juryFindings: optionalText(20000, 'Jury findings'),
  verdict: optionalText(2000, 'Verdict'),
  sentence: optionalText(2000, 'Sentence'),
})
export type ProceedingMoveInputType = z.input<typeof ProceedingMoveInput>

export const ProceedingEventInput = z.object({
  occurredOn: date('Enter a real date of the hearing or event'),
  kind: z
    .string()
    .trim()
    .min(1, 'Enter what kind of event it was (for example, pre-inquest review hearing)')
    .max(60, 'The kind must be 60 characters or fewer'),
  description: z
    .string()
    .trim()
    .min(1, 'Describe the event')
    .max(5000, 'Description must be 5,000 characters or fewer'),
})
export type ProceedingEventInputType = z.input<typeof ProceedingEventInput>

export const ProceedingPartyInput = z.object({
  role: z
    .string()
    .trim()
    .min(1, 'Enter the role (for example, coroner)')
    .max(100, 'Role must be 100 characters or fewer'),
  name: z.string().trim().min(1, 'Enter the name').max(200, 'Name must be 200 characters or fewer'),
  organisation: optionalText(200, 'Organisation'),
})
export type ProceedingPartyInputType = z.input<typeof ProceedingPartyInput>

export const PfdReportInput = z.object({
  issuedOn: date('Enter a real date the report was issued'),
  addressedTo: z
    .string()
    .trim()
    .min(1, 'Enter who the report is addressed to')
    .max(300, 'Must be 300 characters or fewer'),
  concerns: z
    .string()
    .trim()
    .min(1, 'Enter the coroner’s concerns')
    .max(20000, 'Concerns must be 20,000 characters or fewer'),
})
export type PfdReportInputType = z.input<typeof PfdReportInput>

export const PfdResponseInput = z.object({
  receivedOn: date('Enter a real date the response was sent'),
  summary: z.string().trim().min(1, 'Summarise the response').max(20000, 'Summary must be 20,000 characters or fewer'),
})
export type PfdResponseInputType = z.input<typeof PfdResponseInput>

export function linkedProceedingService(
  db: Kysely<Database>,
  store: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
) {
  const access = caseAccess(db)

  /**
   * The proceeding, if the actor may do `action` on one of the investigations it is linked to
   * (preferring a case the actor is on); a refusal is audited against that case.
   */
  async function requireProceeding(
    executor: Executor,
    ctx: RequestContext,
    proceedingId: string,
    action: CaseAction,
    forUpdate = false,
  ) {
    const actor = requireActor(ctx)
    if (!isUuid(proceedingId)) throw new NotFound('The linked proceeding')
    const proceeding = forUpdate
      ? await repo.findProceedingForUpdate(executor, proceedingId)
      : await repo.findProceeding(executor, proceedingId)
    if (!proceeding) throw new NotFound('The linked proceeding')
    const ids = await repo.investigationIdsOf(executor, proceedingId)
    let chosen = ids[0]
    for (const id of ids) {
      if ((await investigations.membership(executor, id, actor.userId)).length > 0) {
        chosen = id
        break
      }
    }
    if (!chosen) throw new NotFound('The linked proceeding')
    const loaded = await access.require(executor, ctx, chosen, action)
    return { proceeding, investigationIds: ids, loaded }
  }

  async function refreshDeadlines(trx: Executor, investigationIds: readonly string[]) {
    for (const id of investigationIds) {
      await investigations.refreshNextDeadline(trx, id)
      await investigations.touch(trx, id)
    }
  }

  async function detail(executor: Executor, proceeding: repo.LinkedProceedingRow) {
    const [linked, people, events, parties, documents, pfdReports] = await Promise.all([
      repo.linkedInvestigations(executor, proceeding.id),
      repo.involvedPeople(executor, proceeding.id),
      repo.events(executor, proceeding.id),
      repo.parties(executor, proceeding.id),
      repo.documents(executor, proceeding.id),
      repo.pfdReports(executor, proceeding.id),
    ])
    const status = isProceedingStatus(proceeding.status) ? proceeding.status : 'opened'
    const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
    return {
      proceeding,
      statusLabel: PROCEEDING_STATUS_LABELS[status],
      nextStatuses: proceedingMoves(kind, status).map((s) => ({ status: s, label: PROCEEDING_STATUS_LABELS[s] })),
      investigations: linked,
      involvedPeople: people,
      events,
      parties,
      documents,
      pfdReports,
    }
  }

  return {
    /** Records a proceeding and links it to the investigation; an open inquest or trial holds its publication. */
    async create(investigationId: string, input: LinkedProceedingInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(LinkedProceedingInput, input)
      if (data.kind !== 'inquest' && data.involvedPersonIds.length)
        throw new ValidationFailed([{ path: 'involvedPersonIds', message: 'Only an inquest covers deaths' }])
      if (data.kind !== 'criminal_trial' && data.charge)
        throw new ValidationFailed([{ path: 'charge', message: 'Only a criminal trial has a charge' }])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'linked-proceedings:manage', { forUpdate: true })
        if (data.involvedPersonIds.length) {
          const people = await referrals.involvedPeople(
            trx,
            (await referrals.forInvestigation(trx, investigationId)).map((r) => r.id),
          )
          const known = new Set(people.map((p) => p.id))
          if (!data.involvedPersonIds.every((id) => known.has(id)))
            throw new ValidationFailed([
              { path: 'involvedPersonIds', message: 'Choose people named in this investigation’s referrals' },
            ])
        }
        const proceeding = await repo.insertProceeding(trx, {
          id: uuidv7(),
          kind: data.kind,
          title: data.title,
          court: data.court ?? null,
          court_reference: data.courtReference ?? null,
          status: 'opened',
          opened_on: data.openedOn ?? null,
          quashed_on: null,
          fresh_inquest_ordered_on: null,
          concluded_on: null,
          conclusion: null,
          jury_findings: null,
          charge: data.charge ?? null,
          verdict: null,
          sentence: null,
          holds_publication: data.holdsPublication ?? holdsByDefault(data.kind),
          created_by: actor.userId,
        })
        await repo.link(trx, investigationId, proceeding.id)
        await repo.addInvolvedPeople(trx, proceeding.id, [...new Set(data.involvedPersonIds)])
        await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.openedOn ?? londonDateOf(new Date()),
          kind: 'Opened',
          description: `${proceeding.title} recorded`,
          status_after: 'opened',
          recorded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: investigationId,
          detail: {
            after: {
              kind: proceeding.kind,
              title: proceeding.title,
              court: proceeding.court,
              holdsPublication: proceeding.holds_publication,
              deaths: data.involvedPersonIds.length,
            },
          },
        })
        const hold = proceedingHoldsPublication({
          kind: data.kind,
          status: 'opened',
          holdsPublication: proceeding.holds_publication,
        })
          ? await ensureProceedingHold(trx, ctx, investigationId, proceeding)
          : null
        await investigations.touch(trx, investigationId)
        return { proceeding, hold }
      })
    },

    /** Links an existing proceeding to another investigation (a proceeding can concern several). */
    async link(investigationId: string, proceedingId: string, ctx: RequestContext) {
      return access.transaction(ctx, async (trx) => {
        const { proceeding } = await requireProceeding(trx, ctx, proceedingId, 'linked-proceedings:manage', true)
        await access.require(trx, ctx, investigationId, 'linked-proceedings:manage', { forUpdate: true })
        const added = await repo.link(trx, investigationId, proceeding.id)
        if (!added)
          throw new ValidationFailed([
            { path: 'proceedingId', message: 'The proceeding is already linked to this investigation' },
          ])
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.linked',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: investigationId,
          detail: { after: { investigationId } },
        })
        const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
        const hold = proceedingHoldsPublication({
          kind,
          status: proceeding.status,
          holdsPublication: proceeding.holds_publication,
        })
          ? await ensureProceedingHold(trx, ctx, investigationId, proceeding)
          : null
        await refreshDeadlines(trx, [investigationId])
        return { proceeding, hold }
      })
    },

    /** Proceedings of the actor's other cases that could be linked to this one too. */
    async linkCandidates(investigationId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      await access.require(db, ctx, investigationId, 'linked-proceedings:manage')
      return repo.linkCandidates(db, investigationId, actor.userId)
    },

    async listForInvestigation(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const rows = await repo.proceedingsOfInvestigation(db, investigationId)
      return rows.map((p) => ({
        ...p,
        statusLabel: isProceedingStatus(p.status) ? PROCEEDING_STATUS_LABELS[p.status] : p.status,
      }))
    },

    /** The proceeding with its investigations, deaths, timeline, parties, documents and PFD reports. */
    async get(proceedingId: string, ctx: RequestContext) {
      const { proceeding, loaded } = await requireProceeding(db, ctx, proceedingId, 'investigation:read-case-file')
      const result = await detail(db, proceeding)
      if (result.involvedPeople.length) {
        await auditTrail.record(db, ctx, {
          action: 'linked-proceeding.read',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { fields: ['involved_people.full_name', 'involved_people.date_of_death', 'proceeding_parties.name'] },
        })
      }
      return {
        ...result,
        canManage: access.may(ctx, 'linked-proceedings:manage', loaded),
        viewedFrom: loaded.investigation.id,
      }
    },

    /**
     * Moves the proceeding through its states (the domain decides), recording the move on its
     * timeline. Concluding lifts the holds it imposed; a quashed inquest holds publication again.
     */
    async changeStatus(
      proceedingId: string,
      input: ProceedingMoveInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProceedingMoveInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, investigationIds } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        if (proceeding.version !== expectedVersion) throw new Conflict()
        const kind = isProceedingKind(proceeding.kind) ? proceeding.kind : 'inquest'
        const status = isProceedingStatus(proceeding.status) ? proceeding.status : 'opened'
        const move = {
          to: data.status,
          on: data.on,
          conclusion: data.conclusion ?? null,
          juryFindings: data.juryFindings ?? null,
          verdict: data.verdict ?? null,
          sentence: data.sentence ?? null,
        }
        const result = proceedingTransition({ kind, status, openedOn: proceeding.opened_on }, move)
        if (!result.ok) throw new ValidationFailed(result.problems)
        const updated = await repo.updateProceeding(
          trx,
          proceeding.id,
          { status: data.status, ...proceedingChangesFor(move) },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        const label = PROCEEDING_STATUS_LABELS[data.status]
        await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.on,
          kind: label,
          description: data.description ?? [label, move.conclusion, move.verdict].filter(Boolean).join(': '),
          status_after: data.status,
          recorded_by: actor.userId,
        })
        for (const id of investigationIds) {
          await auditTrail.record(trx, ctx, {
            action: 'linked-proceeding.status-changed',
            entityType: 'linked_proceeding',
            entityId: proceeding.id,
            caseId: id,
            detail: { before: { status }, after: { status: data.status, on: data.on } },
          })
        }
        if (isProceedingConcluded(data.status)) await liftProceedingHolds(trx, ctx, updated, data.on)
        else if (
          proceedingHoldsPublication({ kind, status: data.status, holdsPublication: updated.holds_publication })
        ) {
          for (const id of investigationIds) await ensureProceedingHold(trx, ctx, id, updated)
        }
        await refreshDeadlines(trx, investigationIds)
        return updated
      })
    },

    async addEvent(proceedingId: string, input: ProceedingEventInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ProceedingEventInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const event = await repo.insertEvent(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          occurred_on: data.occurredOn,
          kind: data.kind,
          description: data.description,
          status_after: null,
          recorded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.event-recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { occurredOn: event.occurred_on, kind: event.kind } },
        })
        return event
      })
    },

    async addParty(proceedingId: string, input: ProceedingPartyInputType, ctx: RequestContext) {
      const data = parseOrThrow(ProceedingPartyInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const party = await repo.insertParty(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          role: data.role,
          name: data.name,
          organisation: data.organisation ?? null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.party-added',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { role: party.role, name: party.name, organisation: party.organisation } },
        })
        return party
      })
    },

    async addDocument(proceedingId: string, input: { title: string }, file: UploadedFile, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const title = parseOrThrow(
        z.string().trim().min(1, 'Enter a title').max(300, 'Title must be 300 characters or fewer'),
        input.title,
      )
      if (file.bytes.byteLength === 0)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file is empty' }])
      if (file.bytes.byteLength > MAX_DOCUMENT_BYTES)
        throw new ValidationFailed([{ path: 'file', message: 'The selected file must be smaller than 50 MB' }])
      await requireProceeding(db, ctx, proceedingId, 'linked-proceedings:manage')
      const stored = await store.put(file.bytes)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        const row = await repo.insertDocument(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          title,
          sha256: stored.sha256,
          filename: safeFilename(file.filename),
          media_type: safeMediaType(file.mediaType),
          size_bytes: stored.size,
          uploaded_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'linked-proceeding.document-uploaded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: { after: { documentId: row.id, title, sha256: row.sha256, sizeBytes: row.size_bytes } },
        })
        return row
      })
    },

    async documentContent(proceedingId: string, documentId: string, ctx: RequestContext) {
      await requireProceeding(db, ctx, proceedingId, 'investigation:read-case-file')
      const document = isUuid(documentId) ? await repo.findDocument(db, documentId) : undefined
      if (!document || document.proceeding_id !== proceedingId) throw new NotFound('The document')
      const bytes = await store.get(document.sha256)
      if (!bytes) throw new NotFound('The document’s content')
      return { document, bytes }
    },

    /** Records the coroner's report; the force's response is due 56 days after it was issued. */
    async addPfdReport(proceedingId: string, input: PfdReportInputType, ctx: RequestContext) {
      const data = parseOrThrow(PfdReportInput, input)
      return access.transaction(ctx, async (trx) => {
        const { proceeding, investigationIds, loaded } = await requireProceeding(
          trx,
          ctx,
          proceedingId,
          'linked-proceedings:manage',
          true,
        )
        if (proceeding.kind !== 'inquest')
          throw new ValidationFailed([
            { path: 'issuedOn', message: 'Only an inquest’s coroner issues a prevention of future deaths report' },
          ])
        const report = await repo.insertPfdReport(trx, {
          id: uuidv7(),
          proceeding_id: proceeding.id,
          issued_on: data.issuedOn,
          addressed_to: data.addressedTo,
          concerns: data.concerns,
          response_due_on: preventionOfFutureDeathsResponseDue(data.issuedOn, rules),
          response_received_on: null,
          response_summary: null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'pfd-report.recorded',
          entityType: 'linked_proceeding',
          entityId: proceeding.id,
          caseId: loaded.investigation.id,
          detail: {
            after: {
              reportId: report.id,
              issuedOn: report.issued_on,
              addressedTo: report.addressed_to,
              responseDueOn: report.response_due_on,
            },
          },
        })
        await refreshDeadlines(trx, investigationIds)
        return report
      })
    },

    /** Records the force's response, stopping the 56-day clock. */
    async recordPfdResponse(
      reportId: string,
      input: PfdResponseInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(PfdResponseInput, input)
      return access.transaction(ctx, async (trx) => {
        if (!isUuid(reportId)) throw new NotFound('The prevention of future deaths report')
        const report = await repo.findPfdReportForUpdate(trx, reportId)
        if (!report) throw new NotFound('The prevention of future deaths report')
        const { investigationIds, loaded } = await requireProceeding(
          trx,
          ctx,
          report.proceeding_id,
          'linked-proceedings:manage',
          true,
        )
        if (report.version !== expectedVersion) throw new Conflict()
        if (data.receivedOn < report.issued_on)
          throw new ValidationFailed([
            { path: 'receivedOn', message: 'The response cannot be dated before the report was issued' },
          ])
        const updated = await repo.recordPfdResponse(
          trx,
          report.id,
          { response_received_on: data.receivedOn, response_summary: data.summary },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'pfd-report.responded',
          entityType: 'linked_proceeding',
          entityId: report.proceeding_id,
          caseId: loaded.investigation.id,
          detail: {
            before: { responseReceivedOn: report.response_received_on },
            after: { reportId: report.id, responseReceivedOn: data.receivedOn },
          },
        })
        await refreshDeadlines(trx, investigationIds)
        return updated
      })
    },
  }
}

export type LinkedProceedingService = ReturnType<typeof linkedProceedingService>
