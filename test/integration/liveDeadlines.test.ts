/**
 * Deadlines stop when they stop applying (domain/liveDeadlines.ts), and the "due or overdue"
 * filter of the investigations list agrees with the next deadline each case's identity bar shows:
 * checked for every demo case (the demo carries cases to publication, closure and
 * re-investigation), and on one case as its subject's path moves past the notice.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { londonDateOf } from '../../src/domain/calendar.js'
import { liveDeadlines, nextDeadline, NOTICE_RESPONSE_STAGES } from '../../src/domain/liveDeadlines.js'
import * as investigationsRepo from '../../src/data/repositories/investigations.js'
import { migrations } from '../../src/data/migrations/index.js'
import { NEXT_DEADLINE_RULE_CHANGED_IN } from '../../src/runtime.js'
import { actorFor, toSignedInUser } from '../../src/services/authentication.js'
import type { RequestContext } from '../../src/services/context.js'
import { seedDemoData } from '../../src/services/demoData.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { makeTeam, startedInvestigation, type Team } from '../support/investigations.js'

const today = () => londonDateOf(new Date())
const kinds = DATABASE_KINDS

for (const kind of kinds) {
  describe(`live deadlines (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    /** The case's lead investigator as a signed-in person: they see its case file and list it. */
    async function leadOf(investigationId: string): Promise<RequestContext> {
      const user = await t.database.db
        .selectFrom('investigations as i')
        .innerJoin('users as u', 'u.id', 'i.lead_investigator_id')
        .selectAll('u')
        .where('i.id', '=', investigationId)
        .executeTakeFirstOrThrow()
      return { actor: actorFor(toSignedInUser(user as never)), requestId: 'test' }
    }

    async function dueOrOverdueIds(ctx: RequestContext): Promise<Set<string>> {
      const ids = new Set<string>()
      let cursor: string | undefined
      do {
        const page = await t.services.investigations.list(ctx, {
          deadlineOnOrBefore: today(),
          limit: 100,
          ...(cursor ? { cursor } : {}),
        })
        for (const item of page.items) ids.add(item.id)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      return ids
    }

    it('a notice’s response deadline ends when the subject is determined, and the list filter follows', async () => {
      const { investigation } = await startedInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'Nia',
          familyName: 'Holloway',
          warrantNumber: `LD${Date.now() % 100000}${kind.length}`,
          kind: 'police_officer',
          rank: 'constable',
          roleAtTime: 'Response officer',
        },
        team.investigator,
      )
      await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Did not check on a detained man', standards: ['duties_and_responsibilities'] },
        team.investigator,
      )
      await t.services.subjects.assessSeverity(
        subject.id,
        { severity: 'misconduct', rationale: 'Failings', assessedOn: '2026-03-05' },
        team.investigator,
      )
      const notice = await t.services.subjects.generateNotice(subject.id, team.investigator)
      await t.services.subjects.updateNotice(
        notice.id,
        { servedOn: '2026-03-10', serviceMethod: 'in_person' },
        notice.version,
        team.investigator,
      )
      const header = async () => (await t.services.investigations.header(investigation.id, team.lead)).nextDeadlineOn
      // Served, unanswered, the case investigating: the response deadline applies (and is long past).
      const due = await header()
      assert.ok(due !== null && due < today(), `overdue notice deadline, got ${due}`)
      assert.ok((await dueOrOverdueIds(team.lead)).has(investigation.id))

      // The case moves into the report stage: the notice's deadline stops, and the filter agrees.
      await t.services.investigations.changeStatus(
        investigation.id,
        'report_drafting',
        {},
        investigation.version,
        team.lead,
      )
      assert.equal(await header(), null)
      assert.ok(!(await dueOrOverdueIds(team.lead)).has(investigation.id))
    })

    // Seeding the demo takes a while: once, on the last database kind, keeps the suite lean.
    it(
      'for every demo case, the stored next deadline is the live one and the list filter agrees with the header',
      { skip: kind !== kinds[kinds.length - 1] },
      async () => {
        await seedDemoData(t.services, async () => false)
        const cases = await t.database.db
          .selectFrom('investigations')
          .select(['id', 'reference', 'status', 'next_deadline_on', 'lead_investigator_id'])
          .where('lead_investigator_id', 'is not', null)
          .execute()
        assert.ok(cases.length >= 8, `the demo has its cases (${cases.length})`)
        const statuses = new Set(cases.map((c) => c.status))
        for (const s of ['report_sent_to_appropriate_authority', 'closed'])
          assert.ok(statuses.has(s), `the demo has a case ${s}`)
        const filtered = new Map<string, Set<string>>()
        for (const c of cases) {
          const ctx = await leadOf(c.id)
          const lead = c.lead_investigator_id!
          if (!filtered.has(lead)) filtered.set(lead, await dueOrOverdueIds(ctx))
          const facts = (await investigationsRepo.deadlineFacts(t.database.db, c.id))!
          const shown = (await t.services.investigations.header(c.id, ctx)).nextDeadlineOn
          assert.equal(shown, nextDeadline(facts), `${c.reference} (${c.status}): stored next deadline is the live one`)
          assert.equal(
            filtered.get(lead)!.has(c.id),
            shown !== null && shown <= today(),
            `${c.reference} (${c.status}): the due-or-overdue filter agrees with the header (${shown})`,
          )
          if (!NOTICE_RESPONSE_STAGES.includes(facts.status) && facts.status !== 'suspended')
            assert.ok(
              !liveDeadlines(facts).some((d) => d.kind === 'notice_response'),
              `${c.reference} (${c.status}) has no notice deadline once past the notice stage`,
            )
        }

        // A database from before the rule changed stores stale dates: the recompute (run by the start
        // that applies the rule's migration, and by `candour deadlines recompute`) puts every one right.
        assert.ok(NEXT_DEADLINE_RULE_CHANGED_IN in migrations, 'the start-up recompute names a real migration')
        await t.database.db.updateTable('investigations').set({ next_deadline_on: '2001-01-01' }).execute()
        const changed = await investigationsRepo.refreshEveryNextDeadline(t.database.db, 3)
        const all = await t.database.db
          .selectFrom('investigations')
          .select(['id', 'reference', 'next_deadline_on'])
          .execute()
        assert.equal(changed, all.length, 'every stale date was rewritten')
        for (const c of all) {
          const facts = (await investigationsRepo.deadlineFacts(t.database.db, c.id))!
          assert.equal(c.next_deadline_on, nextDeadline(facts), `${c.reference}: recomputed`)
        }
        assert.equal(
          await investigationsRepo.refreshEveryNextDeadline(t.database.db),
          0,
          'a second run changes nothing',
        )
      },
    )
  })
}
