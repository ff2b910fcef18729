import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { SCHEDULE_PARTS, SCHEDULE_PART_LABELS, disclosureScheduleReference, issueRule, partOf } from './disclosure.js'

describe('disclosure schedules (domain)', () => {
  it('sorts each item into its part of the schedule', () => {
    assert.equal(partOf({ category: 'used', sensitive: false }), 'used')
    assert.equal(partOf({ category: 'unused', sensitive: false }), 'unused_non_sensitive')
    assert.equal(partOf({ category: 'unused', sensitive: true }), 'unused_sensitive')
    for (const p of SCHEDULE_PARTS) assert.ok(SCHEDULE_PART_LABELS[p].length > 0)
    assert.match(SCHEDULE_PART_LABELS.unused_sensitive, /prosecutor only/)
  })

  it('issues a version only when there is something new in it', () => {
    assert.equal(issueRule({ itemCount: 0, lastIssuedItemCount: 0 }).ok, false)
    assert.equal(issueRule({ itemCount: 3, lastIssuedItemCount: 3 }).ok, false)
    assert.equal(issueRule({ itemCount: 4, lastIssuedItemCount: 3 }).ok, true)
    assert.equal(disclosureScheduleReference(2), 'DS2')
  })
})
