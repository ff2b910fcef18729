import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  countOccurrences,
  decodeReason,
  documentText,
  encodeReason,
  redactDocument,
  type RedactionMark,
} from './redaction.js'
import type { ReportDocument } from './report.js'

function doc(
  summary: string[],
  findings: string[] = ['PC Ann Lee (NP1) was told by Ann Lee’s sergeant.'],
): ReportDocument {
  let n = 1
  return {
    reference: '2026/000001',
    title: 'The death of John Smith',
    forceName: 'Northshire Police',
    versionNumber: 1,
    status: 'approved',
    statusLabel: 'Approved',
    sections: [
      {
        id: 'summary',
        heading: 'Summary',
        blocks: [{ kind: 'paragraphs', paragraphs: summary.map((text) => ({ number: n++, text })) }],
      },
      {
        id: 'chronology',
        heading: 'Chronology extract',
        blocks: [
          {
            kind: 'chronology',
            entries: [
              {
                number: n++,
                date: '2025-01-01',
                title: 'Call from John Smith',
                description: 'John Smith rang 999',
                missedOpportunity: true,
              },
            ],
          },
        ],
      },
      {
        id: 'findings',
        heading: 'Findings',
        blocks: [
          { kind: 'subheading', text: 'PC Ann Lee (NP1)' },
          { kind: 'paragraphs', paragraphs: findings.map((text) => ({ number: n++, text })) },
        ],
      },
    ],
  }
}

const mark = (m: Partial<RedactionMark> & { text: string }): RedactionMark => ({
  id: 'r',
  section: '*',
  occurrence: -1,
  reason: 'third_party_personal_data',
  ...m,
})

describe('redaction', () => {
  it('removes a field everywhere, replacing it with a visible marker, and leaves the original alone', () => {
    const original = doc(['John Smith called twice.', 'Nobody linked John Smith’s calls.'])
    const before = JSON.stringify(original)
    const { document, unmatched } = redactDocument(original, [mark({ text: 'John Smith' })])
    assert.deepEqual(unmatched, [])
    const text = documentText(document)
    assert.ok(!text.includes('John Smith'))
    assert.ok(text.includes('The death of [redacted: third-party personal data]'))
    assert.ok(text.includes('Nobody linked [redacted: third-party personal data]’s calls.'))
    assert.equal(JSON.stringify(original), before)
  })

  it('redacts only the chosen occurrence of a passage within its section', () => {
    const original = doc(['Ann Lee spoke.'], ['Ann Lee spoke first; Ann Lee spoke again.'])
    assert.equal(countOccurrences(original, 'findings', 'Ann Lee'), 3)
    const { document } = redactDocument(original, [
      mark({ section: 'findings', text: 'Ann Lee', occurrence: 2, reason: 'junior_officer_name' }),
    ])
    const findings = document.sections[2]!.blocks[1]
    assert.ok(findings?.kind === 'paragraphs')
    assert.equal(findings.paragraphs[0]!.text, 'Ann Lee spoke first; [redacted: name of a junior officer] spoke again.')
    assert.equal(
      (document.sections[0]!.blocks[0] as { paragraphs: { text: string }[] }).paragraphs[0]!.text,
      'Ann Lee spoke.',
    )
  })

  it('reports a passage whose occurrence does not exist', () => {
    const m = mark({ section: 'summary', text: 'absent', occurrence: 0 })
    assert.deepEqual(redactDocument(doc(['x']), [m]).unmatched, [m])
  })

  it('merges overlapping passages into one marker', () => {
    const { document } = redactDocument(doc(['abcdef']), [
      mark({ section: 'summary', text: 'abcd', occurrence: 0 }),
      mark({ section: 'summary', text: 'cdef', occurrence: 0, reason: 'safety' }),
    ])
    assert.equal(
      (document.sections[0]!.blocks[0] as { paragraphs: { text: string }[] }).paragraphs[0]!.text,
      '[redacted: third-party personal data]',
    )
  })

  it('keeps the reason code and the free text', () => {
    assert.deepEqual(decodeReason(encodeReason('personal_data', ' Home address ')), {
      reason: 'personal_data',
      note: 'Home address',
    })
    assert.deepEqual(decodeReason('personal_data'), { reason: 'personal_data', note: null })
  })

  it('property: a text redacted everywhere never appears in the output, even when a marker would contain it', () => {
    const alphabet = fc.constantFrom('a', 'd', 'e', 'r', ' ', '[', ']', ':', 'x')
    const str = (min: number, max: number) =>
      fc.array(alphabet, { minLength: min, maxLength: max }).map((a) => a.join(''))
    fc.assert(
      fc.property(
        fc.array(str(0, 40), { minLength: 1, maxLength: 4 }),
        fc.array(str(1, 5), { minLength: 1, maxLength: 3 }),
        (paragraphs, texts) => {
          const { document } = redactDocument(
            doc(paragraphs, paragraphs),
            texts.map((text) => mark({ text })),
          )
          const out = documentText(document).replace('2026/000001', '')
          for (const t of texts) assert.ok(!out.includes(t), `${JSON.stringify(t)} in ${JSON.stringify(out)}`)
        },
      ),
      { numRuns: 300 },
    )
  })

  it('property: a single-occurrence redaction removes exactly that occurrence', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 30 }).map((a) => a.join('')),
        fc.nat(5),
        (paragraph, k) => {
          const original = doc([paragraph])
          const total = countOccurrences(original, 'summary', 'ab')
          const { document, unmatched } = redactDocument(original, [
            mark({ section: 'summary', text: 'ab', occurrence: k }),
          ])
          if (k >= total) assert.equal(unmatched.length, 1)
          else assert.equal(countOccurrences(document, 'summary', 'ab'), total - 1)
        },
      ),
    )
  })
})
