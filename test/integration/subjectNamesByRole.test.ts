/**
 * Every page and every API response of a case, as each role that may not see subjects (issue 10,
 * finding 4): the case worker of the case, an interested person on the family portal, someone
 * holding the subject role (a subject's representative is never given another subject's case
 * file), and the professional standards department of another force. None of them may read a
 * subject's name or warrant number anywhere. The GET routes come from Fastify's route table, so
 * pages and API operations added later are swept too. A control (the lead investigator) shows
 * the sweep does reach pages that name the subject.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RouteOptions } from 'fastify'
import { uuidv7 } from 'uuidv7'
import { systemContext } from '../../src/services/context.js'
import { DATABASE_KINDS } from '../support/database.js'
import { addUser, Client, startTestApp, TEST_PASSWORD, type TestApp } from '../support/app.js'
import { makeTeam, type Team } from '../support/investigations.js'
import { addInterestedPerson } from '../support/families.js'
import { approvedReportCase } from '../support/outcomes.js'

const FAMILY_PASSWORD = 'a long family password for the sweep'

describe('no subject’s name or warrant number for a role that may not see subjects', () => {
  const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
  let t: TestApp
  let team: Team
  const routes = new Set<string>()
  let investigationId: string
  let subjectId: string
  const secrets: string[] = []
  const clients: Record<string, Client> = {}

  before(async () => {
    t = await startTestApp(
      kind,
      {},
      {
        onRoute: (route: RouteOptions) => {
          const methods = Array.isArray(route.method) ? route.method : [route.method]
          if (methods.includes('GET') && !/^\/(assets|moj|public)\//.test(route.url)) routes.add(route.url)
        },
      },
    )
    team = await makeTeam(t.services)
    const { investigation, subjects } = await approvedReportCase(t, team, [
      { givenName: 'Quennell', familyName: 'Zabriskiewicz', determination: 'no_case_to_answer' },
    ])
    investigationId = investigation.id
    subjectId = subjects[0]!.id
    const officer = await t.database.db
      .selectFrom('subjects as s')
      .innerJoin('officers as o', 'o.id', 's.officer_id')
      .select(['o.family_name', 'o.warrant_number'])
      .where('s.id', '=', subjectId)
      .executeTakeFirstOrThrow()
    secrets.push(officer.family_name, officer.warrant_number)
    // A second subject still without an opinion: the status page's guard would name him.
    await t.services.subjects.add(
      investigationId,
      {
        givenName: 'Ottoline',
        familyName: 'Vandersteen',
        warrantNumber: `VS${uuidv7().slice(-5)}`,
        kind: 'police_officer',
        rank: 'sergeant',
        roleAtTime: 'Custody sergeant',
      },
      team.investigator,
    )
    secrets.push('Vandersteen')

    const signedIn = async (email: string, password = TEST_PASSWORD) => {
      const c = new Client(t.app)
      const r = await c.signIn(email, password)
      assert.equal(r.statusCode, 303, `${email} signs in`)
      return c
    }
    const n = uuidv7().slice(-6)
    clients['case worker'] = await signedIn(await emailOf(team.caseWorker.userId))
    await t.services.organisations.ensure(
      { code: `OTHERSHIRE${n.toUpperCase()}`, name: `Othershire ${n} Police`, kind: 'police_force' },
      systemContext(),
    )
    await addUser(t.services, {
      email: `psd-other-${n}@othershire.test`,
      roles: ['appropriate_authority'],
      organisationCode: `OTHERSHIRE${n.toUpperCase()}`,
    })
    clients['PSD of another force'] = await signedIn(`psd-other-${n}@othershire.test`)
    await addUser(t.services, {
      email: `rep-${n}@federation.test`,
      roles: ['subject'],
      organisationCode: 'NORTHSHIRE',
    })
    clients['subject role'] = await signedIn(`rep-${n}@federation.test`)
    // An interested person on the family portal, by invitation as in life.
    const familyEmail = `family-${n}@family.test`
    const personId = await addInterestedPerson(t.database.db, investigationId, {
      name: 'Fay Family',
      email: familyEmail,
    })
    await t.services.invitations.invite(
      investigationId,
      { interestedPersonId: personId, email: familyEmail },
      team.caseWorker,
    )
    const mail = await t.database.db
      .selectFrom('outbound_emails')
      .select('body_text')
      .where('to_address', '=', familyEmail)
      .executeTakeFirstOrThrow()
    const token = /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(mail.body_text)![1]!
    const family = new Client(t.app)
    const accepted = await family.postForm(
      `/portal/invitations/${token}`,
      { password: FAMILY_PASSWORD, confirmPassword: FAMILY_PASSWORD },
      `/portal/invitations/${token}`,
    )
    assert.equal(accepted.statusCode, 303)
    clients['interested person'] = family
    clients['lead investigator (control)'] = await signedIn(await emailOf(team.lead.userId))
  })
  after(() => t.close())

  async function emailOf(userId: string) {
    const row = await t.database.db
      .selectFrom('users')
      .select('email')
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    return row.email
  }

  const fill = (path: string) =>
    path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      const before = path.split(`:${name}`)[0]!.split('/').filter(Boolean).pop()
      if (name === 'id' && before === 'investigations') return investigationId
      if (before === 'subjects' || name === 'subjectId') return subjectId
      return uuidv7()
    })

  it('every GET page and API operation of the case, as each such role', async () => {
    const urls = [...routes].filter((r) => r.includes(':id') || r.startsWith('/api/v1/') || !r.includes(':')).map(fill)
    assert.ok(urls.length > 100, `only ${urls.length} routes`)
    const leaks: string[] = []
    // The same walk sees every page fail or answer: none may be a server error, for any role.
    const serverErrors: string[] = []
    let controlSaw = 0
    for (const [role, client] of Object.entries(clients)) {
      for (const url of urls) {
        if (url.endsWith('/sign-out')) continue
        const r = await client.get(url)
        if (r.statusCode >= 500) serverErrors.push(`${role}: GET ${url} → ${r.statusCode}`)
        const body = r.body.toLowerCase()
        const seen = secrets.filter((s) => body.includes(s.toLowerCase()))
        if (role.endsWith('(control)')) controlSaw += seen.length ? 1 : 0
        else if (seen.length) leaks.push(`${role}: GET ${url} → ${r.statusCode} shows ${seen.join(', ')}`)
      }
    }
    assert.ok(controlSaw >= 3, `the lead investigator saw the subjects on only ${controlSaw} pages`)
    assert.deepEqual(leaks, [])
    assert.deepEqual(serverErrors, [])
  })
})
