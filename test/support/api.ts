/** Helpers for API tests: personal tokens and their Authorization header. */
import type { Services } from '../../src/services/index.js'
import { systemContext } from '../../src/services/context.js'

export function bearer(secret: string): { authorization: string } {
  return { authorization: `Bearer ${secret}` }
}

/** A token for the user, made as an operator would (the CLI's path). */
export async function createToken(
  services: Services,
  userId: string,
  options: { write?: boolean; name?: string; expiresAt?: Date | null } = {},
) {
  return services.apiTokens.create(
    userId,
    {
      name: options.name ?? 'test token',
      scopes: options.write ? ['read', 'write'] : ['read'],
      expiresAt: options.expiresAt ?? null,
    },
    systemContext(),
  )
}
