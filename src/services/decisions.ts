/**
 * The decision log (domain/decisionLog.ts): record a draft entry, sign it (its author only;
 * from then on the database refuses any change), supersede a signed entry with a later one that
 * says why, and the lead's review where the rule set asks. Read in date order, and exported as
 * a PDF for disclosure to an inquest or a court. Every change and every read is audited.
 */
import pdfmake from 'pdfmake'
import type { Content } from 'pdfmake'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import {
  DECISION_KINDS,
  DECISION_KIND_LABELS,
  decisionReference,
  entryRules,
  needsReview,
  type DecisionKind,
  type EntryState,
} from '../domain/decisionLog.js'
import { londonDateOf } from '../domain/calendar.js'
import * as repo from '../data/repositories/decisions.js'
import * as actionsRepo from '../data/repositories/actions.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed, type FieldProblem } from './errors.js'
import { parseOrThrow } from './investigations.js'
import { idList, optionalText, requiredText, type PersonRef } from './workFields.js'
import './noticeOfInvestigation.js'

type TDocumentDefinitions = Parameters<typeof pdfmake.createPdf>[0]

export const DecisionInput = z.object({
  kind: z.enum(DECISION_KINDS, { message: 'Choose what kind of decision this is' }),
  decision: requiredText(5000, 'the decision'),
  optionsConsidered: requiredText(20000, 'the options considered'),
  rationale: requiredText(20000, 'the rationale'),
  informationReliedOn: optionalText(20000, 'the information relied on'),
  decidedAt: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.iso.datetime({ offset: true, message: 'Enter when the decision was made as a date and time' }).optional(),
  ),
  documentIds: idList('documents').default([]),
  chronologyEventIds: idList('chronology events').default([]),
  lineOfEnquiryIds: idList('lines of enquiry').default([]),
  supersedesId: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    z.uuid({ message: 'Choose an entry of this log' }).optional(),
  ),
  supersessionReason: optionalText(5000, 'why it is superseded'),
})
export type DecisionInputType = z.input<typeof DecisionInput>

/** A draft's new wording: everything but what it supersedes. */
export const DecisionChange = DecisionInput.omit({ supersedesId: true })
export type DecisionChangeType = z.input<typeof DecisionChange>

export const ReviewInput = z.object({
  outcome: z.enum(['agreed', 'concerns'], { message: 'Choose whether you agree or have concerns' }),
  comment: optionalText(5000, 'the comment'),
})

export interface DecisionEntry {
  id: string
  investigationId: string
  number: number
  reference: string
  kind: DecisionKind
  decision: string
  optionsConsidered: string
  rationale: string
  informationReliedOn: string | null
  documentIds: string[]
  chronologyEventIds: string[]
  lineOfEnquiryIds: string[]
  decidedAt: Date
  author: PersonRef
  supersedes: { id: string; reference: string; reason: string } | null
  supersededBy: { id: string; reference: string } | null
  needsReview: boolean
  reviews: { reviewer: PersonRef; outcome: 'agreed' | 'concerns'; comment: string | null; reviewedAt: Date }[]
  signedAt: Date | null
  state: EntryState
  version: number
}

const audit = (r: repo.DecisionRow) => ({
  number: r.number,
  kind: r.kind,
  decision: r.decision,
  decidedAt: r.decided_at,
  supersedesId: r.supersedes_id,
  signedAt: r.signed_at,
})

export function decisionService(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function present(executor: Executor, rows: repo.DecisionRow[]): Promise<DecisionEntry[]> {
    const ids = rows.map((r) => r.id)
    const [supersessions, superseded, reviews, people] = await Promise.all([
      repo.supersessionsOf(executor, ids),
      repo.numbersOf(
        executor,
        rows.flatMap((r) => (r.supersedes_id ? [r.supersedes_id] : [])),
      ),
      repo.reviewsOf(executor, ids),
      actionsRepo.userNames(executor, [...new Set(rows.map((r) => r.author_id))]),
    ])
    const name = new Map(people.map((p) => [p.id, p.display_name]))
    const number = new Map(superseded.map((s) => [s.id, s.number]))
    return rows.map((r) => {
      // Only a signed entry supersedes: a draft naming an entry does not yet replace it.
      const by = supersessions.find((s) => s.supersedes_id === r.id)
      return {
        id: r.id,
        investigationId: r.investigation_id,
        number: r.number,
        reference: decisionReference(r.number),
        kind: r.kind,
        decision: r.decision,
        optionsConsidered: r.options_considered,
        rationale: r.rationale,
        informationReliedOn: r.information_relied_on,
        documentIds: r.document_ids,
        chronologyEventIds: r.chronology_event_ids,
        lineOfEnquiryIds: r.line_of_enquiry_ids,
        decidedAt: r.decided_at,
        author: { id: r.author_id, name: name.get(r.author_id) ?? 'Unknown person' },
        supersedes: r.supersedes_id
          ? {
              id: r.supersedes_id,
              reference: decisionReference(number.get(r.supersedes_id) ?? 0),
              reason: r.supersession_reason ?? '',
            }
          : null,
        supersededBy: by ? { id: by.id, reference: decisionReference(by.number) } : null,
        needsReview: r.needs_review,
        reviews: reviews
          .filter((v) => v.decision_id === r.id)
          .map((v) => ({
            reviewer: { id: v.reviewer_id, name: v.reviewer_name },
            outcome: v.outcome,
            comment: v.comment,
            reviewedAt: v.reviewed_at,
          })),
        signedAt: r.signed_at,
        state: entryRules({ signed: r.signed_at !== null, supersededBy: by ? by.id : null }, false).state,
        version: r.version,
      }
    })
  }

  async function load(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) throw new NotFound('The decision log entry')
    const row = await repo.findById(executor, id, forUpdate)
    if (!row) throw new NotFound('The decision log entry')
    return row
  }

  /** What is wrong with an entry's date and links (each link must be of this investigation). */
  async function entryProblems(
    trx: Executor,
    investigationId: string,
    data: Pick<z.output<typeof DecisionInput>, 'documentIds' | 'chronologyEventIds' | 'lineOfEnquiryIds'>,
    decidedAt: Date,
  ): Promise<FieldProblem[]> {
    const problems: FieldProblem[] = []
    if (decidedAt.getTime() > Date.now() + 60_000)
      problems.push({ path: 'decidedAt', message: 'When the decision was made must be now or in the past' })
    for (const [path, table, ids, what] of [
      ['documentIds', 'documents', data.documentIds, 'documents'],
      ['chronologyEventIds', 'chronology_events', data.chronologyEventIds, 'chronology events'],
      ['lineOfEnquiryIds', 'lines_of_enquiry', data.lineOfEnquiryIds, 'lines of enquiry'],
    ] as const) {
      const unique = [...new Set(ids)]
      if ((await actionsRepo.idsOfCase(trx, table, investigationId, unique)).length !== unique.length)
        problems.push({ path, message: `Choose ${what} of this investigation` })
    }
    return problems
  }

  /** A draft its actor may change or delete: unsigned, theirs, at the version they saw. */
  async function ownDraft(trx: Executor, decisionId: string, expectedVersion: number, ctx: RequestContext) {
    const actor = requireActor(ctx)
    const current = await load(trx, decisionId, true)
    await access.require(trx, ctx, current.investigation_id, 'decisions:record')
    if (current.version !== expectedVersion) throw new Conflict()
    if (current.signed_at !== null)
      throw new InvalidTransition('A signed entry never changes; supersede it with a later entry that says why.')
    if (current.author_id !== actor.userId)
      throw new InvalidTransition('Only the author of a draft can change or delete it.')
    return current
  }

  return {
    /** Records a draft entry (to be signed); with supersedesId, a later entry replacing a signed one. */
    async record(investigationId: string, input: DecisionInputType, ctx: RequestContext): Promise<DecisionEntry> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(DecisionInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'decisions:record')
        const decidedAt = data.decidedAt ? new Date(data.decidedAt) : new Date()
        const problems = await entryProblems(trx, investigationId, data, decidedAt)
        if (data.supersedesId) {
          const old = await repo.findById(trx, data.supersedesId, true)
          if (!old || old.investigation_id !== investigationId)
            problems.push({ path: 'supersedesId', message: 'Choose an entry of this log' })
          else if (old.signed_at === null)
            problems.push({ path: 'supersedesId', message: 'Only a signed entry can be superseded' })
          else if ((await repo.supersessionsOf(trx, [old.id], true)).length > 0)
            problems.push({
              path: 'supersedesId',
              message: 'That entry has already been superseded (or a draft does so)',
            })
          if (!data.supersessionReason)
            problems.push({ path: 'supersessionReason', message: 'Enter why the earlier decision is superseded' })
        }
        if (problems.length) throw new ValidationFailed(problems)
        const row = await repo.insert(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await actionsRepo.nextNumber(trx, investigationId, 'decision'),
          kind: data.kind,
          decision: data.decision,
          options_considered: data.optionsConsidered,
          rationale: data.rationale,
          information_relied_on: data.informationReliedOn ?? null,
          document_ids: [...new Set(data.documentIds)],
          chronology_event_ids: [...new Set(data.chronologyEventIds)],
          line_of_enquiry_ids: [...new Set(data.lineOfEnquiryIds)],
          decided_at: decidedAt,
          author_id: actor.userId,
          supersedes_id: data.supersedesId ?? null,
          supersession_reason: data.supersedesId ? (data.supersessionReason ?? null) : null,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: data.supersedesId ? 'decision.superseding-recorded' : 'decision.recorded',
          entityType: 'decision',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: audit(row) },
        })
        return (await present(trx, [row]))[0]!
      })
    },

    /**
     * Changes a draft (its author only). What it supersedes stays as recorded (delete the draft
     * to supersede another entry); the reason may be reworded. A signed entry is refused here and,
     * whatever the application does, by the database.
     */
    async edit(
      decisionId: string,
      input: DecisionChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<DecisionEntry> {
      const data = parseOrThrow(DecisionChange, input)
      return access.transaction(ctx, async (trx) => {
        const current = await ownDraft(trx, decisionId, expectedVersion, ctx)
        const decidedAt = data.decidedAt ? new Date(data.decidedAt) : current.decided_at
        const problems = await entryProblems(trx, current.investigation_id, data, decidedAt)
        if (current.supersedes_id && !data.supersessionReason)
          problems.push({ path: 'supersessionReason', message: 'Enter why the earlier decision is superseded' })
        if (problems.length) throw new ValidationFailed(problems)
        const updated = await repo.updateDraft(
          trx,
          decisionId,
          {
            kind: data.kind,
            decision: data.decision,
            options_considered: data.optionsConsidered,
            rationale: data.rationale,
            information_relied_on: data.informationReliedOn ?? null,
            document_ids: [...new Set(data.documentIds)],
            chronology_event_ids: [...new Set(data.chronologyEventIds)],
            line_of_enquiry_ids: [...new Set(data.lineOfEnquiryIds)],
            decided_at: decidedAt,
            supersession_reason: current.supersedes_id ? (data.supersessionReason ?? null) : null,
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'decision.draft-changed',
          entityType: 'decision',
          entityId: decisionId,
          caseId: current.investigation_id,
          detail: { before: audit(current), after: audit(updated) },
        })
        return (await present(trx, [updated]))[0]!
      })
    },

    /**
     * Deletes a draft (its author only). Its number is not given out again, so the log may skip
     * one (D1, D2, D4); the audit trail keeps the deleted draft, and the PDF says why numbers skip.
     */
    async deleteDraft(decisionId: string, expectedVersion: number, ctx: RequestContext): Promise<void> {
      await access.transaction(ctx, async (trx) => {
        const current = await ownDraft(trx, decisionId, expectedVersion, ctx)
        if (!(await repo.deleteDraft(trx, decisionId, expectedVersion))) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'decision.draft-deleted',
          entityType: 'decision',
          entityId: decisionId,
          caseId: current.investigation_id,
          detail: {
            before: {
              ...audit(current),
              optionsConsidered: current.options_considered,
              rationale: current.rationale,
            },
          },
        })
      })
    },

    /** Signs a draft: its author only. From then on it is final (the database refuses changes). */
    async sign(decisionId: string, expectedVersion: number, ctx: RequestContext): Promise<DecisionEntry> {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        const current = await load(trx, decisionId, true)
        const loaded = await access.require(trx, ctx, current.investigation_id, 'decisions:record')
        if (current.version !== expectedVersion) throw new Conflict()
        if (current.signed_at !== null) throw new InvalidTransition('This entry is already signed.')
        if (current.author_id !== actor.userId) throw new InvalidTransition('Only the author of an entry can sign it.')
        const signed = await repo.sign(
          trx,
          decisionId,
          expectedVersion,
          needsReview(current.kind, loaded.membership.includes('lead_investigator')),
        )
        if (!signed) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'decision.signed',
          entityType: 'decision',
          entityId: decisionId,
          caseId: current.investigation_id,
          detail: { before: audit(current), after: audit(signed) },
        })
        return (await present(trx, [signed]))[0]!
      })
    },

    /** The lead's review of a signed entry that needs one; kept beside the entry, never in it. */
    async review(decisionId: string, input: z.input<typeof ReviewInput>, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(ReviewInput, input)
      return access.transaction(ctx, async (trx) => {
        const current = await load(trx, decisionId)
        await access.require(trx, ctx, current.investigation_id, 'decisions:review')
        if (current.signed_at === null) throw new InvalidTransition('Only a signed entry can be reviewed.')
        if (!current.needs_review) throw new InvalidTransition('This entry does not need the lead’s review.')
        const review = await repo.insertReview(trx, {
          id: uuidv7(),
          decision_id: decisionId,
          reviewer_id: actor.userId,
          outcome: data.outcome,
          comment: data.comment ?? null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'decision.reviewed',
          entityType: 'decision',
          entityId: decisionId,
          caseId: current.investigation_id,
          detail: { outcome: review.outcome },
        })
        return (await present(trx, [current]))[0]!
      })
    },

    async get(decisionId: string, ctx: RequestContext) {
      const row = await load(db, decisionId)
      const loaded = await access.require(db, ctx, row.investigation_id, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'decision.read',
        entityType: 'decision',
        entityId: decisionId,
        caseId: row.investigation_id,
      })
      const entry = (await present(db, [row]))[0]!
      const actor = requireActor(ctx)
      const rules = entryRules(
        { signed: entry.signedAt !== null, supersededBy: entry.supersededBy?.id ?? null },
        entry.author.id === actor.userId,
      )
      return {
        entry,
        may: {
          sign: rules.canSign && access.may(ctx, 'decisions:record', loaded),
          // The author's own draft, like signing it.
          edit: rules.canSign && access.may(ctx, 'decisions:record', loaded),
          supersede: rules.canSupersede && access.may(ctx, 'decisions:record', loaded),
          review: entry.needsReview && entry.reviews.length === 0 && access.may(ctx, 'decisions:review', loaded),
        },
      }
    },

    /** A page of the log in date order; `next` is the position to pass as `after`. */
    async list(
      investigationId: string,
      ctx: RequestContext,
      options: { after?: repo.LogPosition; limit?: number } = {},
    ) {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const rows = await repo.page(db, investigationId, options.after, limit + 1)
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'decision-log.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { entries: shown.length },
      })
      const last = shown[shown.length - 1]
      return {
        items: await present(db, shown),
        next: rows.length > limit && last ? { decidedAt: last.decided_at.toISOString(), id: last.id } : null,
      }
    },

    /**
     * The signed log as a PDF, in date order, for disclosure: each entry in full, superseded
     * entries marked with what replaced them. Drafts are not part of the log and are left out.
     */
    async exportPdf(investigationId: string, ctx: RequestContext): Promise<{ reference: string; pdf: Buffer }> {
      const { investigation } = await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      await auditTrail.record(db, ctx, {
        action: 'decision-log.exported',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { format: 'pdf' },
      })
      const entries: DecisionEntry[] = []
      let after: repo.LogPosition | undefined
      for (;;) {
        const rows = await repo.page(db, investigationId, after, 500)
        entries.push(...(await present(db, rows)).filter((e) => e.signedAt !== null))
        const last = rows[rows.length - 1]
        if (rows.length < 500 || !last) break
        after = { decidedAt: last.decided_at.toISOString(), id: last.id }
      }
      const pdf = await pdfmake
        .createPdf(logDefinition(investigation.reference, investigation.title, entries))
        .getBuffer()
      return { reference: investigation.reference, pdf }
    },
  }
}

const when = (d: Date) =>
  d.toLocaleString('en-GB', {
    timeZone: 'Europe/London',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  })

export function logDefinition(reference: string, title: string, entries: DecisionEntry[]): TDocumentDefinitions {
  const body: Content[] = entries.flatMap((e): Content[] => [
    {
      text: `${e.reference} — ${DECISION_KIND_LABELS[e.kind]}${e.supersededBy ? ` (superseded by ${e.supersededBy.reference})` : ''}`,
      style: 'h2',
    },
    {
      table: {
        widths: [130, '*'],
        body: [
          ['Decided', when(e.decidedAt)],
          ['Decision', e.decision],
          ['Options considered', e.optionsConsidered],
          ['Rationale', e.rationale],
          ['Information relied on', e.informationReliedOn ?? 'None recorded'],
          ...(e.supersedes ? [[`Supersedes ${e.supersedes.reference}`, e.supersedes.reason]] : []),
          ['Signed', `${e.author.name}, ${when(e.signedAt!)}`],
          ...e.reviews.map((r) => [
            'Reviewed',
            `${r.reviewer.name}, ${when(r.reviewedAt)}: ${r.outcome === 'agreed' ? 'agreed' : 'concerns'}${r.comment ? ` — ${r.comment}` : ''}`,
          ]),
        ].map(([k, v]) => [{ text: k!, bold: true }, v!]),
      },
      layout: 'lightHorizontalLines',
    },
  ])
  return {
    info: { title: `Decision log – ${reference}`, subject: 'Decision log', creator: 'Candour' },
    pageSize: 'A4',
    pageMargins: [56, 64, 56, 64],
    defaultStyle: { font: 'Helvetica', fontSize: 10, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 12, bold: true, margin: [0, 14, 0, 6] },
    },
    footer: (page: number, pages: number) => ({
      text: `Decision log ${reference} — page ${page} of ${pages}`,
      alignment: 'center',
      fontSize: 8,
      margin: [0, 24, 0, 0],
    }),
    content: [
      { text: 'Decision log', style: 'h1' },
      { text: `Investigation ${reference}: ${title}`, margin: [0, 0, 0, 4] },
      {
        text: `Signed entries in the order the decisions were made, produced on ${londonDateOf(new Date())}. ${entries.length} entries. Numbers not shown are drafts not yet signed, or drafts their author deleted before signing (kept in the audit trail).`,
        fontSize: 9,
      },
      ...(entries.length ? body : [{ text: 'No signed entries.', margin: [0, 12, 0, 0] } as Content]),
    ],
  }
}

export type DecisionService = ReturnType<typeof decisionService>
