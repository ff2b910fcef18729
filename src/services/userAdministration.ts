/**
 * Administering accounts: used by the administrators' pages and by the operators' CLI.
 * Every change is audited with what it changed; passwords and secrets never enter the trail.
 */
import { z } from 'zod'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { authorise } from '../domain/policy.js'
import { ROLES, type Role } from '../domain/roles.js'
import { normaliseOrganisationCode, OVERSIGHT_BODY, OVERSIGHT_BODY_CODE } from '../domain/referenceOrganisations.js'
import type { Executor } from '../data/database.js'
import * as organisations from '../data/repositories/organisations.js'
import * as sessions from '../data/repositories/sessions.js'
import * as users from '../data/repositories/users.js'
import type { Database, UserRow } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Conflict, Forbidden, NotFound, ServiceError, ValidationFailed } from './errors.js'
import { generatePassword, hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './security/passwords.js'

export const NewUserSchema = z.object({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320)
    .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.com' })),
  displayName: z.string().trim().min(1, 'Enter the person’s name').max(200, 'Name must be 200 characters or fewer'),
  roles: z.array(z.enum(ROLES)).min(1, 'Choose at least one role'),
  organisationCode: z.string().trim().min(1, 'Choose an organisation').transform(normaliseOrganisationCode),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH)
    .optional(),
})
export type NewUser = z.input<typeof NewUserSchema>

export interface UserSummary {
  id: string
  email: string
  displayName: string
  roles: string[]
  organisationId: string
  status: 'active' | 'disabled'
  secondFactorEnabled: boolean
  lockedUntil: Date | null
  lastSignedInAt: Date | null
  version: number
}

function summarise(row: UserRow): UserSummary {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles,
    organisationId: row.organisation_id,
    status: row.status,
    secondFactorEnabled: row.totp_enabled_at !== null,
    lockedUntil: row.locked_until ? new Date(row.locked_until) : null,
    lastSignedInAt: row.last_signed_in_at ? new Date(row.last_signed_in_at) : null,
    version: row.version,
  }
}

function zodProblems(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
}

/** `candour setup` found an administrator: set-up has been done; what to do instead is in the message. */
export class AlreadySetUp extends ServiceError {
  constructor(
    readonly administratorEmail: string,
    readonly administratorStatus: 'active' | 'disabled',
  ) {
    super(
      `Candour is already set up: ${administratorEmail} is an administrator${administratorStatus === 'disabled' ? ' (disabled)' : ''}.`,
    )
  }
}

function parseNewUser(input: NewUser) {
  const parsed = NewUserSchema.safeParse(input)
  if (!parsed.success) throw new ValidationFailed(zodProblems(parsed.error))
  return parsed.data
}

const duplicateEmail = () =>
  new ValidationFailed([{ path: 'email', message: 'An account with this email address already exists' }])

function rethrowDuplicate(error: unknown): never {
  // Someone added the same address in the moment between the check and the insert.
  if (users.isDuplicateEmail(error)) throw duplicateEmail()
  throw error
}

/** Inserts an account into an organisation that exists and is not retired, and audits it. */
async function insertUser(
  trx: Executor,
  data: z.output<typeof NewUserSchema>,
  passwordHash: string,
  ctx: RequestContext,
): Promise<UserSummary> {
  const organisation = await organisations.findByCode(trx, data.organisationCode)
  if (!organisation)
    throw new ValidationFailed([{ path: 'organisationCode', message: 'Choose an organisation that exists' }])
  if (organisation.retired_at !== null)
    throw new ValidationFailed([
      { path: 'organisationCode', message: `${organisation.name} is retired: choose an organisation in use` },
    ])
  if (await users.findByEmail(trx, data.email)) throw duplicateEmail()
  const row = await users.insert(trx, {
    id: uuidv7(),
    email: data.email,
    display_name: data.displayName,
    password_hash: passwordHash,
    roles: [...new Set(data.roles)],
    organisation_id: organisation.id,
    status: 'active',
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_time_step: null,
    locked_until: null,
    last_signed_in_at: null,
  })
  await auditTrail.record(trx, ctx, {
    action: 'user.created',
    entityType: 'user',
    entityId: row.id,
    detail: { after: { roles: row.roles, organisation: organisation.code, status: row.status } },
  })
  return summarise(row)
}

export function userAdministrationService(db: Kysely<Database>) {
  /** The CLI acts as the system (actor null, an operator at the console); the web acts as a signed-in administrator. */
  function assertMayManage(ctx: RequestContext) {
    if (ctx.actor === null) return
    const decision = authorise(ctx.actor, 'users:manage')
    if (!decision.allowed) throw new Forbidden(decision.reason)
  }

  async function change(
    ctx: RequestContext,
    userId: string,
    action: string,
    build: (row: UserRow) => Promise<users.UserChanges> | users.UserChanges,
    options: { expectedVersion?: number; endSessions?: boolean } = {},
  ): Promise<UserSummary> {
    assertMayManage(ctx)
    return db.transaction().execute(async (trx) => {
      const before = await users.findByIdForUpdate(trx, userId)
      if (!before) throw new NotFound('The user')
      if (options.expectedVersion !== undefined && before.version !== options.expectedVersion) throw new Conflict()
      const changes = await build(before)
      const after = await users.update(trx, userId, changes)
      if (!after) throw new Conflict()
      if (options.endSessions) await sessions.removeAllForUser(trx, userId)
      const visible = Object.keys(changes).filter((k) => k !== 'password_hash' && k !== 'totp_secret')
      await auditTrail.record(trx, ctx, {
        action,
        entityType: 'user',
        entityId: userId,
        detail: {
          before: Object.fromEntries(visible.map((k) => [k, before[k as keyof UserRow]])),
          after: Object.fromEntries(visible.map((k) => [k, after[k as keyof UserRow]])),
          ...(options.endSessions ? { sessionsEnded: true } : {}),
        },
      })
      return summarise(after)
    })
  }

  return {
    /** Adds an account. Without a password one is generated and returned once, for handing over. */
    async add(input: NewUser, ctx: RequestContext): Promise<{ user: UserSummary; initialPassword: string }> {
      assertMayManage(ctx)
      const data = parseNewUser(input)
      const initialPassword = data.password ?? generatePassword()
      const passwordHash = await hashPassword(initialPassword)
      return db
        .transaction()
        .execute(async (trx) => ({ user: await insertUser(trx, data, passwordHash, ctx), initialPassword }))
        .catch(rethrowDuplicate)
    },

    /**
     * First-run set-up (`candour setup`, docs/operations.md): on a database with no administrator,
     * adds the oversight body if it is missing and the first administrator, who must set up a
     * second factor at first sign-in as every administrator must. Refuses once any administrator
     * exists, enabled or not, naming them, so it can never be used to mint a second way in.
     */
    async setUpFirstAdministrator(
      input: { email: string; displayName: string; password?: string },
      ctx: RequestContext,
    ): Promise<{ user: UserSummary; initialPassword: string; oversightBodyCreated: boolean }> {
      if (ctx.actor !== null) throw new Forbidden('First-run set-up is done at the console with `candour setup`.')
      const data = parseNewUser({ ...input, roles: ['administrator'], organisationCode: OVERSIGHT_BODY_CODE })
      const initialPassword = data.password ?? generatePassword()
      const passwordHash = await hashPassword(initialPassword)
      return db
        .transaction()
        .execute(async (trx) => {
          await users.lockFirstRunSetup(trx)
          const existing = await users.firstWithRole(trx, 'administrator')
          if (existing) throw new AlreadySetUp(existing.email, existing.status)
          let oversightBodyCreated = false
          if (!(await organisations.findByCode(trx, OVERSIGHT_BODY_CODE))) {
            const body = await organisations.insert(trx, {
              id: uuidv7(),
              code: OVERSIGHT_BODY.code,
              name: OVERSIGHT_BODY.name,
              kind: OVERSIGHT_BODY.kind,
              reference_name: OVERSIGHT_BODY.name,
            })
            await auditTrail.record(trx, ctx, {
              action: 'organisation.created',
              entityType: 'organisation',
              entityId: body.id,
              detail: {
                after: { code: body.code, name: body.name, kind: body.kind },
                source: 'first-run set-up',
              },
            })
            oversightBodyCreated = true
          }
          const user = await insertUser(trx, data, passwordHash, ctx)
          return { user, initialPassword, oversightBodyCreated }
        })
        .catch(rethrowDuplicate)
    },

    async list(ctx: RequestContext, page: { afterEmail?: string; limit?: number } = {}): Promise<UserSummary[]> {
      assertMayManage(ctx)
      const rows = await users.list(db, {
        limit: page.limit ?? 50,
        ...(page.afterEmail ? { afterEmail: page.afterEmail } : {}),
      })
      return rows.map(summarise)
    },

    async get(userId: string, ctx: RequestContext): Promise<UserSummary> {
      assertMayManage(ctx)
      const row = await users.findById(db, userId)
      if (!row) throw new NotFound('The user')
      return summarise(row)
    },

    /** True once any account exists: the demo seed runs only on an empty database. */
    async anyExist(): Promise<boolean> {
      return (await users.countAll(db)) > 0
    },

    /** True once any account holds the administrator role, enabled or not. */
    async anyAdministrator(): Promise<boolean> {
      return (await users.firstWithRole(db, 'administrator')) !== undefined
    },

    async findIdByEmail(email: string, ctx: RequestContext): Promise<string> {
      assertMayManage(ctx)
      const row = await users.findByEmail(db, email)
      if (!row) throw new NotFound(`The account ${email}`)
      return row.id
    },

    /** Disables an account and ends its sessions; its history stays. */
    async disable(userId: string, ctx: RequestContext, expectedVersion?: number) {
      if (ctx.actor?.userId === userId) throw new Forbidden('You cannot disable your own account.')
      return change(ctx, userId, 'user.disabled', () => ({ status: 'disabled' }), {
        endSessions: true,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      })
    },

    enable(userId: string, ctx: RequestContext, expectedVersion?: number) {
      return change(
        ctx,
        userId,
        'user.enabled',
        () => ({ status: 'active', failed_sign_in_count: 0, locked_until: null }),
        {
          ...(expectedVersion !== undefined ? { expectedVersion } : {}),
        },
      )
    },

    grantRole(userId: string, role: Role, ctx: RequestContext, expectedVersion?: number) {
      return change(ctx, userId, 'user.role-granted', (row) => ({ roles: [...new Set([...row.roles, role])] }), {
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      })
    },

    /** Replaces the user's roles; removing a role ends their sessions so it takes effect at once. */
    async setRoles(userId: string, roles: readonly Role[], ctx: RequestContext, expectedVersion?: number) {
      if (roles.length === 0) throw new ValidationFailed([{ path: 'roles', message: 'Choose at least one role' }])
      return change(ctx, userId, 'user.roles-changed', () => ({ roles: [...new Set(roles)] }), {
        endSessions: true,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      })
    },

    revokeRole(userId: string, role: Role, ctx: RequestContext, expectedVersion?: number) {
      return change(ctx, userId, 'user.role-revoked', (row) => ({ roles: row.roles.filter((r) => r !== role) }), {
        endSessions: true,
        ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      })
    },

    /** Sets a new password (generated when none is given), unlocks, and ends every session. */
    async resetPassword(
      userId: string,
      ctx: RequestContext,
      password?: string,
    ): Promise<{ user: UserSummary; password: string }> {
      const chosen = password ?? generatePassword()
      if (chosen.length < MIN_PASSWORD_LENGTH || chosen.length > MAX_PASSWORD_LENGTH) {
        throw new ValidationFailed([
          {
            path: 'password',
            message: `Password must be between ${MIN_PASSWORD_LENGTH} and ${MAX_PASSWORD_LENGTH} characters`,
          },
        ])
      }
      const passwordHash = await hashPassword(chosen)
      const user = await change(
        ctx,
        userId,
        'user.password-reset',
        () => ({ password_hash: passwordHash, failed_sign_in_count: 0, locked_until: null }),
        { endSessions: true },
      )
      return { user, password: chosen }
    },

    /** Removes a user's second factor (lost phone); they must set it up again. */
    resetSecondFactor(userId: string, ctx: RequestContext) {
      return change(
        ctx,
        userId,
        'user.second-factor-reset',
        () => ({ totp_secret: null, totp_enabled_at: null, totp_last_time_step: null }),
        { endSessions: true },
      )
    },
  }
}

export type UserAdministrationService = ReturnType<typeof userAdministrationService>
