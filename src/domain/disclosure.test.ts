import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  DISCLOSURE_CATEGORIES,
  SCHEDULE_PARTS,
  SCHEDULE_PART_LABELS,
  changesSinceIssue,
  disclosureScheduleReference,
  issueRule,
  partOf,
  type DisclosureSnapshotItem,
} from './disclosure.js'

const item = (number: number, changes: Partial<DisclosureSnapshotItem> = {}): DisclosureSnapshotItem => ({
  number,
  category: 'unused',
  sensitive: false,
  description: `Item ${number}`,
  sensitivityReason: null,
  exhibitReference: null,
  documentSha256: null,
  location: null,
  ...changes,
})

describe('disclosure schedules (domain)', () => {
  it('sorts each item into its part of the schedule', () => {
    assert.equal(partOf({ category: 'used', sensitive: false }), 'used')
    assert.equal(partOf({ category: 'unused', sensitive: false }), 'unused_non_sensitive')
    assert.equal(partOf({ category: 'unused', sensitive: true }), 'unused_sensitive')
    for (const p of SCHEDULE_PARTS) assert.ok(SCHEDULE_PART_LABELS[p].length > 0)
    assert.match(SCHEDULE_PART_LABELS.unused_sensitive, /prosecutor only/)
  })

  it('issues a version only when there is something new in it: an item added, changed or removed', () => {
    const three = [item(1), item(2), item(3)]
    assert.equal(issueRule({ items: [], lastIssued: null }).ok, false)
    assert.equal(issueRule({ items: three, lastIssued: null }).ok, true)
    assert.equal(issueRule({ items: three, lastIssued: three }).ok, false)
    // A version read back from jsonb may order its keys differently: still the same.
    const reordered = three.map((i) => Object.fromEntries(Object.entries(i).reverse()) as DisclosureSnapshotItem)
    assert.equal(issueRule({ items: three, lastIssued: reordered }).ok, false)
    assert.equal(issueRule({ items: [...three, item(4)], lastIssued: three }).ok, true)
    assert.equal(issueRule({ items: [item(1), item(2, { location: 'Store B' }), item(3)], lastIssued: three }).ok, true)
    assert.equal(issueRule({ items: [item(1), item(3)], lastIssued: three }).ok, true)
    assert.equal(issueRule({ items: [], lastIssued: three }).ok, false)
    assert.equal(disclosureScheduleReference(2), 'DS2')
  })

  it('says what changed since the last version, matching items by their never-reused numbers', () => {
    const issued = [item(1), item(2), item(3)]
    for (const field of [
      'category',
      'sensitive',
      'description',
      'sensitivityReason',
      'exhibitReference',
      'documentSha256',
      'location',
    ] as const) {
      const changed = { ...item(2), [field]: field === 'sensitive' ? true : field === 'category' ? 'used' : 'other' }
      assert.deepEqual(changesSinceIssue([item(1), changed, item(3)], issued).changed, [2], field)
    }
    assert.deepEqual(changesSinceIssue([item(1), item(3), item(4)], issued), { added: [4], changed: [], removed: [2] })
    assert.deepEqual(changesSinceIssue(issued, null), { added: [1, 2, 3], changed: [], removed: [] })
  })
})

describe('disclosure schedules: vocabulary, refusals and changes written out', () => {
  it('names the categories and parts as the schedule prints them', () => {
    assert.deepEqual(DISCLOSURE_CATEGORIES, ['used', 'unused'])
    assert.deepEqual(SCHEDULE_PARTS, ['used', 'unused_non_sensitive', 'unused_sensitive'])
    assert.deepEqual(SCHEDULE_PART_LABELS, {
      used: 'Used material',
      unused_non_sensitive: 'Unused material: non-sensitive',
      unused_sensitive: 'Unused material: sensitive (for the prosecutor only; not to be disclosed to the defence)',
    })
    assert.equal(partOf({ category: 'used', sensitive: true }), 'used', 'used material is served whatever its nature')
  })

  it('gives its reason for refusing to issue', () => {
    const three = [item(1), item(2), item(3)]
    assert.deepEqual(issueRule({ items: [], lastIssued: null }), {
      ok: false,
      reason: 'Add material to the schedule before issuing it.',
    })
    assert.deepEqual(issueRule({ items: three, lastIssued: three }), {
      ok: false,
      reason: 'Nothing has been added, changed or removed since the last version was issued.',
    })
    assert.deepEqual(issueRule({ items: three, lastIssued: [] }), { ok: true })
    assert.deepEqual(issueRule({ items: three, lastIssued: null }), { ok: true })
  })

  it('treats a field missing from a stored version as empty, and lists removals in number order', () => {
    const stored = { ...item(2) } as Partial<DisclosureSnapshotItem>
    delete stored.location
    delete stored.exhibitReference
    assert.deepEqual(changesSinceIssue([item(2)], [stored as DisclosureSnapshotItem]), {
      added: [],
      changed: [],
      removed: [],
    })
    assert.deepEqual(changesSinceIssue([item(2, { location: 'Shelf 3' })], [stored as DisclosureSnapshotItem]), {
      added: [],
      changed: [2],
      removed: [],
    })
    assert.deepEqual(changesSinceIssue([item(5)], [item(9), item(3), item(10), item(5)]), {
      added: [],
      changed: [],
      removed: [3, 9, 10],
    })
  })
})
