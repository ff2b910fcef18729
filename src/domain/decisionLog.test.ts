import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DECISION_KINDS, DECISION_KIND_LABELS, decisionReference, entryRules, needsReview } from './decisionLog.js'

describe('the decision log', () => {
  it('has the kinds of key decision, each labelled', () => {
    assert.deepEqual(DECISION_KINDS, [
      'scope',
      'line_of_enquiry',
      'not_to_interview',
      'not_to_seize',
      'disclosure',
      'severity',
      'other',
    ])
    assert.deepEqual(DECISION_KIND_LABELS, {
      scope: 'Scope of the investigation',
      line_of_enquiry: 'Opening or closing a line of enquiry',
      not_to_interview: 'Not to interview',
      not_to_seize: 'Not to seize or obtain material',
      disclosure: 'To disclose or withhold (harm test)',
      severity: 'Severity change',
      other: 'Other key decision',
    })
  })

  it('has the lead review the weightier kinds written by someone else, under England and Wales', () => {
    const reviewed = DECISION_KINDS.filter((k) => needsReview(k, false))
    assert.deepEqual(reviewed, ['scope', 'not_to_interview', 'not_to_seize', 'disclosure', 'severity'])
    assert.deepEqual(
      DECISION_KINDS.filter((k) => needsReview(k, false, 'england-and-wales')),
      reviewed,
    )
    for (const kind of DECISION_KINDS) assert.equal(needsReview(kind, true), false, `${kind} by the lead`)
  })

  it('reviews nothing under a rule set that names no kinds', () => {
    for (const kind of DECISION_KINDS) assert.equal(needsReview(kind, false, 'elsewhere'), false, kind)
  })

  it('numbers entries D1, D2, …', () => {
    assert.equal(decisionReference(1), 'D1')
    assert.equal(decisionReference(27), 'D27')
  })

  it('lets only the author sign a draft, and supersede only a signed entry not yet superseded', () => {
    assert.deepEqual(entryRules({ signed: false, supersededBy: null }, true), {
      state: 'draft',
      canSign: true,
      canSupersede: false,
    })
    assert.deepEqual(entryRules({ signed: false, supersededBy: null }, false), {
      state: 'draft',
      canSign: false,
      canSupersede: false,
    })
    assert.deepEqual(entryRules({ signed: true, supersededBy: null }, true), {
      state: 'signed',
      canSign: false,
      canSupersede: true,
    })
    assert.deepEqual(entryRules({ signed: true, supersededBy: 'a later entry' }, true), {
      state: 'superseded',
      canSign: false,
      canSupersede: false,
    })
  })
})
