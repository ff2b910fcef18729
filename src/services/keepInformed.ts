/**
 * The keep-informed clock across cases: the dashboard of who is due an update soon or overdue
 * (only the cases the person is on the team of), and dueSoon() for the scheduled sweep, which
 * reminds each case's team (every case; system context; no personal data returned).
 */
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { addCalendarDays, isPlainDate, londonDateOf } from '../domain/calendar.js'
import {
  daysOverdue,
  keepInformedClockRule,
  keepInformedState,
  type KeepInformedState,
} from '../domain/keepInformed.js'
import { authorise } from '../domain/policy.js'
import { ENGLAND_AND_WALES, type RuleSet } from '../domain/ruleSet.js'
import * as repo from '../data/repositories/interestedPersons.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Forbidden, ValidationFailed } from './errors.js'

export const DEFAULT_DUE_SOON_DAYS = 7

export interface DashboardOptions {
  /** Today's London date (default: now). */
  today?: string
  /** How far ahead counts as "due soon" (default 7 days). */
  withinDays?: number
  /** most_overdue: the longest overdue first (default); least_overdue: the reverse. */
  sort?: 'most_overdue' | 'least_overdue'
  cursor?: string
  limit?: number
}

export interface DashboardItem {
  interestedPersonId: string
  investigationId: string
  reference: string
  title: string
  fullName: string
  kind: string
  lastUpdateOn: string | null
  dueOn: string
  daysOverdue: number
  state: KeepInformedState
}

export interface DueSoonItem {
  investigationId: string
  /** The case's reference (2026/000123), for the reminder to name the case. */
  reference: string
  interestedPersonId: string
  dueOn: string
  daysOverdue: number
  /** Everyone on the case's team, to remind. */
  teamUserIds: string[]
}

const Cursor = z.tuple([z.string().refine(isPlainDate), z.string().refine(isUuid)])

function encodeCursor(dueOn: string, id: string): string {
  return Buffer.from(JSON.stringify([dueOn, id])).toString('base64url')
}

function decodeCursor(cursor: string | undefined): { dueOn: string; id: string } | undefined {
  if (!cursor) return undefined
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    decoded = undefined
  }
  const parsed = Cursor.safeParse(decoded)
  if (!parsed.success)
    throw new ValidationFailed([
      { path: 'query.cursor', message: 'The cursor is not valid: use nextCursor from the previous page' },
    ])
  return { dueOn: parsed.data[0], id: parsed.data[1] }
}

export function keepInformedService(db: Kysely<Database>, rules: RuleSet = ENGLAND_AND_WALES) {
  const clock = keepInformedClockRule(rules)

  return {
    /**
     * Interested persons due an update within `withinDays` of today, or overdue, in the cases the
     * actor is on the team of; sorted by days overdue, keyset-paged.
     */
    async dashboard(ctx: RequestContext, options: DashboardOptions = {}) {
      const actor = requireActor(ctx)
      const decision = authorise(actor, 'keep-informed:dashboard')
      if (!decision.allowed) throw new Forbidden(decision.reason)
      const today = options.today ?? londonDateOf(new Date())
      const withinDays = options.withinDays ?? DEFAULT_DUE_SOON_DAYS
      const limit = Math.min(Math.max(options.limit ?? 25, 1), 100)
      const after = decodeCursor(options.cursor)
      const order = options.sort === 'least_overdue' ? 'desc' : 'asc'
      const rows = await repo.keepInformedDue(db, {
        clock,
        dueOnOrBefore: addCalendarDays(today, withinDays),
        memberUserId: actor.userId,
        order,
        limit: limit + 1,
        ...(after ? { after } : {}),
      })
      const shown = rows.slice(0, limit)
      const last = shown[shown.length - 1]
      if (shown.length) {
        await auditTrail.record(db, ctx, {
          action: 'keep-informed.dashboard-read',
          entityType: 'interested_person',
          detail: {
            fields: ['interested_persons.full_name'],
            interestedPersons: shown.map((r) => r.interested_person_id),
          },
        })
      }
      const items: DashboardItem[] = shown.map((r) => ({
        interestedPersonId: r.interested_person_id,
        investigationId: r.investigation_id,
        reference: r.reference,
        title: r.title,
        fullName: r.full_name,
        kind: r.kind,
        lastUpdateOn: r.last_update_on,
        dueOn: r.due_on,
        daysOverdue: daysOverdue(r.due_on, today),
        state: keepInformedState(r.due_on, today, withinDays),
      }))
      return {
        items,
        today,
        withinDays,
        nextCursor: rows.length > limit && last ? encodeCursor(last.due_on, last.interested_person_id) : null,
      }
    },

    /**
     * For the scheduled sweep: every consenting interested person, in every open case, whose
     * next update is due within `withinDays` of `today` or overdue, earliest first, with the
     * case team to remind. Identifiers and dates only: no personal data leaves here.
     */
    async dueSoon(today: string, withinDays: number = DEFAULT_DUE_SOON_DAYS): Promise<DueSoonItem[]> {
      if (!isPlainDate(today)) throw new RangeError(`today must be a plain date, not ${today}`)
      const out: DueSoonItem[] = []
      let after: { dueOn: string; id: string } | undefined
      for (;;) {
        const rows = await repo.keepInformedDue(db, {
          clock,
          dueOnOrBefore: addCalendarDays(today, withinDays),
          order: 'asc',
          limit: 1000,
          ...(after ? { after } : {}),
        })
        const teams = await repo.teamsOf(
          db,
          rows.map((r) => r.investigation_id),
        )
        for (const r of rows) {
          out.push({
            investigationId: r.investigation_id,
            reference: r.reference,
            interestedPersonId: r.interested_person_id,
            dueOn: r.due_on,
            daysOverdue: daysOverdue(r.due_on, today),
            teamUserIds: teams.get(r.investigation_id) ?? [],
          })
        }
        const last = rows[rows.length - 1]
        if (rows.length < 1000 || !last) return out
        after = { dueOn: last.due_on, id: last.interested_person_id }
      }
    },
  }
}

export type KeepInformedService = ReturnType<typeof keepInformedService>
