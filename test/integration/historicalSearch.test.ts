/**
 * Historical records in the case search (issue 12): a search finds imported cases too, shown apart
 * and marked as historical records, each opening a read-only page; who sees them follows the
 * officer record's policy; they page by keyset; the search uses its trigram index.
 */
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { searchPlan } from '../../src/data/repositories/historicalCases.js'
import { systemContext } from '../../src/services/context.js'
import { historyImportService, type ImportFile } from '../../src/services/import/historyImport.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'

const file = (name: string, lines: string[]): ImportFile => ({
  name,
  open: () => Readable.from([lines.join('\n') + '\n']),
})

for (const kind of DATABASE_KINDS) {
  describe(`historical records in the case search (${kind})`, () => {
    let t: TestApp
    let elm: string
    let people = 0
    const signedIn = async (role: 'investigator' | 'appropriate_authority', org = 'OVERSIGHT') => {
      const email = `hist-${role}-${org}-${++people}@example.test`.toLowerCase()
      await addUser(t.services, { email, roles: [role], organisationCode: org })
      const client = new Client(t.app)
      await client.signIn(email)
      return client
    }

    before(async () => {
      t = await startTestApp(kind)
      await t.services.organisations.ensure(
        { code: 'WESTMARCH', name: 'Westmarch Police', kind: 'police_force' },
        systemContext(),
      )
      // 25 Northshire records about Elm Street (to page), one Westmarch one, and one about nothing.
      const cases = Array.from(
        { length: 25 },
        (_, i) =>
          `E${i + 1},NORTHSHIRE,2019-01-${String(i + 1).padStart(2, '0')},Window broken at Elm Street ${i + 1},`,
      )
      const report = await historyImportService(t.database).run(
        {
          source: 'Legacy',
          files: [
            file('cases.csv', [
              'source_id,force_code,received_on,summary,category',
              ...cases,
              'W1,WESTMARCH,2019-03-01,Elm Street stop and search,Stop and search',
              'Z1,NORTHSHIRE,2019-04-01,Nothing to see,',
            ]),
            file('allegations.csv', [
              'case_source_id,force_code,warrant_number,category,finding',
              'E25,NORTHSHIRE,NS9,Use of force,Upheld',
              'W1,WESTMARCH,WM9,Stop and search,',
            ]),
          ],
          mapping: { finding: { Upheld: 'upheld' } },
        },
        systemContext(),
      )
      assert.equal(report.status, 'completed', JSON.stringify(report.errors))
      const row = await sql<{ id: string }>`select id from historical_cases where source_id = 'E25'`.execute(
        t.database.db,
      )
      elm = row.rows[0]!.id
    })
    after(() => t.close())

    it('a search shows matching historical records apart, marked, newest first, 20 a page by keyset', async () => {
      const client = await signedIn('investigator')
      const page = await client.get('/investigations?q=elm+street')
      assert.equal(page.statusCode, 200)
      const section = page.body.slice(page.body.indexOf('id="historical"'))
      const refs = [...section.matchAll(/href="\/historical-cases\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])
      assert.equal(refs.length, 20)
      assert.deepEqual(refs.slice(0, 3), ['Legacy W1', 'Legacy E25', 'Legacy E24'])
      assert.match(section, /Historical record<\/strong>/)
      assert.doesNotMatch(section, /Legacy Z1/)
      const more = /href="([^"]+)">More historical records/.exec(section)?.[1]
      assert.ok(more, 'a link to the next page')
      const next = await client.get(more.replace(/&amp;/g, '&'))
      const nextRefs = [
        ...next.body.slice(next.body.indexOf('id="historical"')).matchAll(/href="\/historical-cases\/[^"]+">([^<]+)</g),
      ].map((m) => m[1])
      assert.equal(nextRefs.length, 6)
      assert.equal(new Set([...refs, ...nextRefs]).size, 26, 'no record twice, none missing')
    })

    it('a historical record’s page is read-only: what was imported, its allegations, no clock and no controls', async () => {
      const client = await signedIn('investigator')
      const page = await client.get(`/historical-cases/${elm}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /data-testid="historical-notice"/)
      assert.match(page.body, /no statutory clock runs on it/)
      assert.match(page.body, /25 January 2019/)
      assert.match(page.body, /Upheld/)
      assert.match(page.body, /Warrant number NS9/)
      const main = page.body.slice(page.body.indexOf('<main'))
      assert.doesNotMatch(main, /<form|govuk-button|Change<|Deadline|deadline/, 'nothing to change, no clock')
      const audit = await sql<{ n: number }>`
        select count(*)::int as n from audit_log where action = 'historical-case.read' and entity_id = ${elm}`.execute(
        t.database.db,
      )
      assert.equal(audit.rows[0]!.n, 1, 'the read is audited')
    })

    it('a force’s department finds and opens only its own force’s records', async () => {
      const client = await signedIn('appropriate_authority', 'WESTMARCH')
      const page = await client.get('/investigations?q=elm')
      if (page.statusCode === 200) {
        const section = page.body.slice(page.body.indexOf('id="historical"'))
        assert.match(section, /Legacy W1/)
        assert.doesNotMatch(section, /Legacy E/)
      }
      assert.equal((await client.get(`/historical-cases/${elm}`)).statusCode, 403)
    })

    it('the search uses the trigram index and the keyset index, not a scan of every record', async (c) => {
      if (kind !== 'postgres')
        return c.skip('the plan is PostgreSQL’s (PGlite plans alike but is not the production database)')
      await t.database.db.transaction().execute(async (tx) => {
        // With a handful of rows a scan is cheapest; forbid it to see which indexes the query can use.
        await sql`set local enable_seqscan = off`.execute(tx)
        const plan = await searchPlan(tx, { needle: 'elm', limit: 21 })
        assert.match(plan, /historical_cases_search_trgm/, plan)
        const page = await searchPlan(tx, {
          needle: 'elm',
          limit: 21,
          after: { receivedOn: '2019-01-10', id: '01890a5d-ac96-774b-bcce-b302099a8057' },
        })
        assert.match(page, /historical_cases_(search_trgm|received_id_idx)/, page)
      })
    })
  })
}
