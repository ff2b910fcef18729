/**
 * One pass of the scheduled work: the deadline sweep (which enqueues reminder e-mails), e-mail
 * delivery (so they leave in the same pass), purging expired sessions and idempotency keys, and
 * sealing the audit trail (the server also seals every second; this covers `candour jobs run-once`).
 * Safe on several instances at once: reminders are claimed once in reminders_sent, and delivery
 * claims messages with FOR UPDATE SKIP LOCKED. One failing step does not stop the others.
 */
import { londonDateOf, type PlainDate } from '../domain/calendar.js'
import type { Services } from '../services/index.js'

export interface JobLogger {
  info(obj: object, msg: string): void
  warn(obj: object, msg: string): void
  error(obj: object, msg: string): void
}

export interface PassResult {
  today: PlainDate
  timeliness?: { checked: number; drafted: number; failed: number }
  sweep?: { due: number; reminded: number; emails: number }
  mail?: { sent: number; retrying: number; failed: number }
  webhooks?: { queued: number; delivered: number; retrying: number; failed: number }
  purged?: { sessions: number; idempotencyKeys: number; attemptCounters: number; knownDevices: number }
  publications?: { published: number }
  audit?: { sealed: number }
  errors: string[]
}

const silent: JobLogger = { info: () => undefined, warn: () => undefined, error: () => undefined }

export async function runJobsOnce(
  services: Services,
  options: { now?: Date; logger?: JobLogger } = {},
): Promise<PassResult> {
  const now = options.now ?? new Date()
  const logger = options.logger ?? silent
  const today = londonDateOf(now)
  const result: PassResult = { today, errors: [] }
  const step = async <T>(name: string, work: () => Promise<T>): Promise<T | undefined> => {
    try {
      await services.housekeeping.jobStarted(name)
      const value = await work()
      await services.housekeeping.jobFinished(name, { ok: true, ...(value as object) })
      return value
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      result.errors.push(`${name}: ${message}`)
      logger.error({ job: name, err: error }, 'scheduled job failed')
      await services.housekeeping.jobFinished(name, { ok: false, error: message }).catch(() => undefined)
      return undefined
    }
  }
  // Drafts owed timeliness notices first (idempotent: one per period), so the sweep finds them.
  result.timeliness = await step('timeliness-drafts', async () => {
    const r = await services.timeliness.draftDue(today)
    return { checked: r.checked, drafted: r.drafted.length, failed: r.failed.length }
  })
  result.sweep = await step('deadline-sweep', () => services.deadlineReminders.sweep(today))
  // Scheduled publications whose public_from has passed go on the public site.
  result.publications = await step('scheduled-publications', async () => ({
    published: await services.publications.publishDue(now),
  }))
  result.mail = await step('mail-delivery', () => services.mail.deliverDue({ logger }))
  // Responses due soon are announced once per report and due date; then every queued event is sent.
  result.webhooks = await step('webhooks', async () => ({
    ...(await services.webhooks.sweepResponsesDueSoon(today)),
    ...(await services.webhooks.deliverDue({ now })),
  }))
  result.purged = await step('purge-expired', () => services.housekeeping.purgeExpired(now))
  result.audit = await step('audit-sealing', async () => ({ sealed: await services.audit.sealPending() }))
  return result
}
