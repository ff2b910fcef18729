import assert from 'node:assert/strict'
import { test } from 'node:test'
import {
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  completedCount,
  escalationStatus,
  proposesProceedings,
  subjectResponseStatus,
} from './forceResponses.js'
import { PROPOSED_PROCEEDINGS } from './vocabulary.js'

test('each task status has the GOV.UK task list wording', () => {
  assert.deepEqual(
    TASK_STATUSES.map((s) => TASK_STATUS_LABELS[s]),
    ['Not started', 'In progress', 'Completed'],
  )
})

test('only a misconduct meeting or hearing is proceedings the force then records', () => {
  assert.deepEqual(
    PROPOSED_PROCEEDINGS.filter((p) => proposesProceedings(p)),
    ['meeting', 'hearing'],
  )
  assert.equal(proposesProceedings(null), false)
})

test('a subject with no response is not started, whatever else is recorded', () => {
  assert.equal(subjectResponseStatus({ response: null, proceeding: null }), 'not_started')
})

test('an answer proposing no proceedings (or UPP, or reflective practice) completes the task', () => {
  for (const proposed of ['none', 'unsatisfactory_performance_procedure', 'reflective_practice_review']) {
    assert.equal(
      subjectResponseStatus({ response: { proposedProceedings: proposed }, proceeding: null }),
      'completed',
      proposed,
    )
  }
})

test('an answer proposing a meeting or hearing is in progress until the proceedings have an outcome', () => {
  for (const proposed of ['meeting', 'hearing']) {
    const response = { proposedProceedings: proposed }
    assert.equal(subjectResponseStatus({ response, proceeding: null }), 'in_progress', proposed)
    assert.equal(
      subjectResponseStatus({ response, proceeding: { kind: proposed, outcome: null } }),
      'in_progress',
      `${proposed} arranged`,
    )
    assert.equal(
      subjectResponseStatus({ response, proceeding: { kind: proposed, outcome: 'written_warning' } }),
      'completed',
      `${proposed} concluded`,
    )
  }
})

test('proceedings recorded after a direction count even when the answer proposed none', () => {
  const response = { proposedProceedings: 'none' }
  assert.equal(subjectResponseStatus({ response, proceeding: { kind: 'hearing', outcome: null } }), 'in_progress')
  assert.equal(subjectResponseStatus({ response, proceeding: { kind: 'none', outcome: null } }), 'completed')
})

test('a recommendation is answered by accepting or not; a direction by complying', () => {
  assert.equal(escalationStatus({ kind: 'recommendation', accepted: null, complied: null }), 'not_started')
  assert.equal(escalationStatus({ kind: 'recommendation', accepted: true, complied: null }), 'completed')
  assert.equal(escalationStatus({ kind: 'recommendation', accepted: false, complied: null }), 'completed')
  assert.equal(escalationStatus({ kind: 'direction', accepted: null, complied: null }), 'not_started')
  assert.equal(escalationStatus({ kind: 'direction', accepted: null, complied: false }), 'in_progress')
  assert.equal(escalationStatus({ kind: 'direction', accepted: null, complied: true }), 'completed')
})

test('completed tasks are counted', () => {
  assert.equal(completedCount([]), 0)
  assert.equal(completedCount(['completed', 'in_progress', 'not_started', 'completed']), 2)
  assert.equal(completedCount(['completed', 'completed', 'completed', 'in_progress']), 3)
  assert.equal(completedCount(['not_started']), 0)
})
