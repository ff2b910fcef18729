import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { uuidv7 } from 'uuidv7'
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs'
import * as holdsRepo from '../../src/data/repositories/publicationHolds.js'
import { Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { addInterestedPerson } from '../support/families.js'
import { approvedReportCase } from '../support/outcomes.js'

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise
  const out: string[] = []
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i)
    const content = await page.getTextContent()
    out.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''))
  }
  await pdf.destroy()
  return out.join('\n')
}

let n = 0
for (const kind of DATABASE_KINDS) {
  describe(`redaction and publication (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    /** An approved report naming a junior officer, with a family who has portal access. */
    async function releasedCase() {
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Hannah', familyName: `Brixey${++n}`, determination: 'no_case_to_answer' },
      ])
      const family = await addInterestedPerson(t.database.db, investigation.id, {
        name: 'Pat Family',
        email: `pat-${kind}-${n}@family.test`,
      })
      return { investigation, subject: subjects[0]!, family, officer: `Hannah Brixey${n}` }
    }

    it('redacts fields and passages so the released PDF no longer contains them; the original is untouched', async () => {
      const { investigation, officer } = await releasedCase()
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: '*', text: officer, reason: 'junior_officer_name' },
          team.decisionMaker,
        ),
        Forbidden,
      )
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: 'summary', text: 'not in the report', reason: 'personal_data' },
          team.investigator,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'text',
      )
      await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: officer, reason: 'junior_officer_name', note: 'Constable' },
        team.investigator,
      )
      await t.services.publications.addRedaction(
        investigation.id,
        { section: 'evidence-analysis', text: 'naming everyone', occurrence: 0, reason: 'third_party_personal_data' },
        team.lead,
      )
      const removable = await t.services.publications.addRedaction(
        investigation.id,
        { section: 'summary', text: 'deaths', occurrence: 0, reason: 'other' },
        team.lead,
      )
      await t.services.publications.removeRedaction(investigation.id, removable.id, team.lead)
      assert.equal((await t.services.publications.redactions(investigation.id, team.lead)).length, 2)

      const row = await t.services.publications.release(
        investigation.id,
        { summary: 'The force failed to link four deaths.', themes: ['missed_opportunities'], publicFrom: new Date() },
        team.decisionMaker,
      )
      assert.equal(row.status, 'published')
      const pdf = await t.services.documentStore.get(row.redacted_pdf_sha256)
      assert.ok(pdf)
      const text = await pdfText(pdf)
      assert.ok(!text.includes(officer), 'the officer’s name is gone from the PDF')
      assert.ok(!text.includes('Brixey'), 'no part of the name is left')
      assert.ok(!text.includes('naming everyone'))
      assert.ok(text.includes('[redacted: name of a junior officer]'))
      assert.ok(text.includes('[redacted: third-party personal data]'))
      assert.ok(text.includes('The force failed to link the deaths.'), 'an unredacted control string is there')
      assert.ok(
        !row.redacted_html.includes(officer) && row.redacted_html.includes('[redacted: third-party personal data]'),
      )
      // The unredacted original is kept.
      const original = await t.services.reports.document(investigation.id, team.lead)
      assert.ok(JSON.stringify(original.document).includes(officer))
      // Once released, redactions cannot change.
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: '*', text: 'Terms', reason: 'other' },
          team.lead,
        ),
        InvalidTransition,
      )
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail'])
        .where('case_id', '=', investigation.id)
        .where('action', 'like', 'redaction.%')
        .execute()
      assert.deepEqual(audit.map((a) => a.action).sort(), [
        'redaction.added',
        'redaction.added',
        'redaction.added',
        'redaction.removed',
      ])
      assert.ok(!JSON.stringify(audit).includes(officer), 'the audit does not repeat the redacted text')
    })

    it('refuses publication while a hold is in force, naming it and what lifts it; allows it once lifted', async () => {
      const { investigation } = await releasedCase()
      const hold = await holdsRepo.insertHold(t.database.db, {
        id: uuidv7(),
        investigation_id: investigation.id,
        proceeding_id: null,
        reason: 'Fresh inquests into all four deaths',
        placed_on: '2026-09-01',
        placed_by: team.lead.userId,
        lifted_on: null,
        lifted_by: null,
        lift_reason: null,
        lifted_because: null,
      })
      await assert.rejects(
        t.services.publications.release(investigation.id, { summary: 'Summary', publicFrom: null }, team.decisionMaker),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          /Fresh inquests into all four deaths/.test(e.message) &&
          /recorded decision/.test(e.message),
      )
      await holdsRepo.liftHold(t.database.db, hold.id, {
        lifted_on: '2026-10-01',
        lifted_by: team.decisionMaker.userId,
        lift_reason: 'Inquests concluded',
        lifted_because: 'decision',
      })
      await assert.rejects(
        t.services.publications.release(investigation.id, { summary: 'Summary', publicFrom: null }, team.lead),
        Forbidden,
      )
      const row = await t.services.publications.release(
        investigation.id,
        { summary: 'Summary', publicFrom: null },
        team.decisionMaker,
      )
      assert.equal(row.status, 'released_to_interested_persons')
    })

    it('tells interested persons first (portal and e-mail); the public page appears only once public_from has passed', async () => {
      const { investigation, family } = await releasedCase()
      const portalUser = await contextFor(t.services, `portal-${kind}-${n}@family.test`, ['interested_person'])
      await t.database.db
        .insertInto('portal_access')
        .values({
          user_id: portalUser.userId,
          investigation_id: investigation.id,
          interested_person_id: family,
          representative_id: null,
        })
        .execute()
      const publicFrom = new Date(Date.now() + 3 * 86_400_000)
      const row = await t.services.publications.release(
        investigation.id,
        { summary: `Scheduled ${kind} summary`, themes: ['custody'], publicFrom: publicFrom.toISOString() },
        team.decisionMaker,
      )
      assert.equal(row.status, 'released_to_interested_persons')
      const portal = await t.services.portal.releasedReport(investigation.id, portalUser)
      assert.equal(portal?.id, row.id)
      assert.equal(portal?.onPublicSite, false)
      const download = await t.services.portal.releasedReportPdf(investigation.id, portalUser)
      assert.equal(download.sha256, row.redacted_pdf_sha256)
      const familyClient = new Client(t.app)
      assert.equal((await familyClient.signIn(`portal-${kind}-${n}@family.test`)).statusCode, 303)
      const portalPage = await familyClient.get(`/portal/cases/${investigation.id}`)
      assert.equal(portalPage.statusCode, 200)
      assert.match(portalPage.body, /The final report/)
      const portalPdf = await familyClient.get(`/portal/cases/${investigation.id}/report.pdf`)
      assert.equal(portalPdf.statusCode, 200)
      assert.equal(portalPdf.headers['content-type'], 'application/pdf')
      const mail = await t.database.db
        .selectFrom('outbound_emails')
        .selectAll()
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.ok(mail.some((m) => m.to_address === `pat-${kind}-${n}@family.test` && /released to you/.test(m.subject)))

      const anonymous = new Client(t.app)
      assert.equal((await anonymous.get(`/publications/${row.id}`)).statusCode, 404)
      assert.equal((await anonymous.get(`/publications/${row.id}/report.pdf`)).statusCode, 404)
      assert.ok(!(await anonymous.get('/publications')).body.includes(`Scheduled ${kind} summary`))

      assert.equal(await t.services.publications.publishDue(new Date(publicFrom.getTime() - 1000)), 0)
      assert.ok((await t.services.publications.publishDue(new Date(publicFrom.getTime() + 1000))) >= 1)
      const page = await anonymous.get(`/publications/${row.id}`)
      assert.equal(page.statusCode, 200)
      assert.match(String(page.headers['cache-control']), /public, max-age=\d+/)
      assert.ok(page.headers.etag && page.headers['last-modified'])
      const again = await anonymous.request({
        method: 'GET',
        url: `/publications/${row.id}`,
        headers: { 'if-none-match': String(page.headers.etag) },
      })
      assert.equal(again.statusCode, 304)
      assert.match(page.body, /Learning recommendations and responses/)
      const pdf = await anonymous.get(`/publications/${row.id}/report.pdf`)
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')

      // Search, filter and the feed.
      const found = await anonymous.get(`/publications?q=${encodeURIComponent(`Scheduled ${kind}`)}&theme=custody`)
      assert.match(found.body, new RegExp(`Scheduled ${kind} summary`))
      assert.ok(
        !(
          await anonymous.get(`/publications?theme=road_traffic&q=${encodeURIComponent(`Scheduled ${kind}`)}`)
        ).body.includes(`Scheduled ${kind} summary`),
      )
      assert.ok(!(await anonymous.get(`/publications?year=1999`)).body.includes(`Scheduled ${kind} summary`))

      // Withdrawn: gone from the public site and the portal.
      const current = await t.database.db
        .selectFrom('publications')
        .select('version')
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
      await t.services.publications.withdraw(
        investigation.id,
        { reason: 'A mistake in the redaction' },
        current.version,
        team.decisionMaker,
      )
      assert.equal((await anonymous.get(`/publications/${row.id}`)).statusCode, 404)
      assert.equal(await t.services.portal.releasedReport(investigation.id, portalUser), null)
    })

    it('pages: investigators mark redactions and the decision maker releases on the Publication tab; signed-in pages are never cached', async () => {
      const emailOf = async (userId: string) =>
        (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow())
          .email
      const { investigation, officer } = await releasedCase()
      const investigator = new Client(t.app)
      const dm = new Client(t.app)
      assert.equal((await investigator.signIn(await emailOf(team.investigator.userId))).statusCode, 303)
      assert.equal((await dm.signIn(await emailOf(team.decisionMaker.userId))).statusCode, 303)
      const tab = `/investigations/${investigation.id}/publication`
      const page = await investigator.get(tab)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /Mark a redaction/)
      assert.match(String(page.headers['cache-control']), /no-store/)
      const bad = await investigator.postForm(
        `${tab}/redactions`,
        { section: 'summary', text: 'absent text', occurrence: '', reason: 'personal_data', note: '' },
        tab,
      )
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /does not appear/)
      const ok = await investigator.postForm(
        `${tab}/redactions`,
        { section: '*', text: officer, occurrence: '', reason: 'junior_officer_name', note: '' },
        tab,
      )
      assert.equal(ok.statusCode, 303)
      assert.match((await dm.get(tab)).body, /\[redacted: name of a junior officer\]/)
      const refused = await investigator.postForm(`${tab}/release`, { summary: 'x', when: 'now' }, tab)
      assert.equal(refused.statusCode, 403)
      const released = await dm.postForm(
        `${tab}/release`,
        { summary: 'Released from the page', themes: ['custody'], when: 'now', publicFrom: '' },
        tab,
      )
      assert.equal(released.statusCode, 303)
      assert.match((await dm.get(tab)).body, /On the public site/)
      const publicPage = await dm.get('/publications')
      assert.match(publicPage.body, /Released from the page/)
      assert.equal(publicPage.headers['cache-control'], 'no-store', 'a signed-in view of a public page is not cached')
    })

    it('reads a publication date and time typed on the page as UK time', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Uma', familyName: 'Clockwise', determination: 'no_case_to_answer' },
      ])
      const dm = new Client(t.app)
      const dmEmail = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', team.decisionMaker.userId)
          .executeTakeFirstOrThrow()
      ).email
      assert.equal((await dm.signIn(dmEmail)).statusCode, 303)
      const tab = `/investigations/${investigation.id}/publication`
      // 1 July is in British Summer Time: 10:00 in the UK is 09:00 UTC.
      const released = await dm.postForm(
        `${tab}/release`,
        { summary: 'Scheduled from the page', when: 'later', publicFrom: '2030-07-01T10:00' },
        tab,
      )
      assert.equal(released.statusCode, 303)
      const row = await t.database.db
        .selectFrom('publications')
        .select('public_from')
        .where('investigation_id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      assert.equal(new Date(row.public_from!).toISOString(), '2030-07-01T09:00:00.000Z')
    })

    it('pages the public list by keyset, newest first, without repeats', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Kim', familyName: 'Pager', determination: 'no_case_to_answer' },
      ])
      const word = `Keyset${kind}`
      const base = Date.UTC(2025, 5, 1)
      for (let i = 0; i < 23; i++) {
        // Two rows share each instant, so the id breaks the tie.
        const at = new Date(base + Math.floor(i / 2) * 60_000)
        await t.database.db
          .insertInto('publications')
          .values({
            id: uuidv7(),
            investigation_id: investigation.id,
            report_version_number: 1,
            title: `Report ${i}`,
            summary: `${word} number ${i}`,
            force_id: investigation.force_id,
            redacted_html: '<p>x</p>',
            redacted_pdf_sha256: 'none',
            status: 'published',
            released_to_interested_persons_at: at,
            public_from: at,
            published_at: at,
            created_by: null,
          })
          .execute()
      }
      const first = await t.services.publications.public.list({ q: word })
      assert.equal(first.items.length, 20)
      assert.ok(first.next)
      const second = await t.services.publications.public.list({ q: word, after: first.next! })
      assert.equal(second.items.length, 3)
      assert.equal(second.next, null)
      const ids = [...first.items, ...second.items].map((p) => p.id)
      assert.equal(new Set(ids).size, 23)
      // Exactly a page left (after the third of 23): all 20 on one page, and no "Older reports" link.
      const third = first.items[2]!
      const exact = await t.services.publications.public.list({
        q: word,
        after: `${third.published_at.getTime()}_${third.id}`,
      })
      assert.deepEqual(
        exact.items.map((p) => p.id),
        ids.slice(3),
      )
      assert.equal(exact.next, null)
      const times = [...first.items, ...second.items].map((p) => p.published_at.getTime())
      assert.deepEqual(
        times,
        [...times].sort((a, b) => b - a),
      )
      const page = await new Client(t.app).get(`/publications?q=${word}`)
      assert.match(page.body, /Older reports/)
      // The count is of every match, not of the page shown; a filtered list offers to clear its filters.
      assert.equal(first.total, 23)
      assert.equal(second.total, 23)
      assert.match(page.body, /data-testid="result-count">23 reports match your search</)
      assert.match(
        page.body,
        /<a class="govuk-link" href="\/publications" data-testid="clear-filters">Clear filters<\/a>/,
      )
      const one = await new Client(t.app).get(
        `/publications?q=${word}&year=2025&after=${encodeURIComponent(first.next!)}`,
      )
      assert.match(one.body, /data-testid="result-count">23 reports match your search</)
      const none = await new Client(t.app).get(`/publications?q=${word}&year=2024`)
      assert.match(none.body, /data-testid="result-count">0 reports match your search</)
      const unfiltered = await new Client(t.app).get('/publications')
      assert.doesNotMatch(unfiltered.body, /Clear filters/)
      const all = await t.services.publications.public.list({})
      assert.match(unfiltered.body, new RegExp(`data-testid="result-count">${all.total} reports?<`))
      assert.ok(all.total >= 23)
      // The beta banner asks for feedback, on the public site as on every page.
      assert.match(
        unfiltered.body,
        /govuk-phase-banner[\s\S]*href="mailto:feedback%40localhost\?subject=Feedback%20on%20Candour"/,
      )
      assert.equal((await t.services.publications.public.list({ q: word, year: '2025' })).items.length, 20)
      assert.equal((await t.services.publications.public.list({ q: word, year: '2024' })).items.length, 0)
    })

    it('serves a valid, escaped Atom feed and 404s for anything unpublished', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Ann', familyName: 'Lee', determination: 'no_case_to_answer' },
      ])
      await t.database.db
        .updateTable('investigations')
        .set({ title: 'Death of <A & B>' })
        .where('id', '=', investigation.id)
        .execute()
      const row = await t.services.publications.release(
        investigation.id,
        { summary: 'Feed <summary> & "quotes"', publicFrom: new Date() },
        team.decisionMaker,
      )
      const anonymous = new Client(t.app)
      const feed = await anonymous.get('/publications/feed.atom')
      assert.equal(feed.statusCode, 200)
      assert.match(String(feed.headers['content-type']), /^application\/atom\+xml/)
      assert.match(
        feed.body,
        /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
      )
      assert.ok(feed.body.includes('Death of &lt;A &amp; B&gt;'))
      assert.ok(feed.body.includes('Feed &lt;summary&gt; &amp; &quot;quotes&quot;'))
      assert.ok(feed.body.includes(`<id>urn:uuid:${row.id}</id>`))
      for (const tag of ['<title>', '<id>', '<updated>'])
        assert.ok(feed.body.indexOf(tag) < feed.body.indexOf('<entry>'), `feed-level ${tag}`)
      // Unpublished, non-existent, malformed and internal paths are all 404 to the public.
      for (const url of [
        `/publications/${uuidv7()}`,
        '/publications/not-an-id',
        `/publications/${uuidv7()}/report.pdf`,
        `/investigations/${investigation.id}/report/pdf`,
      ]) {
        const res = await anonymous.get(url)
        assert.ok(
          res.statusCode === 404 || res.statusCode === 302 || res.statusCode === 303,
          `${url} → ${res.statusCode}`,
        )
        assert.ok(!res.body.includes('%PDF'))
      }
    })
  })
}
