import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { Conflict, Forbidden, InvalidTransition, ValidationFailed } from '../../src/services/errors.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { forceId, makeTeam, openInvestigation, type Team } from '../support/investigations.js'

for (const kind of DATABASE_KINDS) {
  describe(`investigations (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    it('opens an investigation from an assessed referral with a gap-free reference per year', async () => {
      const first = await openInvestigation(t.services, team, { openedOn: '2026-04-01' })
      const second = await openInvestigation(t.services, team, { openedOn: '2026-05-01' })
      const nextYear = await openInvestigation(t.services, team, { openedOn: '2027-01-02' })
      const n = (ref: string) => Number(ref.split('/')[1])
      assert.match(first.investigation.reference, /^2026\/\d{6}$/)
      assert.equal(n(second.investigation.reference), n(first.investigation.reference) + 1)
      assert.equal(nextYear.investigation.reference, '2027/000001')
      assert.equal(first.investigation.status, 'assessed')
      assert.equal(first.investigation.form, 'independent')
    })

    it('keeps every assessment as history and the newest in force', async () => {
      const { referral, investigation } = await openInvestigation(t.services, team)
      await t.services.investigations.assess(
        referral.id,
        { form: 'directed', rationale: 'Re-determined', decidedOn: '2026-03-10' },
        team.decisionMaker,
      )
      const detail = await t.services.investigations.referral(referral.id, team.lead)
      assert.deepEqual(
        detail.assessments.map((a) => a.form),
        ['directed', 'independent'],
      )
      const overview = await t.services.investigations.overview(investigation.id, team.lead)
      assert.equal(overview.investigation.form, 'directed')
    })

    it('refuses to open an investigation from an unassessed referral, naming the problem', async () => {
      const referral = await t.services.investigations.recordReferral(
        {
          matterType: 'complaint',
          referringForceId: await forceId(t.services),
          receivedOn: '2026-03-02',
          category: 'voluntary',
          summary: 'A complaint',
        },
        team.lead,
      )
      await assert.rejects(
        t.services.investigations.open(
          {
            referralIds: [referral.id],
            title: 'T',
            termsOfReference: 'ToR',
            leadInvestigatorId: team.lead.userId,
            decisionMakerId: team.decisionMaker.userId,
          },
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && /Assess each referral/.test(e.problems[0]!.message),
      )
    })

    it('shows a case only to its team; the list never shows others’ cases', async () => {
      const { investigation } = await openInvestigation(t.services, team, { title: 'Secret title xyzzy' })
      await assert.rejects(t.services.investigations.overview(investigation.id, team.outsider), Forbidden)
      const outsiders = await t.services.investigations.list(team.outsider, { search: 'xyzzy' })
      assert.equal(outsiders.items.length, 0)
      const members = await t.services.investigations.list(team.investigator, { search: 'xyzzy' })
      assert.deepEqual(
        members.items.map((i) => i.id),
        [investigation.id],
      )
      const denied = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'access.denied')
        .where('case_id', '=', investigation.id)
        .execute()
      assert.equal(denied.length, 1)
    })

    it('searches by reference and by words of the title, and paginates with a keyset cursor', async () => {
      const opened = []
      for (let i = 0; i < 5; i++)
        opened.push(
          (await openInvestigation(t.services, team, { title: `Custody handling review ${i}` })).investigation,
        )
      const byRef = await t.services.investigations.list(team.lead, { search: opened[2]!.reference })
      assert.deepEqual(
        byRef.items.map((i) => i.id),
        [opened[2]!.id],
      )
      const seen: string[] = []
      let cursor: string | undefined
      do {
        const page = await t.services.investigations.list(team.lead, {
          search: 'custody handling',
          limit: 2,
          ...(cursor ? { cursor } : {}),
        })
        seen.push(...page.items.map((i) => i.id))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      assert.deepEqual([...seen].sort(), opened.map((o) => o.id).sort())
      assert.equal(new Set(seen).size, seen.length)
    })

    it('keeps every version of the terms of reference and detects a stale edit', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const revised = await t.services.investigations.reviseTermsOfReference(
        investigation.id,
        'Version two',
        investigation.version,
        team.lead,
      )
      await assert.rejects(
        t.services.investigations.reviseTermsOfReference(
          investigation.id,
          'Stale',
          investigation.version,
          team.decisionMaker,
        ),
        Conflict,
      )
      const history = await t.services.investigations.termsOfReferenceHistory(investigation.id, team.investigator)
      assert.deepEqual(
        history.map((h) => h.version_number),
        [2, 1],
      )
      assert.equal(revised.termsOfReferenceVersion, 2)
    })

    it('lets only the lead or decision maker change the team; a case worker sees the overview but not the case file', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await assert.rejects(
        t.services.investigations.addTeamMember(
          investigation.id,
          team.outsider.userId,
          'investigator',
          team.investigator,
        ),
        Forbidden,
      )
      await t.services.investigations.addTeamMember(investigation.id, team.outsider.userId, 'investigator', team.lead)
      const overview = await t.services.investigations.overview(investigation.id, team.caseWorker)
      assert.equal(overview.canReadCaseFile, false)
      await assert.rejects(t.services.audit.caseHistory(investigation.id, team.caseWorker), Forbidden)
    })

    it('moves through the lifecycle only when the guard allows, naming what is missing', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const started = await t.services.investigations.changeStatus(
        investigation.id,
        'investigating',
        {},
        investigation.version,
        team.lead,
      )
      assert.equal(started.status, 'investigating')
      await assert.rejects(
        t.services.investigations.changeStatus(investigation.id, 'suspended', {}, started.version, team.lead),
        (e: unknown) => e instanceof InvalidTransition && /reason/i.test(e.message),
      )
      const suspended = await t.services.investigations.changeStatus(
        investigation.id,
        'suspended',
        { reason: 'Pending criminal proceedings' },
        started.version,
        team.lead,
      )
      assert.equal(suspended.status_before_suspension, 'investigating')
      await assert.rejects(
        t.services.investigations.changeStatus(investigation.id, 'closed', {}, suspended.version, team.investigator),
        Forbidden,
      )
      await assert.rejects(
        t.services.investigations.changeStatus(investigation.id, 'investigating', {}, started.version, team.lead),
        Conflict,
      )
      const resumed = await t.services.investigations.changeStatus(
        investigation.id,
        'investigating',
        {},
        suspended.version,
        team.lead,
      )
      assert.equal(resumed.status, 'investigating')
      assert.equal(resumed.status_before_suspension, null)
      const options = await t.services.investigations.lifecycleOptions(investigation.id, team.investigator)
      const drafting = options.find((o) => o.status === 'report_drafting')
      assert.ok(drafting)
    })
  })
}
