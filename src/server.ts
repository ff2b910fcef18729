/**
 * `npm start`: migrate, seed demo data on an empty development database, and serve.
 */
import { buildApp } from './app.js'
import { ConfigError, loadConfig } from './config.js'
import { seedDemoData } from './services/demoData.js'
import { startRuntime } from './runtime.js'
import { startScheduler } from './jobs/scheduler.js'
import { startAuditSealer } from './jobs/auditSealer.js'

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message)
      process.exit(1)
    }
    throw error
  }
  const runtime = await startRuntime(config)
  if (config.seedDemoData) {
    const seed = await seedDemoData(runtime.services, () => runtime.services.users.anyExist())
    if (seed.seeded) {
      console.log('\nDemo data created. Sign in as any of these (shown once):\n')
      for (const u of seed.users) console.log(`  ${u.role.padEnd(22)} ${u.email.padEnd(36)} ${u.password}`)
      console.log('\nThe administrator is asked to set up an authenticator app at first sign-in.')
      if (seed.cases)
        console.log(
          `Demo investigations: ${seed.cases.investigations}, including the worked example ${seed.cases.workedExampleReference}.\n`,
        )
    }
  }
  const app = await buildApp(config, runtime.services)
  // Deadline sweep, e-mail delivery and purges, every minute (safe on several instances).
  const scheduler = startScheduler(runtime.services, { logger: app.log })
  // Audit entries are sealed into the hash chain within about a second of being recorded (ADR 0005).
  const sealer = startAuditSealer(runtime.services, { logger: app.log })
  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await scheduler.stop()
    await app.close()
    await sealer.stop()
    await runtime.close()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  await app.listen({ port: config.port, host: config.host })
  console.log(`Candour is running at ${config.publicUrl} (database: ${runtime.database.kind})`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
