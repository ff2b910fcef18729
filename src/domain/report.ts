/**
 * The final report (DOMAIN.md "Final report"): its workflow statuses, how subjects are named in
 * it, and the document model that both the PDF and the accessible HTML page are made from — a
 * cover, a list of contents and numbered paragraphs running through every section, with the
 * chronology extract and the evidence references resolved from the case. Pure: the service
 * loads the case's records and passes them in.
 */
import { longDate } from './calendar.js'
import { OPINION_LABELS, RANK_LABELS, isOpinion, isRank, type Rank } from './vocabulary.js'

export const REPORT_STATUSES = ['draft', 'submitted', 'returned', 'approved'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Draft',
  submitted: 'With the decision maker',
  returned: 'Returned with comments',
  approved: 'Approved',
}

export const CPS_DECISIONS = ['pending', 'charge', 'no_further_action'] as const
export type CpsDecision = (typeof CPS_DECISIONS)[number]
export const CPS_DECISION_LABELS: Record<CpsDecision, string> = {
  pending: 'Awaiting the CPS decision',
  charge: 'Charged',
  no_further_action: 'No further action',
}

/** The sections of the report, in order, with their headings. */
export const REPORT_TEXT_SECTIONS = ['summary', 'termsOfReference', 'evidenceAnalysis', 'learning'] as const
export type ReportTextSection = (typeof REPORT_TEXT_SECTIONS)[number]
export const REPORT_SECTION_HEADINGS = {
  summary: 'Summary',
  termsOfReference: 'Terms of reference',
  chronology: 'Chronology extract',
  evidenceAnalysis: 'Evidence analysis',
  findings: 'Findings',
  learning: 'Learning',
} as const

const RANK_ABBREVIATIONS: Partial<Record<Rank, string>> = {
  special_constable: 'SC',
  constable: 'PC',
  sergeant: 'PS',
  inspector: 'Insp',
  chief_inspector: 'Ch Insp',
  superintendent: 'Supt',
  chief_superintendent: 'Ch Supt',
}

/** The ways a rank is written before a name: "PC", "Constable". */
export function rankForms(rank: string | null | undefined): string[] {
  if (!rank) return []
  if (!isRank(rank)) return rank.trim() ? [rank.trim()] : []
  return [...new Set([RANK_ABBREVIATIONS[rank], RANK_LABELS[rank]].filter((r): r is string => !!r))]
}

/** "PC Hannah Brixey (NP5012)": how a subject is named in the report and in its guards. */
export function subjectDisplayName(subject: {
  givenName: string
  familyName: string
  rank: string
  warrantNumber: string
}): string {
  const rank = isRank(subject.rank)
    ? (RANK_ABBREVIATIONS[subject.rank] ?? RANK_LABELS[subject.rank])
    : subject.rank.trim()
  return `${rank ? `${rank} ` : ''}${subject.givenName} ${subject.familyName} (${subject.warrantNumber})`
}

/** Paragraphs of a section's text: separated by blank lines; single line breaks are kept within. */
export function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '')
}

export interface ReportSectionsInput {
  summary: string
  termsOfReference: string
  chronologyEventIds: readonly string[]
  evidenceAnalysis: string
  documentIds: readonly string[]
  findings: readonly { subjectId: string; allegationId: string | null; text: string }[]
  learning: string
}

export interface ResolvedCase {
  reference: string
  title: string
  forceName: string
  chronology: ReadonlyMap<
    string,
    {
      occurredOn: string
      occurredTime: string | null
      title: string
      description: string | null
      missedOpportunity: boolean
    }
  >
  documents: ReadonlyMap<string, { exhibitReference: string; title: string; withdrawn: boolean }>
  subjects: ReadonlyMap<string, { name: string }>
  allegations: ReadonlyMap<string, { description: string }>
  determinations: ReadonlyMap<string, { determination: string; cpsReferral: boolean }>
}

export interface NumberedParagraph {
  number: number
  text: string
}

export type ReportBlock =
  | { kind: 'paragraphs'; paragraphs: NumberedParagraph[] }
  /** subjectId: on a finding's heading, whose findings follow (so a copy can keep some subjects' only). */
  | { kind: 'subheading'; text: string; subjectId?: string }
  | {
      kind: 'chronology'
      entries: { number: number; date: string; title: string; description: string | null; missedOpportunity: boolean }[]
    }
  | { kind: 'references'; entries: { exhibitReference: string; title: string; withdrawn: boolean }[] }

export interface ReportDocumentSection {
  id: string
  heading: string
  blocks: ReportBlock[]
}

export interface ReportDocument {
  reference: string
  title: string
  forceName: string
  versionNumber: number
  status: ReportStatus
  statusLabel: string
  sections: ReportDocumentSection[]
}

/**
 * The report as a document: sections in order, paragraphs numbered 1, 2, 3 … through the whole
 * report (each chronology entry is a numbered paragraph too), references resolved from the case.
 * An id the case no longer has is shown as "(no longer on the case)" rather than dropped.
 */
export function reportDocument(
  sections: ReportSectionsInput,
  resolved: ResolvedCase,
  meta: { versionNumber: number; status: ReportStatus },
): ReportDocument {
  let next = 1
  const numbered = (texts: string[]): NumberedParagraph[] => texts.map((text) => ({ number: next++, text }))
  const textBlocks = (text: string): ReportBlock[] => {
    const paragraphs = paragraphsOf(text)
    return paragraphs.length
      ? [{ kind: 'paragraphs', paragraphs: numbered(paragraphs) }]
      : [{ kind: 'paragraphs', paragraphs: numbered(['Not written yet.']) }]
  }
  const out: ReportDocumentSection[] = []
  out.push({ id: 'summary', heading: REPORT_SECTION_HEADINGS.summary, blocks: textBlocks(sections.summary) })
  out.push({
    id: 'terms-of-reference',
    heading: REPORT_SECTION_HEADINGS.termsOfReference,
    blocks: textBlocks(sections.termsOfReference),
  })

  const events = sections.chronologyEventIds
    .map((id) => resolved.chronology.get(id))
    .filter((e): e is NonNullable<typeof e> => e !== undefined)
    .sort((a, b) => (a.occurredOn + (a.occurredTime ?? '')).localeCompare(b.occurredOn + (b.occurredTime ?? '')))
  out.push({
    id: 'chronology',
    heading: REPORT_SECTION_HEADINGS.chronology,
    blocks: events.length
      ? [
          {
            kind: 'chronology',
            entries: events.map((e) => ({
              number: next++,
              date: e.occurredTime ? `${longDate(e.occurredOn)} ${e.occurredTime.slice(0, 5)}` : longDate(e.occurredOn),
              title: e.title,
              description: e.description,
              missedOpportunity: e.missedOpportunity,
            })),
          },
        ]
      : [{ kind: 'paragraphs', paragraphs: numbered(['No events of the chronology are included.']) }],
  })

  const evidence: ReportBlock[] = textBlocks(sections.evidenceAnalysis)
  const referenced = sections.documentIds.map(
    (id) => resolved.documents.get(id) ?? { exhibitReference: '—', title: '(no longer on the case)', withdrawn: true },
  )
  if (referenced.length)
    evidence.push({ kind: 'subheading', text: 'Evidence referred to' }, { kind: 'references', entries: referenced })
  out.push({ id: 'evidence-analysis', heading: REPORT_SECTION_HEADINGS.evidenceAnalysis, blocks: evidence })

  const findings: ReportBlock[] = []
  const bySubject = new Map<string, { allegationId: string | null; text: string }[]>()
  for (const f of sections.findings) bySubject.set(f.subjectId, [...(bySubject.get(f.subjectId) ?? []), f])
  for (const [subjectId, list] of bySubject) {
    findings.push({
      kind: 'subheading',
      text: resolved.subjects.get(subjectId)?.name ?? 'A subject no longer on the case',
      subjectId,
    })
    const texts: string[] = []
    for (const f of list) {
      const allegation = f.allegationId ? resolved.allegations.get(f.allegationId) : undefined
      const paragraphs = paragraphsOf(f.text)
      if (allegation && paragraphs.length) paragraphs[0] = `Allegation: ${allegation.description} — ${paragraphs[0]}`
      texts.push(...paragraphs)
    }
    const determination = resolved.determinations.get(subjectId)
    if (determination) {
      const label = isOpinion(determination.determination)
        ? OPINION_LABELS[determination.determination]
        : determination.determination
      texts.push(
        `Determination of the decision maker: ${label.toLowerCase()}.${determination.cpsReferral ? ' The matter is referred to the Crown Prosecution Service.' : ''}`,
      )
    }
    if (texts.length) findings.push({ kind: 'paragraphs', paragraphs: numbered(texts) })
  }
  out.push({
    id: 'findings',
    heading: REPORT_SECTION_HEADINGS.findings,
    blocks: findings.length ? findings : [{ kind: 'paragraphs', paragraphs: numbered(['No findings recorded.']) }],
  })
  out.push({ id: 'learning', heading: REPORT_SECTION_HEADINGS.learning, blocks: textBlocks(sections.learning) })

  return {
    reference: resolved.reference,
    title: resolved.title,
    forceName: resolved.forceName,
    versionNumber: meta.versionNumber,
    status: meta.status,
    statusLabel: REPORT_STATUS_LABELS[meta.status],
    sections: out,
  }
}

/**
 * The report's sections as plain text, one entry per section, for comparing two versions: the
 * chronology extract, the evidence references and the findings are written out with the names
 * they resolve to, so the comparison reads as the report does.
 */
export function comparableSections(
  sections: ReportSectionsInput,
  resolved: Pick<ResolvedCase, 'chronology' | 'documents' | 'subjects' | 'allegations'>,
): { id: string; heading: string; text: string }[] {
  const chronology = sections.chronologyEventIds
    .map((id) => resolved.chronology.get(id))
    .filter((e): e is NonNullable<typeof e> => e !== undefined)
    .sort((a, b) => a.occurredOn.localeCompare(b.occurredOn))
    .map((e) => `${longDate(e.occurredOn)} ${e.title}`)
    .join('\n')
  const documents = sections.documentIds
    .map((id) => {
      const d = resolved.documents.get(id)
      return d ? `${d.exhibitReference} ${d.title}` : id
    })
    .join('\n')
  const findings = sections.findings
    .map((f) => {
      const who = resolved.subjects.get(f.subjectId)?.name ?? f.subjectId
      const what = f.allegationId ? resolved.allegations.get(f.allegationId)?.description : undefined
      return `${who}${what ? ` — ${what}` : ''}\n${f.text}`
    })
    .join('\n\n')
  return [
    { id: 'summary', heading: REPORT_SECTION_HEADINGS.summary, text: sections.summary },
    { id: 'terms-of-reference', heading: REPORT_SECTION_HEADINGS.termsOfReference, text: sections.termsOfReference },
    { id: 'chronology', heading: REPORT_SECTION_HEADINGS.chronology, text: chronology },
    {
      id: 'evidence-analysis',
      heading: REPORT_SECTION_HEADINGS.evidenceAnalysis,
      text: `${sections.evidenceAnalysis}${documents ? `\n\nEvidence referred to:\n${documents}` : ''}`,
    },
    { id: 'findings', heading: REPORT_SECTION_HEADINGS.findings, text: findings },
    { id: 'learning', heading: REPORT_SECTION_HEADINGS.learning, text: sections.learning },
  ]
}
