import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { AUTHORITY_SECTIONS, REDACTIONS_NOT_APPLIED_FOR_THE_FORCE, authorityDocument } from './authorityReport.js'
import { documentText, type RedactionMark } from './redaction.js'
import { reportDocument, type ReportDocument } from './report.js'

const full = () =>
  reportDocument(
    {
      summary: 'Ann Lee and Bob Ray attended. John Smith’s mother called.\n\nJohn Smith died.',
      termsOfReference: 'Terms',
      chronologyEventIds: ['e1'],
      evidenceAnalysis: 'The evidence of Mary Witness.',
      documentIds: [],
      findings: [
        { subjectId: 's1', allegationId: null, text: 'Ann Lee failed to act.' },
        { subjectId: 's2', allegationId: null, text: 'Bob Ray of Southshire failed too.' },
      ],
      learning: 'Link the calls.',
    },
    {
      reference: '2026/000001',
      title: 'The death of John Smith',
      forceName: 'Northshire Police',
      chronology: new Map([
        [
          'e1',
          {
            occurredOn: '2026-01-01',
            occurredTime: null,
            title: 'Call',
            description: 'John Smith’s mother rang',
            missedOpportunity: false,
          },
        ],
      ]),
      documents: new Map(),
      subjects: new Map([
        ['s1', { name: 'PC Ann Lee (NP1)' }],
        ['s2', { name: 'PC Bob Ray (SS2)' }],
      ]),
      allegations: new Map(),
      determinations: new Map([['s1', { determination: 'case_to_answer_misconduct', cpsReferral: false }]]),
    },
    { versionNumber: 1, status: 'approved' },
  )

const mark = (m: Partial<RedactionMark> & { text: string }): RedactionMark => ({
  id: 'r',
  section: '*',
  occurrence: -1,
  reason: 'third_party_personal_data',
  ...m,
})

describe('the report as the appropriate authority receives it', () => {
  it('keeps the force’s sections and its own subjects’ findings, numbered afresh', () => {
    const doc = authorityDocument(full(), [], new Set(['s1']))
    assert.deepEqual(
      doc.sections.map((s) => s.id),
      ['summary', 'terms-of-reference', 'findings', 'learning'],
    )
    const text = documentText(doc)
    assert.ok(text.includes('Ann Lee failed to act.'))
    assert.ok(!text.includes('Bob Ray of Southshire'), 'another force’s subject’s findings are left out')
    assert.ok(!text.includes('PC Bob Ray (SS2)'))
    assert.ok(!text.includes('Mary Witness'), 'the evidence analysis stays with the oversight body')
    assert.ok(!text.includes('rang'), 'the chronology extract stays with the oversight body')
    const numbers = doc.sections.flatMap((s) =>
      s.blocks.flatMap((b) => (b.kind === 'paragraphs' ? b.paragraphs.map((p) => p.number) : [])),
    )
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    )
  })

  it('applies the redactions protecting others, not those hiding the force’s own officers or proceedings', () => {
    const doc = authorityDocument(
      full(),
      [
        mark({ text: 'John Smith' }),
        mark({ text: 'Ann Lee', reason: 'junior_officer_name' }),
        mark({ text: 'Link the calls', section: 'learning', reason: 'prejudice_to_proceedings' }),
      ],
      new Set(['s1']),
    )
    const text = documentText(doc)
    assert.ok(!text.includes('John Smith'))
    assert.ok(text.includes('Ann Lee failed to act.'))
    assert.ok(text.includes('Link the calls.'))
  })

  it('places a passage redaction by its occurrence in the whole report, before other subjects are cut', () => {
    // The second "failed" in the findings is Bob Ray's; cutting his findings first would move it onto Ann Lee's.
    const doc = authorityDocument(
      full(),
      [mark({ text: 'failed', section: 'findings', occurrence: 1 })],
      new Set(['s1']),
    )
    assert.ok(documentText(doc).includes('Ann Lee failed to act.'))
  })

  it('says so when the force has no findings about its officers', () => {
    const doc = authorityDocument(full(), [], new Set())
    const findings = doc.sections.find((s) => s.id === 'findings')!
    assert.match(JSON.stringify(findings.blocks), /No findings about your officers/)
  })
})

describe('the force’s copy, written out', () => {
  it('keeps exactly the force’s sections and subjects, renumbered from 1', () => {
    const doc = authorityDocument(full(), [mark({ text: 'Bob Ray', reason: 'personal_data' })], new Set(['s1']))
    assert.deepEqual(
      doc.sections.map((s) => [s.id, s.blocks]),
      [
        [
          'summary',
          [
            {
              kind: 'paragraphs',
              paragraphs: [
                { number: 1, text: 'Ann Lee and [redacted: personal data] attended. John Smith’s mother called.' },
                { number: 2, text: 'John Smith died.' },
              ],
            },
          ],
        ],
        ['terms-of-reference', [{ kind: 'paragraphs', paragraphs: [{ number: 3, text: 'Terms' }] }]],
        [
          'findings',
          [
            { kind: 'subheading', text: 'PC Ann Lee (NP1)', subjectId: 's1' },
            {
              kind: 'paragraphs',
              paragraphs: [
                { number: 4, text: 'Ann Lee failed to act.' },
                { number: 5, text: 'Determination of the decision maker: case to answer for misconduct.' },
              ],
            },
          ],
        ],
        ['learning', [{ kind: 'paragraphs', paragraphs: [{ number: 6, text: 'Link the calls.' }] }]],
      ],
    )
    assert.deepEqual(REDACTIONS_NOT_APPLIED_FOR_THE_FORCE, ['junior_officer_name', 'prejudice_to_proceedings'])
    assert.deepEqual(AUTHORITY_SECTIONS, ['summary', 'terms-of-reference', 'findings', 'learning'])
  })

  it('numbers the notice of no findings in its place', () => {
    const doc = authorityDocument(full(), [], new Set(['nobody']))
    assert.deepEqual(doc.sections.find((s) => s.id === 'findings')!.blocks, [
      { kind: 'paragraphs', paragraphs: [{ number: 4, text: 'No findings about your officers.' }] },
    ])
    assert.equal(
      (doc.sections.find((s) => s.id === 'learning')!.blocks[0] as { paragraphs: { number: number }[] }).paragraphs[0]!
        .number,
      5,
    )
  })

  it('ends a subject’s findings at any heading, and numbers chronology entries kept in a force section', () => {
    // Not a layout reportDocument makes today; the rules hold for any document handed in.
    const document: ReportDocument = {
      ...full(),
      sections: [
        {
          id: 'summary',
          heading: 'Summary',
          blocks: [
            {
              kind: 'chronology',
              entries: [
                { number: 9, date: '1 January 2026', title: 'Call', description: null, missedOpportunity: false },
              ],
            },
          ],
        },
        {
          id: 'findings',
          heading: 'Findings',
          blocks: [
            { kind: 'subheading', text: 'Own', subjectId: 's1' },
            { kind: 'paragraphs', paragraphs: [{ number: 10, text: 'Kept.' }] },
            { kind: 'subheading', text: 'General' },
            { kind: 'paragraphs', paragraphs: [{ number: 11, text: 'Not about the force’s officer.' }] },
          ],
        },
      ],
    }
    const doc = authorityDocument(document, [], new Set(['s1']))
    assert.deepEqual(
      doc.sections.map((s) => s.blocks),
      [
        [
          {
            kind: 'chronology',
            entries: [
              { number: 1, date: '1 January 2026', title: 'Call', description: null, missedOpportunity: false },
            ],
          },
        ],
        [
          { kind: 'subheading', text: 'Own', subjectId: 's1' },
          { kind: 'paragraphs', paragraphs: [{ number: 2, text: 'Kept.' }] },
        ],
      ],
    )
  })
})

describe('the force’s copy of a report with no findings at all', () => {
  it('says there are none about its officers, not the oversight body’s “No findings recorded.”', () => {
    const report = full()
    const findings = report.sections.find((s) => s.id === 'findings')!
    findings.blocks = [{ kind: 'paragraphs', paragraphs: [{ number: 9, text: 'No findings recorded.' }] }]
    const doc = authorityDocument(report, [], new Set(['s1']))
    assert.deepEqual(doc.sections.find((s) => s.id === 'findings')!.blocks, [
      { kind: 'paragraphs', paragraphs: [{ number: 4, text: 'No findings about your officers.' }] },
    ])
  })
})
