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

import { londonDateAndTime, londonInstant } from './londonTime.js'

describe('londonInstant', () => {
  it('reads London wall-clock time in winter and summer', () => {
    assert.equal(londonInstant('2026-01-15', '09:30')?.toISOString(), '2026-01-15T09:30:00.000Z')
    assert.equal(londonInstant('2026-07-15', '09:30')?.toISOString(), '2026-07-15T08:30:00.000Z')
    assert.equal(londonInstant('2026-03-29', '01:30'), null)
    assert.equal(londonInstant('2026-07-15', '25:00'), null)
    assert.deepEqual(londonDateAndTime(new Date('2026-07-15T08:30:00Z')), ['2026-07-15', '09:30'])
  })
})
