/**
 * Personal API tokens: a signed-in person (or an operator, through the CLI) creates a token for
 * scripts to call the JSON API as that person. The token is shown once; only its SHA-256 is
 * kept, like session ids. Creating and revoking are audited; each use only updates
 * last_used_at, at most once a minute.
 */
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import { authorise } from '../domain/policy.js'
import * as apiTokens from '../data/repositories/apiTokens.js'
import * as users from '../data/repositories/users.js'
import type { Database } from '../data/schema.js'
import { actorFor, toSignedInUser, type CurrentSession } from './authentication.js'
import * as auditTrail from './auditTrail.js'
import type { RequestContext } from './context.js'
import { Forbidden, NotFound, ValidationFailed } from './errors.js'
import { randomToken, sha256Hex } from './security/tokens.js'

export const API_TOKEN_SCOPES = ['read', 'write'] as const
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number]

/** Tokens start with this, so secret scanners (and people) can recognise a leaked one. */
export const API_TOKEN_PREFIX = 'candour_pat_'
/** A person may hold this many live tokens at once. */
export const MAX_ACTIVE_TOKENS = 20
const LAST_USED_INTERVAL_MS = 60_000

export const NewApiTokenSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(100, 'Name must be 100 characters or fewer'),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES, { message: 'Choose read, or read and write' }))
    .refine((s) => s.includes('read'), 'Every token can read: include the read scope'),
  expiresAt: z.date().nullable().optional(),
})
export type NewApiToken = z.input<typeof NewApiTokenSchema>

export type ApiTokenStatus = 'active' | 'expired' | 'revoked'

export interface ApiTokenSummary {
  id: string
  name: string
  scopes: ApiTokenScope[]
  createdAt: Date
  expiresAt: Date | null
  lastUsedAt: Date | null
  revokedAt: Date | null
  status: ApiTokenStatus
}

export interface AuthenticatedToken {
  session: CurrentSession
  token: { id: string; scopes: ApiTokenScope[] }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value))

function scopesOf(row: apiTokens.ApiTokenRow): ApiTokenScope[] {
  return API_TOKEN_SCOPES.filter((s) => row.scopes.includes(s))
}

function summarise(row: apiTokens.ApiTokenRow, now = new Date()): ApiTokenSummary {
  const expiresAt = date(row.expires_at)
  const revokedAt = date(row.revoked_at)
  return {
    id: row.id,
    name: row.name,
    scopes: scopesOf(row),
    createdAt: new Date(row.created_at),
    expiresAt,
    lastUsedAt: date(row.last_used_at),
    revokedAt,
    status: revokedAt ? 'revoked' : expiresAt && expiresAt <= now ? 'expired' : 'active',
  }
}

export function apiTokenService(db: Kysely<Database>) {
  /**
   * People manage only their own tokens; the CLI (no actor: an operator at the console) may
   * manage anyone's.
   */
  function assertMayManage(ctx: RequestContext, userId: string) {
    if (ctx.actor === null) return
    const decision = authorise(ctx.actor, 'api-tokens:manage-own')
    if (!decision.allowed) throw new Forbidden(decision.reason)
    if (ctx.actor.userId !== userId) throw new Forbidden('You can only manage your own API tokens.')
  }

  return {
    /** Creates a token for the user and returns its secret, which is never available again. */
    async create(
      userId: string,
      input: NewApiToken,
      ctx: RequestContext,
    ): Promise<{ token: ApiTokenSummary; secret: string }> {
      assertMayManage(ctx, userId)
      const parsed = NewApiTokenSchema.safeParse(input)
      if (!parsed.success) {
        throw new ValidationFailed(
          parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
        )
      }
      const now = new Date()
      const { name, expiresAt } = parsed.data
      const scopes = API_TOKEN_SCOPES.filter((s) => parsed.data.scopes.includes(s))
      if (expiresAt && expiresAt <= now)
        throw new ValidationFailed([{ path: 'expiresAt', message: 'The expiry date must be in the future' }])
      const secret = `${API_TOKEN_PREFIX}${randomToken()}`
      return db.transaction().execute(async (trx) => {
        const user = await users.findByIdForUpdate(trx, userId)
        if (!user || user.status !== 'active') throw new NotFound('The account')
        // The holder must be someone the policy lets hold tokens (this matters for the CLI).
        const holder = authorise(actorFor(toSignedInUser(user)), 'api-tokens:manage-own')
        if (!holder.allowed) throw new Forbidden(holder.reason)
        if ((await apiTokens.countActiveForUser(trx, userId, now)) >= MAX_ACTIVE_TOKENS) {
          throw new ValidationFailed([
            {
              path: 'name',
              message: `You already have ${MAX_ACTIVE_TOKENS} tokens; revoke one you no longer use first`,
            },
          ])
        }
        const row = await apiTokens.insert(trx, {
          id: uuidv7(),
          user_id: userId,
          name,
          token_hash: sha256Hex(secret),
          scopes,
          created_at: now,
          expires_at: expiresAt ?? null,
          last_used_at: null,
          revoked_at: null,
        })
        await auditTrail.record(trx, ctx, {
          action: 'api-token.created',
          entityType: 'api-token',
          entityId: row.id,
          detail: { userId, after: { name, scopes, expiresAt: expiresAt ?? null } },
        })
        return { token: summarise(row, now), secret }
      })
    },

    async list(userId: string, ctx: RequestContext): Promise<ApiTokenSummary[]> {
      assertMayManage(ctx, userId)
      const now = new Date()
      return (await apiTokens.listForUser(db, userId)).map((row) => summarise(row, now))
    },

    /** One of the actor's own tokens (another person's is "not found", revealing nothing). */
    async get(tokenId: string, ctx: RequestContext): Promise<ApiTokenSummary> {
      if (!UUID.test(tokenId)) throw new NotFound('The API token')
      const row = await apiTokens.findById(db, tokenId)
      if (!row || (ctx.actor !== null && row.user_id !== ctx.actor.userId)) throw new NotFound('The API token')
      assertMayManage(ctx, row.user_id)
      return summarise(row)
    },

    /** Revokes a token at once. Revoking one already revoked changes nothing. */
    async revoke(tokenId: string, ctx: RequestContext): Promise<ApiTokenSummary> {
      if (!UUID.test(tokenId)) throw new NotFound('The API token')
      return db.transaction().execute(async (trx) => {
        const row = await apiTokens.findByIdForUpdate(trx, tokenId)
        if (!row || (ctx.actor !== null && row.user_id !== ctx.actor.userId)) throw new NotFound('The API token')
        assertMayManage(ctx, row.user_id)
        if (row.revoked_at !== null) return summarise(row)
        const revoked = await apiTokens.revoke(trx, tokenId, new Date())
        if (!revoked) return summarise(row)
        await auditTrail.record(trx, ctx, {
          action: 'api-token.revoked',
          entityType: 'api-token',
          entityId: tokenId,
          detail: { userId: row.user_id, name: row.name },
        })
        return summarise(revoked)
      })
    },

    /**
     * Resolves a bearer token to the person it acts for: null when it is unknown, revoked,
     * expired, or its holder's account is disabled.
     */
    async authenticate(secret: string): Promise<AuthenticatedToken | null> {
      if (!secret.startsWith(API_TOKEN_PREFIX) || secret.length > 200) return null
      const row = await apiTokens.findByHash(db, sha256Hex(secret))
      const now = new Date()
      if (!row || row.revoked_at !== null) return null
      if (row.expires_at !== null && new Date(row.expires_at) <= now) return null
      const userRow = await users.findById(db, row.user_id)
      if (!userRow || userRow.status !== 'active') return null
      // A locked-out account (too many failed sign-ins) is locked for its tokens too, until unlocked.
      if (userRow.locked_until !== null && new Date(userRow.locked_until) > now) return null
      if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() > LAST_USED_INTERVAL_MS) {
        await apiTokens.touchLastUsed(db, row.id, now, LAST_USED_INTERVAL_MS)
      }
      const user = toSignedInUser(userRow)
      return {
        // An API client has no pages to show a confirmation on.
        session: { stage: 'authenticated', user, actor: actorFor(user), confirmation: null },
        token: { id: row.id, scopes: scopesOf(row) },
      }
    },
  }
}

export type ApiTokenService = ReturnType<typeof apiTokenService>
