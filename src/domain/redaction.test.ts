import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  countOccurrences,
  decodeReason,
  documentText,
  encodeReason,
  redactDocument,
  redactPeopleInDocument,
  redactPeopleInText,
  redactedPeople,
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

describe('redacting a person', () => {
  const officer = {
    id: 'o1',
    givenName: 'Hannah',
    familyName: 'Brixey',
    fullName: 'Hannah Brixey',
    warrantNumber: 'NP5012',
  }
  const complainant = {
    id: 'p1',
    fullName: 'Maryam Quellington',
    email: 'mq@example.test',
    address: '14 Larkspur Close, Northtown, NT4 7QX',
    dateOfBirth: '1990-04-07',
  }
  const people = [officer, complainant]
  const ranks = (p: { id: string }) => (p.id === 'o1' ? ['PC', 'Constable'] : [])

  it('a redaction naming any identifier of a recorded person redacts that person', () => {
    for (const text of ['Brixey', 'PC Hannah Brixey', 'NP5012', 'H. Brixey', 'brixey']) {
      const found = redactedPeople([{ text, reason: 'junior_officer_name' }], people, ranks)
      assert.deepEqual(
        found.map((r) => r.person.id),
        ['o1'],
        text,
      )
    }
    assert.deepEqual(redactedPeople([{ text: 'Hannah', reason: 'other' }], people, ranks).length, 1)
    assert.deepEqual(redactedPeople([{ text: 'the arrest', reason: 'other' }], people, ranks), [])
  })

  it('removes every form of the name and every identifier, as whole words, ignoring case', () => {
    const redactions = redactedPeople(
      [
        { text: 'Brixey', reason: 'junior_officer_name' },
        { text: 'mq@example.test', reason: 'personal_data' },
      ],
      people,
      ranks,
    )
    const text =
      'PC Hannah Brixey (NP5012) met BRIXEY, H. Brixey, HB and Constable Brixey; Ms Quellington (mq@example.test) of 14 Larkspur Close, NT4 7QX, born 7 April 1990 (07/04/1990). Brixeyton Road stays.'
    const out = redactPeopleInText(text, redactions)
    for (const gone of ['Brixey ', 'BRIXEY', 'NP5012', 'HB ', 'Quellington', 'mq@', 'Larkspur', 'NT4 7QX', '1990'])
      assert.ok(!out.includes(gone), `${gone} in ${out}`)
    assert.ok(out.startsWith('[redacted: name of a junior officer] met'), out)
    assert.ok(out.includes('Brixeyton Road stays'), 'another word that starts the same is kept')
  })

  it('turns a name already redacted by its text and the number beside it into one marker', () => {
    const d = doc(['Summary'])
    d.sections[0]!.blocks = [{ kind: 'subheading', text: 'PC Hannah Brixey (NP5012)' }]
    const marks = [
      { id: 'm', section: '*', text: 'PC Hannah Brixey', occurrence: -1, reason: 'junior_officer_name' as const },
    ]
    const { document } = redactDocument(d, marks)
    const out = redactPeopleInDocument(document, redactedPeople(marks, people, ranks))
    assert.deepEqual(out.sections[0]!.blocks[0], { kind: 'subheading', text: '[redacted: name of a junior officer]' })
  })
})
