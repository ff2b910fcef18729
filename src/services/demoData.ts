/**
 * Demo data for trying Candour out: an oversight body, two fictional forces, and one user per
 * role. Everything is written through the services, so the demo has a real audit trail.
 * Never run in production (config.seedDemoData is false there).
 */
import type { Role } from '../domain/roles.js'
import { seedDemoCases, type DemoCasesResult } from './demoCases.js'
import type { Services } from './index.js'
import { systemContext } from './context.js'

import { DEMO_PASSWORD } from './demoPassword.js'

export { DEMO_PASSWORD }

export const DEMO_ORGANISATIONS = [
  { code: 'OVERSIGHT', name: 'Independent Office for Conduct Oversight (demo)', kind: 'oversight_body' as const },
  { code: 'NORTHSHIRE', name: 'Northshire Police', kind: 'police_force' as const },
  { code: 'WESTMARCH', name: 'Westmarch Constabulary', kind: 'police_force' as const },
]

export const DEMO_USERS: { email: string; displayName: string; role: Role; organisationCode: string }[] = [
  {
    email: 'investigator@candour.example',
    displayName: 'Imogen Hartley',
    role: 'investigator',
    organisationCode: 'OVERSIGHT',
  },
  {
    email: 'lead.investigator@candour.example',
    displayName: 'Leon Ashworth',
    role: 'lead_investigator',
    organisationCode: 'OVERSIGHT',
  },
  {
    email: 'decision.maker@candour.example',
    displayName: 'Delia Okafor',
    role: 'decision_maker',
    organisationCode: 'OVERSIGHT',
  },
  {
    email: 'case.worker@candour.example',
    displayName: 'Callum Reyes',
    role: 'case_worker',
    organisationCode: 'OVERSIGHT',
  },
  {
    email: 'psd@northshire.example',
    displayName: 'Priya Desai',
    role: 'appropriate_authority',
    organisationCode: 'NORTHSHIRE',
  },
  {
    email: 'family@candour.example',
    displayName: 'Frances Whitlock',
    role: 'interested_person',
    organisationCode: 'OVERSIGHT',
  },
  {
    email: 'subject.rep@candour.example',
    displayName: 'Samuel Brandt',
    role: 'subject',
    organisationCode: 'NORTHSHIRE',
  },
  { email: 'admin@candour.example', displayName: 'Ada Morgan', role: 'administrator', organisationCode: 'OVERSIGHT' },
]

export interface SeedResult {
  seeded: boolean
  users: { email: string; role: Role; password: string }[]
  cases?: DemoCasesResult
}

/** Seeds an empty database. Does nothing if any user exists, so restarts never duplicate. */
export async function seedDemoData(services: Services, hasUsers: () => Promise<boolean>): Promise<SeedResult> {
  if (await hasUsers()) return { seeded: false, users: [] }
  const ctx = systemContext('demo-seed')
  for (const org of DEMO_ORGANISATIONS) await services.organisations.ensure(org, ctx)
  for (const u of DEMO_USERS) {
    await services.users.add(
      {
        email: u.email,
        displayName: u.displayName,
        roles: [u.role],
        organisationCode: u.organisationCode,
        password: DEMO_PASSWORD,
      },
      ctx,
    )
  }
  const cases = await seedDemoCases(services)
  // The seed records everything today; the stamps of things that happened in the story move into it.
  await services.demoStory.dateToTheStory()
  return {
    seeded: true,
    users: DEMO_USERS.map((u) => ({ email: u.email, role: u.role, password: DEMO_PASSWORD })),
    cases,
  }
}
