import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import fc from 'fast-check'
import {
  checkAllegationRow,
  checkCaseRow,
  checkHeader,
  checkOfficerRow,
  fileKindOf,
  HISTORICAL_CASE_KINDS,
  HISTORICAL_FINDINGS,
  HISTORICAL_FINDING_LABELS,
  IMPORT_COLUMNS,
  IMPORT_FILE_KINDS,
  MAX_VALUE_LENGTH,
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
    // The edges a random sample rarely reaches, written out: leap years by the Gregorian rule,
    // month and day bounds.
    const edges: [string, boolean][] = [
      ['2000-02-29', true],
      ['2004-02-29', true],
      ['2196-02-29', true],
      ['1900-02-29', false],
      ['2100-02-29', false],
      ['2019-02-29', false],
      ['2019-02-28', true],
      ['2019-00-10', false],
      ['2019-13-01', false],
      ['2019-12-31', true],
      ['2019-01-00', false],
      ['2019-04-30', true],
      ['2019-04-31', false],
      ['2199-12-31', true],
    ]
    for (const [text, real] of edges) assert.equal(isCalendarDate(text), real, text)
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

describe('the import format, written out (every value read and every message given)', () => {
  const fullCtx: RowContext = {
    forces: new Map([
      ['NORTHSHIRE', 'force-1'],
      ['SOUTHSHIRE', 'force-2'],
    ]),
    mapping: {
      category: { 'Use of force': 'use_of_force' },
      finding: { Upheld: 'upheld' },
      outcome: { Sacked: 'dismissal_without_notice' },
      rank: { PC: 'constable' },
    },
  }
  const errorsOf = (r: { ok: true } | { ok: false; errors: unknown[] }) => (r.ok ? [] : r.errors)

  it('names its files, columns and vocabularies', () => {
    assert.deepEqual([...IMPORT_FILE_KINDS], ['cases', 'officers', 'allegations'])
    assert.deepEqual(IMPORT_COLUMNS, {
      cases: {
        required: ['source_id', 'force_code', 'received_on'],
        all: [
          'source_id',
          'force_code',
          'kind',
          'received_on',
          'incident_on',
          'incident_time',
          'location',
          'postcode',
          'latitude',
          'longitude',
          'category',
          'summary',
          'closed_on',
        ],
      },
      officers: {
        required: ['source_id', 'force_code'],
        all: [
          'source_id',
          'force_code',
          'warrant_number',
          'surname',
          'forenames',
          'rank',
          'sex',
          'ethnicity',
          'appointed_on',
          'birth_year',
        ],
      },
      allegations: {
        required: ['case_source_id'],
        all: [
          'case_source_id',
          'officer_source_id',
          'force_code',
          'warrant_number',
          'category',
          'standard',
          'finding',
          'outcome',
        ],
      },
    })
    assert.deepEqual(
      [...HISTORICAL_CASE_KINDS],
      ['complaint', 'conduct_matter', 'death_or_serious_injury', 'investigation'],
    )
    assert.deepEqual(
      [...HISTORICAL_FINDINGS],
      ['upheld', 'not_upheld', 'case_to_answer', 'no_case_to_answer', 'not_determined', 'withdrawn'],
    )
    assert.deepEqual(HISTORICAL_FINDING_LABELS, {
      upheld: 'Upheld',
      not_upheld: 'Not upheld',
      case_to_answer: 'Case to answer',
      no_case_to_answer: 'No case to answer',
      not_determined: 'Not determined',
      withdrawn: 'Withdrawn',
    })
    assert.equal(MAX_VALUE_LENGTH, 10_000)
  })

  it('reads every column of a full case row, trimmed, mapped where a mapping says', () => {
    assert.deepEqual(
      checkCaseRow(
        {
          source_id: ' C1 ',
          force_code: ' SOUTHSHIRE ',
          kind: 'death_or_serious_injury',
          received_on: '2019-03-04',
          incident_on: '2019-03-01',
          incident_time: '23:59:59',
          location: ' Station Road ',
          postcode: 'NS1 2AB',
          latitude: '-90',
          longitude: '179.123456',
          category: 'Use of force',
          summary: 'A summary',
          closed_on: '2019-03-04',
        },
        fullCtx,
      ),
      {
        ok: true,
        value: {
          sourceId: 'C1',
          forceId: 'force-2',
          kind: 'death_or_serious_injury',
          receivedOn: '2019-03-04',
          incidentOn: '2019-03-01',
          incidentTime: '23:59:59',
          location: 'Station Road',
          postcode: 'NS1 2AB',
          latitude: '-90',
          longitude: '179.123456',
          category: 'Use of force',
          categoryMapped: 'use_of_force',
          summary: 'A summary',
          closedOn: '2019-03-04',
        },
      },
    )
  })

  it('gives each case-row problem its column, value and message', () => {
    const base = { source_id: 'C1', force_code: 'NORTHSHIRE', received_on: '2019-03-04' }
    const long = 'x'.repeat(MAX_VALUE_LENGTH + 1)
    const cases: [string, Record<string, string>, { column: string; value: string | null; message: string }[]][] = [
      [
        'a missing source id',
        { ...base, source_id: ' ' },
        [{ column: 'source_id', value: null, message: 'source_id is required' }],
      ],
      [
        'a missing force',
        { ...base, force_code: '' },
        [{ column: 'force_code', value: null, message: 'force_code is required' }],
      ],
      [
        'an unknown force',
        { ...base, force_code: 'ELSEWHERE' },
        [
          {
            column: 'force_code',
            value: 'ELSEWHERE',
            message: 'unknown force ELSEWHERE: add it with candour organisations add --code ELSEWHERE --name NAME',
          },
        ],
      ],
      [
        'no received date',
        { ...base, received_on: '' },
        [{ column: 'received_on', value: null, message: 'received_on is required' }],
      ],
      [
        'a received date that is no date',
        { ...base, received_on: '04/03/2019' },
        [{ column: 'received_on', value: '04/03/2019', message: 'received_on must be a real date written YYYY-MM-DD' }],
      ],
      [
        'an incident date that is no date',
        { ...base, incident_on: '2019-02-29' },
        [{ column: 'incident_on', value: '2019-02-29', message: 'incident_on must be a real date written YYYY-MM-DD' }],
      ],
      [
        'a closing date that is no date',
        { ...base, closed_on: '2019-13-01' },
        [{ column: 'closed_on', value: '2019-13-01', message: 'closed_on must be a real date written YYYY-MM-DD' }],
      ],
      [
        'a time past midnight',
        { ...base, incident_time: '24:00' },
        [{ column: 'incident_time', value: '24:00', message: 'incident_time must be a time written HH:MM' }],
      ],
      [
        'a time without minutes',
        { ...base, incident_time: '9' },
        [{ column: 'incident_time', value: '9', message: 'incident_time must be a time written HH:MM' }],
      ],
      [
        'a time with more after it',
        { ...base, incident_time: '09:30 pm' },
        [{ column: 'incident_time', value: '09:30 pm', message: 'incident_time must be a time written HH:MM' }],
      ],
      [
        'a time with text before it',
        { ...base, incident_time: 'at 09:30' },
        [{ column: 'incident_time', value: 'at 09:30', message: 'incident_time must be a time written HH:MM' }],
      ],
      [
        'closed before received',
        { ...base, closed_on: '2019-03-03' },
        [{ column: 'closed_on', value: '2019-03-03', message: 'closed_on cannot be before received_on' }],
      ],
      [
        'a kind not listed',
        { ...base, kind: 'grumble' },
        [
          {
            column: 'kind',
            value: 'grumble',
            message: 'kind must be one of: complaint, conduct_matter, death_or_serious_injury, investigation',
          },
        ],
      ],
      [
        'a latitude past the pole',
        { ...base, latitude: '90.000001' },
        [{ column: 'latitude', value: '90.000001', message: 'latitude must be a number from -90 to 90, to 6 places' }],
      ],
      [
        'a latitude below the pole',
        { ...base, latitude: '-91' },
        [{ column: 'latitude', value: '-91', message: 'latitude must be a number from -90 to 90, to 6 places' }],
      ],
      [
        'a longitude too far west',
        { ...base, longitude: '-180.5' },
        [{ column: 'longitude', value: '-180.5', message: 'longitude must be a number from -180 to 180, to 6 places' }],
      ],
      [
        'a longitude to 7 places',
        { ...base, longitude: '1.1234567' },
        [
          {
            column: 'longitude',
            value: '1.1234567',
            message: 'longitude must be a number from -180 to 180, to 6 places',
          },
        ],
      ],
      [
        'a longitude with text after it',
        { ...base, longitude: '1.5W' },
        [{ column: 'longitude', value: '1.5W', message: 'longitude must be a number from -180 to 180, to 6 places' }],
      ],
      [
        'a longitude with text before it',
        { ...base, longitude: 'W1.5' },
        [{ column: 'longitude', value: 'W1.5', message: 'longitude must be a number from -180 to 180, to 6 places' }],
      ],
      [
        'a summary too long',
        { ...base, summary: long },
        [{ column: 'summary', value: 'x'.repeat(60) + '…', message: 'summary is longer than 10000 characters' }],
      ],
    ]
    for (const [what, raw, expected] of cases) assert.deepEqual(errorsOf(checkCaseRow(raw, fullCtx)), expected, what)
    // The edges that are fine.
    for (const [what, raw] of [
      ['closed the day it was received', { ...base, closed_on: '2019-03-04' }],
      ['a time of 00:00', { ...base, incident_time: '00:00' }],
      ['a time of 19:05', { ...base, incident_time: '19:05' }],
      ['a summary of exactly the longest length', { ...base, summary: 'x'.repeat(MAX_VALUE_LENGTH) }],
      ['the longitudes at the limits', { ...base, longitude: '-180', latitude: '90' }],
      ['a category with no mapping', { ...base, category: 'Rudeness' }],
    ] as const)
      assert.equal(checkCaseRow(raw, fullCtx).ok, true, what)
    const unmapped = checkCaseRow({ ...base, category: 'Rudeness' }, fullCtx)
    assert.deepEqual(unmapped.ok && [unmapped.value.category, unmapped.value.categoryMapped], ['Rudeness', null])
    assert.deepEqual(
      checkCaseRow({ ...base, category: 'Use of force' }, { ...fullCtx, mapping: {} }).ok,
      true,
      'no mapping file at all',
    )
  })

  it('reads every column of a full officer row, and names each problem', () => {
    assert.deepEqual(
      checkOfficerRow(
        {
          source_id: 'O1',
          force_code: 'NORTHSHIRE',
          warrant_number: ' NS1 ',
          surname: 'Okafor',
          forenames: 'Grace',
          rank: 'PC',
          sex: 'F',
          ethnicity: 'B1',
          appointed_on: '2011-12-01',
          birth_year: '2001',
        },
        fullCtx,
      ),
      {
        ok: true,
        value: {
          sourceId: 'O1',
          forceId: 'force-1',
          warrantNumber: 'NS1',
          surname: 'Okafor',
          forenames: 'Grace',
          rank: 'PC',
          rankMapped: 'constable',
          sex: 'F',
          ethnicity: 'B1',
          appointedOn: '2011-12-01',
          birthYear: 2001,
        },
      },
    )
    const base = { source_id: 'O1', force_code: 'NORTHSHIRE' }
    for (const birth of ['87', '1887', '2101', '19870', 'x1987', '1987x'])
      assert.deepEqual(
        errorsOf(checkOfficerRow({ ...base, birth_year: birth }, fullCtx)),
        [{ column: 'birth_year', value: birth, message: 'birth_year must be a year written YYYY' }],
        birth,
      )
    assert.deepEqual(errorsOf(checkOfficerRow({ ...base, appointed_on: '2011-13-01' }, fullCtx)), [
      { column: 'appointed_on', value: '2011-13-01', message: 'appointed_on must be a real date written YYYY-MM-DD' },
    ])
    assert.deepEqual(errorsOf(checkOfficerRow({ force_code: 'NORTHSHIRE' }, fullCtx)), [
      { column: 'source_id', value: null, message: 'source_id is required' },
    ])
    assert.deepEqual(errorsOf(checkOfficerRow({ source_id: 'O1' }, fullCtx)), [
      { column: 'force_code', value: null, message: 'force_code is required' },
    ])
    const none = checkOfficerRow(base, fullCtx)
    assert.deepEqual(none.ok && [none.value.birthYear, none.value.rank, none.value.rankMapped], [null, null, null])
  })

  it('reads every column of an allegation row; the officer’s source id wins over force and warrant number', () => {
    assert.deepEqual(
      checkAllegationRow(
        {
          case_source_id: 'C1',
          officer_source_id: 'O1',
          force_code: 'ELSEWHERE',
          warrant_number: 'NS1',
          category: 'Use of force',
          standard: 'Use of force',
          finding: 'Upheld',
          outcome: 'Sacked',
        },
        fullCtx,
      ),
      {
        ok: true,
        value: {
          caseSourceId: 'C1',
          officerSourceId: 'O1',
          forceId: null,
          warrantNumber: null,
          category: 'Use of force',
          categoryMapped: 'use_of_force',
          standard: 'Use of force',
          finding: 'Upheld',
          findingMapped: 'upheld',
          outcome: 'Sacked',
          outcomeMapped: 'dismissal_without_notice',
        },
      },
    )
    const needs = {
      column: 'officer_source_id',
      value: null,
      message: 'an allegation needs officer_source_id, or force_code and warrant_number',
    }
    assert.deepEqual(errorsOf(checkAllegationRow({ case_source_id: 'C1' }, fullCtx)), [needs])
    assert.deepEqual(errorsOf(checkAllegationRow({ case_source_id: 'C1', warrant_number: 'NS1' }, fullCtx)), [needs])
    assert.deepEqual(errorsOf(checkAllegationRow({ case_source_id: 'C1', force_code: 'NORTHSHIRE' }, fullCtx)), [needs])
    assert.deepEqual(errorsOf(checkAllegationRow({ force_code: 'NORTHSHIRE', warrant_number: 'NS1' }, fullCtx)), [
      { column: 'case_source_id', value: null, message: 'case_source_id is required' },
    ])
    assert.deepEqual(
      errorsOf(checkAllegationRow({ case_source_id: 'C1', force_code: 'X', warrant_number: 'NS1' }, fullCtx)),
      [
        {
          column: 'force_code',
          value: 'X',
          message: 'unknown force X: add it with candour organisations add --code X --name NAME',
        },
      ],
    )
  })

  it('checks a header for unknown, repeated and missing columns, with messages', () => {
    assert.deepEqual(checkHeader('officers', ['source_id', 'colour', 'source_id']), [
      {
        column: 'colour',
        value: null,
        message:
          'colour is not a column of officers files (the columns are: source_id, force_code, warrant_number, surname, forenames, rank, sex, ethnicity, appointed_on, birth_year)',
      },
      { column: 'source_id', value: null, message: 'source_id appears twice in the header' },
      { column: 'force_code', value: null, message: 'the required column force_code is missing' },
    ])
    const needs = {
      column: 'officer_source_id',
      value: null,
      message: 'allegations need an officer_source_id column, or force_code and warrant_number columns',
    }
    assert.deepEqual(checkHeader('allegations', ['case_source_id']), [needs])
    assert.deepEqual(checkHeader('allegations', ['case_source_id', 'force_code']), [needs])
    assert.deepEqual(checkHeader('allegations', ['case_source_id', 'warrant_number']), [needs])
    assert.deepEqual(checkHeader('allegations', ['case_source_id', 'force_code', 'warrant_number']), [])
    assert.deepEqual(checkHeader('allegations', ['case_source_id', 'officer_source_id']), [])
    assert.deepEqual(checkHeader('cases', ['source_id', 'force_code']), [
      { column: 'received_on', value: null, message: 'the required column received_on is missing' },
    ])
  })

  it('knows a file by its name, and nothing else', () => {
    assert.deepEqual(fileKindOf('officers.csv'), { kind: 'officers', format: 'csv' })
    assert.deepEqual(fileKindOf('OFFICERS.CSV'), { kind: 'officers', format: 'csv' })
    assert.deepEqual(fileKindOf('allegations.ndjson'), { kind: 'allegations', format: 'jsonl' })
    assert.deepEqual(fileKindOf('cases.2019.jsonl'), { kind: 'cases', format: 'jsonl' })
    for (const name of [
      'old-cases.csv',
      'cases.csv.bak',
      'casesX.csv',
      'cases/x.csv',
      'cases-a/b.csv',
      'cases-a\\b.csv',
      'cases.',
    ])
      assert.equal(fileKindOf(name), null, name)
    assert.equal(
      vocabularyMappingSchema.safeParse({ category: { Rude: 'Rudeness' } }).success,
      false,
      'lower case only',
    )
    const spaced = vocabularyMappingSchema.safeParse({ category: { Rude: 'rude ness' } })
    assert.equal(spaced.success, false, 'no spaces, even after a good start')
    assert.equal(spaced.error?.issues[0]?.message, 'a mapped value is lower case letters, digits and underscores')
    assert.equal(
      vocabularyMappingSchema.safeParse({ category: { '': 'rudeness' } }).success,
      false,
      'no empty source value',
    )
    assert.equal(vocabularyMappingSchema.safeParse({ rank: { PC: 'constable' } }).success, true)
  })
})
