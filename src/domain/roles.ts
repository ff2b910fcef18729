/**
 * The roles of DOMAIN.md "Who may see what". One concept, one name: these strings are stored
 * in users.roles and used in the policy, the CLI and the pages.
 */
export const ROLES = [
  'investigator',
  'lead_investigator',
  'decision_maker',
  'case_worker',
  'appropriate_authority',
  'interested_person',
  'subject',
  'administrator',
] as const

export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  investigator: 'Investigator',
  lead_investigator: 'Lead investigator',
  decision_maker: 'Decision maker',
  case_worker: 'Case worker (family liaison)',
  appropriate_authority: 'Appropriate authority (force professional standards)',
  interested_person: 'Interested person or representative',
  subject: 'Subject or subject’s representative',
  administrator: 'Administrator',
}

/** Roles held by staff of the oversight body itself. */
export const OVERSIGHT_STAFF_ROLES: readonly Role[] = [
  'investigator',
  'lead_investigator',
  'decision_maker',
  'case_worker',
  'administrator',
]

/** Roles whose holders must use a second factor at every sign-in. */
export const SECOND_FACTOR_REQUIRED_ROLES: readonly Role[] = ['administrator']

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value)
}

export function requiresSecondFactor(roles: readonly Role[]): boolean {
  return roles.some((r) => SECOND_FACTOR_REQUIRED_ROLES.includes(r))
}
