/**
 * The team page is a list (issue 16): adding someone is a page of its own, and removing someone is
 * a confirmation page per member, not a form per member on the list.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`the team pages (${kind})`, () => {
    let t: TestApp
    let team: Team
    const signedIn = async (userId: string) => {
      const { email } = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      assert.equal((await client.signIn(email)).statusCode, 303)
      return client
    }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('lists the members; adds on its own page; removes after a confirmation page', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const lead = await signedIn(team.lead.userId)
      const base = `/investigations/${investigation.id}/team`
      const list = await lead.get(base)
      assert.equal(list.statusCode, 200)
      assert.equal((list.body.match(/<form\b/g) ?? []).length, 1, 'no form on the list but signing out')
      assert.match(list.body, /govuk-summary-list/)
      assert.match(list.body, new RegExp(`href="${base}/add"`))

      const add = await lead.get(`${base}/add`)
      assert.equal(add.statusCode, 200)
      const empty = await lead.postForm(base, {}, `${base}/add`)
      assert.equal(empty.statusCode, 400)
      assert.match(empty.body, /href="#userId"/)
      assert.match(empty.body, /href="#role"/, 'both problems at once')
      assert.match(empty.body, /Add someone to the team<\/h1>/, 'the add page again, not the list')

      const added = await lead.postForm(base, { userId: team.outsider.userId, role: 'investigator' }, `${base}/add`)
      assert.equal(added.statusCode, 303)
      const withOutsider = (await lead.get(base)).body
      const removeHref = `${base}/remove/${team.outsider.userId}/investigator`
      assert.match(withOutsider, new RegExp(`href="${removeHref}"`))

      const confirm = await lead.get(removeHref)
      assert.equal(confirm.statusCode, 200)
      assert.match(confirm.body, /Are you sure you want to remove/)
      const removed = await lead.postForm(
        base,
        { userId: team.outsider.userId, role: 'investigator', remove: 'yes' },
        removeHref,
      )
      assert.equal(removed.statusCode, 303)
      assert.doesNotMatch((await lead.get(base)).body, new RegExp(removeHref))
      assert.equal((await lead.get(`${base}/remove/${team.outsider.userId}/investigator`)).statusCode, 404)

      // Someone who may not manage the team sees the list without the ways to change it.
      const caseWorker = await signedIn(team.caseWorker.userId)
      const seen = await caseWorker.get(base)
      assert.equal(seen.statusCode, 200)
      assert.doesNotMatch(seen.body, /\/remove\/|\/team\/add/)
      assert.equal((await caseWorker.get(`${base}/add`)).statusCode, 403)
    })
  })
}
