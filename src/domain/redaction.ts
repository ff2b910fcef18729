/**
 * Redaction of the final report before publication (DOMAIN.md "Publication", "Harm test"): the
 * reviewer marks passages (exact text within one section, and which occurrence of it) and fields
 * (a name or datum to remove wherever it appears) with a reason. redactDocument() applies them to
 * the report's document model, before anything is rendered, so the HTML and the PDF made from
 * the result never contain the redacted text: it is replaced by a visible marker such as
 * "[redacted: third-party personal data]". Pure; the unredacted document is not changed.
 */
import type { ReportBlock, ReportDocument, ReportDocumentSection } from './report.js'

export const REDACTION_REASONS = [
  'third_party_personal_data',
  'junior_officer_name',
  'personal_data',
  'prejudice_to_proceedings',
  'safety',
  'other',
] as const
export type RedactionReason = (typeof REDACTION_REASONS)[number]
export const REDACTION_REASON_LABELS: Record<RedactionReason, string> = {
  third_party_personal_data: 'third-party personal data',
  junior_officer_name: 'name of a junior officer',
  personal_data: 'personal data',
  prejudice_to_proceedings: 'prejudice to proceedings',
  safety: 'risk to someone’s safety',
  other: 'other',
}
export const isRedactionReason = (v: string): v is RedactionReason =>
  (REDACTION_REASONS as readonly string[]).includes(v)

/** Every section of the report (and its title, as the section "title"). */
export const ALL_SECTIONS = '*'
/** Every occurrence of the text, rather than one of them. */
export const EVERY_OCCURRENCE = -1

export interface RedactionMark {
  id: string
  /** A section id of the document model, "title", or "*" for the whole report. */
  section: string
  text: string
  /** 0-based occurrence within the section, or -1 for every occurrence. */
  occurrence: number
  reason: RedactionReason
}

/** The stored reason: the vocabulary code, then the reviewer's free text after ": ". */
export function encodeReason(reason: RedactionReason, note: string | null | undefined): string {
  const n = (note ?? '').trim()
  return n ? `${reason}: ${n}` : reason
}
export function decodeReason(stored: string): { reason: RedactionReason; note: string | null } {
  const i = stored.indexOf(': ')
  const code = i < 0 ? stored : stored.slice(0, i)
  return { reason: isRedactionReason(code) ? code : 'other', note: i < 0 ? null : stored.slice(i + 2) }
}

export function markerFor(reason: RedactionReason): string {
  return `[redacted: ${REDACTION_REASON_LABELS[reason]}]`
}

/** A writable reference to one string of the document. */
interface Slot {
  get(): string
  set(value: string): void
}

function blockSlots(block: ReportBlock): Slot[] {
  const out: Slot[] = []
  if (block.kind === 'paragraphs')
    for (const p of block.paragraphs) out.push({ get: () => p.text, set: (v) => (p.text = v) })
  else if (block.kind === 'subheading') out.push({ get: () => block.text, set: (v) => (block.text = v) })
  else if (block.kind === 'chronology')
    for (const e of block.entries) {
      out.push({ get: () => e.date, set: (v) => (e.date = v) }, { get: () => e.title, set: (v) => (e.title = v) })
      out.push({
        get: () => e.description ?? '',
        set: (v) => (e.description = e.description === null && v === '' ? null : v),
      })
    }
  else
    for (const e of block.entries)
      out.push(
        { get: () => e.exhibitReference, set: (v) => (e.exhibitReference = v) },
        { get: () => e.title, set: (v) => (e.title = v) },
      )
  return out
}

function sectionSlots(doc: ReportDocument, section: string): Slot[] {
  const titleSlots: Slot[] = [{ get: () => doc.title, set: (v) => (doc.title = v) }]
  const of = (s: ReportDocumentSection) => [
    { get: () => s.heading, set: (v: string) => (s.heading = v) },
    ...s.blocks.flatMap(blockSlots),
  ]
  if (section === 'title') return titleSlots
  if (section === ALL_SECTIONS)
    return [...titleSlots, { get: () => doc.forceName, set: (v) => (doc.forceName = v) }, ...doc.sections.flatMap(of)]
  const found = doc.sections.find((s) => s.id === section)
  return found ? found.blocks.flatMap(blockSlots) : []
}

/** The sections a redaction may name, with their headings. */
export function redactableSections(doc: ReportDocument): { id: string; heading: string }[] {
  return [
    { id: ALL_SECTIONS, heading: 'Anywhere in the report' },
    { id: 'title', heading: 'Title' },
    ...doc.sections.map((s) => ({ id: s.id, heading: s.heading })),
  ]
}

/** Positions of the non-overlapping occurrences of `needle` in `hay`, left to right. */
function occurrences(hay: string, needle: string): number[] {
  const out: number[] = []
  if (!needle) return out
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + needle.length)) out.push(i)
  return out
}

/** How many times the text occurs in the section (for choosing "which occurrence"). */
export function countOccurrences(doc: ReportDocument, section: string, text: string): number {
  return sectionSlots(doc, section).reduce((n, s) => n + occurrences(s.get(), text).length, 0)
}

/** Removes every occurrence of each text, including occurrences that replacing creates. */
function removeEverywhere(value: string, marks: { text: string; marker: string }[]): string {
  // A marker must not contain a text it stands for (e.g. redacting "red"): fall back to plainer ones.
  const safe = (marker: string) => !marks.some((m) => marker.includes(m.text))
  const fallback = ['[redacted]', '█', ''].find(safe) ?? ''
  const plan = marks.map((m) => ({ text: m.text, marker: safe(m.marker) ? m.marker : fallback }))
  let out = value
  for (let round = 0; round < 10; round++) {
    let changed = false
    for (const m of plan) {
      if (out.includes(m.text)) {
        out = out.split(m.text).join(m.marker)
        changed = true
      }
    }
    if (!changed) return out
  }
  // Markers keep meeting the text around them: remove the texts outright, which shortens the
  // string each time and so ends.
  for (;;) {
    const m = plan.find((x) => out.includes(x.text))
    if (!m) return out
    out = out.split(m.text).join('')
  }
}

/**
 * The redacted copy of the document and the redactions that matched nothing (a passage whose
 * occurrence no longer exists). Passage redactions (one occurrence) are located on the original
 * text first; then every-occurrence redactions are applied until none of their texts remains.
 */
export function redactDocument(
  original: ReportDocument,
  marks: readonly RedactionMark[],
): { document: ReportDocument; unmatched: RedactionMark[] } {
  const doc = structuredClone(original)
  const unmatched: RedactionMark[] = []
  const everywhere = marks.filter((m) => m.occurrence < 0 && m.text !== '')
  // 1. One occurrence each: find the ranges on the original strings, then cut them (merged when they overlap).
  const ranges = new Map<Slot, { start: number; end: number; marker: string }[]>()
  const slotCache = new Map<string, Slot[]>()
  const slotsOf = (section: string) => {
    let s = slotCache.get(section)
    if (!s) slotCache.set(section, (s = sectionSlots(doc, section)))
    return s
  }
  for (const m of marks) {
    if (m.occurrence < 0 || m.text === '') continue
    let n = m.occurrence
    let placed = false
    for (const slot of slotsOf(m.section)) {
      const at = occurrences(slot.get(), m.text)
      if (n < at.length) {
        const start = at[n]!
        ranges.set(slot, [
          ...(ranges.get(slot) ?? []),
          { start, end: start + m.text.length, marker: markerFor(m.reason) },
        ])
        placed = true
        break
      }
      n -= at.length
    }
    if (!placed) unmatched.push(m)
  }
  for (const [slot, list] of ranges) {
    const value = slot.get()
    list.sort((a, b) => a.start - b.start)
    let out = ''
    let cursor = 0
    let i = 0
    while (i < list.length) {
      const first = list[i]!
      let end = first.end
      while (i + 1 < list.length && list[i + 1]!.start < end) end = Math.max(end, list[++i]!.end)
      out += value.slice(cursor, first.start) + first.marker
      cursor = end
      i++
    }
    slot.set(out + value.slice(cursor))
  }
  // 2. Every occurrence, by section: the section's own marks, plus the whole-report ones everywhere.
  for (const m of everywhere)
    if (m.section !== ALL_SECTIONS && countOccurrences(original, m.section, m.text) === 0) unmatched.push(m)
  for (const m of everywhere)
    if (m.section === ALL_SECTIONS && countOccurrences(original, ALL_SECTIONS, m.text) === 0) unmatched.push(m)
  const global = everywhere
    .filter((m) => m.section === ALL_SECTIONS)
    .map((m) => ({ text: m.text, marker: markerFor(m.reason) }))
  const scopes = ['title', ...doc.sections.map((s) => s.id)]
  for (const scope of scopes) {
    const local = everywhere
      .filter((m) => m.section === scope)
      .map((m) => ({ text: m.text, marker: markerFor(m.reason) }))
    const all = [...local, ...global]
    if (!all.length) continue
    const slots =
      scope === 'title'
        ? sectionSlots(doc, 'title')
        : [...sectionSlots(doc, scope), ...(global.length ? [headingSlot(doc, scope)] : [])]
    for (const slot of slots) slot.set(removeEverywhere(slot.get(), all))
  }
  if (global.length) doc.forceName = removeEverywhere(doc.forceName, global)
  return { document: doc, unmatched }
}

function headingSlot(doc: ReportDocument, id: string): Slot {
  const s = doc.sections.find((x) => x.id === id)!
  return { get: () => s.heading, set: (v) => (s.heading = v) }
}

/** Every string of the document, for checks and search: the text a reader could see. */
export function documentText(doc: ReportDocument): string {
  return [
    doc.reference,
    doc.title,
    doc.forceName,
    ...doc.sections.flatMap((s) => [s.heading, ...s.blocks.flatMap(blockSlots).map((x) => x.get())]),
  ].join('\n')
}

// Redacting a person -------------------------------------------------------------------------------
//
// Outside testing found "[redacted: name of a junior officer] (WC4471)": the name was gone, the
// warrant number beside it still identified him. A redaction that names a person recorded on the
// case (any form of their name, their warrant or collar number, their e-mail) therefore redacts
// the PERSON: every form of their name and every identifier recorded for them, wherever it
// appears in what is published.

/** Someone recorded on the case, with every identifier the case holds for them. */
export interface RecordedPerson {
  id: string
  /** Given and family names where the case records them apart (officers); else the full name is split. */
  givenName?: string | null
  familyName?: string | null
  fullName: string
  rank?: string | null
  /** Warrant or collar number. */
  warrantNumber?: string | null
  email?: string | null
  phone?: string | null
  address?: string | null
  /** YYYY-MM-DD */
  dateOfBirth?: string | null
}

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]

function datesOf(iso: string): string[] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return [iso]
  const [, y, mo, d] = m
  const day = String(Number(d))
  const month = MONTHS[Number(mo) - 1] ?? ''
  return [
    iso,
    `${d}/${mo}/${y}`,
    `${day}/${Number(mo)}/${y}`,
    `${day} ${month} ${y}`,
    `${day} ${month.slice(0, 3)} ${y}`,
  ]
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim()

/** The names the person goes by in text: full, given + family, surname alone, rank + surname, initials. */
export function nameForms(p: RecordedPerson, rankForms: readonly string[] = []): string[] {
  const full = clean(p.fullName)
  const words = full.split(' ').filter(Boolean)
  const family = clean(p.familyName) || (words.length > 1 ? words[words.length - 1]! : '')
  const given = clean(p.givenName) || (words.length > 1 ? words.slice(0, -1).join(' ') : '')
  const out = new Set<string>()
  if (full) out.add(full)
  if (given && family) {
    out.add(`${given} ${family}`)
    const initials = given
      .split(/[\s-]+/)
      .filter(Boolean)
      .map((g) => g[0]!.toUpperCase())
    out.add(`${initials.join('. ')}. ${family}`)
    out.add(`${initials.join('.')}. ${family}`)
    out.add(`${initials.join(' ')} ${family}`)
    out.add(`${initials.join('')} ${family}`)
    const all = [...initials, family[0]!.toUpperCase()]
    out.add(`${all.join('.')}.`)
    if (all.length >= 2) out.add(all.join(''))
    for (const r of rankForms.map(clean).filter(Boolean)) {
      out.add(`${r} ${family}`)
      out.add(`${r} ${given} ${family}`)
      out.add(`${r} ${initials.join('. ')}. ${family}`)
      out.add(`${r} ${initials.join('')} ${family}`)
    }
  }
  if (family) out.add(family)
  else if (full) out.add(full)
  return [...out].filter((s) => s.length >= 2)
}

/** Every identifier of the person: the name forms and each datum recorded for them. */
export function personIdentifiers(p: RecordedPerson, rankForms: readonly string[] = []): string[] {
  const names = nameForms(p, rankForms)
  const out = new Set(names)
  // "PC Jo Bloggs (AB12)", as the findings name a subject: one term, so it becomes one marker.
  if (clean(p.warrantNumber)) for (const n of names) out.add(`${n} (${clean(p.warrantNumber)})`)
  for (const v of [p.warrantNumber, p.email, p.phone]) if (clean(v)) out.add(clean(v))
  if (clean(p.phone)) out.add(clean(p.phone).replace(/\s/g, ''))
  if (clean(p.address)) {
    out.add(clean(p.address))
    // Each line or comma-separated part of an address (the street, the postcode) identifies too.
    for (const part of (p.address ?? '').split(/[\n,]+/).map(clean)) if (part.length >= 4) out.add(part)
  }
  if (clean(p.dateOfBirth)) for (const d of datesOf(clean(p.dateOfBirth))) out.add(d)
  return [...out]
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * A matcher for the terms as whole words (not inside another word), ignoring case and runs of
 * white space, longest first so that "PC Jo Bloggs (AB12)" becomes one marker, not several.
 */
export function termsPattern(terms: readonly string[]): RegExp | null {
  const sorted = [...new Set(terms.map(clean).filter(Boolean))].sort((a, b) => b.length - a.length)
  if (!sorted.length) return null
  const alternatives = sorted.map((t) => escapeRegExp(t).replace(/ /g, '\\s+'))
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'giu')
}

/** Does the text contain any of the terms (as whole words, ignoring case)? */
export function mentionsAny(text: string, terms: readonly string[]): boolean {
  const re = termsPattern(terms)
  return re ? re.test(text) : false
}

/** One person redacted, with the identifiers to remove and the marker that stands for them. */
export interface PersonRedaction {
  person: RecordedPerson
  identifiers: string[]
  marker: string
}

/**
 * The people a set of redactions removes: each recorded person one of whose identifying terms
 * (a name form, warrant number, e-mail, phone) appears in a redaction's text, or whose name
 * contains the redacted text (redacting "Brixey" redacts Hannah Brixey).
 */
export function redactedPeople<P extends RecordedPerson>(
  marks: readonly Pick<RedactionMark, 'text' | 'reason'>[],
  people: readonly P[],
  rankFormsOf: (p: P) => readonly string[] = () => [],
): PersonRedaction[] {
  const out: PersonRedaction[] = []
  for (const p of people) {
    const identifiers = personIdentifiers(p, rankFormsOf(p))
    const strong = [...nameForms(p, rankFormsOf(p)), ...[p.warrantNumber, p.email].map(clean).filter(Boolean)]
    const mark = marks.find(
      (m) =>
        mentionsAny(m.text, strong) || (clean(m.text).length >= 3 && mentionsAny(clean(p.fullName), [clean(m.text)])),
    )
    if (mark) out.push({ person: p, identifiers, marker: markerFor(mark.reason) })
  }
  return out
}

/** The text with every identifier of the redacted people replaced by their marker. */
export function redactPeopleInText(text: string, redactions: readonly PersonRedaction[]): string {
  if (!redactions.length || !text) return text
  const markerOf = new Map<string, string>()
  for (const r of redactions)
    for (const t of r.identifiers) if (!markerOf.has(t.toLowerCase())) markerOf.set(t.toLowerCase(), r.marker)
  const re = termsPattern([...markerOf.keys()])
  if (!re) return text
  const norm = (s: string) => s.replace(/\s+/g, ' ').toLowerCase()
  let out = text
  // Replacing can join text into a new occurrence (rare): repeat until none remains.
  for (let round = 0; round < 5; round++) {
    const next = out.replace(re, (found) => markerOf.get(norm(found)) ?? '[redacted]')
    if (next === out) return out
    out = next
  }
  return out
}

/** Applies the person redactions to every string of the document (the reference excepted). */
export function redactPeopleInDocument(doc: ReportDocument, redactions: readonly PersonRedaction[]): ReportDocument {
  if (!redactions.length) return doc
  const out = structuredClone(doc)
  const markers = [...new Set(redactions.map((r) => r.marker))]
  for (const slot of sectionSlots(out, ALL_SECTIONS)) {
    let value = redactPeopleInText(slot.get(), redactions)
    // A name redacted earlier by its text, then the number beside it: one marker, not two.
    for (const m of markers) value = value.split(`${m} (${m})`).join(m)
    slot.set(value)
  }
  return out
}
