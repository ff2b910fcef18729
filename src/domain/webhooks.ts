/**
 * Webhooks (ADR 0015): the events an organisation's system may subscribe to, the Standard
 * Webhooks signature (https://www.standardwebhooks.com: `webhook-signature: v1,<base64 HMAC-SHA256
 * of "id.timestamp.body">` keyed with the secret's bytes, the secret given as `whsec_<base64>`),
 * which addresses a subscriber's URL may reach, and the retry schedule. Pure.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import net from 'node:net'

export const WEBHOOK_EVENTS = ['report.sent', 'recommendation.made', 'direction.given', 'response.due-soon'] as const
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number]
export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  'report.sent': 'A final report has been sent to your force',
  'recommendation.made': 'The oversight body recommends that your force bring proceedings',
  'direction.given': 'The oversight body directs your force to bring proceedings',
  'response.due-soon': 'Your force’s response to a report is due within the next days and not all of it is recorded',
}
export const isWebhookEvent = (v: string): v is WebhookEvent => (WEBHOOK_EVENTS as readonly string[]).includes(v)

export const WEBHOOK_SECRET_PREFIX = 'whsec_'

/** The bytes an HMAC is keyed with: the base64 after the whsec_ prefix. */
export function secretKey(secret: string): Buffer {
  const raw = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret
  return Buffer.from(raw, 'base64')
}

/** The value of the webhook-signature header for one attempt. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64')
  return `v1,${mac}`
}

/**
 * A receiver's check, as the specification describes it (used by the tests as a receiver would):
 * any of the space-separated v1 signatures matches, and the timestamp is within the tolerance.
 */
export function verifyWebhook(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  const ts = Number(headers.timestamp)
  if (!Number.isInteger(ts) || Math.abs(now.getTime() / 1000 - ts) > toleranceSeconds) return false
  const expected = Buffer.from(signWebhook(secret, headers.id, ts, body))
  return headers.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate)
    return given.length === expected.length && timingSafeEqual(given, expected)
  })
}

/** Addresses a webhook may never reach in production: loopback, private, link-local and other non-public ranges. */
const BLOCKED = new net.BlockList()
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv4')
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  BLOCKED.addSubnet(network, prefix, 'ipv6')

/** Whether an IP address is on the public internet (IPv4-mapped IPv6 addresses are judged as IPv4). */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address)
  if (family === 0) return false
  return !BLOCKED.check(address, family === 6 ? 'ipv6' : 'ipv4')
}

export interface WebhookUrlPolicy {
  /** Production: https only, and only public addresses (also checked on the resolved addresses at delivery). */
  production: boolean
}

/** Problems with a subscriber's URL under the policy (empty when it may be used). */
export function webhookUrlProblems(value: string, policy: WebhookUrlPolicy): string[] {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return ['Enter a full URL, such as https://psd.example.police.uk/candour-events']
  }
  const problems: string[] = []
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !policy.production))
    problems.push('The URL must start with https://')
  if (url.username || url.password) problems.push('The URL must not contain a user name or password')
  if (url.hash) problems.push('The URL must not contain a fragment (#…)')
  if (policy.production) {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    if (net.isIP(host) !== 0 && !isPublicAddress(host))
      problems.push('The URL must not point to a loopback, private or link-local address')
    if (/^localhost$|\.localhost$|\.local$|\.internal$/i.test(host))
      problems.push('The URL must be on the public internet')
  }
  return problems
}

/** Attempts before a delivery is given up (and shown as failed to the subscriber). */
export const WEBHOOK_MAX_ATTEMPTS = 8
/** The delay after n failed attempts (n ≥ 1): 30 s, 1, 2, 4 … minutes, at most 6 hours. */
export function webhookRetryDelayMs(failedAttempts: number, baseDelayMs = 30_000, maxDelayMs = 6 * 3_600_000): number {
  return Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempts - 1))
}
