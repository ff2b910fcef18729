import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { csvCell, csvRow } from './csv.js'

describe('csv', () => {
  it('quotes cells holding commas, quotes and line breaks, doubling quotes', () => {
    assert.equal(csvCell('plain'), 'plain')
    assert.equal(csvCell('a,b'), '"a,b"')
    assert.equal(csvCell('say "hi"'), '"say ""hi"""')
    assert.equal(csvCell('line\nbreak'), '"line\nbreak"')
    assert.equal(csvCell(null), '')
  })

  it('prefixes cells that a spreadsheet would read as a formula', () => {
    for (const start of ['=', '+', '-', '@']) assert.equal(csvCell(`${start}SUM(A1)`), `'${start}SUM(A1)`)
    assert.equal(csvCell('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`)
    assert.equal(csvCell('\tcmd'), "'\tcmd")
    assert.equal(csvCell('2026-03-01'), '2026-03-01')
  })

  it('ends each row with CRLF', () => {
    assert.equal(csvRow(['a', 'b,c', null]), 'a,"b,c",\r\n')
  })
})

import { TIME_OF_DAY, londonDateAndTime, londonInstant } from './londonTime.js'

describe('londonInstant', () => {
  it('reads London wall-clock time in winter and summer', () => {
    assert.equal(londonInstant('2026-01-15', '09:30')?.toISOString(), '2026-01-15T09:30:00.000Z')
    assert.equal(londonInstant('2026-07-15', '09:30')?.toISOString(), '2026-07-15T08:30:00.000Z')
    assert.equal(londonInstant('2026-03-29', '01:30'), null)
    assert.equal(londonInstant('2026-07-15', '25:00'), null)
    assert.deepEqual(londonDateAndTime(new Date('2026-07-15T08:30:00Z')), ['2026-07-15', '09:30'])
  })
})

describe('csv: every cell kind written out', () => {
  it('writes each value as a spreadsheet reads it back', () => {
    const table: [string | number | boolean | null | undefined, string][] = [
      [undefined, ''],
      [null, ''],
      ['', ''],
      [0, '0'],
      [-3, "'-3"],
      [12.5, '12.5'],
      [true, 'true'],
      [false, 'false'],
      ['a\rb', '"a\rb"'],
      ['\rcmd', `"'\rcmd"`],
      ['+44 20', "'+44 20"],
      ['@x', "'@x"],
      ['a=b', 'a=b'],
      [' padded', '" padded"'],
      ['padded ', '"padded "'],
      ['in "quotes"', '"in ""quotes"""'],
    ]
    for (const [value, cell] of table) assert.equal(csvCell(value), cell, JSON.stringify(value))
    assert.equal(csvRow([]), '\r\n')
    assert.equal(csvRow(['x']), 'x\r\n')
    assert.equal(csvRow([1, true, undefined, 'a "b"']), '1,true,,"a ""b"""\r\n')
  })
})

describe('London wall-clock times', () => {
  it('turns a London date and time into an instant, across both clock changes', () => {
    const table: [string, string, string | null][] = [
      ['2026-01-15', '00:00', '2026-01-15T00:00:00.000Z'],
      ['2026-01-15', '23:59', '2026-01-15T23:59:00.000Z'],
      ['2026-07-15', '00:30', '2026-07-14T23:30:00.000Z'],
      // Spring: 01:00–01:59 on 29 March 2026 never happened in London.
      ['2026-03-29', '00:59', '2026-03-29T00:59:00.000Z'],
      ['2026-03-29', '01:00', null],
      ['2026-03-29', '02:00', '2026-03-29T01:00:00.000Z'],
      // Autumn: 01:00–01:59 on 25 October 2026 happened twice; the earlier one is taken.
      ['2026-10-25', '01:30', '2026-10-25T00:30:00.000Z'],
      ['2026-10-25', '02:00', '2026-10-25T02:00:00.000Z'],
      ['2026-02-30', '10:00', null],
      ['2026-1-15', '10:00', null],
      ['2026-01-15', '9:30', null],
      ['2026-01-15', '09:60', null],
      ['2026-01-15', '24:00', null],
      ['2026-01-15', '09:30:00', null],
      ['2026-01-15', ' 09:30', null],
      // Not a plain date, though the clock would read it back the same: refused before any arithmetic.
      ['10000-01-15', '09:30', null],
      ['2026-01-15', '19:30', '2026-01-15T19:30:00.000Z'],
      ['2026-01-15', '20:05', '2026-01-15T20:05:00.000Z'],
    ]
    for (const [date, time, instant] of table)
      assert.equal(londonInstant(date, time)?.toISOString() ?? null, instant, `${date} ${time}`)
  })

  it('gives an instant’s London date and time', () => {
    const table: [string, [string, string]][] = [
      ['2026-01-15T00:00:00Z', ['2026-01-15', '00:00']],
      ['2026-07-14T23:30:00Z', ['2026-07-15', '00:30']],
      ['2026-12-31T23:59:59Z', ['2026-12-31', '23:59']],
      ['2026-10-25T01:30:00Z', ['2026-10-25', '01:30']],
    ]
    for (const [instant, dateAndTime] of table)
      assert.deepEqual(londonDateAndTime(new Date(instant)), dateAndTime, instant)
  })

  it('accepts a time of day from 00:00 to 23:59 only', () => {
    for (const ok of ['00:00', '09:59', '19:00', '23:59']) assert.ok(TIME_OF_DAY.test(ok), ok)
    for (const no of ['24:00', '7:00', '07:0', '07:60', 'x07:00', '07:00x', '']) assert.ok(!TIME_OF_DAY.test(no), no)
  })
})
