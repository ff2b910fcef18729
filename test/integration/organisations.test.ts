/**
 * Organisations as reference data (ADR 0006): the shipped list, loading it again, renames that
 * keep every reference and the old name, retirement, the demo's fictional forces beside the real
 * ones, and first-run set-up of the administrator.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import {
  ORGANISATION_CODE_MAX_LENGTH,
  ORGANISATION_CODE_PATTERN,
  OVERSIGHT_BODY_CODE,
  REFERENCE_ORGANISATIONS,
  TERRITORIAL_POLICE_FORCES,
  type ReferenceOrganisation,
} from '../../src/domain/referenceOrganisations.js'
import { systemContext } from '../../src/services/context.js'
import { DEMO_ORGANISATIONS } from '../../src/services/demoData.js'
import { Forbidden, ValidationFailed } from '../../src/services/errors.js'
import { AlreadySetUp } from '../../src/services/userAdministration.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { makeTeam, openInvestigation } from '../support/investigations.js'

const ctx = systemContext('organisations-test')

describe('the shipped reference list', () => {
  it('has the oversight body, the 43 territorial forces and the other bodies, each with a unique, well-formed code', () => {
    assert.equal(TERRITORIAL_POLICE_FORCES.length, 43)
    assert.equal(REFERENCE_ORGANISATIONS.filter((o) => o.kind === 'oversight_body').length, 1)
    assert.equal(REFERENCE_ORGANISATIONS[0]!.code, OVERSIGHT_BODY_CODE)
    for (const code of ['BTP', 'MDP', 'CNC', 'NCA', 'HMRC', 'BORDER-FORCE', 'IMMIGRATION-ENFORCEMENT', 'GLAA'])
      assert.ok(
        REFERENCE_ORGANISATIONS.some((o) => o.code === code),
        code,
      )
    const codes = REFERENCE_ORGANISATIONS.map((o) => o.code)
    assert.equal(new Set(codes).size, codes.length, 'codes are unique')
    const names = REFERENCE_ORGANISATIONS.map((o) => o.name)
    assert.equal(new Set(names).size, names.length, 'names are unique')
    for (const o of REFERENCE_ORGANISATIONS) {
      assert.match(o.code, ORGANISATION_CODE_PATTERN, o.code)
      assert.ok(o.code.length <= ORGANISATION_CODE_MAX_LENGTH, o.code)
      assert.ok(o.name.trim() === o.name && o.name.length > 0 && o.name.length <= 200, o.name)
    }
  })

  it('shares no code with the demo’s fictional forces (the oversight body’s code is the one they share on purpose)', () => {
    const shipped = new Set(REFERENCE_ORGANISATIONS.map((o) => o.code))
    const clashes = DEMO_ORGANISATIONS.filter((o) => o.code !== OVERSIGHT_BODY_CODE && shipped.has(o.code))
    assert.deepEqual(clashes, [])
    assert.ok(DEMO_ORGANISATIONS.some((o) => o.code === OVERSIGHT_BODY_CODE && o.kind === 'oversight_body'))
  })
})

for (const kind of DATABASE_KINDS) {
  describe(`organisations (${kind})`, () => {
    let t: TestApp

    // startTestApp adds OVERSIGHT ("Oversight body") and NORTHSHIRE as the demo data would.
    before(async () => {
      t = await startTestApp(kind)
    })
    after(() => t.close())

    const row = (code: string) =>
      t.database.db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirstOrThrow()

    it('loads the list once, keeping the names given here; loading again changes nothing', async () => {
      const first = await t.services.organisations.loadDefaults(ctx)
      assert.equal(first.added.length, REFERENCE_ORGANISATIONS.length - 1, 'all but the oversight body are new')
      assert.deepEqual(first.kept, [
        { code: OVERSIGHT_BODY_CODE, name: 'Oversight body', shipped: 'Independent Office for Police Conduct' },
      ])
      assert.equal((await row(OVERSIGHT_BODY_CODE)).name, 'Oversight body', 'the name given here is not overwritten')
      assert.equal((await row('NORTHSHIRE')).name, 'Northshire Police', 'the fictional force stays beside the real')
      const second = await t.services.organisations.loadDefaults(ctx)
      assert.deepEqual(second, { added: [], renamed: [], kept: [], unchanged: REFERENCE_ORGANISATIONS.length })
      const created = await t.database.db
        .selectFrom('audit_log')
        .select('entity_id')
        .where('action', '=', 'organisation.created')
        .execute()
      assert.ok(created.length >= REFERENCE_ORGANISATIONS.length, 'every addition is audited')
    })

    it('follows a shipped rename where nobody renamed it here, and keeps an operator’s rename', async () => {
      await t.services.organisations.rename('kent', 'Kent County Constabulary', ctx)
      const shipped: ReferenceOrganisation[] = REFERENCE_ORGANISATIONS.map((o) =>
        o.code === 'WILTSHIRE'
          ? { ...o, name: 'Wiltshire and Swindon Police' }
          : o.code === 'KENT'
            ? { ...o, name: 'Kent and Medway Police' }
            : o,
      )
      const result = await t.services.organisations.loadDefaults(ctx, shipped)
      assert.deepEqual(result.renamed, [
        { code: 'WILTSHIRE', from: 'Wiltshire Police', to: 'Wiltshire and Swindon Police' },
      ])
      assert.deepEqual(result.kept, [
        { code: 'KENT', name: 'Kent County Constabulary', shipped: 'Kent and Medway Police' },
      ])
      assert.equal((await row('KENT')).name, 'Kent County Constabulary')
      const again = await t.services.organisations.loadDefaults(ctx, shipped)
      assert.deepEqual([again.renamed, again.kept, again.added], [[], [], []], 'reported once')
      const history = (await t.services.organisations.listWithHistory()).find((o) => o.code === 'WILTSHIRE')!
      assert.deepEqual(
        history.previousNames.map((p) => p.name),
        ['Wiltshire Police'],
      )
    })

    it('renames without breaking a reference, keeping the old name and auditing who did it', async () => {
      const team = await makeTeam(t.services)
      const { investigation } = await openInvestigation(t.services, team)
      const before = await row('NORTHSHIRE')
      await t.services.organisations.rename('NORTHSHIRE', 'Northshire and Eastdale Police', ctx)
      const after = await row('NORTHSHIRE')
      assert.equal(after.id, before.id)
      assert.equal(after.version, before.version + 1)
      const overview = await t.services.investigations.overview(investigation.id, team.lead)
      assert.equal(overview.investigation.force_id, before.id)
      assert.equal(overview.forceName, 'Northshire and Eastdale Police', 'the case shows the new name')
      const history = (await t.services.organisations.listWithHistory()).find((o) => o.code === 'NORTHSHIRE')!
      assert.deepEqual(
        history.previousNames.map((p) => p.name),
        ['Northshire Police'],
      )
      const audit = await t.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'organisation.renamed')
        .where('entity_id', '=', before.id)
        .executeTakeFirstOrThrow()
      assert.deepEqual((audit.detail as { before: unknown }).before, { name: 'Northshire Police' })
    })

    it('a retired organisation cannot be chosen for a new account or referral; existing references stay', async () => {
      const team = await makeTeam(t.services)
      const { investigation } = await openInvestigation(t.services, team)
      const westMercia = await row('WEST-MERCIA')
      await t.services.organisations.retire('WEST-MERCIA', ctx)
      await assert.rejects(
        t.services.users.add(
          {
            email: 'psd@westmercia.test',
            displayName: 'P',
            roles: ['appropriate_authority'],
            organisationCode: 'west-mercia',
          },
          ctx,
        ),
        (e: unknown) => e instanceof ValidationFailed && /retired/.test(e.problems[0]!.message),
      )
      await assert.rejects(
        t.services.investigations.recordReferral(
          {
            matterType: 'dsi_matter',
            referringForceId: westMercia.id,
            receivedOn: '2026-03-02',
            cameToAttentionOn: '2026-02-27',
            category: 'death_or_serious_injury',
            summary: 'A referral from a retired force',
            people: [],
          },
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'referringForceId',
      )
      assert.ok(!(await t.services.organisations.listChoosable()).some((o) => o.code === 'WEST-MERCIA'))
      assert.ok(
        (await t.services.organisations.list()).some((o) => o.code === 'WEST-MERCIA'),
        'still listed for history',
      )
      // The case whose force retires keeps it, and its subjects can still be of that force.
      await t.services.organisations.retire('NORTHSHIRE', ctx)
      const header = await t.services.investigations.header(investigation.id, team.lead)
      assert.equal(header.investigation.force_id, (await row('NORTHSHIRE')).id)
      await t.services.organisations.reinstate('NORTHSHIRE', ctx)
      await t.services.organisations.reinstate('WEST-MERCIA', ctx)
      assert.equal((await row('WEST-MERCIA')).retired_at, null)
      await assert.rejects(t.services.organisations.retire(OVERSIGHT_BODY_CODE, ctx), ValidationFailed)
    })

    it('adds an organisation by code and name, refusing a taken or malformed code; only operators change them', async () => {
      const added = await t.services.organisations.add({ code: 'port-of-dover', name: 'Port of Dover Police' }, ctx)
      assert.equal(added.code, 'PORT-OF-DOVER')
      assert.equal(added.kind, 'police_force')
      await assert.rejects(
        t.services.organisations.add({ code: 'PORT-OF-DOVER', name: 'Again' }, ctx),
        (e: unknown) =>
          e instanceof ValidationFailed && /already exists \(Port of Dover Police\)/.test(e.problems[0]!.message),
      )
      await assert.rejects(
        t.services.organisations.add({ code: 'no spaces', name: 'X' }, ctx),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'code',
      )
      const team = await makeTeam(t.services)
      await assert.rejects(t.services.organisations.rename('KENT', 'X', team.lead), Forbidden)
      await assert.rejects(t.services.organisations.add({ code: 'X', name: 'X' }, team.lead), Forbidden)
    })
  })

  describe(`first-run set-up (${kind})`, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind)
      // startTestApp adds organisations; first-run set-up starts from none.
      await t.database.db.deleteFrom('organisations').execute()
    })
    after(() => t.close())

    it('adds the oversight body and the first administrator, who must set up a second factor; then refuses', async () => {
      const setUp = (email: string) =>
        t.services.users.setUpFirstAdministrator({ email, displayName: 'Ada Morgan' }, systemContext())
      // Two at once: exactly one succeeds (an advisory lock serialises them).
      const results = await Promise.allSettled([setUp('ada@example.test'), setUp('bob@example.test')])
      const done = results.filter((r) => r.status === 'fulfilled')
      assert.equal(done.length, 1)
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      assert.ok(refused.reason instanceof AlreadySetUp, String(refused.reason))
      const { user, initialPassword, oversightBodyCreated } = done[0]!.value
      assert.ok(oversightBodyCreated)
      assert.deepEqual(user.roles, ['administrator'])
      const body = await t.services.organisations.findByCode(OVERSIGHT_BODY_CODE)
      assert.equal(body?.name, 'Independent Office for Police Conduct')
      assert.equal(body?.id, user.organisationId)
      const signIn = await t.services.authentication.signIn(
        { email: user.email, password: initialPassword },
        systemContext(),
      )
      assert.ok(signIn.ok)
      assert.equal(signIn.stage, 'second_factor_setup_required')
      // A disabled administrator still counts: set-up is not a way back in.
      await t.services.users.disable(user.id, systemContext())
      await assert.rejects(
        setUp('carol@example.test'),
        (e: unknown) => e instanceof AlreadySetUp && e.administratorStatus === 'disabled',
      )
      await assert.rejects(
        t.services.users.setUpFirstAdministrator(
          { email: 'x@example.test', displayName: 'X' },
          {
            actor: { userId: user.id, roles: ['administrator'], organisationId: user.organisationId },
            requestId: null,
          },
        ),
        Forbidden,
      )
    })
  })
}
