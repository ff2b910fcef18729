import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ORGANISATION_CODE_MAX_LENGTH,
  ORGANISATION_CODE_PATTERN,
  ORGANISATION_NAME_MAX_LENGTH,
  OTHER_INVESTIGATED_BODIES,
  OVERSIGHT_BODY,
  OVERSIGHT_BODY_CODE,
  REFERENCE_ORGANISATIONS,
  TERRITORIAL_POLICE_FORCES,
  normaliseOrganisationCode,
} from './referenceOrganisations.js'

describe('the organisations Candour ships with (ADR 0006)', () => {
  it('has the oversight body first', () => {
    assert.equal(OVERSIGHT_BODY_CODE, 'OVERSIGHT')
    assert.deepEqual(OVERSIGHT_BODY, {
      code: 'OVERSIGHT',
      name: 'Independent Office for Police Conduct',
      kind: 'oversight_body',
      group: 'oversight body',
    })
    assert.equal(REFERENCE_ORGANISATIONS[0], OVERSIGHT_BODY)
  })

  it('has the 43 territorial forces of England and Wales, with the police.uk identifiers as codes', () => {
    // A shipped code never changes (cases, imports and scripts refer to it): this list is the contract.
    const forces: [string, string][] = [
      ['AVON-AND-SOMERSET', 'Avon and Somerset Constabulary'],
      ['BEDFORDSHIRE', 'Bedfordshire Police'],
      ['CAMBRIDGESHIRE', 'Cambridgeshire Constabulary'],
      ['CHESHIRE', 'Cheshire Constabulary'],
      ['CITY-OF-LONDON', 'City of London Police'],
      ['CLEVELAND', 'Cleveland Police'],
      ['CUMBRIA', 'Cumbria Constabulary'],
      ['DERBYSHIRE', 'Derbyshire Constabulary'],
      ['DEVON-AND-CORNWALL', 'Devon and Cornwall Police'],
      ['DORSET', 'Dorset Police'],
      ['DURHAM', 'Durham Constabulary'],
      ['DYFED-POWYS', 'Dyfed-Powys Police'],
      ['ESSEX', 'Essex Police'],
      ['GLOUCESTERSHIRE', 'Gloucestershire Constabulary'],
      ['GREATER-MANCHESTER', 'Greater Manchester Police'],
      ['GWENT', 'Gwent Police'],
      ['HAMPSHIRE', 'Hampshire and Isle of Wight Constabulary'],
      ['HERTFORDSHIRE', 'Hertfordshire Constabulary'],
      ['HUMBERSIDE', 'Humberside Police'],
      ['KENT', 'Kent Police'],
      ['LANCASHIRE', 'Lancashire Constabulary'],
      ['LEICESTERSHIRE', 'Leicestershire Police'],
      ['LINCOLNSHIRE', 'Lincolnshire Police'],
      ['MERSEYSIDE', 'Merseyside Police'],
      ['METROPOLITAN', 'Metropolitan Police Service'],
      ['NORFOLK', 'Norfolk Constabulary'],
      ['NORTH-WALES', 'North Wales Police'],
      ['NORTH-YORKSHIRE', 'North Yorkshire Police'],
      ['NORTHAMPTONSHIRE', 'Northamptonshire Police'],
      ['NORTHUMBRIA', 'Northumbria Police'],
      ['NOTTINGHAMSHIRE', 'Nottinghamshire Police'],
      ['SOUTH-WALES', 'South Wales Police'],
      ['SOUTH-YORKSHIRE', 'South Yorkshire Police'],
      ['STAFFORDSHIRE', 'Staffordshire Police'],
      ['SUFFOLK', 'Suffolk Constabulary'],
      ['SURREY', 'Surrey Police'],
      ['SUSSEX', 'Sussex Police'],
      ['THAMES-VALLEY', 'Thames Valley Police'],
      ['WARWICKSHIRE', 'Warwickshire Police'],
      ['WEST-MERCIA', 'West Mercia Police'],
      ['WEST-MIDLANDS', 'West Midlands Police'],
      ['WEST-YORKSHIRE', 'West Yorkshire Police'],
      ['WILTSHIRE', 'Wiltshire Police'],
    ]
    assert.equal(forces.length, 43)
    assert.deepEqual(
      TERRITORIAL_POLICE_FORCES,
      forces.map(([code, name]) => ({ code, name, kind: 'police_force', group: 'territorial police force' })),
    )
  })

  it('has the other bodies whose officers and staff the IOPC investigates', () => {
    assert.deepEqual(OTHER_INVESTIGATED_BODIES, [
      { code: 'BTP', name: 'British Transport Police', kind: 'police_force', group: 'special police force' },
      { code: 'MDP', name: 'Ministry of Defence Police', kind: 'police_force', group: 'special police force' },
      { code: 'CNC', name: 'Civil Nuclear Constabulary', kind: 'police_force', group: 'special police force' },
      { code: 'NCA', name: 'National Crime Agency', kind: 'police_force', group: 'other investigated body' },
      { code: 'HMRC', name: 'HM Revenue and Customs', kind: 'police_force', group: 'other investigated body' },
      {
        code: 'BORDER-FORCE',
        name: 'Border Force (Home Office)',
        kind: 'police_force',
        group: 'other investigated body',
      },
      {
        code: 'IMMIGRATION-ENFORCEMENT',
        name: 'Immigration Enforcement (Home Office)',
        kind: 'police_force',
        group: 'other investigated body',
      },
      {
        code: 'GLAA',
        name: 'Gangmasters and Labour Abuse Authority',
        kind: 'police_force',
        group: 'other investigated body',
      },
    ])
    assert.deepEqual(REFERENCE_ORGANISATIONS, [
      OVERSIGHT_BODY,
      ...TERRITORIAL_POLICE_FORCES,
      ...OTHER_INVESTIGATED_BODIES,
    ])
    for (const o of REFERENCE_ORGANISATIONS) {
      assert.match(o.code, ORGANISATION_CODE_PATTERN, o.code)
      assert.ok(o.code.length <= ORGANISATION_CODE_MAX_LENGTH && o.name.length <= ORGANISATION_NAME_MAX_LENGTH, o.code)
    }
  })

  it('reads a code in upper case without the spaces around it, and accepts only well-formed codes', () => {
    const table: [string, string][] = [
      ['northshire', 'NORTHSHIRE'],
      ['  West-Mercia\t', 'WEST-MERCIA'],
      ['BTP', 'BTP'],
    ]
    for (const [typed, code] of table) assert.equal(normaliseOrganisationCode(typed), code, typed)
    for (const ok of ['A', 'NORTHSHIRE', 'WEST-MERCIA', 'FORCE_2', 'A-B_C-1'])
      assert.ok(ORGANISATION_CODE_PATTERN.test(ok), ok)
    for (const no of ['', 'a', 'WEST--MERCIA', '-WEST', 'WEST-', 'WEST MERCIA', 'WEST.MERCIA', 'XWEST-', ' A'])
      assert.ok(!ORGANISATION_CODE_PATTERN.test(no), no)
    assert.equal(ORGANISATION_CODE_MAX_LENGTH, 40)
    assert.equal(ORGANISATION_NAME_MAX_LENGTH, 200)
  })
})
