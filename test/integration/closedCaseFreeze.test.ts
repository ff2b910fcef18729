/**
 * A closed case does not change (issue 10, finding 6), generated over every write operation of
 * the served OpenAPI document against the closed cases of the demo data (which hold subjects,
 * allegations, notices, evidence, families, a report, determinations, the force's response and
 * its proceedings), so an operation added later is covered without anyone listing it.
 *
 * Each operation documents its policy actions (x-candour-access). Where every one of them is one
 * that closing freezes (src/domain/caseFreeze.ts, the table in docs/domain-decisions.md), the
 * operation, sent with a plausible body by each member of the closed case's team, must never
 * succeed; it answers 409 naming the closed state whenever its input is otherwise valid, and
 * nothing at all is written. The finding's own request (the force replacing its response) is
 * sent with a valid body and must be 409.
 */
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { ON_CLOSED_CASE } from '../../src/domain/caseFreeze.js'
import { isAction, isCaseAction } from '../../src/domain/policy.js'
import { seedDemoData } from '../../src/services/demoData.js'
import { problemTypes } from '../../src/http/problem.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { openApiDocument } from '../support/openapi.js'
import { storedSnapshot } from '../support/snapshot.js'
import { resolverFor, sampler, type Json } from '../support/openapiSample.js'

/** Path segments whose table is not the segment's name. */
const TABLE_OF: Record<string, string> = {
  updates: 'keep_informed_updates',
  'pfd-reports': 'prevention_of_future_deaths_reports',
}

describe('a closed case does not change, over every write operation', () => {
  const kind = DATABASE_KINDS[DATABASE_KINDS.length - 1]!
  let t: TestApp
  let closedIds: string[]
  const tokens: string[] = []

  before(async () => {
    t = await startTestApp(kind)
    await seedDemoData(t.services, async () => false)
    closedIds = (
      await t.database.db.selectFrom('investigations').select('id').where('status', '=', 'closed').execute()
    ).map((r) => r.id)
    // Everyone on a closed case's team, and the force's professional standards department.
    const people = await sql<{ id: string }>`
      select distinct u.id from users u
      where u.id in (select user_id from investigation_members where investigation_id in (${sql.join(closedIds)}))
         or u.email = 'psd@northshire.example'`.execute(t.database.db)
    for (const p of people.rows) tokens.push((await createToken(t.services, p.id, { write: true })).secret)
  })
  after(() => t.close())

  /** A row of the closed case in the table behind a path segment, found by how the table links to its case. */
  async function idIn(segment: string, investigationId: string): Promise<string | undefined> {
    const table = TABLE_OF[segment] ?? segment.replace(/-/g, '_')
    const columns = (
      await sql<{ c: string }>`select column_name as c from information_schema.columns
        where table_schema = 'public' and table_name = ${table}`.execute(t.database.db)
    ).rows.map((r) => r.c)
    if (!columns.includes('id')) return undefined
    const via = (
      [
        ['investigation_id', sql`${investigationId}`],
        ['subject_id', sql`(select id from subjects where investigation_id = ${investigationId})`],
        ['document_id', sql`(select id from documents where investigation_id = ${investigationId})`],
        ['meeting_id', sql`(select id from meetings where investigation_id = ${investigationId})`],
        ['interested_person_id', sql`(select id from interested_persons where investigation_id = ${investigationId})`],
      ] as const
    ).find(([column]) => columns.includes(column))
    if (!via) return undefined
    const row = await sql<{ id: string }>`select id::text as id from ${sql.table(table)}
      where ${sql.ref(via[0])} in (${via[1]}) order by id limit 1`.execute(t.database.db)
    return row.rows[0]?.id
  }

  it('every operation whose actions closing freezes never succeeds on a closed case, and writes nothing', async () => {
    const doc = await openApiDocument(t.app)
    const { requiredOf } = sampler(resolverFor(doc))
    const resolve = resolverFor(doc)
    const failures: string[] = []
    const frozenAnswers: string[] = []
    const notReached: string[] = []
    let probed = 0
    const stored = await storedSnapshot(t)
    for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(item as Record<string, Json>)) {
        if (method === 'get') continue
        const actions = ((op['x-candour-access'] ?? []) as string[]).filter(isAction)
        if (!actions.length || !actions.every((a) => isCaseAction(a) && ON_CLOSED_CASE[a] === 'frozen')) continue
        const label = `${method.toUpperCase()} ${path}`
        for (const investigationId of closedIds) {
          let url = path
          let found = true
          for (const m of path.matchAll(/([a-z-]+)\/\{([A-Za-z]+)\}/g)) {
            const id = m[1] === 'investigations' ? investigationId : await idIn(m[1]!, investigationId)
            if (!id) found = false
            else url = url.replace(`{${m[2]}}`, id)
          }
          if (!found) continue
          const schema = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.[
            'application/json'
          ]?.schema
          const body = schema ? requiredOf(resolve(schema)) : undefined
          probed++
          const answers: number[] = []
          for (const token of tokens) {
            const r = await t.app.inject({
              method: method.toUpperCase() as 'POST',
              url,
              headers: {
                ...bearer(token),
                'if-match': '"1"',
                ...(body ? { 'content-type': 'application/json' } : {}),
              },
              ...(body ? { payload: JSON.stringify(body) } : {}),
            })
            answers.push(r.statusCode)
            if (r.statusCode < 300) failures.push(`${label} on closed ${investigationId} → ${r.statusCode}`)
            if (r.statusCode === 409 && (r.json() as { type: string }).type === problemTypes.invalidTransition) {
              assert.match((r.json() as { detail: string }).detail, /closed/, label)
              frozenAnswers.push(label)
            }
          }
          if (!answers.includes(409)) notReached.push(`${label} ${answers.join('/')}`)
        }
      }
    }
    assert.deepEqual(failures, [])
    assert.equal(await storedSnapshot(t), stored, 'a refused change on a closed case wrote something')
    assert.ok(probed >= 20, `only ${probed} operations reached a closed case's resources`)
    const distinct = new Set(frozenAnswers)
    assert.ok(
      distinct.size >= 10,
      `only ${distinct.size} operations answered 409; not reached: ${notReached.join('; ')}`,
    )
  })

  it('the finding: the force replacing its response on a closed case is 409, naming the state', async () => {
    const row = await sql<{ id: string; version: number; investigation_id: string }>`
      select r.id, r.version, s.investigation_id from authority_responses r join subjects s on s.id = r.subject_id
      where s.investigation_id in (${sql.join(closedIds)}) limit 1`.execute(t.database.db)
    const response = row.rows[0]
    assert.ok(response, 'the demo has a closed case with the force’s response')
    const psd = await t.database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'psd@northshire.example')
      .executeTakeFirstOrThrow()
    const token = (await createToken(t.services, psd.id, { write: true })).secret
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/authority-responses/${response.id}`,
      headers: { ...bearer(token), 'if-match': `"${response.version}"` },
      payload: { agrees: false, proposedProceedings: 'none', reasons: 'Changed our mind', respondedOn: '2026-09-09' },
    })
    assert.equal(r.statusCode, 409, r.body)
    assert.equal(r.json().type, problemTypes.invalidTransition)
    assert.match(r.json().detail, /closed/)
  })
})
