import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { paragraphsOf, reportDocument, subjectDisplayName } from './report.js'

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
