/**
 * Subjects of an investigation: the officers and police staff under investigation (from the
 * register shared across cases), their allegations, severity assessments (kept as history),
 * notices of investigation (a PDF in the document store; served → response due in 10 working
 * days, by the domain calendar), responses and interviews.
 *
 * Every read of a subject's personal data is audited with the fields read; every change is
 * audited with before and after, in the same transaction. Subjects, allegations and notices are
 * versioned: a change names the version it was made from, and a stale one is a Conflict.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { compareDates, isPlainDate, londonDateOf } from '../domain/calendar.js'
import { noticeResponseDue } from '../domain/ruleSet.js'
import {
  currentSeverity,
  orderedSeverityHistory,
  recordSeverityAssessment,
  transitionSubject,
  isSubjectStatus,
  type SeverityAssessment,
  type SubjectFacts,
  type SubjectStatus,
} from '../domain/subjectLifecycle.js'
import { authorise, type CaseAction } from '../domain/policy.js'
import {
  INTERVIEW_KINDS,
  NOTICE_SERVICE_METHODS,
  SEVERITIES,
  STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
  SUBJECT_KINDS,
  isNoticeServiceMethod,
  isRank,
  isSeverity,
  type Severity,
} from '../domain/vocabulary.js'
import type { Executor } from '../data/database.js'
import * as investigations from '../data/repositories/investigations.js'
import * as organisations from '../data/repositories/organisations.js'
import * as repo from '../data/repositories/subjects.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed } from './errors.js'
import { parseOrThrow } from './investigations.js'
import { renderNoticePdf } from './noticeOfInvestigation.js'
import type { DocumentStore } from './storage/documentStore.js'

const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })
const notInFuture = (what: string) => (value: string) =>
  value <= londonDateOf(new Date()) || `${what} must be today or in the past`

const standards = z
  .array(z.enum(STANDARDS_OF_PROFESSIONAL_BEHAVIOUR, { message: 'Choose standards from the list' }))
  .min(1, 'Choose at least one Standard of Professional Behaviour')
  .transform((list) => [...new Set(list)])

export const AddSubjectInput = z
  .object({
    givenName: z.string().trim().min(1, 'Enter the given name').max(100, 'Given name must be 100 characters or fewer'),
    familyName: z
      .string()
      .trim()
      .min(1, 'Enter the family name')
      .max(100, 'Family name must be 100 characters or fewer'),
    warrantNumber: z
      .string()
      .trim()
      .min(1, 'Enter the warrant (collar) or staff number')
      .max(40, 'Warrant number must be 40 characters or fewer')
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9 /-]*$/,
        'Warrant number must contain only letters, numbers, spaces, hyphens and slashes',
      ),
    kind: z.enum(SUBJECT_KINDS, { message: 'Choose whether they are a police officer or a member of police staff' }),
    rank: z.string().trim().max(100, 'Rank or grade must be 100 characters or fewer').default(''),
    /** The force they serve with; the investigated force when omitted. */
    forceId: z.uuid({ message: 'Choose the force' }).optional(),
    roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer').default(''),
    /** Their rank at the time of the events; their current rank when omitted. */
    rankAtTime: z.string().trim().max(100, 'Rank at the time must be 100 characters or fewer').optional(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'police_officer' && !isRank(v.rank))
      ctx.addIssue({ code: 'custom', path: ['rank'], message: 'Choose the officer’s rank' })
    if (v.kind === 'police_officer' && v.rankAtTime && !isRank(v.rankAtTime)) {
      ctx.addIssue({ code: 'custom', path: ['rankAtTime'], message: 'Choose the rank at the time' })
    }
  })
export type AddSubjectInputType = z.input<typeof AddSubjectInput>

export const SubjectChange = z.object({
  roleAtTime: z.string().trim().max(300, 'Role at the time must be 300 characters or fewer').optional(),
  rankAtTime: z.string().trim().max(100, 'Rank at the time must be 100 characters or fewer').optional(),
})
export type SubjectChangeType = z.input<typeof SubjectChange>

export const AllegationInput = z.object({
  description: z
    .string()
    .trim()
    .min(1, 'Describe what is alleged')
    .max(10000, 'Allegation must be 10,000 characters or fewer'),
  standards,
})
export type AllegationInputType = z.input<typeof AllegationInput>

export const AllegationChange = AllegationInput.partial()
export type AllegationChangeType = z.input<typeof AllegationChange>

export const SeverityInput = z.object({
  severity: z.enum(SEVERITIES, { message: 'Choose the severity' }),
  rationale: z
    .string()
    .trim()
    .min(1, 'Enter the rationale for the assessment')
    .max(10000, 'Rationale must be 10,000 characters or fewer'),
  assessedOn: plainDate('Enter a real date of the assessment').refine(
    (d) => notInFuture('The date of the assessment')(d) === true,
    {
      message: 'The date of the assessment must be today or in the past',
    },
  ),
})
export type SeverityInputType = z.input<typeof SeverityInput>

export const NoticeChange = z.object({
  servedOn: plainDate('Enter a real date the notice was served')
    .refine((d) => notInFuture('x')(d) === true, {
      message: 'The date the notice was served must be today or in the past',
    })
    .optional(),
  serviceMethod: z.enum(NOTICE_SERVICE_METHODS, { message: 'Choose how the notice was served' }).optional(),
  responseReceivedOn: plainDate('Enter a real date the response was received')
    .refine((d) => notInFuture('x')(d) === true, {
      message: 'The date the response was received must be today or in the past',
    })
    .optional(),
  responseSummary: z.string().trim().max(20000, 'Summary must be 20,000 characters or fewer').optional(),
})
export type NoticeChangeType = z.input<typeof NoticeChange>

export const InterviewInput = z.object({
  kind: z.enum(INTERVIEW_KINDS, { message: 'Choose the kind of interview' }),
  heldOn: plainDate('Enter a real date of the interview').refine((d) => notInFuture('x')(d) === true, {
    message: 'The date of the interview must be today or in the past',
  }),
  summary: z.string().trim().max(20000, 'Summary must be 20,000 characters or fewer').optional(),
})
export type InterviewInputType = z.input<typeof InterviewInput>

/** The personal data a subject record shows, named in read audits. */
const SUBJECT_FIELDS = [
  'officers.given_name',
  'officers.family_name',
  'officers.warrant_number',
  'officers.rank',
  'subjects.role_at_time',
  'subjects.rank_at_time',
]

export type SubjectRow = repo.SubjectWithOfficer

export interface SubjectSummary extends SubjectRow {
  currentSeverity: Severity | null
  /** The latest notice's response due date while the response is outstanding. */
  noticeResponseDueOn: string | null
}

function severityHistoryOf<T extends { severity: string; assessed_on: string }>(rows: readonly T[]) {
  return orderedSeverityHistory(
    rows
      .filter((r): r is T & { severity: Severity } => isSeverity(r.severity))
      .map((r) => ({ ...r, assessedOn: r.assessed_on })),
  )
}

function subjectStatus(status: string): SubjectStatus {
  return isSubjectStatus(status) ? status : 'identified'
}

export function subjectService(db: Kysely<Database>, documentStore: DocumentStore) {
  const access = caseAccess(db)

  /** The subject and its case, if the actor may do `action` on that case. */
  async function requireSubject(
    executor: Executor,
    ctx: RequestContext,
    subjectId: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(subjectId)) throw new NotFound('The subject')
    const subject = options.forUpdate
      ? await repo.findSubjectForUpdate(executor, subjectId)
      : await repo.findSubject(executor, subjectId)
    if (!subject) throw new NotFound('The subject')
    const loaded = await access.require(executor, ctx, subject.investigation_id, action, options)
    return { subject, loaded }
  }

  async function requireNotice(
    executor: Executor,
    ctx: RequestContext,
    noticeId: string,
    action: CaseAction,
    options: { forUpdate?: boolean } = {},
  ) {
    requireActor(ctx)
    if (!isUuid(noticeId)) throw new NotFound('The notice')
    const notice = options.forUpdate
      ? await repo.findNoticeForUpdate(executor, noticeId)
      : await repo.findNotice(executor, noticeId)
    if (!notice) throw new NotFound('The notice')
    const loaded = await access.require(executor, ctx, notice.investigation_id, action, options)
    return { notice, loaded }
  }

  async function auditRead(
    ctx: RequestContext,
    event: {
      action: string
      entityType: string
      entityId: string | null
      caseId: string | null
      detail: Record<string, unknown>
    },
  ) {
    await auditTrail.record(db, ctx, event)
  }

  async function summaries(executor: Executor, investigationId: string, rows: SubjectRow[]): Promise<SubjectSummary[]> {
    if (rows.length === 0) return []
    const [severityRows, noticeRows] = await Promise.all([
      repo.severityAssessmentsOfInvestigation(executor, investigationId),
      repo.noticesOfInvestigation(executor, investigationId),
    ])
    return rows.map((row) => {
      const latestNotice = noticeRows.find((n) => n.subject_id === row.id)
      return {
        ...row,
        currentSeverity: currentSeverity(severityHistoryOf(severityRows.filter((s) => s.subject_id === row.id))),
        noticeResponseDueOn:
          latestNotice && latestNotice.response_received_on === null ? latestNotice.response_due_on : null,
      }
    })
  }

  async function summaryOf(executor: Executor, subjectId: string): Promise<SubjectSummary> {
    const row = await repo.subjectWithOfficer(executor, subjectId)
    if (!row) throw new NotFound('The subject')
    return (await summaries(executor, row.investigation_id, [row]))[0]!
  }

  /** The facts the subject lifecycle guards need (reports, opinions and outcomes come later). */
  async function subjectFacts(
    executor: Executor,
    subject: { id: string; status: string },
    notice: SubjectFacts['notice'],
    responseReceivedOn: string | null,
  ): Promise<SubjectFacts> {
    const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(executor, subject.id))
    return {
      status: subjectStatus(subject.status),
      severityHistory: history,
      notice,
      responseReceivedOn,
      today: londonDateOf(new Date()),
      opinion: null,
      proceedingsDecision: null,
      hasLiveFinalWrittenWarning: false,
      outcome: null,
    }
  }

  async function moveSubject(
    trx: Executor,
    ctx: RequestContext,
    subject: { id: string; status: string; investigation_id: string },
    facts: SubjectFacts,
    to: SubjectStatus,
  ) {
    const result = transitionSubject(facts, to)
    if (!result.ok) throw new InvalidTransition(result.missing.join('. ') + '.')
    await repo.updateSubject(trx, subject.id, { status: to })
    await auditTrail.record(trx, ctx, {
      action: 'subject.status-changed',
      entityType: 'subject',
      entityId: subject.id,
      caseId: subject.investigation_id,
      detail: { before: { status: subject.status }, after: { status: to } },
    })
  }

  return {
    /** The register of officers and police staff, searched by name or warrant number (trigram indexes). */
    async searchOfficers(query: string, ctx: RequestContext, options: { limit?: number } = {}) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'officers:search')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const needle = investigations.searchNeedle(query)
      if (needle.length < 2)
        throw new ValidationFailed([{ path: 'q', message: 'Enter at least 2 characters of a name or warrant number' }])
      const rows = await repo.searchOfficers(db, needle, Math.min(Math.max(options.limit ?? 20, 1), 50))
      await auditRead(ctx, {
        action: 'officers.searched',
        entityType: 'officer',
        entityId: null,
        caseId: null,
        detail: {
          query: needle,
          results: rows.length,
          fields: rows.length
            ? ['officers.given_name', 'officers.family_name', 'officers.warrant_number', 'officers.rank']
            : [],
        },
      })
      return rows
    },

    /** The investigation's subjects with their current severity, status and notice due date. */
    async list(investigationId: string, ctx: RequestContext): Promise<SubjectSummary[]> {
      await access.require(db, ctx, investigationId, 'investigation:read-case-file')
      const rows = await summaries(db, investigationId, await repo.subjectsOfInvestigation(db, investigationId))
      await auditRead(ctx, {
        action: 'subjects.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { subjects: rows.map((r) => r.id), fields: rows.length ? SUBJECT_FIELDS : [] },
      })
      return rows
    },

    /**
     * Adds a subject: finds the officer in the register by force and warrant number (creating the
     * record when there is none; an existing record's current rank is brought up to date, its
     * names are kept), then records them as a subject of this investigation with their role and
     * rank at the time.
     */
    async add(investigationId: string, input: AddSubjectInputType, ctx: RequestContext) {
      requireActor(ctx)
      const data = parseOrThrow(AddSubjectInput, input)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'investigation:contribute', {
          forUpdate: true,
        })
        const forceId = data.forceId ?? investigation.force_id
        const force = await organisations.findById(trx, forceId)
        if (!force || force.kind !== 'police_force')
          throw new ValidationFailed([{ path: 'forceId', message: 'Choose the force' }])
        // The case's own force stays choosable after it retires; another retired force does not.
        if (force.retired_at !== null && force.id !== investigation.force_id)
          throw new ValidationFailed([{ path: 'forceId', message: `${force.name} is retired: choose a force in use` }])
        const { officer, created } = await repo.insertOfficerIfAbsent(trx, {
          id: uuidv7(),
          force_id: forceId,
          warrant_number: data.warrantNumber,
          kind: data.kind,
          given_name: data.givenName,
          family_name: data.familyName,
          rank: data.rank,
        })
        if (!created && data.rank && officer.rank !== data.rank && officer.kind === data.kind) {
          await repo.updateOfficer(trx, officer.id, { rank: data.rank })
          await auditTrail.record(trx, ctx, {
            action: 'officer.updated',
            entityType: 'officer',
            entityId: officer.id,
            caseId: investigationId,
            detail: { before: { rank: officer.rank }, after: { rank: data.rank } },
          })
        }
        if (await repo.findSubjectByOfficer(trx, investigationId, officer.id)) {
          throw new ValidationFailed([
            {
              path: 'warrantNumber',
              message: `${officer.given_name} ${officer.family_name} (${officer.warrant_number}) is already a subject of this investigation`,
            },
          ])
        }
        const subject = await repo.insertSubject(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          officer_id: officer.id,
          role_at_time: data.roleAtTime,
          rank_at_time: data.rankAtTime || data.rank,
        })
        await investigations.refreshSearchText(trx, investigationId)
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'subject.added',
          entityType: 'subject',
          entityId: subject.id,
          caseId: investigationId,
          detail: {
            officerId: officer.id,
            officerRegistered: created,
            after: {
              givenName: officer.given_name,
              familyName: officer.family_name,
              warrantNumber: officer.warrant_number,
              force: force.code,
              kind: officer.kind,
              roleAtTime: subject.role_at_time,
              rankAtTime: subject.rank_at_time,
            },
          },
        })
        return { subject: await summaryOf(trx, subject.id), officerRegistered: created }
      })
    },

    /** One subject in full: the officer, allegations, severity history, notices and interviews. */
    async get(subjectId: string, ctx: RequestContext) {
      const { subject, loaded } = await requireSubject(db, ctx, subjectId, 'investigation:read-case-file')
      const [summary, allegations, severityRows, notices, interviews] = await Promise.all([
        summaryOf(db, subject.id),
        repo.allegationsOfSubject(db, subject.id),
        repo.severityAssessmentsOfSubject(db, subject.id),
        repo.noticesOfSubject(db, subject.id),
        repo.interviewsOfSubject(db, subject.id),
      ])
      await auditRead(ctx, {
        action: 'subject.read',
        entityType: 'subject',
        entityId: subject.id,
        caseId: subject.investigation_id,
        detail: {
          fields: [
            ...SUBJECT_FIELDS,
            ...(allegations.length ? ['allegations.description', 'allegations.standards'] : []),
            ...(severityRows.length ? ['severity_assessments.severity', 'severity_assessments.rationale'] : []),
            ...(notices.length ? ['notices.served_on', 'notices.response_summary'] : []),
            ...(interviews.length ? ['interviews.summary'] : []),
          ],
        },
      })
      return {
        subject: summary,
        allegations,
        severityHistory: severityHistoryOf(severityRows),
        notices,
        interviews,
        investigation: loaded.investigation,
        canContribute: access.may(ctx, 'investigation:contribute', loaded),
      }
    },

    /** Changes the subject's role and rank at the time. */
    async update(subjectId: string, input: SubjectChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(SubjectChange, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        if (subject.version !== expectedVersion) throw new Conflict()
        const officer = await repo.findOfficerById(trx, subject.officer_id)
        if (data.rankAtTime && officer?.kind === 'police_officer' && !isRank(data.rankAtTime)) {
          throw new ValidationFailed([{ path: 'rankAtTime', message: 'Choose the rank at the time' }])
        }
        const changes: repo.SubjectChanges = {}
        if (data.roleAtTime !== undefined && data.roleAtTime !== subject.role_at_time)
          changes.role_at_time = data.roleAtTime
        if (data.rankAtTime !== undefined && data.rankAtTime !== subject.rank_at_time)
          changes.rank_at_time = data.rankAtTime
        const updated = await repo.updateSubject(trx, subjectId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'subject.changed',
          entityType: 'subject',
          entityId: subjectId,
          caseId: subject.investigation_id,
          detail: {
            before: { roleAtTime: subject.role_at_time, rankAtTime: subject.rank_at_time },
            after: { roleAtTime: updated.role_at_time, rankAtTime: updated.rank_at_time },
          },
        })
        return summaryOf(trx, subjectId)
      })
    },

    async addAllegation(subjectId: string, input: AllegationInputType, ctx: RequestContext) {
      const data = parseOrThrow(AllegationInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const allegation = await repo.insertAllegation(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          description: data.description,
          standards: data.standards,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'allegation.added',
          entityType: 'allegation',
          entityId: allegation.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: { description: allegation.description, standards: allegation.standards },
          },
        })
        return allegation
      })
    },

    async updateAllegation(
      allegationId: string,
      input: AllegationChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ) {
      const data = parseOrThrow(AllegationChange, input)
      return access.transaction(ctx, async (trx) => {
        requireActor(ctx)
        if (!isUuid(allegationId)) throw new NotFound('The allegation')
        const allegation = await repo.findAllegationForUpdate(trx, allegationId)
        if (!allegation) throw new NotFound('The allegation')
        await access.require(trx, ctx, allegation.investigation_id, 'investigation:contribute', { forUpdate: true })
        if (allegation.version !== expectedVersion) throw new Conflict()
        const updated = await repo.updateAllegation(
          trx,
          allegationId,
          {
            ...(data.description !== undefined ? { description: data.description } : {}),
            ...(data.standards !== undefined ? { standards: data.standards } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, allegation.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'allegation.changed',
          entityType: 'allegation',
          entityId: allegationId,
          caseId: allegation.investigation_id,
          detail: {
            subjectId: allegation.subject_id,
            before: { description: allegation.description, standards: allegation.standards },
            after: { description: updated.description, standards: updated.standards },
          },
        })
        return updated
      })
    },

    /** Adds a severity assessment; earlier ones are kept, and the latest (by date) is current. */
    async assessSeverity(subjectId: string, input: SeverityInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(SeverityInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(trx, subject.id))
        const before = currentSeverity(history)
        const result = recordSeverityAssessment<SeverityAssessment>(history, {
          severity: data.severity,
          assessedOn: data.assessedOn,
        })
        if (!result.ok) throw new ValidationFailed([{ path: 'assessedOn', message: result.problem }])
        const assessment = await repo.insertSeverityAssessment(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          severity: data.severity,
          rationale: data.rationale,
          assessed_by: actor.userId,
          assessed_on: data.assessedOn,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: before === null ? 'severity.assessed' : 'severity.reassessed',
          entityType: 'subject',
          entityId: subject.id,
          caseId: subject.investigation_id,
          detail: {
            before: before === null ? null : { severity: before },
            after: { severity: data.severity, assessedOn: data.assessedOn },
          },
        })
        return { assessment, currentSeverity: currentSeverity(result.history) }
      })
    },

    /** Every severity assessment of the subject, in the order they took effect (the last is current). */
    async severityHistory(subjectId: string, ctx: RequestContext) {
      const { subject } = await requireSubject(db, ctx, subjectId, 'investigation:read-case-file')
      const history = severityHistoryOf(await repo.severityAssessmentsOfSubject(db, subject.id))
      await auditRead(ctx, {
        action: 'severity.read',
        entityType: 'subject',
        entityId: subject.id,
        caseId: subject.investigation_id,
        detail: { fields: history.length ? ['severity_assessments.severity', 'severity_assessments.rationale'] : [] },
      })
      return { history, currentSeverity: currentSeverity(history) }
    },

    /**
     * Generates the regulation 17 notice as a PDF from the case's facts, stores it in the document
     * store and records the notice with the hash of its content and the severity it states. It
     * needs at least one allegation and a current severity of misconduct or gross misconduct.
     */
    async generateNotice(subjectId: string, ctx: RequestContext) {
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        const { subject, loaded } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', {
          forUpdate: true,
        })
        const [row, allegations, severityRows] = await Promise.all([
          repo.subjectWithOfficer(trx, subject.id),
          repo.allegationsOfSubject(trx, subject.id),
          repo.severityAssessmentsOfSubject(trx, subject.id),
        ])
        const severity = currentSeverity(severityHistoryOf(severityRows))
        const missing: string[] = []
        if (allegations.length === 0)
          missing.push('At least one allegation must be recorded before a notice is generated')
        if (severity === null) missing.push('The severity must be assessed before a notice is served')
        else if (severity === 'neither')
          missing.push('A notice is served only when the severity is assessed as misconduct or gross misconduct')
        if (missing.length || !row || severity === null || severity === 'neither')
          throw new InvalidTransition(missing.join('. ') + '.')
        const issuedOn = londonDateOf(new Date())
        const force = await organisations.findById(trx, loaded.investigation.force_id)
        const pdf = await renderNoticePdf({
          reference: loaded.investigation.reference,
          title: loaded.investigation.title,
          forceName: force?.name ?? row.force_name,
          subject: {
            givenName: row.given_name,
            familyName: row.family_name,
            rank: row.rank_at_time || row.officer_rank,
            warrantNumber: row.warrant_number,
            kind: row.kind,
            roleAtTime: row.role_at_time,
          },
          allegations: allegations.map((a) => ({ description: a.description, standards: a.standards })),
          severity,
          issuedOn,
        })
        const stored = await documentStore.put(pdf)
        const notice = await repo.insertNotice(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          kind: 'regulation_17',
          document_id: null,
          content_sha256: stored.sha256,
          content_size_bytes: stored.size,
          generated_by: actor.userId,
          severity,
          served_on: null,
          service_method: null,
          response_due_on: null,
          response_received_on: null,
          response_summary: null,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'notice.generated',
          entityType: 'notice',
          entityId: notice.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: {
              severity,
              allegations: allegations.map((a) => a.id),
              contentSha256: stored.sha256,
              sizeBytes: stored.size,
            },
          },
        })
        return notice
      })
    },

    async notice(noticeId: string, ctx: RequestContext) {
      const { notice } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      await auditRead(ctx, {
        action: 'notice.read',
        entityType: 'notice',
        entityId: notice.id,
        caseId: notice.investigation_id,
        detail: {
          subjectId: notice.subject_id,
          fields: [
            'notices.served_on',
            'notices.service_method',
            'notices.response_received_on',
            'notices.response_summary',
          ],
        },
      })
      return notice
    },

    /**
     * Records when and how the notice was served (the response is then due on the date the domain
     * calendar gives: 10 working days) and/or the subject's response. The first service moves the
     * subject to "notice served", the response to "responded", through the lifecycle guards.
     */
    async updateNotice(noticeId: string, input: NoticeChangeType, expectedVersion: number, ctx: RequestContext) {
      const data = parseOrThrow(NoticeChange, input)
      return access.transaction(ctx, async (trx) => {
        const { notice } = await requireNotice(trx, ctx, noticeId, 'investigation:contribute', { forUpdate: true })
        if (notice.version !== expectedVersion) throw new Conflict()
        const subject = await repo.findSubjectForUpdate(trx, notice.subject_id)
        if (!subject) throw new NotFound('The subject')
        const latest = (await repo.noticesOfSubject(trx, subject.id))[0]
        const servedOn = data.servedOn ?? notice.served_on
        const method = data.serviceMethod ?? notice.service_method
        const receivedOn = data.responseReceivedOn ?? notice.response_received_on
        const problems = []
        if (
          (data.servedOn !== undefined) !== (data.serviceMethod !== undefined) &&
          (servedOn === null || method === null)
        ) {
          problems.push(
            data.servedOn === undefined
              ? { path: 'servedOn', message: 'Enter the date the notice was served' }
              : { path: 'serviceMethod', message: 'Choose how the notice was served' },
          )
        }
        if ((data.responseReceivedOn !== undefined || data.responseSummary !== undefined) && servedOn === null) {
          problems.push({
            path: 'responseReceivedOn',
            message: 'Record when the notice was served before recording the response',
          })
        }
        if (data.responseSummary !== undefined && receivedOn === null)
          problems.push({ path: 'responseReceivedOn', message: 'Enter the date the response was received' })
        if (servedOn && receivedOn && compareDates(receivedOn, servedOn) < 0) {
          problems.push({
            path: 'responseReceivedOn',
            message: 'The response cannot have been received before the notice was served',
          })
        }
        if (problems.length) throw new ValidationFailed(problems)

        const changes: repo.NoticeChanges = {}
        if (data.servedOn !== undefined || data.serviceMethod !== undefined) {
          changes.served_on = servedOn
          changes.service_method = method
          changes.response_due_on = servedOn ? noticeResponseDue(servedOn) : null
        }
        if (data.responseReceivedOn !== undefined) changes.response_received_on = data.responseReceivedOn
        if (data.responseSummary !== undefined) changes.response_summary = data.responseSummary || null

        const severity = notice.severity && isSeverity(notice.severity) ? notice.severity : null
        const isLatest = latest?.id === notice.id
        const status = subjectStatus(subject.status)
        if (isLatest && servedOn && method && isNoticeServiceMethod(method) && severity) {
          const served = { servedOn, method, severity }
          if (status === 'identified' && notice.served_on === null) {
            await moveSubject(trx, ctx, subject, await subjectFacts(trx, subject, served, null), 'notice_served')
          }
          if (
            receivedOn &&
            notice.response_received_on === null &&
            (status === 'notice_served' || status === 'identified')
          ) {
            await moveSubject(
              trx,
              ctx,
              { ...subject, status: 'notice_served' },
              await subjectFacts(trx, { ...subject, status: 'notice_served' }, served, receivedOn),
              'responded',
            )
          }
        }

        const updated = await repo.updateNotice(trx, noticeId, changes, expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.refreshNextDeadline(trx, notice.investigation_id)
        await investigations.touch(trx, notice.investigation_id)
        const view = (n: typeof notice) => ({
          servedOn: n.served_on,
          serviceMethod: n.service_method,
          responseDueOn: n.response_due_on,
          responseReceivedOn: n.response_received_on,
          responseSummary: n.response_summary,
        })
        await auditTrail.record(trx, ctx, {
          action:
            data.responseReceivedOn !== undefined || data.responseSummary !== undefined
              ? 'notice.response-recorded'
              : 'notice.service-recorded',
          entityType: 'notice',
          entityId: noticeId,
          caseId: notice.investigation_id,
          detail: { subjectId: notice.subject_id, before: view(notice), after: view(updated) },
        })
        return updated
      })
    },

    /** The notice's PDF bytes (audited: it holds the subject's personal data). */
    async noticePdf(noticeId: string, ctx: RequestContext) {
      const { notice, loaded } = await requireNotice(db, ctx, noticeId, 'investigation:read-case-file')
      const bytes = notice.content_sha256 ? await documentStore.get(notice.content_sha256) : null
      if (!bytes) throw new NotFound('The notice document')
      await auditRead(ctx, {
        action: 'notice.downloaded',
        entityType: 'notice',
        entityId: notice.id,
        caseId: notice.investigation_id,
        detail: { subjectId: notice.subject_id, contentSha256: notice.content_sha256, fields: ['notice_pdf'] },
      })
      return {
        bytes,
        filename: `notice-of-investigation-${loaded.investigation.reference.replace('/', '-')}-${notice.id.slice(-8)}.pdf`,
      }
    },

    async recordInterview(subjectId: string, input: InterviewInputType, ctx: RequestContext) {
      const actor = requireActor(ctx)
      const data = parseOrThrow(InterviewInput, input)
      return access.transaction(ctx, async (trx) => {
        const { subject } = await requireSubject(trx, ctx, subjectId, 'investigation:contribute', { forUpdate: true })
        const interview = await repo.insertInterview(trx, {
          id: uuidv7(),
          investigation_id: subject.investigation_id,
          subject_id: subject.id,
          kind: data.kind,
          held_on: data.heldOn,
          summary: data.summary || null,
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, subject.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'interview.recorded',
          entityType: 'interview',
          entityId: interview.id,
          caseId: subject.investigation_id,
          detail: {
            subjectId: subject.id,
            after: { kind: data.kind, heldOn: data.heldOn, summary: interview.summary },
          },
        })
        return interview
      })
    },
  }
}

export type SubjectService = ReturnType<typeof subjectService>
