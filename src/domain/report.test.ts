import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CPS_DECISIONS,
  CPS_DECISION_LABELS,
  REPORT_SECTION_HEADINGS,
  REPORT_STATUSES,
  REPORT_STATUS_LABELS,
  REPORT_TEXT_SECTIONS,
  comparableSections,
  paragraphsOf,
  rankForms,
  reportDocument,
  subjectDisplayName,
} from './report.js'

describe('report', () => {
  it('names a subject with rank abbreviation and warrant number', () => {
    assert.equal(
      subjectDisplayName({ givenName: 'Hannah', familyName: 'Brixey', rank: 'constable', warrantNumber: 'NP5012' }),
      'PC Hannah Brixey (NP5012)',
    )
    assert.equal(
      subjectDisplayName({ givenName: 'Ann', familyName: 'Lee', rank: '', warrantNumber: 'S1' }),
      'Ann Lee (S1)',
    )
  })

  it('splits paragraphs on blank lines', () => {
    assert.deepEqual(paragraphsOf('One.\n\nTwo,\nstill two.\n\n\n'), ['One.', 'Two,\nstill two.'])
  })

  it('numbers paragraphs through the whole report and resolves references', () => {
    const doc = reportDocument(
      {
        summary: 'First.\n\nSecond.',
        termsOfReference: 'Terms.',
        chronologyEventIds: ['e2', 'e1', 'gone'],
        evidenceAnalysis: 'Analysis.',
        documentIds: ['d1'],
        findings: [{ subjectId: 's1', allegationId: 'a1', text: 'Failed to act.' }],
        learning: '',
      },
      {
        reference: '2026/000001',
        title: 'T',
        forceName: 'F',
        chronology: new Map([
          [
            'e1',
            { occurredOn: '2025-01-01', occurredTime: null, title: 'Call', description: null, missedOpportunity: true },
          ],
          [
            'e2',
            {
              occurredOn: '2025-02-01',
              occurredTime: '10:00:00',
              title: 'Visit',
              description: 'x',
              missedOpportunity: false,
            },
          ],
        ]),
        documents: new Map([['d1', { exhibitReference: 'EX1', title: 'Log', withdrawn: false }]]),
        subjects: new Map([['s1', { name: 'PC A B (1)' }]]),
        allegations: new Map([['a1', { description: 'Did not respond' }]]),
        determinations: new Map([['s1', { determination: 'no_case_to_answer', cpsReferral: false }]]),
      },
      { versionNumber: 2, status: 'approved' },
    )
    const numbers: number[] = []
    for (const s of doc.sections)
      for (const b of s.blocks) {
        if (b.kind === 'paragraphs') numbers.push(...b.paragraphs.map((p) => p.number))
        if (b.kind === 'chronology') numbers.push(...b.entries.map((e) => e.number))
      }
    assert.deepEqual(
      numbers,
      numbers.map((_, i) => i + 1),
    )
    const chronology = doc.sections.find((s) => s.id === 'chronology')!.blocks[0]!
    assert.ok(chronology.kind === 'chronology' && chronology.entries.map((e) => e.title).join() === 'Call,Visit')
    const findings = JSON.stringify(doc.sections.find((s) => s.id === 'findings'))
    assert.match(findings, /PC A B \(1\)/)
    assert.match(findings, /Allegation: Did not respond — Failed to act\./)
    assert.match(findings, /no case to answer/)
  })
})

describe('report: vocabularies, names and paragraphs written out', () => {
  it('labels each status, CPS decision and section as the pages show them', () => {
    assert.deepEqual(REPORT_STATUSES, ['draft', 'submitted', 'returned', 'approved'])
    assert.deepEqual(REPORT_STATUS_LABELS, {
      draft: 'Draft',
      submitted: 'With the decision maker',
      returned: 'Returned with comments',
      approved: 'Approved',
    })
    assert.deepEqual(CPS_DECISIONS, ['pending', 'charge', 'no_further_action'])
    assert.deepEqual(CPS_DECISION_LABELS, {
      pending: 'Awaiting the CPS decision',
      charge: 'Charged',
      no_further_action: 'No further action',
    })
    assert.deepEqual(REPORT_TEXT_SECTIONS, ['summary', 'termsOfReference', 'evidenceAnalysis', 'learning'])
    assert.deepEqual(REPORT_SECTION_HEADINGS, {
      summary: 'Summary',
      termsOfReference: 'Terms of reference',
      chronology: 'Chronology extract',
      evidenceAnalysis: 'Evidence analysis',
      findings: 'Findings',
      learning: 'Learning',
    })
  })

  it('writes each rank before a name in its abbreviated and long forms', () => {
    const table: [string | null | undefined, string[], string][] = [
      [null, [], 'Ann Lee (S1)'],
      [undefined, [], 'Ann Lee (S1)'],
      ['', [], 'Ann Lee (S1)'],
      ['   ', [], 'Ann Lee (S1)'],
      [' DC ', ['DC'], 'DC Ann Lee (S1)'],
      ['special_constable', ['SC', 'Special constable'], 'SC Ann Lee (S1)'],
      ['constable', ['PC', 'Constable'], 'PC Ann Lee (S1)'],
      ['sergeant', ['PS', 'Sergeant'], 'PS Ann Lee (S1)'],
      ['inspector', ['Insp', 'Inspector'], 'Insp Ann Lee (S1)'],
      ['chief_inspector', ['Ch Insp', 'Chief inspector'], 'Ch Insp Ann Lee (S1)'],
      ['superintendent', ['Supt', 'Superintendent'], 'Supt Ann Lee (S1)'],
      ['chief_superintendent', ['Ch Supt', 'Chief superintendent'], 'Ch Supt Ann Lee (S1)'],
      ['commander', ['Commander'], 'Commander Ann Lee (S1)'],
    ]
    for (const [rank, forms, name] of table) {
      assert.deepEqual(rankForms(rank), forms, String(rank))
      if (rank !== null && rank !== undefined)
        assert.equal(subjectDisplayName({ givenName: 'Ann', familyName: 'Lee', rank, warrantNumber: 'S1' }), name)
    }
  })

  it('splits paragraphs on blank lines of any ending, trimmed, none when there is no text', () => {
    const table: [string, string[]][] = [
      ['', []],
      ['  \n \n', []],
      ['One.', ['One.']],
      ['  One.  \r\n\r\n  Two.\r\nStill two. ', ['One.', 'Two.\r\nStill two.']],
      ['One.\n \t \nTwo.', ['One.', 'Two.']],
      ['One.\nTwo.', ['One.\nTwo.']],
    ]
    for (const [text, paragraphs] of table) assert.deepEqual(paragraphsOf(text), paragraphs, JSON.stringify(text))
  })
})

describe('report: the document and its comparable text, written out', () => {
  const event = (occurredOn: string, occurredTime: string | null, title: string, missedOpportunity = false) => ({
    occurredOn,
    occurredTime,
    title,
    description: `About ${title}`,
    missedOpportunity,
  })
  const resolved = {
    reference: '2026/000007',
    title: 'Response to a call',
    forceName: 'Northshire Police',
    chronology: new Map([
      ['late', event('2025-03-02', '14:30:00', 'Late')],
      ['early', event('2025-03-02', '09:05:00', 'Early', true)],
      ['allday', event('2025-03-02', null, 'All day')],
      ['before', event('2025-01-31', null, 'Before')],
    ]),
    documents: new Map([['d1', { exhibitReference: 'EX1', title: 'Log', withdrawn: false }]]),
    subjects: new Map([
      ['s1', { name: 'PC Ann Lee (S1)' }],
      ['s2', { name: 'PS Bo Kay (S2)' }],
      ['s3', { name: 'Insp Cy Dee (S3)' }],
    ]),
    allegations: new Map([['a1', { description: 'Did not respond' }]]),
    determinations: new Map([
      ['s1', { determination: 'case_to_answer_misconduct', cpsReferral: true }],
      ['s2', { determination: 'Words Of Advice', cpsReferral: false }],
    ]),
  }

  it('numbers, orders and resolves every section', () => {
    const doc = reportDocument(
      {
        summary: 'First.\n\nSecond.',
        termsOfReference: '',
        chronologyEventIds: ['late', 'gone', 'allday', 'early', 'before'],
        evidenceAnalysis: 'Analysis.',
        documentIds: ['d1', 'gone'],
        findings: [
          { subjectId: 's1', allegationId: 'a1', text: 'Failed to act.\n\nAgain.' },
          { subjectId: 'gone', allegationId: null, text: 'Orphan.' },
          { subjectId: 's1', allegationId: 'a2', text: 'Second.' },
          { subjectId: 's1', allegationId: 'a1', text: '' },
          { subjectId: 's2', allegationId: null, text: '' },
          { subjectId: 's3', allegationId: 'a1', text: '  ' },
        ],
        learning: 'Learn.',
      },
      resolved,
      { versionNumber: 3, status: 'submitted' },
    )
    assert.deepEqual(doc, {
      reference: '2026/000007',
      title: 'Response to a call',
      forceName: 'Northshire Police',
      versionNumber: 3,
      status: 'submitted',
      statusLabel: 'With the decision maker',
      sections: [
        {
          id: 'summary',
          heading: 'Summary',
          blocks: [
            {
              kind: 'paragraphs',
              paragraphs: [
                { number: 1, text: 'First.' },
                { number: 2, text: 'Second.' },
              ],
            },
          ],
        },
        {
          id: 'terms-of-reference',
          heading: 'Terms of reference',
          blocks: [{ kind: 'paragraphs', paragraphs: [{ number: 3, text: 'Not written yet.' }] }],
        },
        {
          id: 'chronology',
          heading: 'Chronology extract',
          blocks: [
            {
              kind: 'chronology',
              entries: [
                {
                  number: 4,
                  date: '31 January 2025',
                  title: 'Before',
                  description: 'About Before',
                  missedOpportunity: false,
                },
                {
                  number: 5,
                  date: '2 March 2025',
                  title: 'All day',
                  description: 'About All day',
                  missedOpportunity: false,
                },
                {
                  number: 6,
                  date: '2 March 2025 09:05',
                  title: 'Early',
                  description: 'About Early',
                  missedOpportunity: true,
                },
                {
                  number: 7,
                  date: '2 March 2025 14:30',
                  title: 'Late',
                  description: 'About Late',
                  missedOpportunity: false,
                },
              ],
            },
          ],
        },
        {
          id: 'evidence-analysis',
          heading: 'Evidence analysis',
          blocks: [
            { kind: 'paragraphs', paragraphs: [{ number: 8, text: 'Analysis.' }] },
            { kind: 'subheading', text: 'Evidence referred to' },
            {
              kind: 'references',
              entries: [
                { exhibitReference: 'EX1', title: 'Log', withdrawn: false },
                { exhibitReference: '—', title: '(no longer on the case)', withdrawn: true },
              ],
            },
          ],
        },
        {
          id: 'findings',
          heading: 'Findings',
          blocks: [
            { kind: 'subheading', text: 'PC Ann Lee (S1)', subjectId: 's1' },
            {
              kind: 'paragraphs',
              paragraphs: [
                { number: 9, text: 'Allegation: Did not respond — Failed to act.' },
                { number: 10, text: 'Again.' },
                { number: 11, text: 'Second.' },
                {
                  number: 12,
                  text: 'Determination of the decision maker: case to answer for misconduct. The matter is referred to the Crown Prosecution Service.',
                },
              ],
            },
            { kind: 'subheading', text: 'A subject no longer on the case', subjectId: 'gone' },
            { kind: 'paragraphs', paragraphs: [{ number: 13, text: 'Orphan.' }] },
            { kind: 'subheading', text: 'PS Bo Kay (S2)', subjectId: 's2' },
            {
              kind: 'paragraphs',
              paragraphs: [{ number: 14, text: 'Determination of the decision maker: words of advice.' }],
            },
            { kind: 'subheading', text: 'Insp Cy Dee (S3)', subjectId: 's3' },
          ],
        },
        {
          id: 'learning',
          heading: 'Learning',
          blocks: [{ kind: 'paragraphs', paragraphs: [{ number: 15, text: 'Learn.' }] }],
        },
      ],
    })
  })

  it('says so when nothing is chosen: no events, no references, no findings', () => {
    const doc = reportDocument(
      {
        summary: 'S.',
        termsOfReference: 'T.',
        chronologyEventIds: ['gone'],
        evidenceAnalysis: '',
        documentIds: [],
        findings: [],
        learning: '',
      },
      resolved,
      { versionNumber: 1, status: 'draft' },
    )
    assert.equal(doc.statusLabel, 'Draft')
    assert.deepEqual(
      doc.sections.map((s) => [s.id, s.blocks]),
      [
        ['summary', [{ kind: 'paragraphs', paragraphs: [{ number: 1, text: 'S.' }] }]],
        ['terms-of-reference', [{ kind: 'paragraphs', paragraphs: [{ number: 2, text: 'T.' }] }]],
        [
          'chronology',
          [{ kind: 'paragraphs', paragraphs: [{ number: 3, text: 'No events of the chronology are included.' }] }],
        ],
        ['evidence-analysis', [{ kind: 'paragraphs', paragraphs: [{ number: 4, text: 'Not written yet.' }] }]],
        ['findings', [{ kind: 'paragraphs', paragraphs: [{ number: 5, text: 'No findings recorded.' }] }]],
        ['learning', [{ kind: 'paragraphs', paragraphs: [{ number: 6, text: 'Not written yet.' }] }]],
      ],
    )
  })

  it('writes the sections out as plain text for comparing versions', () => {
    const full = comparableSections(
      {
        summary: 'Sum.',
        termsOfReference: 'Terms.',
        chronologyEventIds: ['late', 'gone', 'before'],
        evidenceAnalysis: 'Analysis.',
        documentIds: ['d1', 'gone'],
        findings: [
          { subjectId: 's1', allegationId: 'a1', text: 'Failed.' },
          { subjectId: 'gone', allegationId: 'a9', text: 'Orphan.' },
          { subjectId: 's2', allegationId: null, text: 'Plain.' },
        ],
        learning: 'Learn.',
      },
      resolved,
    )
    assert.deepEqual(full, [
      { id: 'summary', heading: 'Summary', text: 'Sum.' },
      { id: 'terms-of-reference', heading: 'Terms of reference', text: 'Terms.' },
      { id: 'chronology', heading: 'Chronology extract', text: '31 January 2025 Before\n2 March 2025 Late' },
      {
        id: 'evidence-analysis',
        heading: 'Evidence analysis',
        text: 'Analysis.\n\nEvidence referred to:\nEX1 Log\ngone',
      },
      {
        id: 'findings',
        heading: 'Findings',
        text: 'PC Ann Lee (S1) — Did not respond\nFailed.\n\ngone\nOrphan.\n\nPS Bo Kay (S2)\nPlain.',
      },
      { id: 'learning', heading: 'Learning', text: 'Learn.' },
    ])
    const empty = comparableSections(
      {
        summary: '',
        termsOfReference: '',
        chronologyEventIds: [],
        evidenceAnalysis: 'A.',
        documentIds: [],
        findings: [],
        learning: '',
      },
      resolved,
    )
    assert.deepEqual(
      empty.map((s) => s.text),
      ['', '', '', 'A.', '', ''],
    )
  })
})
