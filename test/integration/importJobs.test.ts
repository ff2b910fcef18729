/**
 * Imports through the API (issue 12; docs/import.md "Through the API and the page"): the upload
 * queues a job, the job runner runs it, the import's status, counts and error report are read
 * back; every error case of the issue gets its clear message with nothing written; a file over
 * the upload limit is refused with 413 and nothing stored; only administrators may do any of it.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { authorise } from '../../src/domain/policy.js'
import { ROLES } from '../../src/domain/roles.js'
import { bearer, createToken } from '../support/api.js'
import { addUser, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { importForm, type Part } from '../support/importForm.js'

const CASES = [
  'source_id,force_code,received_on,category',
  'A1,NORTHSHIRE,2019-01-10,Use of force',
  'A2,NORTHSHIRE,2019-02-11,',
]
const OFFICERS = ['source_id,force_code,warrant_number,surname', 'O1,NORTHSHIRE,NS100,Smith']
const ALLEGATIONS = ['case_source_id,officer_source_id,category,finding', 'A1,O1,Use of force,Upheld', 'A2,O1,,']
const csv = (lines: string[]) => lines.join('\n') + '\n'

/** Each error case of the "Done when": the files, and what the report must say. */
const ERROR_CASES: {
  name: string
  cases?: string[] | Buffer
  allegations?: string[]
  failure: RegExp
  error?: RegExp
}[] = [
  {
    name: 'a bad date',
    cases: ['source_id,force_code,received_on', 'B1,NORTHSHIRE,2019-02-30'],
    failure: /rows have errors: nothing was imported/,
    error: /received_on must be a real date written YYYY-MM-DD/,
  },
  {
    name: 'an unknown force',
    cases: ['source_id,force_code,received_on', 'B1,NOWHERE,2019-02-01'],
    failure: /nothing was imported/,
    error: /unknown force NOWHERE: add it with candour organisations add --code NOWHERE/,
  },
  {
    name: 'an unknown officer reference',
    allegations: ['case_source_id,officer_source_id', 'A1,NOBODY'],
    failure: /nothing was imported/,
    error: /unknown officer reference NOBODY/,
  },
  {
    name: 'a duplicate source id',
    cases: ['source_id,force_code,received_on', 'B1,NORTHSHIRE,2019-02-01', 'B1,NORTHSHIRE,2019-02-02'],
    failure: /nothing was imported/,
    error: /duplicate source_id B1/,
  },
  {
    name: 'a file that is not CSV',
    cases: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x08, 0x00]),
    failure: /binary data \(NUL bytes\): it is not a CSV or JSON Lines file/,
  },
  {
    name: 'a truncated file',
    cases: ['source_id,force_code,received_on,summary', 'B1,NORTHSHIRE,2019-02-01,"the summary was cut'],
    failure: /ends inside a quoted value .*it looks truncated/,
  },
]

for (const kind of DATABASE_KINDS) {
  describe(`imports through the API (${kind})`, () => {
    let t: TestApp
    let admin: { authorization: string }
    const LIMIT = 4096

    before(async () => {
      t = await startTestApp(kind, { IMPORT_UPLOAD_MAX_BYTES: String(LIMIT) })
      const user = await addUser(t.services, { email: 'import-admin@example.test', roles: ['administrator'] })
      admin = bearer((await createToken(t.services, user.id, { write: true })).secret)
    })
    after(() => t.close())

    const post = (parts: Part[], headers = admin) => {
      const form = importForm(parts)
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/imports',
        payload: form.payload,
        headers: { ...form.headers, ...headers },
      })
    }
    const count = async (table: string, source: string) =>
      Number(
        (
          await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where source = ${source}`.execute(
            t.database.db,
          )
        ).rows[0]!.n,
      )
    const allegations = async () =>
      Number(
        (await sql<{ n: number }>`select count(*)::int as n from historical_allegations`.execute(t.database.db))
          .rows[0]!.n,
      )

    it('an upload queues the import (202), the job runner runs it, and its status, counts and progress read back', async () => {
      const response = await post([
        { name: 'source', value: 'Legacy API' },
        { name: 'cases', filename: 'cases.csv', content: csv(CASES) },
        { name: 'officers', filename: 'officers.csv', content: csv(OFFICERS) },
        { name: 'allegations', filename: 'allegations.csv', content: csv(ALLEGATIONS) },
        { name: 'mapping', filename: 'mapping.json', content: JSON.stringify({ finding: { Upheld: 'upheld' } }) },
      ])
      assert.equal(response.statusCode, 202, response.body)
      const queued = response.json()
      assert.equal(queued.status, 'queued')
      assert.equal(response.headers.location, `/api/v1/imports/${queued.id}`)
      assert.deepEqual(queued.files, ['cases.csv', 'officers.csv', 'allegations.csv'])
      assert.equal(queued.progress.percent, 0)
      assert.equal(await count('historical_cases', 'Legacy API'), 0, 'nothing is written before the job runs')

      assert.equal(await t.services.importJobs.runQueued(), 1)
      const done = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${queued.id}`, headers: admin })).json()
      assert.equal(done.status, 'completed', JSON.stringify(done))
      assert.deepEqual(done.rowsRead, { cases: 2, officers: 1, allegations: 2 })
      assert.deepEqual(done.counts.cases, { created: 2, updated: 0, unchanged: 0 })
      assert.deepEqual(done.counts.allegations, { created: 2, updated: 0, unchanged: 0 })
      assert.equal(done.progress.phase, 'done')
      assert.equal(done.progress.percent, 100)
      assert.ok(
        done.unmapped.some((u: { value: string }) => u.value === 'Use of force'),
        'an unmapped value is listed',
      )
      assert.equal(await count('historical_cases', 'Legacy API'), 2)
      // The uploaded bytes are gone once the import has run.
      const left = await sql<{ n: number }>`select count(*)::int as n from import_upload_chunks`.execute(t.database.db)
      assert.equal(left.rows[0]!.n, 0)

      const list = (await t.app.inject({ method: 'GET', url: '/api/v1/imports?limit=1', headers: admin })).json()
      assert.equal(list.items[0].id, queued.id)
    })

    it('a dry run is validated and writes nothing', async () => {
      const response = await post([
        { name: 'source', value: 'Legacy dry' },
        { name: 'dryRun', value: 'true' },
        { name: 'cases', filename: 'cases.csv', content: csv(CASES) },
      ])
      assert.equal(response.statusCode, 202, response.body)
      await t.services.importJobs.runQueued()
      const done = (
        await t.app.inject({ method: 'GET', url: `/api/v1/imports/${response.json().id}`, headers: admin })
      ).json()
      assert.equal(done.status, 'validated')
      assert.equal(await count('historical_cases', 'Legacy dry'), 0)
    })

    for (const c of ERROR_CASES)
      it(`${c.name}: the import fails with a clear message, the error report says it, nothing is written`, async () => {
        const source = `Bad ${c.name}`.replace(/[^A-Za-z0-9 ]/g, '')
        const before = await allegations()
        const cases = c.cases ?? CASES
        const response = await post([
          { name: 'source', value: source },
          { name: 'cases', filename: 'cases.csv', content: Buffer.isBuffer(cases) ? cases : csv(cases) },
          { name: 'officers', filename: 'officers.csv', content: csv(OFFICERS) },
          { name: 'allegations', filename: 'allegations.csv', content: csv(c.allegations ?? ALLEGATIONS) },
        ])
        assert.equal(response.statusCode, 202, response.body)
        await t.services.importJobs.runQueued()
        const job = (
          await t.app.inject({ method: 'GET', url: `/api/v1/imports/${response.json().id}`, headers: admin })
        ).json()
        assert.equal(job.status, 'failed')
        assert.match(job.failure, c.failure)
        const report = await t.app.inject({ method: 'GET', url: job.errorsUrl, headers: admin })
        assert.equal(report.statusCode, 200)
        assert.match(String(report.headers['content-type']), /^text\/csv/)
        assert.match(report.body, /^file,row,column,value,message\r?\n/)
        if (c.error) assert.match(report.body, c.error)
        assert.equal(await count('historical_cases', source), 0, 'no case written')
        assert.equal(await allegations(), before, 'no allegation written')
      })

    it(`a file over the upload limit is refused with 413, naming the limit and the CLI, and nothing is stored`, async () => {
      const imports = async () =>
        Number((await sql<{ n: number }>`select count(*)::int as n from imports`.execute(t.database.db)).rows[0]!.n)
      const before = await imports()
      const big = csv([CASES[0]!, ...Array.from({ length: 200 }, (_, i) => `X${i},NORTHSHIRE,2019-01-01,cat`)])
      assert.ok(big.length > LIMIT)
      const response = await post([
        { name: 'source', value: 'Too big' },
        { name: 'cases', filename: 'cases.csv', content: big },
      ])
      assert.equal(response.statusCode, 413, response.body)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      const body = response.json()
      assert.equal(body.status, 413)
      assert.match(body.detail, /cases\.csv is larger than 4 KB, the most an upload may be: nothing was imported/)
      assert.match(body.detail, /candour import --source NAME FILES…`, which streams files of any size \(a 2 GB file/)
      assert.equal(await imports(), before)
      const chunks = await sql<{ n: number }>`select count(*)::int as n from import_upload_chunks`.execute(
        t.database.db,
      )
      assert.equal(chunks.rows[0]!.n, 0)
    })

    it('a request without a source, or with a field it does not know, is a 422 naming each field; nothing is queued', async () => {
      const response = await post([
        { name: 'colour', value: 'blue' },
        { name: 'cases', filename: 'cases.csv', content: csv(CASES) },
      ])
      assert.equal(response.statusCode, 422, response.body)
      const paths = response.json().errors.map((e: { path: string }) => e.path)
      assert.deepEqual(paths.sort(), ['body.colour', 'body.source'])
      const mapping = await post([
        { name: 'source', value: 'Bad mapping' },
        { name: 'mapping', filename: 'mapping.json', content: '{"finding": {"Upheld": "maybe"}}' },
        { name: 'cases', filename: 'cases.csv', content: csv(CASES) },
      ])
      assert.equal(mapping.statusCode, 422, mapping.body)
      assert.deepEqual(
        mapping.json().errors.map((e: { path: string }) => e.path),
        ['body.mapping'],
      )
      const queued = await sql<{ n: number }>`select count(*)::int as n from imports where status = 'queued'`.execute(
        t.database.db,
      )
      assert.equal(queued.rows[0]!.n, 0)
    })

    it('an unknown import is 404 problem+json', async () => {
      for (const url of [
        '/api/v1/imports/01890a5d-ac96-774b-bcce-b302099a8057',
        '/api/v1/imports/01890a5d-ac96-774b-bcce-b302099a8057/errors.csv',
      ]) {
        const response = await t.app.inject({ method: 'GET', url, headers: admin })
        assert.equal(response.statusCode, 404, url)
        assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      }
    })

    // The role matrix: the policy's answer for history:import, for every role, on every operation.
    for (const role of ROLES) {
      const allowed = authorise({ userId: 'x', roles: [role], organisationId: 'x' }, 'history:import').allowed
      const tokens = authorise({ userId: 'x', roles: [role], organisationId: 'x' }, 'api-tokens:manage-own').allowed
      if (!tokens) continue
      it(`${role}: every import operation is ${allowed ? 'allowed' : '403'}`, async () => {
        assert.equal(allowed, role === 'administrator', 'only administrators import history')
        const user = await addUser(t.services, {
          email: `imports-${role}@example.test`,
          roles: [role],
          organisationCode: role === 'appropriate_authority' ? 'NORTHSHIRE' : 'OVERSIGHT',
        })
        const headers = bearer((await createToken(t.services, user.id, { write: true })).secret)
        const mine = await post(
          [
            { name: 'source', value: `Role ${role}` },
            { name: 'cases', filename: 'cases.csv', content: csv(CASES) },
          ],
          headers,
        )
        assert.equal(mine.statusCode, allowed ? 202 : 403, mine.body)
        const any = (await t.app.inject({ method: 'GET', url: '/api/v1/imports?limit=1', headers: admin })).json()
          .items[0].id
        for (const url of ['/api/v1/imports', `/api/v1/imports/${any}`, `/api/v1/imports/${any}/errors.csv`]) {
          const response = await t.app.inject({ method: 'GET', url, headers })
          assert.equal(response.statusCode, allowed ? 200 : 403, `${url}: ${response.body}`)
        }
      })
    }
  })
}
