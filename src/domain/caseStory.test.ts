import assert from 'node:assert/strict'
import { test } from 'node:test'
import { storyProblems, type CaseStoryFacts } from './caseStory.js'

const consistent: CaseStoryFacts = {
  today: '2026-11-30',
  notices: [
    { who: 'PC Ann Ellery', generatedOn: '2026-03-10', servedOn: '2026-03-12', responseReceivedOn: '2026-03-20' },
  ],
  approvedOn: ['2026-09-01'],
  sentOn: '2026-09-02',
  afterSending: [{ what: 'the force’s response about PC Ann Ellery', on: '2026-10-01' }],
  holds: [{ placedOn: '2026-05-01', liftedOn: '2026-06-01' }],
  happened: [{ what: 'a chronology event', on: '2026-01-01' }],
}

test('a case whose dates follow one another has no problem', () => {
  assert.deepEqual(storyProblems(consistent), [])
  assert.deepEqual(storyProblems({ ...consistent, sentOn: '2026-09-01' }), [], 'approved and sent the same day')
})

test('a notice generated after it was served, or answered before it was served', () => {
  const late = storyProblems({ ...consistent, notices: [{ ...consistent.notices[0]!, generatedOn: '2026-03-13' }] })
  assert.match(late.join('\n'), /generated on 2026-03-13, after it was served on 2026-03-12/)
  const early = storyProblems({
    ...consistent,
    notices: [{ ...consistent.notices[0]!, responseReceivedOn: '2026-03-11' }],
  })
  assert.match(early.join('\n'), /came before the notice was served/)
})

test('a report approved after it was sent, or sent without approval', () => {
  assert.match(
    storyProblems({ ...consistent, approvedOn: ['2026-09-03'] }).join('\n'),
    /approved on 2026-09-03, after it was sent/,
  )
  assert.match(storyProblems({ ...consistent, approvedOn: [] }).join('\n'), /never approved/)
})

test('responses and recommendations come after the sending', () => {
  const before = storyProblems({ ...consistent, afterSending: [{ what: 'a recommendation', on: '2026-09-01' }] })
  assert.match(before.join('\n'), /a recommendation is dated 2026-09-01, before the report was sent/)
  assert.match(storyProblems({ ...consistent, sentOn: null }).join('\n'), /never sent/)
})

test('a hold is lifted after it is placed', () => {
  const problems = storyProblems({ ...consistent, holds: [{ placedOn: '2026-05-01', liftedOn: '2026-04-01' }] })
  assert.match(problems.join('\n'), /lifted on 2026-04-01, before it was placed on 2026-05-01/)
})

test('nothing that has happened is dated after today', () => {
  const problems = storyProblems({ ...consistent, happened: [{ what: 'a chronology event', on: '2030-01-01' }] })
  assert.deepEqual(problems, ['a chronology event is dated 2030-01-01, after today (2026-11-30)'])
})

test('every contradiction, worded exactly and in order', () => {
  const n = consistent.notices[0]!
  const table: [Partial<CaseStoryFacts>, string[]][] = [
    [
      { notices: [{ ...n, generatedOn: '2026-12-01', servedOn: null, responseReceivedOn: null }] },
      ['the notice to PC Ann Ellery generated is dated 2026-12-01, after today (2026-11-30)'],
    ],
    [
      { notices: [{ ...n, servedOn: '2026-12-02', responseReceivedOn: '2026-12-03' }] },
      [
        'the notice to PC Ann Ellery served is dated 2026-12-02, after today (2026-11-30)',
        'the response from PC Ann Ellery is dated 2026-12-03, after today (2026-11-30)',
      ],
    ],
    [
      { notices: [{ ...n, generatedOn: '2026-03-13' }] },
      ['the notice to PC Ann Ellery was generated on 2026-03-13, after it was served on 2026-03-12'],
    ],
    [{ notices: [{ ...n, generatedOn: '2026-03-12' }] }, []],
    [
      { notices: [{ ...n, responseReceivedOn: '2026-03-11' }] },
      ["PC Ann Ellery's response (2026-03-11) came before the notice was served (2026-03-12)"],
    ],
    [{ notices: [{ ...n, responseReceivedOn: '2026-03-12' }] }, []],
    [
      { notices: [{ ...n, servedOn: null }] },
      ["PC Ann Ellery's response (2026-03-20) came before the notice was served (never)"],
    ],
    [
      { approvedOn: ['2026-12-01'], sentOn: '2026-12-01', afterSending: [] },
      [
        'the report approved is dated 2026-12-01, after today (2026-11-30)',
        'the report sent is dated 2026-12-01, after today (2026-11-30)',
      ],
    ],
    [{ approvedOn: [] }, ['the report was sent on 2026-09-02 but never approved']],
    [
      { approvedOn: ['2026-09-03', '2026-09-04'] },
      ['the report was approved on 2026-09-03, 2026-09-04, after it was sent on 2026-09-02'],
    ],
    [{ approvedOn: ['2026-09-03', '2026-08-01'] }, []],
    [{ approvedOn: [], sentOn: null, afterSending: [] }, []],
    [
      { afterSending: [{ what: 'a direction', on: '2026-12-05' }] },
      ['a direction is dated 2026-12-05, after today (2026-11-30)'],
    ],
    [{ afterSending: [{ what: 'a direction', on: '2026-09-02' }] }, []],
    [
      { afterSending: [{ what: 'a direction', on: '2026-09-01' }] },
      ['a direction is dated 2026-09-01, before the report was sent on 2026-09-02'],
    ],
    [{ sentOn: null }, ['the force’s response about PC Ann Ellery (2026-10-01) but the report was never sent']],
    [
      { holds: [{ placedOn: '2026-12-01', liftedOn: '2026-12-02' }] },
      [
        'a publication hold placed is dated 2026-12-01, after today (2026-11-30)',
        'a publication hold lifted is dated 2026-12-02, after today (2026-11-30)',
      ],
    ],
    [{ holds: [{ placedOn: '2026-05-01', liftedOn: null }] }, []],
    [{ holds: [{ placedOn: '2026-05-01', liftedOn: '2026-05-01' }] }, []],
    [
      { holds: [{ placedOn: '2026-05-01', liftedOn: '2026-04-30' }] },
      ['a publication hold was lifted on 2026-04-30, before it was placed on 2026-05-01'],
    ],
    [{ happened: [{ what: 'a meeting', on: '2026-11-30' }] }, []],
    [
      { happened: [{ what: 'a meeting', on: '2026-12-01' }] },
      ['a meeting is dated 2026-12-01, after today (2026-11-30)'],
    ],
  ]
  for (const [change, problems] of table)
    assert.deepEqual(storyProblems({ ...consistent, ...change }), problems, JSON.stringify(change))
})
