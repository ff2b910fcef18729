/**
 * The officer's record, the flagged officers and the concentration figures through the API and the
 * pages, for every role: who sees what follows the policy (docs/officer-record.md "Who sees what").
 */
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { authorise } from '../../src/domain/policy.js'
import { ROLES, type Role } from '../../src/domain/roles.js'
import { systemContext } from '../../src/services/context.js'
import { historyImportService, type ImportFile } from '../../src/services/import/historyImport.js'
import { bearer, createToken } from '../support/api.js'
import { Client, addUser, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { contextFor, openInvestigation } from '../support/investigations.js'

const file = (name: string, lines: string[]): ImportFile => ({
  name,
  open: () => Readable.from([lines.join('\n') + '\n']),
})

type Surface = 'own' | 'other' | 'flagged' | 'statistics'
const ALL = { own: 200, other: 200, flagged: 200, statistics: 200 } as const
const NONE = { own: 403, other: 403, flagged: 403, statistics: 403 } as const
/** Written out by hand: a force sees its own officers (and no figures); families and subjects nothing. */
const EXPECTED: Record<Role, Record<Surface, number>> = {
  investigator: ALL,
  lead_investigator: ALL,
  decision_maker: ALL,
  case_worker: ALL,
  administrator: ALL,
  appropriate_authority: { own: 200, other: 403, flagged: 200, statistics: 403 },
  interested_person: NONE,
  subject: NONE,
}

for (const kind of DATABASE_KINDS) {
  describe(`officers' records over the API and pages, by role (${kind})`, () => {
    let t: TestApp
    let northshireOfficer: string
    let westmarchOfficer: string
    const system = systemContext('test')

    before(async () => {
      t = await startTestApp(kind)
      await t.services.organisations.ensure(
        { code: 'WESTMARCH', name: 'Westmarch Police', kind: 'police_force' },
        system,
      )
      const report = await historyImportService(t.database).run(
        {
          source: 'Legacy',
          files: [
            file('cases.csv', [
              'source_id,force_code,received_on,category',
              'C1,NORTHSHIRE,2019-01-10,use',
              'C2,NORTHSHIRE,2019-03-10,use',
              'C3,WESTMARCH,2019-05-10,use',
            ]),
            file('allegations.csv', [
              'case_source_id,force_code,warrant_number,category,finding',
              'C1,NORTHSHIRE,NS1,use,upheld',
              'C2,NORTHSHIRE,NS1,use,not upheld',
              'C2,NORTHSHIRE,NS2,use,',
              'C3,WESTMARCH,WM1,use,',
            ]),
          ],
        },
        system,
      )
      assert.equal(report.status, 'completed', JSON.stringify(report.errors))
      const rows = await sql<{ warrant_number: string; id: string }>`
        select warrant_number, id from historical_officers`.execute(t.database.db)
      const byWarrant = Object.fromEntries(rows.rows.map((r) => [r.warrant_number, r.id]))
      northshireOfficer = byWarrant.NS1!
      westmarchOfficer = byWarrant.WM1!
    })
    after(() => t.close())

    for (const role of ROLES) {
      const expected = EXPECTED[role]
      const tokenAllowed = authorise(
        { userId: 'x', roles: [role], organisationId: 'x' },
        'api-tokens:manage-own',
      ).allowed

      if (tokenAllowed)
        it(`API: ${role} → own force ${expected.own}, other force ${expected.other}, flagged ${expected.flagged}, figures ${expected.statistics}`, async () => {
          const user = await addUser(t.services, {
            email: `api-${role}@example.test`,
            roles: [role],
            organisationCode: role === 'appropriate_authority' ? 'NORTHSHIRE' : 'OVERSIGHT',
          })
          const { secret } = await createToken(t.services, user.id)
          const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(secret) })
          const own = await get(`/api/v1/officers/${northshireOfficer}`)
          assert.equal(own.statusCode, expected.own, own.body)
          const other = await get(`/api/v1/officers/${westmarchOfficer}`)
          assert.equal(other.statusCode, expected.other, other.body)
          const flagged = await get('/api/v1/officers/flagged')
          assert.equal(flagged.statusCode, expected.flagged, flagged.body)
          const figures = await get('/api/v1/statistics/allegation-concentration')
          assert.equal(figures.statusCode, expected.statistics, figures.body)
          if (own.statusCode === 200) {
            const body = own.json()
            assert.equal(body.officer.id, northshireOfficer)
            assert.deepEqual(
              body.items.map((c: { reference: string }) => c.reference),
              ['Legacy C2', 'Legacy C1'],
            )
            assert.deepEqual(
              body.items[0].coSubjects.map((c: { name: string | null }) => c.name),
              ['Name not recorded'],
            )
            assert.deepEqual(
              body.flags.map((f: { rule: { id: string } }) => f.rule.id),
              ['same-category-24-months'],
            )
          }
          if (flagged.statusCode === 200) {
            const ids = flagged.json().items.map((i: { officer: { id: string } }) => i.officer.id)
            assert.deepEqual(ids, [northshireOfficer])
          }
          if (figures.statusCode === 200)
            assert.deepEqual([figures.json().officers, figures.json().allegations, figures.json().cases], [3, 4, 3])
        })

      if (role !== 'administrator')
        // Administrators sign in with a second factor; their pages are the same as the staff's.
        it(`pages: ${role} → record ${expected.own}, flagged ${expected.flagged}, statistics ${expected.statistics}`, async () => {
          const email = `page-${role}@example.test`
          await addUser(t.services, {
            email,
            roles: [role],
            organisationCode: role === 'appropriate_authority' ? 'NORTHSHIRE' : 'OVERSIGHT',
          })
          const client = new Client(t.app)
          await client.signIn(email)
          const record = await client.get(`/officers/${northshireOfficer}`)
          assert.equal(record.statusCode, expected.own)
          const other = await client.get(`/officers/${westmarchOfficer}`)
          assert.equal(other.statusCode, expected.other)
          assert.equal((await client.get('/officers/flagged')).statusCode, expected.flagged)
          assert.equal((await client.get('/statistics')).statusCode, expected.statistics)
          if (record.statusCode === 200) {
            assert.match(record.body, /Officer’s record/)
            assert.match(record.body, /2 or more allegations of the same category within 24 months/)
            assert.match(record.body, /Legacy C1/)
          }
        })
    }

    it('API: filters and keyset pages, and names a bad filter or cursor as a query problem', async () => {
      const lead = await contextFor(t.services, 'api-filter@example.test', ['lead_investigator'])
      const { secret } = await createToken(t.services, lead.userId)
      const get = (url: string) => t.app.inject({ method: 'GET', url, headers: bearer(secret) })
      const first = await get(`/api/v1/officers/${northshireOfficer}?limit=1`)
      assert.equal(first.statusCode, 200)
      assert.equal(first.json().items[0].reference, 'Legacy C2')
      const second = await get(`/api/v1/officers/${northshireOfficer}?limit=1&cursor=${first.json().nextCursor}`)
      assert.equal(second.json().items[0].reference, 'Legacy C1')
      assert.equal(second.json().nextCursor, null)
      const filtered = await get(`/api/v1/officers/${northshireOfficer}?to=2019-02-01`)
      assert.deepEqual(
        filtered.json().items.map((c: { reference: string }) => c.reference),
        ['Legacy C1'],
      )
      const backwards = await get(`/api/v1/officers/${northshireOfficer}?from=2020-01-01&to=2019-01-01`)
      assert.equal(backwards.statusCode, 422)
      assert.equal(backwards.json().errors[0].path, 'query.to')
      const badRule = await get('/api/v1/officers/flagged?rule=nonsense')
      assert.equal(badRule.statusCode, 422)
      assert.equal(badRule.json().errors[0].path, 'query.rule')
      const badYears = await get('/api/v1/statistics/allegation-concentration?fromYear=2020&toYear=2019')
      assert.equal(badYears.statusCode, 422)
      assert.equal(badYears.json().errors[0].path, 'query.toYear')
      assert.equal((await get('/api/v1/officers/00000000-0000-7000-8000-000000000000')).statusCode, 404)
    })

    it('the subject page says which thresholds the officer meets and why', async () => {
      const team = {
        lead: await contextFor(t.services, 'sp-lead@example.test', ['lead_investigator']),
        investigator: await contextFor(t.services, 'sp-investigator@example.test', ['investigator']),
        decisionMaker: await contextFor(t.services, 'sp-dm@example.test', ['decision_maker']),
        caseWorker: await contextFor(t.services, 'sp-cw@example.test', ['case_worker']),
        outsider: await contextFor(t.services, 'sp-outsider@example.test', ['investigator']),
      }
      const { investigation } = await openInvestigation(t.services, team)
      const { subject } = await t.services.subjects.add(
        investigation.id,
        { givenName: 'Ada', familyName: 'Stone', warrantNumber: 'ns1', kind: 'police_officer', rank: 'constable' },
        team.investigator,
      )
      const client = new Client(t.app)
      await client.signIn('sp-investigator@example.test')
      const page = await client.get(`/investigations/${investigation.id}/subjects/${subject.id}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Early-intervention flags/)
      assert.match(
        page.body,
        /2 or more allegations of the same category within 24 months: 2, from 2019-01-10 to 2019-03-10/,
      )
      assert.match(page.body, /Legacy C1, 10 January 2019/)
      assert.match(page.body, new RegExp(`href="/officers/${subject.officer_id}"`))
      // The register's officer is the historical officer: the record answers to either id.
      const record = await client.get(`/officers/${northshireOfficer}`)
      assert.match(record.body, /Ada Stone/)
      assert.match(record.body, /Live investigation/)
    })
  })
}
