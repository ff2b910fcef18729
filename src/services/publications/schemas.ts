/**
 * The publication journey's input schemas (what a page or the API may send), its themes, and
 * describing a publication hold.
 */
import { longDate } from '../../domain/calendar.js'
import { z } from 'zod'
import { ALL_SECTIONS, EVERY_OCCURRENCE, REDACTION_REASONS, REDACTION_REASON_LABELS } from '../../domain/redaction.js'
import type { Executor } from '../../data/database.js'
import type * as holdsRepo from '../../data/repositories/publicationHolds.js'
import type * as repo from '../../data/repositories/publications.js'

export const PUBLICATION_THEMES = [
  'deaths_following_contact',
  'domestic_abuse',
  'missed_opportunities',
  'use_of_force',
  'custody',
  'road_traffic',
  'mental_health',
  'discrimination',
  'corruption',
] as const
export const PUBLICATION_THEME_LABELS: Record<(typeof PUBLICATION_THEMES)[number], string> = {
  deaths_following_contact: 'Deaths following police contact',
  domestic_abuse: 'Domestic abuse',
  missed_opportunities: 'Missed opportunities',
  use_of_force: 'Use of force',
  custody: 'Custody',
  road_traffic: 'Road traffic',
  mental_health: 'Mental health',
  discrimination: 'Discrimination',
  corruption: 'Corruption',
}

export const RedactionInput = z.object({
  section: z.string().trim().min(1, 'Choose the section').max(100),
  text: z.string().min(1, 'Enter the exact text to redact').max(5000, 'The text must be 5,000 characters or fewer'),
  occurrence: z
    .number({ message: 'Choose which occurrence' })
    .int()
    .min(EVERY_OCCURRENCE, 'Choose which occurrence')
    .default(EVERY_OCCURRENCE),
  reason: z.enum(REDACTION_REASONS, { message: 'Choose the reason for the redaction' }),
  note: z.string().trim().max(900, 'The explanation must be 900 characters or fewer').optional(),
})
export type RedactionInputType = z.input<typeof RedactionInput>

export const instant = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))])

export const ReleaseInput = z.object({
  summary: z
    .string()
    .trim()
    .min(1, 'Enter a summary for the public site')
    .max(5000, 'The summary must be 5,000 characters or fewer'),
  themes: z
    .array(z.enum(PUBLICATION_THEMES, { message: 'Choose themes from the list' }))
    .max(PUBLICATION_THEMES.length)
    .default([]),
  /** When it goes to the public site: now (the current instant or earlier), a future instant, or null to decide later. */
  publicFrom: instant.nullable().default(null),
})
export type ReleaseInputType = z.input<typeof ReleaseInput>

export const ScheduleInput = z.object({ publicFrom: instant })
export const WithdrawInput = z.object({
  reason: z.string().trim().min(1, 'Enter why the publication is withdrawn').max(2000),
})

export type PublicationRow = repo.PublicationRow

export const PUBLIC_PAGE_SIZE = 20

/** A hold in force, described for a person: what holds publication and what lifts it. */
export function describeHold(h: Awaited<ReturnType<typeof holdsRepo.holdsOfInvestigation>>[number]): string {
  const lifts = h.proceeding_id
    ? `lifted when ${h.proceeding_title ? `“${h.proceeding_title}”` : 'the linked proceeding'} concludes, or by a recorded decision`
    : 'lifted only by a recorded decision of the lead investigator or the decision maker'
  return `Publication hold “${h.reason}” (placed ${longDate(h.placed_on)}; ${lifts})`
}

export interface PublicationServiceOptions {
  publicUrl: string
  /** The publication-holds capability (services.publicationHolds); by default its repository is read directly. */
  holds?: { active(investigationId: string, executor?: Executor): Promise<unknown[]> }
}

export { ALL_SECTIONS, EVERY_OCCURRENCE, REDACTION_REASONS, REDACTION_REASON_LABELS }
