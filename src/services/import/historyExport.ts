/**
 * Export in the import format (docs/import.md "Exporting"): the CSV files `candour import` reads,
 * streamed a page at a time, for one historical source (its records verbatim, with the mapping
 * file that maps them as they were) or for the live investigations. A round trip — export, then
 * import into an empty database with the same source name and the mapping — gives the same records.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../../data/schema.js'
import * as repo from '../../data/repositories/historicalExports.js'
import { IMPORT_COLUMNS, type ImportFileKind, type VocabularyMapping } from '../../domain/historicalImport.js'
import { authorise } from '../../domain/policy.js'
import * as auditTrail from '../auditTrail.js'
import type { RequestContext } from '../context.js'
import { Forbidden, ValidationFailed } from '../errors.js'
import { importSourceSchema } from './historyImport.js'

export type { ExportScope } from '../../data/repositories/historicalExports.js'

const PAGE = 5000

/**
 * One RFC 4180 record. Unlike the spreadsheet exports (domain/csv.ts) no formula guard: these files
 * are data for `candour import`, and a longitude of -2.2 must come back as -2.2, not '-2.2.
 */
export function importCsvRow(cells: readonly (string | number | null | undefined)[]): string {
  return (
    cells
      .map((value) => {
        if (value === null || value === undefined) return ''
        const text = String(value)
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
      })
      .join(',') + '\r\n'
  )
}

const PAGES = { cases: repo.casePage, officers: repo.officerPage, allegations: repo.allegationPage }
const FILE_COLUMNS: Record<ImportFileKind, readonly string[]> = {
  cases: IMPORT_COLUMNS.cases.all,
  officers: IMPORT_COLUMNS.officers.all,
  allegations: IMPORT_COLUMNS.allegations.all,
}

export function historyExportService(db: Kysely<Database>) {
  function authoriseExport(ctx: RequestContext) {
    if (ctx.actor && !authorise(ctx.actor, 'history:import').allowed)
      throw new Forbidden('Only administrators can export records')
  }

  function scopeOf(input: { source?: string | undefined; live?: boolean | undefined }): repo.ExportScope {
    if (input.live) {
      if (input.source) throw new ValidationFailed([{ path: 'source', message: 'Give a source or live, not both' }])
      return { kind: 'live' }
    }
    const parsed = importSourceSchema.safeParse(input.source ?? '')
    if (!parsed.success) throw new ValidationFailed([{ path: 'source', message: parsed.error.issues[0]!.message }])
    return { kind: 'source', source: parsed.data }
  }

  return {
    scopeOf,

    /**
     * The rows of one file, header first, as CSV text a page at a time. Authorised and audited
     * before the first row (the export of personal data is a read of it).
     */
    async open(kind: ImportFileKind, input: { source?: string; live?: boolean }, ctx: RequestContext) {
      authoriseExport(ctx)
      const scope = scopeOf(input)
      await auditTrail.record(db, ctx, {
        action: 'export.read',
        entityType: 'export',
        entityId: kind,
        detail: { scope, file: `${kind}.csv` },
      })
      const columns = FILE_COLUMNS[kind]
      const page = PAGES[kind]
      async function* rows(): AsyncGenerator<string> {
        yield importCsvRow(columns)
        let cursor: string | null = null
        for (;;) {
          const found: repo.ExportRow[] = await page(db, scope, cursor, PAGE)
          if (!found.length) return
          yield found.map((r) => importCsvRow(columns.map((c) => r[c]))).join('')
          if (found.length < PAGE) return
          cursor = found[found.length - 1]!.cursor
        }
      }
      return rows()
    },

    /** The mapping file that maps a source's values as they were mapped when imported. */
    async mapping(source: string, ctx: RequestContext): Promise<VocabularyMapping> {
      authoriseExport(ctx)
      const scope = scopeOf({ source })
      if (scope.kind !== 'source') return {}
      const mapping: Record<string, Record<string, string>> = {}
      for (const row of await repo.mappingOf(db, scope.source)) (mapping[row.field] ??= {})[row.value] = row.mapped
      return mapping as VocabularyMapping
    },
  }
}

export type HistoryExportService = ReturnType<typeof historyExportService>
