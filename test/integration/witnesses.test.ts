import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { addSubject } from '../support/chronologyEvidence.js'
import { contextFor, makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const problemAt = (path: string) => (e: unknown) =>
  e instanceof ValidationFailed && e.problems.some((p) => p.path === path)

const witness = {
  kind: 'civilian' as const,
  fullName: 'Jo Neighbour',
  roleInEvents: 'Called 999 on the night',
  address: '1 High Street, Northtown',
  phone: '+44 7700 900123',
  email: 'jo@example.test',
  specialMeasures: ['screens' as const, 'live_link' as const],
  needs: 'A supporter present',
}

for (const kind of DATABASE_KINDS) {
  describe(`witnesses and statements (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('records witnesses and statements, links them to the register and to actions, and audits every read', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const s = t.services.witnesses
      const w = await s.addWitness(investigation.id, witness, team.investigator)
      assert.equal(w.reference, 'W1')
      assert.deepEqual(w.specialMeasures, ['screens', 'live_link'])
      await assert.rejects(
        s.addWitness(investigation.id, { ...witness, email: 'not an email', kind: 'bystander' as never }, team.lead),
        (e: unknown) => problemAt('email')(e) && problemAt('kind')(e),
      )
      // The decision maker reads; only investigators record. Never the case worker or someone off the team.
      await assert.rejects(s.addWitness(investigation.id, witness, team.decisionMaker), Forbidden)
      for (const who of [team.caseWorker, team.outsider]) {
        await assert.rejects(s.getWitness(w.id, who), Forbidden)
        await assert.rejects(s.listWitnesses(investigation.id, who), Forbidden)
      }
      assert.equal((await s.getWitness(w.id, team.decisionMaker)).witness.contact.email, 'jo@example.test')

      const changed = await s.changeWitness(
        w.id,
        { phone: null as never, needs: 'An interpreter (Polish)' },
        w.version,
        team.lead,
      )
      assert.equal(changed.contact.phone, null)
      assert.equal(changed.contact.email, 'jo@example.test')
      await assert.rejects(s.changeWitness(w.id, { needs: 'x' }, w.version, team.lead), /changed|Conflict|modified/i)

      const document = await t.services.evidence.upload(
        investigation.id,
        { exhibitReference: 'JN/1', title: 'Statement of Jo Neighbour' },
        { bytes: Buffer.from('I heard shouting at about 11pm.'), filename: 'jn1.txt', mediaType: 'text/plain' },
        team.investigator,
      )
      const subjectId = await addSubject(t, investigation.id)
      const base = {
        takenBy: team.investigator.userId,
        takenAt: '2026-03-10T14:30:00Z',
        place: 'Northtown police station',
      }
      await assert.rejects(s.recordStatement(investigation.id, base, team.investigator), problemAt('witnessId'))
      await assert.rejects(
        s.recordStatement(investigation.id, { ...base, witnessId: w.id, subjectId }, team.investigator),
        problemAt('witnessId'),
      )
      await assert.rejects(
        s.recordStatement(
          investigation.id,
          { ...base, witnessId: w.id, takenBy: team.caseWorker.userId },
          team.investigator,
        ),
        problemAt('takenBy'),
      )
      await assert.rejects(
        s.recordStatement(
          investigation.id,
          { ...base, witnessId: w.id, signed: false, signedOn: '2026-03-11' },
          team.investigator,
        ),
        problemAt('signedOn'),
      )
      // Another case's document is not this case's evidence.
      const other = await openInvestigation(t.services, team, { title: 'Another case' })
      const foreign = await t.services.evidence.upload(
        other.investigation.id,
        { exhibitReference: 'X/1', title: 'Elsewhere' },
        { bytes: Buffer.from('elsewhere'), filename: 'x.txt', mediaType: 'text/plain' },
        team.investigator,
      )
      await assert.rejects(
        s.recordStatement(investigation.id, { ...base, witnessId: w.id, documentId: foreign.id }, team.investigator),
        problemAt('documentId'),
      )
      const s1 = await s.recordStatement(
        investigation.id,
        { ...base, witnessId: w.id, documentId: document.id, summary: 'Heard shouting' },
        team.investigator,
      )
      assert.equal(s1.reference, 'S1')
      assert.equal(s1.givenBy.reference, 'W1')
      assert.equal(s1.document?.sha256, document.sha256)
      assert.equal(s1.signed, false)
      const s2 = await s.recordStatement(
        investigation.id,
        { ...base, subjectId, signed: true, signedOn: '2026-03-10' },
        team.lead,
      )
      assert.equal(s2.givenBy.kind, 'subject')
      assert.match(s2.givenBy.name, /Sam Officer/)
      const signed = await s.changeStatement(
        s1.id,
        { signed: true, signedOn: '2026-03-12' },
        s1.version,
        team.investigator,
      )
      assert.equal(signed.signed, true)
      assert.equal(signed.signedOn, '2026-03-12')

      // The action service's hook: a result may cite this case's statements, not another's.
      const action = await t.services.actions.raise(
        investigation.id,
        { title: 'Take statements', priority: 'high' },
        team.lead,
      )
      const allocated = await t.services.actions.allocate(
        action.id,
        { allocatedTo: team.investigator.userId },
        action.version,
        team.lead,
      )
      const otherWitness = await s.addWitness(other.investigation.id, witness, team.investigator)
      const otherStatement = await s.recordStatement(
        other.investigation.id,
        { ...base, witnessId: otherWitness.id },
        team.investigator,
      )
      await assert.rejects(
        t.services.actions.result(
          action.id,
          { result: 'Done', statementIds: [otherStatement.id] },
          allocated.version,
          team.investigator,
        ),
        problemAt('statementIds'),
      )
      await t.services.actions.result(
        action.id,
        { result: 'Done', statementIds: [s1.id] },
        allocated.version,
        team.investigator,
      )
      const read = await s.getStatement(s1.id, team.decisionMaker)
      assert.deepEqual(
        read.actions.map((a) => a.reference),
        ['A1'],
      )

      const { items } = await s.listStatements(investigation.id, team.lead, { witnessId: w.id })
      assert.deepEqual(
        items.map((i) => i.reference),
        ['S1'],
      )
      const audited = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('case_id', '=', investigation.id)
        .where('action', 'in', ['witness.read', 'witnesses.read', 'statement.read', 'statements.read', 'access.denied'])
        .execute()
      const actions = new Set(audited.map((a) => a.action))
      for (const a of ['witness.read', 'statement.read', 'statements.read', 'access.denied'])
        assert.ok(actions.has(a), a)
      // The audit of a change names what changed but keeps no contact details.
      const addedAudit = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('entity_id', '=', w.id)
        .where('action', '=', 'witness.added')
        .executeTakeFirstOrThrow()
      assert.doesNotMatch(JSON.stringify(addedAudit.detail), /High Street|7700|jo@example/)
    })

    it('serves witnesses and statements over the API with ETag/If-Match, keyset pages and problem+json; never to the force', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const investigator = (await createToken(t.services, team.investigator.userId, { write: true })).secret
      const caseWorker = (await createToken(t.services, team.caseWorker.userId, { write: true })).secret
      const force = await contextFor(
        t.services,
        `psd${Date.now()}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      const forceToken = (await createToken(t.services, force.userId, { write: true })).secret
      const list = `/api/v1/investigations/${investigation.id}/witnesses`
      const invalid = await t.app.inject({
        method: 'POST',
        url: list,
        headers: bearer(investigator),
        payload: { kind: 'x' },
      })
      assert.equal(invalid.statusCode, 422)
      await assertMatchesContract(t.app, 'addWitness', invalid)
      const ids: string[] = []
      for (const fullName of ['A Witness', 'B Witness', 'C Witness']) {
        const r = await t.app.inject({
          method: 'POST',
          url: list,
          headers: bearer(investigator),
          payload: { ...witness, fullName },
        })
        assert.equal(r.statusCode, 201)
        await assertMatchesContract(t.app, 'addWitness', r)
        ids.push(r.json().id)
      }
      const page1 = await t.app.inject({ method: 'GET', url: `${list}?limit=2`, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'listWitnesses', page1)
      assert.deepEqual(
        page1.json().items.map((w: { reference: string }) => w.reference),
        ['W1', 'W2'],
      )
      const page2 = await t.app.inject({
        method: 'GET',
        url: `${list}?limit=2&cursor=${page1.json().nextCursor}`,
        headers: bearer(investigator),
      })
      assert.deepEqual(
        page2.json().items.map((w: { reference: string }) => w.reference),
        ['W3'],
      )
      const url = `/api/v1/witnesses/${ids[0]}`
      const got = await t.app.inject({ method: 'GET', url, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'getWitness', got)
      const etag = got.headers.etag as string
      const cached = await t.app.inject({
        method: 'GET',
        url,
        headers: { ...bearer(investigator), 'if-none-match': etag },
      })
      assert.equal(cached.statusCode, 304)
      assert.equal(
        (await t.app.inject({ method: 'PATCH', url, headers: bearer(investigator), payload: { needs: 'x' } }))
          .statusCode,
        428,
      )
      const patched = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...bearer(investigator), 'if-match': etag },
        payload: { email: null, specialMeasures: ['intermediary'] },
      })
      assert.equal(patched.statusCode, 200)
      await assertMatchesContract(t.app, 'updateWitness', patched)
      assert.equal(patched.json().contact.email, null)
      const stale = await t.app.inject({
        method: 'PATCH',
        url,
        headers: { ...bearer(investigator), 'if-match': etag },
        payload: { needs: 'y' },
      })
      assert.equal(stale.statusCode, 412)

      const statements = `/api/v1/investigations/${investigation.id}/statements`
      const recorded = await t.app.inject({
        method: 'POST',
        url: statements,
        headers: bearer(investigator),
        payload: {
          witnessId: ids[0],
          takenBy: team.investigator.userId,
          takenAt: '2026-03-10T10:00:00Z',
          place: 'At home',
        },
      })
      assert.equal(recorded.statusCode, 201)
      await assertMatchesContract(t.app, 'recordStatement', recorded)
      const statementUrl = recorded.headers.location as string
      const signed = await t.app.inject({
        method: 'PATCH',
        url: statementUrl,
        headers: { ...bearer(investigator), 'if-match': recorded.headers.etag as string },
        payload: { signed: true, signedOn: '2026-03-10' },
      })
      assert.equal(signed.statusCode, 200)
      await assertMatchesContract(t.app, 'updateStatement', signed)
      const one = await t.app.inject({ method: 'GET', url: statementUrl, headers: bearer(investigator) })
      await assertMatchesContract(t.app, 'getStatement', one)
      assert.deepEqual(one.json().actions, [])
      const listed = await t.app.inject({
        method: 'GET',
        url: `${statements}?witnessId=${ids[0]}`,
        headers: bearer(investigator),
      })
      await assertMatchesContract(t.app, 'listStatements', listed)
      assert.equal(listed.json().items.length, 1)
      // The case worker and the investigated force see none of it, whatever the stage of the case.
      for (const token of [caseWorker, forceToken]) {
        for (const u of [list, url, statements, statementUrl]) {
          const r = await t.app.inject({ method: 'GET', url: u, headers: bearer(token) })
          assert.equal(r.statusCode, 403, `${u}`)
          assert.match(r.headers['content-type'] as string, /application\/problem\+json/)
        }
      }
    })

    it('adds a witness and records and signs a statement on the pages, with GOV.UK errors', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const user = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.investigator.userId)
        .executeTakeFirstOrThrow()
      const client = new Client(t.app)
      await client.signIn(user.email)
      const tab = `/investigations/${investigation.id}/witnesses`
      const bad = await client.postForm(tab, { fullName: '', email: 'nope' }, `${tab}/new`)
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      assert.match(bad.body, /Choose civilian, police or expert/)
      const added = await client.postForm(
        tab,
        { kind: 'police', fullName: 'PC Call Handler', specialMeasures: ['screens'], phone: '01632 960000' },
        `${tab}/new`,
      )
      assert.equal(added.statusCode, 303)
      const witnessPage = await client.get(added.headers.location as string)
      assert.match(witnessPage.body, /Witness added/)
      assert.match(witnessPage.body, /Screens \(s\.23\)/)
      const witnessId = /witnesses\/([0-9a-f-]{36})/.exec(added.headers.location as string)![1]!
      const statements = `/investigations/${investigation.id}/statements`
      const noTime = await client.postForm(
        statements,
        {
          witnessId,
          takenBy: team.investigator.userId,
          'takenAt-day': '10',
          'takenAt-month': '3',
          'takenAt-year': '2026',
          place: 'Station',
        },
        `${statements}/new`,
      )
      assert.equal(noTime.statusCode, 400)
      assert.match(noTime.body, /Enter the time it was taken/)
      const recorded = await client.postForm(
        statements,
        {
          witnessId,
          takenBy: team.investigator.userId,
          'takenAt-day': '10',
          'takenAt-month': '3',
          'takenAt-year': '2026',
          takenTime: '14:30',
          place: 'Northtown station',
          signed: 'no',
        },
        `${statements}/new`,
      )
      assert.equal(recorded.statusCode, 303)
      const statementPage = await client.get(recorded.headers.location as string)
      assert.match(statementPage.body, /Statement recorded/)
      assert.match(statementPage.body, /Not yet signed/)
      const statementUrl = (recorded.headers.location as string).split('?')[0]!
      const version = /name="version" value="(\d+)"/.exec(statementPage.body)![1]!
      const signedResponse = await client.postForm(
        `${statementUrl}/signature`,
        { version, 'signedOn-day': '11', 'signedOn-month': '3', 'signedOn-year': '2026' },
        statementUrl,
      )
      assert.equal(signedResponse.statusCode, 303)
      assert.match((await client.get(signedResponse.headers.location as string)).body, /Statement marked as signed/)
      const list = await client.get(tab)
      assert.match(list.body, /PC Call Handler/)
      assert.match(list.body, /S1/)
      // A case worker is refused the tab.
      const cw = await t.database.db
        .selectFrom('users')
        .select('email')
        .where('id', '=', team.caseWorker.userId)
        .executeTakeFirstOrThrow()
      const caseWorker = new Client(t.app)
      await caseWorker.signIn(cw.email)
      assert.equal((await caseWorker.get(tab)).statusCode, 403)
      assert.equal((await caseWorker.get(statementUrl)).statusCode, 403)
    })
    it('changes a witness and a statement one group per page from "Change" links: version-checked, audited, confirmed', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const s = t.services.witnesses
      const w = await s.addWitness(investigation.id, witness, team.investigator)
      const signIn = async (userId: string) => {
        const user = await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', userId)
          .executeTakeFirstOrThrow()
        const client = new Client(t.app)
        await client.signIn(user.email)
        return client
      }
      const investigator = await signIn(team.investigator.userId)
      const decisionMaker = await signIn(team.decisionMaker.userId)
      const witnessUrl = `/investigations/${investigation.id}/witnesses/${w.id}`
      const versionOf = (body: string) => /name="version" value="(\d+)"/.exec(body)![1]!

      // Every group of the summary list has its "Change" link for the team; none for a reader who may not change it.
      const shown = await investigator.get(witnessUrl)
      for (const part of ['details', 'contact', 'needs'])
        assert.match(shown.body, new RegExp(`href="${witnessUrl}/change/${part}"`), part)
      assert.doesNotMatch((await decisionMaker.get(witnessUrl)).body, /\/change\//)
      assert.equal((await decisionMaker.get(`${witnessUrl}/change/contact`)).statusCode, 403)
      assert.equal((await investigator.get(`${witnessUrl}/change/nothing`)).statusCode, 404)

      // The contact page shows what is held, and saves only its own group.
      const contactPage = await investigator.get(`${witnessUrl}/change/contact`)
      assert.equal(contactPage.statusCode, 200)
      assert.match(contactPage.body, /jo@example\.test/)
      const stale = versionOf(contactPage.body)
      const bad = await investigator.postForm(
        `${witnessUrl}/change/contact`,
        { version: stale, address: '2 Low Road', phone: 'call me', email: 'nope', preferredContact: '' },
        `${witnessUrl}/change/contact`,
      )
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /govuk-error-summary/)
      assert.match(bad.body, /Enter a phone number using numbers/)
      assert.match(bad.body, /Enter an email address in the correct format/)
      assert.match(bad.body, /2 Low Road/, 'what was typed is kept')
      const saved = await investigator.postForm(
        `${witnessUrl}/change/contact`,
        { version: stale, address: '2 Low Road', phone: '01632 960001', email: '', preferredContact: 'Text first' },
        `${witnessUrl}/change/contact`,
      )
      assert.equal(saved.statusCode, 303)
      const after = await investigator.get(saved.headers.location as string)
      assert.match(after.body, /Witness’s details changed/)
      assert.match(after.body, /2 Low Road/)
      assert.match(after.body, /Text first/)
      const held = (await s.getWitness(w.id, team.lead)).witness
      assert.equal(held.contact.email, null, 'an emptied optional field is cleared')
      assert.equal(held.fullName, witness.fullName, 'fields of other groups are untouched')
      assert.deepEqual(held.specialMeasures, witness.specialMeasures)

      // A form opened before someone else's change: the GOV.UK error, nothing saved, nothing typed lost.
      const conflict = await investigator.postForm(
        `${witnessUrl}/change/needs`,
        { version: stale, specialMeasures: ['intermediary'], needs: 'A British Sign Language interpreter' },
        `${witnessUrl}/change/needs`,
      )
      assert.equal(conflict.statusCode, 409)
      assert.match(conflict.body, /govuk-error-summary/)
      assert.match(conflict.body, /Someone else changed this record since you opened it/)
      assert.match(conflict.body, /A British Sign Language interpreter/)
      assert.equal((await s.getWitness(w.id, team.lead)).witness.needs, witness.needs)
      const needs = await investigator.postForm(
        `${witnessUrl}/change/needs`,
        { version: versionOf(conflict.body), specialMeasures: ['intermediary'], needs: 'A BSL interpreter' },
        `${witnessUrl}/change/needs`,
      )
      assert.equal(needs.statusCode, 303)
      assert.deepEqual((await s.getWitness(w.id, team.lead)).witness.specialMeasures, ['intermediary'])
      const audits = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'detail', 'actor_user_id'])
        .where('entity_id', '=', w.id)
        .where('action', '=', 'witness.changed')
        .execute()
      assert.equal(audits.length, 2)
      assert.ok(audits.every((a) => a.actor_user_id === team.investigator.userId))
      assert.doesNotMatch(
        JSON.stringify(audits.map((a) => a.detail)),
        /Low Road|960001/,
        'no contact details in the audit',
      )

      // A statement: every detail the API may change has its page.
      const document = await t.services.evidence.upload(
        investigation.id,
        { exhibitReference: 'JN/2', title: 'Statement of Jo Neighbour' },
        { bytes: Buffer.from('I saw the van.'), filename: 'jn2.txt', mediaType: 'text/plain' },
        team.investigator,
      )
      const statement = await s.recordStatement(
        investigation.id,
        {
          witnessId: w.id,
          takenBy: team.investigator.userId,
          takenAt: '2026-03-10T14:30:00Z',
          place: 'Northtown police station',
        },
        team.investigator,
      )
      const statementUrl = `/investigations/${investigation.id}/statements/${statement.id}`
      const statementPage = await investigator.get(statementUrl)
      for (const part of ['taken', 'summary', 'signed', 'document', 'links'])
        assert.match(statementPage.body, new RegExp(`href="${statementUrl}/change/${part}"`), part)
      const takenPage = await investigator.get(`${statementUrl}/change/taken`)
      assert.match(takenPage.body, /value="14:30"/, 'the time is shown as UK time')
      const noTime = await investigator.postForm(
        `${statementUrl}/change/taken`,
        {
          version: versionOf(takenPage.body),
          'takenAt-day': '11',
          'takenAt-month': '3',
          'takenAt-year': '2026',
          place: '',
        },
        `${statementUrl}/change/taken`,
      )
      assert.equal(noTime.statusCode, 400)
      assert.match(noTime.body, /Enter the time it was taken/)
      assert.match(noTime.body, /Enter where the statement was taken/)
      const moved = await investigator.postForm(
        `${statementUrl}/change/taken`,
        {
          version: versionOf(takenPage.body),
          'takenAt-day': '11',
          'takenAt-month': '3',
          'takenAt-year': '2026',
          takenTime: '09:15',
          place: 'At home',
        },
        `${statementUrl}/change/taken`,
      )
      assert.equal(moved.statusCode, 303)
      assert.match((await investigator.get(moved.headers.location as string)).body, /Statement changed/)
      const documentPage = await investigator.get(`${statementUrl}/change/document`)
      const linked = await investigator.postForm(
        `${statementUrl}/change/document`,
        { version: versionOf(documentPage.body), documentId: document.id },
        `${statementUrl}/change/document`,
      )
      assert.equal(linked.statusCode, 303)
      const summaryPage = await investigator.get(`${statementUrl}/change/summary`)
      const staleStatement = versionOf(summaryPage.body)
      const signedPage = await investigator.get(`${statementUrl}/change/signed`)
      const early = await investigator.postForm(
        `${statementUrl}/change/signed`,
        {
          version: versionOf(signedPage.body),
          signed: 'yes',
          'signedOn-day': '1',
          'signedOn-month': '3',
          'signedOn-year': '2026',
        },
        `${statementUrl}/change/signed`,
      )
      assert.equal(early.statusCode, 400)
      assert.match(early.body, /on or after the day it was taken/)
      const signed = await investigator.postForm(
        `${statementUrl}/change/signed`,
        {
          version: versionOf(signedPage.body),
          signed: 'yes',
          'signedOn-day': '12',
          'signedOn-month': '3',
          'signedOn-year': '2026',
        },
        `${statementUrl}/change/signed`,
      )
      assert.equal(signed.statusCode, 303)
      const lostSummary = await investigator.postForm(
        `${statementUrl}/change/summary`,
        { version: staleStatement, summary: 'Saw a white van leave at speed' },
        `${statementUrl}/change/summary`,
      )
      assert.equal(lostSummary.statusCode, 409)
      assert.match(lostSummary.body, /Someone else changed this record/)
      assert.match(lostSummary.body, /Saw a white van leave at speed/)
      const got = (await s.getStatement(statement.id, team.lead)).statement
      assert.equal(got.place, 'At home')
      assert.equal(got.takenAt.toISOString(), '2026-03-11T09:15:00.000Z')
      assert.equal(got.document?.id, document.id)
      assert.equal(got.signed, true)
      assert.equal(got.signedOn, '2026-03-12')
      assert.equal(got.summary, null)
      const statementAudits = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', statement.id)
        .where('action', 'in', ['statement.changed', 'statement.signed'])
        .execute()
      assert.deepEqual(statementAudits.map((a) => a.action).sort(), [
        'statement.changed',
        'statement.changed',
        'statement.signed',
      ])
    })
  })
}
