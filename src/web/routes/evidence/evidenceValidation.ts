/** The evidence forms: the upload's fields, a custody entry (date, time, what, from, to, note) and a withdrawal. */
import { int32 } from '../../../domain/inputBounds.js'
import { z } from 'zod'
import type { FieldProblem } from '../../../services/errors.js'
import { londonInstant, TIME_OF_DAY } from '../../../domain/londonTime.js'
import { readDates } from '../../dates.js'

export function uploadMetadata(fields: Record<string, unknown>) {
  return {
    exhibitReference: String(fields.exhibitReference ?? ''),
    title: String(fields.title ?? ''),
    description: String(fields.description ?? ''),
    sealed: fields.sealed === 'yes',
  }
}

/** The custody form as the service's input (occurredAt an instant from UK wall-clock time), or its problems. */
export function readCustodyForm(body: Record<string, unknown>) {
  const dates = readDates(body, [{ name: 'occurredOn', what: 'the date', notInFuture: true }])
  const problems: FieldProblem[] = [...dates.problems]
  const time = String(body.occurredTime ?? '').trim()
  let occurredAt: Date | null = null
  if (!TIME_OF_DAY.test(time))
    problems.push({ path: 'occurredTime', message: 'Enter the time on the 24-hour clock, like 14:05' })
  else if (dates.values.occurredOn) {
    occurredAt = londonInstant(dates.values.occurredOn, time)
    if (!occurredAt)
      problems.push({
        path: 'occurredTime',
        message: 'That time did not happen in the UK on that date (the clocks went forward)',
      })
  }
  const input = {
    occurredAt: occurredAt ?? new Date(NaN),
    action: String(body.action ?? ''),
    fromParty: String(body.fromParty ?? ''),
    toParty: String(body.toParty ?? ''),
    note: String(body.note ?? ''),
  }
  return { input, problems }
}

export const WithdrawalForm = z.object({
  reason: z
    .string()
    .trim()
    .min(1, 'Enter why the document is withdrawn')
    .max(5000, 'Reason must be 5,000 characters or fewer'),
  version: int32().positive(),
})
