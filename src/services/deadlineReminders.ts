/**
 * The deadline sweep: finds what falls due on open cases and e-mails the people on each team who
 * act on it — subjects' responses to notices (lead investigator, investigators), keep-informed
 * updates (case workers, lead investigator), timeliness notices (lead investigator, decision
 * maker) and actions (only the person each is allocated to, from the day before it is due;
 * once per due date, so moving the date reminds again). Everything due up to today (plus a look-ahead) is considered, so a sweep after
 * downtime catches up; each reminder is claimed in reminders_sent in the same transaction that
 * enqueues its e-mail, so it is sent once however many sweeps run, one after another or at once.
 *
 * The e-mails name the case and the date, never a subject, an interested person or what was
 * said: the details are on the case, behind sign-in.
 */
import type { Kysely } from 'kysely'
import { addCalendarDays, compareDates, type PlainDate } from '../domain/calendar.js'
import type { CaseRole } from '../domain/policy.js'
import { ENGLAND_AND_WALES, timelinessPeriods, type RuleSet } from '../domain/ruleSet.js'
import * as reminders from '../data/repositories/reminders.js'
import * as actionsRepo from '../data/repositories/actions.js'
import { actionReference } from '../domain/actions.js'
import type { Database } from '../data/schema.js'
import type { KeepInformedService } from './keepInformed.js'
import { enqueueEmail } from './mail/outbox.js'

export type ReminderKind = 'notice-response-due' | 'keep-informed-due' | 'timeliness-notice-due' | 'action-due'

export interface DueItem {
  kind: ReminderKind
  /** What the reminder is about (notice id, interested person id, investigation id + period). */
  key: string
  investigationId: string
  reference: string
  dueOn: PlainDate
  /** Only this person is reminded (an action goes to whoever it is allocated to). */
  recipientUserId?: string
  /** How the e-mail names it, when not by its kind alone (an action: "Action A3"). */
  label?: string
}

export interface SweepSettings {
  /** How many days ahead each kind is reminded of (overdue items are always included). */
  noticeResponseWithinDays: number
  keepInformedWithinDays: number
  timelinessWithinDays: number
  actionWithinDays: number
  rules: RuleSet
}

export const DEFAULT_SWEEP: SweepSettings = {
  noticeResponseWithinDays: 2,
  keepInformedWithinDays: 7,
  timelinessWithinDays: 14,
  actionWithinDays: 1,
  rules: ENGLAND_AND_WALES,
}

const RECIPIENT_ROLES: Record<ReminderKind, readonly CaseRole[]> = {
  'notice-response-due': ['lead_investigator', 'investigator'],
  'keep-informed-due': ['case_worker', 'lead_investigator'],
  'timeliness-notice-due': ['lead_investigator', 'decision_maker'],
  'action-due': ['lead_investigator', 'investigator'],
}

const DESCRIPTIONS: Record<ReminderKind, string> = {
  'notice-response-due': 'A subject’s written response to their notice of investigation',
  'keep-informed-due': 'A keep-informed update to an interested person',
  'timeliness-notice-due': 'A timeliness notice to the local policing body',
  'action-due': 'An action allocated to you',
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' })
const longDate = (d: PlainDate) => LONG_DATE.format(new Date(`${d}T12:00:00Z`))

/**
 * Everything due on or before each kind's horizon (pure apart from the reads). Keep-informed
 * updates come from the keep-informed service's dueSoon(), the same clock as the dashboard.
 */
export async function findDue(
  db: Kysely<Database>,
  keepInformed: Pick<KeepInformedService, 'dueSoon'>,
  today: PlainDate,
  settings: SweepSettings = DEFAULT_SWEEP,
): Promise<DueItem[]> {
  const items: DueItem[] = []
  for (const n of await reminders.noticeResponsesDueBy(db, addCalendarDays(today, settings.noticeResponseWithinDays))) {
    items.push({
      kind: 'notice-response-due',
      key: n.noticeId,
      investigationId: n.investigationId,
      reference: n.reference,
      dueOn: n.dueOn,
    })
  }
  for (const c of await keepInformed.dueSoon(today, settings.keepInformedWithinDays)) {
    items.push({
      kind: 'keep-informed-due',
      key: c.interestedPersonId,
      investigationId: c.investigationId,
      reference: c.reference,
      dueOn: c.dueOn,
    })
  }
  const dealtWith = await reminders.timelinessPeriodsDealtWith(db)
  const timelinessHorizon = addCalendarDays(today, settings.timelinessWithinDays)
  for (const c of await reminders.openCasesWithAttentionDate(db)) {
    // Only the latest period: an earlier one not dealt with is long overdue and already reminded of.
    const latest = timelinessPeriods(c.cameToAttentionOn, timelinessHorizon, settings.rules).at(-1)
    if (latest && !dealtWith.has(`${c.investigationId}:${latest.number}`)) {
      items.push({
        kind: 'timeliness-notice-due',
        key: `${c.investigationId}:${latest.number}`,
        investigationId: c.investigationId,
        reference: c.reference,
        dueOn: latest.noticeDueOn,
      })
    }
  }
  // Actions still owed, to the person each is allocated to (the action's title stays on the case).
  for (const a of await actionsRepo.actionsDueBy(db, addCalendarDays(today, settings.actionWithinDays))) {
    if (!a.allocatedTo) continue
    items.push({
      kind: 'action-due',
      key: a.id,
      investigationId: a.investigationId,
      reference: a.reference,
      dueOn: a.dueOn,
      recipientUserId: a.allocatedTo,
      label: `Action ${actionReference(a.number)}, allocated to you,`,
    })
  }
  return items.sort(
    (a, b) => a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key) || a.dueOn.localeCompare(b.dueOn),
  )
}

export interface SweepResult {
  due: number
  reminded: number
  emails: number
}

export function deadlineReminderService(
  db: Kysely<Database>,
  keepInformed: Pick<KeepInformedService, 'dueSoon'>,
  options: { publicUrl: string; settings?: Partial<SweepSettings> },
) {
  const settings: SweepSettings = { ...DEFAULT_SWEEP, ...options.settings }
  const base = options.publicUrl.replace(/\/+$/, '')

  return {
    findDue: (today: PlainDate) => findDue(db, keepInformed, today, settings),

    /** One sweep: claims each due reminder not yet sent and enqueues one e-mail per team member per case. */
    async sweep(today: PlainDate): Promise<SweepResult> {
      const due = await findDue(db, keepInformed, today, settings)
      if (due.length === 0) return { due: 0, reminded: 0, emails: 0 }
      return db.transaction().execute(async (trx) => {
        // Claimed in a fixed order, so two sweeps at once wait for each other rather than deadlock.
        const fresh: DueItem[] = []
        for (const item of due)
          if (await reminders.claimReminder(trx, item.kind, item.key, item.dueOn)) fresh.push(item)
        const team = await reminders.teamRecipients(trx, [...new Set(fresh.map((i) => i.investigationId))])
        // recipient → case → lines
        const letters = new Map<
          string,
          { email: string; name: string; investigationId: string; reference: string; items: DueItem[] }
        >()
        for (const item of fresh) {
          const people = team.filter(
            (t) =>
              t.investigationId === item.investigationId &&
              RECIPIENT_ROLES[item.kind].includes(t.roleInCase) &&
              (item.recipientUserId === undefined || t.userId === item.recipientUserId),
          )
          for (const person of new Map(people.map((p) => [p.userId, p])).values()) {
            const key = `${person.userId}:${item.investigationId}`
            const letter = letters.get(key) ?? {
              email: person.email,
              name: person.displayName,
              investigationId: item.investigationId,
              reference: item.reference,
              items: [],
            }
            letter.items.push(item)
            letters.set(key, letter)
          }
        }
        for (const letter of letters.values()) {
          const lines = letter.items
            .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
            .map(
              (i) =>
                `- ${i.label ?? DESCRIPTIONS[i.kind]} ${compareDates(i.dueOn, today) < 0 ? 'was due' : 'is due'} on ${longDate(i.dueOn)}${compareDates(i.dueOn, today) < 0 ? ' (overdue)' : ''}.`,
            )
          await enqueueEmail(trx, {
            to: letter.email,
            investigationId: letter.investigationId,
            subject: `Candour: deadlines on investigation ${letter.reference}`,
            text: [
              `Dear ${letter.name},`,
              '',
              `On investigation ${letter.reference}:`,
              '',
              ...lines,
              '',
              `Open the investigation: ${base}/investigations/${letter.investigationId}`,
              '',
              'You are sent this because you are on the investigation’s team. Each deadline is reminded of once.',
            ].join('\n'),
          })
        }
        return { due: due.length, reminded: fresh.length, emails: letters.size }
      })
    },
  }
}

export type DeadlineReminderService = ReturnType<typeof deadlineReminderService>
