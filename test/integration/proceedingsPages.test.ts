import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { multipart } from '../support/chronologyEvidence.js'

const emailOf = async (t: TestApp, userId: string) =>
  (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email
const dateParts = (name: string, d: string) => {
  const [y, m, day] = d.split('-')
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! }
}

for (const kind of DATABASE_KINDS) {
  describe(`proceedings pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    let lead: Client
    let dm: Client
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      lead = new Client(t.app)
      assert.equal((await lead.signIn(await emailOf(t, team.lead.userId))).statusCode, 303)
      dm = new Client(t.app)
      assert.equal((await dm.signIn(await emailOf(t, team.decisionMaker.userId))).statusCode, 303)
    })
    after(() => t.close())

    it('records an inquest on the Proceedings tab, shows its hold and what lifts it, and lifts it when the inquest concludes', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const tab = `/investigations/${investigation.id}/proceedings`
      const page = await lead.get(tab)
      assert.equal(page.statusCode, 200, page.body)
      assert.match(page.body, />Proceedings</)
      assert.match(page.body, /No publication hold remains/)
      const invalid = await lead.postForm(tab, { kind: 'inquest', title: '' }, tab)
      assert.equal(invalid.statusCode, 400)
      assert.match(invalid.body, /Enter a title/)
      const created = await lead.postForm(
        tab,
        { kind: 'inquest', title: 'Inquest into the death of Alex Example', ...dateParts('openedOn', '2026-03-10') },
        tab,
      )
      assert.equal(created.statusCode, 303, created.body)
      const proceedingUrl = created.headers.location as string
      const held = await lead.get(tab)
      assert.match(held.body, /Nothing of this investigation can be published while this hold remains/)
      const overview = await lead.get(`/investigations/${investigation.id}`)
      assert.match(overview.body, /data-testid="publication-holds"/)
      assert.match(overview.body, /What lifts it: The inquest “Inquest into the death of Alex Example” concluding/)
      assert.match(held.body, /concluding, or a recorded decision with a reason/)

      const token = await lead.csrfToken(proceedingUrl)
      const noTitle = await lead.request({
        method: 'POST',
        url: `${proceedingUrl}/documents`,
        ...multipart(
          { _csrf: token, documentTitle: '' },
          { name: 'record.txt', type: 'text/plain', content: 'Record' },
        ),
      })
      assert.equal(noTitle.statusCode, 400)
      assert.match(noTitle.body, /Enter a title/)
      const upload = await lead.request({
        method: 'POST',
        url: `${proceedingUrl}/documents`,
        ...multipart(
          { _csrf: token, documentTitle: 'Record of inquest' },
          { name: 'record.txt', type: 'text/plain', content: 'The record' },
        ),
      })
      assert.equal(upload.statusCode, 303, upload.body)
      const detail = await lead.get(proceedingUrl)
      assert.equal(detail.statusCode, 200, detail.body)
      assert.match(detail.body, /Record of inquest<\/a> \(record.txt\)/)
      const href = /href="([^"]+\/documents\/[^"]+)">Record of inquest/.exec(detail.body)![1]!
      assert.equal((await lead.get(href)).body, 'The record')
      // One thing per page: the proceeding's page links to its forms, each a page of its own.
      assert.equal((detail.body.match(/<form\b/g) ?? []).length, 1, 'no form on the proceeding but signing out')
      assert.match(detail.body, new RegExp(`href="${proceedingUrl}/status">Record what happened next`))
      const statusPage = await lead.get(`${proceedingUrl}/status`)
      assert.equal(statusPage.statusCode, 200)
      const version = /name="version" value="(\d+)"/.exec(statusPage.body)![1]!
      const noConclusion = await lead.postForm(
        `${proceedingUrl}/status`,
        { version, status: 'concluded', ...dateParts('on', '2026-06-01') },
        proceedingUrl,
      )
      assert.equal(noConclusion.statusCode, 400)
      assert.match(noConclusion.body, /Enter the inquest’s conclusion/)
      assert.match(noConclusion.body, /Record what happened next<\/h1>/, 'the form’s own page again, with its errors')
      const concluded = await lead.postForm(
        `${proceedingUrl}/status`,
        { version, status: 'concluded', conclusion: 'Accident', ...dateParts('on', '2026-06-01') },
        proceedingUrl,
      )
      assert.equal(concluded.statusCode, 303, concluded.body)
      const pfd = await lead.postForm(
        `${proceedingUrl}/pfd-reports`,
        { addressedTo: 'Chief Constable', concerns: 'Cell checks', ...dateParts('issuedOn', '2026-06-02') },
        proceedingUrl,
      )
      assert.equal(pfd.statusCode, 303, pfd.body)
      assert.match((await lead.get(proceedingUrl)).body, /28 July 2026/)
      const other = await openInvestigation(t.services, team)
      const otherTab = `/investigations/${other.investigation.id}/proceedings`
      assert.match(
        (await lead.get(otherTab)).body,
        /Link a proceeding already recorded on another of your investigations/,
      )
      const proceedingId = proceedingUrl.split('/').pop()!
      assert.equal((await lead.postForm(`${otherTab}/link`, { proceedingId }, otherTab)).statusCode, 303)
      assert.match((await lead.get(otherTab)).body, /Inquest into the death of Alex Example/)
      const after = await lead.get(tab)
      assert.match(after.body, /No publication hold remains/)
      assert.match(after.body, /Its proceeding concluded/)
    })

    it('places a hold by hand, lifts it only with a reason; the decision maker approves a re-investigation and both cases link', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.services.chronology.add(
        investigation.id,
        { occurredOn: '2025-01-02', kind: 'underlying_fact', title: 'Call not graded', missedOpportunity: false },
        team.investigator,
      )
      const tab = `/investigations/${investigation.id}/proceedings`
      assert.equal(
        (await lead.postForm(`${tab}/holds`, { holdReason: 'Awaiting a CPS decision' }, tab)).statusCode,
        303,
      )
      const hold = (await t.services.publicationHolds.active(investigation.id))[0]!
      const noReason = await dm.postForm(
        `${tab}/holds/${hold.id}/lift`,
        { version: String(hold.version), liftReason: '' },
        tab,
      )
      assert.equal(noReason.statusCode, 400)
      assert.match(noReason.body, /Enter the reason for lifting the hold/)
      assert.equal(
        (
          await dm.postForm(
            `${tab}/holds/${hold.id}/lift`,
            { version: String(hold.version), liftReason: 'Decided' },
            tab,
          )
        ).statusCode,
        303,
      )

      await t.database.db
        .updateTable('investigations')
        .set({ status: 'closed', closed_on: '2026-05-01' })
        .where('id', '=', investigation.id)
        .execute()
      assert.match((await lead.get(tab)).body, /Propose a re-investigation/)
      const proposed = await lead.postForm(
        `${tab}/reinvestigations`,
        { ground: 'significant_new_information', detail: 'Evidence first heard at the inquest' },
        tab,
      )
      assert.equal(proposed.statusCode, 303, proposed.body)
      const page = await dm.get(tab)
      assert.match(page.body, /Awaiting the decision maker/)
      const proposal = (await t.services.reinvestigations.links(investigation.id, team.lead)).proposals[0]!
      const decided = await dm.postForm(
        `${tab}/reinvestigations/${proposal.id}/decision`,
        { version: String(proposal.version), decision: 'approved', decisionReason: 'Could have changed the decisions' },
        tab,
      )
      assert.equal(decided.statusCode, 303, decided.body)
      const links = await t.services.reinvestigations.links(investigation.id, team.lead)
      assert.match(
        (await lead.get(tab)).body,
        new RegExp(`Re-investigated as <a class="govuk-link" href="/investigations/${links.successors[0]!.id}">`),
      )
      const successorId = links.successors[0]!.id
      assert.match(
        (await lead.get(`/investigations/${successorId}`)).body,
        new RegExp(`Re-investigates <a class="govuk-link" href="/investigations/${investigation.id}">`),
      )
      assert.match(
        (await lead.get(`/investigations/${investigation.id}`)).body,
        new RegExp(`Re-investigated as <a class="govuk-link" href="/investigations/${successorId}">`),
      )
      const chronology = await lead.get(`/investigations/${successorId}/chronology`)
      assert.equal(chronology.statusCode, 200)
      assert.match(chronology.body, /Carried over from .* \(read only\)/)
      assert.match(chronology.body, /Call not graded/)
      const evidence = await lead.get(`/investigations/${successorId}/evidence`)
      assert.match(evidence.body, /Carried over from/)
      const newTab = await lead.get(`/investigations/${links.successors[0]!.id}/proceedings`)
      assert.match(
        newTab.body,
        new RegExp(
          `This investigation re-investigates <a class="govuk-link" href="/investigations/${investigation.id}">`,
        ),
      )
    })
  })
}
