/**
 * Witnesses and statements (domain/witnesses.ts). Witnesses are personal data — contact details,
 * special measures, needs — that only the investigation team sees ('witnesses:read'), and every
 * read of them is audited. A statement is taken from a witness or from an officer under
 * investigation, by a member of the team, at a time and place; whether it is signed; and the
 * document in the evidence register that holds it (whose hash and chain of custody the register
 * keeps). Statements link to allegations and chronology events, and actions cite them in their
 * results (statementsOfCase is the hook the action service checks those links with).
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { uuidv7 } from 'uuidv7'
import {
  SPECIAL_MEASURES,
  WITNESS_KINDS,
  statementGiver,
  statementReference,
  witnessReference,
  type SpecialMeasure,
  type WitnessKind,
} from '../domain/witnesses.js'
import { actionReference } from '../domain/actions.js'
import { compareDates, londonDateOf, longDate } from '../domain/calendar.js'
import * as repo from '../data/repositories/witnesses.js'
import * as actionsRepo from '../data/repositories/actions.js'
import * as investigations from '../data/repositories/investigations.js'
import type { Executor } from '../data/database.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { caseAccess, isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Conflict, NotFound, ValidationFailed, type FieldProblem } from './errors.js'
import { parseOrThrow } from './validation.js'
import { idList, optionalDate, optionalText, requiredText, type PersonRef } from './workFields.js'

/** Statements are taken by the investigators on the team (the lead among them). */
const TAKERS: readonly string[] = ['lead_investigator', 'investigator']

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)
const optionalId = (message: string) => z.preprocess(emptyToUndefined, z.uuid({ message }).optional())

const witnessFields = {
  kind: z.enum(WITNESS_KINDS, { message: 'Choose civilian, police or expert' }),
  fullName: requiredText(200, 'the witness’s full name'),
  roleInEvents: optionalText(2000, 'their part in the events'),
  organisation: optionalText(300, 'the organisation'),
  collarNumber: optionalText(30, 'the collar or staff number'),
  address: optionalText(1000, 'the address'),
  phone: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(40, 'Phone number must be 40 characters or fewer')
      .regex(/^[+\d][\d ()-]*$/, 'Enter a phone number using numbers, spaces, brackets, + and -')
      .optional(),
  ),
  email: z.preprocess(
    emptyToUndefined,
    z.email({ message: 'Enter an email address in the correct format, like name@example.com' }).max(320).optional(),
  ),
  preferredContact: optionalText(1000, 'how they prefer to be contacted'),
  specialMeasures: z.array(z.enum(SPECIAL_MEASURES, { message: 'Choose special measures from the list' })).max(20),
  needs: optionalText(5000, 'their needs'),
}

export const WitnessInput = z.object({ ...witnessFields, specialMeasures: witnessFields.specialMeasures.default([]) })
export type WitnessInputType = z.input<typeof WitnessInput>

/** A change: the fields given replace what is held ("" or null clears an optional one). */
export const WitnessChange = z.object(witnessFields).partial()
export type WitnessChangeType = z.input<typeof WitnessChange>

const takenAtField = z.iso.datetime({ offset: true, message: 'Enter when the statement was taken as a date and time' })

export const StatementInput = z.object({
  witnessId: optionalId('Choose a witness of this investigation'),
  subjectId: optionalId('Choose an officer under investigation in this case'),
  takenBy: z.uuid({ message: 'Choose who took the statement' }),
  takenAt: takenAtField,
  place: requiredText(500, 'where the statement was taken'),
  summary: optionalText(20000, 'the summary'),
  signed: z.boolean().default(false),
  signedOn: optionalDate('Enter a real date for when it was signed'),
  documentId: optionalId('Choose a document of this investigation’s evidence register'),
  allegationIds: idList('allegations').default([]),
  chronologyEventIds: idList('chronology events').default([]),
})
export type StatementInputType = z.input<typeof StatementInput>

export const StatementChange = z
  .object({
    takenAt: takenAtField,
    place: requiredText(500, 'where the statement was taken'),
    summary: optionalText(20000, 'the summary'),
    signed: z.boolean(),
    signedOn: optionalDate('Enter a real date for when it was signed'),
    documentId: optionalId('Choose a document of this investigation’s evidence register'),
    allegationIds: idList('allegations'),
    chronologyEventIds: idList('chronology events'),
  })
  .partial()
export type StatementChangeType = z.input<typeof StatementChange>

export interface Witness {
  id: string
  investigationId: string
  number: number
  reference: string
  kind: WitnessKind
  fullName: string
  roleInEvents: string | null
  organisation: string | null
  collarNumber: string | null
  contact: { address: string | null; phone: string | null; email: string | null; preferredContact: string | null }
  specialMeasures: SpecialMeasure[]
  needs: string | null
  createdAt: Date
  updatedAt: Date
  version: number
}

export interface Statement {
  id: string
  investigationId: string
  number: number
  reference: string
  givenBy: { kind: 'witness' | 'subject'; id: string; name: string; reference: string | null }
  takenBy: PersonRef
  takenAt: Date
  place: string
  summary: string | null
  signed: boolean
  signedOn: string | null
  document: { id: string; exhibitReference: string; title: string; sha256: string; withdrawn: boolean } | null
  allegationIds: string[]
  chronologyEventIds: string[]
  createdAt: Date
  updatedAt: Date
  version: number
}

const witnessView = (r: repo.WitnessRow): Witness => ({
  id: r.id,
  investigationId: r.investigation_id,
  number: r.number,
  reference: witnessReference(r.number),
  kind: r.kind,
  fullName: r.full_name,
  roleInEvents: r.role_in_events,
  organisation: r.organisation,
  collarNumber: r.collar_number,
  contact: { address: r.address, phone: r.phone, email: r.email, preferredContact: r.preferred_contact },
  specialMeasures: r.special_measures as SpecialMeasure[],
  needs: r.needs,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  version: r.version,
})

// The audit keeps what changed but not the contact details themselves (they are read through audited reads).
const witnessAudit = (r: repo.WitnessRow) => ({
  number: r.number,
  kind: r.kind,
  fullName: r.full_name,
  specialMeasures: r.special_measures,
  contactHeld: { address: r.address !== null, phone: r.phone !== null, email: r.email !== null },
})

const statementAudit = (r: repo.StatementRow) => ({
  number: r.number,
  witnessId: r.witness_id,
  subjectId: r.subject_id,
  takenBy: r.taken_by,
  takenAt: r.taken_at,
  place: r.place,
  signed: r.signed,
  signedOn: r.signed_on,
  documentId: r.document_id,
  allegationIds: r.allegation_ids,
  chronologyEventIds: r.chronology_event_ids,
})

const witnessColumns = (d: Partial<z.output<typeof WitnessChange>>, input: object) => {
  const has = (k: string) => k in input
  return {
    ...(d.kind !== undefined ? { kind: d.kind } : {}),
    ...(d.fullName !== undefined ? { full_name: d.fullName } : {}),
    ...(has('roleInEvents') ? { role_in_events: d.roleInEvents ?? null } : {}),
    ...(has('organisation') ? { organisation: d.organisation ?? null } : {}),
    ...(has('collarNumber') ? { collar_number: d.collarNumber ?? null } : {}),
    ...(has('address') ? { address: d.address ?? null } : {}),
    ...(has('phone') ? { phone: d.phone ?? null } : {}),
    ...(has('email') ? { email: d.email ?? null } : {}),
    ...(has('preferredContact') ? { preferred_contact: d.preferredContact ?? null } : {}),
    ...(d.specialMeasures !== undefined ? { special_measures: [...new Set(d.specialMeasures)] } : {}),
    ...(has('needs') ? { needs: d.needs ?? null } : {}),
  }
}

export function witnessService(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function loadWitness(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) throw new NotFound('The witness')
    const row = await repo.findWitness(executor, id, forUpdate)
    if (!row) throw new NotFound('The witness')
    return row
  }

  async function loadStatement(executor: Executor, id: string, forUpdate = false) {
    if (!isUuid(id)) throw new NotFound('The statement')
    const row = await repo.findStatement(executor, id, forUpdate)
    if (!row) throw new NotFound('The statement')
    return row
  }

  async function presentStatements(executor: Executor, rows: repo.StatementRow[]): Promise<Statement[]> {
    const ids = {
      witnessIds: [...new Set(rows.flatMap((r) => (r.witness_id ? [r.witness_id] : [])))],
      subjectIds: [...new Set(rows.flatMap((r) => (r.subject_id ? [r.subject_id] : [])))],
      documentIds: [...new Set(rows.flatMap((r) => (r.document_id ? [r.document_id] : [])))],
    }
    const [labels, people] = await Promise.all([
      repo.labelsFor(executor, ids),
      actionsRepo.userNames(executor, [...new Set(rows.map((r) => r.taken_by))]),
    ])
    const witness = new Map(labels.witnesses.map((w) => [w.id, w]))
    const subject = new Map(labels.subjects.map((s) => [s.id, s]))
    const document = new Map(labels.documents.map((d) => [d.id, d]))
    const name = new Map(people.map((p) => [p.id, p.display_name]))
    return rows.map((r) => {
      const w = r.witness_id ? witness.get(r.witness_id) : undefined
      const s = r.subject_id ? subject.get(r.subject_id) : undefined
      const d = r.document_id ? document.get(r.document_id) : undefined
      return {
        id: r.id,
        investigationId: r.investigation_id,
        number: r.number,
        reference: statementReference(r.number),
        givenBy: r.witness_id
          ? {
              kind: 'witness',
              id: r.witness_id,
              name: w?.full_name ?? 'Unknown',
              reference: w ? witnessReference(w.number) : null,
            }
          : {
              kind: 'subject',
              id: r.subject_id!,
              name: s ? `${s.rank_at_time ? `${s.rank_at_time} ` : ''}${s.given_name} ${s.family_name}` : 'Unknown',
              reference: null,
            },
        takenBy: { id: r.taken_by, name: name.get(r.taken_by) ?? 'Unknown person' },
        takenAt: r.taken_at,
        place: r.place,
        summary: r.summary,
        signed: r.signed,
        signedOn: r.signed_on,
        document: d
          ? {
              id: d.id,
              exhibitReference: d.exhibit_reference,
              title: d.title,
              sha256: d.sha256,
              withdrawn: d.withdrawn_at !== null,
            }
          : null,
        allegationIds: r.allegation_ids,
        chronologyEventIds: r.chronology_event_ids,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        version: r.version,
      }
    })
  }

  /** Checks a statement's links, its giver, who took it and its dates; problems name their fields. */
  async function checkStatement(
    trx: Executor,
    investigationId: string,
    s: {
      witnessId?: string | undefined
      subjectId?: string | undefined
      takenBy?: string | undefined
      takenAt?: string | undefined
      signed?: boolean | undefined
      signedOn?: string | undefined
      documentId?: string | undefined
      allegationIds?: string[] | undefined
      chronologyEventIds?: string[] | undefined
    },
  ) {
    const problems: FieldProblem[] = []
    const links: [string, Parameters<typeof actionsRepo.idsOfCase>[1], string[] | undefined, string][] = [
      ['subjectId', 'subjects', s.subjectId ? [s.subjectId] : undefined, 'an officer under investigation'],
      ['documentId', 'documents', s.documentId ? [s.documentId] : undefined, 'a document of the evidence register'],
      ['allegationIds', 'allegations', s.allegationIds, 'allegations'],
      ['chronologyEventIds', 'chronology_events', s.chronologyEventIds, 'chronology events'],
    ]
    for (const [path, table, ids, what] of links) {
      if (!ids?.length) continue
      const unique = [...new Set(ids)]
      if ((await actionsRepo.idsOfCase(trx, table, investigationId, unique)).length !== unique.length)
        problems.push({ path, message: `Choose ${what} of this investigation` })
    }
    if (s.witnessId && (await repo.witnessIdsOfCase(trx, investigationId, [s.witnessId])).length !== 1)
      problems.push({ path: 'witnessId', message: 'Choose a witness of this investigation' })
    if (s.takenBy) {
      const team = await actionsRepo.teamOf(trx, investigationId)
      if (!team.some((m) => m.id === s.takenBy && TAKERS.includes(m.role_in_case)))
        problems.push({ path: 'takenBy', message: 'Choose an investigator on this investigation’s team' })
    }
    const takenAt = s.takenAt ? new Date(s.takenAt) : undefined
    if (takenAt && takenAt.getTime() > Date.now() + 60_000)
      problems.push({ path: 'takenAt', message: 'When the statement was taken must be now or in the past' })
    if (s.signedOn) {
      if (!s.signed) problems.push({ path: 'signedOn', message: 'Only a signed statement has a date of signing' })
      else if (compareDates(s.signedOn, londonDateOf(new Date())) > 0)
        problems.push({ path: 'signedOn', message: 'The date it was signed must be today or in the past' })
      else if (takenAt && compareDates(s.signedOn, londonDateOf(takenAt)) < 0)
        problems.push({ path: 'signedOn', message: 'The date it was signed must be on or after the day it was taken' })
    }
    if (problems.length) throw new ValidationFailed(problems)
  }

  return {
    // Witnesses ------------------------------------------------------------------------------

    async addWitness(investigationId: string, input: WitnessInputType, ctx: RequestContext): Promise<Witness> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(WitnessInput, input)
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'witnesses:manage')
        const row = await repo.insertWitness(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await actionsRepo.nextNumber(trx, investigationId, 'witness'),
          kind: data.kind,
          full_name: data.fullName,
          role_in_events: data.roleInEvents ?? null,
          organisation: data.organisation ?? null,
          collar_number: data.collarNumber ?? null,
          address: data.address ?? null,
          phone: data.phone ?? null,
          email: data.email ?? null,
          preferred_contact: data.preferredContact ?? null,
          special_measures: [...new Set(data.specialMeasures)],
          needs: data.needs ?? null,
          created_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'witness.added',
          entityType: 'witness',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: witnessAudit(row) },
        })
        return witnessView(row)
      })
    },

    async changeWitness(
      witnessId: string,
      input: WitnessChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<Witness> {
      const data = parseOrThrow(WitnessChange, input)
      return access.transaction(ctx, async (trx) => {
        const current = await loadWitness(trx, witnessId, true)
        await access.require(trx, ctx, current.investigation_id, 'witnesses:manage')
        if (current.version !== expectedVersion) throw new Conflict()
        const updated = await repo.updateWitness(trx, witnessId, witnessColumns(data, input), expectedVersion)
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: 'witness.changed',
          entityType: 'witness',
          entityId: witnessId,
          caseId: current.investigation_id,
          detail: { before: witnessAudit(current), after: witnessAudit(updated), fields: Object.keys(input) },
        })
        return witnessView(updated)
      })
    },

    /** One witness with their statements: an audited read of personal data. */
    async getWitness(witnessId: string, ctx: RequestContext) {
      const row = await loadWitness(db, witnessId)
      const loaded = await access.require(db, ctx, row.investigation_id, 'witnesses:read')
      await auditTrail.record(db, ctx, {
        action: 'witness.read',
        entityType: 'witness',
        entityId: witnessId,
        caseId: row.investigation_id,
      })
      const statements = await repo.statementsOfCase(db, {
        investigationId: row.investigation_id,
        witnessId,
        afterNumber: 0,
        limit: 500,
      })
      return {
        witness: witnessView(row),
        statements: await presentStatements(db, statements),
        may: { manage: access.may(ctx, 'witnesses:manage', loaded) },
      }
    },

    /** A page of the case's witnesses by number (an audited read); `next` is the number to pass as afterNumber. */
    async listWitnesses(
      investigationId: string,
      ctx: RequestContext,
      options: { afterNumber?: number; limit?: number } = {},
    ) {
      const loaded = await access.require(db, ctx, investigationId, 'witnesses:read')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const rows = await repo.witnessesOfCase(db, investigationId, options.afterNumber ?? 0, limit + 1)
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'witnesses.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { witnesses: shown.length },
      })
      return {
        items: shown.map((r) => ({ ...witnessView(r), statementCount: r.statement_count ?? 0 })),
        next: rows.length > limit ? shown[shown.length - 1]!.number : null,
        may: { manage: access.may(ctx, 'witnesses:manage', loaded) },
      }
    },

    // Statements -----------------------------------------------------------------------------

    async recordStatement(investigationId: string, input: StatementInputType, ctx: RequestContext): Promise<Statement> {
      const actor = requireActor(ctx)
      const data = parseOrThrow(StatementInput, input)
      const giver = statementGiver(data)
      if (!giver.ok) throw new ValidationFailed([{ path: 'witnessId', message: giver.message }])
      return access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, investigationId, 'witnesses:manage')
        await checkStatement(trx, investigationId, data)
        const row = await repo.insertStatement(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          number: await actionsRepo.nextNumber(trx, investigationId, 'statement'),
          witness_id: giver.giver.witnessId ?? null,
          subject_id: giver.giver.subjectId ?? null,
          taken_by: data.takenBy,
          taken_at: new Date(data.takenAt),
          place: data.place,
          summary: data.summary ?? null,
          signed: data.signed,
          signed_on: data.signed ? (data.signedOn ?? null) : null,
          document_id: data.documentId ?? null,
          allegation_ids: [...new Set(data.allegationIds)],
          chronology_event_ids: [...new Set(data.chronologyEventIds)],
          recorded_by: actor.userId,
        })
        await investigations.touch(trx, investigationId)
        await auditTrail.record(trx, ctx, {
          action: 'statement.recorded',
          entityType: 'statement',
          entityId: row.id,
          caseId: investigationId,
          detail: { after: statementAudit(row) },
        })
        return (await presentStatements(trx, [row]))[0]!
      })
    },

    /** Changes a statement: mark it signed, attach its document, correct when or where, relink it. */
    async changeStatement(
      statementId: string,
      input: StatementChangeType,
      expectedVersion: number,
      ctx: RequestContext,
    ): Promise<Statement> {
      const data = parseOrThrow(StatementChange, input)
      return access.transaction(ctx, async (trx) => {
        const current = await loadStatement(trx, statementId, true)
        await access.require(trx, ctx, current.investigation_id, 'witnesses:manage')
        if (current.version !== expectedVersion) throw new Conflict()
        const has = (k: string) => k in input
        const signed = data.signed ?? current.signed
        const signedOn = has('signedOn') ? (data.signedOn ?? null) : signed ? current.signed_on : null
        const takenAt = data.takenAt ?? current.taken_at.toISOString()
        await checkStatement(trx, current.investigation_id, {
          takenAt,
          signed,
          ...(signedOn ? { signedOn } : {}),
          documentId: data.documentId,
          allegationIds: data.allegationIds,
          chronologyEventIds: data.chronologyEventIds,
        })
        const updated = await repo.updateStatement(
          trx,
          statementId,
          {
            taken_at: new Date(takenAt),
            ...(data.place !== undefined ? { place: data.place } : {}),
            ...(has('summary') ? { summary: data.summary ?? null } : {}),
            signed,
            signed_on: signed ? signedOn : null,
            ...(has('documentId') ? { document_id: data.documentId ?? null } : {}),
            ...(data.allegationIds ? { allegation_ids: [...new Set(data.allegationIds)] } : {}),
            ...(data.chronologyEventIds ? { chronology_event_ids: [...new Set(data.chronologyEventIds)] } : {}),
          },
          expectedVersion,
        )
        if (!updated) throw new Conflict()
        await investigations.touch(trx, current.investigation_id)
        await auditTrail.record(trx, ctx, {
          action: !current.signed && updated.signed ? 'statement.signed' : 'statement.changed',
          entityType: 'statement',
          entityId: statementId,
          caseId: current.investigation_id,
          detail: { before: statementAudit(current), after: statementAudit(updated) },
        })
        return (await presentStatements(trx, [updated]))[0]!
      })
    },

    /** One statement, with the actions whose results cite it: an audited read. */
    async getStatement(statementId: string, ctx: RequestContext) {
      const row = await loadStatement(db, statementId)
      const loaded = await access.require(db, ctx, row.investigation_id, 'witnesses:read')
      await auditTrail.record(db, ctx, {
        action: 'statement.read',
        entityType: 'statement',
        entityId: statementId,
        caseId: row.investigation_id,
      })
      const [statement] = await presentStatements(db, [row])
      const actions = await repo.actionsCiting(db, statementId)
      return {
        statement: statement!,
        actions: actions.map((a) => ({
          id: a.id,
          reference: actionReference(a.number),
          title: a.title,
          status: a.status,
        })),
        may: { manage: access.may(ctx, 'witnesses:manage', loaded) },
      }
    },

    /** A page of the case's statements by number, optionally of one witness or officer (an audited read). */
    async listStatements(
      investigationId: string,
      ctx: RequestContext,
      options: { witnessId?: string; subjectId?: string; afterNumber?: number; limit?: number } = {},
    ) {
      await access.require(db, ctx, investigationId, 'witnesses:read')
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 500)
      const rows = await repo.statementsOfCase(db, {
        investigationId,
        ...(options.witnessId ? { witnessId: options.witnessId } : {}),
        ...(options.subjectId ? { subjectId: options.subjectId } : {}),
        afterNumber: options.afterNumber ?? 0,
        limit: limit + 1,
      })
      const shown = rows.slice(0, limit)
      await auditTrail.record(db, ctx, {
        action: 'statements.read',
        entityType: 'investigation',
        entityId: investigationId,
        caseId: investigationId,
        detail: { statements: shown.length },
      })
      return {
        items: await presentStatements(db, shown),
        next: rows.length > limit ? shown[shown.length - 1]!.number : null,
      }
    },

    /** What a statement form offers: the witnesses, officers, team, documents, allegations and events of the case. */
    async statementChoices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'witnesses:read')
      const [witnesses, team, links] = await Promise.all([
        repo.witnessesOfCase(db, investigationId, 0, 1000),
        actionsRepo.teamOf(db, investigationId),
        actionsRepo.linkChoices(db, investigationId),
      ])
      return {
        witnesses: witnesses.map((w) => ({ id: w.id, label: `${witnessReference(w.number)}: ${w.full_name}` })),
        subjects: links.subjects.map((s) => ({
          id: s.id,
          label: `${s.rank_at_time ? `${s.rank_at_time} ` : ''}${s.given_name} ${s.family_name}`,
        })),
        team: team
          .filter((m) => m.status === 'active' && TAKERS.includes(m.role_in_case))
          .map((m) => ({ id: m.id, label: m.display_name })),
        documents: links.documents.map((d) => ({ id: d.id, label: `${d.exhibit_reference}: ${d.title}` })),
        allegations: links.allegations.map((a) => ({ id: a.id, label: a.description })),
        events: links.events.map((e) => ({ id: e.id, label: `${longDate(e.occurred_on)}: ${e.title}` })),
      }
    },

    /** For an action's result form: the case's statements, by number. */
    async statementLinkChoices(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'witnesses:read')
      const rows = await repo.statementChoices(db, investigationId)
      return rows.map((r) => ({
        id: r.id,
        label: `${statementReference(r.number)}: ${r.full_name ?? `${r.given_name ?? ''} ${r.family_name ?? ''}`.trim()}`,
      }))
    },
  }
}

/** The hook the action service checks an action result's statements with (inside its transaction). */
export const statementsOfCase = (trx: Executor, investigationId: string, ids: readonly string[]) =>
  repo.statementIdsOfCase(trx, investigationId, ids)

export type WitnessService = ReturnType<typeof witnessService>
