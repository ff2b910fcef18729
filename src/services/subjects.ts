/**
 * Subjects of an investigation: the officers and police staff under investigation (from the
 * register shared across cases), their allegations, severity assessments (kept as history),
 * notices of investigation (a PDF in the document store; served → response due in 10 working
 * days, by the domain calendar), responses and interviews.
 *
 * Every read of a subject's personal data is audited with the fields read; every change is
 * audited with before and after, in the same transaction. Subjects, allegations and notices are
 * versioned: a change names the version it was made from, and a stale one is a Conflict.
 */
import { subjectKit } from './subjects/kit.js'
import { subjectRecordUseCases } from './subjects/subjects.js'
import { allegationUseCases } from './subjects/allegations.js'
import { noticeUseCases } from './subjects/notices.js'
import { noticeProgressUseCases } from './subjects/noticeProgress.js'
import type { Kysely } from 'kysely'
import type { Database } from '../data/schema.js'
import type { DocumentStore } from './storage/documentStore.js'
export {
  AddSubjectInput,
  SubjectChange,
  AllegationInput,
  AllegationChange,
  SeverityInput,
  NoticeChange,
  InterviewInput,
} from './subjects/schemas.js'
export type {
  AddSubjectInputType,
  SubjectChangeType,
  AllegationInputType,
  AllegationChangeType,
  SeverityInputType,
  NoticeChangeType,
  InterviewInputType,
  SubjectRow,
  SubjectSummary,
} from './subjects/schemas.js'

export function subjectService(db: Kysely<Database>, documentStore: DocumentStore) {
  const kit = subjectKit(db, documentStore)
  return {
    ...subjectRecordUseCases(kit),
    ...allegationUseCases(kit),
    ...noticeUseCases(kit),
    ...noticeProgressUseCases(kit),
  }
}

export type SubjectService = ReturnType<typeof subjectService>
