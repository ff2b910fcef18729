/**
 * Every task list on every demo case, as each of the demo's case people sees it (ADR 0028): each
 * row's status is the pure function's answer (domain/taskLists.ts) for facts read here from the
 * database, every row's link opens (GET 200 for that person), a row that cannot start yet has no
 * link, and every page reached keeps to the one-thing-per-page rule of test/e2e/reflow.test.ts (no
 * more than a few forms). The demo is seeded once, on the last database kind, to keep the suite lean.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { isInvestigationStatus } from '../../src/domain/investigationLifecycle.js'
import { isSubjectStatus } from '../../src/domain/subjectLifecycle.js'
import {
  TASK_STATUS_LABELS,
  caseProgress,
  determinationTaskList,
  reportTaskList,
  type TaskRow,
} from '../../src/domain/taskLists.js'
import { isSeverity } from '../../src/domain/vocabulary.js'
import { DEMO_PASSWORD, DEMO_USERS, seedDemoData } from '../../src/services/demoData.js'
import { actorFor, toSignedInUser } from '../../src/services/authentication.js'
import type { RequestContext } from '../../src/services/context.js'
import { sectionsOf } from '../../src/services/reports/schemas.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { DATABASE_KINDS } from '../support/database.js'

/** As test/e2e/reflow.test.ts: more forms than this (the sign-out button aside) is several things at once. */
const MAX_FORMS = 4

interface ShownRow {
  title: string
  status: string
  href: string | null
}

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()

/** The rows of the task list marked data-testid=`testId`, or null when the page has none. */
function taskList(html: string, testId: string): ShownRow[] | null {
  const list = new RegExp(`<ul class="govuk-task-list"[^>]*data-testid="${testId}"[^>]*>([\\s\\S]*?)</ul>`).exec(html)
  if (!list) return null
  return [...list[1]!.matchAll(/<li class="govuk-task-list__item[^"]*">([\s\S]*?)<\/li>/g)].map((m) => {
    const item = m[1]!
    const link = /<a class="govuk-link govuk-task-list__link[^"]*" href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/.exec(item)
    const plain = /<div class="govuk-task-list__name-and-hint">\s*<div[^>]*>([\s\S]*?)<\/div>/.exec(item)
    const status = /<div class="govuk-task-list__status[^"]*" id="[^"]+">([\s\S]*?)<\/div>/.exec(item)
    return {
      title: decode((link?.[2] ?? plain?.[1] ?? '').replace(/<[^>]+>/g, '')),
      status: decode((status?.[1] ?? '').replace(/<[^>]+>/g, '')),
      href: link ? decode(link[1]!) : null,
    }
  })
}

const formsOn = (html: string) =>
  (html.match(/<form\b/gi) ?? []).length - (html.match(/<form\b[^>]*action="\/sign-out"/gi) ?? []).length

/** The rows as the page should show them: the domain's titles and words, a link only on a row that can start. */
function expected(
  rows: readonly TaskRow[],
  linked: (row: TaskRow) => boolean,
): { title: string; status: string; linked: boolean }[] {
  return rows.map((r) => ({ title: r.title, status: r.statusText, linked: r.status !== 'cannot_start' && linked(r) }))
}

const kinds = DATABASE_KINDS
for (const kind of kinds) {
  describe(`task lists on every demo case (${kind})`, { skip: kind !== kinds[kinds.length - 1] }, () => {
    let t: TestApp
    before(async () => {
      t = await startTestApp(kind)
      await seedDemoData(t.services, async () => false)
    })
    after(() => t.close())

    async function contextOf(email: string): Promise<RequestContext> {
      const user = await t.database.db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
      return { actor: actorFor(toSignedInUser(user as never)), requestId: 'test' }
    }

    /** The report task list's facts, read from the tables rather than through the service that renders it. */
    async function reportFacts(investigationId: string) {
      const db = t.database.db
      const investigation = await db
        .selectFrom('investigations')
        .selectAll()
        .where('id', '=', investigationId)
        .executeTakeFirstOrThrow()
      const report = await db
        .selectFrom('reports')
        .selectAll()
        .where('investigation_id', '=', investigationId)
        .executeTakeFirst()
      const version =
        report && report.current_version_number > 0
          ? await db
              .selectFrom('report_versions')
              .selectAll()
              .where('report_id', '=', report.id)
              .where('version_number', '=', report.current_version_number)
              .executeTakeFirstOrThrow()
          : undefined
      const sections = version ? sectionsOf(version) : null
      const subjects = await db
        .selectFrom('subjects as s')
        .select(['s.id'])
        .select((eb) =>
          eb
            .selectFrom('severity_assessments as a')
            .select('a.id')
            .whereRef('a.subject_id', '=', 's.id')
            .limit(1)
            .as('assessment'),
        )
        .where('s.investigation_id', '=', investigationId)
        .execute()
      const status = report && report.current_version_number > 0 ? report.status : null
      return {
        reportStatus: (status === 'draft' || status === 'submitted' || status === 'returned' || status === 'approved'
          ? status
          : null) as 'draft' | 'submitted' | 'returned' | 'approved' | null,
        sections: {
          summary: sections?.summary ?? '',
          termsOfReference: sections?.termsOfReference ?? '',
          chronologyEvents: sections?.chronologyEventIds.length ?? 0,
          evidenceAnalysis: sections?.evidenceAnalysis ?? '',
          documents: sections?.documentIds.length ?? 0,
          findingsFor: (sections?.findings ?? []).filter((f) => f.text.trim() !== '').map((f) => f.subjectId),
          learning: sections?.learning ?? '',
        },
        subjects: subjects.map((s) => ({ id: s.id, assessed: s.assessment !== null })),
        investigation: await t.services.investigations.lifecycleFacts(db, investigation as never),
      }
    }

    it('shows each row with the domain’s status, links only rows that can start, and every link opens', async () => {
      const cases = await t.database.db
        .selectFrom('investigations')
        .select(['id', 'reference', 'status'])
        .where('lead_investigator_id', 'is not', null)
        .execute()
      assert.ok(cases.length >= 8, `the demo has its cases (${cases.length})`)
      const people = DEMO_USERS.filter((u) =>
        ['investigator', 'lead_investigator', 'decision_maker', 'case_worker'].includes(u.role),
      )
      const clients = new Map<string, Client>()
      for (const p of people) {
        const client = new Client(t.app)
        assert.equal((await client.signIn(p.email, DEMO_PASSWORD)).statusCode, 303, p.email)
        clients.set(p.email, client)
      }
      const opened = new Map<string, number>()
      const failures: string[] = []
      let progressLists = 0
      let reportLists = 0
      let determinationLists = 0
      const seen = new Set<string>()
      const open = async (client: Client, who: string, href: string) => {
        const key = `${who} ${href}`
        if (opened.has(key)) return
        const page = await client.get(href)
        opened.set(key, page.statusCode)
        if (page.statusCode !== 200) failures.push(`${href} as ${who}: ${page.statusCode}`)
        else if (formsOn(page.body) > MAX_FORMS) failures.push(`${href} as ${who}: ${formsOn(page.body)} forms`)
      }

      for (const c of cases) {
        for (const p of people) {
          const client = clients.get(p.email)!
          const ctx = await contextOf(p.email)
          const overview = await client.get(`/investigations/${c.id}`)
          if (overview.statusCode !== 200) continue
          const who = `${p.role} on ${c.reference} (${c.status})`
          assert.ok(formsOn(overview.body) <= MAX_FORMS, `${who}: the overview has few forms`)
          const shown = taskList(overview.body, 'case-progress')
          assert.ok(shown, `${who}: the overview shows the case’s progress`)
          progressLists++
          const caseFile = (await client.get(`/investigations/${c.id}/report`)).statusCode === 200
          const facts = await t.services.caseProgress.facts(c.id, ctx)
          // The facts agree with the lifecycle's own (the same records, read for its guards).
          const lifecycle = await t.services.investigations.lifecycleFacts(
            t.database.db,
            (await t.database.db
              .selectFrom('investigations')
              .selectAll()
              .where('id', '=', c.id)
              .executeTakeFirstOrThrow()) as never,
          )
          assert.deepEqual(
            facts.subjects.map((s) => s.status).sort(),
            [...lifecycle.subjectStatuses].sort(),
            `${who}: the subjects’ statuses are the lifecycle’s`,
          )
          assert.ok(isInvestigationStatus(facts.status) && facts.subjects.every((s) => isSubjectStatus(s.status)))
          assert.ok(facts.subjects.every((s) => s.severity === null || isSeverity(s.severity)))
          const rows = caseProgress(facts)
          const notices = rows.find((r) => r.key === 'notices')!
          const guardHolds = lifecycle.subjectStatuses.every(
            (s, i) => s !== 'identified' || lifecycle.subjectSeverities?.[i] === 'neither',
          )
          assert.equal(
            notices.status === 'completed',
            guardHolds,
            `${who}: notices completed as the lifecycle's guard says`,
          )
          assert.deepEqual(
            shown.map((r) => ({ title: r.title, status: r.status, linked: r.href !== null })),
            expected(rows, (r) => caseFile || r.key === 'terms-of-reference'),
            `${who}: the case’s progress`,
          )
          for (const r of shown) {
            seen.add(r.status)
            if (r.href) await open(client, who, r.href)
          }

          if (!caseFile) continue
          const tab = await client.get(`/investigations/${c.id}/report`)
          assert.ok(formsOn(tab.body) <= MAX_FORMS, `${who}: the Report tab has few forms`)
          const reportShown = taskList(tab.body, 'report-tasks')
          assert.ok(reportShown, `${who}: the Report tab shows the report’s task list`)
          reportLists++
          const rf = await reportFacts(c.id)
          assert.deepEqual(
            reportShown.map((r) => ({ title: r.title, status: r.status, linked: r.href !== null })),
            expected(reportTaskList(rf), () => true),
            `${who}: the report’s task list`,
          )
          for (const r of reportShown) {
            seen.add(r.status)
            if (r.href) await open(client, who, r.href)
          }

          const determinationsShown = taskList(tab.body, 'determination-tasks')
          const submitted = rf.reportStatus === 'submitted' || rf.reportStatus === 'approved'
          assert.equal(determinationsShown !== null, submitted, `${who}: determinations listed once submitted`)
          if (determinationsShown) {
            determinationLists++
            const o = await t.services.reports.overview(c.id, ctx)
            assert.deepEqual(
              determinationsShown.map((r) => ({ title: r.title, status: r.status, linked: r.href !== null })),
              expected(
                determinationTaskList({
                  reportStatus: rf.reportStatus,
                  subjects: o.subjects.map((s) => ({ id: s.id, name: s.name, determined: s.determination !== null })),
                }),
                () => true,
              ),
              `${who}: the determinations’ task list`,
            )
            for (const r of determinationsShown) if (r.href) await open(client, who, r.href)
          }
        }
      }
      assert.deepEqual(failures, [], 'every link of every task list opens and keeps to a few forms')
      assert.ok(progressLists >= cases.length, `every case’s progress was seen (${progressLists})`)
      assert.ok(
        reportLists >= 1 && determinationLists >= 1,
        `report (${reportLists}) and determination (${determinationLists}) task lists were seen`,
      )
      // The statuses met across the demo's lists, so the check is not vacuous.
      for (const label of [
        TASK_STATUS_LABELS.completed,
        TASK_STATUS_LABELS.not_started,
        TASK_STATUS_LABELS.cannot_start,
      ])
        assert.ok(seen.has(label), `the demo shows “${label}” (seen: ${[...seen].join(', ')})`)
    })
  })
}
