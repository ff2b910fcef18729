/**
 * The officer's whole record (DOMAIN.md "Officer record"; docs/officer-record.md): every live and
 * historical case the officer is named on, with their allegations, findings, outcomes and
 * co-subjects; the early-intervention flags they meet and why; and the list of every flagged
 * officer. Who may see it is the one policy's (authoriseOfficerRecord): the oversight body's staff
 * every officer, a force's professional standards department only its own. Every read is audited.
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import type { Database } from '../../data/schema.js'
import * as repo from '../../data/repositories/officerRecords.js'
import { isPlainDate, type PlainDate } from '../../domain/calendar.js'
import {
  evaluateEarlyIntervention,
  type ColleagueFact,
  type EarlyInterventionFlag,
  type EarlyInterventionRule,
} from '../../domain/earlyIntervention.js'
import { authorise, authoriseOfficerRecord, type Actor } from '../../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../../domain/ruleSet.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { Forbidden, NotFound, ValidationFailed } from '../errors.js'

export const RecordFilterInput = z
  .object({
    from: z.string().refine(isPlainDate, 'Enter a real date written YYYY-MM-DD').optional(),
    to: z.string().refine(isPlainDate, 'Enter a real date written YYYY-MM-DD').optional(),
    category: z.string().trim().min(1).max(200).optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'The end date must not be before the start',
  })
export type RecordFilterInput = z.output<typeof RecordFilterInput>

export interface OfficerSummary {
  id: string
  surname: string | null
  forenames: string | null
  warrantNumber: string | null
  rank: string | null
  force: { id: string; code?: string; name: string }
}

/** An officer named with this one on a case; null name and id when the reader may not see that officer's record. */
export interface CoSubject {
  id: string | null
  name: string | null
  force: string
}

export interface RecordAllegation {
  id: string
  description: string | null
  category: string | null
  /** The source's own value when it differs from the mapped one (historical records keep it verbatim). */
  categorySource: string | null
  standard: string | null
  finding: string | null
  findingSource: string | null
  outcome: string | null
  outcomeSource: string | null
}

export interface RecordCase {
  id: string
  origin: 'live' | 'historical'
  reference: string
  on: PlainDate
  force: string
  kind: string | null
  title: string | null
  status: string | null
  closedOn: PlainDate | null
  subjectId: string | null
  allegations: RecordAllegation[]
  coSubjects: CoSubject[]
}

export interface OfficerRecord {
  officer: OfficerSummary & { knownFrom: 'register' | 'history'; aliases: { source: string; sourceId: string }[] }
  cases: RecordCase[]
  /** Position of the last case shown, for the next page; null on the last page. */
  next: { on: PlainDate; caseId: string } | null
  flags: EarlyInterventionFlag[]
}

const name = (surname: string | null, forenames: string | null) =>
  [forenames, surname].filter((p) => p && p.trim()).join(' ') || 'Name not recorded'

function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Forbidden('Sign in to see officers’ records.')
  return ctx.actor
}

export function officerRecordService(db: Kysely<Database>, rules: RuleSet = ENGLAND_AND_WALES) {
  const eiRules: readonly EarlyInterventionRule[] = rules.earlyIntervention

  /** The officer, if the actor may see their record; a refusal is audited. */
  async function load(id: string, ctx: RequestContext) {
    const actor = requireActor(ctx)
    const general = authorise(actor, 'officers:read-record')
    if (!general.allowed) throw new Forbidden(general.reason)
    if (!z.uuid().safeParse(id).success) throw new NotFound('The officer')
    const officer = await repo.findOfficer(db, id)
    if (!officer) throw new NotFound('The officer')
    const decision = authoriseOfficerRecord(actor, { forceId: officer.force_id })
    if (!decision.allowed) {
      await auditTrail.record(db, ctx, {
        action: 'access.denied',
        entityType: 'officer',
        entityId: officer.officer_id,
        detail: { action: 'officers:read-record', reason: decision.reason },
      })
      throw new Forbidden(decision.reason)
    }
    return { actor, officer }
  }

  const keysOf = (officer: repo.OfficerIdentityRow) => ({
    liveOfficerId: officer.live_officer_id,
    historicalIds: officer.historical_ids,
  })

  async function flagsOf(officer: repo.OfficerIdentityRow): Promise<EarlyInterventionFlag[]> {
    const keys = keysOf(officer)
    const [facts, shared] = await Promise.all([repo.allegationFacts(db, keys), repo.sharedCases(db, keys)])
    const colleagues = new Map<string, ColleagueFact & { cases: ColleagueFact['cases'][number][] }>()
    for (const row of shared) {
      const c = colleagues.get(row.officer_id) ?? {
        officerId: row.officer_id,
        name: name(row.surname, row.forenames),
        cases: [],
      }
      c.cases.push({ caseId: row.case_id, caseReference: row.case_reference, on: row.case_on })
      colleagues.set(row.officer_id, c)
    }
    return evaluateEarlyIntervention(
      facts.map((f) => ({
        id: f.allegation_id,
        caseId: f.case_id,
        caseReference: f.case_reference,
        on: f.case_on,
        category: f.category,
      })),
      [...colleagues.values()],
      eiRules,
    )
  }

  /** Flags name colleagues: a reader who may not see a colleague's record sees "an officer of <force>". */
  function redactFlags(actor: Actor, flags: EarlyInterventionFlag[], forceOf: Map<string, string>) {
    return flags.map((f) => {
      if (!f.colleague) return f
      const force = forceOf.get(f.colleague.officerId)
      if (force && authoriseOfficerRecord(actor, { forceId: force }).allowed) return f
      const hidden = 'an officer of another force'
      return {
        ...f,
        reason: f.reason.replace(f.colleague.name, hidden),
        colleague: { ...f.colleague, officerId: '', name: hidden },
      }
    })
  }

  async function colleagueForces(flags: EarlyInterventionFlag[]): Promise<Map<string, string>> {
    const map = new Map<string, string>()
    for (const f of flags) {
      if (!f.colleague || map.has(f.colleague.officerId)) continue
      const found = await repo.findOfficer(db, f.colleague.officerId)
      if (found) map.set(f.colleague.officerId, found.force_id)
    }
    return map
  }

  return {
    rules: eiRules,

    /** The officer's record: a page of their cases (newest first), filtered, with their flags. */
    async get(
      id: string,
      ctx: RequestContext,
      options: {
        filter?: z.input<typeof RecordFilterInput>
        after?: { on: string; caseId: string }
        limit?: number
      } = {},
    ): Promise<OfficerRecord> {
      const parsed = RecordFilterInput.safeParse(options.filter ?? {})
      if (!parsed.success)
        throw new ValidationFailed(
          parsed.error.issues.map((i) => ({ path: i.path.join('.') || 'filter', message: i.message })),
        )
      const filter = parsed.data
      const { actor, officer } = await load(id, ctx)
      const keys = keysOf(officer)
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const rows = await repo.recordCases(db, keys, filter, { after: options.after, limit: limit + 1 })
      const shown = rows.slice(0, limit)
      const live = shown.filter((r) => r.origin === 'live')
      const historical = shown.filter((r) => r.origin === 'historical')
      const [allegations, coSubjects, aliases, flags] = await Promise.all([
        repo.allegationsOnCases(db, {
          subjectIds: live.map((r) => r.subject_id!),
          historicalCaseIds: historical.map((r) => r.case_id),
          historicalIds: officer.historical_ids,
        }),
        repo.coSubjectsOnCases(db, {
          liveCaseIds: live.map((r) => r.case_id),
          historicalCaseIds: historical.map((r) => r.case_id),
          ...keys,
        }),
        repo.aliasesOf(db, officer.historical_ids),
        flagsOf(officer),
      ])
      const cases: RecordCase[] = shown.map((r) => ({
        id: r.case_id,
        origin: r.origin,
        reference: r.reference,
        on: r.case_on,
        force: r.force_name,
        kind: r.kind,
        title: r.title,
        status: r.status,
        closedOn: r.closed_on,
        subjectId: r.subject_id,
        allegations: allegations
          .filter((a) => a.case_id === r.case_id)
          .filter((a) => !filter.category || a.category === filter.category)
          .map((a) => ({
            id: a.allegation_id,
            description: a.description,
            category: a.category,
            categorySource: a.category_source !== a.category ? a.category_source : null,
            standard: a.standard,
            finding: a.finding,
            findingSource: a.finding_source !== a.finding ? a.finding_source : null,
            outcome: a.outcome,
            outcomeSource: a.outcome_source !== a.outcome ? a.outcome_source : null,
          })),
        coSubjects: coSubjects
          .filter((c) => c.case_id === r.case_id)
          .map((c) =>
            authoriseOfficerRecord(actor, { forceId: c.force_id }).allowed
              ? { id: c.officer_id, name: name(c.surname, c.forenames), force: c.force_name }
              : { id: null, name: null, force: c.force_name },
          ),
      }))
      const last = shown[shown.length - 1]
      await auditTrail.record(db, ctx, {
        action: 'officer-record.read',
        entityType: 'officer',
        entityId: officer.officer_id,
        detail: {
          fields: ['name', 'warrant_number', 'rank', 'cases', 'allegations', 'co_subjects', 'flags'],
          filter,
          cases: cases.map((c) => c.id),
        },
      })
      return {
        officer: {
          id: officer.officer_id,
          surname: officer.surname,
          forenames: officer.forenames,
          warrantNumber: officer.warrant_number,
          rank: officer.rank,
          force: { id: officer.force_id, code: officer.force_code, name: officer.force_name },
          knownFrom: officer.known_from,
          aliases: aliases.map((a) => ({ source: a.source, sourceId: a.source_id })),
        },
        cases,
        next: rows.length > limit && last ? { on: last.case_on, caseId: last.case_id } : null,
        flags: redactFlags(actor, flags, await colleagueForces(flags)),
      }
    },

    /**
     * The flags an officer meets and why, for the subject page: the record's id is the
     * register's officer id. Null when the actor may not see the officer's record.
     */
    async flagsFor(officerId: string, ctx: RequestContext): Promise<EarlyInterventionFlag[] | null> {
      const actor = ctx.actor
      if (!actor || !authorise(actor, 'officers:read-record').allowed) return null
      const officer = await repo.findOfficer(db, officerId)
      if (!officer || !authoriseOfficerRecord(actor, { forceId: officer.force_id }).allowed) return null
      const flags = await flagsOf(officer)
      await auditTrail.record(db, ctx, {
        action: 'officer-flags.read',
        entityType: 'officer',
        entityId: officer.officer_id,
        detail: { fields: ['flags'], flags: flags.map((f) => f.rule.id) },
      })
      return redactFlags(actor, flags, await colleagueForces(flags))
    },

    /**
     * Every officer meeting a threshold, newest first (by the latest day they met one). A force's
     * professional standards department sees only its own officers.
     */
    async flagged(
      ctx: RequestContext,
      options: { ruleId?: string; forceId?: string; after?: { on: string; officerId: string }; limit?: number } = {},
    ) {
      const actor = requireActor(ctx)
      const general = authorise(actor, 'officers:read-record')
      if (!general.allowed) throw new Forbidden(general.reason)
      if (options.ruleId && !eiRules.some((r) => r.id === options.ruleId))
        throw new ValidationFailed([
          { path: 'rule', message: `Choose one of the rules: ${eiRules.map((r) => r.id).join(', ')}` },
        ])
      if (options.forceId && !z.uuid().safeParse(options.forceId).success)
        throw new ValidationFailed([{ path: 'forceId', message: 'Choose a force' }])
      // Oversight staff see every officer; anyone else only their own force's.
      const ownForceOnly = !authoriseOfficerRecord(actor, { forceId: '' }).allowed
      const forceId = ownForceOnly ? actor.organisationId : options.forceId
      if (ownForceOnly && options.forceId && options.forceId !== actor.organisationId)
        throw new Forbidden('A force’s professional standards department sees only its own officers’ records.')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const rows = await repo.flaggedOfficers(db, eiRules, {
        forceId,
        ruleId: options.ruleId,
        after: options.after,
        limit: limit + 1,
      })
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'officers-flagged.read',
        entityType: 'officer',
        detail: {
          fields: ['name', 'warrant_number', 'flags'],
          rule: options.ruleId ?? null,
          forceId: forceId ?? null,
          officers: shown.map((r) => r.officer_id),
        },
      })
      const last = shown[shown.length - 1]
      return {
        items: shown.map((r) => ({
          officer: {
            id: r.officer_id,
            surname: r.surname,
            forenames: r.forenames,
            warrantNumber: r.warrant_number,
            rank: r.rank,
            force: { id: r.force_id, name: r.force_name },
          } satisfies OfficerSummary,
          metOn: r.met_on,
          rules: r.rule_ids.map((id) => eiRules.find((rule) => rule.id === id)!),
        })),
        next: rows.length > limit && last ? { on: last.met_on, officerId: last.officer_id } : null,
      }
    },
  }
}

export type OfficerRecordService = ReturnType<typeof officerRecordService>
export { name as officerName }
