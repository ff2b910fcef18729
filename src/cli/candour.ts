/**
 * `candour`: the operators' command (run as `npm run candour -- <command>`).
 *
 *   migrate                                   apply pending migrations
 *   setup --email E --name N [--password P | --password-stdin]
 *                                             first run: the oversight body (if missing) and the first administrator
 *   organisations load-defaults               add the shipped reference list (oversight body, forces, other bodies)
 *   organisations list
 *   organisations add --code C --name N [--kind police_force|oversight_body]
 *   organisations rename --code C --name N    the code, id and every reference stay; the old name is kept
 *   organisations retire|reinstate --code C   retired: not offered for new cases, accounts or subjects
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
 *   deadlines recompute                       recompute every case's stored next deadline (after a rule change)
 *   jobs run-once                             one pass of the scheduled jobs (deadline sweep, e-mail delivery, purges)
 *   import --source NAME FILES… [--dry-run] [--skip-invalid] [--mapping F] [--max-file-size BYTES]
 *                                             bring history in from an earlier system (docs/import.md)
 *   import undo --id ID                       remove everything an import created (while nothing refers to it)
 *   import errors --id ID                     an import's error report as CSV (row, column, value, message)
 *   export (--source NAME | --live) [--out DIR]   write the import format's files (and mapping.json) into DIR
 *
 * The CLI acts as the system (an operator at the console): its changes are audited with no user as actor.
 */
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { Config } from '../config.js'
import { BENCH_USER_EMAIL, generateBenchData } from '../data/bench/generate.js'
import { generatePassword, hashPassword } from '../services/security/passwords.js'
import { ConfigError, loadConfig } from '../config.js'
import { OVERSIGHT_BODY_CODE } from '../domain/referenceOrganisations.js'
import { AlreadySetUp } from '../services/userAdministration.js'
import { isRole, type Role } from '../domain/roles.js'
import { seedDemoData } from '../services/demoData.js'
import { systemContext } from '../services/context.js'
import { NotFound, ServiceError, ValidationFailed } from '../services/errors.js'
import { startRuntime, type Runtime } from '../runtime.js'
import { runJobsOnce } from '../jobs/runOnce.js'
import { refreshEveryNextDeadline } from '../data/repositories/investigations.js'
import { exportCommand, importCommand, runHistoryCommand } from './history.js'

const USAGE = `Usage: candour <command>   (docs/operations.md walks a first set-up)
  migrate
  setup --email E --name N [--password P | --password-stdin]
  organisations load-defaults
  organisations list
  organisations add --code C --name N [--kind police_force|oversight_body]
  organisations rename --code C --name N
  organisations retire|reinstate --code C
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
  deadlines recompute
  jobs run-once
  import --source NAME FILES… [--dry-run] [--skip-invalid] [--mapping F] [--max-file-size BYTES]
  import undo --id ID
  import errors --id ID
  export (--source NAME | --live) [--out DIR]
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
      code: { type: 'string' },
      kind: { type: 'string' },
      'password-stdin': { type: 'boolean' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean' },
      'skip-invalid': { type: 'boolean' },
      mapping: { type: 'string' },
      'max-file-size': { type: 'string' },
      live: { type: 'boolean' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command, sub] = positionals
  if (values.help || !command) {
    out(USAGE)
    return command ? 0 : 2
  }
  let config: Config
  try {
    config = loadConfig()
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    out(
      `${error.message}\nSet them in the environment first (docs/operations.md, "Configure"): for example\n` +
        `  export DATABASE_URL=postgres://candour:PASSWORD@db.internal:5432/candour\n` +
        `  export SESSION_SECRET="$(openssl rand -base64 48)"`,
    )
    return 2
  }
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
    try {
      runtime = await startRuntime(config)
    } catch (error) {
      const hint = databaseHint(error, config)
      if (!hint) throw error
      out(hint)
      return 1
    }
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
      case 'setup': {
        if (values.password && values['password-stdin'])
          throw new UsageError('Give the password with --password or --password-stdin, not both')
        const password = values['password-stdin'] ? await readPasswordFromStdin() : values.password
        const result = await services.users.setUpFirstAdministrator(
          {
            email: required(values.email, '--email'),
            displayName: required(values.name, '--name'),
            ...(password ? { password } : {}),
          },
          ctx,
        )
        const oversightBody = await services.organisations.findByCode(OVERSIGHT_BODY_CODE)
        if (result.oversightBodyCreated)
          out(`Added the oversight body: ${oversightBody?.name} (${OVERSIGHT_BODY_CODE}).`)
        out(`Added the first administrator: ${result.user.email}.`)
        if (!password) out(`One-time password: ${result.initialPassword}`)
        out(
          `Next: sign in at ${config.publicUrl}/sign-in as ${result.user.email}. You will be asked to set up an authenticator app ` +
            `(a second factor) before anything else; then add people under Administration > Users, or with \`candour users add\`.`,
        )
        const forces = (await services.organisations.list()).filter((o) => o.kind === 'police_force')
        if (forces.length === 0)
          out('No police forces are loaded yet: run `candour organisations load-defaults` to add the shipped list.')
        return 0
      }
      case 'organisations load-defaults': {
        const result = await services.organisations.loadDefaults(ctx)
        out(
          `Reference list loaded: ${result.added.length} added, ${result.renamed.length} renamed, ${result.unchanged} already up to date` +
            (result.kept.length ? `, ${result.kept.length} kept with the name an operator gave` : '') +
            '.',
        )
        for (const r of result.renamed)
          out(`Renamed ${r.code}: ${r.from} → ${r.to} (the old name is kept in its history).`)
        for (const k of result.kept)
          out(
            `Kept ${k.code} as "${k.name}"; the shipped list calls it "${k.shipped}". To take that name: candour organisations rename --code ${k.code} --name "${k.shipped}"`,
          )
        return 0
      }
      case 'organisations list': {
        for (const o of await services.organisations.listWithHistory()) {
          out(
            [
              o.code,
              o.name,
              o.kind,
              o.retired_at ? `retired ${new Date(o.retired_at).toISOString().slice(0, 10)}` : 'in use',
              o.previousNames.length ? `formerly ${o.previousNames.map((p) => p.name).join('; ')}` : '',
            ]
              .join('\t')
              .trimEnd(),
          )
        }
        return 0
      }
      case 'organisations add': {
        const row = await services.organisations.add(
          {
            code: required(values.code, '--code'),
            name: required(values.name, '--name'),
            ...(values.kind ? { kind: values.kind } : {}),
          },
          ctx,
        )
        out(`Added ${row.code}: ${row.name} (${row.kind}).`)
        return 0
      }
      case 'organisations rename': {
        const { before, after } = await services.organisations.rename(
          required(values.code, '--code'),
          required(values.name, '--name'),
          ctx,
        )
        out(
          before === after.name
            ? `${after.code} is already called ${after.name}; nothing changed.`
            : `Renamed ${after.code}: ${before} → ${after.name}. Everything that refers to it shows the new name; the old one is kept in its history.`,
        )
        return 0
      }
      case 'organisations retire': {
        const { changed, organisation } = await services.organisations.retire(required(values.code, '--code'), ctx)
        out(
          changed
            ? `Retired ${organisation.code} (${organisation.name}): it is no longer offered for new cases, accounts or subjects; existing records keep it. Undo with: candour organisations reinstate --code ${organisation.code}`
            : `${organisation.code} was already retired; nothing changed.`,
        )
        return 0
      }
      case 'organisations reinstate': {
        const { changed, organisation } = await services.organisations.reinstate(required(values.code, '--code'), ctx)
        out(
          changed
            ? `Reinstated ${organisation.code} (${organisation.name}).`
            : `${organisation.code} is in use; nothing changed.`,
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
        if (!(await services.users.anyAdministrator()))
          out('Note: there is no administrator yet. Run `candour setup --email E --name N` to create the first one.')
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
      case 'export':
        return await exportCommand(services.historyExport, ctx, {
          source: values.source,
          live: !!values.live,
          dir: values.out ?? '.',
          out,
        })
      case 'deadlines recompute': {
        const changed = await refreshEveryNextDeadline(runtime.database.db)
        out(`${changed} ${changed === 1 ? 'case stores' : 'cases store'} a different next deadline now.`)
        return 0
      }
      case 'jobs run-once': {
        const pass = await runJobsOnce(services)
        out(
          `Deadline sweep for ${pass.today}: ${pass.sweep?.reminded ?? 0} reminders, ${pass.sweep?.emails ?? 0} e-mails enqueued.`,
        )
        out(
          `E-mail delivery (${services.mail.transportKind}): ${pass.mail?.sent ?? 0} sent, ${pass.mail?.retrying ?? 0} to retry, ${pass.mail?.failed ?? 0} failed.`,
        )
        out(
          `Purged: ${pass.purged?.sessions ?? 0} sessions, ${pass.purged?.idempotencyKeys ?? 0} idempotency keys, ${pass.purged?.attemptCounters ?? 0} attempt counters, ${pass.purged?.knownDevices ?? 0} known devices.`,
        )
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
      const next = runtime ? await nextStepFor(error, command, runtime) : undefined
      if (next) out(next)
      return 2
    }
    if (error instanceof ServiceError) {
      out(error.message)
      const next = runtime ? await nextStepFor(error, command, runtime) : undefined
      if (next) out(next)
      return 1
    }
    throw error
  } finally {
    await runtime?.close()
  }
}

/** What to do about a refusal, for the errors an operator meets on the way to a working deployment. */
async function nextStepFor(error: ServiceError, command: string, runtime: Runtime): Promise<string | undefined> {
  if (error instanceof AlreadySetUp) {
    return [
      'Set-up runs once. Instead:',
      `- to add people, sign in as an administrator and use Administration > Users, or run \`candour users add --email E --name N --role R\`;`,
      `- if ${error.administratorEmail} cannot sign in: \`candour users reset-password --email ${error.administratorEmail}\` (a new one-time password)` +
        (error.administratorStatus === 'disabled'
          ? `, \`candour users enable --email ${error.administratorEmail}\``
          : '') +
        `, or \`candour users reset-second-factor --email ${error.administratorEmail}\` (a lost authenticator app).`,
    ].join('\n')
  }
  if (error instanceof ValidationFailed && error.problems.some((p) => p.path === 'organisationCode')) {
    const all = await runtime.services.organisations.list()
    if (all.length === 0)
      return 'The database has no organisations yet. Run `candour setup --email E --name N` first (it adds the oversight body and the first administrator), then `candour organisations load-defaults` (the police forces and other bodies).'
    return 'Run `candour organisations list` to see the codes; `candour organisations load-defaults` adds the shipped police forces and other bodies; `candour organisations add --code CODE --name NAME` adds another.'
  }
  if (error instanceof NotFound) {
    if (command === 'organisations')
      return 'Run `candour organisations list` to see the codes, or `candour organisations load-defaults` to add the shipped list.'
    if (command === 'users' || command === 'tokens')
      return (await runtime.services.users.anyExist())
        ? 'Run `candour users list` to see the accounts.'
        : 'There are no accounts yet: run `candour setup --email E --name N` to create the first administrator.'
  }
  return undefined
}

/** A plain-words reason the database could not be opened, or undefined for anything unexpected. */
function databaseHint(error: unknown, config: Config): string | undefined {
  const e = error as { code?: unknown; message?: unknown } | null
  const code = typeof e?.code === 'string' ? e.code : undefined
  let where = 'the database'
  try {
    if (config.databaseUrl) {
      const url = new URL(config.databaseUrl)
      where = `database "${decodeURIComponent(url.pathname.slice(1))}" on ${url.host || 'the local socket'}`
    }
  } catch {
    // An unparseable URL is reported by the driver's own message below.
  }
  const message = typeof e?.message === 'string' ? e.message : String(error)
  if (code === '3D000')
    return `Cannot open ${where}: it does not exist. Create it first (docs/operations.md, "Prepare PostgreSQL"), e.g. \`createdb --owner candour candour\`.`
  if (code === '28P01' || code === '28000')
    return `Cannot sign in to ${where}: ${message}. Check the user name and password in DATABASE_URL.`
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EAI_AGAIN')
    return `Cannot reach ${where} (${code}). Check the host and port in DATABASE_URL and that PostgreSQL is running and accepts connections from here.`
  return undefined
}

/** The password from standard input (its first line), so it appears in neither the shell history nor `ps`. */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? ''
  if (!password) throw new UsageError('--password-stdin: nothing was given on standard input')
  return password
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
