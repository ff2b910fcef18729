/**
 * Runs a pass of the scheduled jobs every minute in the server process (never in tests unless a
 * test starts it). A pass never overlaps the previous one in the same process; other instances
 * may run theirs at the same time, which the jobs are built to tolerate.
 */
import type { Services } from '../services/index.js'
import { runJobsOnce, type JobLogger } from './runOnce.js'

export interface Scheduler {
  stop(): Promise<void>
}

export function startScheduler(
  services: Services,
  options: { intervalMs?: number; importIntervalMs?: number; logger: JobLogger },
): Scheduler {
  const intervalMs = options.intervalMs ?? 60_000
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = runJobsOnce(services, { logger: options.logger })
      .then((r) => {
        if (r.errors.length) options.logger.warn({ errors: r.errors }, 'scheduled pass finished with errors')
        else if (r.sweep?.emails || r.mail?.sent || r.mail?.failed)
          options.logger.info({ sweep: r.sweep, mail: r.mail }, 'scheduled pass')
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'scheduled pass failed'))
      .finally(() => {
        running = null
      })
  }
  // The first pass shortly after start-up (catching up after downtime), then every interval.
  const first = setTimeout(tick, 5_000)
  const timer = setInterval(tick, intervalMs)
  first.unref()
  timer.unref()
  // Queued imports (ADR 0030) are looked for every few seconds, apart from the pass: one import
  // can take minutes, and e-mail must not wait for it. Whichever instance looks first claims it.
  let importing: Promise<unknown> | null = null
  const importTick = () => {
    importing ??= services.importJobs
      .runQueued((message, detail) => options.logger.info(detail, message))
      .catch((error: unknown) => options.logger.error({ err: error }, 'running queued imports failed'))
      .finally(() => {
        importing = null
      })
  }
  const importTimer = setInterval(importTick, options.importIntervalMs ?? 5_000)
  importTimer.unref()
  return {
    async stop() {
      clearTimeout(first)
      clearInterval(timer)
      clearInterval(importTimer)
      await running
      await importing
    },
  }
}
