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
