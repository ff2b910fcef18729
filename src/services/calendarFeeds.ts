/**
 * Each member of staff's own iCalendar feed of deadlines on their open cases: subjects'
 * responses to notices (for those who may read the case file) and keep-informed updates (for
 * everyone on the team). The feed URL carries a random token (only its SHA-256 is stored) so a
 * calendar program can fetch it without signing in; revoking the feed kills the URL. Events
 * name the case reference and the kind of deadline, never a person.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { buildCalendar, type CalendarEvent } from '../domain/icalendar.js'
import { authorise } from '../domain/policy.js'
import { isRole } from '../domain/roles.js'
import { ENGLAND_AND_WALES, nextKeepInformedDue, type RuleSet } from '../domain/ruleSet.js'
import * as calendarFeeds from '../data/repositories/calendarFeeds.js'
import * as reminders from '../data/repositories/reminders.js'
import type { Database } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import { isUuid, requireActor } from './caseAccess.js'
import type { RequestContext } from './context.js'
import { Forbidden, NotFound } from './errors.js'
import { randomToken, sha256Hex } from './security/tokens.js'

export interface CalendarFeedSummary {
  id: string
  createdAt: Date
  revokedAt: Date | null
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function calendarFeedService(db: Kysely<Database>, options: { publicUrl: string; rules?: RuleSet }) {
  const base = options.publicUrl.replace(/\/+$/, '')
  const rules = options.rules ?? ENGLAND_AND_WALES

  function mayHave(ctx: RequestContext) {
    const actor = requireActor(ctx)
    const decision = authorise(actor, 'calendar:subscribe-own')
    if (!decision.allowed) throw new Forbidden(decision.reason)
    return actor
  }

  const summarise = (r: calendarFeeds.CalendarFeedRow): CalendarFeedSummary => ({
    id: r.id,
    createdAt: new Date(r.created_at),
    revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
  })

  return {
    urlFor: (token: string) => `${base}/calendar/${token}.ics`,

    async list(ctx: RequestContext): Promise<CalendarFeedSummary[]> {
      const actor = mayHave(ctx)
      return (await calendarFeeds.listForUser(db, actor.userId)).map(summarise)
    },

    /** A new feed; its URL is returned once and never stored. */
    async create(ctx: RequestContext): Promise<{ feed: CalendarFeedSummary; url: string }> {
      const actor = mayHave(ctx)
      const token = randomToken()
      return db.transaction().execute(async (trx) => {
        const row = await calendarFeeds.insert(trx, {
          id: uuidv7(),
          user_id: actor.userId,
          token_hash: sha256Hex(token),
        })
        await auditTrail.record(trx, ctx, {
          action: 'calendar-feed.created',
          entityType: 'calendar_feed',
          entityId: row.id,
        })
        return { feed: summarise(row), url: `${base}/calendar/${token}.ics` }
      })
    },

    async revoke(id: string, ctx: RequestContext): Promise<void> {
      const actor = mayHave(ctx)
      if (!isUuid(id)) throw new NotFound('The calendar feed')
      await db.transaction().execute(async (trx) => {
        const row = await calendarFeeds.revoke(trx, actor.userId, id, new Date())
        if (!row) {
          if (!(await calendarFeeds.listForUser(trx, actor.userId)).some((f) => f.id === id))
            throw new NotFound('The calendar feed')
          return
        }
        await auditTrail.record(trx, ctx, {
          action: 'calendar-feed.revoked',
          entityType: 'calendar_feed',
          entityId: id,
        })
      })
    },

    /** The feed's iCalendar text, or null for an unknown or revoked token (or a disabled account). */
    async render(token: string, now = new Date()): Promise<string | null> {
      if (!TOKEN_PATTERN.test(token)) return null
      const feed = await calendarFeeds.findLiveByHash(db, sha256Hex(token))
      if (!feed || feed.status !== 'active') return null
      const roles = feed.roles.filter(isRole)
      if (!authorise({ userId: feed.user_id, roles, organisationId: '' }, 'calendar:subscribe-own').allowed) return null
      const cases = await calendarFeeds.casesOf(db, feed.user_id)
      const reference = new Map(cases.map((c) => [c.investigationId, c.reference]))
      const caseFileReaders = cases
        .filter((c) => c.roles.some((r) => r !== 'case_worker'))
        .map((c) => c.investigationId)
      const events: CalendarEvent[] = []
      for (const n of await calendarFeeds.openNoticeResponses(db, caseFileReaders)) {
        events.push({
          uid: `notice-response-${n.id}@candour`,
          date: n.dueOn,
          summary: `Subject’s response due – ${reference.get(n.investigationId) ?? ''}`,
          description: 'The written response to a notice of investigation is due.',
          url: `${base}/investigations/${n.investigationId}/subjects`,
        })
      }
      // Keep-informed: one event per case and day, however many people are due that day.
      const byCaseDay = new Map<string, { investigationId: string; date: string; count: number }>()
      for (const c of await reminders.keepInformedContacts(
        db,
        cases.map((c) => c.investigationId),
      )) {
        const date = nextKeepInformedDue(c.lastUpdateOn ?? c.becameInterestedOn, rules)
        const key = `${c.investigationId}:${date}`
        const entry = byCaseDay.get(key) ?? { investigationId: c.investigationId, date, count: 0 }
        entry.count += 1
        byCaseDay.set(key, entry)
      }
      for (const e of byCaseDay.values()) {
        events.push({
          uid: `keep-informed-${e.investigationId}-${e.date}@candour`,
          date: e.date,
          summary: `Keep-informed update${e.count > 1 ? `s (${e.count})` : ''} due – ${reference.get(e.investigationId) ?? ''}`,
          description: `${e.count} interested ${e.count > 1 ? 'people are' : 'person is'} due an update by this date.`,
          url: `${base}/investigations/${e.investigationId}`,
        })
      }
      events.sort((a, b) => a.date.localeCompare(b.date) || a.uid.localeCompare(b.uid))
      return buildCalendar({ name: 'Candour deadlines', events, now })
    },
  }
}

export type CalendarFeedService = ReturnType<typeof calendarFeedService>
