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
