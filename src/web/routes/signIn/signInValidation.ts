import { z } from 'zod'

export const SignInForm = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(320, 'Email address must be 320 characters or fewer'),
  password: z.string().min(1, 'Enter your password').max(256, 'Password must be 256 characters or fewer'),
  returnTo: z.string().max(2000).optional(),
})

export const TwoFactorForm = z.object({
  code: z
    .string()
    .transform((v) => v.replace(/\s+/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code shown in your authenticator app')),
})

/** Only a path on this site may be a return address, never another host. */
export function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/'
  return value
}
