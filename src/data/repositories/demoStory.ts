/**
 * The demo's story in time (issue 16, ADR 0029). The demo is seeded through the services "as a
 * person would", today, while the dates people give (served on, sent on) tell a story in the
 * past; the moments the database stamps itself (a notice generated, a report reviewed) would then
 * fall after the events they come before. Only the demo seed calls this, once, on the cases it has
 * just made: it moves those stamps into the story. The audit trail keeps when things were really
 * recorded (it is sealed and never rewritten).
 */
import { sql } from 'kysely'
import type { Executor } from '../database.js'

/** A notice stamped after the day it was served is dated two days before its service. */
export async function dateNoticesBeforeService(db: Executor): Promise<number> {
  const result = await sql`
    update notices set generated_at = (served_on - 2)::timestamp + interval '10 hours'
    where served_on is not null and generated_at >= (served_on + 1)::timestamp`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}

/**
 * The reviews of a report sent to the appropriate authority before its reviews' stamps are dated
 * up to the day it was sent, in their order: the last (the approval) on that morning, each earlier
 * one two days before the next.
 */
export async function dateReviewsBeforeSending(db: Executor): Promise<number> {
  const result = await sql`
    with late as (
      select r.id, s.sent_on,
             row_number() over (partition by r.report_id order by r.reviewed_at desc, r.id desc) - 1 as later
      from report_reviews r
      join report_sendings s on s.investigation_id = r.investigation_id
      where exists (
        select 1 from report_reviews a
        where a.report_id = r.report_id and a.reviewed_at >= (s.sent_on + 1)::timestamp
      )
    )
    update report_reviews set reviewed_at = late.sent_on::timestamp + interval '9 hours' - late.later * interval '2 days'
    from late where report_reviews.id = late.id`.execute(db)
  return Number(result.numAffectedRows ?? 0)
}
