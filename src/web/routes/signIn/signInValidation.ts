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

const SELF = 'https://candour.invalid'

/**
 * Only a path on this site may be a return address, never another host. Decided by parsing, as a
 * browser would, not by looking at the first characters: the address must resolve against this
 * service to this service, and may hold no control character (a tab or newline that a browser
 * strips, turning "/\t/evil.example" into "//evil.example"), no backslash (which browsers read as
 * "/"), and none of those percent-encoded either. The answer is the normalised path, query and
 * fragment; anything else goes home.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(value)) return '/'
  if (/%(?:[01][0-9a-f]|7f)/i.test(value)) return '/'
  if (/%(?:2f|5c)/i.test(value.split(/[?#]/)[0]!)) return '/'
  if (!value.startsWith('/') || value.startsWith('//')) return '/'
  let url: URL
  try {
    url = new URL(value, SELF)
  } catch {
    return '/'
  }
  if (url.origin !== SELF || url.username || url.password) return '/'
  const target = `${url.pathname}${url.search}${url.hash}`
  return target.startsWith('/') && !target.startsWith('//') ? target : '/'
}
