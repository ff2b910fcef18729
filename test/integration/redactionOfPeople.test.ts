/**
 * Redaction removes the PERSON, not only the string that was marked (issue 10, finding 1): for
 * every person a published report redacts — in the demo data and in a generated case that names
 * people in many forms — none of their identifiers (name forms, warrant number, e-mail, phone,
 * address, date of birth) appears in any public output: the page, the PDF's text (pdfjs), the
 * Atom feed, the public API's JSON, and searching the public site for each finds nothing.
 *
 * Who is redacted and what identifies them is worked out here independently of the production
 * code: a person is redacted when a redaction's text contains their surname, full name, warrant
 * number or e-mail.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import { seedDemoData } from '../../src/services/demoData.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

async function pdfText(bytes: Buffer | Uint8Array): Promise<string> {
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const out: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent()
    out.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '))
  }
  await pdf.destroy()
  return out.join('\n')
}

const decode = (html: string) =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')

const MONTHS = 'January February March April May June July August September October November December'.split(' ')

interface Person {
  label: string
  given: string
  family: string
  warrant?: string | null
  email?: string | null
  phone?: string | null
  address?: string | null
  dateOfBirth?: string | null
}

/** What identifies the person, written out here rather than taken from the code under test. */
function identifiers(p: Person): string[] {
  const out = [`${p.given} ${p.family}`, p.family, `${p.given[0]}. ${p.family}`, `${p.given[0]} ${p.family}`]
  for (const v of [p.warrant, p.email, p.phone, p.address]) if (v) out.push(v)
  if (p.address)
    out.push(
      ...p.address
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter((s) => s.length >= 4),
    )
  if (p.dateOfBirth) {
    const [y, m, d] = p.dateOfBirth.split('-')
    out.push(p.dateOfBirth, `${d}/${m}/${y}`, `${Number(d)} ${MONTHS[Number(m) - 1]} ${y}`)
  }
  return out
}

function found(text: string, terms: string[]): string[] {
  const flat = text.replace(/\s+/g, ' ')
  return terms.filter((t) => {
    const escaped = t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(flat)
  })
}

/** The redacted people of one published case, found from its redactions and its recorded people. */
async function redactedPeopleOf(t: TestApp, investigationId: string, versionNumber: number): Promise<Person[]> {
  const db = t.database.db
  const marks = await db
    .selectFrom('redactions')
    .select('redacted_text')
    .where('investigation_id', '=', investigationId)
    .where('report_version_number', '=', versionNumber)
    .where('removed_at', 'is', null)
    .execute()
  const officers = await db
    .selectFrom('subjects as s')
    .innerJoin('officers as o', 'o.id', 's.officer_id')
    .select(['o.given_name', 'o.family_name', 'o.warrant_number'])
    .where('s.investigation_id', '=', investigationId)
    .execute()
  const interested = await db
    .selectFrom('interested_persons')
    .select(['full_name', 'email', 'phone', 'postal_address'])
    .where('investigation_id', '=', investigationId)
    .execute()
  const involved = await db
    .selectFrom('involved_people as p')
    .innerJoin('referrals as r', 'r.id', 'p.referral_id')
    .select(['p.full_name', 'p.date_of_birth'])
    .where('r.investigation_id', '=', investigationId)
    .execute()
  const split = (full: string) => {
    const words = full.trim().split(/\s+/)
    return { given: words.slice(0, -1).join(' '), family: words[words.length - 1]! }
  }
  const people: Person[] = [
    ...officers.map((o) => ({
      label: `officer ${o.given_name} ${o.family_name}`,
      given: o.given_name,
      family: o.family_name,
      warrant: o.warrant_number,
    })),
    ...interested.map((p) => ({
      label: `interested person ${p.full_name}`,
      ...split(p.full_name),
      email: p.email,
      phone: p.phone,
      address: p.postal_address,
    })),
    ...involved.map((p) => ({
      label: `involved person ${p.full_name}`,
      ...split(p.full_name),
      dateOfBirth: p.date_of_birth,
    })),
  ]
  return people.filter((p) =>
    marks.some(
      (m) =>
        found(m.redacted_text, [p.family, `${p.given} ${p.family}`, p.warrant ?? '', p.email ?? ''].filter(Boolean))
          .length,
    ),
  )
}

/** Every public output of a publication, as text, plus what searching for each identifier finds. */
async function assertNoIdentifierIsPublic(t: TestApp, publicationId: string, people: Person[]) {
  const inject = (url: string) => t.app.inject({ method: 'GET', url })
  const page = await inject(`/publications/${publicationId}`)
  assert.equal(page.statusCode, 200)
  const pdf = await inject(`/publications/${publicationId}/report.pdf`)
  assert.equal(pdf.statusCode, 200)
  const feed = await inject('/publications/feed.atom')
  assert.equal(feed.statusCode, 200)
  const json = await inject(`/api/v1/publications/${publicationId}`)
  assert.equal(json.statusCode, 200)
  const list = await inject('/api/v1/publications')
  const outputs: Record<string, string> = {
    'public page': decode(page.body),
    'PDF text': await pdfText(pdf.rawPayload),
    'Atom feed': decode(feed.body),
    'public API JSON': JSON.stringify(json.json()),
    'public API list': JSON.stringify(list.json()),
  }
  assert.ok(outputs['PDF text']!.includes('[redacted'), 'the PDF shows where something was redacted')
  for (const person of people) {
    const terms = identifiers(person)
    for (const [where, text] of Object.entries(outputs))
      assert.deepEqual(found(text, terms), [], `${person.label} is identifiable in the ${where}`)
    for (const term of terms) {
      const q = encodeURIComponent(term)
      const search = await inject(`/publications?q=${q}`)
      assert.equal(search.statusCode, 200)
      assert.ok(!search.body.includes(publicationId), `searching the public site for “${term}” finds the report`)
      assert.deepEqual(found(decode(search.body), terms), [], `${person.label} in the search results for “${term}”`)
      const api = await inject(`/api/v1/publications?q=${q}`)
      assert.equal(api.statusCode, 200)
      assert.ok(!api.body.includes(publicationId), `the public API search for “${term}” finds the report`)
    }
  }
}

const kinds = DATABASE_KINDS
for (const kind of kinds) {
  describe(`redaction removes the person from every public output (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind, { CANDOUR_PUBLIC_URL: 'https://candour.test' })
    })
    after(() => t.close())

    it('a generated case naming its people in many forms', async () => {
      const team = await makeTeam(t.services)
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Hannah', familyName: 'Brixeyworth', determination: 'no_case_to_answer' },
        { givenName: 'Oliver', familyName: 'Stanmoreton', determination: 'case_to_answer_misconduct' },
      ])
      const db = t.database.db
      const warrant = (await db
        .selectFrom('subjects as s')
        .innerJoin('officers as o', 'o.id', 's.officer_id')
        .select('o.warrant_number')
        .where('s.id', '=', subjects[0]!.id)
        .executeTakeFirstOrThrow())!.warrant_number
      const personId = uuidv7()
      await db
        .insertInto('interested_persons')
        .values({
          id: personId,
          investigation_id: investigation.id,
          full_name: 'Maryam Quellington',
          kind: 'complainant',
          relationship: null,
          consent_to_be_kept_informed: true,
          consent_recorded_on: '2026-03-05',
          became_interested_on: '2026-03-05',
          preferred_channel: 'email',
          email: 'maryam.q@example.test',
          phone: '07700 900123',
          postal_address: '14 Larkspur Close, Northtown, NT4 7QX',
          language: null,
          accessibility_needs: null,
        })
        .execute()
      // The report names them in every form a writer might use.
      const sections = {
        summary: `PC Brixeyworth (${warrant}) arrested Ms Quellington. Constable Hannah Brixeyworth later said H. Brixeyworth had acted alone; HB was on foot.\n\nPC Stanmoreton is named.`,
        termsOfReference: 'Whether the arrest of M. Quellington at 14 Larkspur Close, Northtown, NT4 7QX was lawful.',
        chronologyEventIds: [],
        evidenceAnalysis: `Ms Quellington wrote from maryam.q@example.test and telephoned on 07700 900123. BRIXEYWORTH’s notebook.`,
        documentIds: [],
        findings: subjects.map((s, i) => ({
          subjectId: s.id,
          allegationId: null,
          text: i === 0 ? `Officer ${warrant} acted lawfully.` : 'A case to answer.',
        })),
        learning: 'Learning about brixeyworth’s training.',
      }
      await db
        .updateTable('report_versions')
        .set({ sections: JSON.stringify(sections) })
        .where('investigation_id', '=', investigation.id)
        .execute()
      // Redacting the surname alone, and the complainant by title and surname.
      await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: 'Brixeyworth', reason: 'junior_officer_name' },
        team.investigator,
      )
      await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: 'Ms Quellington', occurrence: -1, reason: 'third_party_personal_data' },
        team.investigator,
      )
      await db
        .insertInto('learning_recommendations')
        .values({
          id: uuidv7(),
          investigation_id: investigation.id,
          recipient_kind: 'force',
          recipient_name: 'Northshire Police',
          text: `Retrain PC Brixeyworth (${warrant}) and write to maryam.q@example.test.`,
          made_on: '2026-09-02',
          response_due_on: '2026-11-02',
          response: null,
          responded_on: null,
          response_text: null,
          follow_up_actions: '[]',
          made_by: team.lead.userId,
        })
        .execute()
      const row = await t.services.publications.release(
        investigation.id,
        {
          summary: `An arrest by PC H Brixeyworth (${warrant}) of Maryam Quellington, of NT4 7QX, was lawful.`,
          themes: ['use_of_force'],
          publicFrom: new Date(),
        },
        team.decisionMaker,
      )
      const people = await redactedPeopleOf(t, investigation.id, row.report_version_number)
      assert.deepEqual(people.map((p) => p.label).sort(), [
        'interested person Maryam Quellington',
        'officer Hannah Brixeyworth',
      ])
      await assertNoIdentifierIsPublic(t, row.id, people)
      // A control: the officer nobody redacted is still named, so the check can see names at all.
      const page = await t.app.inject({ method: 'GET', url: `/publications/${row.id}` })
      assert.ok(page.body.includes('Stanmoreton'))
    })

    // Seeding the demo takes a while: once, on the last database kind, keeps the suite lean.
    it('every redacted person of every published demo case', { skip: kind !== kinds[kinds.length - 1] }, async () => {
      await seedDemoData(t.services, async () => false)
      // The worked example carries the day-to-day work (issue 13): actions in every state, a
      // superseded decision, witnesses and statements, an issued disclosure schedule.
      const worked = await t.database.db
        .selectFrom('investigations')
        .select('id')
        .where('reference', '=', '2025/000001')
        .executeTakeFirstOrThrow()
      const states = await t.database.db
        .selectFrom('actions')
        .select('status')
        .distinct()
        .where('investigation_id', '=', worked.id)
        .execute()
      assert.deepEqual(states.map((r) => r.status).sort(), [
        'allocated',
        'filed',
        'raised',
        'referred_back',
        'resulted',
      ])
      const superseding = await t.database.db
        .selectFrom('decisions')
        .select('id')
        .where('investigation_id', '=', worked.id)
        .where('supersedes_id', 'is not', null)
        .where('signed_at', 'is not', null)
        .execute()
      assert.equal(superseding.length, 1)
      for (const table of ['witnesses', 'statements', 'disclosure_schedules'] as const) {
        const rows = await t.database.db
          .selectFrom(table)
          .select('id')
          .where('investigation_id', '=', worked.id)
          .execute()
        assert.ok(rows.length >= 1, table)
      }
      const published = await t.database.db
        .selectFrom('publications')
        .select(['id', 'investigation_id', 'report_version_number'])
        .where('status', '=', 'published')
        .execute()
      assert.ok(published.length >= 1, 'the demo publishes a report')
      let checked = 0
      for (const p of published) {
        const people = await redactedPeopleOf(t, p.investigation_id, p.report_version_number)
        checked += people.length
        await assertNoIdentifierIsPublic(t, p.id, people)
      }
      assert.ok(checked >= 1, 'the demo redacts someone')
    })
  })
}
