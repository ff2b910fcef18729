/**
 * The facts the case's task lists are derived from (domain/taskLists.ts) that no other repository
 * reads in one go: each subject's status, current severity and interviews held, and how many of
 * the subjects the appropriate authority must answer it has answered.
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'

/** Each subject with its lifecycle status, current severity (as subjectStatuses) and interviews held. */
export async function subjectProgress(db: Executor, investigationId: string) {
  return db
    .selectFrom('subjects')
    .select(['subjects.id', 'subjects.status'])
    .select((eb) =>
      eb
        .selectFrom('severity_assessments as a')
        .select('a.severity')
        .whereRef('a.subject_id', '=', 'subjects.id')
        .orderBy('a.assessed_on', 'desc')
        .orderBy('a.recorded_at', 'desc')
        .orderBy('a.id', 'desc')
        .limit(1)
        .as('severity'),
    )
    .select((eb) =>
      eb
        .selectFrom('interviews as i')
        .select(sql<number>`count(*)::integer`.as('n'))
        .whereRef('i.subject_id', '=', 'subjects.id')
        .as('interviews'),
    )
    .where('subjects.investigation_id', '=', investigationId)
    .orderBy('subjects.id')
    .execute()
}

/**
 * The subjects serving with the investigated force (those the appropriate authority answers for,
 * as outcomes.authorityHasResponded counts them), and how many of them it has answered.
 */
export async function authorityResponseCounts(
  db: Executor,
  investigationId: string,
  forceId: string,
): Promise<{ answered: number; due: number }> {
  const row = await db
    .selectFrom('subjects as su')
    .innerJoin('officers as o', 'o.id', 'su.officer_id')
    .leftJoin('authority_responses as r', 'r.subject_id', 'su.id')
    .where('su.investigation_id', '=', investigationId)
    .where('o.force_id', '=', forceId)
    .select([sql<number>`count(*)::integer`.as('due'), sql<number>`count(r.id)::integer`.as('answered')])
    .executeTakeFirst()
  return { answered: Number(row?.answered ?? 0), due: Number(row?.due ?? 0) }
}
