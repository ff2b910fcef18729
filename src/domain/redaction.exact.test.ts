/**
 * Redaction's exact outputs, written out by hand, for what mutation testing (issue 17) showed the
 * other redaction tests let through: every form of a redacted person's name and every identifier
 * (dropping one form — the initials, a date format, a line of an address — passed), the marker
 * fall-backs, dates in the chronology, an emptied description, the reason's stored form, and the
 * document's text as searched.
 */
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  EVERY_OCCURRENCE,
  decodeReason,
  documentText,
  redactDocument,
  encodeReason,
  markerFor,
  mentionsAny,
  nameForms,
  personIdentifiers,
  redactPeopleInDocument,
  redactPeopleInText,
  redactedPeople,
  termsPattern,
  type PersonRedaction,
} from './redaction.js'
import type { ReportDocument } from './report.js'

function oneParagraph(text: string, title = 'Title'): ReportDocument {
  return {
    reference: 'R',
    title,
    forceName: 'Force',
    versionNumber: 1,
    status: 'approved',
    statusLabel: 'Approved',
    sections: [{ id: 's', heading: 'Heading', blocks: [{ kind: 'paragraphs', paragraphs: [{ number: 1, text }] }] }],
  }
}
const textOf = (d: ReportDocument) =>
  (d.sections[0]!.blocks[0] as { paragraphs: { text: string }[] }).paragraphs[0]!.text

describe('the forms of a person’s name', () => {
  it('an officer with given names and a rank: every form, in order', () => {
    const forms = nameForms(
      { id: 'o', givenName: 'Hannah Jane', familyName: 'Brixey', fullName: 'Hannah Jane Brixey' },
      ['PC', ' Constable ', '  '],
    )
    assert.deepEqual(forms, [
      'Hannah Jane Brixey',
      'H. J. Brixey',
      'H.J. Brixey',
      'H J Brixey',
      'HJ Brixey',
      'H.J.B.',
      'HJB',
      'PC Brixey',
      'PC Hannah Jane Brixey',
      'PC H. J. Brixey',
      'PC HJ Brixey',
      'Constable Brixey',
      'Constable Hannah Jane Brixey',
      'Constable H. J. Brixey',
      'Constable HJ Brixey',
      'Brixey',
    ])
  })

  it('a full name only is split into given and family names; spaces are tidied; a hyphen splits initials', () => {
    assert.deepEqual(nameForms({ id: 'p', fullName: '  Jo   Bloggs ' }), [
      'Jo Bloggs',
      'J. Bloggs',
      'J Bloggs',
      'J.B.',
      'JB',
      'Bloggs',
    ])
    assert.deepEqual(nameForms({ id: 'p', fullName: 'Mary-Ann Okafor' }), [
      'Mary-Ann Okafor',
      'M. A. Okafor',
      'M.A. Okafor',
      'M A Okafor',
      'MA Okafor',
      'M.A.O.',
      'MAO',
      'Okafor',
    ])
  })

  it('given and family names recorded apart win over splitting the full name', () => {
    assert.deepEqual(nameForms({ id: 'p', givenName: 'Li', familyName: 'Wei Chen', fullName: 'Wei Chen Li' }), [
      'Wei Chen Li',
      'Li Wei Chen',
      'L. Wei Chen',
      'L Wei Chen',
      'L.W.',
      'LW',
      'Wei Chen',
    ])
  })

  it('a full name of three words: the first two are the given names', () => {
    assert.deepEqual(nameForms({ id: 'p', fullName: 'Anna Maria Lopez' }), [
      'Anna Maria Lopez',
      'A. M. Lopez',
      'A.M. Lopez',
      'A M Lopez',
      'AM Lopez',
      'A.M.L.',
      'AML',
      'Lopez',
    ])
  })

  it('a family name with no given name gives no initials; a stray hyphen gives no empty initial', () => {
    assert.deepEqual(nameForms({ id: 'p', fullName: 'Lee', familyName: 'Lee' }), ['Lee'])
    assert.deepEqual(nameForms({ id: 'p', fullName: 'Ann Lee', givenName: 'Ann-', familyName: 'Lee' }), [
      'Ann Lee',
      'Ann- Lee',
      'A. Lee',
      'A Lee',
      'A.L.',
      'AL',
      'Lee',
    ])
  })

  it('a one-word name is itself only; a one-letter name gives no form at all', () => {
    assert.deepEqual(nameForms({ id: 'p', fullName: 'Madonna' }, ['PC']), ['Madonna'])
    assert.deepEqual(nameForms({ id: 'p', fullName: 'X' }), [])
    assert.deepEqual(nameForms({ id: 'p', fullName: '' }), [])
  })
})

describe('every identifier of a person', () => {
  it('names with the warrant number beside them, the number, e-mail, phone with and without spaces', () => {
    assert.deepEqual(
      personIdentifiers(
        {
          id: 'o',
          fullName: 'Ann Lee',
          warrantNumber: ' NP1 ',
          email: 'ann.lee@northshire.police.test',
          phone: '07700  900123',
        },
        ['PC'],
      ),
      [
        'Ann Lee',
        'A. Lee',
        'A Lee',
        'A.L.',
        'AL',
        'PC Lee',
        'PC Ann Lee',
        'PC A. Lee',
        'PC A Lee',
        'Lee',
        'Ann Lee (NP1)',
        'A. Lee (NP1)',
        'A Lee (NP1)',
        'A.L. (NP1)',
        'AL (NP1)',
        'PC Lee (NP1)',
        'PC Ann Lee (NP1)',
        'PC A. Lee (NP1)',
        'PC A Lee (NP1)',
        'Lee (NP1)',
        'NP1',
        'ann.lee@northshire.police.test',
        '07700 900123',
        '07700900123',
      ],
    )
  })

  it('the address whole and each line or part of four characters or more; the date of birth as it is written', () => {
    assert.deepEqual(
      personIdentifiers({
        id: 'p',
        fullName: 'Maryam Quellington',
        address: '14 Larkspur Close,\nBath, Ely, NT4 7QX',
        dateOfBirth: '1990-04-07',
      }),
      [
        'Maryam Quellington',
        'M. Quellington',
        'M Quellington',
        'M.Q.',
        'MQ',
        'Quellington',
        '14 Larkspur Close, Bath, Ely, NT4 7QX',
        '14 Larkspur Close',
        'Bath',
        'NT4 7QX',
        '1990-04-07',
        '07/04/1990',
        '7/4/1990',
        '7 April 1990',
        '7 Apr 1990',
      ],
    )
    // December (the last month) and a two-digit day.
    assert.deepEqual(personIdentifiers({ id: 'p', fullName: 'X', dateOfBirth: '1985-12-25' }), [
      '1985-12-25',
      '25/12/1985',
      '25 December 1985',
      '25 Dec 1985',
    ])
    // Every month's name, in full and shortened to three letters (May is both).
    const months = [
      ['January', 'Jan'],
      ['February', 'Feb'],
      ['March', 'Mar'],
      ['April', 'Apr'],
      ['May'],
      ['June', 'Jun'],
      ['July', 'Jul'],
      ['August', 'Aug'],
      ['September', 'Sep'],
      ['October', 'Oct'],
      ['November', 'Nov'],
      ['December', 'Dec'],
    ]
    months.forEach((names, i) => {
      const iso = `2000-${String(i + 1).padStart(2, '0')}-01`
      const ids = personIdentifiers({ id: 'p', fullName: 'X', dateOfBirth: iso })
      assert.deepEqual(
        ids.slice(3),
        names.map((n) => `1 ${n} 2000`),
        iso,
      )
    })
    // A date of birth not in ISO form is kept as written, even with an ISO date inside it.
    assert.deepEqual(personIdentifiers({ id: 'p', fullName: 'X', dateOfBirth: 'c. 1990-04-07' }), ['c. 1990-04-07'])
    assert.deepEqual(personIdentifiers({ id: 'p', fullName: 'X', dateOfBirth: '1990-04-07?' }), ['1990-04-07?'])
    assert.deepEqual(personIdentifiers({ id: 'p', fullName: 'X', dateOfBirth: 'spring 1990' }), ['spring 1990'])
    // Nothing recorded but a one-letter name: nothing to remove.
    assert.deepEqual(personIdentifiers({ id: 'p', fullName: 'X', email: ' ', phone: null, address: '  ' }), [])
  })
})

describe('matching terms as whole words', () => {
  it('ignores case and runs of white space, never matches inside a word, and prefers the longest term', () => {
    const re = termsPattern(['Lee', 'Ann  Lee', 'A.L.', ' '])!
    assert.deepEqual('ANN\n LEE met Leeds; a.l. and Lee.'.match(re), ['ANN\n LEE', 'a.l.', 'Lee'])
    assert.equal(termsPattern([]), null)
    assert.equal(termsPattern(['', '  ']), null)
    // Characters that mean something in a pattern are matched as themselves.
    assert.deepEqual('x (NP1) y'.match(termsPattern(['(NP1)'])!), ['(NP1)'])
    assert.equal(mentionsAny('Call AxL', ['A.L']), false, 'the "." is a full stop, not any character')
    assert.equal(mentionsAny('Call A.L', ['A.L']), true)
    assert.equal(mentionsAny('anything', []), false)
    assert.equal(mentionsAny('seen by ann lee', ['Ann Lee']), true)
  })
})

describe('which people a set of redactions removes', () => {
  const officer = {
    id: 'o1',
    givenName: 'Hannah',
    familyName: 'Brixey',
    fullName: 'Hannah Brixey',
    warrantNumber: 'NP5012',
  }
  const witness = { id: 'p1', fullName: 'Maryam Quellington', email: 'mq@example.test', phone: '01234 567890' }
  const other = { id: 'p2', fullName: 'Jo Ann Lee' }

  it('a mark naming a warrant number or e-mail finds the person; a phone number alone does not; nor two letters of a name', () => {
    const ids = (text: string) =>
      redactedPeople([{ text, reason: 'personal_data' }], [officer, witness, other]).map((r) => r.person.id)
    assert.deepEqual(ids('seen by NP5012'), ['o1'])
    assert.deepEqual(ids('write to mq@example.test'), ['p1'])
    assert.deepEqual(ids('01234 567890'), [])
    assert.deepEqual(ids('Br'), [], 'too short to stand for a name')
    assert.deepEqual(ids('Bri'), [], 'not a whole word of the name')
    assert.deepEqual(ids('Quellington'), ['p1'])
    // "Ann" is no form of Jo Ann Lee's name (the forms are the full name, initials and surname),
    // but a word of three letters or more of the full name still finds her; "Jo" is too short.
    assert.deepEqual(ids('Ann'), ['p2'])
    assert.deepEqual(ids('Jo'), [])
  })

  it('the marker is the first matching mark’s reason, and the identifiers are the person’s', () => {
    const found = redactedPeople(
      [
        { text: 'nothing here', reason: 'safety' },
        { text: 'Hannah Brixey', reason: 'junior_officer_name' },
        { text: 'NP5012', reason: 'personal_data' },
      ],
      [officer],
      () => ['PC'],
    )
    assert.equal(found.length, 1)
    assert.equal(found[0]!.marker, '[redacted: name of a junior officer]')
    assert.ok(found[0]!.identifiers.includes('PC Hannah Brixey (NP5012)'))
    assert.ok(found[0]!.identifiers.includes('PC H. Brixey'), 'the rank forms come from rankFormsOf')
  })

  it('without rank forms, the identifiers are the name forms alone', () => {
    const found = redactedPeople([{ text: 'Jo Lee', reason: 'other' }], [{ id: 'j', fullName: 'Jo Lee' }])
    assert.deepEqual(found[0]!.identifiers, ['Jo Lee', 'J. Lee', 'J Lee', 'J.L.', 'JL', 'Lee'])
  })
})

describe('removing people from text and documents', () => {
  const a: PersonRedaction = {
    person: { id: 'a', fullName: 'Ann Lee' },
    identifiers: ['Ann Lee', 'Lee', 'NP1'],
    marker: '[redacted: personal data]',
  }
  const b: PersonRedaction = {
    person: { id: 'b', fullName: 'Bo Lee' },
    identifiers: ['Bo Lee', 'lee', 'x@y.test'],
    marker: '[redacted: safety]',
  }

  it('each identifier becomes its person’s marker; the first person listed wins a shared identifier', () => {
    assert.equal(
      redactPeopleInText('Ann Lee and Bo Lee; LEE wrote to x@y.test.', [a, b]),
      '[redacted: personal data] and [redacted: safety]; [redacted: personal data] wrote to [redacted: safety].',
    )
    assert.equal(redactPeopleInText('Ann Lee', []), 'Ann Lee')
    assert.equal(redactPeopleInText('', [a]), '')
    assert.equal(
      redactPeopleInText('Ann Lee', [{ ...a, identifiers: ['', ' '] }]),
      'Ann Lee',
      'no usable identifier: the text is unchanged',
    )
    assert.equal(redactPeopleInText('null and void', [{ ...a, identifiers: [''] }]), 'null and void')
    // An identifier given with its spaces untidied still matches; its marker is then the plain one.
    assert.equal(redactPeopleInText('Ann Lee', [{ ...a, identifiers: ['Ann  Lee'] }]), '[redacted]')
  })

  it('repeats until no identifier remains, even one that replacing creates', () => {
    // With an empty marker, removing "Zed" joins "Ann" and "Lee" into "Ann  Lee", a term of its own.
    const empty: PersonRedaction = {
      person: { id: 'c', fullName: 'Ann Lee' },
      identifiers: ['Zed', 'Ann Lee'],
      marker: '',
    }
    assert.equal(redactPeopleInText('x Ann Zed Lee y', [empty]), 'x  y')
  })

  it('a document: every string but the reference, and a name redacted twice side by side becomes one marker', () => {
    const doc: ReportDocument = {
      reference: 'Lee/2026/1',
      title: 'Death of Ann Lee',
      forceName: 'Lee Police',
      versionNumber: 1,
      status: 'approved',
      statusLabel: 'Approved',
      sections: [
        {
          id: 's',
          heading: 'About Lee',
          blocks: [{ kind: 'subheading', text: '[redacted: personal data] (NP1)' }],
        },
      ],
    }
    const out = redactPeopleInDocument(doc, [a])
    assert.equal(out.reference, 'Lee/2026/1')
    assert.equal(out.title, 'Death of [redacted: personal data]')
    assert.equal(out.forceName, '[redacted: personal data] Police')
    assert.equal(out.sections[0]!.heading, 'About [redacted: personal data]')
    assert.deepEqual(out.sections[0]!.blocks[0], { kind: 'subheading', text: '[redacted: personal data]' })
    assert.equal(doc.title, 'Death of Ann Lee', 'the original is not changed')
    assert.equal(redactPeopleInDocument(doc, []), doc, 'nothing to redact: the same document')
  })
})

describe('reasons and markers', () => {
  it('the stored reason is the code, then the note after ": "; an unknown code reads as "other"', () => {
    assert.equal(encodeReason('safety', '  '), 'safety')
    assert.equal(encodeReason('safety', null), 'safety')
    assert.equal(encodeReason('safety', ' a note: with a colon '), 'safety: a note: with a colon')
    assert.deepEqual(decodeReason('safety: a note: with a colon'), { reason: 'safety', note: 'a note: with a colon' })
    assert.deepEqual(decodeReason('retired_code: why'), { reason: 'other', note: 'why' })
    assert.deepEqual(decodeReason('retired_code'), { reason: 'other', note: null })
    assert.deepEqual(decodeReason(': a note alone'), { reason: 'other', note: 'a note alone' })
  })

  it('each reason’s marker, as readers see it', () => {
    assert.equal(markerFor('third_party_personal_data'), '[redacted: third-party personal data]')
    assert.equal(markerFor('junior_officer_name'), '[redacted: name of a junior officer]')
    assert.equal(markerFor('personal_data'), '[redacted: personal data]')
    assert.equal(markerFor('prejudice_to_proceedings'), '[redacted: prejudice to proceedings]')
    assert.equal(markerFor('safety'), '[redacted: risk to someone’s safety]')
    assert.equal(markerFor('other'), '[redacted: other]')
  })
})

describe('redacting a text everywhere when the marker would contain it', () => {
  const everywhere = (text: string) => ({
    id: text,
    section: '*',
    text,
    occurrence: -1,
    reason: 'third_party_personal_data' as const,
  })

  it('a text inside the marker gets the plain "[redacted]"; one inside that gets "█"; one inside both, nothing', () => {
    assert.equal(
      textOf(redactDocument(oneParagraph('a third man'), [everywhere('third')]).document),
      'a [redacted] man',
    )
    assert.equal(textOf(redactDocument(oneParagraph('a red flag'), [everywhere('red')]).document), 'a █ flag')
    assert.equal(
      textOf(redactDocument(oneParagraph('a red █ b'), [everywhere('red'), everywhere('█')]).document),
      'a   b',
    )
    // Another mark's text counts too: "Ann" is safe with its own marker, but "data" (the other
    // mark) is in that marker, so both fall back.
    assert.equal(
      textOf(redactDocument(oneParagraph('Ann data'), [everywhere('Ann'), everywhere('data')]).document),
      '[redacted] [redacted]',
    )
  })

  it('a passage that replacing joins anew is removed too, however many rounds it takes', () => {
    // With "red" and "█" also redacted, every marker falls back to nothing, so each round's removal
    // of "ab" joins the letters either side into "ab" again: twelve rounds (past the ten with
    // markers), then removal outright.
    const marks = [everywhere('red'), everywhere('█'), everywhere('ab')]
    assert.equal(textOf(redactDocument(oneParagraph('<aaaaaaaaaaaabbbbbbbbbbbb>'), marks).document), '<>')
    assert.equal(textOf(redactDocument(oneParagraph('<aaabbb>'), marks).document), '<>')
    assert.equal(
      textOf(redactDocument(oneParagraph('x aab y'), [{ ...everywhere('ab'), reason: 'safety' }]).document),
      'x a[redacted: risk to someone’s safety] y',
    )
  })
})

describe('the rest of the document model', () => {
  function chronology(description: string | null): ReportDocument {
    return {
      ...oneParagraph('p'),
      sections: [
        {
          id: 'c',
          heading: 'Chronology',
          blocks: [
            {
              kind: 'chronology',
              entries: [{ number: 1, date: '2025-01-02', title: 'Visit', description, missedOpportunity: false }],
            },
          ],
        },
      ],
    }
  }
  const entry = (d: ReportDocument) =>
    (d.sections[0]!.blocks[0] as { entries: { date: string; description: string | null }[] }).entries[0]!

  it('a date in the chronology is redacted like any text, as every occurrence or one', () => {
    const all = redactDocument(chronology(null), [
      { id: 'd', section: 'c', text: '2025-01-02', occurrence: EVERY_OCCURRENCE, reason: 'safety' },
    ])
    assert.equal(entry(all.document).date, '[redacted: risk to someone’s safety]')
    const one = redactDocument(chronology('on 2025-01-02'), [
      { id: 'd', section: 'c', text: '2025-01-02', occurrence: 1, reason: 'safety' },
    ])
    assert.deepEqual(entry(one.document), {
      ...entry(chronology(null)),
      description: 'on [redacted: risk to someone’s safety]',
    })
  })

  it('a description emptied by redaction stays an empty text; a missing one stays missing', () => {
    const marks = ['red', '█', 'gone'].map((text) => ({
      id: text,
      section: 'c',
      text,
      occurrence: -1,
      reason: 'other' as const,
    }))
    assert.equal(entry(redactDocument(chronology('gone'), marks).document).description, '')
    assert.equal(entry(redactDocument(chronology(null), marks).document).description, null)
  })

  it('a whole-report mark whose text is nowhere is listed once; so is a section’s', () => {
    const here = { id: 'here', section: 's', text: 'Zebra', occurrence: -1, reason: 'other' as const }
    const anywhere = { ...here, id: 'anywhere', section: '*' }
    assert.deepEqual(
      redactDocument(oneParagraph('p'), [here, anywhere]).unmatched.map((m) => m.id),
      ['here', 'anywhere'],
    )
  })

  it('a marker that keeps recreating the text around it: after ten rounds the text is removed outright', () => {
    // The marker ends in "a]", so each "a]x" replaced before an "x" makes a new "a]x"; twelve x's outlast the ten rounds.
    const out = textOf(
      redactDocument(oneParagraph('a]xxxxxxxxxxxx'), [
        { id: 'm', section: '*', text: 'a]x', occurrence: -1, reason: 'personal_data' },
      ]).document,
    )
    // Round k turns "…a]x" into "…[redacted: personal data]": after the ten rounds the text is
    // ten markers each cut short by the next ("…personal dat") and the last one's "a]" before "xx";
    // removing "a]x" outright leaves "x".
    assert.equal(out, `${'[redacted: personal dat'.repeat(10)}x`)
  })

  it('the document’s text is each string on its own line: reference, title, force, then each heading and block', () => {
    assert.equal(documentText(chronology('rang')), 'R\nTitle\nForce\nChronology\n2025-01-02\nVisit\nrang')
  })
})
