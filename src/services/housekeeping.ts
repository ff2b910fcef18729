/**
 * Clearing out what has expired, for the scheduled jobs: sessions past their absolute expiry,
 * idempotency keys, attempt counters nobody has failed on for a while, and long-unused known devices.
 */
import type { Kysely } from 'kysely'
import * as reminders from '../data/repositories/reminders.js'
import * as sessions from '../data/repositories/sessions.js'
import type { Database } from '../data/schema.js'
import type { IdempotencyService } from './idempotency.js'
import type { AttemptThrottleService } from './attemptThrottle.js'

export function housekeepingService(
  db: Kysely<Database>,
  idempotency: IdempotencyService,
  throttle: AttemptThrottleService,
) {
  return {
    async purgeExpired(
      now = new Date(),
    ): Promise<{ sessions: number; idempotencyKeys: number; attemptCounters: number; knownDevices: number }> {
      return {
        sessions: await sessions.removeExpired(db, now),
        idempotencyKeys: await idempotency.purgeExpired(now),
        ...(await throttle.purgeExpired(now)),
      }
    },
    jobStarted: (name: string, now = new Date()) => reminders.jobStarted(db, name, now),
    jobFinished: (name: string, result: Record<string, unknown>, now = new Date()) =>
      reminders.jobFinished(db, name, now, result),
    jobs: () => reminders.jobs(db),
  }
}
