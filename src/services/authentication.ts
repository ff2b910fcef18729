/**
 * Signing in and out, the second factor, and the server-side session. Sessions live in the
 * database so any app instance can serve any request; the cookie holds a random token whose
 * SHA-256 is the session's key.
 */
import type { Kysely } from 'kysely'
import { isRole, requiresSecondFactor, type Role } from '../domain/roles.js'
import type { Actor } from '../domain/policy.js'
import * as sessions from '../data/repositories/sessions.js'
import * as users from '../data/repositories/users.js'
import type { Database, SessionRow, UserRow } from '../data/schema.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Forbidden, ValidationFailed } from './errors.js'
import { checkTotp, newTotpSecret, totpUri } from './security/totp.js'
import { verifyAgainstNothing, verifyPassword } from './security/passwords.js'
import { randomToken, sha256Hex } from './security/tokens.js'
import type { AttemptThrottleService, Attempter } from './attemptThrottle.js'

export interface AuthenticationSettings {
  idleMinutes: number
  absoluteHours: number
}

export type SessionStage = SessionRow['stage']

export interface SignedInUser {
  id: string
  email: string
  displayName: string
  roles: Role[]
  organisationId: string
  secondFactorEnabled: boolean
}

export interface CurrentSession {
  stage: SessionStage
  user: SignedInUser
  actor: Actor
  /** The confirmation of the person's last change, to show once on this page (ADR 0022). */
  confirmation: string | null
}

/** The one message for every failed sign-in: it must not reveal whether the account exists. */
export const SIGN_IN_FAILED_MESSAGE =
  'Enter a correct email address and password. After several wrong attempts you will have to wait before trying again.'

/**
 * On success, `deviceToken` is set once the person is fully signed in: the known-device cookie to
 * keep (ADR 0026), so that nobody else's failures can make them wait on this device.
 */
export type SignInResult =
  { ok: true; token: string; stage: SessionStage; deviceToken?: string } | { ok: false; message: string }

const TOUCH_INTERVAL_MS = 60_000

export function toSignedInUser(
  row: Pick<UserRow, 'id' | 'email' | 'display_name' | 'roles' | 'organisation_id' | 'totp_enabled_at'>,
): SignedInUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    roles: row.roles.filter(isRole),
    organisationId: row.organisation_id,
    secondFactorEnabled: row.totp_enabled_at !== null,
  }
}

export function actorFor(user: SignedInUser): Actor {
  return { userId: user.id, roles: user.roles, organisationId: user.organisationId }
}

/**
 * The client behind an attempt, for anti-automation (ADR 0026). Callers outside the web (the
 * console, tests of the service alone) may leave it out; every route passes it.
 */
export type Client = Pick<Attempter, 'address' | 'deviceToken'>

export function authenticationService(
  db: Kysely<Database>,
  settings: AuthenticationSettings,
  throttle: AttemptThrottleService,
) {
  async function startSession(trx: Kysely<Database>, user: UserRow, stage: SessionStage, now: Date): Promise<string> {
    const token = randomToken()
    await sessions.insert(trx, {
      id_hash: sha256Hex(token),
      user_id: user.id,
      stage,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + settings.absoluteHours * 3_600_000),
    })
    return token
  }

  /**
   * A wrong password or code on a known account. The waits that follow are the attempt
   * throttle's (ADR 0026); the account keeps a count of consecutive failures for its page and the
   * audit trail, but is not locked: a fixed lock-out would let anyone who knows an address keep
   * its owner out for good by failing again whenever the lock ends.
   */
  async function recordFailure(trx: Kysely<Database>, ctx: RequestContext, user: UserRow, reason: string) {
    const failures = user.failed_sign_in_count + 1
    await users.update(trx, user.id, { failed_sign_in_count: failures })
    await auditTrail.record(trx, ctx, {
      action: 'sign-in.failed',
      entityType: 'user',
      entityId: user.id,
      actorUserId: user.id,
      detail: { reason, consecutiveFailures: failures },
    })
  }

  return {
    /** Checks e-mail and password; on success opens a session (replacing previousToken's, if any). */
    async signIn(
      input: { email: string; password: string; previousToken?: string | undefined },
      ctx: RequestContext,
      client: Client | null = null,
    ): Promise<SignInResult> {
      const now = new Date()
      // Counted before the password is checked, so that parallel guesses cannot all get through;
      // throws TooManyAttempts while the address, the account or the device must wait.
      const known = client ? await users.findByEmail(db, input.email) : undefined
      const keys = client ? await throttle.keysFor({ ...client, email: input.email }, known?.id ?? null) : []
      if (client) await throttle.reserve(keys, 'sign-in', ctx, known?.id ?? null, now)
      return db.transaction().execute(async (trx) => {
        if (input.previousToken) await sessions.remove(trx, sha256Hex(input.previousToken))
        const found = await users.findByEmail(trx, input.email)
        const user = found && (await users.findByIdForUpdate(trx, found.id))
        // Every refusal costs one password check and says the same thing, so neither timing nor
        // wording tells an attacker which of these it was.
        const refuse = async (reason: string, account: UserRow | undefined): Promise<SignInResult> => {
          await verifyAgainstNothing(input.password)
          await auditTrail.record(trx, ctx, {
            action: 'sign-in.failed',
            entityType: 'user',
            entityId: account?.id ?? null,
            actorUserId: account?.id ?? null,
            detail: { reason },
          })
          return { ok: false, message: SIGN_IN_FAILED_MESSAGE }
        }
        if (!user || !user.password_hash) return refuse('no such account', undefined)
        if (user.status !== 'active') return refuse('account disabled', user)
        if (user.locked_until && new Date(user.locked_until) > now) return refuse('account locked', user)
        if (!(await verifyPassword(user.password_hash, input.password))) {
          await recordFailure(trx, ctx, user, 'wrong password')
          return { ok: false, message: SIGN_IN_FAILED_MESSAGE }
        }
        // A right password: the attempt is given back (a success never uses up anyone's allowance).
        await throttle.giveBack(trx, keys)
        const roles = user.roles.filter(isRole)
        const stage: SessionStage =
          user.totp_enabled_at !== null
            ? 'second_factor_required'
            : requiresSecondFactor(roles)
              ? 'second_factor_setup_required'
              : 'authenticated'
        await users.update(trx, user.id, {
          failed_sign_in_count: 0,
          locked_until: null,
          ...(stage === 'authenticated' ? { last_signed_in_at: now } : {}),
        })
        const token = await startSession(trx, user, stage, now)
        await auditTrail.record(trx, ctx, {
          action: stage === 'authenticated' ? 'sign-in.succeeded' : 'sign-in.password-accepted',
          entityType: 'user',
          entityId: user.id,
          actorUserId: user.id,
          detail: { stage },
        })
        if (stage !== 'authenticated' || !client) return { ok: true, token, stage }
        const deviceToken = await throttle.rememberDevice(trx, user.id, client.deviceToken, now)
        return { ok: true, token, stage, deviceToken }
      })
    },

    /** Finds the live session for a cookie token, ending it if it has passed either expiry. */
    async resolveSession(token: string): Promise<CurrentSession | null> {
      const idHash = sha256Hex(token)
      const found = await sessions.findWithUser(db, idHash)
      if (!found) return null
      const { session, user: userRow } = found
      const now = Date.now()
      const idleLimit = new Date(session.last_seen_at).getTime() + settings.idleMinutes * 60_000
      if (new Date(session.expires_at).getTime() <= now || idleLimit <= now) {
        await sessions.remove(db, idHash)
        return null
      }
      if (userRow.status !== 'active') {
        await sessions.remove(db, idHash)
        return null
      }
      // Writing on every request would make each page view a write; once a minute is enough
      // precision for a 30-minute idle limit.
      if (now - new Date(session.last_seen_at).getTime() > TOUCH_INTERVAL_MS) {
        await sessions.touch(db, idHash, new Date(now))
      }
      const user = toSignedInUser(userRow)
      return { stage: session.stage, user, actor: actorFor(user), confirmation: session.confirmation }
    },

    /** Keeps a confirmation for the session's next page (ADR 0022). */
    async confirmOnNextPage(token: string, message: string): Promise<void> {
      await sessions.setConfirmation(db, sha256Hex(token), message)
    },

    /** Forgets a confirmation once a page has shown it. */
    async confirmationShown(token: string, message: string): Promise<void> {
      await sessions.clearConfirmation(db, sha256Hex(token), message)
    },

    /** Completes sign-in with a TOTP code; returns a fresh session token (the id rotates). */
    async completeSecondFactor(
      token: string,
      code: string,
      ctx: RequestContext,
      client: Client | null = null,
    ): Promise<SignInResult> {
      const now = new Date()
      const expired = { ok: false, message: 'Your sign-in has expired. Sign in again.' } as const
      const pending = await sessions.findByIdHash(db, sha256Hex(token))
      if (!pending || pending.stage !== 'second_factor_required') return expired
      const account = await users.findById(db, pending.user_id)
      if (!account) return expired
      // Codes are guessed on the same counters as passwords: the address and the account, or the known device.
      const keys = client ? await throttle.keysFor({ ...client, email: account.email }, account.id) : []
      if (client) await throttle.reserve(keys, 'second-factor', ctx, account.id, now)
      return db.transaction().execute(async (trx) => {
        const session = await sessions.findByIdHash(trx, sha256Hex(token))
        if (!session || session.stage !== 'second_factor_required') return expired
        const user = await users.findByIdForUpdate(trx, session.user_id)
        if (!user || !user.totp_secret || user.status !== 'active') return expired
        const step = await checkTotp(user.totp_secret, code, user.totp_last_time_step)
        if (step === null) {
          await recordFailure(trx, ctx, user, 'wrong second-factor code')
          return { ok: false, message: 'Enter the 6-digit code shown in your authenticator app' }
        }
        await throttle.giveBack(trx, keys)
        await sessions.remove(trx, session.id_hash)
        await users.update(trx, user.id, { totp_last_time_step: step, failed_sign_in_count: 0, last_signed_in_at: now })
        const fresh = await startSession(trx, user, 'authenticated', now)
        await auditTrail.record(trx, ctx, {
          action: 'sign-in.succeeded',
          entityType: 'user',
          entityId: user.id,
          actorUserId: user.id,
          detail: { secondFactor: 'totp' },
        })
        if (!client) return { ok: true, token: fresh, stage: 'authenticated' }
        const deviceToken = await throttle.rememberDevice(trx, user.id, client.deviceToken, now)
        return { ok: true, token: fresh, stage: 'authenticated', deviceToken }
      })
    },

    /** Creates (or replaces) an unconfirmed TOTP secret for the user to add to their app. */
    async beginSecondFactorSetup(userId: string): Promise<{ secret: string; uri: string }> {
      return db.transaction().execute(async (trx) => {
        const user = await users.findByIdForUpdate(trx, userId)
        if (!user) throw new Forbidden('Sign in again.')
        if (user.totp_enabled_at !== null) throw new Forbidden('A second factor is already set up.')
        const secret = user.totp_secret ?? newTotpSecret()
        if (!user.totp_secret) await users.update(trx, user.id, { totp_secret: secret })
        return { secret, uri: totpUri(secret, user.email) }
      })
    },

    /**
     * Confirms the second factor with a first code. When the session was waiting for the setup
     * (administrators), it is replaced by a fully signed-in one.
     */
    async confirmSecondFactorSetup(
      token: string,
      code: string,
      ctx: RequestContext,
    ): Promise<{ ok: true; token: string } | { ok: false }> {
      const now = new Date()
      return db.transaction().execute(async (trx) => {
        const session = await sessions.findByIdHash(trx, sha256Hex(token))
        if (!session) throw new Forbidden('Sign in again.')
        const user = await users.findByIdForUpdate(trx, session.user_id)
        if (!user || !user.totp_secret || user.totp_enabled_at !== null) throw new Forbidden('Start the set-up again.')
        const step = await checkTotp(user.totp_secret, code, null)
        if (step === null)
          throw new ValidationFailed([
            { path: 'code', message: 'Enter the 6-digit code shown in your authenticator app' },
          ])
        await users.update(trx, user.id, { totp_enabled_at: now, totp_last_time_step: step, last_signed_in_at: now })
        await sessions.remove(trx, session.id_hash)
        const fresh = await startSession(trx, user, 'authenticated', now)
        await auditTrail.record(trx, ctx, {
          action: 'second-factor.enabled',
          entityType: 'user',
          entityId: user.id,
          actorUserId: user.id,
          detail: { method: 'totp' },
        })
        return { ok: true, token: fresh }
      })
    },

    async signOut(token: string, ctx: RequestContext): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const session = await sessions.findByIdHash(trx, sha256Hex(token))
        if (!session) return
        await sessions.remove(trx, session.id_hash)
        await auditTrail.record(trx, ctx, {
          action: 'sign-out',
          entityType: 'user',
          entityId: session.user_id,
          actorUserId: session.user_id,
        })
      })
    },

    /** Ends every session the user has, on every device. */
    async signOutEverywhere(userId: string, ctx: RequestContext): Promise<number> {
      return db.transaction().execute(async (trx) => {
        const ended = await sessions.removeAllForUser(trx, userId)
        await auditTrail.record(trx, ctx, {
          action: 'sign-out.everywhere',
          entityType: 'user',
          entityId: userId,
          detail: { sessionsEnded: ended },
        })
        return ended
      })
    },

    async removeExpiredSessions(now = new Date()): Promise<number> {
      return sessions.removeExpired(db, now)
    },
  }
}

export type AuthenticationService = ReturnType<typeof authenticationService>
