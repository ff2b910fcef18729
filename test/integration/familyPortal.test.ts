import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Forbidden } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { addInterestedPerson, addLetter, addMeeting, addRepresentative, addUpdate } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { assertMatchesContract } from '../support/openapi.js'

const FAMILY_PASSWORD = 'a long family password'

for (const kind of DATABASE_KINDS) {
  describe(`family portal (${kind})`, () => {
    let t: TestApp
    let team: Team
    let caseA: string
    let caseB: string
    const ids = {} as Record<
      | 'one'
      | 'two'
      | 'other'
      | 'updateOne'
      | 'updateTwo'
      | 'updateOther'
      | 'meetingOne'
      | 'meetingTwo'
      | 'letterOne'
      | 'letterTwo',
      string
    >
    const clients: Record<'one' | 'two' | 'other', Client> = {} as never
    const emails = { one: '', two: '', other: '' }

    const tokenFromOutbox = async (to: string) => {
      const row = await t.database.db
        .selectFrom('outbound_emails')
        .select('body_text')
        .where('to_address', '=', to)
        .where('subject', 'like', 'You are invited%')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
      const m = /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(row.body_text)
      assert.ok(m, row.body_text)
      return m[1]!
    }

    const inviteAndAccept = async (investigationId: string, personId: string, email: string, client: Client) => {
      await t.services.invitations.invite(investigationId, { interestedPersonId: personId, email }, team.caseWorker)
      const token = await tokenFromOutbox(email)
      const page = await client.get(`/portal/invitations/${token}`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, new RegExp(email.replace('.', '\\.')))
      const accepted = await client.postForm(
        `/portal/invitations/${token}`,
        { password: FAMILY_PASSWORD, confirmPassword: FAMILY_PASSWORD },
        `/portal/invitations/${token}`,
      )
      assert.equal(accepted.statusCode, 303, accepted.body)
      assert.equal(accepted.headers.location, '/portal/welcome')
      return token
    }

    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      caseA = (await openInvestigation(t.services, team, { title: 'Case A' })).investigation.id
      caseB = (await openInvestigation(t.services, team, { title: 'Case B' })).investigation.id
      const db = t.database.db
      emails.one = `one-${kind}@family.test`
      emails.two = `two-${kind}@family.test`
      emails.other = `other-${kind}@family.test`
      ids.one = await addInterestedPerson(db, caseA, { name: 'Family One', email: emails.one })
      ids.two = await addInterestedPerson(db, caseA, { name: 'Family Two', email: emails.two })
      ids.other = await addInterestedPerson(db, caseB, { name: 'Family Other', email: emails.other })
      ids.updateOne = await addUpdate(db, caseA, [{ interestedPersonId: ids.one }], { summary: 'UPDATE-FOR-ONE' })
      ids.updateTwo = await addUpdate(db, caseA, [{ interestedPersonId: ids.two }], { summary: 'UPDATE-FOR-TWO' })
      ids.updateOther = await addUpdate(db, caseB, [{ interestedPersonId: ids.other }], { summary: 'UPDATE-FOR-OTHER' })
      ids.meetingOne = await addMeeting(db, caseA, [ids.one], { notes: 'MEETING-NOTES-ONE' })
      ids.meetingTwo = await addMeeting(db, caseA, [ids.two], { notes: 'MEETING-NOTES-TWO' })
      const pdfOne = await t.services.documentStore.put(Buffer.from('%PDF-1.4 letter for one'))
      const pdfTwo = await t.services.documentStore.put(Buffer.from('%PDF-1.4 letter for two'))
      ids.letterOne = await addLetter(db, caseA, ids.one, pdfOne.sha256, 'letter-one.pdf')
      ids.letterTwo = await addLetter(db, caseA, ids.two, pdfTwo.sha256, 'letter-two.pdf')
      clients.one = new Client(t.app)
      clients.two = new Client(t.app)
      clients.other = new Client(t.app)
      await inviteAndAccept(caseA, ids.one, emails.one, clients.one)
      await inviteAndAccept(caseA, ids.two, emails.two, clients.two)
      await inviteAndAccept(caseB, ids.other, emails.other, clients.other)
    })
    after(() => t.close())

    it('an invitation is stored hashed, sent by e-mail with its link, and works once', async () => {
      const row = await t.database.db
        .selectFrom('invitations')
        .selectAll()
        .where('email', '=', emails.one)
        .executeTakeFirstOrThrow()
      assert.match(row.token_hash, /^[0-9a-f]{64}$/)
      assert.ok(row.accepted_at && row.accepted_user_id)
      const token = await tokenFromOutbox(emails.one)
      const again = await new Client(t.app).get(`/portal/invitations/${token}`)
      assert.equal(again.statusCode, 410)
      assert.match(again.body, /already been used/)
      const user = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', emails.one)
        .executeTakeFirstOrThrow()
      assert.deepEqual(user.roles, ['interested_person'])
      assert.match(user.password_hash ?? '', /^\$argon2id\$/)
      const access = await t.database.db
        .selectFrom('portal_access')
        .selectAll()
        .where('user_id', '=', user.id)
        .execute()
      assert.deepEqual(
        access.map((a) => [a.investigation_id, a.interested_person_id]),
        [[caseA, ids.one]],
      )
    })

    it('an expired, revoked or unknown invitation cannot be accepted; a short password is refused', async () => {
      const person = await addInterestedPerson(t.database.db, caseA, { name: 'Late Family' })
      const old = new Date(Date.now() - 15 * 86_400_000)
      await t.services.invitations.invite(
        caseA,
        { interestedPersonId: person, email: `late-${kind}@family.test` },
        team.caseWorker,
        old,
      )
      const expired = await tokenFromOutbox(`late-${kind}@family.test`)
      const client = new Client(t.app)
      assert.equal((await client.get(`/portal/invitations/${expired}`)).statusCode, 410)
      const token = await client.csrfToken('/sign-in')
      const post = await client.postFormWithToken(
        `/portal/invitations/${expired}`,
        { password: FAMILY_PASSWORD, confirmPassword: FAMILY_PASSWORD },
        token,
      )
      assert.equal(post.statusCode, 410)
      assert.match(post.body, /expired/)

      const revokedInvitation = await t.services.invitations.invite(
        caseA,
        { interestedPersonId: person, email: `revoked-${kind}@family.test` },
        team.caseWorker,
      )
      const revoked = await tokenFromOutbox(`revoked-${kind}@family.test`)
      await t.services.invitations.revoke(revokedInvitation.id, team.caseWorker)
      assert.equal((await client.get(`/portal/invitations/${revoked}`)).statusCode, 410)
      assert.equal((await client.get('/portal/invitations/not-a-real-token')).statusCode, 404)

      await t.services.invitations.invite(
        caseA,
        { interestedPersonId: person, email: `short-${kind}@family.test` },
        team.caseWorker,
      )
      const fresh = await tokenFromOutbox(`short-${kind}@family.test`)
      const short = await client.postForm(`/portal/invitations/${fresh}`, {
        password: 'short',
        confirmPassword: 'short',
      })
      assert.equal(short.statusCode, 400)
      assert.match(short.body, /at least 12 characters/)
      const mismatch = await client.postForm(`/portal/invitations/${fresh}`, {
        password: FAMILY_PASSWORD,
        confirmPassword: 'something else entirely',
      })
      assert.equal(mismatch.statusCode, 400)
      assert.equal(
        (
          await t.database.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', `short-${kind}@family.test`)
            .execute()
        ).length,
        0,
      )
    })

    it('each family sees its own updates, meetings and letters on its case page, and nothing of the other family', async () => {
      const one = await clients.one.get(`/portal/cases/${caseA}`)
      assert.equal(one.statusCode, 200)
      assert.match(one.body, /UPDATE-FOR-ONE/)
      assert.match(one.body, /MEETING-NOTES-ONE/)
      assert.match(one.body, /letter-one\.pdf/)
      assert.match(one.body, /Being investigated|Decision made on how to investigate/)
      for (const secret of [
        'UPDATE-FOR-TWO',
        'MEETING-NOTES-TWO',
        'letter-two.pdf',
        'Family Two',
        'UPDATE-FOR-OTHER',
        emails.two,
      ])
        assert.doesNotMatch(one.body, new RegExp(secret))
      const two = await clients.two.get(`/portal/cases/${caseA}`)
      assert.match(two.body, /UPDATE-FOR-TWO/)
      for (const secret of ['UPDATE-FOR-ONE', 'MEETING-NOTES-ONE', 'letter-one.pdf', 'Family One'])
        assert.doesNotMatch(two.body, new RegExp(secret))
      // Letters: one's own downloads; the other family's is not found.
      const letter = await clients.one.get(`/portal/cases/${caseA}/letters/${ids.letterOne}`)
      assert.equal(letter.statusCode, 200)
      assert.equal(letter.body, '%PDF-1.4 letter for one')
      assert.equal((await clients.one.get(`/portal/cases/${caseA}/letters/${ids.letterTwo}`)).statusCode, 404)
      assert.equal((await clients.two.get(`/portal/cases/${caseA}/letters/${ids.letterOne}`)).statusCode, 404)
      // /portal with one case goes straight to it.
      assert.equal((await clients.one.get('/portal')).headers.location, `/portal/cases/${caseA}`)
    })

    it('a family on another investigation is refused every page of this one, and this family theirs', async () => {
      for (const [client, other] of [
        [clients.other, caseA],
        [clients.one, caseB],
        [clients.two, caseB],
      ] as const) {
        assert.equal((await client.get(`/portal/cases/${other}`)).statusCode, 404)
        assert.equal((await client.get(`/portal/cases/${other}/letters/${ids.letterOne}`)).statusCode, 404)
        const token = await client.csrfToken('/portal/welcome')
        const post = await client.request({
          method: 'POST',
          url: `/portal/cases/${other}/messages`,
          payload: `--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n--x\r\nContent-Disposition: form-data; name="message"\r\n\r\nHello\r\n--x--\r\n`,
          headers: { 'content-type': 'multipart/form-data; boundary=x' },
        })
        assert.equal(post.statusCode, 404)
      }
      assert.equal((await clients.one.get('/portal/cases/not-a-uuid')).statusCode, 404)
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('action', '=', 'access.denied')
        .where('case_id', '=', caseB)
        .execute()
      assert.ok(denied.length > 0, 'refusals are audited')
    })

    it('portal users cannot reach the staff pages or staff API of their own case', async () => {
      for (const url of [
        `/investigations/${caseA}`,
        `/investigations/${caseA}/invitations`,
        `/investigations/${caseA}/subjects`,
        '/investigations',
        '/admin/outbox',
        '/account/calendar-feeds',
      ]) {
        assert.equal((await clients.one.get(url)).statusCode, 403, url)
      }
      for (const url of [`/api/v1/investigations/${caseA}`, `/api/v1/investigations/${caseA}/invitations`]) {
        assert.equal((await clients.one.get(url)).statusCode, 403, url)
      }
    })

    it('the portal API answers only about the caller’s own case and interested person', async () => {
      const list = await clients.one.get('/api/v1/portal/cases')
      assert.equal(list.statusCode, 200)
      await assertMatchesContract(t.app, 'listPortalCases', list)
      assert.deepEqual(
        list.json().items.map((c: { id: string }) => c.id),
        [caseA],
      )
      const c = await clients.one.get(`/api/v1/portal/cases/${caseA}`)
      await assertMatchesContract(t.app, 'getPortalCase', c)
      assert.ok(c.json().progress.nextSteps.length > 0)
      const updates = await clients.one.get(`/api/v1/portal/cases/${caseA}/updates`)
      await assertMatchesContract(t.app, 'listPortalUpdates', updates)
      assert.deepEqual(
        updates.json().items.map((u: { summary: string }) => u.summary),
        ['UPDATE-FOR-ONE'],
      )
      const meetings = await clients.two.get(`/api/v1/portal/cases/${caseA}/meetings`)
      await assertMatchesContract(t.app, 'listPortalMeetings', meetings)
      assert.deepEqual(
        meetings.json().items.map((m: { notes: string }) => m.notes),
        ['MEETING-NOTES-TWO'],
      )
      const letters = await clients.two.get(`/api/v1/portal/cases/${caseA}/letters`)
      await assertMatchesContract(t.app, 'listPortalLetters', letters)
      assert.deepEqual(
        letters.json().items.map((l: { filename: string }) => l.filename),
        ['letter-two.pdf'],
      )
      for (const path of ['', '/updates', '/meetings', '/letters']) {
        assert.equal((await clients.other.get(`/api/v1/portal/cases/${caseA}${path}`)).statusCode, 404, path)
        assert.equal((await clients.one.get(`/api/v1/portal/cases/${caseB}${path}`)).statusCode, 404, path)
      }
      const csrf = await clients.other.csrfToken('/portal/welcome')
      const refused = await clients.other.request({
        method: 'POST',
        url: `/api/v1/portal/cases/${caseA}/messages`,
        payload: { message: 'hi' },
        headers: { 'x-csrf-token': csrf },
      })
      assert.equal(refused.statusCode, 404)
      // Staff are not portal users.
      const staff = await createToken(t.services, team.caseWorker.userId)
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/portal/cases', headers: bearer(staff.secret) })).statusCode,
        403,
      )
    })

    it('messages and documents from a family land on the case for its team to review', async () => {
      const token = await clients.one.csrfToken(`/portal/cases/${caseA}`)
      const boundary = 'candourboundary'
      const payload = [
        `--${boundary}`,
        'Content-Disposition: form-data; name="_csrf"',
        '',
        token,
        `--${boundary}`,
        'Content-Disposition: form-data; name="message"',
        '',
        'A question from family one',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="statement.txt"',
        'Content-Type: text/plain',
        '',
        'My statement',
        `--${boundary}--`,
        '',
      ].join('\r\n')
      const sent = await clients.one.request({
        method: 'POST',
        url: `/portal/cases/${caseA}/messages`,
        payload,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      })
      assert.equal(sent.statusCode, 303, sent.body)
      const api = await clients.two.request({
        method: 'POST',
        url: `/api/v1/portal/cases/${caseA}/messages`,
        payload: { message: 'From family two by API' },
        headers: { 'x-csrf-token': await clients.two.csrfToken('/portal/welcome') },
      })
      assert.equal(api.statusCode, 201)
      await assertMatchesContract(t.app, 'sendPortalMessage', api)

      const staff = new Client(t.app)
      await staff.signIn(
        (
          await t.database.db
            .selectFrom('users')
            .select('email')
            .where('id', '=', team.caseWorker.userId)
            .executeTakeFirstOrThrow()
        ).email,
      )
      const overview = await staff.get(`/investigations/${caseA}`)
      assert.equal(overview.statusCode, 200)
      assert.match(overview.body, /3 messages or documents from families waiting for review/)
      const page = await staff.get(`/investigations/${caseA}/invitations`)
      assert.equal(page.statusCode, 200)
      assert.match(page.body, /A question from family one/)
      assert.match(page.body, /From family two by API/)
      assert.match(page.body, /statement\.txt/)
      const submissions = await t.services.portal.submissionsForCase(caseA, team.caseWorker)
      const doc = submissions.find((s) => s.kind === 'document')!
      const download = await staff.get(`/investigations/${caseA}/submissions/${doc.id}/document`)
      assert.equal(download.body, 'My statement')
      const reviewed = await staff.postForm(
        `/investigations/${caseA}/submissions/${doc.id}/reviewed`,
        {},
        `/investigations/${caseA}/invitations`,
      )
      assert.equal(reviewed.statusCode, 303)
      assert.equal((await t.services.portal.submissionsForCase(caseA, team.caseWorker)).length, 2)
      // The other family's case shows none of it, and an outsider is refused.
      assert.equal((await t.services.portal.submissionsForCase(caseB, team.caseWorker)).length, 0)
      await assert.rejects(() => t.services.portal.submissionsForCase(caseA, team.outsider), Forbidden)
      // The case workers were told by e-mail, without the content.
      const told = await t.database.db
        .selectFrom('outbound_emails')
        .select('body_text')
        .where('investigation_id', '=', caseA)
        .where('subject', 'like', 'Candour: a family has sent%')
        .execute()
      assert.ok(told.length >= 2)
      assert.ok(told.every((m) => !m.body_text.includes('A question from family one')))
    })

    it('invitations through the API: create, list, revoke (which ends access once accepted)', async () => {
      const { secret } = await createToken(t.services, team.caseWorker.userId, { write: true })
      const person = await addInterestedPerson(t.database.db, caseA, { name: 'Api Family' })
      const rep = await addRepresentative(t.database.db, caseA, person, { email: `rep-${kind}@law.test` })
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${caseA}/invitations`,
        headers: bearer(secret),
        payload: { interestedPersonId: person, representativeId: rep },
      })
      assert.equal(created.statusCode, 201, created.body)
      await assertMatchesContract(t.app, 'createInvitation', created)
      assert.equal(created.json().email, `rep-${kind}@law.test`)
      assert.equal(created.json().status, 'pending')
      assert.ok(!created.body.includes('/portal/invitations/'), 'the link goes only by e-mail')
      const wrongCase = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${caseB}/invitations`,
        headers: bearer(secret),
        payload: { interestedPersonId: person },
      })
      assert.equal(wrongCase.statusCode, 422, 'an interested person of another case cannot be invited to this one')
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${caseA}/invitations`,
        headers: bearer(secret),
      })
      await assertMatchesContract(t.app, 'listInvitations', list)
      assert.ok(list.json().items.some((i: { id: string }) => i.id === created.json().id))
      const outsider = await createToken(t.services, team.outsider.userId, { write: true })
      assert.equal(
        (
          await t.app.inject({
            method: 'GET',
            url: `/api/v1/investigations/${caseA}/invitations`,
            headers: bearer(outsider.secret),
          })
        ).statusCode,
        403,
      )
      assert.equal(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/api/v1/invitations/${created.json().id}`,
            headers: bearer(outsider.secret),
          })
        ).statusCode,
        403,
      )

      // Revoking family one's accepted invitation ends their access.
      const oneInvitation = (await t.services.invitations.list(caseA, team.caseWorker)).find(
        (i) => i.email === emails.one,
      )!
      const revoked = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/invitations/${oneInvitation.id}`,
        headers: bearer(secret),
      })
      assert.equal(revoked.statusCode, 204)
      assert.equal((await clients.one.get(`/portal/cases/${caseA}`)).statusCode, 404)
      assert.equal((await clients.one.get(`/api/v1/portal/cases/${caseA}/updates`)).statusCode, 404)
    })

    it('an update addressed to a family e-mails them (portal users are pointed to the portal, with no detail)', async () => {
      const updateId = await addUpdate(t.database.db, caseA, [{ interestedPersonId: ids.two }], {
        summary: 'CONFIDENTIAL-PROGRESS',
      })
      const n = await t.database.db
        .transaction()
        .execute((trx) => t.services.familyNotifications.updateRecorded(trx, updateId))
      assert.equal(n, 1)
      const mail = await t.database.db
        .selectFrom('outbound_emails')
        .selectAll()
        .where('to_address', '=', emails.two)
        .where('subject', 'like', 'An update%')
        .executeTakeFirstOrThrow()
      assert.match(mail.body_text, /\/portal/)
      assert.doesNotMatch(mail.body_text, /CONFIDENTIAL-PROGRESS/)
      // A person who prefers letters is not e-mailed.
      const byPost = await addInterestedPerson(t.database.db, caseA, {
        name: 'Post Family',
        preferredChannel: 'letter',
      })
      const u2 = await addUpdate(t.database.db, caseA, [{ interestedPersonId: byPost }])
      assert.equal(
        await t.database.db.transaction().execute((trx) => t.services.familyNotifications.updateRecorded(trx, u2)),
        0,
      )
    })

    it('a deadline calendar feed: created from the account, public by its token, revocable', async () => {
      const staff = new Client(t.app)
      const email = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', team.caseWorker.userId)
          .executeTakeFirstOrThrow()
      ).email
      await staff.signIn(email)
      assert.match((await staff.get('/account')).body, /calendar-feeds/)
      const created = await staff.postForm('/account/calendar-feeds', {}, '/account/calendar-feeds')
      assert.equal(created.statusCode, 200)
      const url = /<code data-testid="calendar-url">([^<]+)<\/code>/.exec(created.body)?.[1]
      assert.ok(url)
      const path = new URL(url!).pathname
      const feed = await t.app.inject({ method: 'GET', url: path })
      assert.equal(feed.statusCode, 200)
      assert.match(String(feed.headers['content-type']), /^text\/calendar/)
      assert.match(feed.body, /^BEGIN:VCALENDAR\r\n/)
      assert.match(feed.body, /BEGIN:VEVENT\r\nUID:keep-informed-/)
      assert.match(feed.body, /DTSTART;VALUE=DATE:\d{8}\r\n/)
      assert.doesNotMatch(feed.body, /Family One|Family Two/)
      const stored = await t.database.db
        .selectFrom('calendar_feeds')
        .select('token_hash')
        .where('user_id', '=', team.caseWorker.userId)
        .execute()
      assert.ok(stored.every((f) => !path.includes(f.token_hash)))
      const [only] = await t.services.calendarFeeds.list(team.caseWorker)
      await t.services.calendarFeeds.revoke(only!.id, team.caseWorker)
      assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 404)
      assert.equal((await t.app.inject({ method: 'GET', url: '/calendar/nonsense.ics' })).statusCode, 404)
    })
  })
}
