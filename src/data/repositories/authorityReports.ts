/**
 * The reports sent to one force, for its professional standards department's systems: keyset
 * pages, newest sending first (the index report_sendings_force_idx, migration 0035).
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'

export interface AuthorityReportListRow {
  investigation_id: string
  reference: string
  title: string
  status: string
  sent_on: string
  response_due_on: string
  sent_at: Date
  subjects: number
  responses: number
}

export async function sentToForcePage(
  db: Executor,
  forceId: string,
  options: { after?: { sentOn: string; investigationId: string }; limit: number },
): Promise<AuthorityReportListRow[]> {
  let q = db
    .selectFrom('report_sendings as s')
    .innerJoin('investigations as i', 'i.id', 's.investigation_id')
    .select(['s.investigation_id', 'i.reference', 'i.title', 'i.status', 's.sent_on', 's.response_due_on', 's.sent_at'])
    .select((eb) => [
      eb
        .selectFrom('subjects as su')
        .innerJoin('officers as o', 'o.id', 'su.officer_id')
        .whereRef('su.investigation_id', '=', 's.investigation_id')
        .where('o.force_id', '=', forceId)
        .select(sql<number>`count(*)::integer`.as('n'))
        .as('subjects'),
      eb
        .selectFrom('authority_responses as r')
        .innerJoin('subjects as su', 'su.id', 'r.subject_id')
        .innerJoin('officers as o', 'o.id', 'su.officer_id')
        .whereRef('r.investigation_id', '=', 's.investigation_id')
        .where('o.force_id', '=', forceId)
        .select(sql<number>`count(*)::integer`.as('n'))
        .as('responses'),
    ])
    .where('s.force_id', '=', forceId)
    .where('i.force_id', '=', forceId)
  if (options.after) {
    const a = options.after
    q = q.where((eb) =>
      eb.or([
        eb('s.sent_on', '<', a.sentOn),
        eb.and([eb('s.sent_on', '=', a.sentOn), eb('s.investigation_id', '<', a.investigationId)]),
      ]),
    )
  }
  const rows = await q.orderBy('s.sent_on', 'desc').orderBy('s.investigation_id', 'desc').limit(options.limit).execute()
  return rows.map((r) => ({ ...r, subjects: Number(r.subjects ?? 0), responses: Number(r.responses ?? 0) }))
}
