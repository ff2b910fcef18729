import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { applyDiff, diffLines, diffStatistics, diffText, isUnchanged, revertDiff, tokenise } from './textDiff.js'

describe('tokenise', () => {
  it('splits into words, spaces and line breaks that join back to the text', () => {
    assert.deepEqual(tokenise('The  officer\nleft.\r\nThen'), ['The', '  ', 'officer', '\n', 'left.', '\r\n', 'Then'])
    assert.deepEqual(tokenise(''), [])
  })
})

describe('diffText', () => {
  it('finds nothing changed in equal texts', () => {
    const pieces = diffText('The officer attended.', 'The officer attended.')
    assert.deepEqual(pieces, [{ kind: 'equal', text: 'The officer attended.' }])
    assert.ok(isUnchanged(pieces))
  })

  it('marks an inserted word', () => {
    assert.deepEqual(diffText('The officer attended.', 'The duty officer attended.'), [
      { kind: 'equal', text: 'The ' },
      { kind: 'insert', text: 'duty ' },
      { kind: 'equal', text: 'officer attended.' },
    ])
  })

  it('marks a deleted word', () => {
    assert.deepEqual(diffText('PC Brixey did not call back.', 'PC Brixey did call back.'), [
      { kind: 'equal', text: 'PC Brixey did ' },
      { kind: 'delete', text: 'not ' },
      { kind: 'equal', text: 'call back.' },
    ])
  })

  it('shows a replaced phrase as one deletion then one insertion', () => {
    assert.deepEqual(diffText('There is no case to answer.', 'There is a case to answer.'), [
      { kind: 'equal', text: 'There is ' },
      { kind: 'delete', text: 'no' },
      { kind: 'insert', text: 'a' },
      { kind: 'equal', text: ' case to answer.' },
    ])
    const replaced = diffText('the old wording here', 'the new text here')
    assert.deepEqual(replaced, [
      { kind: 'equal', text: 'the ' },
      { kind: 'delete', text: 'old wording' },
      { kind: 'insert', text: 'new text' },
      { kind: 'equal', text: ' here' },
    ])
  })

  it('handles empty texts on either side', () => {
    assert.deepEqual(diffText('', 'New text'), [{ kind: 'insert', text: 'New text' }])
    assert.deepEqual(diffText('Old text', ''), [{ kind: 'delete', text: 'Old text' }])
    assert.deepEqual(diffText('', ''), [])
  })

  it('counts the words inserted and deleted', () => {
    assert.deepEqual(diffStatistics(diffText('one two three', 'one four five three')), {
      wordsInserted: 2,
      wordsDeleted: 1,
    })
  })

  it('treats line breaks as changes', () => {
    const pieces = diffText('First paragraph.\nSecond.', 'First paragraph.\n\nSecond.')
    assert.equal(applyDiff(pieces), 'First paragraph.\n\nSecond.')
    assert.ok(pieces.some((p) => p.kind === 'insert' && p.text === '\n'))
  })
})

describe('diffLines', () => {
  it('marks whole lines', () => {
    assert.deepEqual(diffLines('a\nb\nc\n', 'a\nB\nc\n'), [
      { kind: 'equal', text: 'a\n' },
      { kind: 'delete', text: 'b\n' },
      { kind: 'insert', text: 'B\n' },
      { kind: 'equal', text: 'c\n' },
    ])
  })
})

describe('long texts', () => {
  /** A report-like text: numbered words (so each is distinct enough to place), a paragraph every 60. */
  const report = (words: number, word: (i: number) => string) =>
    Array.from({ length: words }, (_, i) => word(i) + (i % 60 === 59 ? '\n\n' : ' '))
      .join('')
      .trimEnd()

  it('a 10,000-word report with two one-word edits far apart counts exactly those two words', () => {
    const common = ['the', 'officer', 'said', 'that', 'he', 'had', 'not', 'seen', 'the', 'call']
    const old = report(10_000, (i) => common[i % common.length]!)
    const edited = report(10_000, (i) => (i === 1_200 ? 'heard' : i === 8_700 ? 'logged' : common[i % common.length]!))
    const pieces = diffText(old, edited)
    assert.deepEqual(diffStatistics(pieces), { wordsInserted: 2, wordsDeleted: 2 })
    assert.deepEqual(
      pieces.filter((p) => p.kind !== 'equal').map((p) => [p.kind, p.text]),
      [
        ['delete', common[1_200 % common.length]],
        ['insert', 'heard'],
        ['delete', common[8_700 % common.length]],
        ['insert', 'logged'],
      ],
    )
    assert.equal(applyDiff(pieces), edited)
    assert.equal(revertDiff(pieces), old)
  })

  it('a long report with a rewritten passage and scattered edits counts the words changed', () => {
    const old = report(10_000, (i) => `w${i}`)
    // 1,500 words rewritten in one passage (too many changed tokens for one word-level pass), plus
    // three single-word edits elsewhere: the line-level fallback must still find each word.
    const edited = report(10_000, (i) =>
      i >= 3_000 && i < 4_500 ? `r${i}` : i === 100 || i === 6_000 || i === 9_990 ? `e${i}` : `w${i}`,
    )
    const pieces = diffText(old, edited)
    assert.deepEqual(diffStatistics(pieces), { wordsInserted: 1_503, wordsDeleted: 1_503 })
    assert.equal(applyDiff(pieces), edited)
    assert.equal(revertDiff(pieces), old)
  })

  it('two unrelated 50,000-word texts compare, and the counts add up', () => {
    const a = report(50_000, (i) => `a${i % 5_000}`)
    const b = report(50_000, (i) => `b${i % 7_000}`)
    const pieces = diffText(a, b)
    assert.deepEqual(diffStatistics(pieces), { wordsInserted: 50_000, wordsDeleted: 50_000 })
    for (const piece of [...pieces, ...diffLines(a, b)]) {
      assert.ok(['equal', 'insert', 'delete'].includes(piece.kind), 'every piece has a kind')
      assert.notEqual(piece.text, '', 'and some text')
    }
    assert.equal(applyDiff(pieces), b)
    assert.equal(revertDiff(pieces), a)
    const lines = diffLines(a, b)
    assert.equal(applyDiff(lines), b)
    assert.equal(revertDiff(lines), a)
  })
})

describe('edges (each found by comparing a changed diff with this one on random texts)', () => {
  it('gives the exact pieces for small changes around spaces, line breaks and repeated words', () => {
    const cases: [string, string, ReturnType<typeof diffText>][] = [
      [
        'the',
        'thethe',
        [
          { kind: 'delete', text: 'the' },
          { kind: 'insert', text: 'thethe' },
        ],
      ],
      [
        ' ',
        ' the ',
        [
          { kind: 'equal', text: ' ' },
          { kind: 'insert', text: 'the ' },
        ],
      ],
      [
        ' ',
        ' the',
        [
          { kind: 'equal', text: ' ' },
          { kind: 'insert', text: 'the' },
        ],
      ],
      [
        'the ',
        ' ',
        [
          { kind: 'delete', text: 'the' },
          { kind: 'equal', text: ' ' },
        ],
      ],
      [
        'the  ',
        '  the',
        [
          { kind: 'delete', text: 'the  ' },
          { kind: 'insert', text: '  the' },
        ],
      ],
      [
        'the\n\n',
        '\nthe',
        [
          { kind: 'delete', text: 'the' },
          { kind: 'equal', text: '\n' },
          { kind: 'delete', text: '\n' },
          { kind: 'insert', text: 'the' },
        ],
      ],
    ]
    for (const [a, b, expected] of cases) assert.deepEqual(diffText(a, b), expected, JSON.stringify([a, b]))
  })

  it('gives the exact lines for empty texts and a changed line before an unchanged one', () => {
    assert.deepEqual(diffLines('', ''), [])
    assert.deepEqual(diffLines('the\n\n', '\n\n'), [
      { kind: 'delete', text: 'the\n' },
      { kind: 'insert', text: '\n' },
      { kind: 'equal', text: '\n' },
    ])
  })

  it('counts no words in a change of spaces alone, and a change is not “unchanged”', () => {
    assert.deepEqual(diffStatistics(diffText('the officer', 'the  officer')), { wordsInserted: 0, wordsDeleted: 0 })
    assert.equal(isUnchanged(diffText('the officer', 'the sergeant')), false)
    assert.equal(isUnchanged(diffLines('a\n', 'b\n')), false)
  })
})

describe('properties', () => {
  const words = fc
    .array(fc.constantFrom('the', 'officer', 'call', 'not', 'log', 'PC', ' ', '  ', '\n', '.', 'a'), { maxLength: 40 })
    .map((t) => t.join(''))
  const anyText = fc.oneof(words, fc.string({ maxLength: 60 }))

  it('applying the diff reproduces the new text, and reverting it the old', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const pieces = diffText(a, b)
        assert.equal(applyDiff(pieces), b)
        assert.equal(revertDiff(pieces), a)
      }),
      { numRuns: 500 },
    )
  })

  it('the line diff reproduces both texts too', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const pieces = diffLines(a, b)
        assert.equal(applyDiff(pieces), b)
        assert.equal(revertDiff(pieces), a)
      }),
      { numRuns: 300 },
    )
  })

  it('no empty pieces, and no two neighbours of the same kind', () => {
    fc.assert(
      fc.property(anyText, anyText, (a, b) => {
        const pieces = diffText(a, b)
        for (let i = 0; i < pieces.length; i++) {
          assert.notEqual(pieces[i]!.text, '')
          if (i > 0) assert.notEqual(pieces[i]!.kind, pieces[i - 1]!.kind)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('a text compared with itself is unchanged', () => {
    fc.assert(fc.property(anyText, (a) => isUnchanged(diffText(a, a))))
  })
})
