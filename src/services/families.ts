/**
 * Families kept informed (the staff side): interested persons and their representatives,
 * keep-informed updates (to whom, what was said, what was withheld under the harm test and on
 * which ground), update letters as PDFs in the document store, and meetings with their actions.
 *
 * Reading needs 'family:read' (the team and the case workers; never the appropriate authority);
 * recording needs 'family:contribute'. Every read of names or contact details is audited with the
 * fields read; every change is audited with before and after in its own transaction. Persons,
 * representatives, meetings and actions are versioned: a stale version is a Conflict. Each change
 * that can move a keep-informed due date refreshes the investigation's next deadline.
 */
import { familyKit } from './families/kit.js'
import { personUseCases } from './families/persons.js'
import { representativeUseCases } from './families/representatives.js'
import { updateUseCases } from './families/updates.js'
import { letterUseCases } from './families/letters.js'
import { meetingUseCases } from './families/meetings.js'
import type { Kysely } from 'kysely'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
import type { FamilyServiceHooks } from './families/schemas.js'
export {
  InterestedPersonInput,
  InterestedPersonChange,
  RepresentativeInput,
  RepresentativeChange,
  KeepInformedUpdateInput,
  MeetingInput,
  MeetingChange,
  MeetingActionInput,
  MeetingActionChange,
  PERSON_FIELDS,
  REPRESENTATIVE_FIELDS,
} from './families/schemas.js'
export type {
  InterestedPersonInputType,
  InterestedPersonChangeType,
  RepresentativeInputType,
  RepresentativeChangeType,
  KeepInformedUpdateInputType,
  MeetingInputType,
  MeetingChangeType,
  MeetingActionInputType,
  MeetingActionChangeType,
  InterestedPersonRow,
  PersonWithClock,
  FamilyServiceHooks,
} from './families/schemas.js'

export function familyService(
  db: Kysely<Database>,
  documentStore: DocumentStore,
  rules: RuleSet = ENGLAND_AND_WALES,
  hooks: FamilyServiceHooks = {},
) {
  const kit = familyKit(db, documentStore, rules, hooks)
  return {
    ...personUseCases(kit),
    ...representativeUseCases(kit),
    ...updateUseCases(kit),
    ...letterUseCases(kit),
    ...meetingUseCases(kit),
  }
}

export type FamilyService = ReturnType<typeof familyService>
