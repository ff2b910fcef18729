import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  checkAllegationRow,
  checkCaseRow,
  checkHeader,
  checkOfficerRow,
  fileKindOf,
  IMPORT_COLUMNS,
  isCalendarDate,
  vocabularyMappingSchema,
  type RowContext,
} from './historicalImport.js'

const ctx: RowContext = {
  forces: new Map([['NORTHSHIRE', 'force-1']]),
  mapping: { category: { 'Use of force': 'use_of_force' }, finding: { Upheld: 'upheld' } },
}

describe('the import format', () => {
  it('isCalendarDate agrees with the calendar for every day from 1900 to 2199', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2199 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (y, m, d) => {
          const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
          const date = new Date(Date.UTC(y, m - 1, d))
          const real = m >= 1 && m <= 12 && d >= 1 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
          assert.equal(isCalendarDate(text), real, text)
        },
      ),
    )
    for (const bad of ['2019-2-01', '01/02/2019', '2019-02-01T00:00', ' 2019-02-01', '1899-12-31'])
      assert.equal(isCalendarDate(bad), false, bad)
  })

  it('a case row: required values, real dates, known force, listed kind; vocabularies verbatim and mapped', () => {
    const good = checkCaseRow(
      { source_id: ' C1 ', force_code: 'NORTHSHIRE', received_on: '2019-03-04', category: 'Use of force', kind: '' },
      ctx,
    )
    assert.deepEqual(
      good.ok && [
        good.value.sourceId,
        good.value.forceId,
        good.value.category,
        good.value.categoryMapped,
        good.value.kind,
      ],
      ['C1', 'force-1', 'Use of force', 'use_of_force', null],
    )
    const bad = checkCaseRow(
      {
        source_id: '',
        force_code: 'ELSEWHERE',
        received_on: '2019-02-29',
        kind: 'grumble',
        latitude: '91',
        closed_on: '',
      },
      ctx,
    )
    assert.equal(bad.ok, false)
    assert.deepEqual(!bad.ok && bad.errors.map((e) => [e.column, e.value]), [
      ['source_id', null],
      ['force_code', 'ELSEWHERE'],
      ['received_on', '2019-02-29'],
      ['kind', 'grumble'],
      ['latitude', '91'],
    ])
    const early = checkCaseRow(
      { source_id: 'C', force_code: 'NORTHSHIRE', received_on: '2019-03-04', closed_on: '2019-03-01' },
      ctx,
    )
    assert.match(!early.ok ? early.errors[0]!.message : '', /closed_on cannot be before received_on/)
  })

  it('an officer row: birth year and appointment date checked; rank kept verbatim', () => {
    const r = checkOfficerRow(
      { source_id: 'O1', force_code: 'NORTHSHIRE', rank: 'PC', birth_year: '87', appointed_on: '2011-13-01' },
      ctx,
    )
    assert.deepEqual(!r.ok && r.errors.map((e) => e.column), ['birth_year', 'appointed_on'])
    const ok = checkOfficerRow({ source_id: 'O1', force_code: 'NORTHSHIRE', rank: 'PC', birth_year: '1987' }, ctx)
    assert.deepEqual(ok.ok && [ok.value.rank, ok.value.rankMapped, ok.value.birthYear], ['PC', null, 1987])
  })

  it('an allegation names its officer by source id, or by force and warrant number', () => {
    const bySource = checkAllegationRow({ case_source_id: 'C1', officer_source_id: 'O1', finding: 'Upheld' }, ctx)
    assert.deepEqual(bySource.ok && [bySource.value.officerSourceId, bySource.value.findingMapped], ['O1', 'upheld'])
    const byWarrant = checkAllegationRow({ case_source_id: 'C1', force_code: 'NORTHSHIRE', warrant_number: 'NS1' }, ctx)
    assert.deepEqual(byWarrant.ok && [byWarrant.value.forceId, byWarrant.value.warrantNumber], ['force-1', 'NS1'])
    for (const raw of [
      { case_source_id: 'C1' },
      { case_source_id: 'C1', warrant_number: 'NS1' },
      { case_source_id: 'C1', force_code: 'NORTHSHIRE' },
    ]) {
      const r = checkAllegationRow(raw, ctx)
      assert.equal(r.ok, false, JSON.stringify(raw))
    }
    const unknownForce = checkAllegationRow({ case_source_id: 'C1', force_code: 'X', warrant_number: 'NS1' }, ctx)
    assert.deepEqual(!unknownForce.ok && unknownForce.errors.map((e) => e.column), ['force_code'])
  })

  it('headers: every file kind accepts its own columns and names what is missing or unknown', () => {
    for (const [kind, columns] of Object.entries(IMPORT_COLUMNS))
      assert.deepEqual(checkHeader(kind as keyof typeof IMPORT_COLUMNS, columns.all), [], kind)
    const problems = checkHeader('cases', ['source_id', 'force', 'received_on', 'received_on'])
    assert.deepEqual(
      problems.map((p) => p.column),
      ['force', 'received_on', 'force_code'],
    )
  })

  it('file names say the kind; the mapping file only maps to Candour values', () => {
    assert.deepEqual(fileKindOf('cases-2019.csv'), { kind: 'cases', format: 'csv' })
    assert.deepEqual(fileKindOf('Allegations_b.JSONL'), { kind: 'allegations', format: 'jsonl' })
    assert.equal(fileKindOf('complaints.csv'), null)
    assert.equal(fileKindOf('cases.xlsx'), null)
    assert.equal(vocabularyMappingSchema.safeParse({ finding: { Upheld: 'proven' } }).success, false)
    assert.equal(vocabularyMappingSchema.safeParse({ colour: {} }).success, false)
    assert.equal(vocabularyMappingSchema.safeParse({ outcome: { Sacked: 'dismissal_without_notice' } }).success, true)
  })
})
