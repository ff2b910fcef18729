/**
 * Seals recorded audit entries into the hash chain every second in the server process (ADR 0005),
 * so an entry is open to undetected change for about a second at most. Every instance runs one;
 * only one seals at a time (the others find the chain locked and wait for the next tick), and a
 * tick never overlaps the previous one in the same process.
 */
import type { Services } from '../services/index.js'
import type { JobLogger } from './runOnce.js'

export interface AuditSealer {
  stop(): Promise<void>
}

export function startAuditSealer(services: Services, options: { intervalMs?: number; logger: JobLogger }): AuditSealer {
  let running: Promise<void> | null = null
  const tick = () => {
    if (running) return
    running = services.audit
      .sealPending()
      .then(() => undefined)
      .catch((error: unknown) => options.logger.error({ err: error }, 'sealing the audit trail failed'))
      .finally(() => {
        running = null
      })
  }
  const timer = setInterval(tick, options.intervalMs ?? 1_000)
  timer.unref()
  return {
    async stop() {
      clearInterval(timer)
      await running
      // Whatever was recorded since the last tick is sealed before the process leaves.
      await services.audit
        .sealPending()
        .catch((error: unknown) => options.logger.error({ err: error }, 'sealing the audit trail failed'))
    },
  }
}
