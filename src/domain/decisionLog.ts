/**
 * The decision log (the investigator's policy file): each key decision with the options
 * considered, the rationale and what it was based on, signed by its author. A signed entry is
 * final; it can only be superseded by a later signed entry that names it and says why. Where
 * the rule set asks, the lead investigator reviews entries written by others.
 */
export const DECISION_KINDS = [
  'scope',
  'line_of_enquiry',
  'not_to_interview',
  'not_to_seize',
  'disclosure',
  'severity',
  'other',
] as const
export type DecisionKind = (typeof DECISION_KINDS)[number]

export const DECISION_KIND_LABELS: Record<DecisionKind, string> = {
  scope: 'Scope of the investigation',
  line_of_enquiry: 'Opening or closing a line of enquiry',
  not_to_interview: 'Not to interview',
  not_to_seize: 'Not to seize or obtain material',
  disclosure: 'To disclose or withhold (harm test)',
  severity: 'Severity change',
  other: 'Other key decision',
}

/** Which kinds of entry the lead reviews when someone else wrote them, by rule set. */
export const REVIEWED_KINDS: Record<string, readonly DecisionKind[]> = {
  'england-and-wales': ['scope', 'not_to_interview', 'not_to_seize', 'disclosure', 'severity'],
}

export function needsReview(kind: DecisionKind, authorIsLead: boolean, ruleSetId = 'england-and-wales'): boolean {
  return !authorIsLead && (REVIEWED_KINDS[ruleSetId] ?? []).includes(kind)
}

export const decisionReference = (n: number) => `D${n}`

export type EntryState = 'draft' | 'signed' | 'superseded'

/** What may be done with an entry, given whether it is signed and whether a later entry supersedes it. */
export function entryRules(e: { signed: boolean; supersededBy: string | null }, actorIsAuthor: boolean) {
  return {
    state: (e.supersededBy ? 'superseded' : e.signed ? 'signed' : 'draft') as EntryState,
    canSign: !e.signed && actorIsAuthor,
    canSupersede: e.signed && e.supersededBy === null,
  }
}
