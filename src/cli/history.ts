/**
 * `candour import …`: bring history in from an earlier system, undo an import, read its error
 * report (docs/import.md). The command only starts the work and reports; the import service does
 * it. Progress goes to stderr as one line (rows read, rows per second, time left), so stdout
 * carries only the report.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { RequestContext } from '../services/context.js'
import type { HistoryExportService } from '../services/import/historyExport.js'
import type { Config } from '../config.js'
import type { DatabaseHandle } from '../data/database.js'
import { csvRow } from '../domain/csv.js'
import { vocabularyMappingSchema, type VocabularyMapping } from '../domain/historicalImport.js'
import { startRuntime, type Runtime } from '../runtime.js'
import { systemContext } from '../services/context.js'
import { ServiceError, ValidationFailed } from '../services/errors.js'
import {
  historyImportService,
  importErrors,
  type ImportProgress,
  type ImportReport,
} from '../services/import/historyImport.js'

class UsageError extends Error {}

const USAGE = `Usage:
  candour import --source NAME FILES… [--dry-run] [--skip-invalid] [--mapping FILE] [--max-file-size BYTES]
  candour import undo --id ID
  candour import errors --id ID > errors.csv`

/** Opens the database (migrating it) for a history command and turns its errors into exit codes. */
export async function runHistoryCommand(
  config: Config,
  out: (line: string) => void,
  fn: (handle: DatabaseHandle) => Promise<number>,
): Promise<number> {
  let runtime: Runtime | undefined
  try {
    runtime = await startRuntime(config)
    return await fn(runtime.database)
  } catch (error) {
    if (error instanceof UsageError) {
      out(`${error.message}\n\n${USAGE}`)
      return 2
    }
    if (error instanceof ValidationFailed) {
      out(error.problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
      return 2
    }
    if (error instanceof ServiceError) {
      out(error.message)
      return 1
    }
    throw error
  } finally {
    await runtime?.close()
  }
}

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?'
  const s = Math.max(0, Math.round(seconds))
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`
}

/** The progress line: rows read, rows per second and, when the sizes are known, a bar and time left. */
export function progressLine(p: ImportProgress): string {
  const seconds = p.elapsedMs / 1000
  const rate = seconds > 0 ? p.rowsRead / seconds : 0
  const rows = `${p.rowsRead.toLocaleString('en-GB')} rows read, ${Math.round(rate).toLocaleString('en-GB')} rows/s`
  if (p.phase === 'checking') return `${rows}; checking references and duplicates…`
  if (p.phase === 'writing') return `${rows}; writing the records (one transaction)…`
  if (p.phase === 'done') return `${rows}; done in ${duration(seconds)}`
  if (!p.bytesTotal) return `${rows}; ${p.file}`
  const share = Math.min(1, p.bytesRead / p.bytesTotal)
  const width = 24
  const bar = '#'.repeat(Math.round(share * width)).padEnd(width, '.')
  const left = share > 0 ? (seconds / share) * (1 - share) : Number.POSITIVE_INFINITY
  return `[${bar}] ${(share * 100).toFixed(0).padStart(3)}% ${rows}, reading ${duration(left)} left; ${p.file}`
}

function progressWriter(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY
  let last = 0
  return (p) => {
    const now = Date.now()
    if (p.phase === 'reading' && now - last < (tty ? 250 : 5000)) return
    last = now
    const text = progressLine(p)
    if (tty) process.stderr.write(`\r\x1b[K${text}${p.phase === 'done' ? '\n' : ''}`)
    else process.stderr.write(`${text}\n`)
  }
}

function readMapping(file: string): VocabularyMapping {
  let json: unknown
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (error) {
    throw new UsageError(`--mapping ${file}: not a readable JSON file (${(error as Error).message})`)
  }
  const parsed = vocabularyMappingSchema.safeParse(json)
  if (!parsed.success)
    throw new UsageError(
      `--mapping ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  return parsed.data
}

export function printReport(report: ImportReport, out: (line: string) => void): void {
  const read = Object.entries(report.rowsRead)
    .filter(([, n]) => n)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ')
  out(
    `Import ${report.id} (${report.source}): ${report.status} in ${report.seconds.toFixed(1)} s. Rows read: ${read || 'none'}.`,
  )
  if (report.counts)
    for (const [kind, c] of Object.entries(report.counts))
      out(`  ${kind}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`)
  if (report.status === 'validated') out('Dry run: every row was checked; nothing was written.')
  if (report.failure) out(report.failure)
  if (report.errorCount) {
    out(
      `${report.errorCount} ${report.errorCount === 1 ? 'error' : 'errors'}${report.status === 'completed' ? ' (those rows were set aside)' : ''}:`,
    )
    for (const e of report.errors.slice(0, 20))
      out(
        `  ${e.file} row ${e.row ?? '-'}${e.column ? `, ${e.column}` : ''}${e.value !== null ? ` "${e.value}"` : ''}: ${e.message}`,
      )
    if (report.errorCount > 20) out(`  … the full list: candour import errors --id ${report.id} > errors.csv`)
  }
  if (report.unmapped.length) {
    out('Values kept as the source wrote them (no mapping):')
    for (const u of report.unmapped.slice(0, 30)) out(`  ${u.vocabulary} "${u.value}": ${u.rows} rows`)
    if (report.unmapped.length > 30) out(`  … and ${report.unmapped.length - 30} more`)
  }
}

export async function importCommand(
  handle: DatabaseHandle,
  args: readonly string[],
  options: {
    source?: string | undefined
    id?: string | undefined
    dryRun: boolean
    skipInvalid: boolean
    mapping?: string | undefined
    maxFileSize?: string | undefined
    out: (line: string) => void
    progress?: (p: ImportProgress) => void
  },
): Promise<number> {
  const { out } = options
  const service = historyImportService(handle)
  const ctx = systemContext(`cli-${process.pid}`)
  if (args[0] === 'undo') {
    if (!options.id) throw new UsageError('--id is required')
    const deleted = await service.undo(options.id, ctx)
    out(
      `Import ${options.id} undone: ${deleted.cases} cases, ${deleted.officers} officers and ${deleted.allegations} allegations removed.`,
    )
    return 0
  }
  if (args[0] === 'errors') {
    if (!options.id) throw new UsageError('--id is required')
    out(csvRow(['file', 'row', 'column', 'value', 'message']).trimEnd())
    for await (const e of importErrors(handle, options.id))
      out(csvRow([e.file, e.row, e.column, e.value, e.message]).trimEnd())
    return 0
  }
  if (!options.source) throw new UsageError('--source is required')
  if (!args.length) throw new UsageError('Give the files to import')
  let maxFileBytes: number | undefined
  if (options.maxFileSize !== undefined) {
    if (!/^[1-9]\d{0,14}$/.test(options.maxFileSize)) throw new UsageError('--max-file-size is a number of bytes')
    maxFileBytes = Number(options.maxFileSize)
  }
  const files = args.map((file) => {
    let size: number
    try {
      size = fs.statSync(file).size
    } catch {
      throw new UsageError(`${file}: no such file`)
    }
    return { name: path.basename(file), size, open: () => fs.createReadStream(file, { highWaterMark: 1 << 20 }) }
  })
  const report = await service.run(
    {
      source: options.source,
      files,
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
      ...(options.mapping ? { mapping: readMapping(options.mapping) } : {}),
      ...(maxFileBytes ? { maxFileBytes } : {}),
      onProgress: options.progress ?? progressWriter(),
    },
    ctx,
  )
  printReport(report, out)
  return report.status === 'failed' ? 1 : 0
}

/**
 * `candour export (--source NAME | --live) [--out DIR]`: the import format's three files (and, for a
 * source, the mapping file that maps its values as they were) written into DIR, streamed.
 */
export async function exportCommand(
  exports: HistoryExportService,
  ctx: RequestContext,
  options: { source: string | undefined; live: boolean; dir: string; out: (line: string) => void },
): Promise<number> {
  if (!options.source && !options.live)
    throw new ValidationFailed([{ path: '--source', message: 'Give --source NAME or --live' }])
  fs.mkdirSync(options.dir, { recursive: true })
  const input = { ...(options.source ? { source: options.source } : {}), live: options.live }
  for (const kind of ['cases', 'officers', 'allegations'] as const) {
    const target = path.join(options.dir, `${kind}.csv`)
    await pipeline(Readable.from(await exports.open(kind, input, ctx)), fs.createWriteStream(target))
    options.out(`Wrote ${target}`)
  }
  if (options.source) {
    const target = path.join(options.dir, 'mapping.json')
    fs.writeFileSync(target, JSON.stringify(await exports.mapping(options.source, ctx), null, 2) + '\n')
    options.out(`Wrote ${target}`)
  }
  return 0
}
