/**
 * The final report as the appropriate authority (the force's professional standards department)
 * receives it (ADR 0014). It is the decision maker's approved version, cut to what concerns the
 * force: the summary, the terms of reference, the findings about its own officers and the
 * learning. The chronology extract and the evidence analysis stay with the oversight body: they
 * name the families, witnesses and other forces' officers. Paragraphs are numbered afresh through
 * what remains, so the force's copy reads as a whole document.
 *
 * Redactions marked on the approved version apply to the force's copy too — located on the whole
 * report first, exactly as for publication, so "the second occurrence" means the same text — except
 * those whose reason is to keep from the public what the force must know to respond: its own
 * officers' names (a junior officer's name) and prejudice to the proceedings it is itself to bring.
 * Pure: tested on its own.
 */
import { redactDocument, type RedactionMark, type RedactionReason } from './redaction.js'
import type { ReportBlock, ReportDocument } from './report.js'

/** The sections of the report the force receives, in order. */
export const AUTHORITY_SECTIONS = ['summary', 'terms-of-reference', 'findings', 'learning'] as const

/** Redaction reasons that do not apply to the force's copy (see above). */
export const REDACTIONS_NOT_APPLIED_FOR_THE_FORCE: readonly RedactionReason[] = [
  'junior_officer_name',
  'prejudice_to_proceedings',
]

/**
 * The force's copy of the full (unredacted) report document: the redactions that apply, then the
 * force's sections with only its own subjects' findings, renumbered 1, 2, 3 ….
 */
export function authorityDocument(
  full: ReportDocument,
  redactions: readonly RedactionMark[],
  ownSubjectIds: ReadonlySet<string>,
): ReportDocument {
  const applicable = redactions.filter((r) => !REDACTIONS_NOT_APPLIED_FOR_THE_FORCE.includes(r.reason))
  const { document } = redactDocument(full, applicable)
  document.sections = document.sections
    .filter((s) => (AUTHORITY_SECTIONS as readonly string[]).includes(s.id))
    .map((s) => (s.id === 'findings' ? { ...s, blocks: ownFindings(s.blocks, ownSubjectIds) } : s))
  let next = 1
  for (const section of document.sections)
    for (const block of section.blocks) {
      if (block.kind === 'paragraphs') for (const p of block.paragraphs) p.number = next++
      else if (block.kind === 'chronology') for (const e of block.entries) e.number = next++
    }
  return document
}

/** The findings blocks under the headings of the force's own subjects (a heading starts each subject's). */
function ownFindings(blocks: readonly ReportBlock[], own: ReadonlySet<string>): ReportBlock[] {
  const out: ReportBlock[] = []
  let keeping = false
  for (const block of blocks) {
    if (block.kind === 'subheading' && block.subjectId !== undefined) keeping = own.has(block.subjectId)
    else if (block.kind === 'subheading') keeping = false
    if (keeping) out.push(block)
  }
  return out.length
    ? out
    : [{ kind: 'paragraphs', paragraphs: [{ number: 0, text: 'No findings about your officers.' }] }]
}
