/**
 * What the chronology sub-journeys share: case access, checking an event's links, and reading a page
 * of the timeline.
 */
import { officerName } from '../../domain/vocabulary.js'
import type { Kysely } from 'kysely'
import * as chronology from '../../data/repositories/chronology.js'
import type { Database } from '../../data/schema.js'
import type { Executor } from '../../data/database.js'
import { caseAccess, isUuid } from '../caseAccess.js'
import { NotFound, ValidationFailed } from '../errors.js'
import { hhmm, type TimelineQuery, type EventRow, type ChronologyEvent } from './schemas.js'

export function chronologyKit(db: Kysely<Database>) {
  const access = caseAccess(db)

  async function checkLinks(trx: Executor, investigationId: string, subjectIds: string[], documentIds: string[]) {
    const problems = []
    const subjects = await chronology.subjectsOfCase(trx, investigationId, subjectIds)
    if (subjects.length !== subjectIds.length)
      problems.push({ path: 'subjectIds', message: 'Choose subjects of this investigation' })
    const documents = await chronology.documentsOfCase(trx, investigationId, documentIds)
    if (documents.length !== documentIds.length)
      problems.push({ path: 'documentIds', message: 'Choose documents of this investigation' })
    if (problems.length) throw new ValidationFailed(problems)
  }

  /** Adds the names of linked subjects and the references of linked documents. */
  async function present(executor: Executor, investigationId: string, rows: EventRow[]): Promise<ChronologyEvent[]> {
    const subjectIds = [...new Set(rows.flatMap((r) => r.subject_ids))]
    const documentIds = [...new Set(rows.flatMap((r) => r.document_ids))]
    const [subjects, documents] = await Promise.all([
      chronology.subjectsOfCase(executor, investigationId, subjectIds),
      chronology.documentsOfCase(executor, investigationId, documentIds),
    ])
    const subjectById = new Map(
      subjects.map((s) => [
        s.id,
        { id: s.id, name: officerName({ rank: s.rank_at_time, givenName: s.given_name, familyName: s.family_name }) },
      ]),
    )
    const documentById = new Map(
      documents.map((d) => [
        d.id,
        { id: d.id, exhibitReference: d.exhibit_reference, title: d.title, withdrawn: d.withdrawn_at !== null },
      ]),
    )
    return rows.map((r) => ({
      id: r.id,
      investigationId: r.investigation_id,
      occurredOn: r.occurred_on,
      occurredTime: hhmm(r.occurred_time),
      kind: r.kind,
      title: r.title,
      description: r.description,
      missedOpportunity: r.missed_opportunity,
      missedOpportunityReason: r.missed_opportunity_reason,
      subjects: r.subject_ids.flatMap((id) => subjectById.get(id) ?? []),
      documents: r.document_ids.flatMap((id) => documentById.get(id) ?? []),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      version: r.version,
    }))
  }

  async function loadEvent(executor: Executor, eventId: string, forUpdate = false) {
    if (!isUuid(eventId)) throw new NotFound('The chronology event')
    const row = forUpdate
      ? await chronology.findByIdForUpdate(executor, eventId)
      : await chronology.findById(executor, eventId)
    if (!row) throw new NotFound('The chronology event')
    return row
  }

  async function page(
    executor: Executor,
    investigationId: string,
    filter: TimelineQuery,
    after: chronology.TimelinePosition | undefined,
    limit: number,
  ) {
    const rows = await chronology.timeline(executor, {
      investigationId,
      ...filter,
      ...(after ? { after } : {}),
      limit: limit + 1,
    })
    const shown = rows.slice(0, limit)
    const last = shown[shown.length - 1]
    const next: chronology.TimelinePosition | null =
      rows.length > limit && last
        ? { occurredOn: last.occurred_on, occurredTime: last.occurred_time_key, id: last.id }
        : null
    return { rows: shown, next }
  }

  return { db, access, checkLinks, present, loadEvent, page }
}

export type ChronologyKit = ReturnType<typeof chronologyKit>
