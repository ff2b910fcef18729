import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  MAX_SEQUENCE,
  caseReferenceAt,
  compareCaseReferences,
  formatCaseReference,
  isCaseReference,
  parseCaseReference,
  parseCaseReferenceInput,
} from './caseReference.js'

describe('formatCaseReference', () => {
  it('pads the number to six digits', () => {
    assert.equal(formatCaseReference(2026, 123), '2026/000123')
    assert.equal(formatCaseReference(2026, 1), '2026/000001')
    assert.equal(formatCaseReference(2026, MAX_SEQUENCE), '2026/999999')
  })

  it('refuses what cannot be written in the format', () => {
    for (const [year, n] of [
      [2026, 0],
      [2026, -1],
      [2026, 1_000_000],
      [2026, 1.5],
      [999, 1],
      [10_000, 1],
      [Number.NaN, 1],
    ] as const) {
      assert.throws(() => formatCaseReference(year, n), RangeError, `${year}/${n}`)
    }
  })
})

describe('caseReferenceAt', () => {
  it('takes the year from the London date', () => {
    assert.equal(caseReferenceAt(new Date('2026-12-31T23:59:00Z'), 7), '2026/000007')
    assert.equal(caseReferenceAt(new Date('2027-01-01T00:00:00Z'), 1), '2027/000001')
    // The only moment London and UTC years could differ is the new year, which is in GMT;
    // a summer instant just before UTC midnight already belongs to the London next day.
    assert.equal(caseReferenceAt(new Date('2026-06-30T23:30:00Z'), 2), '2026/000002')
  })
})

describe('parseCaseReference', () => {
  it('reads a stored reference', () => {
    assert.deepEqual(parseCaseReference('2026/000123'), {
      ok: true,
      reference: { year: 2026, sequence: 123 },
      text: '2026/000123',
    })
  })

  it('refuses anything else, saying why', () => {
    for (const bad of [
      '2026/123',
      '2026-000123',
      ' 2026/000123',
      '2026/0001234',
      '26/000123',
      '2026/000000',
      '0999/000001',
      'abcd/000001',
      '',
    ]) {
      const parsed = parseCaseReference(bad)
      assert.equal(parsed.ok, false, bad)
      if (!parsed.ok) assert.ok(parsed.problem.length > 0)
      assert.equal(isCaseReference(bad), false)
    }
    const zero = parseCaseReference('2026/000000')
    assert.ok(!zero.ok && zero.problem.includes('from 1'))
  })

  it('round-trips every valid reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: MAX_SEQUENCE }), (year, sequence) => {
        const text = formatCaseReference(year, sequence)
        assert.match(text, /^\d{4}\/\d{6}$/)
        assert.deepEqual(parseCaseReference(text), { ok: true, reference: { year, sequence }, text })
        assert.ok(isCaseReference(text))
      }),
    )
  })
})

describe('parseCaseReferenceInput', () => {
  it('forgives spaces, dashes and missing zeros', () => {
    for (const input of ['2026/123', ' 2026/000123 ', '2026-123', '2026 / 123', '2026–123']) {
      const parsed = parseCaseReferenceInput(input)
      assert.ok(parsed.ok, input)
      if (parsed.ok) assert.equal(parsed.text, '2026/000123')
    }
  })

  it('still refuses what is not a reference', () => {
    for (const bad of ['2026', '2026/', '/123', '2026/1234567', '2026/0', 'case 2026/123'])
      assert.equal(parseCaseReferenceInput(bad).ok, false, bad)
  })
})

describe('compareCaseReferences', () => {
  it('orders by year then number', () => {
    assert.equal(compareCaseReferences({ year: 2025, sequence: 999 }, { year: 2026, sequence: 1 }), -1)
    assert.equal(compareCaseReferences({ year: 2026, sequence: 2 }, { year: 2026, sequence: 1 }), 1)
    assert.equal(compareCaseReferences({ year: 2026, sequence: 2 }, { year: 2026, sequence: 2 }), 0)
  })

  it('agrees with comparing the formatted text', () => {
    const ref = fc.record({
      year: fc.integer({ min: 1000, max: 9999 }),
      sequence: fc.integer({ min: 1, max: MAX_SEQUENCE }),
    })
    fc.assert(
      fc.property(ref, ref, (a, b) => {
        const ta = formatCaseReference(a.year, a.sequence)
        const tb = formatCaseReference(b.year, b.sequence)
        assert.equal(compareCaseReferences(a, b), ta < tb ? -1 : ta > tb ? 1 : 0)
      }),
    )
  })
})

describe('case references: every refusal worded exactly', () => {
  it('says why a stored or typed reference is refused', () => {
    const shape = 'Enter a case reference like 2026/000123'
    const strict: [string, string][] = [
      ['2026/000000', 'The case number must be from 1 to 999999, not 0'],
      ['0999/000001', 'The year must be four digits, not 999'],
      ['2026/123', shape],
      ['x2026/000123', shape],
      ['2026/000123x', shape],
    ]
    for (const [text, problem] of strict) assert.deepEqual(parseCaseReference(text), { ok: false, problem }, text)
    const lenient: [string, string][] = [
      ['2026/0', 'The case number must be from 1 to 999999, not 0'],
      ['0001/1', 'The year must be four digits, not 1'],
      ['2026/1234567', shape],
      ['x2026/1', shape],
      ['2026/1x', shape],
      ['2026 // 1', shape],
    ]
    for (const [text, problem] of lenient) assert.deepEqual(parseCaseReferenceInput(text), { ok: false, problem }, text)
    assert.deepEqual(parseCaseReferenceInput('\t2026 - 42 \n'), {
      ok: true,
      reference: { year: 2026, sequence: 42 },
      text: '2026/000042',
    })
    assert.deepEqual(parseCaseReferenceInput('1000/999999'), {
      ok: true,
      reference: { year: 1000, sequence: 999999 },
      text: '1000/999999',
    })
  })

  it('says why a reference cannot be written', () => {
    const table: [number, number, string][] = [
      [2026, 0, 'The case number must be from 1 to 999999, not 0'],
      [2026, 1_000_000, 'The case number must be from 1 to 999999, not 1000000'],
      [2026, 2.5, 'The case number must be from 1 to 999999, not 2.5'],
      [999, 1, 'The year must be four digits, not 999'],
      [10_000, 1, 'The year must be four digits, not 10000'],
      [2026.5, 1, 'The year must be four digits, not 2026.5'],
    ]
    for (const [year, sequence, message] of table)
      assert.throws(() => formatCaseReference(year, sequence), new RangeError(message), `${year}/${sequence}`)
    assert.equal(formatCaseReference(1000, 1), '1000/000001')
    assert.equal(formatCaseReference(9999, 999_999), '9999/999999')
    assert.equal(MAX_SEQUENCE, 999_999)
  })
})
