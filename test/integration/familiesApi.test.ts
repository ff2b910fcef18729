import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`families API (${kind})`, () => {
    let t: TestApp
    let team: Team
    let caseWorker: { authorization: string }
    let lead: { authorization: string }
    let outsider: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
      caseWorker = bearer((await createToken(t.services, team.caseWorker.userId, { write: true })).secret)
      lead = bearer((await createToken(t.services, team.lead.userId, { write: true })).secret)
      // An appropriate authority user cannot hold an API token at all; the outsider is refused per case.
      outsider = bearer((await createToken(t.services, team.outsider.userId, { write: true })).secret)
    })
    after(() => t.close())

    it('records an interested person, reads it with its ETag, changes it with If-Match, and refuses an outsider', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/interested-persons`,
        headers: caseWorker,
        payload: {
          fullName: 'Pat Example',
          kind: 'bereaved_family',
          relationship: 'Father',
          consentToBeKeptInformed: true,
          becameInterestedOn: '2026-03-10',
          preferredChannel: 'email',
          email: 'pat@example.test',
        },
      })
      assert.equal(created.statusCode, 201, created.body)
      await assertMatchesContract(t.app, 'addInterestedPerson', created)
      const p = created.json()
      assert.equal(p.clock.nextUpdateDueOn, '2026-04-07')

      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/interested-persons`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listInterestedPersons', list)
      assert.equal(list.json().items.length, 1)

      const got = await t.app.inject({ method: 'GET', url: `/api/v1/interested-persons/${p.id}`, headers: caseWorker })
      await assertMatchesContract(t.app, 'getInterestedPerson', got)
      assert.equal(got.headers.etag, `"${p.version}"`)
      const noIfMatch = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/interested-persons/${p.id}`,
        headers: caseWorker,
        payload: { language: 'Welsh' },
      })
      assert.equal(noIfMatch.statusCode, 428)
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/interested-persons/${p.id}`,
        headers: { ...caseWorker, 'if-match': got.headers.etag as string },
        payload: { language: 'Welsh' },
      })
      assert.equal(patched.statusCode, 200, patched.body)
      await assertMatchesContract(t.app, 'updateInterestedPerson', patched)
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/interested-persons/${p.id}`,
        headers: { ...caseWorker, 'if-match': got.headers.etag as string },
        payload: { language: 'English' },
      })
      assert.equal(stale.statusCode, 412)

      const refused = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/interested-persons`,
        headers: outsider,
      })
      assert.equal(refused.statusCode, 403)
      await assertMatchesContract(t.app, 'listInterestedPersons', refused)

      const rep = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/representatives`,
        headers: caseWorker,
        payload: { interestedPersonId: p.id, firm: 'Example LLP', fullName: 'Rita Solicitor' },
      })
      assert.equal(rep.statusCode, 201, rep.body)
      await assertMatchesContract(t.app, 'addRepresentative', rep)
      const reps = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/representatives`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'listRepresentatives', reps)
      const repGot = await t.app.inject({
        method: 'GET',
        url: `/api/v1/representatives/${rep.json().id}`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'getRepresentative', repGot)
      const repPatched = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/representatives/${rep.json().id}`,
        headers: { ...caseWorker, 'if-match': repGot.headers.etag as string },
        payload: { receivesUpdates: false },
      })
      await assertMatchesContract(t.app, 'updateRepresentative', repPatched)
      assert.equal(repPatched.json().receivesUpdates, false)
    })

    it('records updates (harm-test ground required), generates a letter, records meetings and actions, and shows the dashboard', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const p = await t.services.families.addPerson(
        investigation.id,
        {
          fullName: 'Sam',
          kind: 'complainant',
          consentToBeKeptInformed: true,
          becameInterestedOn: '2026-03-04',
          preferredChannel: 'phone',
          phone: '01234 567890',
        },
        team.caseWorker,
      )
      const noGround = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/updates`,
        headers: caseWorker,
        payload: {
          channel: 'call',
          givenOn: '2026-03-20',
          interestedPersonIds: [p.id],
          summary: 'Progress',
          withheldUnderHarmTest: true,
        },
      })
      assert.equal(noGround.statusCode, 422)
      assert.ok(
        noGround.json().errors.some((e: { path: string }) => e.path === 'harmGround' || e.path === 'body.harmGround'),
      )
      const recorded = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/updates`,
        headers: caseWorker,
        payload: {
          channel: 'letter',
          givenOn: '2026-03-20',
          interestedPersonIds: [p.id],
          summary: 'Progress',
          withheldUnderHarmTest: true,
          harmGround: 'third_party_safety',
        },
      })
      assert.equal(recorded.statusCode, 201, recorded.body)
      await assertMatchesContract(t.app, 'recordKeepInformedUpdate', recorded)
      const updates = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/updates`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'listKeepInformedUpdates', updates)
      const one = await t.app.inject({
        method: 'GET',
        url: `/api/v1/updates/${recorded.json().id}`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'getKeepInformedUpdate', one)
      const letter = await t.app.inject({
        method: 'POST',
        url: `/api/v1/updates/${recorded.json().id}/letters`,
        headers: caseWorker,
        payload: {},
      })
      assert.equal(letter.statusCode, 201, letter.body)
      await assertMatchesContract(t.app, 'generateUpdateLetter', letter)
      const pdf = await t.app.inject({ method: 'GET', url: letter.json().pdfUrl, headers: caseWorker })
      assert.equal(pdf.statusCode, 200)
      assert.equal(pdf.headers['content-type'], 'application/pdf')
      const letters = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/letters`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'listLetters', letters)

      const meeting = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/meetings`,
        headers: caseWorker,
        payload: { heldOn: '2026-04-01', attendees: 'Family and lead', interestedPersonIds: [p.id] },
      })
      assert.equal(meeting.statusCode, 201, meeting.body)
      await assertMatchesContract(t.app, 'recordMeeting', meeting)
      const action = await t.app.inject({
        method: 'POST',
        url: `/api/v1/meetings/${meeting.json().id}/actions`,
        headers: caseWorker,
        payload: { description: 'Send timeline', owner: 'Lead', dueOn: '2026-04-15' },
      })
      await assertMatchesContract(t.app, 'addMeetingAction', action)
      const done = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/meeting-actions/${action.json().id}`,
        headers: { ...caseWorker, 'if-match': action.headers.etag as string },
        payload: { doneOn: '2026-04-10' },
      })
      assert.equal(done.statusCode, 200, done.body)
      await assertMatchesContract(t.app, 'updateMeetingAction', done)
      const gotMeeting = await t.app.inject({
        method: 'GET',
        url: `/api/v1/meetings/${meeting.json().id}`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'getMeeting', gotMeeting)
      const patchedMeeting = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/meetings/${meeting.json().id}`,
        headers: { ...caseWorker, 'if-match': gotMeeting.headers.etag as string },
        payload: { notes: 'Notes' },
      })
      await assertMatchesContract(t.app, 'updateMeeting', patchedMeeting)
      const meetings = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/meetings`,
        headers: caseWorker,
      })
      await assertMatchesContract(t.app, 'listMeetings', meetings)

      const board = await t.app.inject({
        method: 'GET',
        url: '/api/v1/keep-informed?withinDays=7&limit=5',
        headers: caseWorker,
      })
      assert.equal(board.statusCode, 200, board.body)
      await assertMatchesContract(t.app, 'keepInformedDashboard', board)
      assert.ok(board.json().items.some((i: { interestedPersonId: string }) => i.interestedPersonId === p.id))
    })

    it('drafts, edits, decides and copies timeliness notices', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await t.database.db
        .updateTable('investigations')
        .set({ came_to_attention_on: '2025-01-10' })
        .where('id', '=', investigation.id)
        .execute()
      const drafted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/timeliness-notices`,
        headers: lead,
      })
      assert.equal(drafted.statusCode, 200, drafted.body)
      await assertMatchesContract(t.app, 'draftTimelinessNotices', drafted)
      assert.ok(drafted.json().items.length >= 1)
      const again = await t.app.inject({
        method: 'POST',
        url: `/api/v1/investigations/${investigation.id}/timeliness-notices`,
        headers: lead,
      })
      assert.deepEqual(again.json().items, [])
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/v1/investigations/${investigation.id}/timeliness-notices`,
        headers: lead,
      })
      await assertMatchesContract(t.app, 'listTimelinessNotices', list)
      const first = list.json().items.find((n: { periodNumber: number }) => n.periodNumber === 1)
      const got = await t.app.inject({ method: 'GET', url: `/api/v1/timeliness-notices/${first.id}`, headers: lead })
      await assertMatchesContract(t.app, 'getTimelinessNotice', got)
      const edited = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/timeliness-notices/${first.id}`,
        headers: { ...lead, 'if-match': got.headers.etag as string },
        payload: {
          progress: 'Most witnesses interviewed',
          reasonForTimeTaken: 'Expert report awaited',
          plannedSteps: 'Report',
          estimatedConclusionOn: '2027-03-31',
          estimatedReportSubmissionOn: '2027-04-30',
        },
      })
      assert.equal(edited.statusCode, 200, edited.body)
      await assertMatchesContract(t.app, 'updateTimelinessNotice', edited)
      const approved = await t.app.inject({
        method: 'POST',
        url: `/api/v1/timeliness-notices/${first.id}/decisions`,
        headers: { ...lead, 'if-match': edited.headers.etag as string },
        payload: { decision: 'approve' },
      })
      assert.equal(approved.statusCode, 200, approved.body)
      await assertMatchesContract(t.app, 'decideTimelinessNotice', approved)
      const pdf = await t.app.inject({ method: 'GET', url: approved.json().pdfUrl, headers: lead })
      assert.equal(pdf.statusCode, 200)
      const p = await t.services.families.addPerson(
        investigation.id,
        {
          fullName: 'Jo',
          kind: 'bereaved_family',
          consentToBeKeptInformed: true,
          becameInterestedOn: '2026-03-04',
          preferredChannel: 'email',
          email: 'jo@example.test',
        },
        team.caseWorker,
      )
      const copy = await t.app.inject({
        method: 'POST',
        url: `/api/v1/timeliness-notices/${first.id}/copies`,
        headers: lead,
        payload: {
          recipientKind: 'interested_person',
          recipientId: p.id,
          status: 'withheld',
          harmGround: 'prejudice_to_proceedings',
        },
      })
      assert.equal(copy.statusCode, 201, copy.body)
      await assertMatchesContract(t.app, 'recordTimelinessNoticeCopy', copy)
      const byCaseWorker = await t.app.inject({
        method: 'POST',
        url: `/api/v1/timeliness-notices/${first.id}/decisions`,
        headers: { ...caseWorker, 'if-match': approved.headers.etag as string },
        payload: { decision: 'send', sentOn: '2026-11-01' },
      })
      assert.equal(byCaseWorker.statusCode, 403)
    })
  })
}
