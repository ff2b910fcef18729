/**
 * The demo's dates tell one consistent story (issue 16): every case of the demo data, on each
 * database, checked with the domain's own rules (src/domain/caseStory.ts) — no notice generated
 * after it was served, no report approved after it was sent, no response before the sending, no
 * hold lifted before it was placed, nothing that has happened dated after today.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { londonDateOf, type PlainDate } from '../../src/domain/calendar.js'
import { storyProblems } from '../../src/domain/caseStory.js'
import { seedDemoData } from '../../src/services/demoData.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'

const day = (d: Date | string): PlainDate => londonDateOf(new Date(d))

for (const kind of DATABASE_KINDS) {
  describe(`the demo's dates (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind)
      await seedDemoData(t.services, async () => false)
    })
    after(() => t.close())

    it('every case of the demo tells a consistent story by the domain’s rules', async () => {
      const db = t.database.db
      const today = londonDateOf(new Date())
      const cases = await db.selectFrom('investigations').select(['id', 'reference']).execute()
      assert.ok(cases.length >= 10, `the demo has its cases (${cases.length})`)
      const problems: string[] = []
      for (const c of cases) {
        const [notices, approvals, sending, responses, recommendations, holds, events, updates, proceedings] =
          await Promise.all([
            db
              .selectFrom('notices as n')
              .innerJoin('subjects as s', 's.id', 'n.subject_id')
              .innerJoin('officers as o', 'o.id', 's.officer_id')
              .select(['o.given_name', 'o.family_name', 'n.generated_at', 'n.served_on', 'n.response_received_on'])
              .where('n.investigation_id', '=', c.id)
              .execute(),
            db
              .selectFrom('report_reviews')
              .select('reviewed_at')
              .where('investigation_id', '=', c.id)
              .where('kind', '=', 'approved')
              .execute(),
            db.selectFrom('report_sendings').select('sent_on').where('investigation_id', '=', c.id).executeTakeFirst(),
            db.selectFrom('authority_responses').select('responded_on').where('investigation_id', '=', c.id).execute(),
            db
              .selectFrom('recommendations')
              .select(['kind', 'made_on', 'responded_on', 'complied_on'])
              .where('investigation_id', '=', c.id)
              .execute(),
            db
              .selectFrom('publication_holds')
              .select(['placed_on', 'lifted_on'])
              .where('investigation_id', '=', c.id)
              .execute(),
            db.selectFrom('chronology_events').select('occurred_on').where('investigation_id', '=', c.id).execute(),
            db.selectFrom('keep_informed_updates').select('given_on').where('investigation_id', '=', c.id).execute(),
            db
              .selectFrom('proceedings')
              .select(['held_on', 'outcome_on'])
              .where('investigation_id', '=', c.id)
              .execute(),
          ])
        const found = storyProblems({
          today,
          notices: notices.map((n) => ({
            who: `${n.given_name} ${n.family_name}`,
            generatedOn: day(n.generated_at),
            servedOn: n.served_on,
            responseReceivedOn: n.response_received_on,
          })),
          approvedOn: approvals.map((a) => day(a.reviewed_at)),
          sentOn: sending?.sent_on ?? null,
          afterSending: [
            ...responses.map((r) => ({ what: 'the force’s response', on: r.responded_on })),
            ...recommendations.flatMap((r) => [
              { what: `a ${r.kind}`, on: r.made_on },
              ...(r.responded_on ? [{ what: `the answer to a ${r.kind}`, on: r.responded_on }] : []),
              ...(r.complied_on ? [{ what: `compliance with a ${r.kind}`, on: r.complied_on }] : []),
            ]),
          ],
          holds: holds.map((h) => ({ placedOn: h.placed_on, liftedOn: h.lifted_on })),
          happened: [
            ...events.map((e) => ({ what: 'a chronology event', on: e.occurred_on })),
            ...updates.map((u) => ({ what: 'a keep-informed update', on: u.given_on })),
            ...proceedings.flatMap((p) => [
              ...(p.held_on ? [{ what: 'proceedings held', on: p.held_on }] : []),
              ...(p.outcome_on ? [{ what: 'the outcome of proceedings', on: p.outcome_on }] : []),
            ]),
          ],
        })
        problems.push(...found.map((p) => `${c.reference}: ${p}`))
      }
      assert.deepEqual(problems, [], 'the demo’s dates contradict each other')
    })
  })
}
