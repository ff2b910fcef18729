import { generate, generateSecret, generateURI, verify } from 'otplib'

const ISSUER = 'Candour'
// One step either side tolerates a phone clock that is up to 30 seconds out.
const EPOCH_TOLERANCE_SECONDS = 30
const PERIOD_SECONDS = 30

export function newTotpSecret(): string {
  return generateSecret()
}

export function totpUri(secret: string, accountLabel: string): string {
  return generateURI({ issuer: ISSUER, label: accountLabel, secret })
}

/** Returns the accepted time step, or null. Codes at or before afterTimeStep are refused (no replay). */
export async function checkTotp(secret: string, code: string, afterTimeStep: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, '')
  if (!/^\d{6}$/.test(token)) return null
  try {
    const nowStep = Math.floor(Date.now() / 1000 / PERIOD_SECONDS)
    const result = await verify({
      secret,
      token,
      epochTolerance: EPOCH_TOLERANCE_SECONDS,
      ...(afterTimeStep !== null ? { afterTimeStep } : {}),
    })
    // delta is the matched step's offset from the current one (clock drift).
    return result.valid ? nowStep + result.delta : null
  } catch {
    return null
  }
}

/** The current code for a secret: used by tests and by nothing in the running service. */
export function currentTotp(secret: string, epochSeconds?: number): Promise<string> {
  return generate({ secret, ...(epochSeconds !== undefined ? { epoch: epochSeconds } : {}) })
}
