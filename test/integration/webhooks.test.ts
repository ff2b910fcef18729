import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import dns from 'node:dns/promises'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { after, before, describe, it } from 'node:test'
import { isPublicAddress, verifyWebhook } from '../../src/domain/webhooks.js'
import { systemContext } from '../../src/services/context.js'
import { ValidationFailed } from '../../src/services/errors.js'
import { DEFAULT_WEBHOOK_DELIVERY, postWebhook, webhookService } from '../../src/services/webhooks.js'
import { DATABASE_KINDS } from '../support/database.js'
import { startTestApp, type TestApp } from '../support/app.js'
import { bearer, createToken } from '../support/api.js'
import { assertMatchesContract } from '../support/openapi.js'
import { contextFor, makeTeam, type Team } from '../support/investigations.js'
import { approvedReportCase } from '../support/outcomes.js'

const today = () => new Date().toISOString().slice(0, 10)

interface Received {
  headers: http.IncomingHttpHeaders
  body: string
}

/** A real HTTP receiver, answering with the statuses queued (200 once they run out). */
async function startReceiver() {
  const received: Received[] = []
  const statuses: number[] = []
  const server = http.createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8')
    req.on('data', (c: string) => (body += c))
    req.on('end', () => {
      received.push({ headers: req.headers, body })
      res.writeHead(statuses.shift() ?? 200).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/candour-events`,
    port,
    received,
    statuses,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

for (const kind of DATABASE_KINDS) {
  describe(`webhooks (${kind})`, () => {
    let t: TestApp
    let team: Team
    let receiver: Awaited<ReturnType<typeof startReceiver>>
    let psd: { authorization: string }
    let otherForce: { authorization: string }
    let investigator: { authorization: string }
    before(async () => {
      t = await startTestApp(kind)
      receiver = await startReceiver()
      await t.services.organisations.ensure(
        { code: 'SOUTHSHIRE', name: 'Southshire Constabulary', kind: 'police_force' },
        systemContext(),
      )
      team = await makeTeam(t.services)
      const north = await contextFor(
        t.services,
        `wh-north-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      const south = await contextFor(
        t.services,
        `wh-south-${kind}@example.test`,
        ['appropriate_authority'],
        'SOUTHSHIRE',
      )
      psd = bearer((await createToken(t.services, north.userId, { write: true })).secret)
      otherForce = bearer((await createToken(t.services, south.userId, { write: true })).secret)
      investigator = bearer((await createToken(t.services, team.investigator.userId, { write: true })).secret)
    })
    after(async () => {
      await receiver.close()
      await t.close()
    })

    it('subscribes, is told of a sent report by a signed delivery retried after a failure, and sees each result', async () => {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: psd,
        payload: { url: receiver.url, events: ['report.sent', 'recommendation.made', 'response.due-soon'] },
      })
      assert.equal(created.statusCode, 201, created.body)
      await assertMatchesContract(t.app, 'createWebhookSubscription', created)
      const subscription = created.json()
      assert.match(subscription.secret, /^whsec_[A-Za-z0-9+/]+=*$/)
      const listed = await t.app.inject({ method: 'GET', url: '/api/v1/webhook-subscriptions', headers: psd })
      await assertMatchesContract(t.app, 'listWebhookSubscriptions', listed)
      assert.deepEqual(
        listed.json().items.map((s: { id: string }) => s.id),
        [subscription.id],
      )
      assert.ok(!listed.body.includes(subscription.secret), 'the secret is shown once only')

      // Another organisation sees nothing of it; staff may not subscribe.
      const theirs = await t.app.inject({ method: 'GET', url: '/api/v1/webhook-subscriptions', headers: otherForce })
      assert.deepEqual(theirs.json().items, [])
      for (const [method, url] of [
        ['GET', `/api/v1/webhook-subscriptions/${subscription.id}`],
        ['GET', `/api/v1/webhook-subscriptions/${subscription.id}/deliveries`],
        ['DELETE', `/api/v1/webhook-subscriptions/${subscription.id}`],
      ] as const) {
        const refused = await t.app.inject({ method, url, headers: otherForce })
        assert.equal(refused.statusCode, 404, `${method} ${url}`)
      }
      const staff = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: investigator,
        payload: { url: receiver.url, events: ['report.sent'] },
      })
      assert.equal(staff.statusCode, 403)
      const badUrl = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: psd,
        payload: { url: 'ftp://psd.example/hook', events: ['report.sent', 'no.such-event'] },
      })
      assert.equal(badUrl.statusCode, 422)
      assert.deepEqual(
        badUrl
          .json()
          .errors.map((e: { path: string }) => e.path)
          .sort(),
        ['body.events.1'],
      )
      const badScheme = await t.app.inject({
        method: 'POST',
        url: '/api/v1/webhook-subscriptions',
        headers: psd,
        payload: { url: 'ftp://psd.example/hook', events: ['report.sent'] },
      })
      assert.equal(badScheme.statusCode, 422)
      assert.deepEqual(
        badScheme.json().errors.map((e: { path: string }) => e.path),
        ['body.url'],
      )

      // The report is sent: one delivery queued in the same transaction.
      const { investigation, subjects } = await approvedReportCase(t, team, [
        { givenName: 'Wes', familyName: 'Hook', determination: 'case_to_answer_misconduct' },
      ])
      await t.services.outcomes.sendReport(investigation.id, { sentOn: today() }, investigation.version, team.lead)

      receiver.statuses.push(500)
      const first = await t.services.webhooks.deliverDue()
      assert.deepEqual(first, { delivered: 0, retrying: 1, failed: 0 })
      const pending = await t.app.inject({
        method: 'GET',
        url: `/api/v1/webhook-subscriptions/${subscription.id}/deliveries`,
        headers: psd,
      })
      assert.equal(pending.statusCode, 200)
      await assertMatchesContract(t.app, 'listWebhookDeliveries', pending)
      const d1 = pending.json().items[0]
      assert.equal(d1.status, 'pending')
      assert.equal(d1.attempts, 1)
      assert.equal(d1.lastStatusCode, 500)
      assert.ok(new Date(d1.nextAttemptAt).getTime() > Date.now(), 'backed off')
      assert.deepEqual(await t.services.webhooks.deliverDue(), { delivered: 0, retrying: 0, failed: 0 }, 'not yet due')

      const second = await t.services.webhooks.deliverDue({ now: new Date(Date.now() + 31_000) })
      assert.deepEqual(second, { delivered: 1, retrying: 0, failed: 0 })
      assert.equal(receiver.received.length, 2)
      const [a, b] = receiver.received as [Received, Received]
      assert.equal(a.headers['webhook-id'], b.headers['webhook-id'], 'the same message id on every attempt')
      assert.equal(a.body, b.body)
      for (const r of receiver.received) {
        const id = r.headers['webhook-id'] as string
        const ts = r.headers['webhook-timestamp'] as string
        const signature = r.headers['webhook-signature'] as string
        // Computed here from the specification, not with Candour's own signer.
        const key = Buffer.from(subscription.secret.slice('whsec_'.length), 'base64')
        const expected = createHmac('sha256', key).update(`${id}.${ts}.${r.body}`).digest('base64')
        assert.equal(signature, `v1,${expected}`)
        assert.ok(verifyWebhook(subscription.secret, { id, timestamp: ts, signature }, r.body))
        assert.ok(Math.abs(Number(ts) - Date.now() / 1000) < 120)
      }
      const event = JSON.parse(b.body)
      assert.equal(event.type, 'report.sent')
      assert.equal(event.data.investigationId, investigation.id)
      assert.match(event.data.responseDueOn, /^\d{4}-\d{2}-\d{2}$/)
      assert.ok(!b.body.includes('Hook'), 'no personal data in the event')
      const delivered = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/webhook-subscriptions/${subscription.id}/deliveries`,
          headers: psd,
        })
      ).json().items[0]
      assert.equal(delivered.status, 'delivered')
      assert.equal(delivered.lastStatusCode, 200)
      assert.equal(delivered.attempts, 2)

      // The force disagrees; the recommendation reaches it too.
      const psdCtx = await contextFor(
        t.services,
        `wh-psd2-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      await t.services.outcomes.recordResponse(
        subjects[0]!.id,
        { agrees: false, proposedProceedings: 'none', reasons: 'No', respondedOn: today() },
        psdCtx,
      )
      await t.services.outcomes.makeRecommendation(
        subjects[0]!.id,
        'recommendation',
        { proceedingsKind: 'meeting', madeOn: today(), reasons: 'Misconduct' },
        team.lead,
      )
      assert.equal((await t.services.webhooks.deliverDue()).delivered, 1)
      assert.equal(JSON.parse(receiver.received.at(-1)!.body).type, 'recommendation.made')

      // Response due soon: announced once per report and due date, however often the sweep runs.
      const { investigation: second2 } = await approvedReportCase(t, team, [
        { givenName: 'Una', familyName: 'Answered', determination: 'no_case_to_answer' },
      ])
      const sending = await t.services.outcomes.sendReport(second2.id, { sentOn: today() }, second2.version, team.lead)
      const dueOn = sending.sending.response_due_on
      const dayBefore = new Date(new Date(`${dueOn}T12:00:00Z`).getTime() - 2 * 86_400_000).toISOString().slice(0, 10)
      assert.equal((await t.services.webhooks.sweepResponsesDueSoon(dayBefore)).queued, 1)
      assert.equal((await t.services.webhooks.sweepResponsesDueSoon(dayBefore)).queued, 0)
      await t.services.webhooks.deliverDue()
      const dueSoon = receiver.received.map((r) => JSON.parse(r.body)).filter((e) => e.type === 'response.due-soon')
      assert.deepEqual(
        dueSoon.map((e) => e.data.investigationId),
        [second2.id],
      )

      // Deleted: nothing more is queued for it.
      const deleted = await t.app.inject({
        method: 'DELETE',
        url: `/api/v1/webhook-subscriptions/${subscription.id}`,
        headers: psd,
      })
      assert.equal(deleted.statusCode, 204)
      const count = receiver.received.length
      const { investigation: third } = await approvedReportCase(t, team, [
        { givenName: 'Tom', familyName: 'Third', determination: 'no_case_to_answer' },
      ])
      await t.services.outcomes.sendReport(third.id, { sentOn: today() }, third.version, team.lead)
      await t.services.webhooks.deliverDue()
      assert.equal(receiver.received.length, count)
    })

    it('in production, refuses http and non-public addresses, also when a name resolves to one at delivery', async () => {
      const production = webhookService(t.database.db, { ...DEFAULT_WEBHOOK_DELIVERY, production: true })
      const north = await contextFor(
        t.services,
        `wh-prod-${kind}@example.test`,
        ['appropriate_authority'],
        'NORTHSHIRE',
      )
      for (const url of [receiver.url, 'https://127.0.0.1/hook', 'https://10.0.0.7/hook', 'https://[::1]/hook']) {
        await assert.rejects(production.create({ url, events: ['report.sent'] }, north), ValidationFailed, url)
      }
      const before = receiver.received.length
      // This machine's own name resolves to a loopback or private address (it is not on the internet).
      const name = os.hostname()
      const addresses = await dns.lookup(name, { all: true }).catch(() => [])
      if (addresses.length && addresses.every((a) => !isPublicAddress(a.address))) {
        const attempt = await postWebhook(`https://${name}:${receiver.port}/candour-events`, {}, '{}', {
          production: true,
          timeoutMs: 5000,
        })
        assert.equal(attempt.ok, false)
        assert.match(attempt.error ?? '', /resolves to a loopback, private or link-local address/)
      }
      const literal = await postWebhook(receiver.url.replace('http:', 'https:'), {}, '{}', {
        production: true,
        timeoutMs: 5000,
      })
      assert.equal(literal.ok, false)
      assert.equal(receiver.received.length, before, 'nothing reached the receiver')
    })
  })
}
