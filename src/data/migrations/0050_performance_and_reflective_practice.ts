import type { Kysely } from 'kysely'
import { runStatements } from './runStatements.js'

/**
 * The appropriate authority may answer a determination of unsatisfactory performance or reflective
 * practice with the unsatisfactory performance procedure or the reflective practice review process,
 * not only a misconduct meeting, a hearing or nothing (issue 16).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, [
    `alter table authority_responses drop constraint authority_responses_proposed_proceedings_check`,
    `alter table authority_responses add constraint authority_responses_proposed_proceedings_check check (
      proposed_proceedings in ('meeting', 'hearing', 'unsatisfactory_performance_procedure', 'reflective_practice_review', 'none')
    )`,
  ])
}
