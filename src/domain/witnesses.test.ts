import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  SPECIAL_MEASURES,
  SPECIAL_MEASURE_LABELS,
  WITNESS_KINDS,
  WITNESS_KIND_LABELS,
  statementGiver,
  statementReference,
  witnessReference,
} from './witnesses.js'

describe('witnesses and statements (domain)', () => {
  it('labels every kind and every special measure', () => {
    for (const k of WITNESS_KINDS) assert.ok(WITNESS_KIND_LABELS[k].length > 0)
    for (const m of SPECIAL_MEASURES) assert.match(SPECIAL_MEASURE_LABELS[m], /\(s\.\d+\)$/)
  })

  it('numbers witnesses W1… and statements S1…', () => {
    assert.equal(witnessReference(3), 'W3')
    assert.equal(statementReference(12), 'S12')
  })

  it('takes a statement from exactly one witness or one officer', () => {
    assert.deepEqual(statementGiver({ witnessId: 'w' }), { ok: true, giver: { witnessId: 'w' } })
    assert.deepEqual(statementGiver({ subjectId: 's' }), { ok: true, giver: { subjectId: 's' } })
    assert.equal(statementGiver({}).ok, false)
    assert.equal(statementGiver({ witnessId: 'w', subjectId: 's' }).ok, false)
  })
})

describe('witnesses: vocabularies and refusals written out', () => {
  it('names each kind and special measure as the pages show them', () => {
    assert.deepEqual(WITNESS_KINDS, ['civilian', 'police', 'expert'])
    assert.deepEqual(WITNESS_KIND_LABELS, {
      civilian: 'Civilian witness',
      police: 'Police witness (not under investigation)',
      expert: 'Expert witness',
    })
    assert.deepEqual(SPECIAL_MEASURES, [
      'screens',
      'live_link',
      'evidence_in_private',
      'removal_of_wigs_and_gowns',
      'video_recorded_evidence',
      'intermediary',
      'communication_aids',
    ])
    assert.deepEqual(SPECIAL_MEASURE_LABELS, {
      screens: 'Screens (s.23)',
      live_link: 'Live link (s.24)',
      evidence_in_private: 'Evidence given in private (s.25)',
      removal_of_wigs_and_gowns: 'Removal of wigs and gowns (s.26)',
      video_recorded_evidence: 'Video-recorded evidence in chief (s.27)',
      intermediary: 'Examination through an intermediary (s.29)',
      communication_aids: 'Aids to communication (s.30)',
    })
  })

  it('says why a statement’s giver is refused; an empty id counts as none', () => {
    const table: [{ witnessId?: string; subjectId?: string }, ReturnType<typeof statementGiver>][] = [
      [{}, { ok: false, message: 'Choose the witness or officer the statement was taken from' }],
      [
        { witnessId: '', subjectId: '' },
        { ok: false, message: 'Choose the witness or officer the statement was taken from' },
      ],
      [
        { witnessId: 'w', subjectId: 's' },
        { ok: false, message: 'Choose either a witness or an officer, not both' },
      ],
      [
        { witnessId: 'w', subjectId: '' },
        { ok: true, giver: { witnessId: 'w' } },
      ],
      [
        { witnessId: '', subjectId: 's' },
        { ok: true, giver: { subjectId: 's' } },
      ],
    ]
    for (const [input, result] of table) assert.deepEqual(statementGiver(input), result, JSON.stringify(input))
  })
})
