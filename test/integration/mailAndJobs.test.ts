import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { runCli } from '../../src/cli/candour.js'
import { runJobsOnce } from '../../src/jobs/runOnce.js'
import { caseAccess } from '../../src/services/caseAccess.js'
import { Forbidden } from '../../src/services/errors.js'
import { mailService } from '../../src/services/mail/index.js'
import { enqueueEmail } from '../../src/services/mail/outbox.js'
import { fileTransport, smtpTransport } from '../../src/services/mail/transport.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, testConfig, type TestApp } from '../support/app.js'
import { addInterestedPerson } from '../support/families.js'
import { contextFor, makeTeam, openInvestigation, type Team } from '../support/investigations.js'
import { startSmtpReceiver, type SmtpReceiver } from '../support/smtp.js'

for (const kind of DATABASE_KINDS) {
  describe(`e-mail outbox and scheduled jobs (${kind})`, () => {
    let t: TestApp
    let smtp: SmtpReceiver
    let team: Team
    before(async () => {
      smtp = await startSmtpReceiver()
      t = await startTestApp(kind, smtp.env())
      team = await makeTeam(t.services)
    })
    after(async () => {
      await t.close()
      await smtp.close()
    })

    const enqueue = (to: string, subject: string, investigationId: string | null = null) =>
      t.database.db
        .transaction()
        .execute((trx) =>
          enqueueEmail(trx, { to, subject, text: `Hello ${to}\nSecond line, with ünïcödé.`, investigationId }),
        )
    const row = (id: string) =>
      t.database.db.selectFrom('outbound_emails').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

    it('delivers pending messages through SMTP and marks them sent', async () => {
      const id = await enqueue('first@example.test', 'First message')
      const result = await t.services.mail.deliverDue()
      assert.ok(result.sent >= 1)
      const mail = await smtp.waitFor((m) => m.to.includes('first@example.test'))
      assert.equal(mail.subject, 'First message')
      assert.match(mail.text, /Second line, with ünïcödé\./)
      const sent = await row(id)
      assert.equal(sent.status, 'sent')
      assert.equal(sent.attempts, 1)
      assert.ok(sent.message_id?.includes(id))
      assert.equal((await t.services.mail.deliverDue()).sent, 0, 'nothing is sent twice')
      assert.equal(smtp.messages.filter((m) => m.to.includes('first@example.test')).length, 1)
    })

    it('retries a refused message with exponential back-off, then sends it', async () => {
      const id = await enqueue('retry@example.test', 'Retried')
      smtp.refuseNext(2)
      const t0 = new Date()
      let result = await t.services.mail.deliverDue({ now: () => t0 })
      assert.equal(result.retrying, 1)
      let r = await row(id)
      assert.equal(r.status, 'pending')
      assert.equal(r.attempts, 1)
      assert.match(r.last_error ?? '', /451|Mailbox unavailable/)
      // The default back-off, written out: one minute after the first refusal, two after the second.
      assert.equal(new Date(r.next_attempt_at).getTime(), t0.getTime() + 60_000)
      // Not yet due: nothing happens.
      assert.equal((await t.services.mail.deliverDue({ now: () => new Date(t0.getTime() + 30_000) })).retrying, 0)
      const t1 = new Date(t0.getTime() + 60_000 + 1)
      result = await t.services.mail.deliverDue({ now: () => t1 })
      assert.equal(result.retrying, 1)
      r = await row(id)
      assert.equal(r.attempts, 2)
      assert.equal(new Date(r.next_attempt_at).getTime(), t1.getTime() + 120_000)
      result = await t.services.mail.deliverDue({ now: () => new Date(t1.getTime() + 120_000 + 1) })
      assert.equal(result.sent, 1)
      assert.equal((await row(id)).status, 'sent')
      assert.equal(smtp.messages.filter((m) => m.to.includes('retry@example.test')).length, 1)
    })

    it('marks a message failed after the last attempt and reports it to administrators and the case team', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      const dead = smtpTransport({ host: '127.0.0.1', port: 1, secure: false, from: 'x@candour.test' })
      const mail = mailService(t.database.db, dead, caseAccess(t.database.db), { maxAttempts: 2, baseDelayMs: 1000 })
      const id = await enqueue('unreachable@example.test', 'Never arrives', investigation.id)
      const t0 = new Date()
      // Other pending rows may exist: this instance fails whatever it claims, so count ours only.
      await mail.deliverDue({ now: () => t0 })
      await mail.deliverDue({ now: () => new Date(t0.getTime() + 1001) })
      const r = await row(id)
      assert.equal(r.status, 'failed')
      assert.equal(r.attempts, 2)
      assert.ok(r.last_error)
      const admin = await contextFor(t.services, `admin-${kind}@example.test`, ['administrator'])
      const listed = await t.services.mail.list(admin, { status: 'failed' })
      assert.ok(listed.items.some((m) => m.id === id))
      assert.ok(listed.counts.failed >= 1)
      const forCase = await t.services.mail.failedForCase(investigation.id, team.caseWorker)
      assert.deepEqual(
        forCase.map((m) => m.id),
        [id],
      )
      await assert.rejects(() => t.services.mail.failedForCase(investigation.id, team.outsider), Forbidden)
      await assert.rejects(() => t.services.mail.list(team.lead), Forbidden)
      const notices = await t.services.portal.caseNotices(investigation.id, team.lead)
      assert.equal(notices?.failedEmails, 1)
      // An administrator puts it back in the queue; now it goes through the working server.
      await t.services.mail.retry(id, admin)
      await t.services.mail.deliverDue()
      assert.equal((await row(id)).status, 'sent')
    })

    it('two deliveries at once send each message once (FOR UPDATE SKIP LOCKED)', async () => {
      const ids = await Promise.all(
        Array.from({ length: 8 }, (_, i) => enqueue(`together${i}@example.test`, `Together ${i}`)),
      )
      const results = await Promise.all([
        t.services.mail.deliverDue(),
        t.services.mail.deliverDue(),
        t.services.mail.deliverDue(),
      ])
      assert.equal(
        results.reduce((n, r) => n + r.sent, 0),
        8,
      )
      for (let i = 0; i < 8; i++)
        assert.equal(smtp.messages.filter((m) => m.to.includes(`together${i}@example.test`)).length, 1)
      for (const id of ids) assert.equal((await row(id)).status, 'sent')
    })

    it('without SMTP configured, writes each message as an .eml file to the outbox folder', async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'candour-outbox-'))
      try {
        const mail = mailService(
          t.database.db,
          fileTransport(dir, 'Candour <no-reply@candour.test>'),
          caseAccess(t.database.db),
        )
        const id = await enqueue('file@example.test', 'To a file')
        await mail.deliverDue()
        const files = await readdir(dir)
        assert.ok(files.includes(`${id}.eml`), files.join(', '))
        const eml = await readFile(path.join(dir, `${id}.eml`), 'utf8')
        assert.match(eml, /^Subject: To a file\r$/m)
        assert.match(eml, /^To: file@example\.test\r$/m)
        assert.equal((await row(id)).status, 'sent')
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    })

    it('the deadline sweep reminds the team once, however often and however concurrently it runs', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await addInterestedPerson(t.database.db, investigation.id, { becameInterestedOn: '2026-03-05' }) // update due 2 April
      const countFor = () =>
        t.database.db
          .selectFrom('outbound_emails')
          .select(['to_address', 'subject', 'body_text'])
          .where('investigation_id', '=', investigation.id)
          .where('subject', 'like', 'Candour: deadlines%')
          .execute()
      // 8 days before: outside the 7-day look-ahead.
      await t.services.deadlineReminders.sweep('2026-03-25')
      assert.equal((await countFor()).length, 0)
      await Promise.all([
        t.services.deadlineReminders.sweep('2026-03-27'),
        t.services.deadlineReminders.sweep('2026-03-27'),
      ])
      await t.services.deadlineReminders.sweep('2026-03-28')
      const sent = await countFor()
      const addresses = sent.map((e) => e.to_address).sort()
      assert.equal(addresses.length, 2, 'the case worker and the lead investigator, once each')
      assert.ok(
        addresses.every((a) => /^(cw|lead)\d+@example\.test$/.test(a)),
        addresses.join(', '),
      )
      assert.match(sent[0]!.body_text, /keep-informed update to an interested person is due on 2 April 2026/)
      assert.doesNotMatch(sent[0]!.body_text, /Sam Family/, 'no names in e-mail')
    })

    it('catches up after downtime: everything due up to today, marked overdue, still only once', async () => {
      const { investigation } = await openInvestigation(t.services, team)
      await addInterestedPerson(t.database.db, investigation.id, { becameInterestedOn: '2026-03-05' })
      // The jobs did not run for a year: the keep-informed update and the first timeliness notice (27 Feb 2027) are both overdue.
      const today = '2027-03-10'
      await t.services.deadlineReminders.sweep(today)
      await t.services.deadlineReminders.sweep(today)
      const emails = await t.database.db
        .selectFrom('outbound_emails')
        .select(['to_address', 'body_text'])
        .where('investigation_id', '=', investigation.id)
        .execute()
      const lead = emails.filter((e) => e.to_address.startsWith('lead'))
      assert.equal(lead.length, 1)
      assert.match(lead[0]!.body_text, /keep-informed update .* was due on 2 April 2026 \(overdue\)/)
      assert.match(lead[0]!.body_text, /timeliness notice .* was due on 27 February 2027 \(overdue\)/)
      const dm = emails.filter((e) => e.to_address.startsWith('dm'))
      assert.equal(dm.length, 1, 'the decision maker hears about the timeliness notice only')
      assert.doesNotMatch(dm[0]!.body_text, /keep-informed/)
    })

    it('reminds of keep-informed updates on the dashboard’s due dates (the clock starts no earlier than the investigation)', async () => {
      const { investigation } = await openInvestigation(t.services, team, { openedOn: '2026-03-04' })
      const personId = await addInterestedPerson(t.database.db, investigation.id, { becameInterestedOn: '2026-03-01' })
      const today = '2026-03-30'
      const dashboard = (await t.services.keepInformed.dueSoon(today, 7)).find((d) => d.interestedPersonId === personId)
      assert.equal(dashboard?.dueOn, '2026-04-01')
      const swept = (await t.services.deadlineReminders.findDue(today)).find(
        (d) => d.kind === 'keep-informed-due' && d.key === personId,
      )
      assert.equal(swept?.dueOn, dashboard.dueOn)
      assert.equal(swept.reference, investigation.reference)
    })

    it('runJobsOnce sweeps, delivers and purges in one pass', async () => {
      const result = await runJobsOnce(t.services, { now: new Date('2026-06-01T08:00:00Z') })
      assert.deepEqual(result.errors, [])
      assert.ok(result.sweep && result.mail && result.purged && result.audit)
      const jobs = await t.services.housekeeping.jobs()
      assert.deepEqual(
        jobs.map((j) => j.name),
        [
          'audit-sealing',
          'deadline-sweep',
          'mail-delivery',
          'purge-expired',
          'scheduled-publications',
          'timeliness-drafts',
          'webhooks',
        ],
      )
      assert.ok(jobs.every((j) => j.last_finished_at !== null))
    })
  })
}

describe('candour jobs run-once', () => {
  const saved: Record<string, string | undefined> = {}
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'candour-cli-jobs-'))
    for (const k of ['CANDOUR_DATA_DIR', 'DATABASE_URL', 'SMTP_HOST']) saved[k] = process.env[k]
    process.env.CANDOUR_DATA_DIR = dir
    delete process.env.DATABASE_URL
    delete process.env.SMTP_HOST
  })
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
    await rm(dir, { recursive: true, force: true })
  })

  it('runs one pass and reports it; pending mail lands in <dataDir>/outbox as .eml', async () => {
    const { startRuntime } = await import('../../src/runtime.js')
    const runtime = await startRuntime(testConfig({ CANDOUR_DATA_DIR: dir }))
    const id = await runtime.database.db
      .transaction()
      .execute((trx) => enqueueEmail(trx, { to: 'operator@example.test', subject: 'Queued', text: 'Body' }))
    await runtime.close()
    const lines: string[] = []
    assert.equal(await runCli(['jobs', 'run-once'], (l) => lines.push(l)), 0, lines.join('\n'))
    assert.match(lines.join('\n'), /E-mail delivery \(file\): 1 sent/)
    assert.ok((await readdir(path.join(dir, 'outbox'))).includes(`${id}.eml`))
  })
})
