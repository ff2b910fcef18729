import assert from 'node:assert/strict'
import { test } from 'node:test'
import { INVESTIGATION_STATUSES } from './investigationLifecycle.js'
import { PORTAL_STAGES, PORTAL_STEPS, portalProgressOf, portalStageOf } from './portalProgress.js'

test('every status has plain-English progress with next steps', () => {
  for (const status of INVESTIGATION_STATUSES) {
    const p = portalProgressOf(status)
    assert.ok(p.stage.length > 0 && p.explanation.length > 0, status)
    assert.ok(p.nextSteps.length > 0, status)
    assert.ok(p.step === null || (p.step >= 1 && p.step <= PORTAL_STEPS), status)
  }
})

test('each status shows its own stage, step and first next step (written out, not read back from the table)', () => {
  const expected: Record<string, [stage: string, step: number | null, firstNext: string]> = {
    referred: ['Referred to us', 1, 'We will decide whether to investigate and tell you what we decide.'],
    assessed: [
      'Decision made on how to investigate',
      2,
      'An investigator will be appointed and the investigation will begin.',
    ],
    investigating: ['Being investigated', 3, 'We will keep you updated on progress at least every 28 days.'],
    reopened: ['Being investigated again', 3, 'We will keep you updated on progress at least every 28 days.'],
    report_drafting: [
      'Report being written',
      4,
      'The report will go to a senior decision maker, who will consider it before any decisions are made.',
    ],
    report_with_decision_maker: [
      'Report being considered',
      5,
      'Once the decision maker has considered the report, it will be sent to the police force’s professional standards department.',
    ],
    report_approved: [
      'Report approved',
      5,
      'The report will be sent to the police force’s professional standards department, which must respond to it.',
    ],
    report_sent_to_appropriate_authority: [
      'Report sent to the police force',
      6,
      'We will tell you about the force’s response and any proceedings that follow.',
    ],
    awaiting_proceedings: ['Waiting for proceedings', 6, 'We will tell you the outcome of the proceedings.'],
    closed: [
      'Closed',
      null,
      'If significant new information comes to light, you can tell us using this portal or your usual contact.',
    ],
    suspended: ['Paused', null, 'We will tell you when the investigation starts again.'],
  }
  assert.deepEqual(Object.keys(expected).sort(), [...INVESTIGATION_STATUSES].sort())
  for (const status of INVESTIGATION_STATUSES) {
    const p = portalProgressOf(status)
    assert.deepEqual([p.stage, p.step, p.nextSteps[0]], expected[status], status)
  }
  assert.equal(portalProgressOf('suspended').explanation.includes('paused'), true)
  assert.equal(portalProgressOf('report_with_decision_maker').explanation.includes('No final decisions'), true)
  assert.equal(PORTAL_STEPS, 6)
})

test('an unknown status still gives something safe to show', () => {
  const fallback = {
    stage: 'In progress',
    explanation: 'The investigation is in progress.',
    nextSteps: [],
    step: null,
  }
  assert.deepEqual(portalProgressOf('something-new'), fallback)
  // A status that happens to name one of an object's own properties is unknown too, not the property.
  for (const status of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
    assert.deepEqual(portalProgressOf(status), fallback, status)
  assert.deepEqual(portalProgressOf({ status: 'something-new', publication: null, reinvestigated: false }), fallback)
})

test('every stage (every status of the domain vocabulary, and past the report) has its own plain-English text', () => {
  for (const status of INVESTIGATION_STATUSES) assert.ok((PORTAL_STAGES as readonly string[]).includes(status), status)
  const seen = new Map<string, string>()
  for (const stage of PORTAL_STAGES) {
    const p = portalProgressOf(stage)
    assert.ok(p.stage.trim() && p.explanation.trim() && p.nextSteps.every((s) => s.trim()), stage)
    assert.ok(p.nextSteps.length > 0, `${stage} says what happens next`)
    assert.notEqual(p.stage, 'In progress', `${stage} has its own text, not the fallback`)
    for (const text of [p.stage, p.explanation]) {
      assert.equal(seen.get(text), undefined, `${stage} repeats the text of ${seen.get(text)}: “${text}”`)
      seen.set(text, stage)
    }
  }
})

test('the stage follows the case past its report: released, published, closed, re-investigated', () => {
  const of = (
    status: string,
    publication: 'released_to_interested_persons' | 'published' | null,
    reinvestigated = false,
  ) => portalStageOf({ status, publication, reinvestigated })
  assert.equal(of('report_sent_to_appropriate_authority', null), 'report_sent_to_appropriate_authority')
  assert.equal(of('report_sent_to_appropriate_authority', 'released_to_interested_persons'), 'report_released')
  assert.equal(of('report_sent_to_appropriate_authority', 'published'), 'report_published')
  assert.equal(of('awaiting_proceedings', 'published'), 'report_published')
  assert.equal(of('closed', 'published'), 'closed')
  assert.equal(of('closed', 'published', true), 'reinvestigated')
  assert.equal(of('reopened', null), 'reopened')
  assert.equal(of('something-new', null), null)
  const published = portalProgressOf({
    status: 'report_sent_to_appropriate_authority',
    publication: 'published',
    reinvestigated: false,
  })
  assert.equal(published.stage, 'Report published', 'the facts give the stage past the status')
  assert.deepEqual(published, portalProgressOf('report_published'))
  assert.doesNotMatch(published.nextSteps.join(' '), /may be published/)
})
