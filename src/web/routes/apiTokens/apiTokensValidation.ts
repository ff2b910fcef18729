import { z } from 'zod'

export const EXPIRY_CHOICES = ['30', '90', '365', 'never'] as const

export const NewApiTokenForm = z.object({
  name: z.string().trim().min(1, 'Enter a name for the token').max(100, 'Name must be 100 characters or fewer'),
  access: z.enum(['read', 'write'], { message: 'Choose what the token may do' }),
  expiry: z.enum(EXPIRY_CHOICES, { message: 'Choose when the token expires' }),
})
export type NewApiTokenForm = z.output<typeof NewApiTokenForm>

/** The service's input for a valid form, with the expiry counted from `now`. */
export function tokenInputOf(form: NewApiTokenForm, now = new Date()) {
  return {
    name: form.name,
    scopes: form.access === 'write' ? ['read' as const, 'write' as const] : ['read' as const],
    expiresAt: form.expiry === 'never' ? null : new Date(now.getTime() + Number(form.expiry) * 86_400_000),
  }
}
