/**
 * Disclosure schedules under the Criminal Procedure and Investigations Act 1996 and its code of
 * practice: the material gathered, listed as used (served as evidence) or unused; unused material
 * as non-sensitive (the schedule the defence sees) or sensitive (seen by the prosecutor only),
 * each described so that the description itself does not reveal what is sensitive. Pure: the
 * parts of a schedule and the rule that sorts an item into one.
 */
export const DISCLOSURE_CATEGORIES = ['used', 'unused'] as const
export type DisclosureCategory = (typeof DISCLOSURE_CATEGORIES)[number]

export const SCHEDULE_PARTS = ['used', 'unused_non_sensitive', 'unused_sensitive'] as const
export type SchedulePart = (typeof SCHEDULE_PARTS)[number]

export const SCHEDULE_PART_LABELS: Record<SchedulePart, string> = {
  used: 'Used material',
  unused_non_sensitive: 'Unused material: non-sensitive',
  unused_sensitive: 'Unused material: sensitive (for the prosecutor only; not to be disclosed to the defence)',
}

export function partOf(item: { category: DisclosureCategory; sensitive: boolean }): SchedulePart {
  if (item.category === 'used') return 'used'
  return item.sensitive ? 'unused_sensitive' : 'unused_non_sensitive'
}

export const disclosureScheduleReference = (n: number) => `DS${n}`

/** An item as a version freezes it: what it was when the schedule was issued. */
export interface DisclosureSnapshotItem {
  number: number
  category: DisclosureCategory
  sensitive: boolean
  description: string
  sensitivityReason: string | null
  exhibitReference: string | null
  documentSha256: string | null
  location: string | null
}

/** Whether the schedule may be issued now: it has items, and some not yet in an issued version. */
export function issueRule(s: {
  itemCount: number
  lastIssuedItemCount: number
}): { ok: true } | { ok: false; reason: string } {
  if (s.itemCount === 0) return { ok: false, reason: 'Add material to the schedule before issuing it.' }
  if (s.itemCount === s.lastIssuedItemCount)
    return { ok: false, reason: 'Nothing has been added since the last version was issued.' }
  return { ok: true }
}
