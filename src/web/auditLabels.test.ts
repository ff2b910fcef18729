import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { auditActionLabel, detailLines } from './auditLabels.js'

describe('the audit trail in words', () => {
  it('words every action code, named or not', () => {
    assert.equal(auditActionLabel('investigation.read'), 'Investigation viewed')
    assert.equal(auditActionLabel('team.member-added'), 'Team member added')
    assert.equal(auditActionLabel('report.sent-to-authority'), 'Report sent to the appropriate authority')
    for (const code of ['subject.status-changed', 'keep-informed-update.attachment-added', 'a_b.c-d'])
      assert.doesNotMatch(auditActionLabel(code), /[._-]/)
  })

  it('gives the detail as labelled lines: no JSON, no ids, dates and codes in words', () => {
    const lines = detailLines({
      subjectId: '01a22bbc-9c60-7dcb-b4d5-198c97b1ed92',
      before: { status: 'identified' },
      after: { status: 'opinion_given', on: '2026-03-04' },
      fields: ['subjects.name'],
      count: 3,
    })
    assert.deepEqual(lines, [
      'Before: Status: identified',
      'After: Status: Opinion given; On: 4 March 2026',
      'Fields: subject name',
      'Count: 3',
    ])
    for (const line of lines) assert.doesNotMatch(line, /[{}"]|\d{4}-\d{2}-\d{2}/)
    assert.deepEqual(detailLines({ fields: ['keep_informed_updates.summary', 'officers.rank'] }), [
      'Fields: keep informed update summary, officer rank',
    ])
    assert.deepEqual(detailLines(null), [])
  })
})
