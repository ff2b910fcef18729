/**
 * The officer's whole record, early-intervention flags and the concentration figures, through the
 * services on a real database (PGlite and PostgreSQL). History comes in through the real import;
 * the live case through the real subject journey.
 */
import assert from 'node:assert/strict'
import { Readable } from 'node:stream'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { latestFlagDate } from '../../src/domain/earlyIntervention.js'
import { vocabularyMappingSchema } from '../../src/domain/historicalImport.js'
import { systemContext } from '../../src/services/context.js'
import { Forbidden, NotFound, ValidationFailed } from '../../src/services/errors.js'
import { historyImportService, type ImportFile } from '../../src/services/import/historyImport.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { contextFor, forceId, makeTeam, openInvestigation, type Team } from '../support/investigations.js'

const file = (name: string, lines: string[]): ImportFile => ({
  name,
  open: () => Readable.from([lines.join('\n') + '\n']),
})
const mapping = vocabularyMappingSchema.parse({
  category: { 'Use of force': 'use_of_force', Honesty: 'honesty_and_integrity', Duties: 'duties_and_responsibilities' },
  finding: { Upheld: 'upheld', 'Not upheld': 'not_upheld' },
})
const CASES = 'source_id,force_code,kind,received_on,category'
const ALLEGATIONS = 'case_source_id,officer_source_id,force_code,warrant_number,category,finding'

/** A small seeded generator, so the random history is the same on every run. */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`the officer's whole record (${kind})`, () => {
    let t: TestApp
    let team: Team
    let liveOfficerId: string
    let ids: Record<string, string>
    let investigationId: string
    let liveReference: string
    const system = systemContext('test')

    before(async () => {
      t = await startTestApp(kind)
      for (const code of ['WESTMARCH', 'EASTFORD'])
        await t.services.organisations.ensure({ code, name: `${code} Police`, kind: 'police_force' }, system)
      team = await makeTeam(t.services)
      const imports = historyImportService(t.database)
      const report = await imports.run(
        {
          source: 'Legacy',
          mapping,
          files: [
            file('officers.csv', [
              'source_id,force_code,warrant_number,surname,forenames,rank',
              'H1,NORTHSHIRE,NS100,Hartley,James,PC',
              'H2,NORTHSHIRE,NS200,Okafor,Grace,Sgt',
              'H3,NORTHSHIRE,,Lindqvist,Erik,PC',
              'H4,WESTMARCH,WM300,Price,Owen,DC',
            ]),
            file('cases.csv', [
              CASES,
              'C1,NORTHSHIRE,complaint,2019-01-10,Use of force',
              'C2,NORTHSHIRE,complaint,2019-06-01,Honesty',
              'C3,NORTHSHIRE,conduct_matter,2019-12-20,Use of force',
              'C4,NORTHSHIRE,complaint,2020-03-01,Duties',
              'C5,WESTMARCH,complaint,2021-05-05,Use of force',
            ]),
            file('allegations.csv', [
              ALLEGATIONS,
              'C1,H1,,,Use of force,Upheld',
              'C1,H2,,,Use of force,Not upheld',
              'C2,H1,,,Honesty,Not upheld',
              'C2,H2,,,Honesty,Upheld',
              'C3,H1,,,Use of force,Upheld',
              'C3,H2,,,Duties,',
              'C4,H1,,,Duties,Case closed locally',
              'C4,H3,,,Duties,',
              'C5,H4,,,Use of force,',
              'C5,H4,,,Use of force,',
            ]),
          ],
        },
        system,
      )
      assert.equal(report.status, 'completed', JSON.stringify(report.errors))
      const rows = await sql<{ source_id: string; historical_officer_id: string }>`
        select source_id, historical_officer_id from historical_officer_aliases`.execute(t.database.db)
      ids = Object.fromEntries(rows.rows.map((r) => [r.source_id, r.historical_officer_id]))

      // H1 is now a subject of a live investigation: the register's officer meets their history.
      const { investigation } = await openInvestigation(t.services, team)
      investigationId = investigation.id
      liveReference = investigation.reference
      const { subject } = await t.services.subjects.add(
        investigation.id,
        {
          givenName: 'James',
          familyName: 'Hartley',
          warrantNumber: 'ns100',
          kind: 'police_officer',
          rank: 'constable',
        },
        team.investigator,
      )
      liveOfficerId = subject.officer_id
      await t.services.subjects.addAllegation(
        subject.id,
        { description: 'Struck a detained man', standards: ['use_of_force'] },
        team.investigator,
      )
      await t.services.subjects.add(
        investigation.id,
        { givenName: 'Grace', familyName: 'Okafor', warrantNumber: 'NS200', kind: 'police_officer', rank: 'sergeant' },
        team.investigator,
      )
    })
    after(() => t.close())

    it('joins the register and history by force and warrant number: one officer, one id, every case', async () => {
      const viaHistory = await t.services.officerRecords.get(ids.H1!, team.lead)
      const record = await t.services.officerRecords.get(liveOfficerId, team.lead)
      assert.equal(viaHistory.officer.id, liveOfficerId)
      assert.equal(record.officer.knownFrom, 'register')
      assert.deepEqual(record.officer.aliases, [{ source: 'Legacy', sourceId: 'H1' }])
      assert.deepEqual(
        record.cases.map((c) => [c.origin, c.reference, c.on]),
        [
          ['live', liveReference, '2026-02-27'],
          ['historical', 'Legacy C4', '2020-03-01'],
          ['historical', 'Legacy C3', '2019-12-20'],
          ['historical', 'Legacy C2', '2019-06-01'],
          ['historical', 'Legacy C1', '2019-01-10'],
        ],
      )
      const live = record.cases[0]!
      assert.equal(live.id, investigationId)
      assert.deepEqual(
        live.allegations.map((a) => [a.description, a.category]),
        [['Struck a detained man', 'use_of_force']],
      )
      assert.deepEqual(
        live.coSubjects.map((c) => c.name),
        ['Grace Okafor'],
      )
      const c4 = record.cases[1]!
      // An unmapped finding is kept verbatim, never dropped or guessed.
      assert.deepEqual(
        c4.allegations.map((a) => [a.category, a.finding]),
        [['duties_and_responsibilities', 'Case closed locally']],
      )
      assert.deepEqual(
        c4.coSubjects.map((c) => [c.id, c.name]),
        [[ids.H3, 'Erik Lindqvist']],
      )
      const c1 = record.cases[4]!
      assert.deepEqual(
        c1.allegations.map((a) => [a.category, a.categorySource, a.finding, a.findingSource]),
        [['use_of_force', 'Use of force', 'upheld', 'Upheld']],
      )
    })

    it('filters by date and category, and pages by keyset without repeats or gaps', async () => {
      const byCategory = await t.services.officerRecords.get(liveOfficerId, team.lead, {
        filter: { category: 'use_of_force' },
      })
      assert.deepEqual(
        byCategory.cases.map((c) => c.reference.replace(/^\d{4}\/\d+$/, 'LIVE')),
        ['LIVE', 'Legacy C3', 'Legacy C1'],
      )
      const byDate = await t.services.officerRecords.get(liveOfficerId, team.lead, {
        filter: { from: '2019-06-01', to: '2019-12-20' },
      })
      assert.deepEqual(
        byDate.cases.map((c) => c.reference),
        ['Legacy C3', 'Legacy C2'],
      )
      const seen: string[] = []
      let after: { on: string; caseId: string } | undefined
      for (;;) {
        const page = await t.services.officerRecords.get(liveOfficerId, team.lead, {
          limit: 2,
          ...(after ? { after } : {}),
        })
        seen.push(...page.cases.map((c) => c.id))
        if (!page.next) break
        after = page.next
      }
      assert.equal(seen.length, 5)
      assert.equal(new Set(seen).size, 5)
      await assert.rejects(
        t.services.officerRecords.get(liveOfficerId, team.lead, { filter: { from: '2020-01-01', to: '2019-01-01' } }),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'to',
      )
    })

    it('says which thresholds the officer meets, and the allegations or cases behind each', async () => {
      const record = await t.services.officerRecords.get(liveOfficerId, team.lead)
      const byRule = Object.fromEntries(record.flags.map((f) => [f.rule.id, f]))
      assert.deepEqual(
        byRule['allegations-12-months']!.allegations.map((a) => a.caseReference),
        ['Legacy C2', 'Legacy C3', 'Legacy C4'], // the latest 12 months holding three
      )
      assert.equal(byRule['same-category-24-months']!.category, 'use_of_force')
      assert.equal(byRule['same-colleague-3-cases']!.colleague!.name, 'Grace Okafor')
      // C1, C2, C3 in history and the live case: four cases with her.
      assert.equal(byRule['same-colleague-3-cases']!.colleague!.cases.length, 4)
      const flags = await t.services.officerRecords.flagsFor(liveOfficerId, team.investigator)
      assert.deepEqual(
        flags!.map((f) => f.rule.id),
        record.flags.map((f) => f.rule.id),
      )
    })

    it('follows the policy: staff see everyone, a force only its own officers, families and subjects no one', async () => {
      const northshire = await contextFor(t.services, 'psd-n@example.test', ['appropriate_authority'], 'NORTHSHIRE')
      const westmarch = await contextFor(t.services, 'psd-w@example.test', ['appropriate_authority'], 'WESTMARCH')
      const family = await contextFor(t.services, 'family@example.test', ['interested_person'])
      const subject = await contextFor(t.services, 'subject@example.test', ['subject'])
      const own = await t.services.officerRecords.get(liveOfficerId, northshire)
      assert.equal(own.officer.id, liveOfficerId)
      await assert.rejects(t.services.officerRecords.get(liveOfficerId, westmarch), Forbidden)
      await assert.rejects(t.services.officerRecords.get(liveOfficerId, family), Forbidden)
      await assert.rejects(t.services.officerRecords.get(liveOfficerId, subject), Forbidden)
      assert.equal(await t.services.officerRecords.flagsFor(liveOfficerId, westmarch), null)
      await assert.rejects(t.services.officerRecords.get('00000000-0000-7000-8000-000000000000', team.lead), NotFound)
      // The westmarch force's list holds only its own officers.
      const list = await t.services.officerRecords.flagged(westmarch)
      assert.deepEqual(
        list.items.map((i) => i.officer.id),
        [ids.H4],
      )
      const denied = await sql<{ n: number }>`select count(*)::int as n from audit_log
        where action = 'access.denied' and entity_type = 'officer' and entity_id = ${liveOfficerId}`.execute(
        t.database.db,
      )
      assert.equal(denied.rows[0]!.n, 1)
    })

    it('audits every read of a record, with the cases shown', async () => {
      await t.services.officerRecords.get(ids.H3!, team.decisionMaker)
      const entry = await sql<{ actor_user_id: string; detail: { cases: string[] } }>`
        select actor_user_id, detail from audit_log where action = 'officer-record.read' and entity_id = ${ids.H3!}
        order by seq desc limit 1`.execute(t.database.db)
      assert.equal(entry.rows[0]!.actor_user_id, team.decisionMaker.userId)
      assert.equal(entry.rows[0]!.detail.cases.length, 1)
    })

    it('lists every flagged officer newest first, exactly as the rules evaluated officer by officer', async () => {
      // A seeded random history: officers, cases on dates that include month ends, random categories.
      const random = seeded(12)
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!
      const dates = ['2020-02-29', '2021-02-28', '2020-01-31', '2020-12-31', '2021-01-01', '2019-03-01']
      const cases = [CASES]
      for (let c = 0; c < 40; c++) {
        const on =
          random() < 0.3
            ? pick(dates)
            : `20${18 + Math.floor(random() * 5)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`
        cases.push(`R${c},EASTFORD,complaint,${on},`)
      }
      const allegations = [ALLEGATIONS]
      for (let a = 0; a < 120; a++)
        allegations.push(
          `R${Math.floor(random() * 40)},,EASTFORD,E${Math.floor(random() * 25)},${pick(['Use of force', 'Honesty', 'Duties', ''])},`,
        )
      const report = await historyImportService(t.database).run(
        { source: 'Random', mapping, files: [file('cases.csv', cases), file('allegations.csv', allegations)] },
        system,
      )
      assert.equal(report.status, 'completed', JSON.stringify(report.errors))

      const listed: { id: string; metOn: string; rules: string[] }[] = []
      let after: { on: string; officerId: string } | undefined
      for (;;) {
        const page = await t.services.officerRecords.flagged(team.lead, { limit: 7, ...(after ? { after } : {}) })
        listed.push(...page.items.map((i) => ({ id: i.officer.id, metOn: i.metOn, rules: i.rules.map((r) => r.id) })))
        if (!page.next) break
        after = page.next
      }
      const everyone = await sql<{ officer_id: string }>`select officer_id from officer_identities`.execute(
        t.database.db,
      )
      const expected: typeof listed = []
      for (const { officer_id } of everyone.rows) {
        const flags = (await t.services.officerRecords.flagsFor(officer_id, team.lead))!
        if (flags.length)
          expected.push({
            id: officer_id,
            metOn: latestFlagDate(flags)!,
            rules: [...new Set(flags.map((f) => f.rule.id))].sort(),
          })
      }
      expected.sort((a, b) => (a.metOn === b.metOn ? (a.id < b.id ? 1 : -1) : a.metOn < b.metOn ? 1 : -1))
      assert.ok(expected.length >= 10, `the random history flags several officers (${expected.length})`)
      assert.deepEqual(listed, expected)
      const oneRule = await t.services.officerRecords.flagged(team.lead, {
        ruleId: 'same-colleague-3-cases',
        limit: 100,
      })
      assert.deepEqual(
        oneRule.items.map((i) => i.officer.id).sort(),
        expected
          .filter((e) => e.rules.includes('same-colleague-3-cases'))
          .map((e) => e.id)
          .sort(),
      )
      await assert.rejects(t.services.officerRecords.flagged(team.lead, { ruleId: 'nonsense' }), ValidationFailed)
    })

    it('computes the concentration figures exactly, ties at a boundary counted as documented', async () => {
      // 120 officers of EASTWICK: officer 1 has 9 allegations, 2–3 have 7, 4–8 have 5, 9–14 have 4,
      // then 15–120 alternate 1 (odd) and 2 (even). Allegation j of an officer is on case K-j,
      // received in 2010 + j, its finding Upheld for odd j and Not upheld for even j.
      await t.services.organisations.ensure({ code: 'EASTWICK', name: 'Eastwick Police', kind: 'police_force' }, system)
      const count = (i: number) => (i === 1 ? 9 : i <= 3 ? 7 : i <= 8 ? 5 : i <= 14 ? 4 : i % 2 ? 1 : 2)
      const cases = [CASES]
      for (let j = 1; j <= 9; j++) cases.push(`K-${j},EASTWICK,complaint,${2010 + j}-06-15,`)
      const allegations = [ALLEGATIONS]
      for (let i = 1; i <= 120; i++)
        for (let j = 1; j <= count(i); j++)
          allegations.push(`K-${j},,EASTWICK,W${i},,${j % 2 ? 'Upheld' : 'Not upheld'}`)
      const report = await historyImportService(t.database).run(
        { source: 'Concentration', mapping, files: [file('cases.csv', cases), file('allegations.csv', allegations)] },
        system,
      )
      assert.equal(report.status, 'completed', JSON.stringify(report.errors))
      const eastwick = await forceId(t.services, 'EASTWICK')
      const figures = await t.services.statistics.allegationConcentration({ forceId: eastwick }, team.lead)
      // 9 + 2×7 + 5×5 + 6×4 + 53×1 + 53×2 = 231 allegations.
      assert.deepEqual([figures.officers, figures.allegations, figures.cases], [120, 231, 9])
      assert.deepEqual(
        figures.top.map((x) => [x.percent, x.officers, x.allegations]),
        [
          [1, 2, 16], // ceil(1.2) = 2 officers: 9 + 7
          [5, 6, 38], // ceil(6) = 6: 9 + 7 + 7 + three of the five tied at 5
          [10, 12, 64], // ceil(12) = 12: 9 + 7 + 7 + 5×5 + four of the six tied at 4
        ],
      )
      assert.equal(figures.top[0]!.share, 16 / 231)
      // Upheld: ceil(count/2) per officer = 5 + 2×4 + 5×3 + 6×2 + 53 + 53 = 146.
      assert.deepEqual(figures.byFinding, [
        { finding: 'upheld', allegations: 146 },
        { finding: 'not_upheld', allegations: 85 },
      ])
      // 2012–2013: cases K-2 and K-3; officers with 2 or more allegations (14 + the 53 with 2), the
      // 14 with 3 or more holding two each: 14×2 + 53 = 81.
      const years = await t.services.statistics.allegationConcentration(
        { forceId: eastwick, fromYear: 2012, toYear: 2013 },
        team.lead,
      )
      assert.deepEqual([years.officers, years.allegations, years.cases], [67, 81, 2])
      assert.deepEqual(
        years.top.map((x) => [x.officers, x.allegations]),
        [
          [1, 2],
          [4, 8],
          [7, 14],
        ],
      )
      const none = await t.services.statistics.allegationConcentration(
        { forceId: eastwick, fromYear: 1990, toYear: 1990 },
        team.lead,
      )
      assert.deepEqual([none.officers, none.allegations, none.top[2]!.share], [0, 0, 0])
      await assert.rejects(
        t.services.statistics.allegationConcentration({ fromYear: 2020, toYear: 2019 }, team.lead),
        ValidationFailed,
      )
      const psd = await contextFor(t.services, 'psd-stats@example.test', ['appropriate_authority'], 'NORTHSHIRE')
      await assert.rejects(t.services.statistics.allegationConcentration({}, psd), Forbidden)
    })
  })
}
