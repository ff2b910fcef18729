import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  isPublicAddress,
  isWebhookEvent,
  secretKey,
  WEBHOOK_MAX_ATTEMPTS,
  WEBHOOK_SECRET_PREFIX,
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

describe('webhooks: every rule written out', () => {
  it('names each event as the subscription page shows it', () => {
    assert.deepEqual(WEBHOOK_EVENTS, ['report.sent', 'recommendation.made', 'direction.given', 'response.due-soon'])
    assert.deepEqual(WEBHOOK_EVENT_LABELS, {
      'report.sent': 'A final report has been sent to your force',
      'recommendation.made': 'The oversight body recommends that your force bring proceedings',
      'direction.given': 'The oversight body directs your force to bring proceedings',
      'response.due-soon':
        'Your force’s response to a report is due within the next days and not all of it is recorded',
    })
    for (const e of WEBHOOK_EVENTS) assert.equal(isWebhookEvent(e), true, e)
    for (const other of ['', 'report', 'Report.sent', 'report.sent ']) assert.equal(isWebhookEvent(other), false, other)
  })

  it('keys the signature with the bytes after whsec_, or the whole secret without it', () => {
    assert.deepEqual(secretKey('whsec_AAEC'), Buffer.from([0, 1, 2]))
    assert.deepEqual(secretKey('AAEC'), Buffer.from([0, 1, 2]))
    assert.equal(WEBHOOK_SECRET_PREFIX, 'whsec_')
    const body = '{"test": 2432232314}'
    assert.equal(
      signWebhook('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body),
      'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    )
  })

  it('accepts a timestamp up to the tolerance either way, and only a whole number', () => {
    const secret = 'whsec_AAEC'
    const now = new Date('2026-11-30T12:00:00Z')
    const t = now.getTime() / 1000
    const check = (timestamp: string, signedAt = Number(timestamp)) =>
      verifyWebhook(secret, { id: 'm', timestamp, signature: signWebhook(secret, 'm', signedAt, 'b') }, 'b', now)
    const table: [string, boolean][] = [
      [String(t), true],
      [String(t - 300), true],
      [String(t + 300), true],
      [String(t - 301), false],
      [String(t + 301), false],
      ['', false],
      ['abc', false],
    ]
    for (const [timestamp, ok] of table) assert.equal(check(timestamp), ok, timestamp)
    assert.equal(check(`${t}.5`, t), false, 'a fractional timestamp')
    assert.equal(
      verifyWebhook(
        secret,
        { id: 'm', timestamp: String(t - 500), signature: signWebhook(secret, 'm', t - 500, 'b') },
        'b',
        now,
        600,
      ),
      true,
      'a wider tolerance',
    )
    const good = signWebhook(secret, 'm', t, 'b')
    assert.equal(verifyWebhook(secret, { id: 'm', timestamp: String(t), signature: `${good}x` }, 'b', now), false)
    assert.equal(verifyWebhook(secret, { id: 'm', timestamp: String(t), signature: '' }, 'b', now), false)
  })

  it('blocks each non-public range from its first address to its last, and nothing next to it', () => {
    const table: [string, boolean][] = [
      ['0.255.255.255', false],
      ['1.0.0.0', true],
      ['9.255.255.255', true],
      ['10.0.0.0', false],
      ['10.255.255.255', false],
      ['11.0.0.0', true],
      ['100.63.255.255', true],
      ['100.64.0.0', false],
      ['100.127.255.255', false],
      ['100.128.0.0', true],
      ['126.255.255.255', true],
      ['127.255.255.255', false],
      ['128.0.0.0', true],
      ['169.253.255.255', true],
      ['169.254.0.0', false],
      ['169.254.255.255', false],
      ['169.255.0.0', true],
      ['172.15.255.255', true],
      ['172.16.0.0', false],
      ['172.32.0.0', true],
      ['191.255.255.255', true],
      ['192.0.0.0', false],
      ['192.0.0.255', false],
      ['192.0.1.0', true],
      ['192.0.2.0', false],
      ['192.0.2.255', false],
      ['192.0.3.0', true],
      ['192.167.255.255', true],
      ['192.168.0.0', false],
      ['192.168.255.255', false],
      ['192.169.0.0', true],
      ['198.17.255.255', true],
      ['198.18.0.0', false],
      ['198.19.255.255', false],
      ['198.20.0.0', true],
      ['198.51.99.255', true],
      ['198.51.100.0', false],
      ['198.51.100.255', false],
      ['198.51.101.0', true],
      ['203.0.112.255', true],
      ['203.0.113.0', false],
      ['203.0.113.255', false],
      ['203.0.114.0', true],
      ['223.255.255.255', true],
      ['224.0.0.0', false],
      ['239.255.255.255', false],
      ['240.0.0.0', false],
      ['255.255.255.255', false],
      ['::', false],
      ['::2', true],
      ['::1', false],
      ['64:ff9b::', false],
      ['64:ff9b::ffff:ffff', false],
      ['64:ff9b::1:0:0', true],
      ['100::', false],
      ['100::ffff:ffff:ffff:ffff', false],
      ['100:0:0:1::', true],
      ['2001:db8::', false],
      ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['2001:db9::', true],
      ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['fc00::', false],
      ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['fe00::', true],
      ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['fe80::', false],
      ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['fec0::', true],
      ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', true],
      ['ff00::', false],
      ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', false],
      ['::ffff:8.8.8.8', true],
      ['', false],
      ['example.com', false],
    ]
    for (const [ip, isPublic] of table) assert.equal(isPublicAddress(ip), isPublic, ip)
  })

  it('words each problem with a subscriber’s URL', () => {
    const production = { production: true }
    const developing = { production: false }
    const https = 'The URL must start with https://'
    const credentials = 'The URL must not contain a user name or password'
    const fragment = 'The URL must not contain a fragment (#…)'
    const privateAddress = 'The URL must not point to a loopback, private or link-local address'
    const publicInternet = 'The URL must be on the public internet'
    const table: [string, { production: boolean }, string[]][] = [
      ['psd.example', production, ['Enter a full URL, such as https://psd.example.police.uk/candour-events']],
      ['http://psd.example/h', production, [https]],
      ['http://psd.example/h', developing, []],
      ['ftp://psd.example/h', developing, [https]],
      ['https://user@psd.example/h', production, [credentials]],
      ['https://:pw@psd.example/h', developing, [credentials]],
      ['https://psd.example/h#top', developing, [fragment]],
      ['https://psd.example/h#', developing, []],
      ['https://10.0.0.1/h', production, [privateAddress]],
      ['https://10.0.0.1/h', developing, []],
      ['https://[fe80::1]/h', production, [privateAddress]],
      ['https://[2a00:1450:4009:81f::200e]/h', production, []],
      ['https://8.8.8.8/h', production, []],
      ['https://LOCALHOST/h', production, [publicInternet]],
      ['https://a.localhost/h', production, [publicInternet]],
      ['https://printer.local/h', production, [publicInternet]],
      ['https://svc.internal/h', production, [publicInternet]],
      ['https://localhost/h', developing, []],
      ['https://localhost.example/h', production, []],
      ['https://local.example/h', production, []],
      ['https://internal.example/h', production, []],
      // Only a whole name, or its last label, marks a local host: these are public names.
      ['https://mylocalhost/h', production, []],
      ['https://a.localhost.example/h', production, []],
      ['https://a.local.example/h', production, []],
      ['https://a.internal.example/h', production, []],
      ['http://u:p@127.0.0.1/h#x', production, [https, credentials, fragment, privateAddress]],
    ]
    for (const [url, policy, problems] of table)
      assert.deepEqual(webhookUrlProblems(url, policy), problems, `${url} ${JSON.stringify(policy)}`)
  })

  it('waits 30 s after the first failure, doubling to at most 6 hours', () => {
    const table: [number, number][] = [
      [0, 30_000],
      [1, 30_000],
      [2, 60_000],
      [10, 15_360_000],
      [11, 21_600_000],
      [100, 21_600_000],
    ]
    for (const [failed, delay] of table) assert.equal(webhookRetryDelayMs(failed), delay, `${failed}`)
    assert.equal(webhookRetryDelayMs(3, 1000, 3000), 3000)
    assert.equal(webhookRetryDelayMs(2, 1000, 3000), 2000)
    assert.equal(WEBHOOK_MAX_ATTEMPTS, 8)
  })
})
