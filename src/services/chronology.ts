/**
 * The chronology: every dated event of the case and of the underlying facts, linked to the
 * case's subjects and documents, with missed opportunities (points where the force could have
 * acted differently) flagged and explained, so they are visible early. Read oldest first in
 * keyset pages; exported to CSV a page at a time, so a case of a million events streams in
 * flat memory. Every change is versioned and audited.
 */
import * as documentsRepo from '../data/repositories/documents.js'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import { isPlainDate } from '../domain/calendar.js'
import { csvRow } from '../domain/csv.js'
import * as chronology from '../data/repositories/chronology.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Database } from '../data/schema.js'
import type { Executor } from '../data/database.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './investigations.js'

export const CHRONOLOGY_KINDS = ['underlying_fact', 'investigation'] as const
export type ChronologyKind = (typeof CHRONOLOGY_KINDS)[number]
export const CHRONOLOGY_KIND_LABELS: Record<ChronologyKind, string> = {
  underlying_fact: 'Underlying fact',
  investigation: 'Investigation event',
}

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

const EventFields = z.object({
  occurredOn: z.string().trim().refine(isPlainDate, { message: 'Enter a real date the event happened' }),
  occurredTime: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter the time as hours and minutes on the 24-hour clock, like 14:05')
      .optional(),
  ),
  kind: z.enum(CHRONOLOGY_KINDS, { message: 'Choose whether this is an underlying fact or an investigation event' }),
  title: z.string().trim().min(1, 'Enter what happened').max(300, 'What happened must be 300 characters or fewer'),
  description: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(20000, 'Description must be 20,000 characters or fewer').optional(),
  ),
  missedOpportunity: z.boolean({ message: 'Choose whether this was a missed opportunity' }),
  missedOpportunityReason: z.preprocess(
    emptyToUndefined,
    z.string().trim().max(5000, 'The reason must be 5,000 characters or fewer').optional(),
  ),
  subjectIds: z
    .array(z.uuid({ message: 'Choose subjects of this investigation' }))
    .max(200, 'Link at most 200 subjects'),
  documentIds: z
    .array(z.uuid({ message: 'Choose documents of this investigation' }))
    .max(200, 'Link at most 200 documents'),
})

export const ChronologyEventInput = EventFields.extend({
  missedOpportunity: EventFields.shape.missedOpportunity.default(false),
  subjectIds: EventFields.shape.subjectIds.default([]),
  documentIds: EventFields.shape.documentIds.default([]),
}).superRefine((v, ctx) => {
  if (v.missedOpportunity && !v.missedOpportunityReason) {
    ctx.addIssue({
      code: 'custom',
      path: ['missedOpportunityReason'],
      message: 'Enter why this was a missed opportunity',
    })
  }
})
export type ChronologyEventInputType = z.input<typeof ChronologyEventInput>
/** A change to an event: any of its fields; the rest stay as they are. */
export const ChronologyEventChange = EventFields.partial()
export type ChronologyEventChangeType = z.input<typeof ChronologyEventChange>

export interface TimelineQuery {
  kind?: ChronologyKind
  missedOnly?: boolean
  from?: string
  to?: string
  subjectId?: string
}

export const TimelinePosition = z.object({
  occurredOn: z.string().refine(isPlainDate),
  occurredTime: z
    .string()
    .regex(/^\d\d:\d\d:\d\d$/)
    .nullable(),
  id: z.uuid(),
})

type EventRow = Awaited<ReturnType<typeof chronology.findById>> & {}

export interface ChronologyEvent {
  id: string
  investigationId: string
  occurredOn: string
  occurredTime: string | null
  kind: ChronologyKind
  title: string
  description: string | null
  missedOpportunity: boolean
  missedOpportunityReason: string | null
  subjects: { id: string; name: string }[]
  documents: { id: string; exhibitReference: string; title: string; withdrawn: boolean }[]
  createdAt: Date
  updatedAt: Date
  version: number
}

/** 'HH:MM:SS' or 'HH:MM' from the database → 'HH:MM'. */
const hhmm = (t: string | null) => (t ? t.slice(0, 5) : null)

function auditView(e: {
  occurred_on: string
  occurred_time: string | null
  kind: string
  title: string
  missed_opportunity: boolean
  subject_ids: string[]
  document_ids: string[]
}) {
  return {
    occurredOn: e.occurred_on,
    occurredTime: hhmm(e.occurred_time),
    kind: e.kind,
    title: e.title,
    missedOpportunity: e.missed_opportunity,
    subjectIds: e.subject_ids,
    documentIds: e.document_ids,
  }
}

export function chronologyService(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function checkLinks(trx: Executor, investigationId: string, subjectIds: string[], documentIds: string[]) {
    const problems = []
    const subjects = await chronology.subjectsOfCase(trx, investigationId, subjectIds)
    if (subjects.length !== subjectIds.length)
      problems.push({ path: 'subjectIds', message: 'Choose subjects of this investigation' })
    const documents = await chronology.documentsOfCase(trx, investigationId, documentIds)
    if (documents.length !== documentIds.length)
      problems.push({ path: 'documentIds', message: 'Choose documents of this investigation' })
    if (problems.length) throw new ValidationFailed(problems)
  }

  /** Adds the names of linked subjects and the references of linked documents. */
  async function present(executor: Executor, investigationId: string, rows: EventRow[]): Promise<ChronologyEvent[]> {
    const subjectIds = [...new Set(rows.flatMap((r) => r.subject_ids))]
    const documentIds = [...new Set(rows.flatMap((r) => r.document_ids))]
    const [subjects, documents] = await Promise.all([
      chronology.subjectsOfCase(executor, investigationId, subjectIds),
      chronology.documentsOfCase(executor, investigationId, documentIds),
    ])
    const subjectById = new Map(
      subjects.map((s) => [
        s.id,
        { id: s.id, name: `${s.rank_at_time ? `${s.rank_at_time} ` : ''}${s.given_name} ${s.family_name}` },
      ]),
    )
    const documentById = new Map(
      documents.map((d) => [
        d.id,
        { id: d.id, exhibitReference: d.exhibit_reference, title: d.title, withdrawn: d.withdrawn_at !== null },
      ]),
    )
    return rows.map((r) => ({
      id: r.id,
      investigationId: r.investigation_id,
      occurredOn: r.occurred_on,
      occurredTime: hhmm(r.occurred_time),
      kind: r.kind,
      title: r.title,
      description: r.description,
      missedOpportunity: r.missed_opportunity,
      missedOpportunityReason: r.missed_opportunity_reason,
      subjects: r.subject_ids.flatMap((id) => subjectById.get(id) ?? []),
      documents: r.document_ids.flatMap((id) => documentById.get(id) ?? []),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    }))
  }

  async function loadEvent(executor: Executor, eventId: string, forUpdate = false) {
    if (!isUuid(eventId)) throw new NotFound('The chronology event')
    const row = forUpdate
      ? await chronology.findByIdForUpdate(executor, eventId)
      : await chronology.findById(executor, eventId)
    if (!row) throw new NotFound('The chronology event')
    return row
  }

  async function page(
    executor: Executor,
    investigationId: string,
    filter: TimelineQuery,
    after: chronology.TimelinePosition | undefined,
    limit: number,
  ) {
    const rows = await chronology.timeline(executor, {
      investigationId,
      ...filter,
      ...(after ? { after } : {}),
      limit: limit + 1,
    })
    const shown = rows.slice(0, limit)
    const last = shown[shown.length - 1]
    const next: chronology.TimelinePosition | null =
      rows.length > limit && last
        ? { occurredOn: last.occurred_on, occurredTime: last.occurred_time_key, id: last.id }
        : null
    return { rows: shown, next }
  }

  return {
    /** Records an event on the chronology. */
    async add(investigationId: string, input: ChronologyEventInputType, ctx: RequestContext): Promise<ChronologyEvent> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ChronologyEventInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'investigation:contribute')
        const subjectIds = [...new Set(data.subjectIds)]
        const documentIds = [...new Set(data.documentIds)]
        await checkLinks(trx, investigationId, subjectIds, documentIds)
        const row = await chronology.insert(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          occurred_on: data.occurredOn,
          occurred_time: data.occurredTime ?? null,
          kind: data.kind,
          title: data.title,
          description: data.description ?? null,
          missed_opportunity: data.missedOpportunity,
          missed_opportunity_reason: data.missedOpportunity ? (data.missedOpportunityReason ?? null) : null,
          subject_ids: subjectIds,
          document_ids: documentIds,
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'chronology-event.added',
          entityType: 'chronology_event',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: auditView(row) },
        })
        return (await present(trx, investigationId, [row]))[0]!
      })
    },

    /** Changes an event; expectedVersion guards against overwriting someone else's edit. */
    async update(
      eventId: string,
      changes: ChronologyEventChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<ChronologyEvent> {
      const partial = parseOrThrow(ChronologyEventChange, changes)
      return access.transaction(ctx, async (trx) => {
        const current = await loadEvent(trx, eventId, true)
        await access.require(trx, ctx, current.investigation_id, 'investigation:contribute')
        if (current.version !== expectedVersion) throw new Conflict()
        const merged = parseOrThrow(ChronologyEventInput, {
          occurredOn: current.occurred_on,
          occurredTime: hhmm(current.occurred_time) ?? undefined,
          kind: current.kind,
          title: current.title,
          description: current.description ?? undefined,
          missedOpportunity: current.missed_opportunity,
          missedOpportunityReason: current.missed_opportunity_reason ?? undefined,
          subjectIds: current.subject_ids,
          documentIds: current.document_ids,
          ...Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)),
          // An explicit clearing of the optional texts and time is a change too.
          ...('description' in changes && partial.description === undefined ? { description: undefined } : {}),
          ...('occurredTime' in changes && partial.occurredTime === undefined ? { occurredTime: undefined } : {}),
          ...('missedOpportunityReason' in changes && partial.missedOpportunityReason === undefined
            ? { missedOpportunityReason: undefined }
            : {}),
        })
        const subjectIds = [...new Set(merged.subjectIds)]
        const documentIds = [...new Set(merged.documentIds)]
        await checkLinks(trx, current.investigation_id, subjectIds, documentIds)
        const updated = await chronology.update(
          trx,
          eventId,
          {
            occurred_on: merged.occurredOn,
            occurred_time: merged.occurredTime ?? null,
            kind: merged.kind,
            title: merged.title,
            description: merged.description ?? null,
            missed_opportunity: merged.missedOpportunity,
            missed_opportunity_reason: merged.missedOpportunity ? (merged.missedOpportunityReason ?? null) : null,
            subject_ids: subjectIds,
            document_ids: documentIds,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'chronology-event.changed',
          entityType: 'chronology_event',
          entityId: eventId,
          caseId: current.investigation_id,
          detail: { before: auditView(current), after: auditView(updated) },
        })
        return (await present(trx, current.investigation_id, [updated]))[0]!
      })
    },

    /** One event (an audited read of the case file). */
    async get(eventId: string, ctx: RequestContext): Promise<ChronologyEvent> {
      const row = await loadEvent(db, eventId)
      await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'chronology-event.read',
        entityType: 'chronology_event',
        entityId: eventId,
        caseId: row.investigation_id,
      })
      return (await present(db, row.investigation_id, [row]))[0]!
    },

    /**
     * One page of the timeline, oldest first, filtered; `next` is the position to pass as
     * `after` for the following page (null on the last).
     */
    async timeline(
      investigationId: string,
      ctx: RequestContext,
      options: TimelineQuery & { after?: chronology.TimelinePosition; limit?: number } = {},
    ) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const { after, limit: _limit, ...filter } = options
      const { rows, next } = await page(db, investigationId, filter, after, limit)
      await auditTrail.record(db, ctx, {
        action: 'chronology.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { filter, events: rows.length },
      })
      return { items: await present(db, investigationId, rows), next }
    },

    /** Subjects of the case, for the link and filter choices. */
    async linkChoices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const [subjects, documents] = await Promise.all([
        chronology.allSubjectsOfCase(db, investigationId),
        documentsRepo.linkChoices(db, investigationId),
      ])
      return {
        subjects: subjects.map((s) => ({
          id: s.id,
          name: `${s.rank_at_time ? `${s.rank_at_time} ` : ''}${s.given_name} ${s.family_name}`,
          warrantNumber: s.warrant_number,
        })),
        documents: documents.map((d) => ({
          id: d.id,
          exhibitReference: d.exhibit_reference,
          title: d.title,
          withdrawn: d.withdrawn_at !== null,
        })),
      }
    },

    /**
     * The whole (filtered) chronology as CSV lines, header first. Access is checked and the
     * export audited before the first line; the lines are then read a page at a time, so memory
     * stays flat however long the chronology is.
     */
    async exportCsv(
      investigationId: string,
      ctx: RequestContext,
      filter: TimelineQuery = {},
      pageSize = 1000,
    ): Promise<{ reference: string; lines: AsyncIterable<string> }> {
      const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'chronology.exported',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { filter, format: 'csv' },
      })
      async function* lines(): AsyncGenerator<string> {
        yield csvRow([
          'Date',
          'Time',
          'Kind',
          'What happened',
          'Description',
          'Missed opportunity',
          'Why it was missed',
          'Subjects',
          'Documents',
          'Event id',
          'Version',
        ])
        let after: chronology.TimelinePosition | undefined
        for (;;) {
          const { rows, next } = await page(db, investigationId, filter, after, pageSize)
          const events = await present(db, investigationId, rows)
          yield events
            .map((e) =>
              csvRow([
                e.occurredOn,
                e.occurredTime,
                CHRONOLOGY_KIND_LABELS[e.kind],
                e.title,
                e.description,
                e.missedOpportunity ? 'Yes' : 'No',
                e.missedOpportunityReason,
                e.subjects.map((s) => s.name).join('; '),
                e.documents.map((d) => d.exhibitReference).join('; '),
                e.id,
                e.version,
              ]),
            )
            .join('')
          if (!next) return
          after = next
        }
      }
      return { reference: investigation.reference, lines: lines() }
    },
  }
}

export type ChronologyService = ReturnType<typeof chronologyService>
