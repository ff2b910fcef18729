/**
 * The family portal follows the case to its end: generated over every stage a family can see
 * (every investigation status of the domain vocabulary, the report released to them, published,
 * and the case re-investigated), the portal page and the portal API are rendered in that state and
 * show that stage's own, distinct text. The released report is in the portal API too (metadata
 * and PDF), each read audited.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import { INVESTIGATION_STATUSES } from '../../src/domain/investigationLifecycle.js'
import { PORTAL_STAGES, portalProgressOf, type PortalStage } from '../../src/domain/portalProgress.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addInterestedPerson, addUpdate } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { assertMatchesContract } from '../support/openapi.js'

const FAMILY_PASSWORD = 'a long family password'
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

for (const kind of DATABASE_KINDS) {
  describe(`the family portal in every stage of the case (${kind})`, () => {
    let t: TestApp
    let team: Team
    let caseId: string
    let family: Client
    let pdfSha: string
    let personId: string
    const pdfBytes = Buffer.from('%PDF-1.4 the released report')

    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      caseId = (await openInvestigation(t.services, team, { title: 'A case followed to its end' })).investigation.id
      const email = `stages-${kind}@family.test`
      personId = await addInterestedPerson(t.database.db, caseId, { name: 'Family of the stages', email })
      await t.services.invitations.invite(caseId, { interestedPersonId: personId, email }, team.caseWorker)
      const row = await t.database.db
        .selectFrom('outbound_emails')
        .select('body_text')
        .where('to_address', '=', email)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
      const token = /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(row.body_text)![1]!
      family = new Client(t.app)
      await family.get(`/portal/invitations/${token}`)
      const accepted = await family.postForm(
        `/portal/invitations/${token}`,
        { password: FAMILY_PASSWORD, confirmPassword: FAMILY_PASSWORD },
        `/portal/invitations/${token}`,
      )
      assert.equal(accepted.statusCode, 303, accepted.body)
      pdfSha = (await t.services.documentStore.put(pdfBytes)).sha256
    })
    after(() => t.close())

    /** Puts the case in the state the stage names (the state itself, not the workflow to reach it). */
    async function enter(stage: PortalStage) {
      const db = t.database.db
      await db.deleteFrom('publications').where('investigation_id', '=', caseId).execute()
      await db.deleteFrom('reinvestigations').where('original_investigation_id', '=', caseId).execute()
      const status = (INVESTIGATION_STATUSES as readonly string[]).includes(stage)
        ? stage
        : stage === 'reinvestigated'
          ? 'closed'
          : 'report_sent_to_appropriate_authority'
      await db.updateTable('investigations').set({ status }).where('id', '=', caseId).execute()
      if (stage === 'report_released' || stage === 'report_published') {
        const force = await db
          .selectFrom('investigations')
          .select('force_id')
          .where('id', '=', caseId)
          .executeTakeFirstOrThrow()
        await db
          .insertInto('publications')
          .values({
            id: uuidv7(),
            investigation_id: caseId,
            report_version_number: 1,
            title: 'Report: a case followed to its end',
            summary: 'What the investigation found.',
            force_id: force.force_id,
            redacted_html: '<p>Redacted</p>',
            redacted_pdf_sha256: pdfSha,
            status: stage === 'report_published' ? 'published' : 'released_to_interested_persons',
            released_to_interested_persons_at: new Date(),
            ...(stage === 'report_published' ? { public_from: new Date(), published_at: new Date() } : {}),
          } as never)
          .execute()
      }
      if (stage === 'reinvestigated') {
        const successor = (await openInvestigation(t.services, team, { title: 'The re-investigation' })).investigation
        await db
          .insertInto('reinvestigations')
          .values({
            id: uuidv7(),
            original_investigation_id: caseId,
            new_investigation_id: successor.id,
            ground: 'significant_new_information',
            grounds_detail: 'Evidence first heard at the fresh inquests.',
            decision: 'approved',
            decided_on: '2026-11-02',
          } as never)
          .execute()
      }
    }

    it('shows each stage’s own plain-English text on the page and in the API', async () => {
      const shown = new Map<string, PortalStage>()
      for (const stage of PORTAL_STAGES) {
        await enter(stage)
        const expected = portalProgressOf(stage)
        const page = await family.get(`/portal/cases/${caseId}`)
        assert.equal(page.statusCode, 200, `${stage}: ${page.statusCode}`)
        assert.ok(page.body.includes(escapeHtml(expected.stage)), `${stage}: the page shows “${expected.stage}”`)
        assert.ok(page.body.includes(escapeHtml(expected.explanation)), `${stage}: the page explains it`)
        const api = await family.get(`/api/v1/portal/cases/${caseId}`)
        assert.equal(api.statusCode, 200)
        assert.deepEqual(api.json().progress, expected, stage)
        assert.ok(expected.stage.trim() && expected.explanation.trim(), stage)
        assert.equal(shown.get(expected.stage), undefined, `${stage} shares its text with ${shown.get(expected.stage)}`)
        shown.set(expected.stage, stage)
      }
      assert.equal(shown.size, PORTAL_STAGES.length)
    })

    it('a family’s home is their case: the stage, the latest update, when the next is due, meetings, letters, how to write', async () => {
      await enter('investigating')
      await addUpdate(t.database.db, caseId, [{ interestedPersonId: personId }], { summary: 'LATEST-UPDATE' })
      const home = await family.get('/')
      assert.equal(home.statusCode, 303)
      assert.equal(home.headers.location, '/portal')
      const portal = await family.get('/portal')
      assert.equal(portal.statusCode, 303, 'one case: straight to it')
      assert.equal(portal.headers.location, `/portal/cases/${caseId}`)
      const page = await family.get(`/portal/cases/${caseId}`)
      const glance = /data-testid="portal-glance"[\s\S]*?<\/dl>/.exec(page.body)?.[0] ?? ''
      assert.match(glance, /Being investigated/)
      assert.match(glance, /Latest update[\s\S]*?\d{1,2} \w+ \d{4}/)
      assert.match(glance, /Next update due[\s\S]*?\d{1,2} \w+ \d{4}/)
      assert.match(glance, /0 meetings with you/)
      assert.match(glance, /href="#send"/)
      const api = await family.get(`/api/v1/portal/cases/${caseId}`)
      await assertMatchesContract(t.app, 'getPortalCase', api)
      assert.match(api.json().nextUpdateDueOn, /^\d{4}-\d{2}-\d{2}$/)
      // Once the case is closed the keep-informed clock stops, and the page says so.
      await enter('closed')
      const closed = await family.get(`/portal/cases/${caseId}`)
      assert.match(closed.body, /No further updates are scheduled/)
    })

    it('gives the released report in the portal API, metadata and PDF, each read audited; nothing before release', async () => {
      await enter('report_sent_to_appropriate_authority')
      assert.equal((await family.get(`/api/v1/portal/cases/${caseId}/report`)).statusCode, 404)
      assert.equal((await family.get(`/api/v1/portal/cases/${caseId}/report/pdf`)).statusCode, 404)
      await enter('report_released')
      const meta = await family.get(`/api/v1/portal/cases/${caseId}/report`)
      assert.equal(meta.statusCode, 200, meta.body)
      await assertMatchesContract(t.app, 'getPortalReport', meta)
      assert.equal(meta.json().onPublicSite, false)
      const pdf = await family.get(meta.json().pdfUrl)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      assert.equal(pdf.headers['x-content-sha256'], pdfSha)
      assert.deepEqual(Buffer.from(pdf.rawPayload), pdfBytes)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', caseId)
        .where('entity_id', '=', meta.json().id)
        .execute()
      const actions = audit.map((a) => a.action)
      assert.ok(actions.includes('portal.report-read'), actions.join())
      assert.ok(actions.includes('portal.report-downloaded'), actions.join())
    })
  })
}
