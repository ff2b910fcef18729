import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import {
  INVESTIGATION_STATUSES,
  INVESTIGATION_STATUS_LABELS,
  INVESTIGATION_TRANSITIONS,
  SUSPENDABLE_STATUSES,
  REPORT_DRIVEN_MOVES,
  REPORT_STEPS,
  allowedTransitions,
  isInvestigationStatus,
  manualTransition,
  reportStepOwning,
  statusAfterReportStep,
  transition,
  type InvestigationFacts,
  type InvestigationStatus,
} from './investigationLifecycle.js'
import { SUBJECT_STATUSES } from './subjectLifecycle.js'
import { INVESTIGATION_FORMS, REOPENING_GROUNDS } from './vocabulary.js'

/** Nothing recorded yet. */
const bare = (status: InvestigationStatus): InvestigationFacts => ({
  status,
  form: null,
  hasLeadInvestigator: false,
  hasTermsOfReference: false,
  hasDecisionMaker: false,
  hasDraftReport: false,
  reportApproved: false,
  subjectStatuses: [],
  appropriateAuthorityResponded: false,
  statusBeforeSuspension: null,
  hasSuspensionReason: false,
  discontinued: false,
  reopeningGround: null,
  assessedSinceReopened: false,
})

/** Everything each move could ask for, with subjects whose paths have ended. */
const complete = (status: InvestigationStatus, over: Partial<InvestigationFacts> = {}): InvestigationFacts => ({
  status,
  form: 'independent',
  hasLeadInvestigator: true,
  hasTermsOfReference: true,
  hasDecisionMaker: true,
  hasDraftReport: true,
  reportApproved: true,
  subjectStatuses: ['outcome', 'outcome'],
  appropriateAuthorityResponded: true,
  statusBeforeSuspension: null,
  hasSuspensionReason: true,
  discontinued: false,
  reopeningGround: 'significant_new_information',
  assessedSinceReopened: true,
  ...over,
})

const missingOf = (facts: InvestigationFacts, to: InvestigationStatus): string[] => {
  const r = transition(facts, to)
  return r.ok ? [] : r.missing
}

const M = {
  assessment: 'An assessment must determine whether and how the matter is investigated',
  formInvestigates:
    'The assessment must determine an investigation (independent, directed, supervised or managed) before the investigation can start',
  lead: 'A lead investigator must be assigned before the investigation can start',
  tor: 'Terms of reference must be recorded before the investigation can start',
  notices: 'Every subject must be served a notice of investigation before the report is drafted',
  dm: 'A decision maker must be assigned before the report goes to them',
  draft: 'A draft report must be written before it goes to the decision maker',
  opinions: 'Every subject must have an opinion in the report',
  approved: 'The decision maker must approve the report before it is sent to the appropriate authority',
  aa: 'The appropriate authority must respond to the report first',
  proceedings: 'At least one subject must face misconduct proceedings for the investigation to await them',
  outcomes: 'Every subject’s outcome must be recorded before the investigation can close',
  suspension: 'A reason for suspending the investigation must be recorded',
  discontinue: 'A decision to discontinue must be recorded before the investigation can close at this stage',
  ground:
    'The ground for re-opening (materially flawed, significant new information, or the public interest) must be recorded in an approved re-investigation',
  reassessed: 'The form of the re-investigation must be determined after re-opening',
  notRecordedBefore: 'The status the investigation was suspended from is not recorded',
}

/**
 * Every move the lifecycle knows, and what it reports missing when nothing has been recorded
 * (subjects: one just identified). Every other (from, to) pair is never allowed.
 */
const EXPECTED: Record<InvestigationStatus, Partial<Record<InvestigationStatus, string[]>>> = {
  referred: { assessed: [M.assessment] },
  assessed: { investigating: [M.assessment, M.lead, M.tor], closed: [M.assessment] },
  investigating: { report_drafting: [M.notices], suspended: [M.suspension], closed: [M.discontinue] },
  report_drafting: {
    investigating: [],
    report_with_decision_maker: [M.dm, M.draft],
    suspended: [M.suspension],
    closed: [M.discontinue],
  },
  report_with_decision_maker: {
    report_drafting: [],
    report_approved: [M.approved, M.opinions],
    suspended: [M.suspension],
  },
  report_approved: {
    report_sent_to_appropriate_authority: [M.approved, M.opinions],
    suspended: [M.suspension],
  },
  report_sent_to_appropriate_authority: { awaiting_proceedings: [M.aa, M.proceedings], closed: [M.aa, M.outcomes] },
  awaiting_proceedings: { closed: [M.outcomes] },
  closed: { reopened: [M.ground] },
  suspended: {
    investigating: [M.notRecordedBefore],
    report_drafting: [M.notRecordedBefore],
    report_with_decision_maker: [M.notRecordedBefore],
    report_approved: [M.notRecordedBefore],
    closed: [M.discontinue],
  },
  reopened: { assessed: [M.reassessed] },
}

describe('investigation statuses', () => {
  it('are the DOMAIN.md lifecycle, each labelled', () => {
    assert.deepEqual(Object.keys(INVESTIGATION_STATUS_LABELS).sort(), [...INVESTIGATION_STATUSES].sort())
    assert.equal(INVESTIGATION_STATUSES.length, 11)
    for (const s of INVESTIGATION_STATUSES) assert.ok(isInvestigationStatus(s))
    assert.equal(isInvestigationStatus('open'), false)
    assert.equal(isInvestigationStatus(undefined), false)
  })

  it('are labelled in the words people see (written out, not read back from the table)', () => {
    assert.deepEqual(INVESTIGATION_STATUS_LABELS, {
      referred: 'Referred',
      assessed: 'Assessed',
      investigating: 'Investigating',
      report_drafting: 'Report being drafted',
      report_with_decision_maker: 'Report with decision maker',
      report_approved: 'Report approved, ready to send',
      report_sent_to_appropriate_authority: 'Report sent to appropriate authority',
      awaiting_proceedings: 'Awaiting proceedings',
      closed: 'Closed',
      suspended: 'Suspended',
      reopened: 'Re-opened',
    })
  })

  it('say why a move outside the graph is refused, in lower case within the sentence', () => {
    assert.deepEqual(transition(complete('investigating'), 'investigating'), {
      ok: false,
      missing: ['The investigation is already “investigating”'],
    })
    assert.deepEqual(transition(complete('referred'), 'report_approved'), {
      ok: false,
      missing: ['An investigation cannot go from “referred” to “report approved, ready to send”'],
    })
  })

  it('may be suspended from the four working statuses only', () => {
    assert.deepEqual(
      [...SUSPENDABLE_STATUSES],
      ['investigating', 'report_drafting', 'report_with_decision_maker', 'report_approved'],
    )
    for (const from of INVESTIGATION_STATUSES)
      assert.equal(
        INVESTIGATION_TRANSITIONS[from].includes('suspended'),
        SUSPENDABLE_STATUSES.includes(from),
        `${from} → suspended`,
      )
  })

  it('publish the graph of moves', () => {
    for (const from of INVESTIGATION_STATUSES) {
      assert.deepEqual([...INVESTIGATION_TRANSITIONS[from]].sort(), Object.keys(EXPECTED[from]).sort(), from)
    }
  })

  it('can reach every status from referred', () => {
    const seen = new Set<InvestigationStatus>(['referred'])
    const queue: InvestigationStatus[] = ['referred']
    for (let s = queue.shift(); s; s = queue.shift()) {
      for (const to of INVESTIGATION_TRANSITIONS[s]) {
        if (!seen.has(to)) {
          seen.add(to)
          queue.push(to)
        }
      }
    }
    assert.deepEqual([...seen].sort(), [...INVESTIGATION_STATUSES].sort())
  })
})

describe('every (from, to) pair', () => {
  for (const from of INVESTIGATION_STATUSES) {
    for (const to of INVESTIGATION_STATUSES) {
      const expected = EXPECTED[from][to]
      if (expected === undefined) {
        it(`${from} → ${to} is never allowed`, () => {
          for (const facts of [bare(from), complete(from, { statusBeforeSuspension: to, discontinued: true })]) {
            const r = transition(facts, to)
            assert.equal(r.ok, false)
            if (!r.ok) {
              assert.equal(r.missing.length, 1)
              assert.match(r.missing[0] ?? '', from === to ? /already/ : /cannot go from/)
            }
          }
        })
      } else {
        it(`${from} → ${to} ${expected.length ? 'is guarded' : 'is always allowed'}`, () => {
          assert.deepEqual(missingOf({ ...bare(from), subjectStatuses: ['identified'] }, to), expected)
        })
      }
    }
  }
})

describe('guards', () => {
  it('assess a referral once the assessment is recorded', () => {
    assert.deepEqual(transition({ ...bare('referred'), form: 'not_investigated' }, 'assessed'), { ok: true })
  })

  it('start an investigation only in a form the oversight body runs, with a lead and terms of reference', () => {
    for (const form of INVESTIGATION_FORMS) {
      const r = transition(complete('assessed', { form }), 'investigating')
      const runs = ['independent', 'directed', 'supervised', 'managed'].includes(form)
      assert.deepEqual(r, runs ? { ok: true } : { ok: false, missing: [M.formInvestigates] }, form)
    }
    assert.deepEqual(missingOf(complete('assessed', { hasLeadInvestigator: false }), 'investigating'), [M.lead])
    assert.deepEqual(missingOf(complete('assessed', { hasTermsOfReference: false }), 'investigating'), [M.tor])
  })

  it('close at assessment when no investigation here was determined, or on discontinuance', () => {
    for (const form of ['local', 'returned_to_force', 'not_investigated'] as const)
      assert.ok(transition(complete('assessed', { form }), 'closed').ok)
    assert.deepEqual(missingOf(complete('assessed', { form: 'directed' }), 'closed'), [
      'The assessment determined an investigation; record a decision to discontinue before closing it',
    ])
    assert.ok(transition(complete('assessed', { form: 'directed', discontinued: true }), 'closed').ok)
  })

  it('draft the report once every subject has been served notice', () => {
    assert.ok(transition(complete('investigating', { subjectStatuses: [] }), 'report_drafting').ok)
    for (const s of SUBJECT_STATUSES) {
      const r = transition(complete('investigating', { subjectStatuses: ['responded', s] }), 'report_drafting')
      assert.equal(r.ok, s !== 'identified', s)
    }
  })

  it('send the report to the decision maker with a decision maker and a draft, before any determination', () => {
    // The decision maker's determinations (which give each subject an opinion) come after submission.
    assert.ok(
      transition(
        complete('report_drafting', { subjectStatuses: ['responded', 'notice_served'] }),
        'report_with_decision_maker',
      ).ok,
    )
    assert.deepEqual(
      missingOf(
        complete('report_drafting', { hasDecisionMaker: false, hasDraftReport: false }),
        'report_with_decision_maker',
      ),
      [M.dm, M.draft],
    )
  })

  it('approve, then send the report to the appropriate authority, only once approved and with every opinion', () => {
    for (const [from, to] of [
      ['report_with_decision_maker', 'report_approved'],
      ['report_approved', 'report_sent_to_appropriate_authority'],
    ] as const) {
      assert.ok(transition(complete(from, { subjectStatuses: ['opinion_given'] }), to).ok)
      assert.deepEqual(missingOf(complete(from, { reportApproved: false }), to), [M.approved])
      assert.deepEqual(missingOf(complete(from, { subjectStatuses: ['notice_served'] }), to), [M.opinions])
      // Every subject, not some: one without an opinion holds the report back.
      assert.deepEqual(missingOf(complete(from, { subjectStatuses: ['opinion_given', 'responded'] }), to), [M.opinions])
      // A subject past the opinion (facing proceedings, or with an outcome) has had one.
      assert.ok(transition(complete(from, { subjectStatuses: ['proceedings', 'outcome'] }), to).ok)
    }
  })

  it('await proceedings once the authority has responded and someone faces them', () => {
    const sent = complete('report_sent_to_appropriate_authority', { subjectStatuses: ['proceedings', 'outcome'] })
    assert.deepEqual(allowedTransitions(sent), ['awaiting_proceedings'])
    assert.deepEqual(missingOf({ ...sent, appropriateAuthorityResponded: false }, 'awaiting_proceedings'), [M.aa])
    assert.deepEqual(missingOf({ ...sent, subjectStatuses: ['outcome'] }, 'awaiting_proceedings'), [M.proceedings])
  })

  it('close after the report only when every subject’s outcome is recorded', () => {
    assert.deepEqual(allowedTransitions(complete('report_sent_to_appropriate_authority')), ['closed'])
    assert.ok(transition(complete('report_sent_to_appropriate_authority', { subjectStatuses: [] }), 'closed').ok)
    assert.deepEqual(
      missingOf(complete('awaiting_proceedings', { subjectStatuses: ['outcome', 'proceedings'] }), 'closed'),
      [M.outcomes],
    )
    assert.ok(transition(complete('awaiting_proceedings'), 'closed').ok)
  })

  it('suspend with a reason and resume only where it was suspended', () => {
    for (const from of SUSPENDABLE_STATUSES) {
      assert.ok(transition(complete(from), 'suspended').ok)
      const suspended = complete('suspended', { statusBeforeSuspension: from })
      assert.deepEqual(allowedTransitions(suspended), [from])
      for (const other of SUSPENDABLE_STATUSES.filter((s) => s !== from)) {
        assert.deepEqual(missingOf(suspended, other), [
          `A suspended investigation resumes where it was suspended (“${INVESTIGATION_STATUS_LABELS[from].toLowerCase()}”)`,
        ])
      }
    }
    assert.ok(transition(complete('suspended', { discontinued: true }), 'closed').ok)
  })

  it('re-open on a recorded ground, then re-determine the form', () => {
    for (const reopeningGround of REOPENING_GROUNDS)
      assert.ok(transition(complete('closed', { reopeningGround }), 'reopened').ok)
    assert.deepEqual(allowedTransitions(complete('reopened')), ['assessed'])
    assert.deepEqual(allowedTransitions(complete('reopened', { assessedSinceReopened: false })), [])
  })

  it('walk the worked example from referral to closure', () => {
    let facts = bare('referred')
    const go = (to: InvestigationStatus, change: Partial<InvestigationFacts> = {}): void => {
      facts = { ...facts, ...change }
      assert.deepEqual(transition(facts, to), { ok: true }, `${facts.status} → ${to}`)
      facts = { ...facts, status: to }
    }
    go('assessed', { form: 'independent' })
    go('investigating', {
      hasLeadInvestigator: true,
      hasTermsOfReference: true,
      subjectStatuses: Array(17).fill('identified'),
    })
    go('report_drafting', { subjectStatuses: Array(17).fill('responded') })
    go('report_with_decision_maker', { hasDecisionMaker: true, hasDraftReport: true })
    go('report_approved', { reportApproved: true, subjectStatuses: Array(17).fill('opinion_given') })
    go('report_sent_to_appropriate_authority')
    go('closed', { appropriateAuthorityResponded: true, subjectStatuses: Array(17).fill('outcome') })
    go('reopened', { reopeningGround: 'significant_new_information' })
    go('assessed', { assessedSinceReopened: true })
  })
})

describe('the report’s workflow drives the case', () => {
  it('owns exactly the moves between the report stages, and every one is in the graph', () => {
    const owned = INVESTIGATION_STATUSES.flatMap((from) =>
      INVESTIGATION_TRANSITIONS[from].filter((to) => reportStepOwning(from, to) !== null).map((to) => `${from}→${to}`),
    )
    assert.deepEqual(owned.sort(), [
      'report_approved→report_sent_to_appropriate_authority',
      'report_drafting→report_with_decision_maker',
      'report_with_decision_maker→report_approved',
      'report_with_decision_maker→report_drafting',
    ])
  })

  it('refuses each owned move made by hand, naming the report step that makes it, even when its guards hold', () => {
    for (const step of REPORT_STEPS) {
      const move = REPORT_DRIVEN_MOVES[step]
      for (const from of move.from) {
        if (!INVESTIGATION_TRANSITIONS[from].includes(move.to)) continue
        const r = manualTransition(complete(from, { subjectStatuses: ['opinion_given'] }), move.to)
        assert.equal(r.ok, false, `${from} → ${move.to}`)
        if (!r.ok) assert.match(r.missing[0]!, /Report tab|Outcome tab/)
      }
    }
    assert.deepEqual(manualTransition(complete('report_with_decision_maker'), 'report_approved'), {
      ok: false,
      missing: [
        'The investigation moves to “report approved, ready to send” when the decision maker approves the report (Report tab); it has no separate status step',
      ],
    })
    // A move outside the graph is refused as such, even where a report step would end there.
    assert.equal(reportStepOwning('investigating', 'report_with_decision_maker'), null)
    assert.deepEqual(manualTransition(complete('investigating'), 'report_with_decision_maker'), {
      ok: false,
      missing: ['An investigation cannot go from “investigating” to “report with decision maker”'],
    })
    // Moves the report does not own are unchanged.
    assert.ok(manualTransition(complete('investigating', { subjectStatuses: [] }), 'report_drafting').ok)
    assert.ok(manualTransition(complete('report_drafting'), 'investigating').ok)
  })

  it('takes the case where each step says, from the statuses it may come from', () => {
    const expected: Record<string, string> = {
      submitted: 'report_with_decision_maker',
      returned: 'report_drafting',
      approved: 'report_approved',
      sent: 'report_sent_to_appropriate_authority',
    }
    for (const step of REPORT_STEPS) {
      for (const from of REPORT_DRIVEN_MOVES[step].from) {
        const r = statusAfterReportStep(complete(from, { subjectStatuses: ['opinion_given'] }), step)
        assert.ok(r.ok, `${step} from ${from}`)
        if (r.ok) assert.equal(r.to, expected[step])
        if (r.ok && from !== 'investigating') assert.deepEqual(r.path, [expected[step]], `${step} from ${from}`)
      }
    }
  })

  it('submits from investigating through report drafting, whose guard applies', () => {
    const r = statusAfterReportStep(complete('investigating', { subjectStatuses: ['responded'] }), 'submitted')
    assert.deepEqual(r, {
      ok: true,
      to: 'report_with_decision_maker',
      path: ['report_drafting', 'report_with_decision_maker'],
    })
    assert.deepEqual(
      statusAfterReportStep(complete('investigating', { subjectStatuses: ['identified'] }), 'submitted'),
      {
        ok: false,
        missing: [M.notices],
      },
    )
  })

  it('does not wait for a notice no one may serve: a subject assessed as neither misconduct nor gross misconduct', () => {
    const submit = (severity: 'misconduct' | 'gross_misconduct' | 'neither' | null) =>
      statusAfterReportStep(
        complete('investigating', {
          subjectStatuses: ['identified', 'responded'],
          subjectSeverities: [severity, 'misconduct'],
        }),
        'submitted',
      ).ok
    assert.equal(submit('neither'), true)
    assert.equal(submit('misconduct'), false)
    assert.equal(submit('gross_misconduct'), false)
    assert.equal(submit(null), false, 'an unassessed subject still waits for the assessment and its notice')
  })

  it('is refused while the case is elsewhere (suspended, say), naming where it is', () => {
    for (const step of REPORT_STEPS) {
      for (const status of INVESTIGATION_STATUSES.filter((s) => !REPORT_DRIVEN_MOVES[step].from.includes(s))) {
        const r = statusAfterReportStep(complete(status), step)
        assert.equal(r.ok, false)
        if (!r.ok) assert.match(r.missing[0]!, /^The investigation is “/)
      }
    }
    assert.deepEqual(statusAfterReportStep(complete('suspended'), 'submitted'), {
      ok: false,
      missing: [
        'The investigation is “suspended”; the report can be submitted only while it is “investigating” or “report being drafted”',
      ],
    })
  })
})

const factsArb = (
  status: fc.Arbitrary<InvestigationStatus> = fc.constantFrom(...INVESTIGATION_STATUSES),
): fc.Arbitrary<InvestigationFacts> =>
  fc.record({
    status,
    form: fc.option(fc.constantFrom(...INVESTIGATION_FORMS), { nil: null }),
    hasLeadInvestigator: fc.boolean(),
    hasTermsOfReference: fc.boolean(),
    hasDecisionMaker: fc.boolean(),
    hasDraftReport: fc.boolean(),
    reportApproved: fc.boolean(),
    subjectStatuses: fc.array(fc.constantFrom(...SUBJECT_STATUSES), { maxLength: 4 }),
    appropriateAuthorityResponded: fc.boolean(),
    statusBeforeSuspension: fc.option(fc.constantFrom(...INVESTIGATION_STATUSES), { nil: null }),
    hasSuspensionReason: fc.boolean(),
    discontinued: fc.boolean(),
    reopeningGround: fc.option(fc.constantFrom(...REOPENING_GROUNDS), { nil: null }),
    assessedSinceReopened: fc.boolean(),
  })

describe('properties', () => {
  it('allowedTransitions is exactly the moves transition allows, all within the graph', () => {
    fc.assert(
      fc.property(factsArb(), (facts) => {
        const allowed = allowedTransitions(facts)
        for (const to of INVESTIGATION_STATUSES) {
          const r = transition(facts, to)
          assert.equal(r.ok, allowed.includes(to))
          if (r.ok) assert.ok(INVESTIGATION_TRANSITIONS[facts.status].includes(to))
          else {
            assert.ok(r.missing.length > 0)
            for (const m of r.missing) assert.match(m, /^[A-Z]/)
          }
        }
      }),
    )
  })

  it('random sequences of moves never reach a status that was not offered', () => {
    // Each step: the facts may change (as work is recorded), then a status is asked for; the
    // move happens only when transition allows it, as a service would do.
    const step = fc.record({
      change: factsArb().map(({ status: _s, statusBeforeSuspension: _b, ...rest }) => rest),
      to: fc.constantFrom(...INVESTIGATION_STATUSES),
      changeFacts: fc.boolean(),
    })
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        let facts = bare('referred')
        for (const { change, to, changeFacts } of steps) {
          if (changeFacts) facts = { ...facts, ...change }
          const offered = allowedTransitions(facts)
          if (!transition(facts, to).ok) continue
          assert.ok(offered.includes(to), `${facts.status} → ${to} was not offered`)
          // Invariants a service relies on when it records the move.
          if (to === 'report_sent_to_appropriate_authority') assert.ok(facts.reportApproved)
          if (to === 'investigating' && facts.status === 'assessed')
            assert.ok(facts.hasLeadInvestigator && facts.hasTermsOfReference)
          if (
            to === 'closed' &&
            ['report_sent_to_appropriate_authority', 'awaiting_proceedings'].includes(facts.status)
          ) {
            assert.ok(facts.subjectStatuses.every((s) => s === 'outcome'))
          }
          const statusBeforeSuspension =
            to === 'suspended' ? facts.status : facts.status === 'suspended' ? null : facts.statusBeforeSuspension
          facts = { ...facts, status: to, statusBeforeSuspension }
        }
      }),
    )
  })
})
