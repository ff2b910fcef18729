/**
 * Family fixtures written straight to the tables (the families service is built separately):
 * interested persons, representatives, keep-informed updates with their recipients, meetings,
 * letters. Only for setting up tests of the portal, reminders and e-mail.
 */
import { uuidv7 } from 'uuidv7'
import type { Executor } from '../../src/data/database.js'

export async function addInterestedPerson(
  db: Executor,
  investigationId: string,
  options: {
    name?: string
    email?: string | null
    becameInterestedOn?: string
    preferredChannel?: 'email' | 'letter' | 'phone'
    consent?: boolean
  } = {},
) {
  const id = uuidv7()
  await db
    .insertInto('interested_persons')
    .values({
      id,
      investigation_id: investigationId,
      full_name: options.name ?? 'Sam Family',
      kind: 'bereaved_family',
      relationship: 'Sibling',
      consent_to_be_kept_informed: options.consent ?? true,
      consent_recorded_on: '2026-03-05',
      became_interested_on: options.becameInterestedOn ?? '2026-03-05',
      preferred_channel: options.preferredChannel ?? 'email',
      email: options.email === undefined ? `family-${id.slice(-8)}@example.test` : options.email,
      phone: null,
      postal_address: null,
      language: null,
      accessibility_needs: null,
    })
    .execute()
  return id
}

export async function addRepresentative(
  db: Executor,
  investigationId: string,
  interestedPersonId: string,
  options: { name?: string; email?: string } = {},
) {
  const id = uuidv7()
  await db
    .insertInto('representatives')
    .values({
      id,
      investigation_id: investigationId,
      interested_person_id: interestedPersonId,
      firm: 'Example LLP',
      full_name: options.name ?? 'Rita Solicitor',
      email: options.email ?? `rep-${id.slice(-8)}@example.test`,
      phone: null,
    })
    .execute()
  return id
}

export async function addUpdate(
  db: Executor,
  investigationId: string,
  recipients: { interestedPersonId: string; representativeId?: string | null }[],
  options: { summary?: string; givenOn?: string } = {},
) {
  const id = uuidv7()
  await db
    .insertInto('keep_informed_updates')
    .values({
      id,
      investigation_id: investigationId,
      channel: 'portal',
      given_on: options.givenOn ?? '2026-03-20',
      given_by: null,
      summary: options.summary ?? 'Progress update',
      harm_ground: null,
      withheld_summary: null,
      letter_sha256: null,
    })
    .execute()
  for (const r of recipients) {
    await db
      .insertInto('update_recipients')
      .values({
        update_id: id,
        interested_person_id: r.interestedPersonId,
        representative_id: r.representativeId ?? null,
      })
      .execute()
  }
  return id
}

export async function addMeeting(
  db: Executor,
  investigationId: string,
  interestedPersonIds: string[],
  options: { notes?: string } = {},
) {
  const id = uuidv7()
  await db
    .insertInto('meetings')
    .values({
      id,
      investigation_id: investigationId,
      held_on: '2026-03-18',
      attendees: 'Family and lead investigator',
      agenda: 'Progress',
      notes: options.notes ?? 'Meeting notes',
      recorded_by: null,
    })
    .execute()
  for (const p of interestedPersonIds)
    await db.insertInto('meeting_interested_persons').values({ meeting_id: id, interested_person_id: p }).execute()
  return id
}

export async function addLetter(
  db: Executor,
  investigationId: string,
  interestedPersonId: string,
  sha256: string,
  filename = 'update-letter.pdf',
) {
  const id = uuidv7()
  await db
    .insertInto('letters')
    .values({
      id,
      investigation_id: investigationId,
      interested_person_id: interestedPersonId,
      kind: 'update_letter',
      sha256,
      filename,
      created_by: null,
    })
    .execute()
  return id
}
