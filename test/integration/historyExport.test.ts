/**
 * Export in the import format: the round trip (import the example → export → import into an
 * empty database → the same records), and the API's streamed files for administrators only.
 */
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import type { DatabaseHandle } from '../../src/data/database.js'
import { vocabularyMappingSchema } from '../../src/domain/historicalImport.js'
import { systemContext } from '../../src/services/context.js'
import { historyExportService } from '../../src/services/import/historyExport.js'
import { historyImportService, type ImportFile } from '../../src/services/import/historyImport.js'
import { organisationService } from '../../src/services/organisations.js'
import { bearer, createToken } from '../support/api.js'
import { addUser, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS, openTestDatabase } from '../support/database.js'

const EXAMPLE = path.resolve('docs/import-example')
const example = (name: string) => fs.readFileSync(path.join(EXAMPLE, name), 'utf8')
const ctx = systemContext('test')
const file = (name: string, text: string): ImportFile => ({ name, open: () => Readable.from([text]) })

async function database(kind: (typeof DATABASE_KINDS)[number]) {
  const handle = await openTestDatabase(kind)
  const orgs = organisationService(handle.db)
  for (const code of ['NORTHSHIRE', 'WESTMARCH'])
    await orgs.ensure({ code, name: `${code} Police`, kind: 'police_force' }, ctx)
  return handle
}

/** Every historical record of a source, as its content (no ids, no import ids, no timestamps). */
async function records(handle: DatabaseHandle, source: string) {
  const cases = await sql`
    select c.source_id, f.code, c.kind, c.received_on::text, c.incident_on::text, c.incident_time::text, c.location,
           c.postcode, c.latitude::text, c.longitude::text, c.category, c.category_mapped, c.summary, c.closed_on::text
      from historical_cases c join organisations f on f.id = c.force_id where c.source = ${source}
     order by c.source_id`.execute(handle.db)
  const officers = await sql`
    select a.source_id, f.code, h.warrant_number, h.surname, h.forenames, h.rank, h.rank_mapped, h.sex, h.ethnicity,
           h.appointed_on::text, h.birth_year
      from historical_officer_aliases a join historical_officers h on h.id = a.historical_officer_id
      join organisations f on f.id = h.force_id where a.source = ${source} order by a.source_id`.execute(handle.db)
  const allegations = await sql`
    select c.source_id as case_source_id, coalesce(al.source_id, h.warrant_number) as officer, ha.ordinal,
           ha.category, ha.category_mapped, ha.standard, ha.finding, ha.finding_mapped, ha.outcome, ha.outcome_mapped
      from historical_allegations ha join historical_cases c on c.id = ha.historical_case_id
      join historical_officers h on h.id = ha.historical_officer_id
      left join historical_officer_aliases al on al.historical_officer_id = h.id and al.source = ${source}
     where c.source = ${source} order by 1, 2, 3`.execute(handle.db)
  return { cases: cases.rows, officers: officers.rows, allegations: allegations.rows }
}

async function text(generator: AsyncIterable<string>) {
  let out = ''
  for await (const chunk of generator) out += chunk
  return out
}

for (const kind of DATABASE_KINDS) {
  describe(`exporting in the import format (${kind})`, () => {
    it('round trip: the example imported, exported and imported into an empty database gives the same records', async () => {
      const first = await database(kind)
      const second = await database(kind)
      try {
        const mapping = vocabularyMappingSchema.parse(JSON.parse(example('mapping.json')))
        const report = await historyImportService(first).run(
          {
            source: 'Legacy CMS',
            mapping,
            files: ['cases.csv', 'officers.csv', 'allegations.csv'].map((n) => file(n, example(n))),
          },
          ctx,
        )
        assert.equal(report.status, 'completed')
        const exporter = historyExportService(first.db)
        const exported: ImportFile[] = []
        for (const name of ['cases', 'officers', 'allegations'] as const)
          exported.push(file(`${name}.csv`, await text(await exporter.open(name, { source: 'Legacy CMS' }, ctx))))
        const exportedMapping = vocabularyMappingSchema.parse(await exporter.mapping('Legacy CMS', ctx))
        const again = await historyImportService(second).run(
          { source: 'Legacy CMS', mapping: exportedMapping, files: exported },
          ctx,
        )
        assert.equal(again.status, 'completed', JSON.stringify(again.errors))
        assert.deepEqual(again.errorCount, 0)
        const before = await records(first, 'Legacy CMS')
        assert.equal(before.allegations.length, 7)
        assert.deepEqual(await records(second, 'Legacy CMS'), before)
        // And exporting the copy gives the same files again.
        const exporter2 = historyExportService(second.db)
        for (const [i, name] of (['cases', 'officers', 'allegations'] as const).entries()) {
          const copy = await text(await exporter2.open(name, { source: 'Legacy CMS' }, ctx))
          assert.equal(copy, await text(exported[i]!.open()))
        }
      } finally {
        await first.close()
        await second.close()
      }
    })

    describe('through the API', () => {
      let t: TestApp
      before(async () => {
        t = await startTestApp(kind)
        await historyImportService(t.database).run(
          {
            source: 'Legacy',
            files: [
              file(
                'cases.csv',
                'source_id,force_code,received_on,longitude,summary\nA1,NORTHSHIRE,2019-01-01,-2.237430,"=SUM(1), ""quoted"""\n',
              ),
            ],
          },
          ctx,
        )
      })
      after(() => t.close())

      it('streams the files to administrators only, the values verbatim', async () => {
        const admin = await addUser(t.services, { email: 'export-admin@example.test', roles: ['administrator'] })
        const lead = await addUser(t.services, { email: 'export-lead@example.test', roles: ['lead_investigator'] })
        const adminToken = (await createToken(t.services, admin.id)).secret
        const leadToken = (await createToken(t.services, lead.id)).secret
        const cases = await t.app.inject({
          url: '/api/v1/exports/cases.csv?source=Legacy',
          headers: bearer(adminToken),
        })
        assert.equal(cases.statusCode, 200)
        assert.match(String(cases.headers['content-type']), /^text\/csv/)
        const [header, row] = cases.body.split('\r\n')
        assert.equal(
          header,
          'source_id,force_code,kind,received_on,incident_on,incident_time,location,postcode,latitude,longitude,category,summary,closed_on',
        )
        assert.equal(row, 'A1,NORTHSHIRE,,2019-01-01,,,,,,-2.237430,,"=SUM(1), ""quoted""",')
        const live = await t.app.inject({
          url: '/api/v1/exports/allegations.csv?live=true',
          headers: bearer(adminToken),
        })
        assert.equal(live.statusCode, 200)
        assert.equal(
          live.body,
          'case_source_id,officer_source_id,force_code,warrant_number,category,standard,finding,outcome\r\n',
        )
        const refused = await t.app.inject({
          url: '/api/v1/exports/cases.csv?source=Legacy',
          headers: bearer(leadToken),
        })
        assert.equal(refused.statusCode, 403)
        const noSource = await t.app.inject({ url: '/api/v1/exports/cases.csv', headers: bearer(adminToken) })
        assert.equal(noSource.statusCode, 422)
        assert.equal(noSource.json().errors[0].path, 'query.source')
      })
    })
  })
}
