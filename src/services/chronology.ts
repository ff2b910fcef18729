/**
 * The chronology: every dated event of the case and of the underlying facts, linked to the
 * case's subjects and documents, with missed opportunities (points where the force could have
 * acted differently) flagged and explained, so they are visible early. Read oldest first in
 * keyset pages; exported to CSV a page at a time, so a case of a million events streams in
 * flat memory. Every change is versioned and audited.
 */
import { chronologyKit } from './chronology/kit.js'
import { eventUseCases } from './chronology/events.js'
import { timelineUseCases } from './chronology/timeline.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
export {
  CHRONOLOGY_KINDS,
  CHRONOLOGY_KIND_LABELS,
  ChronologyEventInput,
  ChronologyEventChange,
  TimelinePosition,
} from './chronology/schemas.js'
export type {
  ChronologyKind,
  ChronologyEventInputType,
  ChronologyEventChangeType,
  TimelineQuery,
  ChronologyEvent,
} from './chronology/schemas.js'

export function chronologyService(db: Kysely<Database>) {
  const kit = chronologyKit(db)
  return {
    ...eventUseCases(kit),
    ...timelineUseCases(kit),
  }
}

export type ChronologyService = ReturnType<typeof chronologyService>
