import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  INT32_MAX,
  INT32_MIN,
  hostileValueProblems,
  int32,
  numberProblem,
  queryInt,
  textProblem,
} from './inputBounds.js'

const issues = (value: unknown): string[] => {
  const r = int32().safeParse(value)
  return r.success ? [] : r.error.issues.map((i) => i.message)
}

describe('int32', () => {
  it('takes whole numbers within what PostgreSQL’s integer holds, from form text', () => {
    assert.equal(int32().parse('42'), 42)
    assert.equal(int32().parse('-7'), -7)
    assert.equal(int32().parse('2147483647'), 2_147_483_647)
    assert.equal(int32().parse('-2147483648'), -2_147_483_648)
    assert.equal(INT32_MAX, 2_147_483_647)
    assert.equal(INT32_MIN, -2_147_483_648)
  })

  it('refuses text that is no number, a fraction, and a number out of range, each with its message', () => {
    assert.deepEqual(issues('abc'), ['Enter a whole number'])
    assert.deepEqual(issues('1.5'), ['Enter a whole number'])
    assert.deepEqual(issues('2147483648'), ['Enter a smaller number'])
    assert.deepEqual(issues('-2147483649'), ['Enter a larger number'])
  })
})

describe('queryInt', () => {
  it('is undefined when the parameter is absent or empty', () => {
    assert.equal(queryInt(undefined), undefined)
    assert.equal(queryInt(''), undefined)
  })

  it('reads a whole number of up to ten digits, allowing spaces around it', () => {
    assert.equal(queryInt('1'), 1)
    assert.equal(queryInt(' 25 '), 25)
    assert.equal(queryInt('2147483647'), 2_147_483_647)
  })

  it('is null for anything else: not a string, not digits, too long, below the minimum or beyond int32', () => {
    assert.equal(queryInt(5), null)
    assert.equal(queryInt(['5']), null)
    for (const bad of ['abc', '1.5', '1e3', 'x12', '12x', '+3', '12345678901', '2147483648', '9999999999'])
      assert.equal(queryInt(bad), null, bad)
    assert.equal(queryInt('0'), null) // the default minimum is 1
    assert.equal(queryInt('-1'), null)
  })

  it('honours a given minimum, inclusive', () => {
    assert.equal(queryInt('0', { min: 0 }), 0)
    assert.equal(queryInt('-5', { min: -10 }), -5)
    assert.equal(queryInt('-10', { min: -10 }), -10)
    assert.equal(queryInt('-11', { min: -10 }), null)
    assert.equal(queryInt('4', { min: 5 }), null)
    assert.equal(queryInt('5', { min: 5 }), 5)
  })
})

describe('textProblem', () => {
  it('accepts ordinary text, including characters outside the basic plane written as a pair', () => {
    assert.equal(textProblem(''), null)
    assert.equal(textProblem('Ordinary text, with “quotes” and é'), null)
    assert.equal(textProblem('a \uD83D\uDE00 face'), null)
  })

  it('refuses a NUL anywhere', () => {
    assert.equal(textProblem('a\u0000b'), 'must not contain a NUL character')
    assert.equal(textProblem('\u0000'), 'must not contain a NUL character')
  })

  it('refuses half of a surrogate pair, either half, anywhere', () => {
    for (const bad of ['\uD800', 'a\uD83Db', '\uDE00', 'a\uDE00', '\uDE00\uD83D', 'ok \uD83D'])
      assert.equal(textProblem(bad), 'contains a character that is not valid text', JSON.stringify(bad))
  })
})

describe('numberProblem', () => {
  it('refuses what is not finite', () => {
    for (const bad of [Number.NaN, Infinity, -Infinity]) assert.equal(numberProblem(bad), 'must be a finite number')
  })

  it('refuses whole numbers beyond a 32-bit integer, at both ends', () => {
    const message = 'must be between -2147483648 and 2147483647'
    assert.equal(numberProblem(2_147_483_648), message)
    assert.equal(numberProblem(-2_147_483_649), message)
    assert.equal(numberProblem(2_147_483_647), null)
    assert.equal(numberProblem(-2_147_483_648), null)
    assert.equal(numberProblem(0), null)
  })

  it('leaves fractions to the field’s own schema, however large', () => {
    assert.equal(numberProblem(1.5), null)
    assert.equal(numberProblem(30_000_000_000.5), null)
  })
})

describe('hostileValueProblems', () => {
  it('finds nothing wrong in ordinary values (Buffers are not looked into)', () => {
    assert.deepEqual(hostileValueProblems({ a: 'x', b: [1, 2.5, true, null], c: { d: undefined } }), [])
    assert.deepEqual(hostileValueProblems(Buffer.from([0, 0xd8, 0])), [])
    assert.deepEqual(hostileValueProblems({ file: Buffer.from('\u0000') }), [])
  })

  it('names the field of each problem by its path', () => {
    assert.deepEqual(
      hostileValueProblems({
        q: 'a\u0000',
        page: 2_147_483_648,
        allegations: [{ description: 'fine' }, { description: '\uD800' }],
        size: Infinity,
      }),
      [
        ['q', 'must not contain a NUL character'],
        ['page', 'must be between -2147483648 and 2147483647'],
        ['allegations.1.description', 'contains a character that is not valid text'],
        ['size', 'must be a finite number'],
      ],
    )
    assert.deepEqual(hostileValueProblems('\u0000'), [['', 'must not contain a NUL character']])
    assert.deepEqual(hostileValueProblems({ filters: { page: Infinity } }), [
      ['filters.page', 'must be a finite number'],
    ])
  })

  it('checks the names of fields too, showing a NUL in a name as \\u0000, and does not look inside such a field', () => {
    assert.deepEqual(hostileValueProblems({ outer: { 'bad\u0000name': 'also\u0000bad' } }), [
      ['outer.bad\\u0000name', 'has a name that must not contain a NUL character'],
    ])
    assert.deepEqual(hostileValueProblems({ '\uDC00': 1 }), [
      ['\uDC00', 'has a name that contains a character that is not valid text'],
    ])
  })

  it('stops at twenty problems', () => {
    const many = Array.from({ length: 25 }, () => '\u0000')
    const found = hostileValueProblems({ many })
    assert.equal(found.length, 20)
    assert.deepEqual(found[19], ['many.19', 'must not contain a NUL character'])
    assert.equal(hostileValueProblems(many, [], [], 0).length, 20)
  })

  it('looks 32 levels deep into arrays and objects, and no deeper', () => {
    let arrays: unknown = '\u0000'
    for (let i = 0; i < 32; i++) arrays = [arrays]
    assert.deepEqual(hostileValueProblems(arrays), [
      [Array(32).fill('0').join('.'), 'must not contain a NUL character'],
    ])
    assert.deepEqual(hostileValueProblems([arrays]), [])

    let objects: unknown = '\u0000'
    for (let i = 0; i < 32; i++) objects = { k: objects }
    assert.deepEqual(hostileValueProblems(objects), [
      [Array(32).fill('k').join('.'), 'must not contain a NUL character'],
    ])
    assert.deepEqual(hostileValueProblems({ k: objects }), [])
  })
})
