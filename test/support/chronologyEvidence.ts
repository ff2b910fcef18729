/** Fixtures for the chronology and evidence tests: subjects inserted directly (the subjects capability has its own tests). */
import { uuidv7 } from 'uuidv7'
import type { TestApp } from './app.js'
import { forceId } from './investigations.js'

let warrant = 0
export async function addSubject(t: TestApp, investigationId: string, name: { given: string; family: string } = { given: 'Sam', family: 'Officer' }) {
  const officerId = uuidv7()
  await t.database.db
    .insertInto('officers')
    .values({ id: officerId, force_id: await forceId(t.services), warrant_number: `W${Date.now()}${++warrant}`, kind: 'police_officer', given_name: name.given, family_name: name.family, rank: 'PC' })
    .execute()
  const id = uuidv7()
  await t.database.db.insertInto('subjects').values({ id, investigation_id: investigationId, officer_id: officerId, role_at_time: 'Response officer', rank_at_time: 'PC' }).execute()
  return id
}
