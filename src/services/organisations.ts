/**
 * The oversight body and the bodies whose officers it investigates: reference data, readable by
 * any signed-in user, maintained by operators at the console (ADR 0006). Cases and accounts refer
 * to an organisation by id, people and scripts by its code; the name can change (forces rename and
 * merge) and the names it had before are kept.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import {
  normaliseOrganisationCode,
  ORGANISATION_CODE_MAX_LENGTH,
  ORGANISATION_CODE_PATTERN,
  ORGANISATION_NAME_MAX_LENGTH,
  OVERSIGHT_BODY_CODE,
  REFERENCE_ORGANISATIONS,
  type OrganisationKind,
  type ReferenceOrganisation,
} from '../domain/referenceOrganisations.js'
import * as organisations from '../data/repositories/organisations.js'
import type { Executor } from '../data/database.js'
import type { Database, OrganisationRow } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Conflict, Forbidden, NotFound, ValidationFailed } from './errors.js'

export interface OrganisationInput {
  code: string
  name: string
  kind: OrganisationRow['kind']
}

const CodeSchema = z
  .string()
  .transform(normaliseOrganisationCode)
  .pipe(
    z
      .string()
      .min(1, 'Enter a code')
      .max(ORGANISATION_CODE_MAX_LENGTH, `A code must be ${ORGANISATION_CODE_MAX_LENGTH} characters or fewer`)
      .regex(
        ORGANISATION_CODE_PATTERN,
        'A code must be letters and digits, in words joined by single hyphens or underscores, like WEST-MIDLANDS',
      ),
  )
const NameSchema = z
  .string()
  .trim()
  .min(1, 'Enter the organisation’s name')
  .max(ORGANISATION_NAME_MAX_LENGTH, `A name must be ${ORGANISATION_NAME_MAX_LENGTH} characters or fewer`)

export const NewOrganisationSchema = z.object({
  code: CodeSchema,
  name: NameSchema,
  kind: z
    .enum(['oversight_body', 'police_force'], { message: 'The kind must be oversight_body or police_force' })
    .default('police_force'),
})

export interface OrganisationWithHistory extends OrganisationRow {
  previousNames: { name: string; replacedAt: Date }[]
}

export interface LoadDefaultsResult {
  added: { code: string; name: string }[]
  /** Shipped renames applied to organisations whose name no operator had changed. */
  renamed: { code: string; from: string; to: string }[]
  /** Names an operator chose, kept although the shipped list now gives another. */
  kept: { code: string; name: string; shipped: string }[]
  unchanged: number
}

function problemsOf(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
}

/** Changing reference data is for operators at the console (the system context), not for page users. */
function assertOperator(ctx: RequestContext) {
  if (ctx.actor !== null)
    throw new Forbidden('Organisations are maintained by operators with the `candour organisations` command.')
}

export const isRetired = (o: Pick<OrganisationRow, 'retired_at'>) => o.retired_at !== null

export function organisationService(db: Kysely<Database>) {
  async function rename(trx: Executor, row: OrganisationRow, name: string, changes: { reference_name?: string }) {
    await organisations.insertPreviousName(trx, row.id, row.name)
    const after = await organisations.update(trx, row.id, { name, ...changes })
    if (!after) throw new Conflict()
    return after
  }

  async function lockedByCode(trx: Executor, code: string): Promise<OrganisationRow> {
    const row = await organisations.findByCodeForUpdate(trx, normaliseOrganisationCode(code))
    if (!row) throw new NotFound(`The organisation ${normaliseOrganisationCode(code)}`)
    return row
  }

  return {
    /** Every organisation, retired ones included (for showing what existing records refer to). */
    list: (): Promise<OrganisationRow[]> => organisations.list(db),

    /** The organisations that may be chosen for a new case, account or subject: not retired. */
    listChoosable: async (): Promise<OrganisationRow[]> => (await organisations.list(db)).filter((o) => !isRetired(o)),

    /** Every organisation with the names it had before, for the operators' list. */
    async listWithHistory(): Promise<OrganisationWithHistory[]> {
      const rows = await organisations.list(db)
      const history = await organisations.previousNames(
        db,
        rows.map((r) => r.id),
      )
      return rows.map((r) => ({ ...r, previousNames: history.get(r.id) ?? [] }))
    },

    findByCode: (code: string): Promise<OrganisationRow | undefined> =>
      organisations.findByCode(db, normaliseOrganisationCode(code)),

    /** Adds the organisation unless one with its code exists; returns it either way (demo data and tests). */
    async ensure(input: OrganisationInput, ctx: RequestContext): Promise<OrganisationRow> {
      return db.transaction().execute(async (trx) => {
        const existing = await organisations.findByCode(trx, input.code)
        if (existing) return existing
        const row = await organisations.insert(trx, { id: uuidv7(), ...input })
        await auditTrail.record(trx, ctx, {
          action: 'organisation.created',
          entityType: 'organisation',
          entityId: row.id,
          detail: { after: input },
        })
        return row
      })
    },

    /** Adds an organisation not on the shipped list (a new body, or a fictional one for training). */
    async add(input: { code: string; name: string; kind?: string }, ctx: RequestContext): Promise<OrganisationRow> {
      assertOperator(ctx)
      const parsed = NewOrganisationSchema.safeParse(input)
      if (!parsed.success) throw new ValidationFailed(problemsOf(parsed.error))
      const data = parsed.data
      const taken = (existing: OrganisationRow | undefined) =>
        new ValidationFailed([
          {
            path: 'code',
            message: `An organisation with the code ${data.code} already exists${existing ? ` (${existing.name})` : ''}`,
          },
        ])
      return db
        .transaction()
        .execute(async (trx) => {
          const existing = await organisations.findByCode(trx, data.code)
          if (existing) throw taken(existing)
          const row = await organisations.insert(trx, { id: uuidv7(), ...data })
          await auditTrail.record(trx, ctx, {
            action: 'organisation.created',
            entityType: 'organisation',
            entityId: row.id,
            detail: { after: data },
          })
          return row
        })
        .catch((error: unknown) => {
          if (organisations.isDuplicateCode(error)) throw taken(undefined)
          throw error
        })
    },

    /** Gives an organisation a new name; its id, code and every reference stay, the old name goes into its history. */
    async rename(
      code: string,
      newName: string,
      ctx: RequestContext,
    ): Promise<{ before: string; after: OrganisationRow }> {
      assertOperator(ctx)
      const parsed = NameSchema.safeParse(newName)
      if (!parsed.success) throw new ValidationFailed(problemsOf(parsed.error).map((p) => ({ ...p, path: 'name' })))
      return db.transaction().execute(async (trx) => {
        const row = await lockedByCode(trx, code)
        if (row.name === parsed.data) return { before: row.name, after: row }
        const after = await rename(trx, row, parsed.data, {})
        await auditTrail.record(trx, ctx, {
          action: 'organisation.renamed',
          entityType: 'organisation',
          entityId: row.id,
          detail: { before: { name: row.name }, after: { name: after.name }, code: row.code },
        })
        return { before: row.name, after }
      })
    },

    /**
     * Retires an organisation (a force merged away, a body no longer overseen): it is no longer
     * offered for new cases, accounts or subjects; everything that refers to it stays as it is.
     */
    async retire(code: string, ctx: RequestContext): Promise<{ changed: boolean; organisation: OrganisationRow }> {
      assertOperator(ctx)
      return db.transaction().execute(async (trx) => {
        const row = await lockedByCode(trx, code)
        if (row.code === OVERSIGHT_BODY_CODE)
          throw new ValidationFailed([
            {
              path: 'code',
              message: 'The oversight body cannot be retired: rename it instead (candour organisations rename)',
            },
          ])
        if (isRetired(row)) return { changed: false, organisation: row }
        const after = await organisations.update(trx, row.id, { retired_at: new Date() })
        if (!after) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'organisation.retired',
          entityType: 'organisation',
          entityId: row.id,
          detail: { code: row.code, name: row.name },
        })
        return { changed: true, organisation: after }
      })
    },

    /** Undoes a retirement: the organisation can be chosen again. */
    async reinstate(code: string, ctx: RequestContext): Promise<{ changed: boolean; organisation: OrganisationRow }> {
      assertOperator(ctx)
      return db.transaction().execute(async (trx) => {
        const row = await lockedByCode(trx, code)
        if (!isRetired(row)) return { changed: false, organisation: row }
        const after = await organisations.update(trx, row.id, { retired_at: null })
        if (!after) throw new Conflict()
        await auditTrail.record(trx, ctx, {
          action: 'organisation.reinstated',
          entityType: 'organisation',
          entityId: row.id,
          detail: { code: row.code, name: row.name },
        })
        return { changed: true, organisation: after }
      })
    },

    /**
     * Loads the shipped reference list (ADR 0006), in one transaction, and is safe to run again:
     * - a code not in the database is added;
     * - a code whose name no operator has changed takes the list's name if the list renamed it;
     * - a name an operator chose (a rename, or an organisation they added under a code the list
     *   now uses) is never overwritten: it is reported, once, next to the list's name;
     * - nothing is retired, reinstated or deleted: a force the list drops stays until an operator
     *   retires it, because cases refer to it.
     */
    async loadDefaults(
      ctx: RequestContext,
      list: readonly ReferenceOrganisation[] = REFERENCE_ORGANISATIONS,
    ): Promise<LoadDefaultsResult> {
      assertOperator(ctx)
      const result: LoadDefaultsResult = { added: [], renamed: [], kept: [], unchanged: 0 }
      return db
        .transaction()
        .execute(async (trx) => {
          for (const entry of list) {
            const row = await organisations.findByCodeForUpdate(trx, entry.code)
            if (!row) {
              const inserted = await organisations.insert(trx, {
                id: uuidv7(),
                code: entry.code,
                name: entry.name,
                kind: entry.kind as OrganisationKind,
                reference_name: entry.name,
              })
              await auditTrail.record(trx, ctx, {
                action: 'organisation.created',
                entityType: 'organisation',
                entityId: inserted.id,
                detail: { after: { code: entry.code, name: entry.name, kind: entry.kind }, source: 'reference list' },
              })
              result.added.push({ code: entry.code, name: entry.name })
            } else if (row.reference_name === entry.name) {
              result.unchanged++
            } else if (row.reference_name !== null && row.name === row.reference_name) {
              // Nobody renamed it here: follow the list's rename, keeping the old name in its history.
              await rename(trx, row, entry.name, { reference_name: entry.name })
              await auditTrail.record(trx, ctx, {
                action: 'organisation.renamed',
                entityType: 'organisation',
                entityId: row.id,
                detail: {
                  before: { name: row.name },
                  after: { name: entry.name },
                  code: row.code,
                  source: 'reference list',
                },
              })
              result.renamed.push({ code: row.code, from: row.name, to: entry.name })
            } else {
              // The operator's name wins. Remember the list's name so this is reported once, not on every run.
              await organisations.update(trx, row.id, { reference_name: entry.name })
              await auditTrail.record(trx, ctx, {
                action: 'organisation.reference_name_noted',
                entityType: 'organisation',
                entityId: row.id,
                detail: { code: row.code, name: row.name, referenceName: entry.name },
              })
              if (row.name === entry.name) result.unchanged++
              else result.kept.push({ code: row.code, name: row.name, shipped: entry.name })
            }
          }
          return result
        })
        .catch((error: unknown) => {
          if (organisations.isDuplicateCode(error))
            throw new Conflict('Someone else loaded organisations at the same moment. Nothing was saved; run it again.')
          throw error
        })
    },
  }
}
