/**
 * Disclosure schedules (domain/disclosure.ts): the investigators list the material gathered as
 * used or unused (sensitive or not, with a description that does not reveal what is sensitive);
 * the lead, as disclosure officer, issues a version — a frozen snapshot that never changes — and
 * further material goes into the next version. Schedules export as PDF and CSV (audited), a given
 * issued version or the working draft clearly marked as not issued.
 */
import pdfmake from 'pdfmake'
import type { Content } from 'pdfmake'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import {
  DISCLOSURE_CATEGORIES,
  SCHEDULE_PARTS,
  SCHEDULE_PART_LABELS,
  disclosureScheduleReference,
  changesSinceIssue,
  issueRule,
  partOf,
  type ChangesSinceIssue,
  type DisclosureCategory,
  type DisclosureSnapshotItem,
} from '../domain/disclosure.js'
import { csvRow } from '../domain/csv.js'
import { londonDateOf, longDate } from '../domain/calendar.js'
import * as repo from '../data/repositories/disclosure.js'
import * as actionsRepo from '../data/repositories/actions.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './validation.js'
import { optionalText, requiredText } from './workFields.js'

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0]

export const ScheduleInput = z.object({
  title: requiredText(300, 'the title'),
  purpose: optionalText(2000, 'what the schedule is for'),
})
export type ScheduleInputType = z.input<typeof ScheduleInput>

export const ItemInput = z
  .object({
    category: z.enum(DISCLOSURE_CATEGORIES, { message: 'Choose used or unused' }),
    sensitive: z.boolean().default(false),
    description: requiredText(5000, 'a description that does not reveal anything sensitive'),
    sensitivityReason: optionalText(5000, 'why it is sensitive'),
    documentId: z.preprocess(
      (v) => (v === '' || v === null ? undefined : v),
      z.uuid({ message: 'Choose a document of this investigation’s evidence register' }).optional(),
    ),
    location: optionalText(500, 'where the material is kept'),
  })
  .superRefine((v, ctx) => {
    if (v.category === 'used' && v.sensitive)
      ctx.addIssue({ code: 'custom', path: ['sensitive'], message: 'Only unused material is marked sensitive' })
    if (v.sensitive && !v.sensitivityReason)
      ctx.addIssue({ code: 'custom', path: ['sensitivityReason'], message: 'Enter why the material is sensitive' })
    if (!v.sensitive && v.sensitivityReason)
      ctx.addIssue({
        code: 'custom',
        path: ['sensitivityReason'],
        message: 'Only sensitive material has a reason for its sensitivity',
      })
  })
export type ItemInputType = z.input<typeof ItemInput>

export interface ScheduleSummary {
  id: string
  investigationId: string
  number: number
  reference: string
  title: string
  purpose: string | null
  itemCount: number
  issuedVersion: number
  createdAt: Date
  updatedAt: Date
  version: number
}

export interface ScheduleItem extends DisclosureSnapshotItem {
  id: string
  documentId: string | null
  addedBy: string
  addedAt: Date
}

const summary = (r: repo.ScheduleRow): ScheduleSummary => ({
  id: r.id,
  investigationId: r.investigation_id,
  number: r.number,
  reference: disclosureScheduleReference(r.number),
  title: r.title,
  purpose: r.purpose,
  itemCount: r.item_count - r.removed_item_count,
  issuedVersion: r.issued_version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
})

const itemView = (r: repo.ItemRow): ScheduleItem => ({
  id: r.id,
  number: r.number,
  category: r.category,
  sensitive: r.sensitive,
  description: r.description,
  sensitivityReason: r.sensitivity_reason,
  documentId: r.document_id,
  exhibitReference: r.exhibit_reference ?? null,
  documentSha256: r.sha256 ?? null,
  location: r.location,
  addedBy: r.added_by_name ?? 'Unknown person',
  addedAt: r.added_at,
})

const snapshot = (i: ScheduleItem): DisclosureSnapshotItem => ({
  number: i.number,
  category: i.category,
  sensitive: i.sensitive,
  description: i.description,
  sensitivityReason: i.sensitivityReason,
  exhibitReference: i.exhibitReference,
  documentSha256: i.documentSha256,
  location: i.location,
})

export function disclosureService(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function load(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) throw new NotFound('The disclosure schedule')
    const row = await repo.findSchedule(executor, id, forUpdate)
    if (!row) throw new NotFound('The disclosure schedule')
    return row
  }

  /**
   * The items of a version (frozen) or, without one, the working list; with what heads the export
   * and how it differs from the version before it (so a reader of version 2 sees what moved on).
   */
  async function contentOf(schedule: repo.ScheduleRow, version: number | undefined) {
    const snapshotOf = async (n: number) =>
      n > 0 ? ((await repo.findVersion(db, schedule.id, n))?.items as DisclosureSnapshotItem[] | undefined) : undefined
    if (version === undefined) {
      const items = (await repo.itemsOf(db, schedule.id)).map(itemView).map(snapshot)
      const previous = await snapshotOf(schedule.issued_version)
      return {
        items,
        issued: null as null | { version: number; issuedAt: Date; issuedBy: string },
        since: previous ? { version: schedule.issued_version, ...changesSinceIssue(items, previous) } : null,
      }
    }
    const v = await repo.findVersion(db, schedule.id, version)
    if (!v) throw new NotFound('That version of the schedule')
    const items = v.items as DisclosureSnapshotItem[]
    const previous = await snapshotOf(version - 1)
    return {
      items,
      issued: { version: v.version, issuedAt: v.issued_at, issuedBy: v.issued_by_name },
      since: previous ? { version: version - 1, ...changesSinceIssue(items, previous) } : null,
    }
  }

  /** Loads the schedule for a change to its working list: locked, the caller's to prepare, at the version they saw. */
  async function forItemChange(
    trx: Executor,
    scheduleId: string,
    itemId: string,
    expectedVersion: number,
    ctx: RequestContext,
  ) {
    const current = await load(trx, scheduleId, true)
    await access.require(trx, ctx, current.investigation_id, 'disclosure:prepare')
    if (current.version !== expectedVersion) throw new Conflict()
    const item = isUuid(itemId) ? await repo.findItem(trx, scheduleId, itemId) : undefined
    if (!item) throw new NotFound('The item on the schedule')
    return { current, item }
  }

  const itemAudit = (i: repo.ItemRow | Awaited<ReturnType<typeof repo.findItem>>) => ({
    number: i!.number,
    category: i!.category,
    sensitive: i!.sensitive,
    description: i!.description,
    // The reason is for the prosecutor only: the audit says whether one is held, not what it says.
    sensitivityReasonHeld: i!.sensitivity_reason !== null,
    documentId: i!.document_id,
    location: i!.location,
  })

  return {
    async create(investigationId: string, input: ScheduleInputType, ctx: RequestContext): Promise<ScheduleSummary> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ScheduleInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'disclosure:prepare')
        const row = await repo.insertSchedule(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await actionsRepo.nextNumber(trx, investigationId, 'disclosure_schedule'),
          title: data.title,
          purpose: data.purpose ?? null,
          created_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'disclosure-schedule.created',
          entityType: 'disclosure_schedule',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: { number: row.number, title: row.title } },
        })
        return summary(row)
      })
    },

    /** Lists material on the schedule (If-Match on the schedule: items are numbered in the order added). */
    async addItem(scheduleId: string, input: ItemInputType, expectedVersion: number, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ItemInput, input)
      return access.transaction(ctx, async (trx) => {
        const current = await load(trx, scheduleId, true)
        await access.require(trx, ctx, current.investigation_id, 'disclosure:prepare')
        if (current.version !== expectedVersion) throw new Conflict()
        if (
          data.documentId &&
          (await actionsRepo.idsOfCase(trx, 'documents', current.investigation_id, [data.documentId])).length !== 1
        )
          throw new ValidationFailed([{ path: 'documentId', message: 'Choose a document of this investigation' }])
        const number = current.item_count + 1
        const item = await repo.insertItem(trx, {
          id: uuidv7(),
          schedule_id: scheduleId,
          number,
          category: data.category,
          sensitive: data.sensitive,
          description: data.description,
          sensitivity_reason: data.sensitive ? (data.sensitivityReason ?? null) : null,
          document_id: data.documentId ?? null,
          location: data.location ?? null,
          added_by: actor.userId,
        })
        const updated = await repo.bumpSchedule(trx, scheduleId, expectedVersion, { item_count: number })
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'disclosure-item.added',
          entityType: 'disclosure_schedule',
          entityId: scheduleId,
          caseId: current.investigation_id,
          detail: {
            after: { number, category: item.category, sensitive: item.sensitive, documentId: item.document_id },
          },
        })
        return summary(updated)
      })
    },

    /**
     * Changes an item on the working list (If-Match on the schedule, as adding one). The versions
     * already issued keep what they said; the next version carries the change.
     */
    async changeItem(
      scheduleId: string,
      itemId: string,
      input: ItemInputType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<ScheduleSummary> {
      const data = parseOrThrow(ItemInput, input)
      return access.transaction(ctx, async (trx) => {
        const { current, item } = await forItemChange(trx, scheduleId, itemId, expectedVersion, ctx)
        if (
          data.documentId &&
          (await actionsRepo.idsOfCase(trx, 'documents', current.investigation_id, [data.documentId])).length !== 1
        )
          throw new ValidationFailed([{ path: 'documentId', message: 'Choose a document of this investigation' }])
        const changed = await repo.updateItem(trx, itemId, {
          category: data.category,
          sensitive: data.sensitive,
          description: data.description,
          sensitivity_reason: data.sensitive ? (data.sensitivityReason ?? null) : null,
          document_id: data.documentId ?? null,
          location: data.location ?? null,
        })
        const updated = await repo.bumpSchedule(trx, scheduleId, expectedVersion, {})
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'disclosure-item.changed',
          entityType: 'disclosure_schedule',
          entityId: scheduleId,
          caseId: current.investigation_id,
          detail: { itemId, before: itemAudit(item), after: itemAudit(changed) },
        })
        return summary(updated)
      })
    },

    /**
     * Takes an item off the working list (If-Match on the schedule). Its number is not used again,
     * the audit trail keeps what it said, and the versions already issued still list it.
     */
    async removeItem(scheduleId: string, itemId: string, expectedVersion: number, ctx: RequestContext) {
      return access.transaction(ctx, async (trx) => {
        const { current, item } = await forItemChange(trx, scheduleId, itemId, expectedVersion, ctx)
        await repo.deleteItem(trx, itemId)
        const updated = await repo.bumpSchedule(trx, scheduleId, expectedVersion, {
          removed_item_count: current.removed_item_count + 1,
        })
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'disclosure-item.removed',
          entityType: 'disclosure_schedule',
          entityId: scheduleId,
          caseId: current.investigation_id,
          detail: { itemId, before: itemAudit(item) },
        })
        return summary(updated)
      })
    },

    /** The lead issues the schedule as it stands: a new version, frozen from then on. */
    async issue(scheduleId: string, expectedVersion: number, ctx: RequestContext): Promise<ScheduleSummary> {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        const current = await load(trx, scheduleId, true)
        await access.require(trx, ctx, current.investigation_id, 'disclosure:issue')
        if (current.version !== expectedVersion) throw new Conflict()
        const last = current.issued_version
          ? await repo.findVersion(trx, scheduleId, current.issued_version)
          : undefined
        const items = (await repo.itemsOf(trx, scheduleId)).map(itemView).map(snapshot)
        const rule = issueRule({ items, lastIssued: last ? (last.items as DisclosureSnapshotItem[]) : null })
        if (!rule.ok) throw new InvalidTransition(rule.reason)
        const version = current.issued_version + 1
        await repo.insertVersion(trx, {
          id: uuidv7(),
          schedule_id: scheduleId,
          version,
          items: JSON.stringify(items),
          issued_by: actor.userId,
        })
        const updated = await repo.bumpSchedule(trx, scheduleId, expectedVersion, { issued_version: version })
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'disclosure-schedule.issued',
          entityType: 'disclosure_schedule',
          entityId: scheduleId,
          caseId: current.investigation_id,
          detail: { version, items: items.length },
        })
        return summary(updated)
      })
    },

    /** A schedule with its working items and issued versions (an audited read of the case file). */
    async get(scheduleId: string, ctx: RequestContext) {
      const row = await load(db, scheduleId)
      const loaded = await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'disclosure-schedule.read',
        entityType: 'disclosure_schedule',
        entityId: scheduleId,
        caseId: row.investigation_id,
      })
      const [items, versions, last] = await Promise.all([
        repo.itemsOf(db, scheduleId),
        repo.versionsOf(db, scheduleId),
        row.issued_version ? repo.findVersion(db, scheduleId, row.issued_version) : undefined,
      ])
      const working = items.map(itemView)
      return {
        schedule: summary(row),
        items: working,
        /** How the working list differs from the last version issued (null before the first). */
        sinceIssued: last
          ? changesSinceIssue(working.map(snapshot), last.items as DisclosureSnapshotItem[])
          : (null as ChangesSinceIssue | null),
        versions: versions.map((v) => ({
          version: v.version,
          issuedAt: v.issued_at,
          issuedBy: v.issued_by_name,
          itemCount: v.item_count,
        })),
        may: {
          prepare: access.may(ctx, 'disclosure:prepare', loaded),
          issue: access.may(ctx, 'disclosure:issue', loaded),
        },
      }
    },

    async list(investigationId: string, ctx: RequestContext, options: { afterNumber?: number; limit?: number } = {}) {
      const loaded = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const rows = await repo.schedulesOfCase(db, investigationId, options.afterNumber ?? 0, limit + 1)
      const shown = rows.slice(0, limit)
      return {
        items: shown.map(summary),
        next: rows.length > limit ? shown[shown.length - 1]!.number : null,
        may: { prepare: access.may(ctx, 'disclosure:prepare', loaded) },
      }
    },

    /** The schedule as a PDF or CSV: an issued version, or (without one) the working draft marked as not issued. */
    async export(scheduleId: string, format: 'pdf' | 'csv', ctx: RequestContext, version?: number) {
      const row = await load(db, scheduleId)
      const { investigation } = await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      const { items, issued, since } = await contentOf(row, version)
      await auditTrail.record(db, ctx, {
        action: 'disclosure-schedule.exported',
        entityType: 'disclosure_schedule',
        entityId: scheduleId,
        caseId: row.investigation_id,
        detail: { format, version: issued?.version ?? 'draft' },
      })
      const name = `disclosure-${investigation.reference.replace('/', '-')}-${disclosureScheduleReference(row.number)}-${issued ? `v${issued.version}` : 'draft'}`
      if (format === 'csv') {
        const lines = [
          csvRow([
            'part',
            'number',
            'description',
            'sensitivity_reason',
            'exhibit_reference',
            'document_sha256',
            'location',
          ]),
          ...SCHEDULE_PARTS.flatMap((part) =>
            items
              .filter((i) => partOf(i) === part)
              .map((i) =>
                csvRow([
                  part,
                  i.number,
                  i.description,
                  i.sensitivityReason,
                  i.exhibitReference,
                  i.documentSha256,
                  i.location,
                ]),
              ),
          ),
        ]
        return { filename: `${name}.csv`, body: Buffer.from(lines.join(''), 'utf8') }
      }
      const pdf = await pdfmake
        .createPdf(scheduleDefinition(investigation.reference, investigation.title, summary(row), items, issued, since))
        .getBuffer()
      return { filename: `${name}.pdf`, body: pdf }
    },
  }
}

const when = (d: Date) =>
  d.toLocaleString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' })

export function scheduleDefinition(
  reference: string,
  title: string,
  schedule: ScheduleSummary,
  items: DisclosureSnapshotItem[],
  issued: { version: number; issuedAt: Date; issuedBy: string } | null,
  since: (ChangesSinceIssue & { version: number }) | null = null,
): TDocumentDefinitions {
  const numbers = (ns: number[]) => (ns.length === 1 ? `item ${ns[0]}` : `items ${ns.join(', ')}`)
  const moved = since
    ? [
        since.added.length ? `${numbers(since.added)} added` : '',
        since.changed.length ? `${numbers(since.changed)} changed` : '',
        since.removed.length ? `${numbers(since.removed)} removed (numbers are not used again)` : '',
      ].filter(Boolean)
    : []
  const parts: Content[] = SCHEDULE_PARTS.flatMap((part, index): Content[] => {
    const inPart = items.filter((i) => partOf(i) === part)
    const sensitive = part === 'unused_sensitive'
    const head = ['No.', 'Description', ...(sensitive ? ['Why it is sensitive'] : []), 'Exhibit', 'Location']
    return [
      {
        text: SCHEDULE_PART_LABELS[part],
        style: 'h2',
        ...(sensitive && index > 0 ? { pageBreak: 'before' as const } : {}),
      },
      inPart.length
        ? {
            table: {
              headerRows: 1,
              widths: [28, '*', ...(sensitive ? ['*'] : []), 70, 80],
              body: [
                head.map((h) => ({ text: h, bold: true })),
                ...inPart.map((i) => [
                  String(i.number),
                  i.description,
                  ...(sensitive ? [i.sensitivityReason ?? ''] : []),
                  i.exhibitReference ?? '—',
                  i.location ?? '—',
                ]),
              ],
            },
            layout: 'lightHorizontalLines',
          }
        : { text: 'None.', margin: [0, 0, 0, 6] },
    ]
  })
  const status = issued
    ? `Version ${issued.version}, issued by ${issued.issuedBy} on ${when(issued.issuedAt)}.`
    : 'DRAFT — not issued. The working list as it stands; it may change before it is issued.'
  return {
    info: {
      title: `Disclosure schedule ${schedule.reference} – ${reference}`,
      subject: 'Disclosure schedule',
      creator: 'Candour',
    },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [48, 56, 48, 56],
    defaultStyle: { font: 'Helvetica', fontSize: 9, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
    },
    footer: (page: number, pages: number) => ({
      text: `Disclosure schedule ${schedule.reference}, ${reference}${issued ? `, version ${issued.version}` : ', DRAFT'} — page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 24, 0, 0],
    }),
    content: [
      { text: `Disclosure schedule ${schedule.reference}: ${schedule.title}`, style: 'h1' },
      { text: `Investigation ${reference}: ${title}`, margin: [0, 0, 0, 4] },
      ...(schedule.purpose ? [{ text: schedule.purpose, margin: [0, 0, 0, 4] } as Content] : []),
      { text: status, bold: !issued, margin: [0, 0, 0, 4] },
      ...(since
        ? [
            {
              text: `Since version ${since.version}: ${moved.length ? moved.join('; ') : 'no change'}.`,
              margin: [0, 0, 0, 4],
            } as Content,
          ]
        : []),
      {
        text: `Criminal Procedure and Investigations Act 1996: material listed as used or unused; unused material as non-sensitive or sensitive. Produced on ${longDate(londonDateOf(new Date()))}. ${items.length} items.`,
        fontSize: 8,
      },
      ...parts,
    ],
  }
}

export type DisclosureService = ReturnType<typeof disclosureService>
export type { DisclosureCategory }
