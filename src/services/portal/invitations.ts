/**
 * Inviting an interested person (or their representative) to the family portal. A case worker
 * invites from the case; the invitation goes by e-mail (enqueued in the same transaction) with a
 * link holding a random token of which only the SHA-256 is stored. The link works once, until it
 * expires (14 days) or is revoked. Accepting sets a password (or, for someone who already has a
 * portal account, confirms it) and grants portal access to exactly that interested person on
 * exactly that investigation.
 */
import * as investigations from '../../data/repositories/investigations.js'
import type { Kysely } from 'kysely'
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import * as organisations from '../../data/repositories/organisations.js'
import * as portal from '../../data/repositories/portal.js'
import * as users from '../../data/repositories/users.js'
import type { Database } from '../../data/schema.js'
import * as auditTrail from '../auditTrail.js'
import type { CaseAccess } from '../caseAccess.js'
import { isUuid, requireActor } from '../caseAccess.js'
import type { RequestContext } from '../context.js'
import { NotFound, ServiceError, ValidationFailed } from '../errors.js'
import { enqueueEmail } from '../mail/outbox.js'
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from '../security/passwords.js'
import { randomToken, sha256Hex } from '../security/tokens.js'
import { addressKey, type AttemptThrottleService, type ThrottleKey } from '../attemptThrottle.js'
import type { Client } from '../authentication.js'

export const INVITATION_LIFETIME_DAYS = 14

export const InvitationInput = z.object({
  interestedPersonId: z.uuid({ message: 'Choose who to invite' }),
  representativeId: z.uuid().nullish(),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(320)
    .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.com' }))
    .nullish(),
})
export type InvitationInput = z.input<typeof InvitationInput>

export const AcceptInput = z.object({
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Password must be at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(MAX_PASSWORD_LENGTH, `Password must be ${MAX_PASSWORD_LENGTH} characters or fewer`),
})

export type InvitationStatus = 'pending' | 'accepted' | 'expired' | 'revoked'

export interface InvitationSummary {
  id: string
  investigationId: string
  interestedPersonId: string
  interestedPersonName: string
  representativeId: string | null
  representativeName: string | null
  email: string
  status: InvitationStatus
  expiresAt: Date
  createdAt: Date
  acceptedAt: Date | null
  revokedAt: Date | null
}

/** Why an invitation link cannot be used; the page says which, and nothing else. */
export class InvitationUnusable extends ServiceError {
  constructor(readonly reason: 'unknown' | 'expired' | 'used' | 'revoked') {
    super(
      {
        unknown: 'This invitation link is not valid. Check you copied the whole link from the email.',
        expired: 'This invitation has expired. Ask your contact at the investigation to send a new one.',
        used: 'This invitation has already been used. Sign in with the email address and password you chose.',
        revoked:
          'This invitation has been withdrawn. Ask your contact at the investigation if you think this is wrong.',
      }[reason],
    )
  }
}

function statusOf(row: portal.InvitationRow, now: Date): InvitationStatus {
  if (row.revoked_at) return 'revoked'
  if (row.accepted_at) return 'accepted'
  if (new Date(row.expires_at) <= now) return 'expired'
  return 'pending'
}

function usable(row: portal.InvitationRow | undefined, now: Date): portal.InvitationRow {
  if (!row) throw new InvitationUnusable('unknown')
  const status = statusOf(row, now)
  if (status === 'revoked') throw new InvitationUnusable('revoked')
  if (status === 'accepted') throw new InvitationUnusable('used')
  if (status === 'expired') throw new InvitationUnusable('expired')
  return row
}

function zodProblems(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
}

export function invitationService(
  db: Kysely<Database>,
  access: CaseAccess,
  options: { publicUrl: string },
  throttle: AttemptThrottleService,
) {
  const base = options.publicUrl.replace(/\/+$/, '')
  const linkFor = (token: string) => `${base}/portal/invitations/${token}`

  const summarise = (
    row: portal.InvitationRow & { interested_person_name: string; representative_name: string | null },
    now = new Date(),
  ): InvitationSummary => ({
    id: row.id,
    investigationId: row.investigation_id,
    interestedPersonId: row.interested_person_id,
    interestedPersonName: row.interested_person_name,
    representativeId: row.representative_id,
    representativeName: row.representative_name,
    email: row.email,
    status: statusOf(row, now),
    expiresAt: new Date(row.expires_at),
    createdAt: new Date(row.created_at),
    acceptedAt: row.accepted_at ? new Date(row.accepted_at) : null,
    revokedAt: row.revoked_at ? new Date(row.revoked_at) : null,
  })

  return {
    linkFor,

    /** Who on the case could be invited (the invitation form's choices). */
    async invitees(investigationId: string, ctx: RequestContext) {
      await access.require(db, ctx, investigationId, 'family:read')
      return portal.interestedPeopleOf(db, investigationId)
    },

    async invite(
      investigationId: string,
      input: InvitationInput,
      ctx: RequestContext,
      now = new Date(),
    ): Promise<InvitationSummary> {
      const parsed = InvitationInput.safeParse(input)
      if (!parsed.success) throw new ValidationFailed(zodProblems(parsed.error))
      const data = parsed.data
      const actor = requireActor(ctx)
      return access.transaction(ctx, async (trx) => {
        const { investigation } = await access.require(trx, ctx, investigationId, 'family:contribute')
        const person = await portal.findInterestedPerson(trx, investigationId, data.interestedPersonId)
        if (!person)
          throw new ValidationFailed([
            { path: 'interestedPersonId', message: 'Choose an interested person on this investigation' },
          ])
        const representative = data.representativeId
          ? await portal.findRepresentative(trx, person.id, data.representativeId)
          : undefined
        if (data.representativeId && !representative) {
          throw new ValidationFailed([
            { path: 'representativeId', message: 'Choose a representative of this interested person' },
          ])
        }
        const email = data.email ?? (representative ? representative.email : person.email)
        if (!email)
          throw new ValidationFailed([{ path: 'email', message: 'Enter the email address to send the invitation to' }])
        const token = randomToken()
        const row = await portal.insertInvitation(trx, {
          id: uuidv7(),
          investigation_id: investigationId,
          interested_person_id: person.id,
          representative_id: representative?.id ?? null,
          email: email.toLowerCase(),
          token_hash: sha256Hex(token),
          expires_at: new Date(now.getTime() + INVITATION_LIFETIME_DAYS * 86_400_000),
          created_by: actor.userId,
        })
        await auditTrail.record(trx, ctx, {
          action: 'portal.invitation-created',
          entityType: 'invitation',
          entityId: row.id,
          caseId: investigationId,
          detail: {
            interestedPersonId: person.id,
            representativeId: representative?.id ?? null,
            expiresAt: row.expires_at,
          },
        })
        const name = representative?.full_name ?? person.full_name
        await enqueueEmail(trx, {
          to: row.email,
          investigationId,
          subject: `You are invited to follow investigation ${investigation.reference}`,
          text: [
            `Dear ${name},`,
            '',
            `You are invited to use the online portal for investigation ${investigation.reference}. In the portal you can see how the investigation is progressing, read the updates and meeting notes sent to you, and send messages and documents to the investigation team.`,
            '',
            'To accept, open this link and choose a password:',
            '',
            linkFor(token),
            '',
            `The link works once and expires in ${INVITATION_LIFETIME_DAYS} days. If you were not expecting this email, you can ignore it.`,
          ].join('\n'),
        })
        return summarise(
          { ...row, interested_person_name: person.full_name, representative_name: representative?.full_name ?? null },
          now,
        )
      })
    },

    async list(investigationId: string, ctx: RequestContext): Promise<InvitationSummary[]> {
      await access.require(db, ctx, investigationId, 'family:read')
      const now = new Date()
      return (await portal.listInvitations(db, investigationId)).map((r) => summarise(r, now))
    },

    /** Withdraws an invitation; one already accepted also ends the portal access it gave. */
    async revoke(invitationId: string, ctx: RequestContext): Promise<void> {
      requireActor(ctx)
      if (!isUuid(invitationId)) throw new NotFound('The invitation')
      const found = await portal.findInvitationById(db, invitationId)
      if (!found) throw new NotFound('The invitation')
      await access.transaction(ctx, async (trx) => {
        await access.require(trx, ctx, found.investigation_id, 'family:contribute')
        const now = new Date()
        const row = await portal.revokeInvitation(trx, invitationId, now)
        if (!row) return // already revoked: nothing changes
        if (row.accepted_user_id) await portal.revokeAccess(trx, row.accepted_user_id, row.interested_person_id, now)
        await auditTrail.record(trx, ctx, {
          action: 'portal.invitation-revoked',
          entityType: 'invitation',
          entityId: invitationId,
          caseId: row.investigation_id,
          detail: { accessEnded: row.accepted_user_id !== null },
        })
      })
    },

    /** What the invitation page needs before the person sets a password. */
    async inspect(token: string, now = new Date()): Promise<{ email: string; reference: string; hasAccount: boolean }> {
      const row = usable(await portal.findInvitationByHash(db, sha256Hex(token)), now)
      const investigation = await investigations.findById(db, row.investigation_id)
      if (!investigation) throw new NotFound('The investigation')
      const existing = await users.findByEmail(db, row.email)
      return { email: row.email, reference: investigation.reference, hasAccount: existing !== undefined }
    },

    /**
     * Uses the invitation: a new portal account with this password, or (when the e-mail address
     * already has a portal account) that account, once its password is confirmed.
     *
     * With a client (every web request), guesses are counted (ADR 0026): a link that names no
     * invitation counts against the address, and confirming an existing account's password counts
     * against the address and the account as signing in does; TooManyAttempts while either waits.
     */
    async accept(
      token: string,
      input: { password: string },
      ctx: RequestContext,
      now = new Date(),
      client: Client | null = null,
    ): Promise<{ userId: string; email: string }> {
      const found = await portal.findInvitationByHash(db, sha256Hex(token))
      if (!found && client) await throttle.reserve([addressKey(client.address)], 'invitation', ctx, null, now)
      const invitation = usable(found, now)
      const existing = await users.findByEmail(db, invitation.email)
      let keys: ThrottleKey[] = []
      if (existing && client) {
        keys = await throttle.keysFor({ ...client, email: existing.email }, existing.id)
        await throttle.reserve(keys, 'invitation', ctx, existing.id, now)
      }
      if (!existing) {
        const parsed = AcceptInput.safeParse(input)
        if (!parsed.success) throw new ValidationFailed(zodProblems(parsed.error))
      } else {
        if (!existing.roles.includes('interested_person') || existing.status !== 'active') {
          throw new ValidationFailed([
            {
              path: 'password',
              message:
                'This email address cannot be used for the portal. Ask your contact at the investigation to invite another address.',
            },
          ])
        }
        if (!existing.password_hash || !(await verifyPassword(existing.password_hash, input.password))) {
          throw new ValidationFailed([
            { path: 'password', message: 'Enter the password of your existing portal account' },
          ])
        }
      }
      const passwordHash = existing ? null : await hashPassword(input.password)
      return db.transaction().execute(async (trx) => {
        let userId = existing?.id
        if (!userId) {
          const inviter = invitation.created_by ? await users.findById(trx, invitation.created_by) : undefined
          const organisationId =
            inviter?.organisation_id ?? (await organisations.list(trx)).find((o) => o.kind === 'oversight_body')?.id
          if (!organisationId) throw new Error('No oversight body organisation to attach the portal account to')
          const person = await portal.findInterestedPerson(
            trx,
            invitation.investigation_id,
            invitation.interested_person_id,
          )
          const representative = invitation.representative_id
            ? await portal.findRepresentative(trx, invitation.interested_person_id, invitation.representative_id)
            : undefined
          const user = await users.insert(trx, {
            id: uuidv7(),
            email: invitation.email,
            display_name: representative?.full_name ?? person?.full_name ?? invitation.email,
            password_hash: passwordHash,
            roles: ['interested_person'],
            organisation_id: organisationId,
            status: 'active',
            totp_secret: null,
            totp_enabled_at: null,
            totp_last_time_step: null,
            locked_until: null,
            last_signed_in_at: null,
          })
          userId = user.id
        }
        // The existing account's password was right: the counted attempt is given back.
        await throttle.giveBack(trx, keys)
        const used = await portal.markInvitationAccepted(trx, invitation.id, userId, now)
        if (!used) throw new InvitationUnusable('used') // another tab or person used it first
        await portal.grantAccess(trx, {
          user_id: userId,
          investigation_id: invitation.investigation_id,
          interested_person_id: invitation.interested_person_id,
          representative_id: invitation.representative_id,
        })
        await auditTrail.record(trx, ctx, {
          action: 'portal.invitation-accepted',
          entityType: 'invitation',
          entityId: invitation.id,
          caseId: invitation.investigation_id,
          actorUserId: userId,
          detail: { newAccount: !existing, interestedPersonId: invitation.interested_person_id },
        })
        return { userId, email: invitation.email }
      })
    },
  }
}

export type InvitationService = ReturnType<typeof invitationService>
