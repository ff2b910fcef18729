/**
 * Witnesses and their statements. A witness is a person who can give evidence: a civilian, a
 * police officer or member of staff who is not under investigation, or an expert. Special
 * measures are those of the Youth Justice and Criminal Evidence Act 1999 (ss. 23–30) that a
 * vulnerable or intimidated witness may need in proceedings; needs are everything else (an
 * interpreter, step-free access, a supporter present). Pure: vocabularies and the rule about
 * whom a statement is from.
 */
export const WITNESS_KINDS = ['civilian', 'police', 'expert'] as const
export type WitnessKind = (typeof WITNESS_KINDS)[number]

export const WITNESS_KIND_LABELS: Record<WitnessKind, string> = {
  civilian: 'Civilian witness',
  police: 'Police witness (not under investigation)',
  expert: 'Expert witness',
}

export const SPECIAL_MEASURES = [
  'screens',
  'live_link',
  'evidence_in_private',
  'removal_of_wigs_and_gowns',
  'video_recorded_evidence',
  'intermediary',
  'communication_aids',
] as const
export type SpecialMeasure = (typeof SPECIAL_MEASURES)[number]

export const SPECIAL_MEASURE_LABELS: Record<SpecialMeasure, string> = {
  screens: 'Screens (s.23)',
  live_link: 'Live link (s.24)',
  evidence_in_private: 'Evidence given in private (s.25)',
  removal_of_wigs_and_gowns: 'Removal of wigs and gowns (s.26)',
  video_recorded_evidence: 'Video-recorded evidence in chief (s.27)',
  intermediary: 'Examination through an intermediary (s.29)',
  communication_aids: 'Aids to communication (s.30)',
}

export const witnessReference = (n: number) => `W${n}`
export const statementReference = (n: number) => `S${n}`

/** Whom a statement is from: exactly one witness, or exactly one officer under investigation. */
export type StatementGiver = { witnessId: string; subjectId?: undefined } | { subjectId: string; witnessId?: undefined }

export function statementGiver(input: {
  witnessId?: string | undefined
  subjectId?: string | undefined
}): { ok: true; giver: StatementGiver } | { ok: false; message: string } {
  if (input.witnessId && input.subjectId)
    return { ok: false, message: 'Choose either a witness or an officer, not both' }
  if (input.witnessId) return { ok: true, giver: { witnessId: input.witnessId } }
  if (input.subjectId) return { ok: true, giver: { subjectId: input.subjectId } }
  return { ok: false, message: 'Choose the witness or officer the statement was taken from' }
}
