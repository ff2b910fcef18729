import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  CONTACT_CHANNELS,
  CONTACT_CHANNEL_LABELS,
  HARM_TEST_GROUNDS,
  HARM_TEST_GROUND_LABELS,
  INTERESTED_PERSON_KINDS,
  INTERESTED_PERSON_KIND_LABELS,
  STAFF_UPDATE_CHANNELS,
  TIMELINESS_NOTICE_STATUSES,
  TIMELINESS_NOTICE_STATUS_LABELS,
  UPDATE_CHANNELS,
  UPDATE_CHANNEL_LABELS,
  harmTestGroundLabel,
  isContactChannel,
  isHarmTestGround,
  isInterestedPersonKind,
  isUpdateChannel,
} from './familyVocabulary.js'
import { INVOLVED_PERSON_ROLES, INVOLVED_PERSON_ROLE_LABELS } from './involvedPeople.js'

describe('the vocabularies of families kept informed, written out', () => {
  it('lists each vocabulary in the order its options are shown, with its labels', () => {
    assert.deepEqual(INTERESTED_PERSON_KINDS, ['bereaved_family', 'complainant', 'injured_person', 'other'])
    assert.deepEqual(INTERESTED_PERSON_KIND_LABELS, {
      bereaved_family: 'Bereaved family member',
      complainant: 'Complainant',
      injured_person: 'Person seriously injured',
      other: 'Other interested person',
    })
    assert.deepEqual(CONTACT_CHANNELS, ['email', 'letter', 'phone'])
    assert.deepEqual(CONTACT_CHANNEL_LABELS, { email: 'E-mail', letter: 'Letter', phone: 'Phone' })
    assert.deepEqual(UPDATE_CHANNELS, ['letter', 'email', 'meeting', 'call', 'portal'])
    assert.deepEqual(UPDATE_CHANNEL_LABELS, {
      letter: 'Letter',
      email: 'E-mail',
      meeting: 'Meeting',
      call: 'Phone or video call',
      portal: 'Family portal',
    })
    assert.deepEqual(STAFF_UPDATE_CHANNELS, ['letter', 'email', 'meeting', 'call'])
    assert.deepEqual(HARM_TEST_GROUNDS, [
      'prejudice_to_proceedings',
      'prejudice_to_investigation',
      'third_party_safety',
      'national_security',
      'prevention_or_detection_of_crime',
      'public_interest',
    ])
    assert.deepEqual(HARM_TEST_GROUND_LABELS, {
      prejudice_to_proceedings: 'Prejudice to criminal, misconduct or other proceedings',
      prejudice_to_investigation: 'Prejudice to this or another investigation',
      third_party_safety: 'Welfare and safety of a third party',
      national_security: 'National security',
      prevention_or_detection_of_crime:
        'Prevention or detection of crime, or the apprehension or prosecution of offenders',
      public_interest: 'Otherwise necessary and proportionate in the public interest',
    })
    assert.deepEqual(TIMELINESS_NOTICE_STATUSES, ['draft', 'approved', 'sent', 'withheld'])
    assert.deepEqual(TIMELINESS_NOTICE_STATUS_LABELS, {
      draft: 'Draft',
      approved: 'Approved',
      sent: 'Sent to the local policing body',
      withheld: 'Withheld',
    })
    assert.deepEqual(INVOLVED_PERSON_ROLES, ['deceased', 'seriously_injured', 'complainant', 'witness', 'other'])
    assert.deepEqual(INVOLVED_PERSON_ROLE_LABELS, {
      deceased: 'Person who died',
      seriously_injured: 'Person seriously injured',
      complainant: 'Complainant',
      witness: 'Witness',
      other: 'Other',
    })
  })

  it('recognises each vocabulary’s own values only', () => {
    const guards: [(v: unknown) => boolean, readonly string[]][] = [
      [isInterestedPersonKind, INTERESTED_PERSON_KINDS],
      [isContactChannel, CONTACT_CHANNELS],
      [isUpdateChannel, UPDATE_CHANNELS],
      [isHarmTestGround, HARM_TEST_GROUNDS],
    ]
    for (const [guard, values] of guards) {
      for (const v of values) assert.equal(guard(v), true, v)
      for (const other of ['', 'Letter', 'toString', 'other ', null, undefined, 1, ['letter']])
        assert.equal(guard(other), false, String(other))
    }
  })

  it('labels a recorded harm-test ground, keeps text it does not know, and gives nothing for none', () => {
    const table: [string | null | undefined, string][] = [
      [null, ''],
      [undefined, ''],
      ['', ''],
      ['national_security', 'National security'],
      ['an old ground typed by hand', 'an old ground typed by hand'],
    ]
    for (const [ground, label] of table) assert.equal(harmTestGroundLabel(ground), label, String(ground))
  })
})
