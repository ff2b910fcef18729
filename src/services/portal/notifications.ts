/**
 * The one place that e-mails families when something is recorded for them. The keep-informed
 * service calls notifyUpdateRecorded(trx, updateId) inside the transaction that records the
 * update (after its update_recipients rows are written), so the e-mail goes if and only if the
 * update is saved.
 *
 * Who is e-mailed: each interested person the update is addressed to who consented to be kept
 * informed and prefers e-mail, and the representative named on the recipient row when they
 * receive updates and have an e-mail address. A person with portal access is told to read it in
 * the portal (the e-mail holds no detail); one without is sent the update's summary.
 */
import type { Executor } from '../../data/database.js'
import * as portal from '../../data/repositories/portal.js'
import { enqueueEmail } from '../mail/outbox.js'

export async function notifyUpdateRecorded(
  trx: Executor,
  updateId: string,
  options: { publicUrl: string },
): Promise<number> {
  const base = options.publicUrl.replace(/\/+$/, '')
  const update = await portal.updateForNotification(trx, updateId)
  if (!update) return 0
  const recipients = await portal.updateRecipientsForMail(trx, updateId)
  const withPortal = new Set(
    (await portal.liveAccessToCase(trx, update.investigationId)).map(
      (a) => `${a.interested_person_id}:${a.representative_id ?? ''}`,
    ),
  )
  const sent = new Set<string>()
  const send = async (to: string, name: string, hasPortal: boolean) => {
    const address = to.trim().toLowerCase()
    if (sent.has(address)) return
    sent.add(address)
    await enqueueEmail(trx, {
      to: address,
      investigationId: update.investigationId,
      subject: `An update on investigation ${update.reference}`,
      text: hasPortal
        ? [
            `Dear ${name},`,
            '',
            `There is a new update for you on investigation ${update.reference}.`,
            '',
            `Sign in to the family portal to read it: ${base}/portal`,
          ].join('\n')
        : [`Dear ${name},`, '', `An update on investigation ${update.reference}:`, '', update.summary].join('\n'),
    })
  }
  for (const r of recipients) {
    if (r.consent && r.preferredChannel === 'email' && r.personEmail)
      await send(r.personEmail, r.personName, withPortal.has(`${r.interestedPersonId}:`))
    if (r.representativeEmail && r.representativeReceivesUpdates && r.representativeName) {
      const repAccess = [...withPortal].some((k) => k.startsWith(`${r.interestedPersonId}:`) && !k.endsWith(':'))
      await send(r.representativeEmail, r.representativeName, repAccess)
    }
  }
  return sent.size
}
