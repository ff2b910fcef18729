/**
 * Redaction rules that the first suite left untested (issue 17): every occurrence within one
 * chosen section, exhibit references, a passage inside another passage, and the list of marks
 * that match nothing. Each expected text is written out by hand, not computed with the code.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  countOccurrences,
  documentText,
  markerFor,
  redactDocument,
  redactableSections,
  type RedactionMark,
} from './redaction.js'
import type { ReportDocument } from './report.js'

function doc(): ReportDocument {
  return {
    reference: '2026/000007',
    title: 'The death of Ann Lee',
    forceName: 'Northshire Police',
    versionNumber: 1,
    status: 'approved',
    statusLabel: 'Approved',
    sections: [
      {
        id: 'summary',
        heading: 'Summary about Ann Lee',
        blocks: [{ kind: 'paragraphs', paragraphs: [{ number: 1, text: 'Ann Lee called Northshire twice.' }] }],
      },
      {
        id: 'chronology',
        heading: 'Chronology',
        blocks: [
          {
            kind: 'chronology',
            entries: [
              {
                number: 2,
                date: '2025-01-01',
                title: 'Call from Ann Lee',
                description: null,
                missedOpportunity: false,
              },
              { number: 3, date: '2025-01-02', title: 'Visit', description: 'Ann Lee seen', missedOpportunity: true },
            ],
          },
        ],
      },
      {
        id: 'evidence',
        heading: 'Evidence',
        blocks: [
          { kind: 'subheading', text: 'Evidence referred to' },
          {
            kind: 'references',
            entries: [
              { exhibitReference: 'EX/ALEE/1', title: 'Statement of Ann Lee', withdrawn: false },
              { exhibitReference: 'EX/BK/2', title: 'CCTV of EX/ALEE/1 scene', withdrawn: false },
            ],
          },
        ],
      },
      {
        id: 'findings',
        heading: 'Findings',
        blocks: [
          { kind: 'subheading', text: 'PC Ann Lee (NP1)' },
          {
            kind: 'paragraphs',
            paragraphs: [
              { number: 4, text: 'Ann Lee spoke first; Ann Lee spoke again.' },
              { number: 5, text: 'Nobody asked Ann Lee.' },
            ],
          },
        ],
      },
    ],
  }
}

const mark = (m: Partial<RedactionMark> & { text: string }): RedactionMark => ({
  id: m.text,
  section: '*',
  occurrence: -1,
  reason: 'third_party_personal_data',
  ...m,
})

const TP = '[redacted: third-party personal data]'
const JO = '[redacted: name of a junior officer]'
const SAFETY = '[redacted: risk to someone’s safety]'

function paragraphs(d: ReportDocument, sectionId: string): string[] {
  const s = d.sections.find((x) => x.id === sectionId)!
  return s.blocks.flatMap((b) =>
    b.kind === 'paragraphs'
      ? b.paragraphs.map((p) => p.text)
      : b.kind === 'subheading'
        ? [b.text]
        : b.kind === 'chronology'
          ? b.entries.flatMap((e) => [e.date, e.title, String(e.description)])
          : b.entries.flatMap((e) => [e.exhibitReference, e.title]),
  )
}

describe('redaction: the holes issue 17 found', () => {
  it('every occurrence within one chosen section: all of them there, none elsewhere (the page posts this for a blank occurrence)', () => {
    const original = doc()
    const { document, unmatched } = redactDocument(original, [
      mark({ section: 'findings', text: 'Ann Lee', reason: 'junior_officer_name' }),
    ])
    assert.deepEqual(unmatched, [])
    assert.deepEqual(paragraphs(document, 'findings'), [
      `PC ${JO} (NP1)`,
      `${JO} spoke first; ${JO} spoke again.`,
      `Nobody asked ${JO}.`,
    ])
    // Other sections, the title and a section's own heading keep the text: the mark was for one section.
    assert.deepEqual(paragraphs(document, 'summary'), ['Ann Lee called Northshire twice.'])
    assert.equal(document.title, 'The death of Ann Lee')
    assert.equal(document.sections[0]!.heading, 'Summary about Ann Lee')
    assert.deepEqual(paragraphs(document, 'chronology'), [
      '2025-01-01',
      'Call from Ann Lee',
      'null',
      '2025-01-02',
      'Visit',
      'Ann Lee seen',
    ])
  })

  it('every occurrence in the title section only touches the title', () => {
    const { document, unmatched } = redactDocument(doc(), [mark({ section: 'title', text: 'Ann Lee' })])
    assert.deepEqual(unmatched, [])
    assert.equal(document.title, `The death of ${TP}`)
    assert.deepEqual(paragraphs(document, 'summary'), ['Ann Lee called Northshire twice.'])
  })

  it('a whole-report mark reaches the title, the force name, section headings and every block kind; a null description stays null', () => {
    const { document } = redactDocument(doc(), [
      mark({ text: 'Ann Lee' }),
      mark({ text: 'Northshire', reason: 'safety' }),
    ])
    assert.equal(document.title, `The death of ${TP}`)
    assert.equal(document.forceName, `${SAFETY} Police`)
    assert.equal(document.sections[0]!.heading, `Summary about ${TP}`)
    assert.deepEqual(paragraphs(document, 'summary'), [`${TP} called ${SAFETY} twice.`])
    assert.deepEqual(paragraphs(document, 'chronology'), [
      '2025-01-01',
      `Call from ${TP}`,
      'null',
      '2025-01-02',
      'Visit',
      `${TP} seen`,
    ])
    const entry = document.sections[1]!.blocks[0]!
    assert.ok(entry.kind === 'chronology' && entry.entries[0]!.description === null)
    assert.equal(document.reference, '2026/000007', 'the case reference is not text a reviewer redacts')
  })

  it('exhibit references: redacted everywhere (reference and titles) and as one chosen occurrence', () => {
    const everywhere = redactDocument(doc(), [mark({ section: 'evidence', text: 'EX/ALEE/1', reason: 'safety' })])
    assert.deepEqual(everywhere.unmatched, [])
    assert.deepEqual(paragraphs(everywhere.document, 'evidence'), [
      'Evidence referred to',
      SAFETY,
      'Statement of Ann Lee',
      'EX/BK/2',
      `CCTV of ${SAFETY} scene`,
    ])
    assert.equal(countOccurrences(doc(), 'evidence', 'EX/ALEE/1'), 2)
    // The second occurrence (index 1) is in the second exhibit's title, not its reference.
    const second = redactDocument(doc(), [mark({ section: 'evidence', text: 'EX/ALEE/1', occurrence: 1 })])
    assert.deepEqual(paragraphs(second.document, 'evidence'), [
      'Evidence referred to',
      'EX/ALEE/1',
      'Statement of Ann Lee',
      'EX/BK/2',
      `CCTV of ${TP} scene`,
    ])
    const first = redactDocument(doc(), [mark({ section: 'evidence', text: 'EX/ALEE/1', occurrence: 0 })])
    assert.deepEqual(paragraphs(first.document, 'evidence').slice(1, 3), [TP, 'Statement of Ann Lee'])
  })

  it('a passage inside another passage is covered by one marker, whichever order they were marked in', () => {
    const outer = mark({ id: 'outer', section: 'findings', text: 'spoke first; Ann Lee spoke', occurrence: 0 })
    const inner = mark({ id: 'inner', section: 'findings', text: 'Ann Lee', occurrence: 2, reason: 'safety' })
    for (const marks of [
      [outer, inner],
      [inner, outer],
    ]) {
      const { document, unmatched } = redactDocument(doc(), marks)
      assert.deepEqual(unmatched, [])
      assert.deepEqual(paragraphs(document, 'findings').slice(1), [`Ann Lee ${TP} again.`, 'Nobody asked Ann Lee.'])
    }
    // Overlapping at the start (the second begins before the first ends) and touching (no overlap).
    const a = mark({ id: 'a', section: 'summary', text: 'Ann Lee called', occurrence: 0 })
    const b = mark({ id: 'b', section: 'summary', text: 'called Northshire', occurrence: 0, reason: 'safety' })
    assert.deepEqual(paragraphs(redactDocument(doc(), [b, a]).document, 'summary'), [`${TP} twice.`])
    const c = mark({ id: 'c', section: 'summary', text: 'Ann Lee ', occurrence: 0 })
    const d = mark({ id: 'd', section: 'summary', text: 'called', occurrence: 0, reason: 'safety' })
    assert.deepEqual(paragraphs(redactDocument(doc(), [d, c]).document, 'summary'), [
      `${TP}${SAFETY} Northshire twice.`,
    ])
  })

  it('a one-occurrence passage counts occurrences across the section’s strings in reading order', () => {
    // Occurrences in findings: subheading (0), paragraph 4 twice (1, 2), paragraph 5 (3).
    const expected: string[][] = [
      [`PC ${JO} (NP1)`, 'Ann Lee spoke first; Ann Lee spoke again.', 'Nobody asked Ann Lee.'],
      ['PC Ann Lee (NP1)', `${JO} spoke first; Ann Lee spoke again.`, 'Nobody asked Ann Lee.'],
      ['PC Ann Lee (NP1)', `Ann Lee spoke first; ${JO} spoke again.`, 'Nobody asked Ann Lee.'],
      ['PC Ann Lee (NP1)', 'Ann Lee spoke first; Ann Lee spoke again.', `Nobody asked ${JO}.`],
    ]
    expected.forEach((want, occurrence) => {
      const { document, unmatched } = redactDocument(doc(), [
        mark({ section: 'findings', text: 'Ann Lee', occurrence, reason: 'junior_officer_name' }),
      ])
      assert.deepEqual(unmatched, [])
      assert.deepEqual(paragraphs(document, 'findings'), want, `occurrence ${occurrence}`)
    })
  })

  it('lists exactly the marks that match nothing: passages past the last occurrence, absent texts, unknown sections', () => {
    const matched = mark({ id: 'ok', section: 'findings', text: 'Ann Lee', occurrence: 3 })
    const pastEnd = mark({ id: 'past', section: 'findings', text: 'Ann Lee', occurrence: 4 })
    const absentHere = mark({ id: 'absent-here', section: 'summary', text: 'spoke' })
    const absentAnywhere = mark({ id: 'absent', text: 'Bob Kerr' })
    const unknownSection = mark({ id: 'unknown', section: 'no-such-section', text: 'Ann Lee', occurrence: 0 })
    const everywhereOk = mark({ id: 'everywhere-ok', section: 'summary', text: 'twice' })
    const { document, unmatched } = redactDocument(doc(), [
      matched,
      pastEnd,
      absentHere,
      absentAnywhere,
      unknownSection,
      everywhereOk,
    ])
    assert.deepEqual(
      unmatched.map((m) => m.id),
      ['past', 'unknown', 'absent-here', 'absent'],
    )
    assert.deepEqual(paragraphs(document, 'summary'), [`Ann Lee called Northshire ${TP}.`])
    // An empty text is never applied and never listed.
    assert.deepEqual(redactDocument(doc(), [mark({ text: '' }), mark({ text: '', occurrence: 0 })]).unmatched, [])
    assert.equal(documentText(redactDocument(doc(), [mark({ text: '' })]).document), documentText(doc()))
  })

  it('counts occurrences per section, with the whole report including the title and force name', () => {
    assert.equal(countOccurrences(doc(), '*', 'Ann Lee'), 10)
    assert.equal(countOccurrences(doc(), 'title', 'Ann Lee'), 1)
    assert.equal(countOccurrences(doc(), 'findings', 'Ann Lee'), 4)
    assert.equal(countOccurrences(doc(), '*', 'Northshire'), 2)
    assert.equal(countOccurrences(doc(), 'no-such-section', 'Ann Lee'), 0)
    assert.equal(countOccurrences(doc(), '*', 'aa'), 0)
    assert.equal(countOccurrences({ ...doc(), title: 'aaaa' }, 'title', 'aa'), 2, 'non-overlapping occurrences')
    assert.equal(countOccurrences(doc(), '*', ''), 0)
  })

  it('offers the whole report, the title and each section by its heading', () => {
    assert.deepEqual(redactableSections(doc()), [
      { id: '*', heading: 'Anywhere in the report' },
      { id: 'title', heading: 'Title' },
      { id: 'summary', heading: 'Summary about Ann Lee' },
      { id: 'chronology', heading: 'Chronology' },
      { id: 'evidence', heading: 'Evidence' },
      { id: 'findings', heading: 'Findings' },
    ])
    assert.equal(markerFor('other'), '[redacted: other]')
  })
})
