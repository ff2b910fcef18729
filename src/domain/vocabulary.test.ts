import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import * as v from './vocabulary.js'

const VOCABULARIES: [string, readonly string[], Record<string, string>, (x: unknown) => boolean][] = [
  ['matter types', v.MATTER_TYPES, v.MATTER_TYPE_LABELS, v.isMatterType],
  ['referral categories', v.REFERRAL_CATEGORIES, v.REFERRAL_CATEGORY_LABELS, v.isReferralCategory],
  ['investigation forms', v.INVESTIGATION_FORMS, v.INVESTIGATION_FORM_LABELS, v.isInvestigationForm],
  [
    'standards of professional behaviour',
    v.STANDARDS_OF_PROFESSIONAL_BEHAVIOUR,
    v.STANDARD_OF_PROFESSIONAL_BEHAVIOUR_LABELS,
    v.isStandardOfProfessionalBehaviour,
  ],
  ['severities', v.SEVERITIES, v.SEVERITY_LABELS, v.isSeverity],
  ['opinions', v.OPINIONS, v.OPINION_LABELS, v.isOpinion],
  ['proceedings kinds', v.PROCEEDINGS_KINDS, v.PROCEEDINGS_KIND_LABELS, v.isProceedingsKind],
  ['outcomes', v.OUTCOMES, v.OUTCOME_LABELS, v.isOutcome],
  ['interview kinds', v.INTERVIEW_KINDS, v.INTERVIEW_KIND_LABELS, v.isInterviewKind],
  ['notice service methods', v.NOTICE_SERVICE_METHODS, v.NOTICE_SERVICE_METHOD_LABELS, v.isNoticeServiceMethod],
  ['reopening grounds', v.REOPENING_GROUNDS, v.REOPENING_GROUND_LABELS, v.isReopeningGround],
  ['subject kinds', v.SUBJECT_KINDS, v.SUBJECT_KIND_LABELS, v.isSubjectKind],
  ['ranks', v.RANKS, v.RANK_LABELS, v.isRank],
]

describe('vocabularies', () => {
  for (const [name, values, labels, guard] of VOCABULARIES) {
    describe(name, () => {
      it('has unique snake_case values', () => {
        assert.equal(new Set(values).size, values.length)
        for (const value of values) assert.match(value, /^[a-z]+(_[a-z]+)*$/)
      })

      it('labels every value and nothing else', () => {
        assert.deepEqual(Object.keys(labels).sort(), [...values].sort())
        for (const value of values) assert.ok((labels[value] ?? '').trim().length > 0, value)
        assert.equal(new Set(Object.values(labels)).size, values.length, 'labels are distinct')
      })

      it('recognises its own values only', () => {
        for (const value of values) assert.ok(guard(value), value)
        for (const other of ['', 'Misconduct', 'unknown', 'constructor', 'toString', undefined, null, 3])
          assert.equal(guard(other), false, String(other))
      })
    })
  }
})

describe('the DOMAIN.md terms', () => {
  it('has the three matter types', () => {
    assert.deepEqual([...v.MATTER_TYPES], ['complaint', 'conduct_matter', 'dsi_matter'])
  })

  it('has the ten Standards of Professional Behaviour', () => {
    assert.equal(v.STANDARDS_OF_PROFESSIONAL_BEHAVIOUR.length, 10)
  })

  it('has the proceedings outcomes, with dismissal leading to the barred list', () => {
    assert.deepEqual(v.BARRING_OUTCOMES, ['dismissal_without_notice'])
  })
})

describe('referral categories', () => {
  it('treats everything but voluntary referral and call-in as mandatory', () => {
    assert.ok(v.MANDATORY_REFERRAL_CATEGORIES.includes('death_or_serious_injury'))
    assert.ok(v.MANDATORY_REFERRAL_CATEGORIES.includes('discrimination_aggravated'))
    assert.ok(!v.MANDATORY_REFERRAL_CATEGORIES.includes('voluntary'))
    assert.ok(!v.MANDATORY_REFERRAL_CATEGORIES.includes('called_in'))
    assert.equal(v.MANDATORY_REFERRAL_CATEGORIES.length, v.REFERRAL_CATEGORIES.length - 2)
  })
})

describe('investigation forms', () => {
  it('keeps supervised and managed for history only', () => {
    assert.deepEqual(
      [...v.CURRENT_INVESTIGATION_FORMS],
      ['independent', 'directed', 'local', 'returned_to_force', 'not_investigated'],
    )
    for (const f of v.HISTORICAL_INVESTIGATION_FORMS) assert.ok(!v.CURRENT_INVESTIGATION_FORMS.includes(f))
  })

  it('runs in Candour only when the oversight body investigates or directs', () => {
    const runs = v.INVESTIGATION_FORMS.filter(v.isOversightInvestigationForm)
    assert.deepEqual(runs, ['independent', 'directed', 'supervised', 'managed'])
  })
})

describe('opinions and outcomes', () => {
  it('maps an opinion to the severity it finds a case to answer for', () => {
    assert.equal(v.severityOfOpinion('case_to_answer_gross_misconduct'), 'gross_misconduct')
    assert.equal(v.severityOfOpinion('case_to_answer_misconduct'), 'misconduct')
    for (const o of ['no_case_to_answer', 'unsatisfactory_performance', 'reflective_practice'] as const)
      assert.equal(v.severityOfOpinion(o), null)
  })

  it('reserves reduction in rank and dismissal for hearings, and warnings for proceedings', () => {
    assert.ok(!v.OUTCOMES_AVAILABLE.meeting.includes('reduction_in_rank'))
    assert.ok(!v.OUTCOMES_AVAILABLE.meeting.includes('dismissal_without_notice'))
    assert.ok(v.OUTCOMES_AVAILABLE.hearing.includes('dismissal_without_notice'))
    assert.ok(!v.OUTCOMES_AVAILABLE.without_proceedings.includes('written_warning'))
    for (const route of Object.values(v.OUTCOMES_AVAILABLE)) for (const o of route) assert.ok(v.isOutcome(o))
    for (const o of v.OUTCOMES_AVAILABLE.meeting) assert.ok(v.OUTCOMES_AVAILABLE.hearing.includes(o))
    for (const o of v.OUTCOMES_AVAILABLE.without_proceedings) assert.ok(v.OUTCOMES_AVAILABLE.meeting.includes(o))
  })
})

describe('ranks', () => {
  it('starts with special constable and constable', () => {
    assert.deepEqual(v.RANKS.slice(0, 3), ['special_constable', 'constable', 'sergeant'])
    for (const r of v.CHIEF_OFFICER_RANKS) assert.ok(v.isRank(r))
  })
})

describe('rank as a title before a name', () => {
  it('capitalises every word of every rank, from its code or typed by hand', () => {
    for (const r of v.RANKS) {
      const title = v.rankTitle(r)
      for (const word of title.split(/\s+/)) assert.match(word, /^[A-Z]/, `${r} → ${title}`)
      assert.equal(title.toLowerCase(), v.RANK_LABELS[r].toLowerCase())
    }
    assert.equal(v.rankTitle('detective sergeant'), 'Detective Sergeant')
    assert.equal(v.rankTitle('chief_inspector'), 'Chief Inspector')
    assert.equal(v.rankTitle(''), '')
    assert.equal(v.rankTitle(null), '')
  })

  it('names an officer with the rank in front, or just the name', () => {
    assert.equal(v.officerName({ rank: 'sergeant', givenName: 'Ian', familyName: 'Carne' }), 'Sergeant Ian Carne')
    assert.equal(v.officerName({ rank: null, givenName: 'Ian', familyName: 'Carne' }), 'Ian Carne')
  })
})

describe('vocabularies not in the table above, and the routes between them, written out', () => {
  it('proposes proceedings in these words', () => {
    assert.deepEqual(v.PROPOSED_PROCEEDINGS, [
      'meeting',
      'hearing',
      'unsatisfactory_performance_procedure',
      'reflective_practice_review',
      'none',
    ])
    assert.deepEqual(v.PROPOSED_PROCEEDINGS_LABELS, {
      meeting: 'Misconduct meeting',
      hearing: 'Misconduct hearing',
      unsatisfactory_performance_procedure: 'Unsatisfactory performance procedure (UPP)',
      reflective_practice_review: 'Reflective practice review process',
      none: 'No proceedings',
    })
    for (const p of v.PROPOSED_PROCEEDINGS) assert.equal(v.isProposedProceedings(p), true, p)
    for (const other of ['', 'Meeting', 'toString', null, 3]) assert.equal(v.isProposedProceedings(other), false)
  })

  it('lists the outcomes each route can reach, the historical and oversight forms, and the chief officers', () => {
    assert.deepEqual(v.OUTCOMES_AVAILABLE, {
      without_proceedings: ['no_action', 'management_advice', 'reflective_practice'],
      meeting: ['no_action', 'management_advice', 'reflective_practice', 'written_warning', 'final_written_warning'],
      hearing: [
        'no_action',
        'management_advice',
        'reflective_practice',
        'written_warning',
        'final_written_warning',
        'reduction_in_rank',
        'dismissal_without_notice',
      ],
    })
    assert.deepEqual(v.HISTORICAL_INVESTIGATION_FORMS, ['supervised', 'managed'])
    assert.deepEqual(v.OVERSIGHT_INVESTIGATION_FORMS, ['independent', 'directed', 'supervised', 'managed'])
    assert.deepEqual(v.MANDATORY_REFERRAL_CATEGORIES, [
      'death_or_serious_injury',
      'serious_assault',
      'serious_sexual_offence',
      'serious_corruption',
      'discrimination_aggravated',
      'relevant_offence',
      'same_incident',
    ])
    assert.deepEqual(v.CHIEF_OFFICER_RANKS, ['chief_constable', 'commissioner', 'deputy_commissioner'])
    assert.deepEqual(v.RANKS, [
      'special_constable',
      'constable',
      'sergeant',
      'inspector',
      'chief_inspector',
      'superintendent',
      'chief_superintendent',
      'commander',
      'assistant_chief_constable',
      'deputy_assistant_commissioner',
      'deputy_chief_constable',
      'assistant_commissioner',
      'chief_constable',
      'deputy_commissioner',
      'commissioner',
    ])
  })

  it('writes a rank as a title: each word capitalised, underscores as spaces, text around it trimmed', () => {
    const table: [string | null | undefined, string][] = [
      [undefined, ''],
      ['   ', ''],
      ['constable', 'Constable'],
      ['deputy_assistant_commissioner', 'Deputy Assistant Commissioner'],
      [' detective_chief inspector ', 'Detective Chief Inspector'],
      ['acting-sergeant', 'Acting-Sergeant'],
      ['DCI', 'DCI'],
      ['élite officer', 'Élite Officer'],
      ['x1 y', 'X1 Y'],
      ['ab', 'Ab'],
    ]
    for (const [rank, title] of table) assert.equal(v.rankTitle(rank), title, String(rank))
    assert.equal(v.officerName({ givenName: 'Ian', familyName: 'Carne' }), 'Ian Carne')
    assert.equal(v.officerName({ rank: ' ', givenName: 'Ian', familyName: 'Carne' }), 'Ian Carne')
    assert.equal(
      v.officerName({ rank: 'chief_inspector', givenName: 'Ian', familyName: 'Carne' }),
      'Chief Inspector Ian Carne',
    )
  })

  it('lowers only the first letter of a label inside a sentence, and leaves acronyms alone', () => {
    const table: [string, string][] = [
      ['', ''],
      ['Quashed by the High Court', 'quashed by the High Court'],
      ['CPS decision', 'CPS decision'],
      ['A', 'a'],
      ['AB', 'AB'],
      ['Ab', 'ab'],
      ['already lower', 'already lower'],
      ['É', 'é'],
    ]
    for (const [label, inSentence] of table) assert.equal(v.inSentence(label), inSentence, label)
  })

  it('labels every vocabulary in the words DOMAIN.md uses', () => {
    assert.deepEqual(v.MATTER_TYPE_LABELS, {
      complaint: 'Complaint',
      conduct_matter: 'Conduct matter',
      dsi_matter: 'Death or serious injury (DSI) matter',
    })
    assert.deepEqual(v.SEVERITY_LABELS, {
      misconduct: 'Misconduct',
      gross_misconduct: 'Gross misconduct',
      neither: 'Neither misconduct nor gross misconduct',
    })
    assert.deepEqual(v.PROCEEDINGS_KIND_LABELS, {
      meeting: 'Misconduct meeting',
      hearing: 'Misconduct hearing (legally qualified chair)',
    })
    assert.deepEqual(v.SUBJECT_KIND_LABELS, {
      police_officer: 'Police officer',
      police_staff: 'Member of police staff',
    })
    assert.deepEqual(v.REOPENING_GROUND_LABELS, {
      materially_flawed: 'The investigation was materially flawed',
      significant_new_information: 'There is significant new information',
      public_interest: 'It is in the public interest',
    })
    assert.deepEqual(v.OUTCOME_LABELS, {
      no_action: 'No action',
      management_advice: 'Management advice',
      reflective_practice: 'Referral to reflective practice',
      written_warning: 'Written warning',
      final_written_warning: 'Final written warning',
      reduction_in_rank: 'Reduction in rank',
      dismissal_without_notice: 'Dismissal without notice',
    })
    assert.deepEqual(v.OPINION_LABELS, {
      case_to_answer_gross_misconduct: 'Case to answer for gross misconduct',
      case_to_answer_misconduct: 'Case to answer for misconduct',
      no_case_to_answer: 'No case to answer',
      unsatisfactory_performance: 'Unsatisfactory performance',
      reflective_practice: 'Reflective practice',
    })
  })
})
