/**
 * Streams the records of one import file, CSV (RFC 4180, via csv-parse) or JSON Lines, as arrays
 * of values under the file's header, never holding more than one record and one chunk in memory.
 * Bytes are counted as they pass, so a file over the size limit is stopped at the limit however
 * it arrives (a file on disk, an upload), and no record may exceed MAX_RECORD_BYTES: a file with
 * no line breaks cannot make the reader buffer gigabytes.
 */
import { Transform, type Readable, type TransformCallback } from 'node:stream'
import { parse, CsvError } from 'csv-parse'

export const MAX_RECORD_BYTES = 1 << 20
/** The default limit on one file; a larger source is split into several files of the same kind. */
export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 ** 3

/** A problem that stops reading the file: it is not CSV, it is cut short, it is too large. */
export class ImportFileError extends Error {
  constructor(
    message: string,
    readonly row: number | null = null,
  ) {
    super(message)
  }
}

export type FileRecord =
  { kind: 'header'; columns: string[] } | { kind: 'row'; row: number; values: Record<string, string>; problem?: string }

const formatBytes = (n: number) =>
  n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(1)} GiB` : `${(n / 1024 ** 2).toFixed(0)} MiB`

/** Counts bytes, enforces the size limit and decodes strict UTF-8 (a binary file is not CSV). */
class Decoder extends Transform {
  private bytes = 0
  private readonly decoder = new TextDecoder('utf-8', { fatal: true })
  constructor(
    private readonly maxBytes: number,
    private readonly onBytes: (n: number) => void,
  ) {
    super({ readableObjectMode: false, decodeStrings: true, encoding: 'utf8' })
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
    this.bytes += chunk.length
    this.onBytes(chunk.length)
    if (this.bytes > this.maxBytes)
      return done(
        new ImportFileError(
          `the file is larger than the ${formatBytes(this.maxBytes)} limit for one file: split it into several files of the same kind (cases-1.csv, cases-2.csv …) or raise the limit with --max-file-size`,
        ),
      )
    if (chunk.includes(0))
      return done(new ImportFileError('the file contains binary data (NUL bytes): it is not a CSV or JSON Lines file'))
    let text: string
    try {
      text = this.decoder.decode(chunk, { stream: true })
    } catch {
      return done(new ImportFileError('the file is not UTF-8 text: save it as UTF-8 CSV and try again'))
    }
    done(null, text)
  }
  override _flush(done: TransformCallback) {
    try {
      done(null, this.decoder.decode())
    } catch {
      done(new ImportFileError('the file ends in the middle of a UTF-8 character: it looks truncated'))
    }
  }
}

function csvProblem(error: CsvError): ImportFileError {
  // eslint-disable-next-line no-restricted-syntax -- csv-parse sets `lines` on its errors at run time but its CsvError type does not declare it
  const line = (error as unknown as { lines?: number }).lines ?? null
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return new ImportFileError(
        `the file ends inside a quoted value (from line ${line ?? '?'}): it looks truncated, or a quote is missing`,
        line,
      )
    case 'CSV_MAX_RECORD_SIZE':
      return new ImportFileError(
        `a record is longer than ${MAX_RECORD_BYTES / 1024 ** 2} MiB at line ${line ?? '?'}: this is not a CSV file of the import format`,
        line,
      )
    default:
      return new ImportFileError(`not valid CSV at line ${line ?? '?'}: ${error.message}`, line)
  }
}

async function* csvRecords(text: Readable): AsyncGenerator<FileRecord> {
  const parser = text.pipe(
    parse({ bom: true, relax_column_count: true, max_record_size: MAX_RECORD_BYTES, skip_empty_lines: true }),
  )
  text.on('error', (e) => parser.destroy(e))
  let header: string[] | null = null
  let row = 1
  try {
    for await (const values of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = values.map((v) => v.trim())
        if (!header.length || header.every((h) => h === ''))
          throw new ImportFileError('the first row must be the header row naming the columns', 1)
        yield { kind: 'header', columns: header }
        continue
      }
      row++
      const record: Record<string, string> = {}
      for (let i = 0; i < header.length; i++) record[header[i]!] = values[i] ?? ''
      yield values.length === header.length
        ? { kind: 'row', row, values: record }
        : {
            kind: 'row',
            row,
            values: record,
            problem: `the row has ${values.length} values but the header has ${header.length} columns${values.length < header.length ? ' (is the file truncated?)' : ''}`,
          }
    }
  } catch (error) {
    if (error instanceof CsvError) throw csvProblem(error)
    throw error
  }
  if (!header) throw new ImportFileError('the file is empty: it needs at least the header row')
}

async function* jsonLines(text: Readable): AsyncGenerator<FileRecord> {
  let buffer = ''
  let row = 0
  const columns = new Set<string>()
  function* lines(final: boolean): Generator<FileRecord> {
    for (;;) {
      const at = buffer.indexOf('\n')
      if (at < 0 && !final) {
        if (buffer.length > MAX_RECORD_BYTES)
          throw new ImportFileError(`a line is longer than ${MAX_RECORD_BYTES / 1024 ** 2} MiB: this is not JSON Lines`)
        return
      }
      const line = (at < 0 ? buffer : buffer.slice(0, at)).trim()
      buffer = at < 0 ? '' : buffer.slice(at + 1)
      if (line) {
        row++
        let value: unknown
        try {
          value = JSON.parse(line)
        } catch {
          const last = at < 0
          yield {
            kind: 'row',
            row,
            values: {},
            problem: last ? 'the last line is not valid JSON: the file looks truncated' : 'the line is not valid JSON',
          }
          if (at < 0) return
          continue
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          yield { kind: 'row', row, values: {}, problem: 'each line must be one JSON object' }
        } else {
          const values: Record<string, string> = {}
          let problem: string | undefined
          for (const [k, v] of Object.entries(value)) {
            if (!columns.has(k)) columns.add(k)
            if (v === null) continue
            if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[k] = String(v)
            else problem = `${k} must be a string, number or null`
          }
          yield { kind: 'row', row, values, ...(problem ? { problem } : {}) }
        }
      }
      if (at < 0) return
    }
  }
  for await (const chunk of text as AsyncIterable<string>) {
    buffer += chunk
    yield* lines(false)
  }
  yield* lines(true)
  if (row === 0) throw new ImportFileError('the file is empty')
}

/**
 * The records of one file. For JSON Lines, whose lines carry their own keys, no header comes
 * first; the caller checks each line's keys instead.
 */
export function readRecords(
  input: Readable,
  format: 'csv' | 'jsonl',
  options: { maxBytes?: number; onBytes?: (n: number) => void } = {},
): AsyncGenerator<FileRecord> {
  const decoded = input.pipe(new Decoder(options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, options.onBytes ?? (() => {})))
  // An error in the source or the decoder must reach the parser, which pipe() does not do.
  input.on('error', (e) => decoded.destroy(e))
  return format === 'csv' ? csvRecords(decoded) : jsonLines(decoded)
}
