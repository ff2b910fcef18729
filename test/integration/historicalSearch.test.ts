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
import { authorise, authoriseOfficerRecord } from '../../src/domain/policy.js'
import { ROLES, type Role } from '../../src/domain/roles.js'
import { systemContext } from '../../src/services/context.js'
import { historyImportService, type ImportFile } from '../../src/services/import/historyImport.js'
import { bearer, createToken } from '../support/api.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { assertMatchesContract } from '../support/openapi.js'
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
    const signedIn = async (role: Role, org = 'OVERSIGHT') => {
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
            // The same surname in two forces: each force's department finds only its own officer's case.
            file('officers.csv', [
              'source_id,force_code,warrant_number,surname,forenames',
              'P1,NORTHSHIRE,NS9,Oakenshield,Thorin',
              'P2,WESTMARCH,WM9,Oakenshield,Dain',
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

    it('an officer’s surname, full name or warrant number finds the historical cases naming them', async () => {
      const client = await signedIn('investigator')
      const refs = async (q: string) => {
        const page = await client.get(`/investigations?${new URLSearchParams({ q })}`)
        assert.equal(page.statusCode, 200)
        const section = page.body.slice(page.body.indexOf('id="historical"'))
        return [...section.matchAll(/href="\/historical-cases\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])
      }
      assert.deepEqual(await refs('Oakenshield'), ['Legacy W1', 'Legacy E25'])
      assert.deepEqual(await refs('thorin oakenshield'), ['Legacy E25'])
      assert.deepEqual(await refs('ns9'), ['Legacy E25'])
      assert.deepEqual(await refs('Durin'), [])
      const westmarch = await signedIn('appropriate_authority', 'WESTMARCH')
      const theirs = await westmarch.get('/investigations?q=oakenshield')
      if (theirs.statusCode === 200) {
        const section = theirs.body.slice(theirs.body.indexOf('id="historical"'))
        assert.match(section, /Legacy W1/)
        assert.doesNotMatch(section, /Legacy E25/, 'not by the name of another force’s officer')
      }
    })

    it('the API finds them too: the case list’s search carries them apart, marked, each with its own link', async () => {
      const user = await addUser(t.services, {
        email: `hist-api-${++people}@example.test`,
        roles: ['investigator'],
        organisationCode: 'OVERSIGHT',
      })
      const headers = bearer((await createToken(t.services, user.id)).secret)
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers })
      const list = await get('/api/v1/investigations?q=elm+street&limit=10')
      assert.equal(list.statusCode, 200, list.body)
      await assertMatchesContract(t.app, 'listInvestigations', list)
      const historical = list.json().historicalCases
      assert.equal(historical.items.length, 10)
      assert.deepEqual(
        historical.items.slice(0, 2).map((i: { reference: string; origin: string }) => [i.reference, i.origin]),
        [
          ['Legacy W1', 'historical'],
          ['Legacy E25', 'historical'],
        ],
      )
      assert.equal(historical.items[1].self, `/api/v1/historical-cases/${elm}`)
      // The rest, by keyset on the search's own operation, until nextCursor is null.
      const seen: string[] = historical.items.map((i: { reference: string }) => i.reference)
      let next: string | null = historical.next
      while (next) {
        const page = await get(next)
        assert.equal(page.statusCode, 200, page.body)
        await assertMatchesContract(t.app, 'searchHistoricalCases', page)
        seen.push(...page.json().items.map((i: { reference: string }) => i.reference))
        const cursor = page.json().nextCursor
        next = cursor ? `/api/v1/historical-cases?q=elm+street&limit=10&cursor=${cursor}` : null
      }
      assert.equal(seen.length, 26)
      assert.equal(new Set(seen).size, 26, 'no record twice, none missing')
      // A later page of the live list does not repeat them; a list without q has none.
      assert.equal((await get('/api/v1/investigations')).json().historicalCases, null)
      // By an officer's name, as on the page.
      const byName = await get('/api/v1/historical-cases?q=thorin+oakenshield')
      assert.deepEqual(
        byName.json().items.map((i: { reference: string }) => i.reference),
        ['Legacy E25'],
      )
      const one = await get(`/api/v1/historical-cases/${elm}`)
      assert.equal(one.statusCode, 200, one.body)
      await assertMatchesContract(t.app, 'getHistoricalCase', one)
      const body = one.json()
      assert.equal(body.origin, 'historical')
      assert.equal(body.receivedOn, '2019-01-25')
      assert.deepEqual(
        body.allegations.map((a: { officer: { surname: string } | null; finding: string; findingSource: string }) => [
          a.officer?.surname,
          a.finding,
          a.findingSource,
        ]),
        [['Oakenshield', 'upheld', 'Upheld']],
      )
      assert.equal((await get('/api/v1/historical-cases/01890a5d-ac96-774b-bcce-b302099a8057')).statusCode, 404)
      assert.equal((await get('/api/v1/historical-cases?q=')).statusCode, 422)
    })

    // Who may search and read them over the API is the page's rule, for every role that has tokens.
    for (const role of ROLES) {
      const actor = { userId: 'x', roles: [role], organisationId: 'x' }
      if (!authorise(actor, 'api-tokens:manage-own').allowed) continue
      it(`API and page agree for ${role}: search and read as the policy says`, async () => {
        const org = role === 'appropriate_authority' ? 'NORTHSHIRE' : 'OVERSIGHT'
        const user = await addUser(t.services, {
          email: `hist-role-${role}-${++people}@example.test`,
          roles: [role],
          organisationCode: org,
        })
        const headers = bearer((await createToken(t.services, user.id)).secret)
        const get = (url: string) => t.app.inject({ method: 'GET', url, headers })
        const general = authorise(actor, 'officers:read-record').allowed
        const westmarch = (
          await sql<{ id: string }>`select id from historical_cases where source_id = 'W1'`.execute(t.database.db)
        ).rows[0]!.id
        const own = await get(`/api/v1/historical-cases/${elm}`)
        const other = await get(`/api/v1/historical-cases/${westmarch}`)
        const search = await get('/api/v1/historical-cases?q=oakenshield')
        const everyForce =
          general && authoriseOfficerRecord({ ...actor, organisationId: 'elsewhere' }, { forceId: '' }).allowed
        assert.equal(own.statusCode, general ? 200 : 403, own.body)
        assert.equal(other.statusCode, everyForce ? 200 : 403, other.body)
        assert.equal(search.statusCode, general ? 200 : 403, search.body)
        if (general)
          assert.deepEqual(
            search.json().items.map((i: { reference: string }) => i.reference),
            everyForce ? ['Legacy W1', 'Legacy E25'] : ['Legacy E25'],
          )
        const list = await get('/api/v1/investigations?q=oakenshield')
        if (list.statusCode === 200)
          assert.deepEqual(
            (list.json().historicalCases?.items ?? []).map((i: { reference: string }) => i.reference),
            general ? search.json().items.map((i: { reference: string }) => i.reference) : [],
          )
        // The page answers the same for anyone who signs in with a password alone.
        if (role !== 'administrator') {
          const client = await signedIn(role, org)
          assert.equal((await client.get(`/historical-cases/${elm}`)).statusCode, own.statusCode)
          assert.equal((await client.get(`/historical-cases/${westmarch}`)).statusCode, other.statusCode)
        }
      })
    }

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
        // An officer's name: their trigram index, then their cases through the officers' index. With a
        // handful of rows the planner would rather read the whole (tiny) primary key index; forbidding
        // plain index scans too leaves only what a condition can drive, so a scan of every officer shows.
        await sql`set local enable_indexscan = off`.execute(tx)
        for (const filter of [
          { needle: 'oakenshield', limit: 21 },
          { needle: 'oakenshield', limit: 21, forceId: '01890a5d-ac96-774b-bcce-b302099a8057' },
        ]) {
          const byName = await searchPlan(tx, filter)
          assert.match(byName, /Bitmap Index Scan on historical_officers_search_trgm/, byName)
          assert.match(byName, /historical_allegations_officer(_case)?_idx/, byName)
          assert.doesNotMatch(byName, /Seq Scan|Index Scan using historical_officers_pkey/, byName)
        }
      })
    })
  })
}
