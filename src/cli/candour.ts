/**
 * `candour`: the operators' command (run as `npm run candour -- <command>`).
 *
 *   migrate                                   apply pending migrations
 *   seed                                      add the demo data to an empty database (not in production)
 *   users add --email E --name N --role R [--role R2] [--organisation CODE] [--password P]
 *   users list
 *   users disable --email E
 *   users enable --email E
 *   users reset-password --email E [--password P]
 *   users grant-role --email E --role R
 *   users revoke-role --email E --role R
 *   users reset-second-factor --email E
 *   audit verify                              seal pending entries, recompute the audit chain; exit 1 naming the first broken entry
 *   tokens create --email E --name N [--write] [--expires-days D]   a personal API token, printed once
 *   tokens list --email E
 *   tokens revoke --id ID
 *   bench-data [--investigations N]          fill an EMPTY database with the benchmark data set (not in production)
 *   jobs run-once                             one pass of the scheduled jobs (deadline sweep, e-mail delivery, purges)
 *   import --source NAME FILES… [--dry-run] [--skip-invalid] [--mapping F] [--max-file-size BYTES]
 *                                             bring history in from an earlier system (docs/import.md)
 *   import undo --id ID                       remove everything an import created (while nothing refers to it)
 *   import errors --id ID                     an import's error report as CSV (row, column, value, message)
 *
 * The CLI acts as the system (an operator at the console): its changes are audited with no user as actor.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import { BENCH_USER_EMAIL, generateBenchData } from '../data/bench/generate.js'
import { generatePassword, hashPassword } from '../services/security/passwords.js'
import { loadConfig } from '../config.js'
import { isRole, type Role } from '../domain/roles.js'
import { seedDemoData } from '../services/demoData.js'
import { systemContext } from '../services/context.js'
import { ServiceError, ValidationFailed } from '../services/errors.js'
import { startRuntime, type Runtime } from '../runtime.js'
import { runJobsOnce } from '../jobs/runOnce.js'
import { importCommand, runHistoryCommand } from './history.js'

const USAGE = `Usage: candour <command>
  migrate
  seed
  users add --email E --name N --role R [--role R2] [--organisation CODE] [--password P]
  users list
  users disable|enable|reset-second-factor --email E
  users reset-password --email E [--password P]
  users grant-role|revoke-role --email E --role R
  audit verify
  tokens create --email E --name N [--write] [--expires-days D]
  tokens list --email E
  tokens revoke --id ID
  jobs run-once
  import --source NAME FILES… [--dry-run] [--skip-invalid] [--mapping F] [--max-file-size BYTES]
  import undo --id ID
  import errors --id ID
  bench-data [--investigations N]`

class UsageError extends Error {}

function roleOf(value: string | undefined): Role {
  if (!value || !isRole(value))
    throw new UsageError(`--role must be one of the roles in DOMAIN.md (got ${value ?? 'nothing'})`)
  return value
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} is required`)
  return value
}

export async function runCli(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', multiple: true },
      organisation: { type: 'string' },
      password: { type: 'string' },
      write: { type: 'boolean' },
      'expires-days': { type: 'string' },
      investigations: { type: 'string' },
      id: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      mapping: { type: 'string' },
      'max-file-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, sub] = positionals
  if (values.help || !command) {
    out(USAGE)
    return command ? 0 : 2
  }
  const config = loadConfig()
  // Benchmark data opens the database itself (COPY needs its own connection; PGlite allows one
  // process per folder), so it runs before, not inside, the usual runtime.
  if (command === 'bench-data') return benchData(config, values.investigations, out)
  if (command === 'import') {
    return runHistoryCommand(config, out, (handle) =>
      importCommand(handle, positionals.slice(1), {
        source: values.source,
        id: values.id,
        dryRun: !!values['dry-run'],
        skipInvalid: !!values['skip-invalid'],
        mapping: values.mapping,
        maxFileSize: values['max-file-size'],
        out,
      }),
    )
  }
  let runtime: Runtime | undefined
  try {
    // Migrations are forward-only and idempotent, so every command first brings the schema up to date.
    runtime = await startRuntime(config)
    const { services } = runtime
    const ctx = systemContext(`cli-${process.pid}`)
    const userId = async () => services.users.findIdByEmail(required(values.email, '--email'), ctx)

    switch (`${command}${sub ? ` ${sub}` : ''}`) {
      case 'migrate': {
        const applied = runtime.appliedMigrations
        out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
        return 0
      }
      case 'seed': {
        if (config.isProduction) throw new UsageError('Demo data is never added in production.')
        const result = await seedDemoData(services, () => services.users.anyExist())
        out(
          result.seeded
            ? `Demo data added: ${result.users.length} users (password ${result.users[0]?.password}).`
            : 'The database already has users; nothing added.',
        )
        return 0
      }
      case 'users add': {
        const roles = (values.role ?? []).map(roleOf)
        const { user, initialPassword } = await services.users.add(
          {
            email: required(values.email, '--email'),
            displayName: required(values.name, '--name'),
            roles,
            organisationCode: values.organisation ?? 'OVERSIGHT',
            ...(values.password ? { password: values.password } : {}),
          },
          ctx,
        )
        out(`Added ${user.email} (${user.roles.join(', ')}).`)
        if (!values.password) out(`One-time password: ${initialPassword}`)
        return 0
      }
      case 'users list': {
        let after: string | undefined
        for (;;) {
          const page = await services.users.list(ctx, { limit: 500, ...(after ? { afterEmail: after } : {}) })
          for (const u of page) {
            out(
              [u.email, u.displayName, u.roles.join(','), u.status, u.secondFactorEnabled ? '2FA' : 'no-2FA'].join(
                '\t',
              ),
            )
          }
          if (page.length < 500) return 0
          after = page[page.length - 1]!.email
        }
      }
      case 'users disable':
        await services.users.disable(await userId(), ctx)
        out('Disabled, and every session ended.')
        return 0
      case 'users enable':
        await services.users.enable(await userId(), ctx)
        out('Enabled.')
        return 0
      case 'users reset-password': {
        const { password } = await services.users.resetPassword(await userId(), ctx, values.password)
        out(values.password ? 'Password changed; every session ended.' : `New one-time password: ${password}`)
        return 0
      }
      case 'users grant-role':
        await services.users.grantRole(await userId(), roleOf(values.role?.[0]), ctx)
        out('Role granted.')
        return 0
      case 'users revoke-role':
        await services.users.revokeRole(await userId(), roleOf(values.role?.[0]), ctx)
        out('Role revoked; every session ended.')
        return 0
      case 'users reset-second-factor':
        await services.users.resetSecondFactor(await userId(), ctx)
        out('Second factor removed; they will set it up again at next sign-in if their role requires it.')
        return 0
      case 'audit verify': {
        const result = await services.audit.verify(ctx)
        const pending = result.pending.count
          ? ` ${result.pending.count} entries recorded during the check are waiting to be sealed.`
          : ''
        if (result.ok) {
          out(`Audit chain intact: ${result.entries} entries verified.${pending}`)
          return 0
        }
        out(
          `Audit chain BROKEN at entry ${result.break.seq} (${result.break.id}): ${result.break.problem}. ${result.entries} entries before it are intact.${pending}`,
        )
        return 1
      }
      case 'tokens create': {
        const days = values['expires-days']
        if (days !== undefined && !/^[1-9]\d{0,4}$/.test(days))
          throw new UsageError('--expires-days must be a whole number of days')
        const { token, secret } = await services.apiTokens.create(
          await userId(),
          {
            name: required(values.name, '--name'),
            scopes: values.write ? ['read', 'write'] : ['read'],
            expiresAt: days ? new Date(Date.now() + Number(days) * 86_400_000) : null,
          },
          ctx,
        )
        out(
          `Created token ${token.id} (${token.scopes.join('+')}${token.expiresAt ? `, expires ${token.expiresAt.toISOString()}` : ', no expiry'}).`,
        )
        out(`Token (shown once): ${secret}`)
        return 0
      }
      case 'tokens list': {
        for (const t of await services.apiTokens.list(await userId(), ctx)) {
          out(
            [
              t.id,
              t.name,
              t.scopes.join('+'),
              t.status,
              t.expiresAt?.toISOString() ?? 'no-expiry',
              t.lastUsedAt?.toISOString() ?? 'never-used',
            ].join('\t'),
          )
        }
        return 0
      }
      case 'tokens revoke':
        await services.apiTokens.revoke(required(values.id, '--id'), ctx)
        out('Token revoked.')
        return 0
      case 'jobs run-once': {
        const pass = await runJobsOnce(services)
        out(
          `Deadline sweep for ${pass.today}: ${pass.sweep?.reminded ?? 0} reminders, ${pass.sweep?.emails ?? 0} e-mails enqueued.`,
        )
        out(
          `E-mail delivery (${services.mail.transportKind}): ${pass.mail?.sent ?? 0} sent, ${pass.mail?.retrying ?? 0} to retry, ${pass.mail?.failed ?? 0} failed.`,
        )
        out(`Purged: ${pass.purged?.sessions ?? 0} sessions, ${pass.purged?.idempotencyKeys ?? 0} idempotency keys.`)
        for (const e of pass.errors) out(`Error: ${e}`)
        return pass.errors.length ? 1 : 0
      }
      default:
        throw new UsageError(`Unknown command: ${positionals.join(' ')}`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      out(`${error.message}\n\n${USAGE}`)
      return 2
    }
    if (error instanceof ValidationFailed) {
      out(error.problems.map((p) => `${p.path}: ${p.message}`).join('\n'))
      return 2
    }
    if (error instanceof ServiceError) {
      out(error.message)
      return 1
    }
    throw error
  } finally {
    await runtime?.close()
  }
}

async function benchData(
  config: Config,
  investigations: string | undefined,
  out: (line: string) => void,
): Promise<number> {
  if (config.isProduction) {
    out('Benchmark data is never added in production.')
    return 2
  }
  if (investigations !== undefined && !/^[1-9]\d{2,6}$/.test(investigations)) {
    out(`--investigations must be a whole number from 100 to 9,999,999\n\n${USAGE}`)
    return 2
  }
  const password = generatePassword()
  let summary
  try {
    summary = await generateBenchData(
      { databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') },
      {
        investigations: Number(investigations ?? 100_000),
        benchUser: { email: BENCH_USER_EMAIL, passwordHash: await hashPassword(password) },
        log: out,
      },
    )
  } catch (error) {
    if (error instanceof Error && /empty database/.test(error.message)) {
      out(error.message)
      return 1
    }
    throw error
  }
  out(
    `Benchmark data generated in ${summary.seconds.toFixed(1)} s. Sign in as ${summary.benchUserEmail} with ${password} (shown once).`,
  )
  return 0
}

// Run when invoked directly (not when imported by tests).
if (import.meta.url === `file://${process.argv[1]}`) {
  runCli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(error)
      process.exit(1)
    },
  )
}
