/**
 * The publication rules issue 17 found untested: each test here fails when the rule it names is
 * removed from src/services/publications.ts or the Publication tab (docs/quality.md lists which
 * break each one catches). Expected values are written out, never computed with the code under test.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { uuidv7 } from 'uuidv7'
import * as holdsRepo from '../../src/data/repositories/publicationHolds.js'
import { Conflict, InvalidTransition, NotFound, ValidationFailed } from '../../src/services/errors.js'
import { systemContext } from '../../src/services/context.js'
import { publicationService } from '../../src/services/publications.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { onlyProblem } from '../support/problems.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { addInterestedPerson, addRepresentative } from '../support/families.js'
import { approvedReportCase } from '../support/outcomes.js'

const JO = '[redacted: name of a junior officer]'
const TP = '[redacted: third-party personal data]'

let n = 0
for (const kind of DATABASE_KINDS) {
  describe(`publication rules (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    /** An approved report whose findings name two officers ("Finding about <given> <family>" each). */
    async function approvedCase() {
      const i = ++n
      const a = { givenName: 'Hannah', familyName: `Brixey${i}`, determination: 'no_case_to_answer' as const }
      const b = { givenName: 'Owen', familyName: `Tarrant${i}`, determination: 'no_case_to_answer' as const }
      const { investigation } = await approvedReportCase(t, team, [a, b])
      return { investigation, first: `Hannah Brixey${i}`, second: `Owen Tarrant${i}` }
    }

    const emailOf = async (userId: string) =>
      (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow()).email
    async function signedIn(userId: string) {
      const client = new Client(t.app)
      assert.equal((await client.signIn(await emailOf(userId))).statusCode, 303)
      return client
    }
    const release = (investigationId: string, publicFrom: Date | null = new Date()) =>
      t.services.publications.release(investigationId, { summary: 'Summary', publicFrom }, team.decisionMaker)
    const versionOf = async (id: string) =>
      (await t.database.db.selectFrom('publications').select('version').where('id', '=', id).executeTakeFirstOrThrow())
        .version

    it('the page: a section with the occurrence left blank redacts every occurrence there, and only there', async () => {
      const { investigation, first, second } = await approvedCase()
      const investigator = await signedIn(team.investigator.userId)
      const tab = `/investigations/${investigation.id}/publication`
      const posted = await investigator.postForm(
        `${tab}/redactions`,
        { section: 'findings', text: 'Finding about', occurrence: '', reason: 'junior_officer_name', note: '' },
        tab,
      )
      assert.equal(posted.statusCode, 303)
      const [mark] = await t.services.publications.redactions(investigation.id, team.lead)
      assert.equal(mark!.occurrence, -1)
      assert.equal(mark!.section, 'findings')
      const row = await release(investigation.id)
      assert.ok(!row.redacted_html.includes('Finding about'), 'no occurrence is left in the released report')
      assert.ok(row.redacted_html.includes(`${JO} ${first}`))
      assert.ok(row.redacted_html.includes(`${JO} ${second}`))
      assert.ok(row.redacted_html.includes('The force failed to link the deaths.'), 'other sections are untouched')
    })

    it('the page: occurrence 2 (counted from 1) redacts the second occurrence, stored as index 1', async () => {
      const { investigation, first, second } = await approvedCase()
      const investigator = await signedIn(team.investigator.userId)
      const tab = `/investigations/${investigation.id}/publication`
      const posted = await investigator.postForm(
        `${tab}/redactions`,
        { section: 'findings', text: 'Finding about', occurrence: '2', reason: 'third_party_personal_data', note: '' },
        tab,
      )
      assert.equal(posted.statusCode, 303)
      const [mark] = await t.services.publications.redactions(investigation.id, team.lead)
      assert.equal(mark!.occurrence, 1)
      const row = await release(investigation.id)
      assert.ok(row.redacted_html.includes(`Finding about ${first}`), 'the first occurrence stays')
      assert.ok(row.redacted_html.includes(`${TP} ${second}`), 'the second is redacted')
      // Occurrence 3 does not exist (the text appears twice): the page says so.
      const other = await approvedCase()
      const tab2 = `/investigations/${other.investigation.id}/publication`
      const bad = await investigator.postForm(
        `${tab2}/redactions`,
        { section: 'findings', text: 'Finding about', occurrence: '3', reason: 'other', note: '' },
        tab2,
      )
      assert.equal(bad.statusCode, 400)
      assert.match(bad.body, /That text appears 2 times in the section/)
    })

    it('refuses an unknown section and an occurrence past the last one', async () => {
      const { investigation, first } = await approvedCase()
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: 'no-such-section', text: first, reason: 'other' },
          team.lead,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'section',
      )
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: 'findings', text: 'Finding about', occurrence: 2, reason: 'other' },
          team.lead,
        ),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          e.problems[0]!.path === 'occurrence' &&
          e.problems[0]!.message === 'That text appears 2 times in the section; choose one of them or every occurrence',
      )
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: 'summary', text: 'The force failed', occurrence: 1, reason: 'other' },
          team.lead,
        ),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          e.problems[0]!.message === 'That text appears 1 time in the section; choose one of them or every occurrence',
      )
      // The last occurrence is allowed.
      const ok = await t.services.publications.addRedaction(
        investigation.id,
        { section: 'findings', text: 'Finding about', occurrence: 1, reason: 'other' },
        team.lead,
      )
      assert.equal(ok.occurrence, 1)
      assert.equal((await t.services.publications.redactions(investigation.id, team.lead)).length, 1)
    })

    it('refuses to release while a redaction no longer matches the report', async () => {
      const { investigation } = await approvedCase()
      // A mark that matched an earlier text: written straight to the table, as an edit of the report would leave it.
      await t.database.db
        .insertInto('redactions')
        .values({
          id: uuidv7(),
          investigation_id: investigation.id,
          report_version_number: 1,
          section: 'summary',
          redacted_text: 'a passage since rewritten',
          occurrence: 0,
          reason: 'other',
          created_by: team.lead.userId,
        })
        .execute()
      await assert.rejects(
        release(investigation.id),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          e.message === '1 redaction no longer matches the report; remove and mark again before releasing.',
      )
      const overview = await t.services.publications.overview(investigation.id, team.lead)
      assert.deepEqual(
        overview.redactions.map((r) => r.unmatched),
        [true],
      )
      assert.equal(overview.current, null)
    })

    it('a second release is refused; so is adding or removing a redaction after release', async () => {
      const { investigation, first } = await approvedCase()
      const mark = await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: first, reason: 'junior_officer_name' },
        team.lead,
      )
      await release(investigation.id, null)
      await assert.rejects(
        release(investigation.id),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          e.message === 'The report has already been released; withdraw that publication first to release it again.',
      )
      await assert.rejects(
        t.services.publications.removeRedaction(investigation.id, mark.id, team.lead),
        (e: unknown) => e instanceof InvalidTransition && /withdraw the publication/.test(e.message),
      )
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          { section: '*', text: 'Terms', reason: 'other' },
          team.lead,
        ),
        (e: unknown) => e instanceof InvalidTransition && /withdraw the publication/.test(e.message),
      )
      assert.equal((await t.services.publications.redactions(investigation.id, team.lead)).length, 1)
      const rows = await t.database.db
        .selectFrom('publications')
        .select('status')
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.deepEqual(rows, [{ status: 'released_to_interested_persons' }])
      // Removing a redaction that does not exist, or belongs to another case, is not found.
      await assert.rejects(t.services.publications.removeRedaction(investigation.id, uuidv7(), team.lead), NotFound)
      await assert.rejects(t.services.publications.removeRedaction(investigation.id, 'not-an-id', team.lead), NotFound)
    })

    it('releasing with a future public date, and scheduling one later, keeps it off the public site until then', async () => {
      const { investigation } = await approvedCase()
      const future = new Date(Date.now() + 5 * 86_400_000)
      future.setUTCMilliseconds(0)
      const row = await release(investigation.id, future)
      assert.equal(row.status, 'released_to_interested_persons')
      assert.equal(new Date(row.public_from!).toISOString(), future.toISOString())
      assert.equal(row.published_at, null)
      assert.equal(await t.services.publications.public.find(row.id), null)

      const later = new Date(future.getTime() + 86_400_000)
      const moved = await t.services.publications.schedule(
        investigation.id,
        { publicFrom: later.toISOString() },
        row.version,
        team.decisionMaker,
      )
      assert.equal(moved.status, 'released_to_interested_persons')
      assert.equal(new Date(moved.public_from!).toISOString(), later.toISOString())
      assert.equal(moved.published_at, null)
      assert.equal(await t.services.publications.public.find(row.id), null)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id'])
        .where('entity_id', '=', row.id)
        .orderBy('id')
        .execute()
      assert.deepEqual(
        audit.map((a) => a.action),
        ['publication.released', 'publication.scheduled'],
      )
      assert.ok(audit.every((a) => a.actor_user_id === team.decisionMaker.userId))

      // A stale version is a conflict; a past instant publishes now.
      await assert.rejects(
        t.services.publications.schedule(investigation.id, { publicFrom: later }, row.version, team.decisionMaker),
        Conflict,
      )
      const published = await t.services.publications.schedule(
        investigation.id,
        { publicFrom: new Date(Date.now() - 60_000) },
        moved.version,
        team.decisionMaker,
      )
      assert.equal(published.status, 'published')
      assert.ok(published.published_at)
      assert.ok((await t.services.publications.public.find(row.id))?.id === row.id)
      // Rescheduling once published is refused.
      await assert.rejects(
        t.services.publications.schedule(
          investigation.id,
          { publicFrom: later },
          published.version,
          team.decisionMaker,
        ),
        (e: unknown) => e instanceof InvalidTransition && e.message === 'The report is already on the public site.',
      )
    })

    it('scheduling is refused while a publication hold stands', async () => {
      const { investigation } = await approvedCase()
      const row = await release(investigation.id, null)
      await holdsRepo.insertHold(t.database.db, {
        id: uuidv7(),
        investigation_id: investigation.id,
        proceeding_id: null,
        reason: 'Criminal trial of the driver',
        placed_on: '2026-10-01',
        placed_by: team.lead.userId,
        lifted_on: null,
        lifted_by: null,
        lift_reason: null,
        lifted_because: null,
      })
      for (const publicFrom of [new Date(Date.now() - 1000), new Date(Date.now() + 86_400_000)])
        await assert.rejects(
          t.services.publications.schedule(investigation.id, { publicFrom }, row.version, team.decisionMaker),
          (e: unknown) => e instanceof InvalidTransition && /Criminal trial of the driver/.test(e.message),
        )
      const still = await t.database.db
        .selectFrom('publications')
        .select(['status', 'public_from'])
        .where('id', '=', row.id)
        .executeTakeFirstOrThrow()
      assert.deepEqual(still, { status: 'released_to_interested_persons', public_from: null })
    })

    it('withdrawal checks the version it was given', async () => {
      const { investigation } = await approvedCase()
      const row = await release(investigation.id)
      await assert.rejects(
        t.services.publications.withdraw(investigation.id, { reason: 'Mistake' }, row.version + 1, team.decisionMaker),
        Conflict,
      )
      assert.equal((await t.services.publications.public.find(row.id))?.id, row.id, 'still public')
      const withdrawn = await t.services.publications.withdraw(
        investigation.id,
        { reason: 'Mistake' },
        await versionOf(row.id),
        team.decisionMaker,
      )
      assert.equal(withdrawn.status, 'withdrawn')
      assert.equal(await t.services.publications.public.find(row.id), null)
      // Once withdrawn, there is no current publication to withdraw again.
      await assert.rejects(
        t.services.publications.withdraw(investigation.id, { reason: 'Again' }, withdrawn.version, team.decisionMaker),
        NotFound,
      )
    })

    it('release e-mails go to consenting interested persons and to representatives who receive updates, once each', async () => {
      const { investigation } = await approvedCase()
      const tag = `${kind}-${n}`
      const consenting = await addInterestedPerson(t.database.db, investigation.id, {
        name: 'Cara Consenting',
        email: `cara-${tag}@family.test`,
      })
      await addInterestedPerson(t.database.db, investigation.id, {
        name: 'Dev Declined',
        email: `dev-${tag}@family.test`,
        consent: false,
      })
      await addInterestedPerson(t.database.db, investigation.id, { name: 'No Email', email: null })
      await addRepresentative(t.database.db, investigation.id, consenting, {
        name: 'Rita Rep',
        email: `rita-${tag}@law.test`,
      })
      const quiet = await addRepresentative(t.database.db, investigation.id, consenting, {
        name: 'Quentin Quiet',
        email: `quentin-${tag}@law.test`,
      })
      await t.database.db
        .updateTable('representatives')
        .set({ receives_updates: false })
        .where('id', '=', quiet)
        .execute()
      // The same address as the interested person's (different case): sent once.
      await addRepresentative(t.database.db, investigation.id, consenting, {
        name: 'Cara again',
        email: ` CARA-${tag}@family.test`,
      })
      await release(investigation.id, null)
      const mail = await t.database.db
        .selectFrom('outbound_emails')
        .select(['to_address', 'subject', 'body_text'])
        .where('investigation_id', '=', investigation.id)
        .orderBy('to_address')
        .execute()
      assert.deepEqual(
        mail.map((m) => m.to_address),
        [`cara-${tag}@family.test`, `rita-${tag}@law.test`],
      )
      const reference = (await t.services.investigations.header(investigation.id, team.lead)).investigation.reference
      for (const m of mail) {
        assert.equal(m.subject, `The report of investigation ${reference} has been released to you`)
        assert.match(m.body_text, /^Dear (Cara Consenting|Rita Rep),\n/)
        assert.ok(m.body_text.includes(`${t.config.publicUrl.replace(/\/+$/, '')}/portal`))
      }
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('case_id', '=', investigation.id)
        .where('action', '=', 'publication.released')
        .executeTakeFirstOrThrow()
      assert.equal((audit.detail as { emailsQueued: number }).emailsQueued, 2)
    })

    it('a redaction naming a recorded person removes them whole: the officer with their rank, the family member by phone and address, the involved person by date of birth', async () => {
      const { investigation } = await approvedCase()
      const db = t.database.db
      const family = `Brixey${n}`
      const cara = await addInterestedPerson(db, investigation.id, { name: `Cara Phonewell${n}` })
      await db
        .updateTable('interested_persons')
        .set({ phone: '07700 900456', postal_address: '9 Wren Row, Easttown, ET1 2AB' })
        .where('id', '=', cara)
        .execute()
      // The referral's involved person (openInvestigation records one), given a name and a date of birth.
      const referral = await db
        .selectFrom('referrals')
        .select('id')
        .where('investigation_id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      await db
        .updateTable('involved_people')
        .set({ full_name: `Ivy Involvedson${n}`, date_of_birth: '1990-03-03' })
        .where('referral_id', '=', referral.id)
        .execute()
      const version = await db
        .selectFrom('report_versions')
        .select('sections')
        .where('investigation_id', '=', investigation.id)
        .executeTakeFirstOrThrow()
      const sections = typeof version.sections === 'string' ? JSON.parse(version.sections) : version.sections
      sections.evidenceAnalysis =
        `PC ${family} met Cara Phonewell${n}, who rang from 07700 900456 at 9 Wren Row. ` +
        `Ivy Involvedson${n}, born 3 March 1990, was there.`
      await db
        .updateTable('report_versions')
        .set({ sections: JSON.stringify(sections) })
        .where('investigation_id', '=', investigation.id)
        .execute()
      for (const [text, reason] of [
        [`Hannah ${family}`, 'junior_officer_name'],
        [`Cara Phonewell${n}`, 'third_party_personal_data'],
        [`Ivy Involvedson${n}`, 'third_party_personal_data'],
      ] as const)
        await t.services.publications.addRedaction(investigation.id, { section: '*', text, reason }, team.investigator)
      const row = await release(investigation.id, null)
      // "PC Brixey" is one term of the officer's (rank and name), so one marker, not "PC [redacted…]".
      assert.ok(
        row.redacted_html.includes(`>${JO} met ${TP}, who rang from ${TP} at ${TP}. ${TP}, born ${TP}, was there.`),
        row.redacted_html,
      )
    })

    it('removing a redaction through another case is not found and keeps it; the audit names the redaction and its section, never its text', async () => {
      const a = await approvedCase()
      const b = await approvedCase()
      const mark = await t.services.publications.addRedaction(
        a.investigation.id,
        { section: 'findings', text: a.first, reason: 'junior_officer_name' },
        team.lead,
      )
      await assert.rejects(
        t.services.publications.removeRedaction(b.investigation.id, mark.id, team.lead),
        (e: unknown) => e instanceof NotFound && e.message === 'The redaction was not found',
      )
      assert.deepEqual(
        (await t.services.publications.redactions(a.investigation.id, team.lead)).map((r) => r.id),
        [mark.id],
      )
      await t.services.publications.removeRedaction(a.investigation.id, mark.id, team.lead)
      assert.deepEqual(await t.services.publications.redactions(a.investigation.id, team.lead), [])
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'entity_id', 'case_id', 'detail'])
        .where('entity_id', '=', mark.id)
        .orderBy('id')
        .execute()
      assert.deepEqual(audit, [
        {
          action: 'redaction.added',
          entity_type: 'redaction',
          entity_id: mark.id,
          case_id: a.investigation.id,
          detail: {
            versionNumber: 1,
            section: 'findings',
            occurrence: -1,
            reason: 'junior_officer_name',
            length: a.first.length,
          },
        },
        {
          action: 'redaction.removed',
          entity_type: 'redaction',
          entity_id: mark.id,
          case_id: a.investigation.id,
          detail: { section: 'findings' },
        },
      ])
    })

    it('the jobs runner publishes a scheduled publication when its time comes, audited against the publication', async () => {
      const { investigation } = await approvedCase()
      const future = new Date(Date.now() + 3 * 86_400_000)
      future.setUTCMilliseconds(0)
      const row = await release(investigation.id, future)
      assert.equal(await t.services.publications.publishDue(new Date(future.getTime() - 1000)), 0)
      assert.ok((await t.services.publications.publishDue(new Date(future.getTime() + 1000))) >= 1)
      assert.equal((await t.services.publications.public.find(row.id))?.id, row.id)
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'actor_user_id', 'case_id', 'detail'])
        .where('entity_id', '=', row.id)
        .where('action', '=', 'publication.published')
        .execute()
      assert.deepEqual(audit, [
        {
          action: 'publication.published',
          entity_type: 'publication',
          actor_user_id: null,
          case_id: investigation.id,
          detail: { publicFrom: future.toISOString(), scheduled: true },
        },
      ])
    })

    it('a release without a summary is refused with the message the page shows', async () => {
      const { investigation } = await approvedCase()
      await assert.rejects(
        t.services.publications.release(investigation.id, { summary: '  ', publicFrom: null }, team.decisionMaker),
        onlyProblem('summary', 'Enter a summary for the public site'),
      )
      assert.equal((await t.services.publications.overview(investigation.id, team.lead)).current, null)
    })

    it('the public list offers every theme by its label', async () => {
      const page = await new Client(t.app).get('/publications')
      const labels = {
        deaths_following_contact: 'Deaths following police contact',
        domestic_abuse: 'Domestic abuse',
        missed_opportunities: 'Missed opportunities',
        use_of_force: 'Use of force',
        custody: 'Custody',
        road_traffic: 'Road traffic',
        mental_health: 'Mental health',
        discrimination: 'Discrimination',
        corruption: 'Corruption',
      }
      for (const [value, label] of Object.entries(labels))
        assert.match(page.body, new RegExp(`<option value="${value}"[^>]*>${label}</option>`), value)
    })

    /** Lock waits by this test database's sessions (PostgreSQL; a row-lock wait names no database itself). */
    const waitingHere = async () =>
      Number(
        (
          await sql<{ n: string }>`select count(*) as n from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where not l.granted and a.datname = current_database()`.execute(t.database.db)
        ).rows[0]!.n,
      )
    const MANUAL_LIFT = 'lifted only by a recorded decision of the lead investigator or the decision maker'
    /**
     * Runs `change` while holds are being placed as the holds service places one (the case row
     * locked, the holds written, not yet committed), then commits them. `change` either waits on
     * the case row (its lock) and so sees them, or, without the lock, finishes before they commit.
     */
    async function whileAHoldIsPlaced<T>(investigationId: string, reasons: string[], change: () => Promise<T>) {
      const db = t.database.db
      let commitHold!: () => void
      const holdMayCommit = new Promise<void>((resolve) => (commitHold = resolve))
      let holdWritten!: () => void
      const written = new Promise<void>((resolve) => (holdWritten = resolve))
      const placing = db.transaction().execute(async (trx) => {
        await trx.selectFrom('investigations').select('id').where('id', '=', investigationId).forUpdate().execute()
        for (const [i, reason] of reasons.entries())
          await holdsRepo.insertHold(trx, {
            id: uuidv7(),
            investigation_id: investigationId,
            proceeding_id: null,
            reason,
            placed_on: `2026-10-0${i + 1}`,
            placed_by: team.lead.userId,
            lifted_on: null,
            lifted_by: null,
            lift_reason: null,
            lifted_because: null,
          })
        holdWritten()
        await holdMayCommit
      })
      await written
      let settled = false
      const changing = change().finally(() => (settled = true))
      changing.catch(() => {})
      for (let i = 0; i < 1500 && !settled && (await waitingHere()) < 1; i++)
        await new Promise((resolve) => setTimeout(resolve, 20))
      commitHold()
      await placing
      return changing
    }

    it(
      'scheduling waits for a hold being placed at the same moment, then refuses (the case row lock)',
      { skip: kind !== 'postgres' },
      async () => {
        const { investigation } = await approvedCase()
        const row = await release(investigation.id, null)
        await assert.rejects(
          whileAHoldIsPlaced(investigation.id, ['Inquest opened this morning'], () =>
            t.services.publications.schedule(
              investigation.id,
              { publicFrom: new Date(Date.now() - 1000) },
              row.version,
              team.decisionMaker,
            ),
          ),
          (e: unknown) => e instanceof InvalidTransition && /Inquest opened this morning/.test(e.message),
        )
        const still = await t.database.db
          .selectFrom('publications')
          .select('status')
          .where('id', '=', row.id)
          .executeTakeFirstOrThrow()
        assert.equal(still.status, 'released_to_interested_persons')
      },
    )

    it(
      'a release under way when a hold is placed checks again once it holds the case, and refuses',
      { skip: kind !== 'postgres' },
      async () => {
        const { investigation } = await approvedCase()
        // The release's first check, before the PDF is made, cannot see the hold (not yet committed).
        await assert.rejects(
          whileAHoldIsPlaced(investigation.id, ['Trial listed today', 'Inquest opened today'], () =>
            release(investigation.id),
          ),
          (e: unknown) =>
            e instanceof InvalidTransition &&
            e.message ===
              `The report cannot be published while publication holds are in force. Publication hold “Inquest opened today” (placed 2 October 2026; ${MANUAL_LIFT}). Publication hold “Trial listed today” (placed 1 October 2026; ${MANUAL_LIFT}).`,
        )
        assert.equal((await t.services.publications.overview(investigation.id, team.lead)).current, null)
      },
    )

    /** A manual hold written straight to the table; `liftedOn` makes it a lifted one. */
    const addHold = (investigationId: string, reason: string, placedOn: string, liftedOn: string | null = null) =>
      holdsRepo.insertHold(t.database.db, {
        id: uuidv7(),
        investigation_id: investigationId,
        proceeding_id: null,
        reason,
        placed_on: placedOn,
        placed_by: team.lead.userId,
        lifted_on: liftedOn,
        lifted_by: liftedOn ? team.lead.userId : null,
        lift_reason: liftedOn ? 'The trial ended' : null,
        lifted_because: liftedOn ? 'decision' : null,
        lifted_recorded_at: liftedOn ? new Date(`${liftedOn}T12:00:00Z`) : null,
      })

    it('a release refused by holds names each one standing (one, or several), never a lifted one', async () => {
      const { investigation } = await approvedCase()
      await addHold(investigation.id, 'An old trial', '2026-09-01', '2026-09-20')
      await addHold(investigation.id, 'Inquest into the death', '2026-10-01')
      await assert.rejects(
        release(investigation.id),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          e.message ===
            `The report cannot be published while a publication hold is in force. Publication hold “Inquest into the death” (placed 1 October 2026; ${MANUAL_LIFT}).`,
      )
      await addHold(investigation.id, 'Criminal trial of the driver', '2026-10-02')
      await assert.rejects(
        release(investigation.id),
        (e: unknown) =>
          e instanceof InvalidTransition &&
          e.message ===
            `The report cannot be published while publication holds are in force. Publication hold “Criminal trial of the driver” (placed 2 October 2026; ${MANUAL_LIFT}). Publication hold “Inquest into the death” (placed 1 October 2026; ${MANUAL_LIFT}).`,
      )
      const overview = await t.services.publications.overview(investigation.id, team.lead)
      assert.deepEqual(overview.holds, [
        `Publication hold “Criminal trial of the driver” (placed 2 October 2026; ${MANUAL_LIFT})`,
        `Publication hold “Inquest into the death” (placed 1 October 2026; ${MANUAL_LIFT})`,
      ])
    })

    it('the Publication tab before a report is approved, and after its publication is withdrawn', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const before = await t.services.publications.overview(investigation.id, team.lead)
      assert.deepEqual(
        {
          approvedVersionNumber: before.approvedVersionNumber,
          redactions: before.redactions,
          sections: before.sections,
          redacted: before.redacted,
          current: before.current,
          publications: before.publications,
        },
        { approvedVersionNumber: null, redactions: [], sections: [], redacted: null, current: null, publications: [] },
      )
      const approved = await approvedCase()
      const row = await release(approved.investigation.id)
      await t.services.publications.withdraw(
        approved.investigation.id,
        { reason: 'Mistake' },
        await versionOf(row.id),
        team.decisionMaker,
      )
      const after = await t.services.publications.overview(approved.investigation.id, team.lead)
      assert.equal(after.current, null)
      assert.deepEqual(
        after.publications.map((p) => [p.id, p.status]),
        [[row.id, 'withdrawn']],
      )
      assert.equal(after.approvedVersionNumber, 1)
    })

    it('the redacted preview; the public reading of a report, its recommendations and its PDF', async () => {
      const { investigation, first, second } = await approvedCase()
      await t.services.publications.addRedaction(
        investigation.id,
        { section: '*', text: first, reason: 'junior_officer_name' },
        team.investigator,
      )
      const preview = JSON.stringify(await t.services.publications.preview(investigation.id, team.lead))
      assert.ok(preview.includes(`Finding about ${JO}`) && !preview.includes(first), preview)
      assert.ok(preview.includes(`Finding about ${second}`))
      await t.services.outcomes.addLearning(
        investigation.id,
        {
          recipientKind: 'force',
          recipientName: 'Northshire Police',
          text: `Retrain ${first} and ${second}.`,
          madeOn: '2026-09-02',
          responseDueOn: '2026-11-02',
        },
        team.lead,
      )
      const row = await release(investigation.id)
      const found = await t.services.publications.public.find(row.id)
      assert.deepEqual(
        found!.recommendations.map((r) => [r.recipient_name, r.text, r.response_text]),
        [['Northshire Police', `Retrain ${JO} and ${second}.`, null]],
      )
      const pdf = await t.services.publications.public.pdf(row.id)
      const reference = (await t.services.investigations.header(investigation.id, team.lead)).investigation.reference
      assert.deepEqual(
        { sha256: pdf!.sha256, filename: pdf!.filename, publishedAt: pdf!.publishedAt.toISOString() },
        {
          sha256: row.redacted_pdf_sha256,
          filename: `report-${reference.replace('/', '-')}.pdf`,
          publishedAt: new Date(row.published_at!).toISOString(),
        },
      )
      assert.equal(Buffer.from(pdf!.bytes).subarray(0, 5).toString(), '%PDF-')
      // An address that is not an id finds nothing (rather than reaching the database as one).
      assert.equal(await t.services.publications.public.find('not-an-id'), null)
      assert.equal(await t.services.publications.public.pdf('not-an-id'), null)
    })

    it('the public address is kept without trailing slashes, however many', () => {
      const service = publicationService(t.database.db, t.services.documentStore, t.services.reports, {
        publicUrl: 'https://candour.example.org//',
      })
      assert.equal(service.publicUrl, 'https://candour.example.org')
    })

    it('a redaction without a reason is refused with the message the page shows', async () => {
      const { investigation, first } = await approvedCase()
      await assert.rejects(
        t.services.publications.addRedaction(
          investigation.id,
          // @ts-expect-error: a reason the form cannot offer, as a crafted post would send
          { section: '*', text: first, reason: 'because' },
          team.lead,
        ),
        onlyProblem('reason', 'Choose the reason for the redaction'),
      )
    })

    it('the public list filters by force, ignoring a force that is not an id', async () => {
      const other = await t.services.organisations.ensure(
        { code: `SOUTH${kind.toUpperCase()}`, name: 'Southshire Police', kind: 'police_force' },
        systemContext(),
      )
      const word = `Forcefilter${kind}`
      const a = await approvedCase()
      const b = await approvedCase()
      const rowA = await t.services.publications.release(
        a.investigation.id,
        { summary: `${word} north`, publicFrom: new Date() },
        team.decisionMaker,
      )
      const rowB = await t.services.publications.release(
        b.investigation.id,
        { summary: `${word} south`, publicFrom: new Date() },
        team.decisionMaker,
      )
      await t.database.db.updateTable('publications').set({ force_id: other.id }).where('id', '=', rowB.id).execute()
      const ids = async (force?: string) =>
        (await t.services.publications.public.list({ q: word, force })).items.map((p) => p.id).sort()
      assert.deepEqual(await ids(), [rowA.id, rowB.id].sort())
      assert.deepEqual(await ids(rowA.force_id!), [rowA.id])
      assert.deepEqual(await ids(other.id), [rowB.id])
      assert.deepEqual(await ids(uuidv7()), [])
      assert.deepEqual(await ids('not-an-id'), [rowA.id, rowB.id].sort())
      assert.equal((await t.services.publications.public.list({ q: word, force: other.id })).filter.force, other.id)
      const page = await new Client(t.app).get(`/publications?q=${word}&force=${other.id}`)
      assert.ok(page.body.includes(`${word} south`) && !page.body.includes(`${word} north`))
    })
  })
}
