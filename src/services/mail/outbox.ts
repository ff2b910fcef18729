/**
 * Putting a message in the outbox. Call enqueueEmail() with the transaction that makes the change
 * the message is about: both commit or neither does, and the deliverer sends it afterwards.
 */
import { uuidv7 } from 'uuidv7'
import { z } from 'zod'
import type { Executor } from '../../data/database.js'
import * as outboundEmails from '../../data/repositories/outboundEmails.js'

const Address = z.email()

export interface OutgoingEmail {
  to: string
  subject: string
  text: string
  /** The case the message is about, so its team can see a failed delivery. */
  investigationId?: string | null
}

export async function enqueueEmail(trx: Executor, email: OutgoingEmail): Promise<string> {
  const to = email.to.trim()
  if (!Address.safeParse(to).success) throw new Error('enqueueEmail: not an e-mail address')
  // A header injection needs a line break in the subject; there is never a reason for one.
  const subject = email.subject.replace(/[\r\n]+/g, ' ').slice(0, 250)
  const row = await outboundEmails.insert(trx, {
    id: uuidv7(),
    investigation_id: email.investigationId ?? null,
    to_address: to,
    subject,
    body_text: email.text,
    status: 'pending',
    // From the application's clock, like the delivery's "now": the database's now() carries
    // microseconds, so a message queued in the same millisecond as a delivery would look
    // not yet due and wait a whole pass.
    next_attempt_at: new Date(),
  })
  return row.id
}
