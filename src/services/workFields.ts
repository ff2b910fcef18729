/**
 * Field schemas shared by the day-to-day work's services (actions, decisions, witnesses,
 * statements, disclosure): trimmed texts with a length limit that refuse the NUL character
 * (PostgreSQL cannot store it in text, so it must be a 422, never a 500), optional texts where
 * "" and null mean "none", real dates, and lists of ids with a bound.
 */
import { z } from 'zod'
import { isPlainDate } from '../domain/calendar.js'

const noNul = (s: string) => !s.includes('\u0000')

export const requiredText = (max: number, what: string) =>
  z
    .string({ message: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
    .refine(noNul, { message: `Remove the control characters from ${what}` })

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v)

export const optionalText = (max: number, what: string) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .max(max, `${what[0]!.toUpperCase()}${what.slice(1)} must be ${max.toLocaleString('en-GB')} characters or fewer`)
      .refine(noNul, { message: `Remove the control characters from ${what}` })
      .optional(),
  )

export const plainDate = (message: string) => z.string().trim().refine(isPlainDate, { message })

export const optionalDate = (message: string) => z.preprocess(emptyToUndefined, plainDate(message).optional())

export const idList = (what: string, max = 200) =>
  z.array(z.uuid({ message: `Choose ${what} of this investigation` })).max(max, `Link at most ${max} ${what}`)

/** A person's display name as recorded; the id is what is stored. */
export interface PersonRef {
  id: string
  name: string
}
