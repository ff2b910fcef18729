/**
 * Invitation and portal rules issue 17 found untested. Each test fails when the rule it names is
 * removed from src/services/portal/ (docs/quality.md lists the break each one catches).
 */
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { after, before, describe, it } from 'node:test'
import { actorFor, toSignedInUser } from '../../src/services/authentication.js'
import type { RequestContext } from '../../src/services/context.js'
import { Forbidden, NotFound, ValidationFailed } from '../../src/services/errors.js'
import { MAX_DOCUMENT_BYTES } from '../../src/services/evidence.js'
import { InvitationUnusable } from '../../src/services/portal/invitations.js'
import { DATABASE_KINDS } from '../support/database.js'
import { Client, startTestApp, type TestApp } from '../support/app.js'
import { onlyProblem } from '../support/problems.js'
import { addInterestedPerson, addLetter, addRepresentative } from '../support/families.js'
import { makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

const PASSWORD = 'a long family password'
const requestCtx: RequestContext = { actor: null, requestId: 'portal-rules' }

let n = 0
for (const kind of DATABASE_KINDS) {
  describe(`portal rules (${kind})`, () => {
    let t: TestApp
    let team: Team
    before(async () => {
      t = await startTestApp(kind)
      team = await makeTeam(t.services)
    })
    after(() => t.close())

    const tokenFromOutbox = async (to: string) => {
      const row = await t.database.db
        .selectFrom('outbound_emails')
        .select('body_text')
        .where('to_address', '=', to)
        .where('subject', 'like', 'You are invited%')
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
      return /\/portal\/invitations\/([A-Za-z0-9_-]+)/.exec(row.body_text)![1]!
    }
    async function invite(
      investigationId: string,
      interestedPersonId: string,
      email: string,
      representativeId?: string,
    ) {
      await t.services.invitations.invite(
        investigationId,
        { interestedPersonId, email, ...(representativeId ? { representativeId } : {}) },
        team.caseWorker,
      )
      return tokenFromOutbox(email)
    }
    async function portalContext(userId: string): Promise<RequestContext & { userId: string }> {
      const row = await t.database.db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
      return { actor: actorFor(toSignedInUser(row as never)), requestId: 'portal-rules', userId }
    }
    /** A case with one interested person who has accepted an invitation (a new portal account). */
    async function familyOnCase(investigationId?: string) {
      const i = ++n
      const caseId = investigationId ?? (await openInvestigation(t.services, team)).investigation.id
      const email = `family-${kind}-${i}@family.test`
      const personId = await addInterestedPerson(t.database.db, caseId, { name: `Family ${i}`, email })
      const token = await invite(caseId, personId, email)
      const { userId } = await t.services.invitations.accept(token, { password: PASSWORD }, requestCtx)
      return { caseId, email, personId, userId, ctx: await portalContext(userId) }
    }
    const auditOf = (entityId: string) =>
      t.database.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'case_id', 'entity_type'])
        .where('entity_id', '=', entityId)
        .orderBy('seq')
        .execute()

    it('accepting with an existing portal account needs that account’s password, and grants access on the new case', async () => {
      const first = await familyOnCase()
      const { investigation: second } = await openInvestigation(t.services, team)
      const personOnSecond = await addInterestedPerson(t.database.db, second.id, {
        name: 'Same person, second case',
        email: first.email,
      })
      const token = await invite(second.id, personOnSecond, first.email)
      assert.deepEqual((await t.services.invitations.inspect(token)).hasAccount, true)
      await assert.rejects(
        t.services.invitations.accept(token, { password: 'not the password at all' }, requestCtx),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          e.problems[0]!.path === 'password' &&
          e.problems[0]!.message === 'Enter the password of your existing portal account',
      )
      const refused = await t.database.db
        .selectFrom('portal_access')
        .select('investigation_id')
        .where('user_id', '=', first.userId)
        .execute()
      assert.deepEqual(refused, [{ investigation_id: first.caseId }])
      const accepted = await t.services.invitations.accept(token, { password: PASSWORD }, requestCtx)
      assert.deepEqual(accepted, { userId: first.userId, email: first.email })
      const access = await t.database.db
        .selectFrom('portal_access')
        .select(['investigation_id', 'interested_person_id'])
        .where('user_id', '=', first.userId)
        .where('revoked_at', 'is', null)
        .execute()
      assert.deepEqual(
        access.map((a) => [a.investigation_id, a.interested_person_id]).sort(),
        [
          [first.caseId, first.personId],
          [second.id, personOnSecond],
        ].sort(),
      )
      const users = await t.database.db.selectFrom('users').select('id').where('email', '=', first.email).execute()
      assert.equal(users.length, 1, 'no second account')
      const invitation = await t.database.db
        .selectFrom('invitations')
        .select('id')
        .where('investigation_id', '=', second.id)
        .executeTakeFirstOrThrow()
      const [entry] = (await auditOf(invitation.id)).filter((a) => a.action === 'portal.invitation-accepted')
      assert.deepEqual(entry, {
        action: 'portal.invitation-accepted',
        actor_user_id: first.userId,
        case_id: second.id,
        entity_type: 'invitation',
      })
      const detail = await t.database.db
        .selectFrom('audit_log')
        .select('detail')
        .where('entity_id', '=', invitation.id)
        .where('action', '=', 'portal.invitation-accepted')
        .executeTakeFirstOrThrow()
      assert.deepEqual(detail.detail, { newAccount: false, interestedPersonId: personOnSecond })
    })

    it('an existing account that is not an active interested person cannot accept', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      // A staff account's address.
      const staffEmail = (
        await t.database.db
          .selectFrom('users')
          .select('email')
          .where('id', '=', team.investigator.userId)
          .executeTakeFirstOrThrow()
      ).email
      const staffPerson = await addInterestedPerson(t.database.db, investigation.id, { email: staffEmail })
      const staffToken = await invite(investigation.id, staffPerson, staffEmail)
      const cannot = (e: unknown) =>
        e instanceof ValidationFailed && /cannot be used for the portal/.test(e.problems[0]!.message)
      await assert.rejects(
        t.services.invitations.accept(staffToken, { password: 'correct horse battery' }, requestCtx),
        cannot,
      )
      // A disabled portal account, with its right password.
      const disabled = await familyOnCase()
      await t.database.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled.userId).execute()
      const again = await addInterestedPerson(t.database.db, investigation.id, { email: disabled.email })
      const disabledToken = await invite(investigation.id, again, disabled.email)
      await assert.rejects(t.services.invitations.accept(disabledToken, { password: PASSWORD }, requestCtx), cannot)
      const granted = await t.database.db
        .selectFrom('portal_access')
        .select('user_id')
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.deepEqual(granted, [])
    })

    it('the invitation page asks a new account to confirm its password, and an existing one only for its password', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const email = `confirm-${kind}-${++n}@family.test`
      const person = await addInterestedPerson(t.database.db, investigation.id, { email })
      const token = await invite(investigation.id, person, email)
      const client = new Client(t.app)
      const url = `/portal/invitations/${token}`
      const mismatch = await client.postForm(url, { password: PASSWORD, confirmPassword: `${PASSWORD}!` }, url)
      assert.equal(mismatch.statusCode, 400)
      assert.match(mismatch.body, /The passwords do not match/)
      assert.equal(
        (await t.database.db.selectFrom('users').select('id').where('email', '=', email).execute()).length,
        0,
      )
      const ok = await client.postForm(url, { password: PASSWORD, confirmPassword: PASSWORD }, url)
      assert.equal(ok.statusCode, 303)
      assert.equal(ok.headers.location, '/portal/welcome')
      // The same person invited to another case signs in with the password they have.
      const { investigation: other } = await openInvestigation(t.services, team)
      const person2 = await addInterestedPerson(t.database.db, other.id, { email })
      const token2 = await invite(other.id, person2, email)
      const url2 = `/portal/invitations/${token2}`
      const fresh = new Client(t.app)
      const wrong = await fresh.postForm(url2, { password: 'a wrong long password' }, url2)
      assert.equal(wrong.statusCode, 400)
      assert.match(wrong.body, /Enter the password of your existing portal account/)
      const right = await fresh.postForm(url2, { password: PASSWORD }, url2)
      assert.equal(right.statusCode, 303)
      assert.equal(right.headers.location, '/portal/welcome')
    })

    it('two acceptances of one invitation at once: one wins, the other is told it was used', async () => {
      const first = await familyOnCase()
      const { investigation } = await openInvestigation(t.services, team)
      const person = await addInterestedPerson(t.database.db, investigation.id, { email: first.email })
      const token = await invite(investigation.id, person, first.email)
      const results = await Promise.allSettled([
        t.services.invitations.accept(token, { password: PASSWORD }, requestCtx),
        t.services.invitations.accept(token, { password: PASSWORD }, requestCtx),
      ])
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1)
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      assert.ok(lost.reason instanceof InvitationUnusable && lost.reason.reason === 'used', String(lost.reason))
      const access = await t.database.db
        .selectFrom('portal_access')
        .select('user_id')
        .where('investigation_id', '=', investigation.id)
        .execute()
      assert.deepEqual(access, [{ user_id: first.userId }])
      const accepted = await t.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('case_id', '=', investigation.id)
        .where('action', '=', 'portal.invitation-accepted')
        .execute()
      assert.equal(accepted.length, 1)
    })

    it('a representative must be one of the invited person’s; the access granted records the representative', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const tag = `${kind}-${++n}`
      const personA = await addInterestedPerson(t.database.db, investigation.id, { name: 'Alma A' })
      const personB = await addInterestedPerson(t.database.db, investigation.id, { name: 'Bert B' })
      const repOfB = await addRepresentative(t.database.db, investigation.id, personB, { name: 'Rhea of B' })
      const repOfA = await addRepresentative(t.database.db, investigation.id, personA, {
        name: 'Ravi of A',
        email: `ravi-${tag}@law.test`,
      })
      await assert.rejects(
        t.services.invitations.invite(
          investigation.id,
          { interestedPersonId: personA, representativeId: repOfB },
          team.caseWorker,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'representativeId',
      )
      assert.equal((await t.services.invitations.list(investigation.id, team.caseWorker)).length, 0)
      // Invited without an address: the representative's own is used.
      const summary = await t.services.invitations.invite(
        investigation.id,
        { interestedPersonId: personA, representativeId: repOfA },
        team.caseWorker,
      )
      assert.equal(summary.email, `ravi-${tag}@law.test`)
      assert.equal(summary.representativeId, repOfA)
      assert.equal(summary.representativeName, 'Ravi of A')
      const mail = await t.database.db
        .selectFrom('outbound_emails')
        .select('body_text')
        .where('to_address', '=', `ravi-${tag}@law.test`)
        .executeTakeFirstOrThrow()
      assert.match(mail.body_text, /^Dear Ravi of A,\n/)
      const token = await tokenFromOutbox(`ravi-${tag}@law.test`)
      const { userId } = await t.services.invitations.accept(token, { password: PASSWORD }, requestCtx)
      const access = await t.database.db
        .selectFrom('portal_access')
        .select(['investigation_id', 'interested_person_id', 'representative_id'])
        .where('user_id', '=', userId)
        .execute()
      assert.deepEqual(access, [
        { investigation_id: investigation.id, interested_person_id: personA, representative_id: repOfA },
      ])
      const user = await t.database.db
        .selectFrom('users')
        .select(['display_name', 'roles'])
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
      assert.deepEqual(user, { display_name: 'Ravi of A', roles: ['interested_person'] })
    })

    it('letter and report downloads are audited against the portal user who made them', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Lena', familyName: `Letters${++n}`, determination: 'no_case_to_answer' },
      ])
      const family = await familyOnCase(investigation.id)
      const pdf = await t.services.documentStore.put(Buffer.from('%PDF-1.4 a letter'))
      const letterId = await addLetter(t.database.db, investigation.id, family.personId, pdf.sha256, 'letter.pdf')
      const letter = await t.services.portal.letter(investigation.id, letterId, family.ctx)
      assert.equal(letter.sha256, pdf.sha256)
      assert.deepEqual(await auditOf(letterId), [
        {
          action: 'portal.letter-downloaded',
          actor_user_id: family.userId,
          case_id: investigation.id,
          entity_type: 'letter',
        },
      ])
      const release = await t.services.publications.release(
        investigation.id,
        { summary: 'Summary', publicFrom: null },
        team.decisionMaker,
      )
      const report = await t.services.portal.releasedReportPdf(investigation.id, family.ctx)
      assert.equal(report.sha256, release.redacted_pdf_sha256)
      const reference = (await t.services.investigations.header(investigation.id, team.lead)).investigation.reference
      assert.equal(report.filename, `report-${reference.replace('/', '-')}.pdf`)
      assert.deepEqual(
        (await auditOf(release.id)).filter((a) => a.action === 'portal.report-downloaded'),
        [
          {
            action: 'portal.report-downloaded',
            actor_user_id: family.userId,
            case_id: investigation.id,
            entity_type: 'publication',
          },
        ],
      )
    })

    it('marking a submission reviewed needs family:contribute (a decision maker cannot)', async () => {
      const family = await familyOnCase()
      const { ids } = await t.services.portal.submit(family.caseId, { message: 'Please call me' }, family.ctx)
      const id = ids[0]!
      await assert.rejects(t.services.portal.markReviewed(family.caseId, id, team.decisionMaker), Forbidden)
      assert.equal((await t.services.portal.submissionsForCase(family.caseId, team.caseWorker)).length, 1)
      await t.services.portal.markReviewed(family.caseId, id, team.caseWorker)
      assert.equal((await t.services.portal.submissionsForCase(family.caseId, team.caseWorker)).length, 0)
      assert.deepEqual(await auditOf(id), [
        {
          action: 'portal.submission-received',
          actor_user_id: family.userId,
          case_id: family.caseId,
          entity_type: 'portal_submission',
        },
        {
          action: 'portal.submission-reviewed',
          actor_user_id: team.caseWorker.userId,
          case_id: family.caseId,
          entity_type: 'portal_submission',
        },
      ])
    })

    it('refuses an empty upload without a message, and an upload over the limit', async () => {
      const family = await familyOnCase()
      await assert.rejects(
        t.services.portal.submit(
          family.caseId,
          { message: '  ', file: { bytes: Buffer.alloc(0), filename: 'empty.pdf', mediaType: 'application/pdf' } },
          family.ctx,
        ),
        (e: unknown) =>
          e instanceof ValidationFailed &&
          e.problems[0]!.path === 'message' &&
          e.problems[0]!.message === 'Enter a message or choose a document to send',
      )
      await assert.rejects(
        t.services.portal.submit(
          family.caseId,
          {
            message: 'With a big file',
            file: { bytes: Buffer.alloc(MAX_DOCUMENT_BYTES + 1), filename: 'big.pdf', mediaType: 'application/pdf' },
          },
          family.ctx,
        ),
        (e: unknown) => e instanceof ValidationFailed && e.problems[0]!.path === 'file',
      )
      assert.deepEqual(await t.services.portal.submissions(family.caseId, family.ctx), [])
      // Exactly at the limit is accepted; an empty file beside a message is ignored.
      const atLimit = await t.services.portal.submit(
        family.caseId,
        { file: { bytes: Buffer.alloc(MAX_DOCUMENT_BYTES), filename: 'limit.pdf', mediaType: 'application/pdf' } },
        family.ctx,
      )
      assert.equal(atLimit.ids.length, 1)
      const messageOnly = await t.services.portal.submit(
        family.caseId,
        { message: 'Only words', file: { bytes: Buffer.alloc(0), filename: 'x.pdf', mediaType: 'application/pdf' } },
        family.ctx,
      )
      assert.equal(messageOnly.ids.length, 1)
      assert.deepEqual((await t.services.portal.submissions(family.caseId, family.ctx)).map((s) => s.kind).sort(), [
        'document',
        'message',
      ])
    })

    it('tells the case workers of a submission, or the lead investigator when the case has none', async () => {
      const emailOf = async (userId: string) =>
        (await t.database.db.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirstOrThrow())
          .email
      const told = async (caseId: string) =>
        (
          await t.database.db
            .selectFrom('outbound_emails')
            .select('to_address')
            .where('investigation_id', '=', caseId)
            .where('subject', 'like', 'Candour: a family has sent something%')
            .execute()
        ).map((m) => m.to_address)
      const withWorker = await familyOnCase()
      await t.services.portal.submit(withWorker.caseId, { message: 'Hello' }, withWorker.ctx)
      assert.deepEqual(await told(withWorker.caseId), [await emailOf(team.caseWorker.userId)])
      const withoutWorker = await familyOnCase()
      await t.database.db
        .deleteFrom('investigation_members')
        .where('investigation_id', '=', withoutWorker.caseId)
        .where('role_in_case', '=', 'case_worker')
        .execute()
      await t.services.portal.submit(withoutWorker.caseId, { message: 'Hello' }, withoutWorker.ctx)
      assert.deepEqual(await told(withoutWorker.caseId), [await emailOf(team.lead.userId)])
    })

    it('an invitation: the e-mail written out, a malformed address and a person of another case refused', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const other = await openInvestigation(t.services, team)
      const i = ++n
      const email = `invitee-${kind}-${i}@family.test`
      const personId = await addInterestedPerson(t.database.db, investigation.id, { name: `Iris Invitee${i}`, email })
      const strangerId = await addInterestedPerson(t.database.db, other.investigation.id, { name: 'On another case' })
      await assert.rejects(
        t.services.invitations.invite(
          investigation.id,
          { interestedPersonId: personId, email: 'not an address' },
          team.caseWorker,
        ),
        onlyProblem('email', 'Enter an email address in the correct format, like name@example.com'),
      )
      await assert.rejects(
        t.services.invitations.invite(investigation.id, { interestedPersonId: strangerId, email }, team.caseWorker),
        onlyProblem('interestedPersonId', 'Choose an interested person on this investigation'),
      )
      assert.equal(
        (await t.database.db.selectFrom('invitations').select('id').where('email', '=', email).execute()).length,
        0,
      )
      const token = await invite(investigation.id, personId, email)
      const mail = await t.database.db
        .selectFrom('outbound_emails')
        .select(['subject', 'body_text'])
        .where('to_address', '=', email)
        .executeTakeFirstOrThrow()
      const reference = investigation.reference
      const base = t.config.publicUrl.replace(/\/+$/, '')
      assert.deepEqual(mail, {
        subject: `You are invited to follow investigation ${reference}`,
        body_text: [
          `Dear Iris Invitee${i},`,
          '',
          `You are invited to use the online portal for investigation ${reference}. In the portal you can see how the investigation is progressing, read the updates and meeting notes sent to you, and send messages and documents to the investigation team.`,
          '',
          'To accept, open this link and choose a password:',
          '',
          `${base}/portal/invitations/${token}`,
          '',
          'The link works once and expires in 14 days. If you were not expecting this email, you can ignore it.',
        ].join('\n'),
      })
    })

    it('a wrong password for an existing account at an invitation counts against that account and the address', async () => {
      const first = await familyOnCase()
      const { investigation: second } = await openInvestigation(t.services, team)
      const personOnSecond = await addInterestedPerson(t.database.db, second.id, { name: 'Again', email: first.email })
      const token = await invite(second.id, personOnSecond, first.email)
      const address = `198.51.100.${++n % 250}`
      const failures = async (key: string) =>
        (
          await t.database.db
            .selectFrom('attempt_throttles')
            .select('failures')
            .where('key_hash', '=', createHash('sha256').update(key).digest('hex'))
            .executeTakeFirst()
        )?.failures ?? 0
      await assert.rejects(
        t.services.invitations.accept(token, { password: 'not the password at all' }, requestCtx, new Date(), {
          address,
        }),
        ValidationFailed,
      )
      assert.equal(await failures(`account:${first.email}`), 1)
      assert.equal(await failures(`address:${address}`), 1)
      // The right password gives the counted attempt back.
      await t.services.invitations.accept(token, { password: PASSWORD }, requestCtx, new Date(), { address })
      assert.equal(await failures(`account:${first.email}`), 0)
    })

    it('the released report on the portal: none before release, then released and not yet public, then public; each read audited', async () => {
      const { investigation } = await approvedReportCase(t, team, [
        { givenName: 'Rhea', familyName: `Released${++n}`, determination: 'no_case_to_answer' },
      ])
      const family = await familyOnCase(investigation.id)
      assert.equal(await t.services.portal.releasedReport(investigation.id, family.ctx), null)
      const release = await t.services.publications.release(
        investigation.id,
        { summary: 'Summary', publicFrom: null },
        team.decisionMaker,
      )
      const released = await t.services.portal.releasedReport(investigation.id, family.ctx)
      assert.deepEqual(released, {
        id: release.id,
        title: release.title,
        releasedAt: new Date(release.released_to_interested_persons_at),
        onPublicSite: false,
      })
      await t.services.publications.schedule(
        investigation.id,
        { publicFrom: new Date(Date.now() - 1000) },
        release.version,
        team.decisionMaker,
      )
      assert.equal((await t.services.portal.releasedReport(investigation.id, family.ctx))?.onPublicSite, true)
      assert.deepEqual(
        (await auditOf(release.id)).filter((a) => a.action === 'portal.report-read'),
        [1, 2].map(() => ({
          action: 'portal.report-read',
          actor_user_id: family.userId,
          case_id: investigation.id,
          entity_type: 'publication',
        })),
      )
    })

    it('a submission: the message limit, the team’s e-mail written out, and the document downloaded under its own name', async () => {
      const family = await familyOnCase()
      await assert.rejects(
        t.services.portal.submit(family.caseId, { message: 'x'.repeat(20_001) }, family.ctx),
        onlyProblem('message', 'Your message must be 20,000 characters or fewer'),
      )
      await t.services.portal.submit(family.caseId, { message: 'x'.repeat(20_000) }, family.ctx)
      const { ids } = await t.services.portal.submit(
        family.caseId,
        {
          message: 'The statement',
          file: { bytes: Buffer.from('%PDF-1.4 statement'), filename: 'statement.pdf', mediaType: 'application/pdf' },
        },
        family.ctx,
      )
      const worker = await t.database.db
        .selectFrom('users')
        .select(['email', 'display_name'])
        .where('id', '=', team.caseWorker.userId)
        .executeTakeFirstOrThrow()
      const reference = (await t.services.investigations.header(family.caseId, team.lead)).investigation.reference
      const base = t.config.publicUrl.replace(/\/+$/, '')
      const bodies = (
        await t.database.db
          .selectFrom('outbound_emails')
          .select(['to_address', 'body_text'])
          .where('investigation_id', '=', family.caseId)
          .where('subject', '=', `Candour: a family has sent something on investigation ${reference}`)
          .orderBy('created_at')
          .execute()
      ).map((m) => [m.to_address, m.body_text])
      const body = (what: string) =>
        [
          `Dear ${worker.display_name},`,
          '',
          `Something new has arrived through the family portal on investigation ${reference}${what}. It is waiting for review.`,
          '',
          `Review it: ${base}/investigations/${family.caseId}/invitations`,
        ].join('\n')
      assert.deepEqual(bodies, [
        [worker.email, body('')],
        [worker.email, body(' (including a document)')],
      ])
      const documentId = (await t.services.portal.submissionsForCase(family.caseId, team.caseWorker)).find(
        (s) => s.kind === 'document',
      )!.id
      assert.ok(ids.includes(documentId))
      const download = await t.services.portal.submissionDocument(family.caseId, documentId, team.caseWorker)
      assert.deepEqual(download.document.original_filename, 'statement.pdf')
      assert.deepEqual(download.document.media_type, 'application/pdf')
      assert.equal(Buffer.from(download.bytes).toString(), '%PDF-1.4 statement')
    })

    it('a portal user’s submission on a case not theirs is refused and audited as denied', async () => {
      const family = await familyOnCase()
      const other = await familyOnCase()
      await assert.rejects(t.services.portal.submit(other.caseId, { message: 'Not my case' }, family.ctx), NotFound)
      const denied = await t.database.db
        .selectFrom('audit_log')
        .select(['actor_user_id', 'detail'])
        .where('case_id', '=', other.caseId)
        .where('action', '=', 'access.denied')
        .execute()
      assert.deepEqual(denied, [
        {
          actor_user_id: family.userId,
          detail: { action: 'portal:use', reason: 'no portal access to this investigation' },
        },
      ])
    })
  })
}
