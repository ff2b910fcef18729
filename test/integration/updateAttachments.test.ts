import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`keep-informed update attachments (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    async function recordedUpdate() {
      const { investigation } = await openInvestigation(t.services, team)
      const personId = await addInterestedPerson(t.database.db, investigation.id, { name: 'Alex Parent' })
      const update = await t.services.families.recordUpdate(
        investigation.id,
        {
          channel: 'letter',
          givenOn: '2026-06-01',
          interestedPersonIds: [personId],
          summary: 'Progress letter with an enclosure',
        },
        team.caseWorker,
      )
      return { investigation, update }
    }

    it('attaches a file to an update, lists it with the update and serves the same bytes', async () => {
      const { investigation, update } = await recordedUpdate()
      const bytes = Buffer.from('Enclosure: the timetable agreed at the meeting.\n')
      const attachment = await t.services.families.attachToUpdate(
        update.id,
        { bytes, filename: '../Timetable.txt', mediaType: 'text/plain' },
        team.caseWorker,
      )
      assert.equal(attachment.filename, 'Timetable.txt')
      const [listed] = await t.services.families.listUpdates(investigation.id, team.lead)
      assert.deepEqual(
        listed!.attachments.map((a) => a.id),
        [attachment.id],
      )
      const read = await t.services.families.attachment(attachment.id, team.investigator)
      assert.deepEqual(read.bytes, bytes)

      const email = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', team.caseWorker.userId)
          .executeTakeFirstOrThrow()
      ).email
      const client = new Client(t.app)
      assert.equal((await client.signIn(email)).statusCode, 303)
      // The tab says a file is attached and links to the update's own page, which lists it.
      const tab = await client.get(`/investigations/${investigation.id}/families`)
      assert.match(tab.body, /1 file attached/)
      const updatePath = `/investigations/${investigation.id}/families/updates/${update.id}`
      assert.ok(tab.body.includes(`href="${updatePath}"`))
      const page = await client.get(updatePath)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Timetable\.txt/)
      const download = await client.get(
        `/investigations/${investigation.id}/families/update-attachments/${attachment.id}`,
      )
      assert.equal(download.statusCode, 200)
      assert.match(String(download.headers['content-disposition']), /attachment; filename="Timetable\.txt"/)
      assert.equal(download.body, bytes.toString())
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .where('action', 'like', 'keep-informed-update.attachment-%')
        .execute()
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'keep-informed-update.attachment-added',
        'keep-informed-update.attachment-read',
        'keep-informed-update.attachment-read',
      ])
    })

    it('refuses an empty upload, an outsider and the force', async () => {
      const { update } = await recordedUpdate()
      await assert.rejects(t.services.families.attachToUpdate(update.id, null, team.caseWorker), ValidationFailed)
      await assert.rejects(
        t.services.families.attachToUpdate(
          update.id,
          { bytes: Buffer.from('x'), filename: 'x.txt', mediaType: 'text/plain' },
          team.outsider,
        ),
        Forbidden,
      )
      const attachment = await t.services.families.attachToUpdate(
        update.id,
        { bytes: Buffer.from('y'), filename: 'y.txt', mediaType: 'text/plain' },
        team.caseWorker,
      )
      await assert.rejects(t.services.families.attachment(attachment.id, team.outsider), Forbidden)
    })
  })
}
