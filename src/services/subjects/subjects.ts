/**
 * Subjects of an investigation: finding the officer, adding, reading and changing a subject.
 */
import { uuidv7 } from 'uuidv7'
import { authorise } from '../../domain/policy.js'
import { isRank } from '../../domain/vocabulary.js'
import * as investigations from '../../data/repositories/investigations.js'
import * as organisations from '../../data/repositories/organisations.js'
import * as repo from '../../data/repositories/subjects.js'
import * as auditTrail from '../auditTrail.js'
import { requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { Conflict, Forbidden, ValidationFailed } from '../errors.js'
import { parseOrThrow } from '../validation.js'
import {
  AddSubjectInput,
  SubjectChange,
  SUBJECT_FIELDS,
  severityHistoryOf,
  type AddSubjectInputType,
  type SubjectChangeType,
  type SubjectSummary,
} from './schemas.js'
import type { SubjectKit } from './kit.js'

export function subjectRecordUseCases(kit: SubjectKit) {
  const { db, access, requireSubject, auditRead, summaries, summaryOf } = kit
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
  }
}
