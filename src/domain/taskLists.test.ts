import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { INVESTIGATION_STATUSES, statusAfterReportStep, type InvestigationFacts } from './investigationLifecycle.js'
import { REPORT_STATUSES } from './report.js'
import { SUBJECT_STATUSES } from './subjectLifecycle.js'
import { SEVERITIES } from './vocabulary.js'
import {
  CASE_STAGES,
  CASE_STAGE_PREREQUISITES,
  CASE_STAGE_TITLES,
  REPORT_SECTION_KEYS,
  REPORT_SECTION_TITLES,
  TASK_STATUS_LABELS,
  isReportSectionKey,
  type CaseStage,
  type DeterminationTaskFacts,
  caseProgress,
  determinationTaskList,
  reportTaskList,
  type CaseProgressFacts,
  type ReportTaskFacts,
  type TaskStatus,
} from './taskLists.js'

const investigation = (over: Partial<InvestigationFacts> = {}): InvestigationFacts => ({
  status: 'investigating',
  form: 'independent',
  hasLeadInvestigator: true,
  hasTermsOfReference: true,
  hasDecisionMaker: true,
  hasDraftReport: false,
  reportApproved: false,
  subjectStatuses: [],
  appropriateAuthorityResponded: false,
  statusBeforeSuspension: null,
  hasSuspensionReason: false,
  discontinued: false,
  reopeningGround: null,
  assessedSinceReopened: false,
  ...over,
})

const emptySections: ReportTaskFacts['sections'] = {
  summary: '',
  termsOfReference: '',
  chronologyEvents: 0,
  evidenceAnalysis: '',
  documents: 0,
  findingsFor: [],
  learning: '',
}
const fullSections = (subjects: string[]): ReportTaskFacts['sections'] => ({
  summary: 'S',
  termsOfReference: 'T',
  chronologyEvents: 2,
  evidenceAnalysis: 'E',
  documents: 1,
  findingsFor: subjects,
  learning: 'L',
})

const statuses = (rows: { key: string; status: TaskStatus }[]) => Object.fromEntries(rows.map((r) => [r.key, r.status]))

describe('the report task list', () => {
  it('has a row per section in the report’s order, then the submission', () => {
    const rows = reportTaskList({
      reportStatus: null,
      sections: emptySections,
      subjects: [],
      investigation: investigation(),
    })
    assert.deepEqual(
      rows.map((r) => r.key),
      [...REPORT_SECTION_KEYS, 'submit'],
    )
  })

  const cases: {
    name: string
    facts: Partial<ReportTaskFacts>
    expect: Record<string, TaskStatus>
    hint?: [string, RegExp]
  }[] = [
    {
      name: 'nothing written: sections not started, submission waits for a saved version',
      facts: {},
      expect: {
        summary: 'not_started',
        'terms-of-reference': 'not_started',
        chronology: 'not_started',
        'evidence-analysis': 'not_started',
        findings: 'completed',
        learning: 'not_started',
        submit: 'cannot_start',
      },
    },
    {
      name: 'findings cannot start while no subject has findings and one is unassessed',
      facts: {
        subjects: [
          { id: 'a', assessed: true },
          { id: 'b', assessed: false },
        ],
      },
      expect: { findings: 'cannot_start' },
      hint: ['findings', /severity assessment of 1 subject/],
    },
    {
      name: 'findings on some subjects are in progress',
      facts: {
        sections: { ...emptySections, findingsFor: ['a'] },
        subjects: [
          { id: 'a', assessed: true },
          { id: 'b', assessed: true },
        ],
      },
      expect: { findings: 'in_progress' },
      hint: ['findings', /Findings on 1 of 2 subjects/],
    },
    {
      name: 'evidence referred to without the analysis written is in progress',
      facts: { sections: { ...emptySections, documents: 2 } },
      expect: { 'evidence-analysis': 'in_progress' },
    },
    {
      name: 'a saved draft with sections unwritten can still be submitted, naming them',
      facts: { reportStatus: 'draft', sections: { ...emptySections, summary: 'S' } },
      expect: { summary: 'completed', submit: 'not_started' },
      hint: ['submit', /4 sections not completed yet/],
    },
    {
      name: 'every section written and the lifecycle allows it: the submission is open',
      facts: {
        reportStatus: 'draft',
        sections: fullSections(['a']),
        subjects: [{ id: 'a', assessed: true }],
        investigation: investigation({ subjectStatuses: ['notice_served'], subjectSeverities: ['misconduct'] }),
      },
      expect: { summary: 'completed', findings: 'completed', submit: 'not_started' },
    },
    {
      name: 'the submission waits for the lifecycle’s guard (a notice not served)',
      facts: {
        reportStatus: 'draft',
        sections: fullSections(['a']),
        subjects: [{ id: 'a', assessed: true }],
        investigation: investigation({ subjectStatuses: ['identified'], subjectSeverities: ['misconduct'] }),
      },
      expect: { submit: 'cannot_start' },
      hint: ['submit', /served a notice/],
    },
    {
      name: 'the submission waits for a decision maker',
      facts: {
        reportStatus: 'draft',
        sections: fullSections([]),
        investigation: investigation({ hasDecisionMaker: false }),
      },
      expect: { submit: 'cannot_start' },
      hint: ['submit', /decision maker must be assigned/],
    },
    {
      name: 'a submitted report’s submission is completed',
      facts: { reportStatus: 'submitted', sections: fullSections([]) },
      expect: { submit: 'completed' },
    },
    {
      name: 'a returned report can be submitted again',
      facts: { reportStatus: 'returned', sections: fullSections([]) },
      expect: { submit: 'not_started' },
      hint: ['submit', /Returned with comments/],
    },
  ]
  for (const c of cases)
    it(c.name, () => {
      const rows = reportTaskList({
        reportStatus: null,
        sections: emptySections,
        subjects: [],
        investigation: investigation(),
        ...c.facts,
      })
      const got = statuses(rows)
      for (const [key, status] of Object.entries(c.expect)) assert.equal(got[key], status, key)
      if (c.hint) assert.match(rows.find((r) => r.key === c.hint![0])!.hint ?? '', c.hint[1])
    })

  it('offers the submission only when a version is saved and the lifecycle’s guard allows it (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(null, ...REPORT_STATUSES),
        fc.record({
          summary: fc.constantFrom('', ' ', 'x'),
          termsOfReference: fc.constantFrom('', 'x'),
          chronologyEvents: fc.nat(3),
          evidenceAnalysis: fc.constantFrom('', 'x'),
          documents: fc.nat(3),
          findingsFor: fc.subarray(['a', 'b']),
          learning: fc.constantFrom('', 'x'),
        }),
        fc.subarray([
          { id: 'a', assessed: true },
          { id: 'b', assessed: false },
        ]),
        fc.boolean(),
        fc.constantFrom(...SUBJECT_STATUSES),
        (reportStatus, sections, subjects, hasDecisionMaker, subjectStatus) => {
          const facts = investigation({ hasDecisionMaker, subjectStatuses: [subjectStatus] })
          const rows = reportTaskList({ reportStatus, sections, subjects, investigation: facts })
          const submit = rows.at(-1)!
          const guard = statusAfterReportStep({ ...facts, hasDraftReport: true }, 'submitted')
          if (reportStatus === 'submitted' || reportStatus === 'approved') assert.equal(submit.status, 'completed')
          else assert.equal(submit.status === 'not_started', reportStatus !== null && guard.ok)
          // A row that cannot start says why, and every section row has a status.
          if (submit.status === 'cannot_start') assert.ok(submit.hint)
          assert.equal(rows.length, REPORT_SECTION_KEYS.length + 1)
        },
      ),
    )
  })
})

describe('the decision maker’s determinations task list', () => {
  const subjects = [
    { id: 'a', name: 'PC Ian Carne (A1)', determined: false },
    { id: 'b', name: 'PS Megan Carne (B2)', determined: true },
  ]
  it('has a row per subject, then the decision, which cannot start until every determination is recorded', () => {
    const rows = determinationTaskList({ reportStatus: 'submitted', subjects })
    assert.deepEqual(
      rows.map((r) => [r.key, r.status, r.statusText]),
      [
        ['subject:a', 'not_started', 'Determination needed'],
        ['subject:b', 'completed', 'Determination recorded'],
        ['decision', 'cannot_start', 'Cannot start yet'],
      ],
    )
    assert.match(rows[2]!.hint!, /last determination/)
  })
  it('opens the decision once every subject is determined, and completes it on approval', () => {
    const all = subjects.map((s) => ({ ...s, determined: true }))
    assert.equal(determinationTaskList({ reportStatus: 'submitted', subjects: all }).at(-1)!.status, 'not_started')
    assert.equal(determinationTaskList({ reportStatus: 'approved', subjects: all }).at(-1)!.status, 'completed')
    assert.equal(determinationTaskList({ reportStatus: 'submitted', subjects: [] }).at(-1)!.status, 'not_started')
  })
  it('the decision is open only when the report is with the decision maker and every subject is determined (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(null, ...REPORT_STATUSES),
        fc.array(fc.boolean(), { maxLength: 5 }),
        (reportStatus, determined) => {
          const rows = determinationTaskList({
            reportStatus,
            subjects: determined.map((d, i) => ({ id: String(i), name: `S${i}`, determined: d })),
          })
          assert.equal(rows.length, determined.length + 1)
          assert.equal(rows.at(-1)!.status === 'not_started', reportStatus === 'submitted' && determined.every(Boolean))
        },
      ),
    )
  })
})

describe('the case’s progress', () => {
  const base: CaseProgressFacts = {
    status: 'investigating',
    hasTermsOfReference: true,
    hasDecisionMaker: true,
    subjects: [],
    reportStatus: null,
    determinations: 0,
    reportSent: false,
    responses: { answered: 0, due: 0 },
    publication: 'none',
    activeHolds: 0,
  }
  const table: { name: string; facts: Partial<CaseProgressFacts>; expect: Partial<Record<string, TaskStatus>> }[] = [
    {
      name: 'a new case: terms of reference not started, later stages waiting',
      facts: { hasTermsOfReference: false, subjects: [{ status: 'identified', severity: null, interviews: 0 }] },
      expect: {
        'terms-of-reference': 'not_started',
        severity: 'not_started',
        notices: 'cannot_start',
        interviews: 'cannot_start',
        report: 'not_started',
        'decision-maker': 'cannot_start',
        sent: 'cannot_start',
        response: 'cannot_start',
        publication: 'cannot_start',
      },
    },
    {
      name: 'subjects assessed, one served: notices in progress, interviews open',
      facts: {
        subjects: [
          { status: 'notice_served', severity: 'gross_misconduct', interviews: 0 },
          { status: 'identified', severity: 'misconduct', interviews: 0 },
          { status: 'identified', severity: 'neither', interviews: 0 },
        ],
      },
      expect: { severity: 'completed', notices: 'in_progress', interviews: 'not_started' },
    },
    {
      name: 'a subject assessed as neither needs no notice and no interview under notice',
      facts: { subjects: [{ status: 'identified', severity: 'neither', interviews: 0 }] },
      expect: { notices: 'completed', interviews: 'completed' },
    },
    {
      name: 'a report with the decision maker, some determinations recorded',
      facts: {
        status: 'report_with_decision_maker',
        reportStatus: 'submitted',
        determinations: 1,
        subjects: [
          { status: 'opinion_given', severity: 'misconduct', interviews: 1 },
          { status: 'notice_served', severity: 'misconduct', interviews: 1 },
        ],
      },
      expect: { interviews: 'completed', report: 'completed', 'decision-maker': 'in_progress', sent: 'cannot_start' },
    },
    {
      name: 'sent and partly answered, publication held',
      facts: {
        status: 'report_sent_to_appropriate_authority',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 1, due: 2 },
        activeHolds: 1,
      },
      expect: {
        'decision-maker': 'completed',
        sent: 'completed',
        response: 'in_progress',
        publication: 'cannot_start',
      },
    },
    {
      name: 'published',
      facts: {
        status: 'closed',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 2, due: 2 },
        publication: 'published',
      },
      expect: { response: 'completed', publication: 'completed' },
    },
  ]
  for (const c of table)
    it(c.name, () => {
      const got = statuses(caseProgress({ ...base, ...c.facts }))
      for (const [key, status] of Object.entries(c.expect)) assert.equal(got[key], status, key)
    })

  const facts: fc.Arbitrary<CaseProgressFacts> = fc.record({
    status: fc.constantFrom(...INVESTIGATION_STATUSES),
    hasTermsOfReference: fc.boolean(),
    hasDecisionMaker: fc.boolean(),
    subjects: fc.array(
      fc.record({
        status: fc.constantFrom(...SUBJECT_STATUSES),
        severity: fc.constantFrom(null, ...SEVERITIES),
        interviews: fc.nat(2),
      }),
      { maxLength: 4 },
    ),
    reportStatus: fc.constantFrom(null, ...REPORT_STATUSES),
    determinations: fc.nat(4),
    reportSent: fc.boolean(),
    responses: fc.record({ answered: fc.nat(3), due: fc.nat(3) }),
    publication: fc.constantFrom('none', 'released_to_interested_persons', 'published', 'withdrawn'),
    activeHolds: fc.nat(2),
  })

  it('lists every stage once, in the statutory order (property)', () => {
    fc.assert(
      fc.property(facts, (f) =>
        assert.deepEqual(
          caseProgress(f).map((r) => r.key),
          [...CASE_STAGES],
        ),
      ),
    )
  })

  it('never shows a stage completed while a stage it waits for is not (property)', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const got = statuses(caseProgress(f))
        for (const stage of CASE_STAGES)
          if (got[stage] === 'completed')
            for (const earlier of CASE_STAGE_PREREQUISITES[stage])
              assert.equal(got[earlier], 'completed', `${stage} completed while ${earlier} is ${got[earlier]}`)
      }),
    )
  })

  it('says “Cannot start yet” only while a stage it waits for is unfinished, or a publication hold is in force (property)', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const rows = caseProgress(f)
        const got = statuses(rows)
        for (const r of rows)
          if (r.status === 'cannot_start') {
            const waiting = CASE_STAGE_PREREQUISITES[r.key].some((p) => got[p] !== 'completed')
            assert.ok(
              waiting || (r.key === 'publication' && f.activeHolds > 0),
              `${r.key} cannot start, waiting for nothing`,
            )
          }
      }),
    )
  })
})

describe('task lists written out in full (every row’s status and words, for cases across the path)', () => {
  it('name their statuses, sections and stages in the words people see', () => {
    assert.deepEqual(TASK_STATUS_LABELS, {
      cannot_start: 'Cannot start yet',
      not_started: 'Not started',
      in_progress: 'In progress',
      completed: 'Completed',
    })
    assert.deepEqual(REPORT_SECTION_TITLES, {
      summary: 'Summary',
      'terms-of-reference': 'Terms of reference',
      chronology: 'Chronology extract',
      'evidence-analysis': 'Evidence analysis',
      findings: 'Findings',
      learning: 'Learning',
    })
    assert.deepEqual(CASE_STAGE_TITLES, {
      'terms-of-reference': 'Terms of reference',
      severity: 'Severity assessments',
      notices: 'Notices of investigation served',
      interviews: 'Interviews of subjects',
      report: 'Final report written and submitted',
      'decision-maker': 'Decision maker’s determinations and approval',
      sent: 'Report sent to the appropriate authority',
      response: 'The appropriate authority’s response',
      publication: 'Publication',
    })
    assert.deepEqual(CASE_STAGE_PREREQUISITES, {
      'terms-of-reference': [],
      severity: [],
      notices: ['severity'],
      interviews: ['notices'],
      report: [],
      'decision-maker': ['report'],
      sent: ['decision-maker'],
      response: ['sent'],
      publication: ['sent'],
    })
    for (const key of REPORT_SECTION_KEYS) assert.equal(isReportSectionKey(key), true, key)
    for (const other of ['', 'Summary', 'submit', 'findings ', null, 1, ['summary']])
      assert.equal(isReportSectionKey(other), false, String(other))
  })

  const empty = emptySections
  const reportFacts: Record<string, ReportTaskFacts> = {
    'nothing saved': {
      reportStatus: null,
      sections: empty,
      subjects: [{ id: 'a', assessed: false }],
      investigation: investigation(),
    },
    'a draft part written': {
      reportStatus: 'draft',
      sections: { ...empty, summary: ' S ', chronologyEvents: 1, evidenceAnalysis: 'E', findingsFor: ['b'] },
      subjects: [
        { id: 'a', assessed: true },
        { id: 'b', assessed: false },
      ],
      investigation: investigation({ status: 'report_drafting' }),
    },
    'documents, no analysis; no findings, all assessed': {
      reportStatus: 'draft',
      sections: { ...empty, termsOfReference: 'T', chronologyEvents: 3, documents: 2, learning: ' ' },
      subjects: [
        { id: 'a', assessed: true },
        { id: 'b', assessed: true },
      ],
      investigation: investigation({ status: 'report_drafting', subjectStatuses: ['notice_served', 'responded'] }),
    },
    'all written, returned': {
      reportStatus: 'returned',
      sections: fullSections(['a']),
      subjects: [{ id: 'a', assessed: true }],
      investigation: investigation({ status: 'report_drafting', subjectStatuses: ['responded'] }),
    },
    'suspended draft': {
      reportStatus: 'draft',
      sections: { ...empty, summary: 'S', evidenceAnalysis: 'E', documents: 3 },
      subjects: [],
      investigation: investigation({ status: 'suspended', statusBeforeSuspension: 'report_drafting' }),
    },
    approved: {
      reportStatus: 'approved',
      sections: { ...empty, summary: 'S' },
      subjects: [],
      investigation: investigation({ status: 'report_approved' }),
    },
  }
  const reportRows: [string, [string, TaskStatus, string | null][]][] = [
    [
      'nothing saved',
      [
        ['summary', 'not_started', null],
        ['terms-of-reference', 'not_started', null],
        ['chronology', 'not_started', null],
        ['evidence-analysis', 'not_started', null],
        ['findings', 'cannot_start', 'Waiting for the severity assessment of 1 subject'],
        ['learning', 'not_started', null],
        ['submit', 'cannot_start', 'Save a section of the report first'],
      ],
    ],
    [
      'a draft part written',
      [
        ['summary', 'completed', null],
        ['terms-of-reference', 'not_started', null],
        ['chronology', 'completed', '1 event included'],
        ['evidence-analysis', 'completed', 'No evidence referred to'],
        ['findings', 'in_progress', 'Findings on 1 of 2 subjects'],
        ['learning', 'not_started', null],
        ['submit', 'not_started', '3 sections not completed yet'],
      ],
    ],
    [
      'documents, no analysis; no findings, all assessed',
      [
        ['summary', 'not_started', null],
        ['terms-of-reference', 'completed', null],
        ['chronology', 'completed', '3 events included'],
        ['evidence-analysis', 'in_progress', 'The analysis is not written yet'],
        ['findings', 'not_started', 'Findings on 0 of 2 subjects'],
        ['learning', 'not_started', null],
        ['submit', 'not_started', '4 sections not completed yet'],
      ],
    ],
    [
      'all written, returned',
      [
        ['summary', 'completed', null],
        ['terms-of-reference', 'completed', null],
        ['chronology', 'completed', '2 events included'],
        ['evidence-analysis', 'completed', '1 document referred to'],
        ['findings', 'completed', null],
        ['learning', 'completed', null],
        ['submit', 'not_started', 'Returned with comments: submit it again'],
      ],
    ],
    [
      'suspended draft',
      [
        ['summary', 'completed', null],
        ['terms-of-reference', 'not_started', null],
        ['chronology', 'not_started', null],
        ['evidence-analysis', 'completed', '3 documents referred to'],
        ['findings', 'completed', 'The investigation has no subjects'],
        ['learning', 'not_started', null],
        [
          'submit',
          'cannot_start',
          'The investigation is “suspended”; the report can be submitted only while it is “investigating” or “report being drafted”',
        ],
      ],
    ],
    [
      'approved',
      [
        ['summary', 'completed', null],
        ['terms-of-reference', 'not_started', null],
        ['chronology', 'not_started', null],
        ['evidence-analysis', 'not_started', null],
        ['findings', 'completed', 'The investigation has no subjects'],
        ['learning', 'not_started', null],
        ['submit', 'completed', 'The decision maker approved it'],
      ],
    ],
  ]
  for (const [name, expected] of reportRows)
    it(`the report: ${name}`, () => {
      const rows = reportTaskList(reportFacts[name]!)
      assert.deepEqual(
        rows.map((r) => [r.key, r.status, r.hint]),
        expected,
      )
      for (const r of rows) {
        assert.equal(r.statusText, TASK_STATUS_LABELS[r.status], r.key)
        assert.equal(
          r.title,
          r.key === 'submit' ? 'Submit the report to the decision maker' : REPORT_SECTION_TITLES[r.key],
          r.key,
        )
      }
    })

  const determinationFacts: Record<string, DeterminationTaskFacts> = {
    'submitted, one of two determined': {
      reportStatus: 'submitted',
      subjects: [
        { id: 'a', name: 'PC A', determined: true },
        { id: 'b', name: 'PS B', determined: false },
      ],
    },
    'submitted, two left': {
      reportStatus: 'submitted',
      subjects: [
        { id: 'a', name: 'PC A', determined: false },
        { id: 'b', name: 'PS B', determined: false },
      ],
    },
    'submitted, all determined': { reportStatus: 'submitted', subjects: [{ id: 'a', name: 'PC A', determined: true }] },
    approved: { reportStatus: 'approved', subjects: [{ id: 'a', name: 'PC A', determined: true }] },
    draft: { reportStatus: 'draft', subjects: [{ id: 'a', name: 'PC A', determined: false }] },
    'none saved, no subjects': { reportStatus: null, subjects: [] },
  }
  const determinationRows: [string, [string, string, TaskStatus, string, string | null][]][] = [
    [
      'submitted, one of two determined',
      [
        ['subject:a', 'PC A', 'completed', 'Determination recorded', null],
        ['subject:b', 'PS B', 'not_started', 'Determination needed', null],
        [
          'decision',
          'Approve the report or return it',
          'cannot_start',
          'Cannot start yet',
          'Record the last determination first; the report can still be returned with comments',
        ],
      ],
    ],
    [
      'submitted, two left',
      [
        ['subject:a', 'PC A', 'not_started', 'Determination needed', null],
        ['subject:b', 'PS B', 'not_started', 'Determination needed', null],
        [
          'decision',
          'Approve the report or return it',
          'cannot_start',
          'Cannot start yet',
          'Record 2 more determinations first; the report can still be returned with comments',
        ],
      ],
    ],
    [
      'submitted, all determined',
      [
        ['subject:a', 'PC A', 'completed', 'Determination recorded', null],
        ['decision', 'Approve the report or return it', 'not_started', 'Not started', null],
      ],
    ],
    [
      'approved',
      [
        ['subject:a', 'PC A', 'completed', 'Determination recorded', null],
        ['decision', 'Approve the report or return it', 'completed', 'Completed', 'Approved'],
      ],
    ],
    [
      'draft',
      [
        ['subject:a', 'PC A', 'not_started', 'Determination needed', null],
        [
          'decision',
          'Approve the report or return it',
          'cannot_start',
          'Cannot start yet',
          'The report has not been submitted to the decision maker',
        ],
      ],
    ],
    [
      'none saved, no subjects',
      [
        [
          'decision',
          'Approve the report or return it',
          'cannot_start',
          'Cannot start yet',
          'The report has not been submitted to the decision maker',
        ],
      ],
    ],
  ]
  for (const [name, expected] of determinationRows)
    it(`the determinations: ${name}`, () => {
      assert.deepEqual(
        determinationTaskList(determinationFacts[name]!).map((r) => [r.key, r.title, r.status, r.statusText, r.hint]),
        expected,
      )
    })

  const progressBase: CaseProgressFacts = {
    status: 'investigating',
    hasTermsOfReference: true,
    hasDecisionMaker: true,
    subjects: [],
    reportStatus: null,
    determinations: 0,
    reportSent: false,
    responses: { answered: 0, due: 0 },
    publication: 'none',
    activeHolds: 0,
  }
  const progressRows: [string, Partial<CaseProgressFacts>, [CaseStage, TaskStatus, string | null][]][] = [
    [
      'a new case',
      {
        hasTermsOfReference: false,
        hasDecisionMaker: false,
        subjects: [{ status: 'identified', severity: null, interviews: 0 }],
      },
      [
        ['terms-of-reference', 'not_started', null],
        ['severity', 'not_started', '0 of 1 subject assessed'],
        ['notices', 'cannot_start', '0 of 1 notice served'],
        ['interviews', 'cannot_start', 'Waiting for the notices of investigation served'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'No decision maker is assigned'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'no subjects',
      {},
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'assessed, one served',
      {
        subjects: [
          { status: 'notice_served', severity: 'gross_misconduct', interviews: 0 },
          { status: 'identified', severity: 'misconduct', interviews: 0 },
          { status: 'identified', severity: 'neither', interviews: 0 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '3 of 3 subjects assessed'],
        ['notices', 'in_progress', '1 of 2 notices served'],
        ['interviews', 'not_started', '0 of 1 subject served a notice interviewed'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'one of two assessed',
      {
        subjects: [
          { status: 'identified', severity: 'misconduct', interviews: 0 },
          { status: 'identified', severity: null, interviews: 0 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'in_progress', '1 of 2 subjects assessed'],
        ['notices', 'not_started', '0 of 2 notices served'],
        ['interviews', 'cannot_start', 'Waiting for the notices of investigation served'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'neither only',
      { subjects: [{ status: 'identified', severity: 'neither', interviews: 0 }] },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '1 of 1 subject assessed'],
        ['notices', 'completed', 'No subject needs a notice'],
        ['interviews', 'completed', 'No subject needs to be interviewed under notice'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'served, one interviewed, draft returned',
      {
        reportStatus: 'returned',
        subjects: [
          { status: 'responded', severity: 'misconduct', interviews: 1 },
          { status: 'notice_served', severity: 'misconduct', interviews: 0 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '2 of 2 subjects assessed'],
        ['notices', 'completed', '2 of 2 notices served'],
        ['interviews', 'in_progress', '1 of 2 subjects served a notice interviewed'],
        ['report', 'in_progress', 'Returned with comments'],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'with decision maker',
      {
        status: 'report_with_decision_maker',
        reportStatus: 'submitted',
        determinations: 1,
        subjects: [
          { status: 'opinion_given', severity: 'misconduct', interviews: 1 },
          { status: 'notice_served', severity: 'misconduct', interviews: 1 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '2 of 2 subjects assessed'],
        ['notices', 'completed', '2 of 2 notices served'],
        ['interviews', 'completed', '2 of 2 subjects served a notice interviewed'],
        ['report', 'completed', null],
        ['decision-maker', 'in_progress', '1 of 2 determinations recorded'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'approved, not sent',
      {
        status: 'report_approved',
        reportStatus: 'approved',
        determinations: 1,
        subjects: [{ status: 'opinion_given', severity: 'misconduct', interviews: 1 }],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '1 of 1 subject assessed'],
        ['notices', 'completed', '1 of 1 notice served'],
        ['interviews', 'completed', '1 of 1 subject served a notice interviewed'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'not_started', null],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'sent, partly answered, held',
      {
        status: 'report_sent_to_appropriate_authority',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 1, due: 2 },
        activeHolds: 2,
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'in_progress', '1 of 2 subjects answered'],
        ['publication', 'cannot_start', 'Held: 2 publication holds in force'],
      ],
    ],
    [
      'sent, none answered, released',
      {
        status: 'report_sent_to_appropriate_authority',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 0, due: 1 },
        publication: 'released_to_interested_persons',
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'not_started', '0 of 1 subject answered'],
        ['publication', 'in_progress', null],
      ],
    ],
    [
      'withdrawn',
      {
        status: 'closed',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 1, due: 1 },
        publication: 'withdrawn',
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'completed', '1 of 1 subject answered'],
        ['publication', 'not_started', 'The publication was withdrawn'],
      ],
    ],
    [
      'published despite a hold',
      {
        status: 'closed',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 1, due: 1 },
        publication: 'published',
        activeHolds: 1,
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'completed', '1 of 1 subject answered'],
        ['publication', 'completed', null],
      ],
    ],
    [
      'imported: answered without report row',
      { status: 'awaiting_proceedings', reportStatus: null, responses: { answered: 1, due: 1 } },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'completed', '1 of 1 subject answered'],
        ['publication', 'not_started', null],
      ],
    ],
    [
      'subjects past their notice with no severity recorded (imported)',
      {
        subjects: [
          { status: 'proceedings', severity: null, interviews: 1 },
          { status: 'outcome', severity: null, interviews: 0 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '2 of 2 subjects assessed'],
        ['notices', 'completed', '2 of 2 notices served'],
        ['interviews', 'in_progress', '1 of 2 subjects served a notice interviewed'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'a subject assessed as neither yet served, not interviewed',
      {
        subjects: [
          { status: 'notice_served', severity: 'neither', interviews: 0 },
          { status: 'responded', severity: 'misconduct', interviews: 1 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '2 of 2 subjects assessed'],
        ['notices', 'completed', '1 of 1 notice served'],
        ['interviews', 'completed', '1 of 1 subject served a notice interviewed'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'the case with the decision maker while the report row says draft (imported)',
      { status: 'report_with_decision_maker', reportStatus: 'draft' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'not_started', '0 of 0 determinations recorded'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'the case approved with no report row (imported)',
      { status: 'report_approved' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'not_started', null],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'the case sent with no report row (imported)',
      { status: 'report_sent_to_appropriate_authority' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'completed', null],
        ['publication', 'not_started', null],
      ],
    ],
    [
      'the case awaiting proceedings with no report row (imported)',
      { status: 'awaiting_proceedings', responses: { answered: 0, due: 2 } },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'not_started', '0 of 2 subjects answered'],
        ['publication', 'not_started', null],
      ],
    ],
    [
      'a report approved while the case is still investigating',
      { reportStatus: 'approved' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'not_started', null],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'a report submitted while the case is still investigating, no determinations',
      { reportStatus: 'submitted' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'not_started', '0 of 0 determinations recorded'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'determinations recorded with no report row (imported)',
      {
        determinations: 2,
        subjects: [
          { status: 'opinion_given', severity: 'misconduct', interviews: 1 },
          { status: 'opinion_given', severity: 'misconduct', interviews: 1 },
        ],
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', '2 of 2 subjects assessed'],
        ['notices', 'completed', '2 of 2 notices served'],
        ['interviews', 'completed', '2 of 2 subjects served a notice interviewed'],
        ['report', 'completed', null],
        ['decision-maker', 'in_progress', '2 of 2 determinations recorded'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'a draft report',
      { reportStatus: 'draft' },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'in_progress', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'not sent, responses due',
      { responses: { answered: 0, due: 2 } },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'not_started', null],
        ['decision-maker', 'cannot_start', 'Waiting for the final report written and submitted'],
        ['sent', 'cannot_start', 'Waiting for the decision maker’s determinations and approval'],
        ['response', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
        ['publication', 'cannot_start', 'Waiting for the report sent to the appropriate authority'],
      ],
    ],
    [
      'released to the family while a hold stands',
      {
        status: 'report_sent_to_appropriate_authority',
        reportStatus: 'approved',
        reportSent: true,
        responses: { answered: 1, due: 1 },
        publication: 'released_to_interested_persons',
        activeHolds: 1,
      },
      [
        ['terms-of-reference', 'completed', null],
        ['severity', 'completed', 'The investigation has no subjects'],
        ['notices', 'completed', 'The investigation has no subjects'],
        ['interviews', 'completed', 'The investigation has no subjects'],
        ['report', 'completed', null],
        ['decision-maker', 'completed', null],
        ['sent', 'completed', null],
        ['response', 'completed', '1 of 1 subject answered'],
        ['publication', 'in_progress', 'Held: 1 publication hold in force'],
      ],
    ],
  ]
  for (const [name, facts, expected] of progressRows)
    it(`the case’s progress: ${name}`, () => {
      const rows = caseProgress({ ...progressBase, ...(facts as Partial<CaseProgressFacts>) })
      assert.deepEqual(
        rows.map((r) => [r.key, r.status, r.hint]),
        expected,
      )
      for (const r of rows) {
        assert.equal(r.statusText, TASK_STATUS_LABELS[r.status], r.key)
        assert.equal(r.title, CASE_STAGE_TITLES[r.key], r.key)
      }
    })
})

describe('the submission row’s words', () => {
  const facts = (over: Partial<ReportTaskFacts>): ReportTaskFacts => ({
    reportStatus: 'draft',
    sections: fullSections(['a']),
    subjects: [{ id: 'a', assessed: true }],
    investigation: investigation(),
    ...over,
  })
  const submitHint = (over: Partial<ReportTaskFacts>) => reportTaskList(facts(over)).at(-1)!.hint

  it('says nothing more once submitted, and names the approval once approved', () => {
    assert.equal(
      submitHint({ reportStatus: 'submitted', investigation: investigation({ status: 'report_with_decision_maker' }) }),
      null,
    )
    assert.equal(
      submitHint({ reportStatus: 'approved', investigation: investigation({ status: 'report_approved' }) }),
      'The decision maker approved it',
    )
  })

  it('joins everything the lifecycle waits for into sentences, and a return with the sections unfinished', () => {
    assert.equal(
      submitHint({
        investigation: investigation({
          hasDecisionMaker: false,
          subjectStatuses: ['identified'],
          subjectSeverities: ['misconduct'],
        }),
      }),
      'Every subject must be served a notice of investigation before the report is drafted. A decision maker must be assigned before the report goes to them',
    )
    assert.equal(
      submitHint({
        reportStatus: 'returned',
        sections: { ...fullSections(['a']), summary: '', learning: '' },
        investigation: investigation({ status: 'report_drafting', subjectStatuses: ['responded'] }),
      }),
      'Returned with comments: submit it again; 2 sections not completed yet',
    )
  })
})
