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

export interface AuthenticationSettings {
  idleMinutes: number
  absoluteHours: number
  maxFailures: number
  lockMinutes: number
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

/** The one message for every failed sign-in: it must not reveal whether the account exists or is locked. */
export const SIGN_IN_FAILED_MESSAGE =
  'Enter a correct email address and password. After several wrong attempts the account is locked for a while.'

export type SignInResult = { ok: true; token: string; stage: SessionStage } | { ok: false; message: string }

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

export function authenticationService(db: Kysely<Database>, settings: AuthenticationSettings) {
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

  async function recordFailure(trx: Kysely<Database>, ctx: RequestContext, user: UserRow, reason: string, now: Date) {
    const failures = user.failed_sign_in_count + 1
    const lock = failures >= settings.maxFailures
    await users.update(trx, user.id, {
      failed_sign_in_count: lock ? 0 : failures,
      locked_until: lock ? new Date(now.getTime() + settings.lockMinutes * 60_000) : user.locked_until,
    })
    await auditTrail.record(trx, ctx, {
      action: 'sign-in.failed',
      entityType: 'user',
      entityId: user.id,
      actorUserId: user.id,
      detail: { reason, consecutiveFailures: failures },
    })
    if (lock) {
      await auditTrail.record(trx, ctx, {
        action: 'account.locked',
        entityType: 'user',
        entityId: user.id,
        actorUserId: null,
        detail: { lockedForMinutes: settings.lockMinutes, after: failures },
      })
    }
  }

  return {
    /** Checks e-mail and password; on success opens a session (replacing previousToken's, if any). */
    async signIn(
      input: { email: string; password: string; previousToken?: string | undefined },
      ctx: RequestContext,
    ): Promise<SignInResult> {
      const now = new Date()
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
          await recordFailure(trx, ctx, user, 'wrong password', now)
          return { ok: false, message: SIGN_IN_FAILED_MESSAGE }
        }
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
        return { ok: true, token, stage }
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
    async completeSecondFactor(token: string, code: string, ctx: RequestContext): Promise<SignInResult> {
      const now = new Date()
      return db.transaction().execute(async (trx) => {
        const session = await sessions.findByIdHash(trx, sha256Hex(token))
        if (!session || session.stage !== 'second_factor_required') {
          return { ok: false, message: 'Your sign-in has expired. Sign in again.' }
        }
        const user = await users.findByIdForUpdate(trx, session.user_id)
        if (!user || !user.totp_secret || user.status !== 'active') {
          return { ok: false, message: 'Your sign-in has expired. Sign in again.' }
        }
        const step = await checkTotp(user.totp_secret, code, user.totp_last_time_step)
        if (step === null) {
          await recordFailure(trx, ctx, user, 'wrong second-factor code', now)
          const after = await users.findById(trx, user.id)
          if (after?.locked_until && new Date(after.locked_until) > now) {
            await sessions.removeAllForUser(trx, user.id)
            return { ok: false, message: SIGN_IN_FAILED_MESSAGE }
          }
          return { ok: false, message: 'Enter the 6-digit code shown in your authenticator app' }
        }
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
        return { ok: true, token: fresh, stage: 'authenticated' }
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
