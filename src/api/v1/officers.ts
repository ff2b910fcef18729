/**
 * The officer's whole record, the officers meeting an early-intervention threshold, and the
 * allegation concentration figures over the API (docs/officer-record.md). Who may read a record
 * is the policy's: the oversight body's staff every officer, a force's professional standards
 * department its own officers (with its own tokens), families and subjects never.
 */
import { Readable } from 'node:stream'
import { z } from 'zod'
import { isPlainDate } from '../../domain/calendar.js'
import {
  EARLY_INTERVENTION_RULE_KINDS,
  describeRule,
  type EarlyInterventionFlag,
} from '../../domain/earlyIntervention.js'
import type { OfficerSummary, RecordCase } from '../../services/insight/officerRecords.js'
import { ValidationFailed } from '../../services/errors.js'
import { decodeCursor, encodeCursor } from '../../http/cursor.js'
import { defineOperation, type ApiModule } from '../operations.js'
import { PageQuery, pageOf } from '../pagination.js'

const date = z.string().refine(isPlainDate, 'Enter a real date written YYYY-MM-DD')

const OfficerJson = z
  .object({
    id: z.uuid().meta({
      description: 'The record’s id: the register’s id when the officer is on it, else the historical officer’s',
    }),
    surname: z.string().nullable(),
    forenames: z.string().nullable(),
    warrantNumber: z.string().nullable(),
    rank: z.string().nullable(),
    force: z.object({ id: z.uuid(), name: z.string() }),
  })
  .meta({ id: 'OfficerSummary' })

const RuleJson = z
  .object({
    id: z.string(),
    kind: z.enum(EARLY_INTERVENTION_RULE_KINDS),
    threshold: z.number().int(),
    months: z.number().int().meta({ description: 'The period of the two period rules; 0 for the colleague rule' }),
    description: z.string(),
  })
  .meta({ id: 'EarlyInterventionRule' })

const FlagJson = z
  .object({
    rule: RuleJson,
    reason: z.string().meta({ description: 'The rule in words and what met it' }),
    metOn: z.iso.date().meta({ description: 'The latest day of the evidence' }),
    category: z.string().nullable(),
    allegations: z.array(
      z.object({
        id: z.uuid(),
        caseId: z.uuid(),
        caseReference: z.string(),
        on: z.iso.date(),
        category: z.string().nullable(),
      }),
    ),
    colleague: z
      .object({
        officerId: z.uuid().nullable().meta({ description: 'Null when the reader may not see that officer’s record' }),
        name: z.string(),
        cases: z.array(z.object({ caseId: z.uuid(), caseReference: z.string(), on: z.iso.date() })),
      })
      .nullable(),
  })
  .meta({ id: 'EarlyInterventionFlag' })

const CaseJson = z
  .object({
    id: z.uuid(),
    origin: z.enum(['live', 'historical']),
    reference: z.string().meta({ description: 'A live case’s reference, or a historical case’s source and source id' }),
    on: z.iso.date().meta({ description: 'Received (historical) or came to attention (live; else opened)' }),
    force: z.string(),
    kind: z.string().nullable(),
    title: z.string().nullable(),
    status: z.string().nullable(),
    closedOn: z.iso.date().nullable(),
    allegations: z.array(
      z.object({
        id: z.uuid(),
        description: z.string().nullable(),
        category: z.string().nullable(),
        categorySource: z.string().nullable().meta({ description: 'The source’s own value, when it was mapped' }),
        standard: z.string().nullable(),
        finding: z.string().nullable(),
        findingSource: z.string().nullable(),
        outcome: z.string().nullable(),
        outcomeSource: z.string().nullable(),
      }),
    ),
    coSubjects: z.array(
      z.object({
        id: z.uuid().nullable(),
        name: z.string().nullable().meta({ description: 'Null when the reader may not see that officer’s record' }),
        force: z.string(),
      }),
    ),
  })
  .meta({ id: 'OfficerRecordCase' })

const RecordJson = pageOf(CaseJson)
  .extend({
    officer: OfficerJson.extend({
      knownFrom: z.enum(['register', 'history']),
      aliases: z.array(z.object({ source: z.string(), sourceId: z.string() })),
    }),
    flags: z.array(FlagJson),
  })
  .meta({ id: 'OfficerRecord' })

const FlaggedJson = z
  .object({ officer: OfficerJson, metOn: z.iso.date(), rules: z.array(RuleJson) })
  .meta({ id: 'FlaggedOfficer' })

const ConcentrationJson = z
  .object({
    filter: z.object({
      forceId: z.uuid().nullable(),
      fromYear: z.number().int().nullable(),
      toYear: z.number().int().nullable(),
    }),
    officers: z.number().int().meta({ description: 'Officers with at least one allegation in scope' }),
    allegations: z.number().int(),
    cases: z.number().int(),
    top: z.array(
      z.object({
        percent: z.number().int(),
        officers: z.number().int().meta({ description: 'ceil(percent × officers / 100)' }),
        allegations: z.number().int(),
        share: z.number().meta({ description: 'allegations / all allegations in scope' }),
      }),
    ),
    byFinding: z.array(z.object({ finding: z.string().nullable(), allegations: z.number().int() })),
  })
  .meta({ id: 'AllegationConcentration' })

export const flagJson = (f: EarlyInterventionFlag): z.output<typeof FlagJson> => ({
  rule: { ...f.rule, description: describeRule(f.rule) },
  reason: f.reason,
  metOn: f.metOn,
  category: f.category,
  allegations: f.allegations,
  colleague: f.colleague ? { ...f.colleague, officerId: f.colleague.officerId || null } : null,
})
const officerJson = (o: OfficerSummary): z.output<typeof OfficerJson> => ({
  ...o,
  force: { id: o.force.id, name: o.force.name },
})
const caseJson = ({ subjectId: _s, ...c }: RecordCase): z.output<typeof CaseJson> => c

/** The services name their filter fields bare; here they are the request's query parameters. */
async function asQuery<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    if (error instanceof ValidationFailed)
      throw new ValidationFailed(
        error.problems.map((p) => ({ ...p, path: `query.${p.path}` })),
        error.message,
      )
    throw error
  }
}

const Id = z.object({ id: z.uuid() })
const RecordPosition = z.object({ on: date, caseId: z.uuid() })
const FlaggedPosition = z.object({ on: date, officerId: z.uuid() })

export const officerOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Officers']

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/officers/flagged',
    operationId: 'listFlaggedOfficers',
    summary: 'Every officer meeting an early-intervention threshold, newest first (a force sees its own officers)',
    tags,
    access: 'officers:read-record',
    query: PageQuery.extend({
      rule: z.string().max(100).optional().meta({ description: 'Only officers meeting this rule (its id)' }),
      forceId: z.uuid().optional().meta({ description: 'Only officers of this force' }),
    }),
    responses: { 200: { description: 'A page of flagged officers', schema: pageOf(FlaggedJson) } },
    async handler({ query, ctx }) {
      const after = decodeCursor(query.cursor, FlaggedPosition)
      const page = await asQuery(() =>
        services.officerRecords.flagged(ctx, {
          limit: query.limit,
          ...(after ? { after } : {}),
          ...(query.rule ? { ruleId: query.rule } : {}),
          ...(query.forceId ? { forceId: query.forceId } : {}),
        }),
      )
      return {
        items: page.items.map((i) => ({
          officer: officerJson(i.officer),
          metOn: i.metOn,
          rules: i.rules.map((r) => ({ ...r, description: describeRule(r) })),
        })),
        nextCursor: page.next ? encodeCursor(page.next) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/officers/:id',
    operationId: 'getOfficerRecord',
    summary: 'The officer’s whole record: every live and historical case, newest first, with their flags',
    tags,
    access: 'officers:read-record',
    params: Id,
    query: PageQuery.extend({
      from: date.optional().meta({ description: 'Cases dated on or after this day' }),
      to: date.optional().meta({ description: 'Cases dated on or before this day' }),
      category: z.string().max(200).optional().meta({ description: 'Only cases with an allegation of this category' }),
    }),
    responses: { 200: { description: 'The record and a page of its cases', schema: RecordJson } },
    async handler({ params, query, ctx }) {
      const after = decodeCursor(query.cursor, RecordPosition)
      const record = await asQuery(() =>
        services.officerRecords.get(params.id, ctx, {
          limit: query.limit,
          ...(after ? { after } : {}),
          filter: {
            ...(query.from ? { from: query.from } : {}),
            ...(query.to ? { to: query.to } : {}),
            ...(query.category ? { category: query.category } : {}),
          },
        }),
      )
      return {
        officer: {
          ...officerJson(record.officer),
          knownFrom: record.officer.knownFrom,
          aliases: record.officer.aliases,
        },
        flags: record.flags.map(flagJson),
        items: record.cases.map(caseJson),
        nextCursor: record.next ? encodeCursor(record.next) : null,
      }
    },
  })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/statistics/allegation-concentration',
    operationId: 'getAllegationConcentration',
    summary:
      'Officers, allegations and cases; the share held by the top 1 %, 5 % and 10 % of officers; counts by finding',
    tags: ['Statistics'],
    access: 'statistics:read',
    query: z.object({
      forceId: z.uuid().optional().meta({ description: 'Only cases of this force' }),
      fromYear: z.coerce.number().int().min(1900).max(2100).optional(),
      toYear: z.coerce.number().int().min(1900).max(2100).optional(),
    }),
    responses: { 200: { description: 'The figures', schema: ConcentrationJson } },
    async handler({ query, ctx }) {
      return asQuery(() => services.statistics.allegationConcentration(query, ctx))
    },
  })
}

const EXPORT_FILES = ['cases', 'officers', 'allegations'] as const

/** Export in the import format, streamed (docs/import.md "Exporting"): administrators only. */
export const exportOperations: ApiModule = ({ app, registry, services }) => {
  const tags = ['Exports']
  const ExportQuery = z.object({
    source: z.string().max(100).optional().meta({ description: 'The historical source to export, verbatim' }),
    live: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: 'true: the live investigations, written in the import format' }),
  })
  for (const kind of EXPORT_FILES)
    defineOperation(app, registry, {
      method: 'get',
      path: `/api/v1/exports/${kind}.csv`,
      operationId: `export${kind[0]!.toUpperCase()}${kind.slice(1)}`,
      summary: `The ${kind} file of the import format (text/csv, streamed), for one source or the live records`,
      tags,
      access: 'history:import',
      query: ExportQuery,
      responses: { 200: { description: `${kind}.csv` } },
      async handler({ query, ctx }, _request, reply) {
        const rows = await asQuery(() =>
          services.historyExport.open(
            kind,
            { ...(query.source ? { source: query.source } : {}), live: query.live === 'true' },
            ctx,
          ),
        )
        return reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${kind}.csv"`)
          .send(Readable.from(rows))
      },
    })

  defineOperation(app, registry, {
    method: 'get',
    path: '/api/v1/exports/mapping.json',
    operationId: 'exportMapping',
    summary: 'The mapping file that maps a source’s values as they were mapped when imported',
    tags,
    access: 'history:import',
    query: z.object({ source: z.string().max(100) }),
    responses: { 200: { description: 'mapping.json', schema: z.record(z.string(), z.record(z.string(), z.string())) } },
    async handler({ query, ctx }) {
      return asQuery(() => services.historyExport.mapping(query.source, ctx))
    },
  })
}
