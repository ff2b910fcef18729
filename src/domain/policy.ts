/**
 * The access policy: given who is asking, for what, and about which resource, allow or deny.
 * It follows DOMAIN.md "Who may see what" and is the only place that decides; routes declare
 * the action they need and services pass the resource (for example the case and the actor's
 * membership of it). Pure: no I/O, so it is tested exhaustively.
 */
import type { Role } from './roles.js'

export interface Actor {
  userId: string
  roles: readonly Role[]
  organisationId: string
}

/**
 * Every action a route or service may ask about. Grouped by capability; a new capability adds
 * its actions here and a rule below, and the matrix test then demands a decision for each role.
 */
export const ACTIONS = [
  'service:home',
  'account:manage-own',
  'users:manage',
  'audit:view',
  'audit:verify',
] as const

export type Action = (typeof ACTIONS)[number]

export type Decision = { allowed: true } | { allowed: false; reason: string }

const ALLOW: Decision = { allowed: true }
const deny = (reason: string): Decision => ({ allowed: false, reason })

function hasAny(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((r) => roles.includes(r))
}

type Rule = (actor: Actor) => Decision

const everySignedInUser: Rule = (actor) =>
  actor.roles.length > 0 ? ALLOW : deny('You have no role in Candour yet; ask an administrator.')

const onlyAdministrators: Rule = (actor) =>
  hasAny(actor, ['administrator']) ? ALLOW : deny('Only administrators may do this.')

const RULES: Record<Action, Rule> = {
  'service:home': everySignedInUser,
  'account:manage-own': everySignedInUser,
  'users:manage': onlyAdministrators,
  'audit:view': onlyAdministrators,
  'audit:verify': onlyAdministrators,
}

export function authorise(actor: Actor, action: Action): Decision {
  return RULES[action](actor)
}

export function isAction(value: string): value is Action {
  return (ACTIONS as readonly string[]).includes(value)
}
