/**
 * CSV for exports (RFC 4180): every cell quoted when it must be, and guarded against formula
 * injection — a spreadsheet treats a cell starting with = + - @ (or a tab or carriage return)
 * as a formula, so such a cell is prefixed with a single quote and read as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/
const NEEDS_QUOTES = /[",\r\n]/

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (FORMULA_START.test(text)) text = `'${text}`
  return NEEDS_QUOTES.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

/** One CSV record, ended with CRLF as RFC 4180 asks. */
export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}
