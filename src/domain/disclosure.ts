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

/** What an item says on a schedule: the fields a version freezes, compared one by one. */
const SNAPSHOT_FIELDS = [
  'category',
  'sensitive',
  'description',
  'sensitivityReason',
  'exhibitReference',
  'documentSha256',
  'location',
] as const satisfies readonly (keyof DisclosureSnapshotItem)[]

export interface ChangesSinceIssue {
  /** Numbers listed now that the last version did not hold. */
  added: number[]
  /** Numbers in both whose entry reads differently now. */
  changed: number[]
  /** Numbers the last version held that are no longer listed. */
  removed: number[]
}

/**
 * How the working list differs from the last version issued (none issued: everything is added).
 * Items are matched by number, which is never reused, so "item 4" is the same material throughout.
 */
export function changesSinceIssue(
  items: readonly DisclosureSnapshotItem[],
  lastIssued: readonly DisclosureSnapshotItem[] | null,
): ChangesSinceIssue {
  const before = new Map((lastIssued ?? []).map((i) => [i.number, i]))
  const now = new Set(items.map((i) => i.number))
  const same = (a: DisclosureSnapshotItem, b: DisclosureSnapshotItem) =>
    SNAPSHOT_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null))
  return {
    added: items.filter((i) => !before.has(i.number)).map((i) => i.number),
    changed: items.filter((i) => before.has(i.number) && !same(i, before.get(i.number)!)).map((i) => i.number),
    removed: [...before.keys()].filter((n) => !now.has(n)).sort((a, b) => a - b),
  }
}

/**
 * Whether the schedule may be issued now: it lists material, and the list differs from the last
 * version issued (an item added, changed or removed), so every version says something new.
 */
export function issueRule(s: {
  items: readonly DisclosureSnapshotItem[]
  lastIssued: readonly DisclosureSnapshotItem[] | null
}): { ok: true } | { ok: false; reason: string } {
  if (s.items.length === 0) return { ok: false, reason: 'Add material to the schedule before issuing it.' }
  const c = changesSinceIssue(s.items, s.lastIssued)
  if (s.lastIssued && !c.added.length && !c.changed.length && !c.removed.length)
    return { ok: false, reason: 'Nothing has been added, changed or removed since the last version was issued.' }
  return { ok: true }
}
