import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  isPublicAddress,
  signWebhook,
  verifyWebhook,
  webhookRetryDelayMs,
  webhookUrlProblems,
  WEBHOOK_EVENT_LABELS,
  WEBHOOK_EVENTS,
} from './webhooks.js'

describe('webhooks', () => {
  it('signs as the Standard Webhooks specification’s own example', () => {
    // The example from the specification's reference libraries.
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    const body = '{"test": 2432232314}'
    assert.equal(
      signWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    )
  })

  it('verifies a signature among several, and refuses a changed body, id or an old timestamp', () => {
    const secret = 'whsec_' + Buffer.from('a secret of thirty-two bytes!!!!').toString('base64')
    const now = new Date('2026-11-30T12:00:00Z')
    const ts = Math.floor(now.getTime() / 1000)
    const signature = signWebhook(secret, 'msg_1', ts, '{"a":1}')
    const headers = { id: 'msg_1', timestamp: String(ts), signature: `v1,bm90IHRoaXMgb25l ${signature}` }
    assert.equal(verifyWebhook(secret, headers, '{"a":1}', now), true)
    assert.equal(verifyWebhook(secret, headers, '{"a":2}', now), false)
    assert.equal(verifyWebhook(secret, { ...headers, id: 'msg_2' }, '{"a":1}', now), false)
    assert.equal(verifyWebhook(secret, headers, '{"a":1}', new Date(now.getTime() + 600_000)), false)
  })

  it('tells public addresses from loopback, private, link-local and reserved ones (IPv4, IPv6 and mapped)', () => {
    for (const ip of ['8.8.8.8', '81.2.69.160', '2a00:1450:4009:81f::200e']) assert.equal(isPublicAddress(ip), true, ip)
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      assert.equal(isPublicAddress(ip), false, ip)
  })

  it('allows only https and public hosts in production; http and local hosts while developing', () => {
    const production = { production: true }
    assert.deepEqual(webhookUrlProblems('https://psd.example.police.uk/hook', production), [])
    assert.match(webhookUrlProblems('http://psd.example.police.uk/hook', production).join(), /https/)
    for (const url of [
      'https://127.0.0.1/hook',
      'https://10.0.0.5/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'https://localhost/hook',
      'https://intranet.local/hook',
    ])
      assert.ok(webhookUrlProblems(url, production).length > 0, url)
    assert.ok(webhookUrlProblems('https://user:pw@psd.example/hook', production).length > 0)
    assert.ok(webhookUrlProblems('not a url', production).length > 0)
    assert.ok(webhookUrlProblems('ftp://psd.example/hook', { production: false }).length > 0)
    assert.deepEqual(webhookUrlProblems('http://127.0.0.1:8080/hook', { production: false }), [])
  })

  it('backs off exponentially, capped', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => webhookRetryDelayMs(n)),
      [30_000, 60_000, 120_000, 240_000],
    )
    assert.equal(webhookRetryDelayMs(30), 6 * 3_600_000)
  })

  it('labels every event', () => {
    for (const e of WEBHOOK_EVENTS) assert.ok(WEBHOOK_EVENT_LABELS[e])
  })
})
