/**
 * The administrators' import pages: upload the files through the form (a streamed multipart body
 * whose first part is the CSRF token), follow the import's progress by reloading its page, read its
 * counts, download its error report; a file too large is named with the limit and the CLI. Other
 * roles are refused.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { currentTotp } from '../../src/services/security/totp.js'
import { addUser, Client, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { importForm, type Part } from '../support/importForm.js'

const csv = (lines: string[]) => lines.join('\n') + '\n'

for (const kind of DATABASE_KINDS) {
  describe(`import pages (${kind})`, () => {
    let t: TestApp
    let admin: Client

    before(async () => {
      t = await startTestApp(kind, { IMPORT_UPLOAD_MAX_BYTES: String(2048) })
      const email = 'import-page-admin@example.test'
      const user = await addUser(t.services, { email, roles: ['administrator'] })
      const { secret } = await t.services.authentication.beginSecondFactorSetup(user.id)
      await t.database.db.updateTable('users').set({ totp_enabled_at: new Date() }).where('id', '=', user.id).execute()
      admin = new Client(t.app)
      assert.equal((await admin.signIn(email)).headers.location, '/sign-in/two-factor')
      await admin.postForm('/sign-in/two-factor', { code: await currentTotp(secret) })
    })
    after(() => t.close())

    async function upload(client: Client, parts: Part[]) {
      const token = await client.csrfToken('/admin/imports/new')
      const form = importForm([{ name: '_csrf', value: token }, ...parts])
      return client.request({ method: 'POST', url: '/admin/imports', payload: form.payload, headers: form.headers })
    }

    it('an import started from the form shows its progress, then its counts; a failed one offers its error report', async () => {
      const list = await admin.get('/admin/imports')
      assert.equal(list.statusCode, 200)
      assert.match(list.body, /No history has been imported yet/)

      const response = await upload(admin, [
        { name: 'source', value: 'Page legacy' },
        {
          name: 'cases',
          filename: 'cases.csv',
          content: csv(['source_id,force_code,received_on', 'P1,NORTHSHIRE,2020-03-04']),
        },
        { name: 'officers', filename: '', content: '' },
        { name: 'allegations', filename: '', content: '' },
        { name: 'mapping', filename: '', content: '' },
        { name: 'options', value: 'dryRun' },
      ])
      assert.equal(response.statusCode, 303, response.body)
      const page = await admin.get(String(response.headers.location))
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /The import is queued/)
      assert.match(page.body, /Waiting to start/)
      assert.match(page.body, /data-testid="import-progress"/)
      assert.match(page.body, /Check progress again/)
      assert.doesNotMatch(page.body, /http-equiv="refresh"/, 'no automatic refresh (WCAG 2.2.1)')

      await t.services.importJobs.runQueued()
      const done = await admin.get(String(response.headers.location))
      assert.match(done.body, /Checked \(dry run\)/)
      assert.doesNotMatch(done.body, /data-testid="import-progress"/)

      const bad = await upload(admin, [
        { name: 'source', value: 'Page bad' },
        {
          name: 'cases',
          filename: 'cases.csv',
          content: csv(['source_id,force_code,received_on', 'P1,NOWHERE,2020-03-04']),
        },
      ])
      assert.equal(bad.statusCode, 303, bad.body)
      await t.services.importJobs.runQueued()
      const failed = await admin.get(String(bad.headers.location))
      assert.match(failed.body, /Failed: nothing imported/)
      assert.match(failed.body, /data-testid="import-failure"/)
      const link = /href="(\/admin\/imports\/[^"]+\/errors\.csv)"/.exec(failed.body)?.[1]
      assert.ok(link, 'the error report is offered')
      const report = await admin.get(link)
      assert.equal(report.statusCode, 200)
      assert.match(String(report.headers['content-disposition']), /^attachment/)
      assert.match(report.body, /unknown force NOWHERE/)

      const listed = await admin.get('/admin/imports')
      assert.match(listed.body, /Page legacy/)
      assert.match(listed.body, /Page bad/)
    })

    it('a file over the limit, or a form without a source, is shown on the form with nothing queued', async () => {
      const big = csv([
        'source_id,force_code,received_on',
        ...Array.from({ length: 100 }, (_, i) => `B${i},NORTHSHIRE,2020-01-01`),
      ])
      const tooBig = await upload(admin, [
        { name: 'source', value: 'Page big' },
        { name: 'cases', filename: 'cases.csv', content: big },
      ])
      assert.equal(tooBig.statusCode, 413)
      assert.match(tooBig.body, /govuk-error-summary/)
      assert.match(tooBig.body, /cases\.csv is larger than 2 KB/)
      assert.match(tooBig.body, /candour import --source NAME FILES…/)
      const noSource = await upload(admin, [{ name: 'cases', filename: 'cases.csv', content: csv(['source_id']) }])
      assert.equal(noSource.statusCode, 400)
      assert.match(noSource.body, /href="#source">Enter the source name/)
      const listed = await admin.get('/admin/imports')
      assert.doesNotMatch(listed.body, /Page big/)
    })

    it('a form without the CSRF token first is refused', async () => {
      const form = importForm([
        { name: 'source', value: 'No token' },
        { name: 'cases', filename: 'cases.csv', content: 'source_id\n' },
      ])
      const response = await admin.request({
        method: 'POST',
        url: '/admin/imports',
        payload: form.payload,
        headers: form.headers,
      })
      assert.equal(response.statusCode, 403)
    })

    it('people who are not administrators cannot see or use the pages', async () => {
      const email = 'import-page-investigator@example.test'
      await addUser(t.services, { email, roles: ['investigator'] })
      const client = new Client(t.app)
      await client.signIn(email)
      for (const url of ['/admin/imports', '/admin/imports/new'])
        assert.equal((await client.get(url)).statusCode, 403, url)
    })
  })
}
