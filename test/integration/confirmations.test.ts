/**
 * Confirm every change (ADR 0022), as a class:
 * 1. Generated from the registered routes: every form route (a POST outside the API) declares in
 *    config.confirms what it confirms, or why it confirms nothing (only the sign-in steps may). A
 *    route added later without a confirmation fails here, naming itself.
 * 2. Through the pages, as people use them: a change is posted, the redirect is followed, and the
 *    page shows one GOV.UK success banner (role="alert") naming what changed; the next page does not.
 *    The journeys below cover the changes the issue names (an event, a subject, an update, a report
 *    version, a response, a message's kin) and more; every journey's route must be a registered
 *    form route whose declared message is the one shown, unless the handler words it itself.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import type { RouteOptions } from 'fastify'
import type { LightMyRequestResponse } from 'fastify'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { isFormRoute, type Confirms } from '../../src/web/plugins/confirmation.js'

/** Form routes that change nothing a banner could confirm; a new one must be added here on purpose. */
const CONFIRMS_NOTHING = new Set([
  'POST /sign-in',
  'POST /sign-in/two-factor',
  'POST /sign-in/set-up-two-factor',
  'POST /sign-out',
  'POST /account/sign-out-everywhere',
  'POST /portal/invitations/:token',
  'POST /admin/audit/verify',
])

interface FormRoute {
  key: string
  confirms: Confirms | undefined
}

function bannersOf(body: string): string[] {
  const found: string[] = []
  const pattern =
    /<div class="govuk-notification-banner govuk-notification-banner--success" role="alert"[^>]*data-testid="confirmation">([\s\S]*?)<\/div>\s*<\/div>/g
  for (const match of body.matchAll(pattern)) {
    const heading = /govuk-notification-banner__heading">\s*([\s\S]*?)\s*<\/p>/.exec(match[1]!)
    found.push((heading?.[1] ?? '').replace(/&rsquo;|&#39;|&#x27;/g, '’').trim())
  }
  return found
}

for (const kind of DATABASE_KINDS) {
  describe(`every change confirms itself (${kind})`, () => {
    let t: TestApp
    let team: Team
    const formRoutes = new Map<string, FormRoute>()

    before(async () => {
      t = await startTestApp(
        kind,
        {},
        {
          onRoute: (route: RouteOptions) => {
            const methods = Array.isArray(route.method) ? route.method : [route.method]
            for (const method of methods.map(String)) {
              if (!isFormRoute(method, route.url)) continue
              const key = `${method} ${route.url}`
              formRoutes.set(key, { key, confirms: (route.config as { confirms?: Confirms } | undefined)?.confirms })
            }
          },
        },
      )
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('every form route declares what it confirms, or is one of the few that confirm nothing', () => {
      assert.ok(formRoutes.size > 50, `saw ${formRoutes.size} form routes`)
      const undeclared = [...formRoutes.values()]
        .filter((r) =>
          typeof r.confirms === 'string' ? r.confirms.trim().length < 10 : !(r.confirms?.none.trim().length ?? 0),
        )
        .map((r) => r.key)
      assert.deepEqual(undeclared, [], 'these form routes declare no confirmation (config.confirms)')
      const silent = [...formRoutes.values()]
        .filter((r) => typeof r.confirms === 'object' && !CONFIRMS_NOTHING.has(r.key))
        .map((r) => r.key)
      assert.deepEqual(silent, [], 'these form routes change something yet confirm nothing')
    })

    it('shows the confirmation once, at the top of the page after each change, through the pages', async () => {
      const emailOf = async (userId: string) =>
        (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow())
          .email
      const signedIn = async (userId: string) => {
        const client = new Client(t.app)
        await client.signIn(await emailOf(userId))
        return client
      }
      const { investigation } = await openInvestigation(t.services, team)
      const id = investigation.id
      const investigator = await signedIn(team.investigator.userId)
      const lead = await signedIn(team.lead.userId)
      const caseWorker = await signedIn(team.caseWorker.userId)
      const exercised = new Set<string>()

      /** Posts one change, follows the redirect, and checks the banner there and its absence after. */
      async function change(
        route: string,
        client: Client,
        url: string,
        fields: Record<string, string | string[]>,
        formPage: string,
        expected?: RegExp,
      ): Promise<LightMyRequestResponse> {
        const declared = formRoutes.get(route)
        assert.ok(declared, `${route} is a registered form route`)
        const response = await client.postForm(url, fields, formPage)
        assert.equal(response.statusCode, 303, `${route}: ${response.body.slice(0, 1500)}`)
        const location = String(response.headers.location)
        const landed = await client.get(location)
        assert.equal(landed.statusCode, 200, `${route} → ${location}`)
        const banners = bannersOf(landed.body)
        assert.equal(banners.length, 1, `${route}: one success banner on ${location}`)
        if (expected) assert.match(banners[0]!, expected, route)
        else assert.equal(banners[0], declared.confirms, route)
        assert.ok(
          landed.body.indexOf('data-testid="confirmation"') < landed.body.search(/<h1|data-testid="identity-bar"/),
          `${route}: the banner comes first in <main>`,
        )
        const again = await client.get(location)
        assert.deepEqual(bannersOf(again.body), [], `${route}: shown once, then gone`)
        exercised.add(route)
        return response
      }

      const caseUrl = `/investigations/${id}`
      await change(
        'POST /investigations/:id/chronology',
        investigator,
        `${caseUrl}/chronology`,
        {
          'occurredOn-day': '2',
          'occurredOn-month': '1',
          'occurredOn-year': '2025',
          kind: 'underlying_fact',
          title: 'Second report not linked',
        },
        `${caseUrl}/chronology/new`,
      )
      const subject = await change(
        'POST /investigations/:id/subjects/new',
        investigator,
        `${caseUrl}/subjects/new`,
        {
          givenName: 'Riley',
          familyName: 'Stone',
          warrantNumber: `CF${kind}1`,
          kind: 'police_officer',
          rank: 'constable',
          forceId: investigation.force_id,
          roleAtTime: 'Response officer',
        },
        `${caseUrl}/subjects/new`,
      )
      const subjectUrl = String(subject.headers.location)
      await change(
        'POST /investigations/:id/subjects/:subjectId/allegations',
        investigator,
        `${subjectUrl}/allegations`,
        { description: 'Pushed a detained person', standards: ['use_of_force'] },
        `${subjectUrl}/allegations`,
      )
      await change(
        'POST /investigations/:id/families/persons/new',
        caseWorker,
        `${caseUrl}/families/persons/new`,
        {
          fullName: 'Pat Example',
          kind: 'bereaved_family',
          relationship: 'Sister',
          consentToBeKeptInformed: 'yes',
          'becameInterestedOn-day': '10',
          'becameInterestedOn-month': '3',
          'becameInterestedOn-year': '2026',
          preferredChannel: 'email',
          email: 'pat@example.test',
        },
        `${caseUrl}/families/persons/new`,
      )
      const [person] = await t.services.families.listPersons(id, team.caseWorker)
      await change(
        'POST /investigations/:id/families/updates/new',
        caseWorker,
        `${caseUrl}/families/updates/new`,
        {
          interestedPersonIds: person!.id,
          channel: 'call',
          'givenOn-day': '20',
          'givenOn-month': '3',
          'givenOn-year': '2026',
          summary: 'Progress',
          covers: ['progress'],
        },
        `${caseUrl}/families/updates/new`,
      )
      await change(
        'POST /investigations/:id/families/meetings/new',
        caseWorker,
        `${caseUrl}/families/meetings/new`,
        {
          'heldOn-day': '1',
          'heldOn-month': '4',
          'heldOn-year': '2026',
          attendees: 'Family, case worker',
          interestedPersonIds: person!.id,
        },
        `${caseUrl}/families/meetings/new`,
      )
      const [update] = await t.services.families.listUpdates(id, team.caseWorker)
      await change(
        'POST /investigations/:id/families/updates/:updateId/letters',
        caseWorker,
        `${caseUrl}/families/updates/${update!.id}/letters`,
        {},
        `${caseUrl}/families`,
      )
      await change(
        'POST /investigations/:id/actions',
        investigator,
        `${caseUrl}/actions`,
        { title: 'Obtain the call logs', priority: 'high' },
        `${caseUrl}/actions/new`,
      )
      await change(
        'POST /investigations/:id/decisions',
        lead,
        `${caseUrl}/decisions`,
        {
          kind: 'scope',
          decision: 'Include the second death',
          optionsConsidered: 'Include; exclude',
          rationale: 'Same force response',
        },
        `${caseUrl}/decisions/new`,
      )
      await change(
        'POST /investigations/:id/proceedings/holds',
        lead,
        `${caseUrl}/proceedings/holds`,
        { holdReason: 'Fresh inquests are to be held' },
        `${caseUrl}/proceedings`,
      )
      const report = `${caseUrl}/report`
      await change(
        'POST /investigations/:id/report',
        investigator,
        report,
        {
          version: '0',
          summary: 'The force failed to link the deaths.',
          termsOfReference: 'To investigate.',
          evidenceAnalysis: 'The log.',
          learning: 'Link deaths.',
        },
        report,
      )

      assert.ok(exercised.size >= 10, `exercised ${exercised.size} form routes`)
    })
  })
}
