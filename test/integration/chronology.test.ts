import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addSubject } from '../support/chronologyEvidence.js'

const problemAt = (path: string) => (e: unknown) =>
  e instanceof ValidationFailed && e.problems.some((p) => p.path === path)

async function collect(lines: AsyncIterable<string>): Promise<string> {
  let out = ''
  for await (const chunk of lines) out += chunk
  return out
}

for (const kind of DATABASE_KINDS) {
  describe(`chronology (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('needs a reason for a missed opportunity, and stores none when not flagged', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Call not graded', missedOpportunity: true },
          team.investigator,
        ),
        problemAt('missedOpportunityReason'),
      )
      const flagged = await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-02',
          kind: 'underlying_fact',
          title: 'Call not graded',
          missedOpportunity: true,
          missedOpportunityReason: 'The second report was not linked to the first',
        },
        team.investigator,
      )
      assert.equal(flagged.missedOpportunity, true)
      const unflagged = await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-03',
          kind: 'investigation',
          title: 'Scene visit',
          missedOpportunity: false,
          missedOpportunityReason: 'ignored',
        },
        team.lead,
      )
      assert.equal(unflagged.missedOpportunityReason, null)
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-02-30', kind: 'investigation', title: 'X' },
          team.lead,
        ),
        problemAt('occurredOn'),
      )
      // An event that has happened cannot be dated in the future (issue 16: 1 January 2030 was accepted).
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2999-01-01', kind: 'investigation', title: 'X' },
          team.lead,
        ),
        problemAt('occurredOn'),
      )
    })

    it('links only subjects and documents of the same investigation', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = (await openInvestigation(t.services, team)).investigation
      const ours = await addSubject(t, investigation.id, { given: 'Jo', family: 'Ours' })
      const theirs = await addSubject(t, other.id)
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Stop', subjectIds: [ours, theirs] },
          team.investigator,
        ),
        problemAt('subjectIds'),
      )
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Stop', documentIds: [theirs] },
          team.investigator,
        ),
        problemAt('documentIds'),
      )
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Stop', subjectIds: [ours] },
        team.investigator,
      )
      assert.deepEqual(event.subjects, [{ id: ours, name: 'PC Jo Ours' }])
      await assert.rejects(
        t.services.chronology.update(event.id, { subjectIds: [theirs] }, event.version, team.investigator),
        problemAt('subjectIds'),
      )
    })

    it('pages the timeline oldest first without repeating or skipping, timed events before date-only ones', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const added = []
      const times = [undefined, '09:00', '23:59', undefined, '00:00']
      for (let i = 0; i < 23; i++) {
        const time = times[i % times.length]
        added.push(
          await t.services.chronology.add(
            investigation.id,
            {
              occurredOn: `2025-0${1 + (i % 3)}-1${i % 2}`,
              ...(time ? { occurredTime: time } : {}),
              kind: i % 2 ? 'investigation' : 'underlying_fact',
              title: `Event ${i}`,
            },
            team.investigator,
          ),
        )
      }
      const seen: { id: string; key: string }[] = []
      let position
      let pages = 0
      do {
        const page = await t.services.chronology.timeline(investigation.id, team.lead, {
          limit: 4,
          ...(position ? { after: position } : {}),
        })
        seen.push(...page.items.map((e) => ({ id: e.id, key: `${e.occurredOn} ${e.occurredTime ?? '99:99'} ${e.id}` })))
        position = page.next ?? undefined
        pages++
      } while (position)
      assert.equal(pages, 6)
      assert.equal(seen.length, 23)
      assert.equal(new Set(seen.map((s) => s.id)).size, 23)
      assert.deepEqual(
        seen.map((s) => s.key),
        [...seen.map((s) => s.key)].sort(),
      )
      const facts = await t.services.chronology.timeline(investigation.id, team.lead, {
        kind: 'underlying_fact',
        limit: 100,
      })
      assert.equal(facts.items.length, 12)
      const range = await t.services.chronology.timeline(investigation.id, team.lead, {
        from: '2025-02-01',
        to: '2025-02-28',
        limit: 100,
      })
      assert.ok(range.items.every((e) => e.occurredOn.startsWith('2025-02')))
      assert.equal(range.items.length, added.filter((e) => e.occurredOn.startsWith('2025-02')).length)
    })

    it('filters missed opportunities and events linked to a subject', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const subject = await addSubject(t, investigation.id)
      await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'A', subjectIds: [subject] },
        team.investigator,
      )
      await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-02',
          kind: 'underlying_fact',
          title: 'B',
          missedOpportunity: true,
          missedOpportunityReason: 'Not linked',
        },
        team.investigator,
      )
      const missed = await t.services.chronology.timeline(investigation.id, team.lead, { missedOnly: true })
      assert.deepEqual(
        missed.items.map((e) => e.title),
        ['B'],
      )
      const linked = await t.services.chronology.timeline(investigation.id, team.lead, { subjectId: subject })
      assert.deepEqual(
        linked.items.map((e) => e.title),
        ['A'],
      )
    })

    it('exports every matching event to CSV, quoted and guarded against formula injection, in pages', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-01',
          occurredTime: '08:30',
          kind: 'underlying_fact',
          title: '=HYPERLINK("http://evil.example","click")',
          description: 'Said "stop", then left\nat once',
        },
        team.investigator,
      )
      await t.services.chronology.add(
        investigation.id,
        {
          occurredOn: '2025-01-02',
          kind: 'investigation',
          title: '+1 call',
          missedOpportunity: true,
          missedOpportunityReason: '@risk, not assessed',
        },
        team.investigator,
      )
      for (let i = 0; i < 5; i++)
        await t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-03', kind: 'investigation', title: `-Step ${i}` },
          team.investigator,
        )
      const { lines } = await t.services.chronology.exportCsv(investigation.id, team.lead, {}, 2)
      const csv = await collect(lines)
      const records = csv.split('\r\n').filter(Boolean)
      assert.equal(
        records[0],
        'Date,Time,Kind,What happened,Description,Missed opportunity,Why it was missed,Subjects,Documents,Event id,Version',
      )
      assert.ok(
        records[1]!.startsWith(
          `2025-01-01,08:30,Underlying fact,"'=HYPERLINK(""http://evil.example"",""click"")","Said ""stop"", then left\nat once",No,`,
        ),
      )
      assert.ok(records[2]!.startsWith(`2025-01-02,,Investigation event,'+1 call,,Yes,"'@risk, not assessed",`))
      assert.equal(csv.split('\r\n').filter((l) => l.includes("'-Step")).length, 5)
      const missedOnly = await collect(
        (await t.services.chronology.exportCsv(investigation.id, team.lead, { missedOnly: true })).lines,
      )
      assert.equal(missedOnly.split('\r\n').filter(Boolean).length, 2)
      const exported = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .where('action', '=', 'chronology.exported')
        .execute()
      assert.equal(exported.length, 2)
    })

    it('edits with optimistic concurrency and audits the change', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'First' },
        team.investigator,
      )
      const changed = await t.services.chronology.update(
        event.id,
        { title: 'First, corrected', missedOpportunity: true, missedOpportunityReason: 'Missed' },
        event.version,
        team.lead,
      )
      assert.equal(changed.version, event.version + 1)
      assert.equal(changed.occurredOn, '2025-01-01')
      await assert.rejects(
        t.services.chronology.update(event.id, { title: 'Stale' }, event.version, team.investigator),
        Conflict,
      )
      await assert.rejects(
        t.services.chronology.update(event.id, { missedOpportunityReason: '' }, changed.version, team.investigator),
        problemAt('missedOpportunityReason'),
      )
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('entity_id', '=', event.id)
        .orderBy('seq')
        .execute()
      assert.deepEqual(
        audit.map((a) => a.action),
        ['chronology-event.added', 'chronology-event.changed'],
      )
    })

    it('refuses a case worker and an outsider, and audits the refusal', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const event = await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'First' },
        team.investigator,
      )
      await assert.rejects(t.services.chronology.timeline(investigation.id, team.caseWorker), Forbidden)
      await assert.rejects(t.services.chronology.timeline(investigation.id, team.outsider), Forbidden)
      await assert.rejects(t.services.chronology.exportCsv(investigation.id, team.outsider), Forbidden)
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'X' },
          team.caseWorker,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.chronology.add(
          investigation.id,
          { occurredOn: '2025-01-01', kind: 'underlying_fact', title: 'X' },
          team.decisionMaker,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.chronology.update(event.id, { title: 'X' }, event.version, team.outsider),
        Forbidden,
      )
      await assert.rejects(t.services.chronology.get(event.id, team.caseWorker), Forbidden)
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', '=', 'access.denied')
        .where('case_id', '=', investigation.id)
        .execute()
      assert.equal(denied.length, 7)
    })
  })
}
